"""The owner who has no account: chased by e-mail, follows the link, completes the action; the chaser stops,
and the clerk sees the chases and the completion in the action's history. Or, from the same link, asks for more
time, typing the date in day, month and year boxes. Real server, real SMTP server, the real `tracker chase`
command, Debian's Chromium."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_server import serving, tracker_command, tracker_env
from playwright.sync_api import Browser, Page, expect

from tests.mailcatcher import MailCatcher
from tracker.domain.calendar import WorkingCalendar, london_today

OWNER_EMAIL = "associate.director.ics@example.org"  # owes HOSC-0004 in the demo, which is overdue
REFERENCE = "HOSC-0004"


def working_day_after(day: date, days: int = 1) -> date:
    return WorkingCalendar("ENG").add_working_days(day, days)


@pytest.fixture
def catcher() -> Iterator[MailCatcher]:
    server = MailCatcher().start()
    yield server
    server.stop()


@pytest.fixture
def served(demo_folder: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server of its own on a fresh copy of the demo, and its instance folder."""
    instance = tmp_path / "instance"
    with serving(demo_folder, instance) as base:
        yield base, instance


def chase(instance: Path, base: str, catcher: MailCatcher, day: date) -> str:
    """`tracker chase --today DAY` as the clerk or the scheduler would run it; returns what it printed."""
    env = tracker_env(instance, SMTP_HOST="127.0.0.1", SMTP_PORT=str(catcher.port), PUBLIC_BASE_URL=base)
    run = subprocess.run([tracker_command(), "chase", "--today", day.isoformat()], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_an_owner_without_an_account_completes_an_action_from_the_chasing_email(
        browser: Browser, served: tuple[str, Path], catcher: MailCatcher, journey, sign_in) -> None:
    base, instance = served
    steps = journey("chased-owner")

    # The chase run finds HOSC-0004 overdue and e-mails its owner.
    first_day = working_day_after(london_today())
    printed = chase(instance, base, catcher, first_day)
    assert "chase(s) recorded" in printed and "Sent" in printed
    mail = next(m for m in catcher.wait_for(1) if OWNER_EMAIL in m.rcpt_tos)
    assert REFERENCE in mail.subject and "Overdue" in mail.subject
    assert mail.email["To"] == f"Alison Roberts <{OWNER_EMAIL}>"
    link = re.search(r'href="(http://127\.0\.0\.1:\d+/update/[^"]+)"', mail.html)
    assert link, mail.html

    # The owner follows the link: no sign-in, just the action and what they can do.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    page: Page = context.new_page()
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report back on ICS finances")
    steps.step(page, "link-opened", axe="update link")

    page.locator(".govuk-details__summary-text", has_text="Mark as complete").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Mark as complete"))
    form.get_by_label("Response to the committee").fill(
        "The finance and performance report went to the ICB board; the link is below.")
    form.get_by_label("Links to evidence (optional)").fill("https://example.org/icb-board-finance-report.pdf")
    steps.step(page, "complete-filled")
    form.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{REFERENCE} is marked complete")
    expect(page.get_by_text("Nothing more is needed from you on this one")).to_be_visible()
    steps.step(page, "completed", axe="update link")
    context.close()

    # The chaser stops: a week later nothing more goes to the owner about it.
    before = len(catcher.messages)
    chase(instance, base, catcher, working_day_after(first_day, 5))
    later = catcher.messages[before:]
    assert not any(REFERENCE in m.text for m in later), [m.subject for m in later]

    # The clerk sees the chase and the completion, "via e-mailed link", in the action's history.
    clerk = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900}, locale="en-GB",
                                timezone_id="Europe/London")
    page = clerk.new_page()
    page.goto("/sign-in")
    sign_in(page, "clerk")
    page.goto(f"/actions/{REFERENCE}#history")
    history = page.locator(".app-timeline")
    chased = history.locator("li", has=page.get_by_role("heading", name="Chased", exact=True))
    expect(chased).to_contain_text("Overdue chase 1")
    expect(chased).to_contain_text("e-mailed to Alison Roberts")
    completed = history.locator("li", has=page.get_by_role("heading", name="Completed", exact=True))
    expect(completed).to_contain_text("Alison Roberts (via e-mailed link)")
    expect(page.get_by_text("Not chased: nothing more is owed.")).to_be_visible()
    steps.step(page, "clerk-sees-history", axe="action")
    clerk.close()
    steps.assert_no_serious_accessibility_violations()


def test_an_owner_without_an_account_asks_for_more_time_and_puts_right_a_date_that_does_not_exist(
        browser: Browser, served: tuple[str, Path], catcher: MailCatcher, journey) -> None:
    base, instance = served
    steps = journey("more-time")
    chase(instance, base, catcher, working_day_after(london_today()))
    mail = next(m for m in catcher.wait_for(1) if OWNER_EMAIL in m.rcpt_tos)
    link = re.search(r'href="(http://127\.0\.0\.1:\d+/update/[^"]+)"', mail.html)
    assert link, mail.html
    year = str(london_today().year + 1)

    # The owner follows the link and asks for more time, to the end of June next year; she types 31 6.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    page: Page = context.new_page()
    page.goto(link.group(1))
    page.locator(".govuk-details__summary-text", has_text="Ask for more time").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Ask for an extension"))
    asked = form.get_by_role("group", name="New date you can do it by")
    ahead = london_today() + timedelta(days=30)
    expect(asked).to_contain_text(f"For example, {ahead.day} {ahead.month} {ahead.year}")  # a day still to come
    asked.get_by_label("Day", exact=True).fill("31")
    asked.get_by_label("Month", exact=True).fill("6")
    asked.get_by_label("Year", exact=True).fill(year)
    form.get_by_label("Why more time is needed").fill("The ICB board does not meet until June.")
    steps.step(page, "filled")
    form.get_by_role("button", name="Ask for an extension").click()

    # June has 30 days: the summary says so, what she typed is still there, and its link takes her to the day.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["The date you can do it by must be a real date."])
    expect(page).to_have_title(re.compile("^Error: "))
    asked = page.get_by_role("group", name="New date you can do it by")
    expect(asked).to_contain_text("The date you can do it by must be a real date.")
    for part, typed in (("Day", "31"), ("Month", "6"), ("Year", year)):
        expect(asked.get_by_label(part, exact=True)).to_have_value(typed)
    expect(page.get_by_label("Why more time is needed")).to_have_value("The ICB board does not meet until June.")
    steps.step(page, "not-a-real-date", axe="update link (errors)")
    summary.get_by_role("link").click()
    expect(asked.get_by_label("Day", exact=True)).to_be_focused()

    # She puts the day right and sends it again: the clerk has the request, to the date she meant.
    asked.get_by_label("Day", exact=True).fill("30")
    page.get_by_role("button", name="Ask for an extension").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Thank you: your request for more time was sent to the clerk.")
    expect(page.get_by_text(f"You asked for more time, to 30 June {year}.")).to_be_visible()
    steps.step(page, "asked", axe="update link")
    context.close()
    steps.assert_no_serious_accessibility_violations()

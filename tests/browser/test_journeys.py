"""The three user journeys of an undertaking, in a real browser against the real server, across two meetings:

1. the clerk logs an undertaking given at HOSC's meeting held in October (42 days ago in the demo);
2. the officer who owes it updates it and marks it complete;
3. before HOSC's next meeting (25 days ahead), the chair opens its pre-meeting review, accepts the undertaking
   there, which closes it, and sees it closed in the log and in its timeline.

Each journey works on the undertaking the one before it left, so they run in the order written and a later one
fails, saying why, when an earlier one did not get as far. Each step is photographed (full page) into
tests/artifacts/screenshots/browser-<journey>-<nn>-<step>.png and each page is checked with axe-core.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from tracker.domain.calendar import london_today

TITLE = "Provide the committee with the ambulance handover times at each acute hospital"
QUOTE = "The Director undertook to provide the handover figures for each hospital before the next meeting."
OWNER = "David Mehaffey"
UPDATE = "Figures for Worcestershire Royal gathered; the Alexandra Hospital's are due from the trust next week."
RESPONSE = "The handover times for both hospitals were circulated to members; they are in the evidence linked."
EVIDENCE = "https://www.worcestershire.gov.uk/hosc/ambulance-handovers"

# What the journeys hand on to each other.
story: dict[str, str] = {}


def the_undertaking() -> str:
    """The reference the clerk's journey logged, or a clear failure when it did not get that far."""
    if "reference" not in story:
        pytest.fail("The clerk's journey (test_a_clerk_logs_an_undertaking_...) did not log the undertaking this "
                    "journey works on; run the module whole, in order.", pytrace=False)
    return story["reference"]


def day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def row_of(within: Page | Locator, reference: str) -> Locator:
    """The table row of an undertaking, found by the link of its reference."""
    page = within if isinstance(within, Page) else within.page
    return within.get_by_role("row").filter(has=page.get_by_role("link", name=reference, exact=True))


def timeline_entry(page: Page, label: str) -> Locator:
    """An entry of the action's history, by its heading ("Logged", "Progress noted", ...)."""
    return page.locator(".app-timeline__entry").filter(has=page.get_by_role("heading", name=label, exact=True))


def signed_in_as(page: Page) -> str:
    """The signed-in user's name, as the line above each page shows it ("Signed in as NAME (role).")."""
    found = re.search(r"Signed in as (.+?) \((\w+)\)", page.get_by_text("Signed in as").inner_text())
    assert found, "the page does not say who is signed in"
    return found.group(1)


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in the page's GOV.UK summary list."""
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(f"^\\s*{re.escape(key)}\\s*$"))
    ).locator(".govuk-summary-list__value")


def test_a_clerk_logs_an_undertaking_from_the_meeting_held_in_october_and_opens_its_page(open_page, sign_in, journey) -> None:
    clerk = journey("clerk")
    page: Page = open_page()

    # The clerk opens the tracker and is asked to sign in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    clerk.step(page, "sign-in", axe="sign-in")

    # She signs in and lands on her home page: her committees' overdue and due-soon items.
    sign_in(page, "clerk")
    expect(page.get_by_role("heading", name="Health Overview and Scrutiny Committee (HOSC)")).to_be_visible()
    clerk.step(page, "home", axe="home")

    # From Committees she opens HOSC's action log.
    page.get_by_role("link", name="Committees", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Committees")
    clerk.step(page, "committees", axe="committees")
    page.get_by_role("link", name="Health Overview and Scrutiny Committee (HOSC)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Health Overview and Scrutiny Committee: action log")
    clerk.step(page, "committee-log", axe="committee log")

    # The log lists the committee's meetings, newest first: the next one, still scheduled, then those held. She
    # opens the latest one held, where the Director gave the undertaking.
    meetings = page.locator("h2:text-is('Meetings') + ul > li")
    expect(meetings.filter(has_not_text=re.compile(r"\((held|cancelled)\)"))).to_have_count(1)
    held = meetings.filter(has_text="(held)").first
    story["held_meeting"] = held.get_by_role("link").first.inner_text()
    held.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story["held_meeting"])
    expect(summary_value(page, "Status")).to_have_text("Held")
    held_on = summary_value(page, "Date and time").inner_text()
    assert held_on.startswith(day(london_today() - timedelta(days=42))), held_on
    story["meeting_url"] = page.url
    clerk.step(page, "meeting", axe="meeting")

    # She logs what the Director undertook: the committee, the meeting and the next minute reference are filled in.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    minute_ref = form.get_by_label("Minute reference").input_value()
    form.get_by_label("What was undertaken").fill(TITLE)
    owner = form.get_by_label("Who owes it")
    owner_option = owner.locator("option", has_text=OWNER).first.inner_text()
    owner.select_option(label=owner_option)
    form.get_by_label("Kind").select_option(label="Information request")
    form.get_by_role("radio", name="By a date").check()
    due = london_today() + timedelta(days=20)  # before the next meeting
    due_date = form.get_by_role("group", name="Due date, if by a date")
    expect(due_date).to_be_visible()
    due_date.get_by_label("Day").fill(str(due.day))
    due_date.get_by_label("Month").fill(str(due.month))
    due_date.get_by_label("Year").fill(str(due.year))
    form.get_by_label("Quote from the minutes (optional)").fill(QUOTE)
    clerk.step(page, "meeting-form-filled")
    form.get_by_role("button", name="Log undertaking").click()

    # The meeting page says it was logged, with its reference, and lists it among what arose at the meeting.
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(re.compile(r"Logged HOSC-\d{4}\."))
    reference = re.search(r"HOSC-\d{4}", banner.inner_text()).group(0)  # type: ignore[union-attr]
    story["reference"] = reference
    arising = page.locator("#arising")
    row = row_of(arising, reference)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(OWNER)
    expect(row).to_contain_text(day(due))
    if minute_ref:
        expect(row).to_contain_text(f"Minute {minute_ref}")
    clerk.step(page, "meeting-logged", axe="meeting")

    # She opens the undertaking's own page: what, who, when, the quote, and the start of its history.
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".govuk-caption-l")).to_contain_text(reference)
    expect(summary_value(page, "Owner")).to_contain_text(OWNER)
    expect(summary_value(page, "Due")).to_have_text(day(due))
    expect(summary_value(page, "Kind")).to_have_text("Information request")
    expect(summary_value(page, "Arose at")).to_contain_text(f"{story['held_meeting']}, {held_on}")
    expect(page.locator(".app-quote")).to_have_text(QUOTE)
    expect(timeline_entry(page, "Logged")).to_contain_text(f"by {signed_in_as(page)},")
    clerk.step(page, "action", axe="action")

    clerk.assert_no_serious_accessibility_violations()


def test_the_officer_who_owes_it_posts_an_update_and_marks_it_complete(open_page, sign_in, journey) -> None:
    reference = the_undertaking()
    officer = journey("officer")
    page: Page = open_page()

    # The Director signs in; his home page lists what he owes, the new undertaking among it.
    page.goto("/sign-in")
    sign_in(page, "officer")
    owed = page.locator("table").filter(has=page.locator("caption", has_text="Undertakings you owe"))
    row = row_of(owed, reference)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("HOSC")
    officer.step(page, "home", axe="home")

    # He opens it. He sees only the moves he may make, each folded away in a details component.
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="What you can do")).to_be_visible()
    officer.step(page, "action", axe="action")

    # He posts a progress update.
    page.locator("summary", has_text="Post a progress update").click()
    update_form = page.locator("#move-note-progress form")
    update_form.get_by_label("Update").fill(UPDATE)
    officer.step(page, "update-typed")
    update_form.get_by_role("button", name="Post update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Post a progress update: saved on {reference}.")
    expect(summary_value(page, "Latest update")).to_have_text(UPDATE)
    expect(timeline_entry(page, "Progress noted")).to_contain_text(UPDATE)
    officer.step(page, "updated", axe="action")

    # Then he marks it complete, with his response to the committee and a link to the evidence.
    page.locator("summary", has_text="Mark as complete").click()
    complete_form = page.locator("#move-complete form")
    complete_form.get_by_label("Response to the committee").fill(RESPONSE)
    complete_form.get_by_label("Links to evidence (optional)").fill(EVIDENCE)
    officer.step(page, "response-typed")
    complete_form.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Mark as complete: saved on {reference}.")
    expect(page.locator("h1 + p")).to_contain_text("Completed")
    expect(summary_value(page, "Response")).to_have_text(RESPONSE)
    expect(page.get_by_role("link", name=EVIDENCE)).to_be_visible()

    # The timeline shows both, newest first, each by him.
    expect(timeline_entry(page, "Completed")).to_contain_text(RESPONSE)
    expect(timeline_entry(page, "Completed")).to_contain_text(f"by {signed_in_as(page)},")
    expect(timeline_entry(page, "Progress noted")).to_contain_text(f"by {signed_in_as(page)},")
    expect(timeline_entry(page, "Progress noted")).to_contain_text(UPDATE)
    headings = page.locator(".app-timeline__entry h3").all_inner_texts()
    assert headings.index("Completed") < headings.index("Progress noted") < headings.index("Logged"), headings
    officer.step(page, "completed", axe="action")

    officer.assert_no_serious_accessibility_violations()


def test_the_chair_accepts_it_at_the_pre_meeting_review_and_it_is_closed(open_page, sign_in, journey) -> None:
    reference = the_undertaking()
    chair = journey("chair")
    page: Page = open_page()

    # The chair signs in before the next meeting; her home page links to her review of it.
    page.goto("/sign-in")
    sign_in(page, "chair")
    chair.step(page, "home", axe="home")
    page.get_by_role("link", name="Your pre-meeting review").first.click()

    # The review is of the next meeting, not the one it arose at; it lists the completed undertaking as awaiting
    # the committee's acceptance, and counts changes from the meeting held in October.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-meeting review")
    assert story.get("meeting_url") and page.url != story["meeting_url"] + "/review", "the review is of the held meeting"
    next_title = page.locator(".govuk-body-l").inner_text()
    assert "(held)" not in next_title and day(london_today() + timedelta(days=25)) in next_title, next_title
    expect(page.get_by_text("Changes are listed from the start of the previous meeting")).to_contain_text(
        story["held_meeting"])
    awaiting = page.locator("table").filter(has=page.locator("caption", has_text="marked complete"))
    row = row_of(awaiting, reference)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(OWNER)
    chair.step(page, "review", axe="review")

    # She accepts it at this meeting; the review says so and it no longer awaits acceptance.
    row.get_by_role("button", name=re.compile(f"Accept.*{reference}")).click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(reference)
    expect(banner).to_contain_text("closed")
    expect(row_of(awaiting, reference)).to_have_count(0)
    chair.step(page, "review-accepted", axe="review")

    # In the committee's action log it is closed.
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name="Health Overview and Scrutiny Committee (HOSC)").click()
    page.get_by_label("Search").fill(reference)
    page.get_by_role("button", name="Apply filters").click()
    log_row = row_of(page.locator("table").last, reference)
    expect(log_row).to_contain_text(TITLE)
    expect(log_row).to_contain_text("Closed")
    chair.step(page, "committee-log", axe="committee log")

    # Its page says where it arose, and its history ends with the committee's acceptance at the next meeting.
    log_row.get_by_role("link", name=reference).click()
    expect(page.locator("h1 + p")).to_contain_text("Closed")
    expect(summary_value(page, "Arose at")).to_contain_text(story["held_meeting"])
    expect(summary_value(page, "Accepted at")).to_have_text(next_title)
    accepted = timeline_entry(page, "Accepted by the committee")
    expect(accepted).to_be_visible()
    expect(accepted).to_contain_text(f"by {signed_in_as(page)},")
    expect(page.locator(".app-timeline__entry h3").first).to_have_text("Accepted by the committee")
    chair.step(page, "action", axe="action")

    chair.assert_no_serious_accessibility_violations()

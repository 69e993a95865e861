"""The "Log an undertaking" form, sent incomplete: the GOV.UK error summary links to each field at fault, and
what the clerk typed is kept. Self-contained: nothing is logged, so it needs no other test and changes no data."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Locator, Page, expect

from tracker.domain.calendar import london_today

TITLE = "Send members the winter pressures plan for the acute hospitals"
DUE = london_today() + timedelta(days=30)
QUOTE = "The Chief Executive agreed to share the plan once the board had approved it."


def error_links(page: Page) -> Locator:
    return page.locator(".govuk-error-summary__list a")


def assert_each_error_links_to_its_field(page: Page) -> dict[str, str]:
    """Every link in the error summary points at a field on the page with an error message; returns them by id."""
    messages = {}
    for link in error_links(page).all():
        target = link.get_attribute("href") or ""
        assert target.startswith("#"), f"the error summary's link {link.inner_text()!r} goes to {target!r}"
        field = page.locator(target)
        expect(field, f"no field {target} for the error {link.inner_text()!r}").to_have_count(1)
        group = page.locator(".govuk-form-group--error").filter(has=field)
        expect(group.locator(".govuk-error-message"), f"no message beside {target}").to_contain_text(link.inner_text())
        messages[target.removeprefix("#")] = link.inner_text()
    return messages


def test_an_incomplete_log_form_shows_the_error_summary_linking_to_the_fields_and_keeps_what_was_typed(
    open_page, sign_in, journey
) -> None:
    errors = journey("log-form-errors")
    page: Page = open_page()

    # The clerk goes to HOSC's next meeting from her home page.
    page.goto("/sign-in")
    sign_in(page, "clerk")
    next_meeting = page.locator("p", has_text="Next meeting:").locator("a[href^='/meetings/']:not([href$='/review'])")
    next_meeting.first.click()
    expect(page.get_by_role("heading", name="Log an undertaking")).to_be_visible()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    minute_ref = form.get_by_label("Minute reference").input_value()

    # She sends the form without filling it in.
    form.get_by_role("button", name="Log undertaking").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary, so screen readers announce it
    messages = assert_each_error_links_to_its_field(page)
    assert {"title", "owner-id", "kind"} <= set(messages), messages
    errors.step(page, "empty", axe="meeting (form errors)")

    # Following a link in the summary takes her to that field.
    error_links(page).filter(has_text=messages["title"]).click()
    expect(page.get_by_label("What was undertaken")).to_be_focused()

    # She fills in some of it (the title, a due date, the quote) and sends it again.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    form.get_by_label("What was undertaken").fill(TITLE)
    form.get_by_role("radio", name="By a date").check()
    due_date = form.get_by_role("group", name="Due date, if by a date")
    due_date.get_by_label("Day").fill(str(DUE.day))
    due_date.get_by_label("Month").fill(str(DUE.month))
    due_date.get_by_label("Year").fill(str(DUE.year))
    form.get_by_label("Quote from the minutes (optional)").fill(QUOTE)
    form.get_by_role("button", name="Log undertaking").click()

    # The summary now names only what is still missing, and the form keeps everything she typed.
    messages = assert_each_error_links_to_its_field(page)
    assert set(messages) == {"owner-id", "kind"}, messages
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    expect(form.get_by_label("What was undertaken")).to_have_value(TITLE)
    expect(form.get_by_label("Quote from the minutes (optional)")).to_have_value(QUOTE)
    expect(form.get_by_label("Minute reference")).to_have_value(minute_ref)
    expect(form.get_by_role("radio", name="By a date")).to_be_checked()
    due_date = form.get_by_role("group", name="Due date, if by a date")
    for box, typed in (("Day", DUE.day), ("Month", DUE.month), ("Year", DUE.year)):
        expect(due_date.get_by_label(box)).to_have_value(str(typed))
    errors.step(page, "partly-filled", axe="meeting (form errors)")

    # Nothing was logged.
    expect(page.locator(".govuk-notification-banner--success")).to_have_count(0)
    errors.assert_no_serious_accessibility_violations()


def open_the_next_meeting(page: Page, sign_in) -> None:  # noqa: ANN001
    """The clerk signs in and opens the next meeting from her home page."""
    page.goto("/sign-in")
    sign_in(page, "clerk")
    page.locator("p", has_text="Next meeting:").locator("a[href^='/meetings/']:not([href$='/review'])").first.click()


def test_a_missing_due_date_is_reported_together_with_the_other_missing_fields(open_page, sign_in, journey) -> None:
    errors = journey("log-form-missing-date")
    page: Page = open_page()
    open_the_next_meeting(page, sign_in)

    # She types a title, chooses "By a date" but gives no date, leaves the owner and kind unset, and sends it.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    form.get_by_label("What was undertaken").fill(TITLE)
    form.get_by_role("radio", name="By a date").check()
    form.get_by_role("button", name="Log undertaking").click()
    errors.step(page, "submitted")

    # All three problems are listed at once, as the GOV.UK pattern asks.
    messages = assert_each_error_links_to_its_field(page)
    assert {"owner-id", "kind", "due-date-day"} <= set(messages), messages


def test_a_date_that_is_not_real_is_linked_to_its_first_wrong_box_and_kept(open_page, sign_in, journey) -> None:
    errors = journey("log-form-bad-date")
    page: Page = open_page()
    open_the_next_meeting(page, sign_in)

    # She types the 31st of a month that has 30 days.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Log undertaking"))
    form.get_by_role("radio", name="By a date").check()
    due_date = form.get_by_role("group", name="Due date, if by a date")
    for box, typed in (("Day", "31"), ("Month", "4"), ("Year", str(DUE.year + 1))):
        due_date.get_by_label(box).fill(typed)
    form.get_by_role("button", name="Log undertaking").click()

    # The summary says so in the form's words, and its link takes her to the day.
    messages = assert_each_error_links_to_its_field(page)
    assert messages["due-date-day"] == "The due date must be a real date.", messages
    error_links(page).filter(has_text="The due date must be a real date.").click()
    due_date = page.get_by_role("group", name="Due date, if by a date")
    expect(due_date.get_by_label("Day")).to_be_focused()
    for box, typed in (("Day", "31"), ("Month", "4"), ("Year", str(DUE.year + 1))):
        expect(due_date.get_by_label(box)).to_have_value(typed)
    errors.step(page, "submitted", axe="meeting (form errors)")
    errors.assert_no_serious_accessibility_violations()

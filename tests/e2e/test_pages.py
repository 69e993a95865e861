"""The signed-in pages over HTTP on the demo: home, committees, the action log, meetings, people, users, errors."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import UUID

import pytest
from flask import Flask

from e2e_helpers import DEMO_USERS, csrf_token, date_boxes, post_form
from tracker.domain.calendar import london_today, to_london
from tracker.domain.errors import NotFoundError

ROLES = ["clerk", "officer", "chair", "viewer", "admin", "jhosc_clerk"]


# Reading the pages


def text(page: str) -> str:
    """What a reader sees: the page without tags or scripts, entities decoded, spaces collapsed."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def refs_in_table(page: str) -> list[str]:
    """The action references listed in the page's tables, in order."""
    return re.findall(r'<td class="govuk-table__cell app-no-wrap"><a class="govuk-link" href="/actions/([A-Z]+-\d+)"', page)


def error_summary(page: str) -> list[str]:
    """The messages in the GOV.UK error summary."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return [htmllib.unescape(m).strip() for m in re.findall(r"<a href=\"#[^\"]*\">(.*?)</a>", found.group(1), re.S)]


def field_value(page: str, name: str) -> str | None:
    """The value an input carries, or a textarea's text."""
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]*)"', page, re.S)
    if found:
        return htmllib.unescape(found.group(1))
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>([^<]*)</textarea>', page, re.S)
    return htmllib.unescape(found.group(1)) if found else None


# The demo's data


def committee(app: Flask, short_name: str) -> dict:
    return app.extensions["tracker"].read.query("committee_by_short_name", short_name)


def meetings(app: Flask, short_name: str) -> list[dict]:
    """The committee's meetings, latest first."""
    return app.extensions["tracker"].read.query("meetings", UUID(committee(app, short_name)["id"]))


def meeting_titled(app: Flask, short_name: str, start: str) -> dict:
    return next(m for m in meetings(app, short_name) if m["title"].startswith(start))


def person(app: Flask, name: str) -> dict:
    return next(p for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def action(app: Flask, reference: str) -> dict:
    return app.extensions["tracker"].tracker.action(reference)


def log_undertakings(app: Flask, how_many: int, title: str = "Batch item") -> None:
    """Log undertakings in HOSC straight through the tracker, owed by Alison Roberts."""
    tracker = app.extensions["tracker"].tracker
    owner = UUID(person(app, "Alison Roberts")["id"])
    for n in range(1, how_many + 1):
        tracker.log_action(actor="user:clerk.hosc@example.org", committee="HOSC", title=f"{title} {n}",
                           owner_id=owner, kind="other")


# Home


def test_a_clerks_home_shows_their_committees_overdue_and_due_soon_undertakings(signed_in) -> None:
    page = signed_in("clerk").get("/").get_data(as_text=True)
    assert "Health Overview and Scrutiny Committee (HOSC)" in page
    assert refs_in_table(page) == ["HOSC-0004", "HOSC-0001"]  # overdue, then due in 5 days with an extension asked
    assert "12 days overdue" in text(page)
    assert "(JHOSC)" not in page and "HWB-0001" not in page, "a clerk sees only the committees they clerk"


def test_an_officers_home_lists_only_the_open_undertakings_they_owe(signed_in) -> None:
    page = signed_in("officer").get("/").get_data(as_text=True)
    assert "Undertakings you owe (1)" in page
    assert refs_in_table(page) == ["HOSC-0001"]  # HOSC-0002 is completed; HOSC-0004 went to Alison Roberts


def test_a_chairs_home_links_to_the_review_of_their_next_meeting(app: Flask, signed_in) -> None:
    page = signed_in("chair").get("/").get_data(as_text=True)
    upcoming = meetings(app, "HOSC")[0]
    assert upcoming["status"] == "scheduled"
    assert f'href="/meetings/{upcoming["id"]}/review">Your pre-meeting review</a>' in page


def test_a_chairs_home_shows_the_review_of_their_next_meeting_section_by_section(app: Flask, signed_in) -> None:
    from events.review import pre_meeting_review

    services = app.extensions["tracker"]
    upcoming = meetings(app, "HOSC")[0]
    review = pre_meeting_review(services.read, services.calendar, upcoming)
    page = signed_in("chair").get("/").get_data(as_text=True)
    for key, heading in [("overdue", "Overdue"), ("due", "Due by the meeting"),
                         ("awaiting_acceptance", "Completed, awaiting the committee's acceptance"),
                         ("extensions_requested", "Extensions requested")]:
        table = re.search(rf'<table class="govuk-table" id="hosc-{key.replace("_", "-")}">(.*?)</table>', page, re.S)
        assert table, f"the chair's home has no {heading} section"
        expected = [r["reference"] for r in review[key]]
        assert f"{heading} ({len(expected)})" in text(table.group(1))
        assert re.findall(r'href="/actions/([A-Z]+-\d+)"', table.group(1)) == expected
    # In the demo: HOSC-0004 is overdue, HOSC-0001 due by the meeting with more time asked, HOSC-0002 completed.
    overdue = text(page.split('id="hosc-overdue"', 1)[1].split("</table>", 1)[0])
    assert "HOSC-0004" in overdue and "12 days overdue; not chased yet" in overdue
    assert ["HOSC-0001"] == [r["reference"] for r in review["extensions_requested"]]
    assert ["HOSC-0002"] == [r["reference"] for r in review["awaiting_acceptance"]]
    assert f'href="/meetings/{upcoming["id"]}/review">Open the full pre-meeting review for HOSC</a>' in page


def test_the_home_page_links_the_soonest_meeting_when_several_are_scheduled(app: Flask, signed_in) -> None:
    soonest = meetings(app, "HOSC")[0]
    later = app.extensions["tracker"].tracker.schedule_meeting(
        actor="system:test", committee="HOSC", starts_at=soonest["starts_at"] + timedelta(days=60), title="A later HOSC")
    page = signed_in("clerk").get("/").get_data(as_text=True)
    assert f'/meetings/{soonest["id"]}/review' in page
    assert str(later) not in page


def test_a_viewer_is_pointed_to_the_committees_from_home(signed_in) -> None:
    page = signed_in("viewer").get("/").get_data(as_text=True)
    assert "Hello, Demo Viewer" in page and 'href="/committees"' in page
    assert refs_in_table(page) == []


def test_an_admin_sees_every_committee_on_the_home_page(signed_in) -> None:
    page = signed_in("admin").get("/").get_data(as_text=True)
    for short_name in ("AWSC", "HFHWB", "HOSC", "HWB", "JHOSC"):
        assert f"({short_name})</h2>" in page
    assert "HWB-0001" in refs_in_table(page)


# Committees


@pytest.mark.parametrize("who", ROLES)
def test_every_signed_in_user_sees_the_committees_with_their_counts(signed_in, who: str) -> None:
    page = signed_in(who).get("/committees")
    assert page.status_code == 200
    rows = {name: re.findall(r'numeric">(\d+)</td>', row) for name, row in re.findall(
        r'href="/committees/([A-Z]+)".*?</td>(.*?)</tr>', page.get_data(as_text=True), re.S)}
    # Open, overdue, completed awaiting acceptance, closed.
    assert rows["HOSC"] == ["2", "1", "1", "1"]
    assert rows["HWB"] == ["1", "1", "0", "3"]
    assert rows["JHOSC"] == ["1", "0", "0", "4"]
    assert rows["AWSC"] == ["0", "0", "0", "0"]


# The action log


@pytest.mark.parametrize("who", ROLES)
def test_every_signed_in_user_reads_a_committees_action_log(signed_in, who: str) -> None:
    response = signed_in(who).get("/committees/HOSC")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Health Overview and Scrutiny Committee: action log" in page
    # Open first by due date (overdue HOSC-0004, then HOSC-0001), then the done ones by due date.
    assert refs_in_table(page) == ["HOSC-0004", "HOSC-0001", "HOSC-0003", "HOSC-0002"]


def test_only_the_committees_clerk_is_offered_to_add_a_meeting(signed_in) -> None:
    assert "/committees/HOSC/meetings/new" in signed_in("clerk").get("/committees/HOSC").get_data(as_text=True)
    for who in ("jhosc_clerk", "officer", "viewer"):
        assert "/committees/HOSC/meetings/new" not in signed_in(who).get("/committees/HOSC").get_data(as_text=True), who


def test_the_log_address_is_not_fussy_about_capitals(signed_in) -> None:
    assert refs_in_table(signed_in("viewer").get("/committees/hosc").get_data(as_text=True))


@pytest.mark.parametrize(("query", "expected"), [
    ("status=completed", ["HOSC-0002"]),
    ("status=closed", ["HOSC-0003"]),
    ("status=open", ["HOSC-0004", "HOSC-0001"]),
    ("status=withdrawn", []),
    ("kind=information_request", ["HOSC-0002"]),
    ("kind=further_update", ["HOSC-0004", "HOSC-0003"]),
    ("organisation=Worcestershire+County+Council", ["HOSC-0003"]),
    ("overdue=true", ["HOSC-0004"]),
    ("q=finances", ["HOSC-0004"]),
    ("q=roberts", ["HOSC-0004"]),  # the owner's name
    ("q=place+partnerships", ["HOSC-0001"]),  # every word must match
    ("q=nothing+like+this", []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_log_filters_by_what_the_clerk_chooses(signed_in, query: str, expected: list[str]) -> None:
    response = signed_in("viewer").get(f"/committees/HOSC?{query}")
    assert response.status_code == 200
    assert refs_in_table(response.get_data(as_text=True)) == expected


def test_the_log_filters_by_owner(app: Flask, signed_in) -> None:
    mehaffey = person(app, "David Mehaffey")["id"]
    page = signed_in("viewer").get(f"/committees/HOSC?owner={mehaffey}").get_data(as_text=True)
    assert refs_in_table(page) == ["HOSC-0001", "HOSC-0002"]
    assert f'<option value="{mehaffey}" selected>' in page, "the chosen owner stays chosen"


def test_the_log_filters_by_a_due_date_range_typed_in_day_month_and_year_boxes(app: Flask, signed_in) -> None:
    first, second = action(app, "HOSC-0001")["due_date"], action(app, "HOSC-0002")["due_date"]
    client = signed_in("viewer")
    only_first = client.get("/committees/HOSC?" + urlencode({**date_boxes("due_from", first), **date_boxes("due_to", first)}))
    assert refs_in_table(only_first.get_data(as_text=True)) == ["HOSC-0001"]
    both = client.get("/committees/HOSC?" + urlencode({**date_boxes("due_from", first), **date_boxes("due_to", second)}))
    page = both.get_data(as_text=True)
    assert refs_in_table(page) == ["HOSC-0001", "HOSC-0002"]
    typed = [field_value(page, f"due_from-{box}") for box in ("day", "month", "year")]
    assert typed == [str(first.day), str(first.month), str(first.year)], "the dates typed stay in their boxes"


def test_a_link_may_give_the_due_range_as_yyyy_mm_dd_and_the_boxes_show_it(app: Flask, signed_in) -> None:
    first = action(app, "HOSC-0001")["due_date"]
    page = signed_in("viewer").get(f"/committees/HOSC?due_from={first}&due_to={first}").get_data(as_text=True)
    assert refs_in_table(page) == ["HOSC-0001"]
    assert [field_value(page, f"due_to-{box}") for box in ("day", "month", "year")] == [
        str(first.day), str(first.month), str(first.year)]


def test_a_month_may_be_typed_as_its_name(app: Flask, signed_in) -> None:
    first = action(app, "HOSC-0001")["due_date"]
    query = {**date_boxes("due_from", first), "due_from-month": f"{first:%B}", **date_boxes("due_to", first),
             "due_to-month": f"{first:%b}".lower()}
    assert refs_in_table(signed_in("viewer").get("/committees/HOSC?" + urlencode(query)).get_data(as_text=True)) == [
        "HOSC-0001"]


@pytest.mark.parametrize(("query", "expected"), [
    ("sort=reference", ["HOSC-0001", "HOSC-0002", "HOSC-0003", "HOSC-0004"]),
    ("sort=reference&order=desc", ["HOSC-0004", "HOSC-0003", "HOSC-0002", "HOSC-0001"]),
    ("sort=owner", ["HOSC-0004", "HOSC-0001", "HOSC-0002", "HOSC-0003"]),  # Alison, David, David, HOSC Scrutiny Officer
    ("sort=logged&order=desc", ["HOSC-0004", "HOSC-0003", "HOSC-0002", "HOSC-0001"]),
])
def test_the_log_sorts_and_orders_as_asked(signed_in, query: str, expected: list[str]) -> None:
    assert refs_in_table(signed_in("viewer").get(f"/committees/HOSC?{query}").get_data(as_text=True)) == expected


def test_a_long_log_is_shown_25_to_a_page(app: Flask, signed_in) -> None:
    log_undertakings(app, 30)
    client = signed_in("viewer")
    first = client.get("/committees/HOSC?sort=reference").get_data(as_text=True)
    assert len(refs_in_table(first)) == 25
    assert "34 undertakings, page 1 of 2" in first
    second = client.get("/committees/HOSC?sort=reference&page=2").get_data(as_text=True)
    assert refs_in_table(second) == [f"HOSC-{n:04d}" for n in range(26, 35)]
    assert "page 2 of 2" in second


def test_the_page_links_keep_the_filters(app: Flask, signed_in) -> None:
    log_undertakings(app, 30)
    page = signed_in("viewer").get("/committees/HOSC?q=batch&sort=reference").get_data(as_text=True)
    assert "30 undertakings, page 1 of 2" in page
    next_link = re.search(r'<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"', page)
    assert next_link, "there is no link to the next page"
    target = htmllib.unescape(next_link.group(1))
    assert "page=2" in target and "q=batch" in target and "sort=reference" in target
    assert refs_in_table(signed_in("viewer").get(target).get_data(as_text=True)) == [
        f"HOSC-{n:04d}" for n in range(30, 35)]


def test_the_log_as_at_a_date_shows_the_undertakings_as_they_stood_then(signed_in) -> None:
    client = signed_in("viewer")
    # The JHOSC met on 22 March 2021; its undertakings were logged the next morning.
    before = client.get("/committees/JHOSC?as_at=2021-03-22").get_data(as_text=True)
    assert "as it stood at the end of 22 March 2021" in before
    assert refs_in_table(before) == []
    then = client.get("/committees/JHOSC?as_at=2021-03-23&sort=reference").get_data(as_text=True)
    assert refs_in_table(then) == ["JHOSC-0001", "JHOSC-0002", "JHOSC-0003", "JHOSC-0004", "JHOSC-0005"]
    first_row = text(then.split("/actions/JHOSC-0001", 1)[1].split("</tr>", 1)[0])
    # By then the clerk had moved it from 31 March to 31 May; it was acknowledged on the 24th and closed in June.
    assert "31 May 2021" in first_row and "Logged" in first_row and "Closed" not in first_row
    assert "Show it as it is now" in then


def test_the_log_as_at_a_date_shows_by_the_next_meeting_as_the_meeting_after_it_arose(signed_in) -> None:
    # JHOSC-0003 was logged in March 2021 "by the next meeting": the Joint HOSC met next in July 2021.
    page = signed_in("viewer").get("/committees/JHOSC?as_at=2021-04-01&sort=reference").get_data(as_text=True)
    row = text(page.split("/actions/JHOSC-0003", 1)[1].split("</tr>", 1)[0])
    assert "26 July 2021" in row and "2026" not in row


def test_the_log_as_at_a_date_shows_an_undertaking_completed_then_and_closed_since(signed_in) -> None:
    page = signed_in("viewer").get("/committees/JHOSC?as_at=2021-04-17&status=completed").get_data(as_text=True)
    assert refs_in_table(page) == ["JHOSC-0002"]  # completed on 16 April 2021, closed on the 19th
    now = signed_in("viewer").get("/committees/JHOSC?status=completed").get_data(as_text=True)
    assert refs_in_table(now) == []


def test_the_log_as_at_a_past_meeting_shows_what_the_committee_saw_that_day(app: Flask, signed_in) -> None:
    recent = meeting_titled(app, "HOSC", "Health Overview and Scrutiny Committee: Integrated Care System further")
    page = signed_in("viewer").get(f"/committees/HOSC?as_at_meeting={recent['id']}&sort=reference").get_data(as_text=True)
    assert f"as it stood at the start of {recent['title']}" in text(page)
    # HOSC-0004 arose at that meeting, so it was not on the log yet; HOSC-0003 was completed, awaiting acceptance.
    assert refs_in_table(page) == ["HOSC-0001", "HOSC-0002", "HOSC-0003"]
    row = text(page.split("/actions/HOSC-0003", 1)[1].split("</tr>", 1)[0])
    assert "Completed" in row and "Closed" not in row


def test_overdue_as_at_a_past_date_means_overdue_on_that_date(signed_in) -> None:
    # JHOSC-0001 was due on 31 May 2021, so on 17 April 2021 it was not overdue.
    page = signed_in("viewer").get("/committees/JHOSC?as_at=2021-04-17&overdue=true").get_data(as_text=True)
    assert refs_in_table(page) == [], (
        "BUG: 'Overdue only' with 'as at' compares due dates with today, not the as-at date "
        "(events/view.py ActionLogView._where uses london_today()), so JHOSC-0001 is listed as overdue on "
        "17 April 2021 while its own row says On track")


@pytest.mark.parametrize(("query", "message"), [
    ("status=bogus", "Choose a status from the list."),
    ("owner=someone", "Choose an owner from the list."),
    ("kind=gossip", "Choose a kind from the list."),
    ("due_from=31/12/2026", "Enter the date as YYYY-MM-DD."),  # a link's date, not the form's boxes
    ("due_to=tomorrow", "Enter the date as YYYY-MM-DD."),
    ("as_at=last+Tuesday", "Enter the date as YYYY-MM-DD."),
    ("due_from-day=31&due_from-month=2&due_from-year=2027", "The date due on or after must be a real date."),
    ("due_to-day=1&due_to-month=Smarch&due_to-year=2027", "The date due on or before must be a real date."),
    ("as_at-month=3&as_at-year=2026", "The date to show the log as at must include a day."),
    ("as_at-day=3", "The date to show the log as at must include a month and a year."),
    ("due_from-day=1&due_from-month=2&due_from-year=26",
     f"The year of the date due on or after must have 4 numbers, for example {london_today().year + 1}."),
    ("due_to-day=1&due_to-month=2&due_to-year=1066", "The date due on or before must be between 1990 and 2199."),
    ("due_from-day=2&due_from-month=1&due_from-year=2020&due_to-day=1&due_to-month=1&due_to-year=2019",
     "The date due on or before must be the same as or after the date due on or after."),
    ("as_at_meeting=the-last-one", "Choose a meeting of this committee from the list."),
    ("sort=colour", "Choose a sort from the list."),
    ("order=sideways", "Choose an order from the list."),
    ("q=" + "x" * 201, "Search for at most 200 characters."),
], ids=lambda v: v[:40])
def test_a_bad_filter_value_gets_a_plain_message_and_no_crash(signed_in, query: str, message: str) -> None:
    response = signed_in("viewer").get(f"/committees/HOSC?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [message]
    assert page.count(message) >= 2, "the message is also shown by its field"
    assert "HOSC-0004" in refs_in_table(page), "the log is still shown, unfiltered by the bad value"


@pytest.mark.parametrize("page_number", ["0", "two"])
def test_a_page_number_that_is_not_a_page_gets_a_message_and_the_first_page(signed_in, page_number: str) -> None:
    response = signed_in("viewer").get(f"/committees/HOSC?page={page_number}")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Choose a page from 1."]
    assert "page 1 of 1" in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "box"), [
    ("due_from-day=31&due_from-month=2&due_from-year=2027", "due-from-day"),
    ("due_to-day=1&due_to-month=Smarch&due_to-year=2027", "due-to-month"),
    ("as_at-day=3&as_at-month=3&as_at-year=26", "as-at-year"),
    ("as_at-month=3&as_at-year=2026", "as-at-day"),
])
def test_a_bad_date_links_from_the_summary_to_its_first_wrong_box_which_keeps_what_was_typed(
        signed_in, query: str, box: str) -> None:
    page = signed_in("viewer").get(f"/committees/HOSC?{query}").get_data(as_text=True)
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r'<a href="#([^"]+)"', summary) == [box]
    marked = re.findall(r'class="govuk-input govuk-date-input__input [^"]*govuk-input--error[^"]*"\s+id="([^"]+)"', page)
    assert marked[0] == box, f"the boxes marked wrong are {marked}"
    for name, typed in parse_qs(query).items():
        assert field_value(page, name) == typed[0]


@pytest.mark.parametrize("which", ["another committee's", "an unknown"])
def test_the_log_as_at_a_meeting_that_is_not_the_committees_says_so(app: Flask, signed_in, which: str) -> None:
    meeting_id = meetings(app, "JHOSC")[0]["id"] if which == "another committee's" else "00000000-0000-4000-8000-000000000000"
    response = signed_in("viewer").get(f"/committees/HOSC?as_at_meeting={meeting_id}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Choose a meeting of this committee from the list."]
    assert 'id="as-at-meeting-error"' in page
    assert "Showing the log as it stood" not in text(page), "the log shown is the current one"
    assert re.search(r'<details class="govuk-details"[^>]*\bopen', page), "the message is in the open as-at section"
    assert "HOSC-0004" in refs_in_table(page)


def test_a_past_date_with_a_bad_meeting_opens_the_as_at_section_to_show_the_message(signed_in) -> None:
    page = signed_in("viewer").get("/committees/HOSC?as_at_meeting=the-last-one").get_data(as_text=True)
    assert re.search(r'<details class="govuk-details"[^>]*\bopen', page), "the message is hidden in a closed section"


def test_several_bad_filter_values_are_all_reported_at_once(signed_in) -> None:
    response = signed_in("viewer").get("/committees/HOSC?status=bogus&status=worse&due_from=soon&q=finances")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Choose a status from the list.", "Enter the date as YYYY-MM-DD."]
    assert "{0:" not in page, "a list field's error is shown as words, not as a Python dict"
    assert refs_in_table(page) == ["HOSC-0004"], "the good filter still applies"
    assert field_value(page, "q") == "finances"


def test_an_unknown_committee_is_not_found(signed_in) -> None:
    response = signed_in("viewer").get("/committees/NOPE")
    assert response.status_code == 404
    assert "There is no committee with the short name NOPE." in response.get_data(as_text=True)


# Meetings


def test_a_meeting_page_lists_what_arose_there(app: Flask, signed_in) -> None:
    earlier = meeting_titled(app, "HOSC", "Health Overview and Scrutiny Committee: Development")
    page = signed_in("viewer").get(f"/meetings/{earlier['id']}").get_data(as_text=True)
    assert refs_in_table(page) == ["HOSC-0001", "HOSC-0002", "HOSC-0003"]
    assert "26 January 2022 10:00" in page


@pytest.mark.parametrize(("short_name", "title", "expected"), [
    ("HOSC", "Health Overview and Scrutiny Committee: Integrated Care System further update", "5"),  # after minute 4
    ("HOSC", "Health Overview and Scrutiny Committee: Development of the Integrated Care System", "6"),  # after 5
    ("HOSC", "Health Overview and Scrutiny Committee", ""),  # the next meeting: nothing has arisen yet
    ("HWB", "Health and Well Being Board: Establishing the Integrated Care Partnership", "App. 1 para 9"),
])
def test_the_log_form_is_prefilled_with_the_next_minute_reference(app: Flask, signed_in, short_name: str, title: str,
                                                                   expected: str) -> None:
    meeting = next(m for m in meetings(app, short_name) if m["title"] == title)
    who = "clerk" if short_name == "HOSC" else "admin"
    page = signed_in(who).get(f"/meetings/{meeting['id']}").get_data(as_text=True)
    assert field_value(page, "minute_ref") == expected
    assert re.search(r'name="due_choice" type="radio" value="next_meeting" checked', page), "by the next meeting is the default"


@pytest.mark.parametrize("who", ["viewer", "officer", "chair", "jhosc_clerk"])
def test_only_the_committees_clerk_sees_the_log_form(app: Flask, signed_in, who: str) -> None:
    meeting = meetings(app, "HOSC")[1]
    page = signed_in(who).get(f"/meetings/{meeting['id']}")
    assert page.status_code == 200
    assert "Log an undertaking" not in page.get_data(as_text=True)


@pytest.mark.parametrize("who", ["viewer", "officer", "chair", "jhosc_clerk"])
def test_only_the_committees_clerk_may_log_an_undertaking(app: Flask, signed_in, who: str) -> None:
    meeting = meetings(app, "HOSC")[1]
    owner = person(app, "Alison Roberts")["id"]
    client = signed_in(who)
    response = post_form(client, f"/meetings/{meeting['id']}/actions",
                         {"title": "Sneak one in", "owner_id": owner, "kind": "other", "due_choice": "none"},
                         page=f"/meetings/{meeting['id']}")
    assert response.status_code == 403
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


@pytest.mark.parametrize(("choice", "extra", "expected"), [
    ("date", date_boxes("due_date", "2027-01-15"), "15 January 2027"),
    ("next_meeting", {}, "by the next meeting"),
    ("none", {}, "Not set"),
])
def test_a_clerk_logs_an_undertaking_due_by_a_date_the_next_meeting_or_not_at_all(
        app: Flask, signed_in, choice: str, extra: dict, expected: str) -> None:
    meeting = meeting_titled(app, "HOSC", "Health Overview and Scrutiny Committee: Integrated Care System further")
    client = signed_in("clerk")
    response = post_form(client, f"/meetings/{meeting['id']}/actions", {
        "minute_ref": "4.1", "title": "Circulate the finance report", "owner_id": person(app, "Alison Roberts")["id"],
        "kind": "circulate_document", "due_choice": choice, "raised_by": "The Chairman",
        "source_quote": "The Chairman asked for the report to be circulated.", **extra,
    }, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting['id']}#arising")
    logged = action(app, "HOSC-0005")
    assert (logged["title"], logged["minute_ref"], logged["status"]) == ("Circulate the finance report", "4.1", "logged")
    assert logged["meeting_id"] == UUID(meeting["id"])
    if choice == "next_meeting":
        assert logged["due_next_meeting"] and logged["due_meeting_id"] == UUID(meetings(app, "HOSC")[0]["id"])
    page = client.get(f"/meetings/{meeting['id']}").get_data(as_text=True)
    assert "Logged HOSC-0005." in page
    assert "HOSC-0005" in refs_in_table(page)
    assert field_value(page, "minute_ref") == "4.2", "the next minute reference follows the one just used"
    assert expected in text(client.get("/actions/HOSC-0005").get_data(as_text=True))


def test_the_empty_log_form_says_what_is_missing_by_each_field_and_keeps_what_was_typed(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions", {
        "minute_ref": "4.1", "title": "", "owner_id": "", "kind": "", "due_choice": "next_meeting",
        "raised_by": "Cllr Smith", "detail": "Members want the figures by place.",
    }, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert sorted(error_summary(page)) == sorted([
        "Enter what was undertaken, as a short title.", "Choose who owes it.", "Choose the kind of undertaking."])
    for field_id in ("title", "owner-id", "kind"):
        assert f'id="{field_id}-error"' in page, f"no message by the {field_id} field"
    assert field_value(page, "minute_ref") == "4.1"
    assert field_value(page, "raised_by") == "Cllr Smith"
    assert field_value(page, "detail") == "Members want the figures by place."
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


def test_choosing_a_due_date_without_one_is_reported_with_the_other_missing_fields(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions",
                         {"minute_ref": "4.1", "title": "", "due_choice": "date", "due_date": ""},
                         page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    messages = error_summary(response.get_data(as_text=True))
    assert "Enter the due date, or choose another option." in messages
    assert "Choose who owes it." in messages, (
        "BUG: web/pages/meetings.py log() stops at the missing due date and does not validate the rest, so the "
        "clerk fixes the date, sends again, and only then learns the title, owner and kind are missing; "
        f"GOV.UK forms report every problem at once. Messages shown: {messages}")


def test_a_due_date_typed_while_by_the_next_meeting_is_chosen_is_reported_not_dropped(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions",
                         {"minute_ref": "4.1", "title": "Send the figures", "due_choice": "next_meeting",
                          **date_boxes("due_date", "2030-01-31"), "kind": "information_request"},
                         page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    messages = error_summary(response.get_data(as_text=True))
    assert "You entered a date but chose \u201cBy the next meeting\u201d: choose \u201cBy a date\u201d, or clear the date." in messages
    assert "Choose who owes it." in messages


def test_every_problem_of_the_log_form_is_reported_at_once_in_the_order_of_the_fields(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions", {
        "minute_ref": "4.1", "title": "", "kind": "information_request", "due_choice": "date",
        "due_date-day": "x", "due_date-month": "13", "due_date-year": "2027", "follows_up": "HOSC-9999",
    }, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [
        "Enter what was undertaken, as a short title.", "Choose who owes it.", "The due date must be a real date.",
        "There is no undertaking HOSC-9999: give the reference of an earlier one, or leave it blank."]
    assert (field_value(page, "due_date-day"), field_value(page, "due_date-month")) == ("x", "13")
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


@pytest.mark.parametrize(("boxes", "message", "box"), [
    ({"due_date-day": "31", "due_date-month": "4", "due_date-year": "2027"}, "The due date must be a real date.", "day"),
    ({"due_date-day": "1", "due_date-month": "4"}, "The due date must include a year.", "year"),
    ({"due_date-day": "1", "due_date-month": "4", "due_date-year": "27"},
     f"The year of the due date must have 4 numbers, for example {london_today().year + 1}.", "year"),
    ({"due_date-day": "1", "due_date-month": "4", "due_date-year": "3027"},
     "The due date must be between 1990 and 2199.", "year"),
])
def test_a_bad_due_date_is_told_in_the_forms_words_by_its_boxes(app: Flask, signed_in, boxes: dict, message: str,
                                                                 box: str) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions", {
        "title": "Send the figures", "owner_id": person(app, "Alison Roberts")["id"], "kind": "information_request",
        "due_choice": "date", **boxes}, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [message]
    assert "YYYY" not in page and "next_meeting" not in text(page), "the API's wording is not the form's"
    assert f'href="#due-date-{box}"' in page and f'id="due-date-{box}"' in page
    assert 'id="due-date-error"' in page
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


def test_the_log_form_asks_for_the_due_date_in_day_month_and_year_boxes(app: Flask, signed_in) -> None:
    page = signed_in("clerk").get(f"/meetings/{meetings(app, 'HOSC')[1]['id']}").get_data(as_text=True)
    date_input = page.split('id="due-date"', 1)[1].split("</fieldset>", 1)[0]
    for box, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert re.search(rf'<label class="govuk-label govuk-date-input__label" for="due-date-{box}">\s*{label}', date_input)
        assert re.search(rf'<input[^>]*\bname="due_date-{box}"[^>]*\binputmode="numeric"', date_input)
    assert 'type="date"' not in page and "2026-12-31" not in page


def test_choices_that_are_not_on_the_lists_say_to_choose_from_them(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions",
                         {"title": "Send the figures", "owner_id": "not-a-person", "kind": "gossip",
                          "due_choice": "none"}, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    assert sorted(error_summary(response.get_data(as_text=True))) == [
        "Choose the kind of undertaking from the list.", "Choose who owes it from the list."]
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


def test_a_clerk_logs_an_undertaking_that_follows_up_an_earlier_one(app: Flask, signed_in) -> None:
    meeting = meetings(app, "HOSC")[1]
    client = signed_in("clerk")
    form = {"minute_ref": "4.1", "title": "Report the finances again", "owner_id": person(app, "Alison Roberts")["id"],
            "kind": "further_update", "due_choice": "none"}
    page = client.get(f"/meetings/{meeting['id']}").get_data(as_text=True)
    assert '<label class="govuk-label" for="follows-up">' in page and "Follows up (reference of an earlier action)" in page
    response = post_form(client, f"/meetings/{meeting['id']}/actions", {**form, "follows_up": " hosc-0004 "},
                         page=f"/meetings/{meeting['id']}")
    assert response.status_code == 302
    assert action(app, "HOSC-0005")["follows_up_id"] == action(app, "HOSC-0004")["id"]
    shown = client.get("/actions/HOSC-0005").get_data(as_text=True)
    assert '<a class="govuk-link" href="/actions/HOSC-0004">HOSC-0004</a>: Report back on ICS finances' in shown


@pytest.mark.parametrize(("typed", "message"), [
    ("HOSC-0999", "There is no undertaking HOSC-0999: give the reference of an earlier one, or leave it blank."),
    ("the last one", "Give a reference like HOSC-0042."),
])
def test_a_follow_up_of_an_undertaking_that_is_not_there_is_refused_by_the_field(
        app: Flask, signed_in, typed: str, message: str) -> None:
    meeting = meetings(app, "HOSC")[1]
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions",
                         {"title": "", "due_choice": "none", "follows_up": typed}, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in error_summary(page) and "Choose who owes it." in error_summary(page)
    assert 'id="follows-up-error"' in page and field_value(page, "follows_up") == typed
    with pytest.raises(NotFoundError):
        action(app, "HOSC-0005")


# Keeping the calendar


def change_meeting(client, meeting: dict, **form: str):  # type: ignore[no-untyped-def]
    """Send the meeting page's "move, cancel or mark held" form."""
    return post_form(client, f"/meetings/{meeting['id']}/calendar", form, page=f"/meetings/{meeting['id']}")


def test_a_bad_new_time_for_a_meeting_is_shown_by_the_field_with_what_was_typed(app: Flask, signed_in) -> None:
    upcoming = meetings(app, "HOSC")[0]
    response = change_meeting(signed_in("clerk"), upcoming, change="move", starts_at="2027-02-30T10:00",
                              reason="The chamber is booked.")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Enter a real date and time, for example 20/01/2027 10:00."]
    assert 'id="starts-at-error"' in page, "the summary links to the field, and the message is by it"
    assert field_value(page, "starts_at") == "2027-02-30T10:00"
    assert field_value(page, "reason") == "The chamber is booked."
    assert re.search(r'<input[^>]*value="move" checked', page), "the choice made is kept"
    assert re.search(r'<details id="calendar" class="govuk-details"\s*open>', page), "the form is open to show it"
    assert meetings(app, "HOSC")[0]["starts_at"] == upcoming["starts_at"]


def test_a_meeting_time_the_clocks_skip_is_refused_saying_why(app: Flask, signed_in) -> None:
    upcoming = meetings(app, "HOSC")[0]
    client = signed_in("clerk")
    response = change_meeting(client, upcoming, change="move", starts_at="2027-03-28T01:30",
                              reason="Moved to the Sunday night.")
    assert response.status_code == 400
    message = ("The clocks go forward an hour at 1am on 28 March 2027, so 01:30 does not exist in the UK that day: "
               "choose another time.")
    assert error_summary(response.get_data(as_text=True)) == [message]
    assert meetings(app, "HOSC")[0]["starts_at"] == upcoming["starts_at"]
    added = post_form(client, "/committees/HOSC/meetings/new", {"starts_at": "2027-03-28T01:30", "title": "Night HOSC"})
    assert added.status_code == 400 and error_summary(added.get_data(as_text=True)) == [message]


def test_a_meeting_move_the_action_log_cannot_yet_check_says_to_try_again_and_changes_nothing(
        app: Flask, signed_in, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.domain.errors import UnavailableError

    upcoming = meetings(app, "HOSC")[0]

    def behind(*, strict: bool = False) -> None:  # the projection process has stopped, say
        if strict:
            raise UnavailableError("The action log is behind the record of changes: nothing was changed. Try again.")

    client = signed_in("clerk")
    monkeypatch.setattr(app.extensions["tracker"].read, "sync", behind)
    response = change_meeting(client, upcoming, change="move", starts_at="2027-01-14T10:00", reason="Room booked.")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Sorry, this cannot be done just now" in page and "nothing was changed. Try again." in page
    monkeypatch.undo()
    assert meetings(app, "HOSC")[0]["starts_at"] == upcoming["starts_at"]


def test_a_meeting_that_has_not_begun_cannot_be_marked_held(app: Flask, signed_in) -> None:
    upcoming = meetings(app, "HOSC")[0]
    response = change_meeting(signed_in("clerk"), upcoming, change="held")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    [message] = error_summary(page)
    assert "a meeting can be marked as held once it has begun" in message
    assert 'id="change-error"' in page and 'href="#change"' in page
    assert meetings(app, "HOSC")[0]["status"] == "scheduled"


def test_a_meeting_cannot_be_added_as_held_before_it_begins(app: Flask, signed_in) -> None:
    before = len(meetings(app, "HOSC"))
    response = post_form(signed_in("clerk"), "/committees/HOSC/meetings/new",
                         {"starts_at": "2027-03-01T10:00", "title": "HOSC", "status": "held"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["A meeting that starts on 1 March 2027 10:00 has not begun, so it cannot have been "
                                   "held: choose “Scheduled”, or correct the date and time."]
    assert 'href="#status"' in page and 'id="status-error"' in page
    assert field_value(page, "starts_at") == "2027-03-01T10:00"
    assert re.search(r'<input[^>]*value="held" checked', page), "the choice made is kept"
    assert len(meetings(app, "HOSC")) == before


def test_a_meeting_already_past_can_be_added_as_held(app: Flask, signed_in) -> None:
    response = post_form(signed_in("clerk"), "/committees/HOSC/meetings/new",
                         {"starts_at": "2026-06-01T10:00", "title": "HOSC in June", "status": "held"})
    assert response.status_code == 302
    assert meeting_titled(app, "HOSC", "HOSC in June")["status"] == "held"


def test_a_meeting_that_has_begun_is_marked_held(app: Flask, signed_in) -> None:
    began = app.extensions["tracker"].tracker.schedule_meeting(
        actor="system:test", committee="HOSC", title="This morning's HOSC",
        starts_at=datetime.now(timezone.utc) - timedelta(hours=1))
    response = change_meeting(signed_in("clerk"), {"id": str(began)}, change="held")
    assert response.status_code == 302
    assert app.extensions["tracker"].read.query("meeting_by_id", str(began))["status"] == "held"


def calendar_choices(page: str) -> list[str]:
    """The changes the meeting page's calendar form offers: its radios, or the one change it carries hidden."""
    form = re.search(r'<form method="post" action="/meetings/[^"]+/calendar".*?</form>', page, re.S)
    if not form:
        return []
    radios = re.findall(r'<input[^>]*name="change" type="radio" value="([a-z]+)"', form.group(0))
    return radios or re.findall(r'<input type="hidden" name="change" value="([a-z]+)"', form.group(0))


def test_a_scheduled_meeting_may_be_moved_cancelled_or_marked_held(app: Flask, signed_in) -> None:
    upcoming = meetings(app, "HOSC")[0]
    page = signed_in("clerk").get(f"/meetings/{upcoming['id']}").get_data(as_text=True)
    assert "Move, cancel or mark this meeting as held" in page
    assert calendar_choices(page) == ["move", "cancel", "held"]


def test_a_held_meeting_is_offered_only_a_move_to_correct_its_date_and_time(app: Flask, signed_in) -> None:
    held = next(m for m in meetings(app, "HOSC") if m["status"] == "held")
    page = signed_in("clerk").get(f"/meetings/{held['id']}").get_data(as_text=True)
    assert "Move, cancel or mark this meeting as held" not in page and "Move this meeting" in page
    assert calendar_choices(page) == ["move"]
    assert "It has been held, so it cannot be cancelled or marked as held again." in text(page)
    assert "Date and time it was held" in page
    assert field_value(page, "starts_at") == f"{to_london(held['starts_at']):%Y-%m-%dT%H:%M}", "it starts from the record"


@pytest.mark.parametrize("change", ["cancel", "held"])
def test_a_held_meeting_cannot_be_cancelled_or_marked_held_again_and_the_page_says_what_can_be_done(
        app: Flask, signed_in, change: str) -> None:
    held = next(m for m in meetings(app, "HOSC") if m["status"] == "held")
    response = change_meeting(signed_in("clerk"), held, change=change, reason="Sent in error")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["The meeting has been held, so it cannot be cancelled or marked as held again: "
                                   "only its date and time can be corrected."]
    assert 'href="#change"' in page and 'id="change"' in page
    assert meeting_titled(app, "HOSC", held["title"]) == held, "nothing changed"


def test_a_held_meeting_is_moved_to_the_time_it_was_held_but_not_to_one_still_to_come(app: Flask, signed_in) -> None:
    held = next(m for m in meetings(app, "HOSC") if m["status"] == "held")
    client = signed_in("clerk")
    later = f"{london_today() + timedelta(days=7):%Y-%m-%d}T10:00"
    response = change_meeting(client, held, change="move", starts_at=later, reason="Recorded on the wrong day")
    assert response.status_code == 400
    [message] = error_summary(response.get_data(as_text=True))
    assert message.startswith("The meeting has been held, so it cannot be moved to ") and "has not come yet" in message
    assert meeting_titled(app, "HOSC", held["title"])["starts_at"] == held["starts_at"]

    earlier = held["starts_at"] - timedelta(days=1)
    response = change_meeting(client, held, change="move", starts_at=f"{to_london(earlier):%Y-%m-%dT%H:%M}",
                              reason="Recorded on the wrong day")
    assert response.status_code == 302
    moved = meeting_titled(app, "HOSC", held["title"])
    assert (moved["status"], moved["starts_at"]) == ("held", earlier)


def test_a_cancelled_meeting_offers_no_change_and_points_to_adding_a_new_one(app: Flask, signed_in) -> None:
    tracker = app.extensions["tracker"].tracker
    upcoming = meetings(app, "HOSC")[0]
    tracker.cancel_meeting(UUID(upcoming["id"]), actor="user:clerk.hosc@example.org", reason="Not quorate")
    client = signed_in("clerk")
    page = client.get(f"/meetings/{upcoming['id']}").get_data(as_text=True)
    assert calendar_choices(page) == [] and "Save the change" not in page
    assert "This meeting was cancelled, so it cannot be moved or marked as held." in text(page)
    assert 'href="/committees/HOSC/meetings/new"' in page
    response = change_meeting(client, upcoming, change="move", starts_at="2027-03-01T10:00", reason="Quorate now")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "The meeting was cancelled, so it cannot be moved or marked as held: add a new meeting instead."]
    assert meeting_titled(app, "HOSC", upcoming["title"])["status"] == "cancelled"


def test_an_unknown_meeting_is_not_found(signed_in) -> None:
    client = signed_in("viewer")
    assert client.get("/meetings/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/meetings/last-week").status_code == 404


# People


def test_the_people_directory_finds_people_by_name_or_organisation(signed_in) -> None:
    client = signed_in("viewer")
    page = client.get("/people?q=worcestershire").get_data(as_text=True)
    found = text(page)
    assert "Alison Roberts" in found and "Cllr Karen May" in found and "Nicky O'Connor" not in found
    assert field_value(page, "q") == "worcestershire"
    assert "1 person" in client.get("/people?q=mehaffey").get_data(as_text=True)
    assert "0 people" in client.get("/people?q=100%25").get_data(as_text=True)


def test_a_clerk_adds_a_person_to_the_directory(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    response = post_form(client, "/people", {"name": "Jane Doe", "job_title": "Chief Nurse",
                                             "organisation": "Worcestershire Acute Hospitals", "email": "jane.doe@example.org"})
    assert response.status_code == 302
    added = person(app, "Jane Doe")
    assert response.headers["Location"].endswith(f"/people/{added['id']}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added Jane Doe to the directory." in page and "Chief Nurse" in page
    assert "Jane Doe" in text(client.get("/people?q=acute").get_data(as_text=True))


def test_adding_a_person_without_a_name_says_so_and_keeps_what_was_typed(app: Flask, signed_in) -> None:
    response = post_form(signed_in("clerk"), "/people", {"name": "", "job_title": "Chief Nurse", "email": "nurse@"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Enter the person's name (at most 200 characters).",
                                   "Enter an e-mail address like name@example.org."]
    assert field_value(page, "job_title") == "Chief Nurse" and field_value(page, "email") == "nurse@"
    assert not [p for p in app.extensions["tracker"].read.query("people") if p["job_title"] == "Chief Nurse"]


@pytest.mark.parametrize("who", ["viewer", "officer", "chair"])
def test_only_clerks_and_admins_keep_the_directory(app: Flask, signed_in, who: str) -> None:
    client = signed_in(who)
    assert "Add a person" not in client.get("/people").get_data(as_text=True)
    assert post_form(client, "/people", {"name": "Someone New"}).status_code == 403
    roberts = person(app, "Alison Roberts")["id"]
    assert post_form(client, f"/people/{roberts}", {"name": "Renamed", "expected_version": "1"}).status_code == 403
    assert person(app, "Alison Roberts")


def test_correcting_a_person_shows_on_every_action_they_own(app: Flask, signed_in) -> None:
    roberts = person(app, "Alison Roberts")
    client = signed_in("clerk")
    response = post_form(client, f"/people/{roberts['id']}", {
        "name": "Alison Roberts", "job_title": "Director of Finance and Performance",
        "organisation": roberts["organisation"], "email": roberts["email"], "expected_version": str(roberts["version"]),
    })
    assert response.status_code == 302
    assert "The details were corrected" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alison Roberts, Director of Finance and Performance" in text(client.get("/actions/HOSC-0004").get_data(as_text=True))


def test_a_stale_correction_says_someone_else_changed_the_person_and_saves_nothing(app: Flask, signed_in) -> None:
    roberts = person(app, "Alison Roberts")
    seen = str(roberts["version"])
    clerk, admin = signed_in("clerk"), signed_in("admin")
    path = f"/people/{roberts['id']}"
    fields = {"job_title": roberts["job_title"], "organisation": roberts["organisation"], "email": roberts["email"]}
    assert post_form(admin, path, {**fields, "name": "Dr Alison Roberts", "expected_version": seen}).status_code == 302
    response = post_form(clerk, path, {**fields, "name": "Alison Roberts-Smith", "expected_version": seen})
    assert response.status_code in (400, 409)
    page = response.get_data(as_text=True)
    assert "changed by someone else meanwhile" in page
    assert field_value(page, "name") == "Alison Roberts-Smith", "what the clerk typed is kept"
    assert f'name="expected_version" value="{roberts["version"] + 1}"' in page, "sending again corrects the new version"
    assert person(app, "Dr Alison Roberts")["version"] == roberts["version"] + 1


def test_an_unknown_person_is_not_found(signed_in) -> None:
    client = signed_in("viewer")
    assert client.get("/people/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/people/alison").status_code == 404


# Users


def test_an_admin_sees_every_account_and_its_role(signed_in) -> None:
    page = text(signed_in("admin").get("/admin/users").get_data(as_text=True))
    assert "9 accounts" in page
    assert "clerk.hosc@example.org HOSC Scrutiny Officer Clerk HOSC Scrutiny Officer" in page


@pytest.mark.parametrize("who", ["clerk", "officer", "chair", "viewer"])
def test_only_an_admin_manages_users(signed_in, who: str) -> None:
    client = signed_in(who)
    assert client.get("/admin/users").status_code == 403
    assert 'href="/admin/users"' not in client.get("/").get_data(as_text=True)


def test_an_admin_creates_an_account_that_can_sign_in(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    response = post_form(admin, "/admin/users", {
        "email": "New.Clerk@example.org", "name": "New Clerk", "role": "clerk",
        "person_id": person(app, "HOSC Scrutiny Officer")["id"], "password": "a-long-enough-password"})
    assert response.status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "Created the account for new.clerk@example.org." in page and "10 accounts" in page
    fresh = app.test_client()
    signed = fresh.post("/sign-in", data={"email": "new.clerk@example.org", "password": "a-long-enough-password",
                                          "csrf_token": csrf_token(fresh)})
    assert signed.status_code == 302
    assert "Hello, New Clerk" in fresh.get("/").get_data(as_text=True)


def test_a_weak_password_is_refused_with_a_message_and_never_shown_again(app: Flask, signed_in) -> None:
    response = post_form(signed_in("admin"), "/admin/users",
                         {"email": "weak@example.org", "name": "Weak", "role": "viewer", "password": "short"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Choose a password of 8 to 200 characters."]
    assert field_value(page, "email") == "weak@example.org"
    assert 'value="short"' not in page
    assert "weak@example.org" not in [u["email"] for u in app.extensions["tracker"].read.query("users")]


def test_an_account_without_a_role_asks_for_one(signed_in) -> None:
    response = post_form(signed_in("admin"), "/admin/users",
                         {"email": "norole@example.org", "name": "No Role", "role": "", "password": "long-enough-1"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Choose a role."]


def test_an_account_that_exists_already_is_not_created_twice(signed_in) -> None:
    email, _ = DEMO_USERS["viewer"]
    response = post_form(signed_in("admin"), "/admin/users",
                         {"email": email, "name": "Again", "role": "viewer", "password": "long-enough-1"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [f"A user with e-mail {email} exists already."]


# Not found, and not signed in


@pytest.mark.parametrize(("path", "says"), [
    ("/committees/NOPE", "There is no committee with the short name NOPE."),
    ("/meetings/00000000-0000-0000-0000-000000000000", "There is no such meeting."),
    ("/actions/HOSC-9999", "There is no undertaking HOSC-9999."),
    ("/people/00000000-0000-0000-0000-000000000000", "There is no such person in the directory."),
    ("/no/such/page", ""),
])
def test_an_unknown_page_is_not_found_in_the_services_own_style(signed_in, path: str, says: str) -> None:
    response = signed_in("clerk").get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'class="govuk-template' in page and '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert says in page
    assert "Traceback" not in page and "werkzeug" not in page.lower()
    assert "Signed in as HOSC Scrutiny Officer" in page


def test_a_forbidden_page_tells_a_signed_in_user_their_role_does_not_allow_it(app: Flask, signed_in) -> None:
    response = signed_in("viewer").get("/admin/users")
    assert response.status_code == 403
    assert "Your role does not allow this. If you think it should, ask the scrutiny team." in text(
        response.get_data(as_text=True))


def test_a_bad_calendar_link_says_what_is_wrong_and_not_that_a_role_forbids_it(app: Flask) -> None:
    response = app.test_client().get(f"/calendar/owner/{person(app, 'David Mehaffey')['id']}.ics?token=made-up")
    assert response.status_code == 403
    page = text(response.get_data(as_text=True))
    assert "This calendar link is not valid. Copy the Subscribe link again from the tracker." in page
    assert "role" not in page


@pytest.mark.parametrize("path", ["/committees/HOSC", "/", "/meetings/{earlier}"])
def test_an_extension_asked_for_is_dated_as_everywhere_else(app: Flask, signed_in, path: str) -> None:
    asked = action(app, "HOSC-0001")["extension"]["due_date"]
    earlier = meeting_titled(app, "HOSC", "Health Overview and Scrutiny Committee: Development")["id"]
    page = text(signed_in("clerk").get(path.format(earlier=earlier)).get_data(as_text=True))
    assert f"Extension asked to {asked:%-d %B %Y}" in page
    assert asked.isoformat() not in page


@pytest.mark.parametrize("path", [
    "/", "/committees", "/committees/HOSC?status=open&sort=owner", "/actions/HOSC-0001", "/people", "/admin/users",
])
def test_someone_not_signed_in_is_sent_to_sign_in_and_then_back(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/sign-in?next=")
    assert parse_qs(urlsplit(location).query)["next"] == [path]


def test_signing_in_from_the_redirect_returns_to_the_page_asked_for(app: Flask) -> None:
    client = app.test_client()
    location = client.get("/committees/HOSC?status=open").headers["Location"]
    email, password = DEMO_USERS["viewer"]
    response = client.post(location, data={"email": email, "password": password, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/committees/HOSC?status=open"

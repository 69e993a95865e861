"""The chair's pre-meeting review, over HTTP on the demo: its sections, accepting at the meeting, downloads."""

from __future__ import annotations

import csv
import io
import re
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from e2e_helpers import csrf_token, post_form
from tracker.domain.calendar import to_london


def next_meeting(app: Flask, short_name: str = "HOSC") -> dict:
    """The committee's next scheduled meeting in the demo."""
    read = app.extensions["tracker"].read
    committee = read.query("committee_by_short_name", short_name)
    return [m for m in read.query("meetings", UUID(committee["id"])) if m["status"] == "scheduled"][0]


def section(html: str, anchor: str) -> str:
    """The HTML of one section of the review: from its heading to the next heading."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start:end if end > 0 else None]


def versions_on(html: str) -> dict[str, str]:
    """The versions the review's accept form carries, by reference."""
    return dict(re.findall(r'name="version-([A-Z]+-\d+)" value="(\d+)"', html))


@pytest.fixture
def review(app: Flask) -> str:
    """The address of the review of HOSC's next meeting."""
    return f"/meetings/{next_meeting(app)['id']}/review"


def test_the_chair_sees_overdue_due_completed_extension_and_changed_items(signed_in, review: str) -> None:
    html = signed_in("chair").get(review).get_data(as_text=True)
    overdue = section(html, "overdue")
    assert "HOSC-0004" in overdue and "Report back on ICS finances" in overdue
    assert re.search(r"\d+ days overdue", overdue)
    # Nobody has been chased in the demo yet.
    assert 'govuk-table__cell--numeric">0</td>' in overdue
    assert "Finance section drafted" in overdue  # the last update, with its date
    assert "HOSC-0001" in section(html, "due") and "HOSC-0004" not in section(html, "due")
    completed = section(html, "completed")
    assert "HOSC-0002" in completed and "Accept at this meeting" in completed
    assert "HOSC-0001" in section(html, "extensions")
    changed = section(html, "changed")
    assert "Extension asked to" in changed and "Status Acknowledged → Completed" in changed
    assert "Accepted by the committee and closed" in changed  # HOSC-0003, accepted at the previous meeting
    assert "govuk-tag--red" in overdue


def test_the_review_page_is_well_formed_and_prints_without_its_controls(signed_in, review: str) -> None:
    html = signed_in("chair").get(review).get_data(as_text=True)
    headings = re.findall(r"<h([1-6])", html[html.index("<main"):])
    assert headings[0] == "1" and set(headings[1:]) == {"2"}
    assert html.count("<table") == html.count("<caption") == 5
    assert '<th class="govuk-table__header"' not in html and 'scope="col"' in html
    # The accept form's controls are in a form or are buttons, both of which the print stylesheet hides.
    assert 'class="govuk-list app-no-print"' in html
    assert 'app-no-print">Acceptance</th>' in html


def test_the_clerk_and_an_admin_may_open_the_review(signed_in, review: str) -> None:
    assert signed_in("clerk").get(review).status_code == 200
    assert signed_in("admin").get(review).status_code == 200


@pytest.mark.parametrize("who", ["viewer", "officer", "jhosc_clerk"])
def test_anyone_else_is_refused_the_review_and_its_downloads(signed_in, review: str, who: str) -> None:
    client = signed_in(who)
    for path in (review, review + ".csv", review + ".xlsx"):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/")
    response = client.post(review + "/accept", data={"accept": "HOSC-0002", "version-HOSC-0002": "5",
                                                     "csrf_token": token})
    assert response.status_code == 403


def test_someone_not_signed_in_is_sent_to_sign_in(app: Flask, review: str) -> None:
    response = app.test_client().get(review)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_an_unknown_meeting_is_not_found(signed_in) -> None:
    assert signed_in("chair").get("/meetings/not-a-meeting/review").status_code == 404


def test_the_chair_accepts_one_completed_undertaking_at_the_meeting(app: Flask, signed_in, review: str) -> None:
    chair: FlaskClient = signed_in("chair")
    meeting = next_meeting(app)
    versions = versions_on(chair.get(review).get_data(as_text=True))
    response = post_form(chair, review + "/accept", {"accept": "HOSC-0002", "version-HOSC-0002": versions["HOSC-0002"]},
                         page=review)
    assert response.status_code == 302
    page = chair.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Accepted at {meeting['title']} and closed: HOSC-0002." in page
    assert "HOSC-0002" not in section(page, "completed")

    services = app.extensions["tracker"]
    action = services.tracker.action("HOSC-0002")
    assert action["status"] == "closed" and action["accepted_at_meeting_id"] == UUID(meeting["id"])
    last = services.history.timeline("HOSC-0002")[-1]
    assert last["label"] == "Accepted by the committee" and last["actor"] == "user:chair.hosc@example.org"
    starts = to_london(meeting["starts_at"])
    accepted_at = next(c for c in last["changes"] if c["field"] == "accepted_at_meeting_id")
    assert accepted_at["to"] == f"{meeting['title']}, {starts.day} {starts:%B %Y}"  # which meeting, by its day too


def test_the_clerk_accepts_all_completed_undertakings_at_once(app: Flask, signed_in, review: str) -> None:
    tracker = app.extensions["tracker"].tracker
    tracker.complete("HOSC-0004", actor="user:director.ics@example.org", response="The report was circulated.")
    clerk = signed_in("clerk")
    versions = versions_on(clerk.get(review).get_data(as_text=True))
    assert set(versions) == {"HOSC-0002", "HOSC-0004"}
    form = {"accept": "all", **{f"version-{r}": v for r, v in versions.items()}}
    response = post_form(clerk, review + "/accept", form, page=review)
    assert response.status_code == 302
    for reference in versions:
        action = tracker.action(reference)
        assert action["status"] == "closed" and action["accepted_at_meeting_id"] == UUID(next_meeting(app)["id"])
    page = clerk.get(review).get_data(as_text=True)
    assert "Accept all" not in page


def test_with_one_undertaking_to_accept_there_is_no_button_to_accept_all_of_one(signed_in, review: str) -> None:
    page = signed_in("chair").get(review).get_data(as_text=True)
    assert list(versions_on(page)) == ["HOSC-0002"]
    assert "Accept all" not in page and "Accept at this meeting" in page


def test_accepting_a_stale_version_says_what_changed_and_accepts_nothing(app: Flask, signed_in, review: str) -> None:
    chair = signed_in("chair")
    versions = versions_on(chair.get(review).get_data(as_text=True))
    # Meanwhile the clerk reopens it.
    tracker = app.extensions["tracker"].tracker
    tracker.reopen("HOSC-0002", actor="user:clerk.hosc@example.org", reason="The comparison leaves out mental health.")
    response = post_form(chair, review + "/accept", {"accept": "HOSC-0002", "version-HOSC-0002": versions["HOSC-0002"]},
                         page=review)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "HOSC-0002 was not accepted: it changed after you opened this page" in html
    assert "reopened by" in html and "now logged" in html
    assert tracker.action("HOSC-0002")["status"] == "logged"


def test_accepting_nothing_asks_for_a_choice(signed_in, review: str) -> None:
    response = post_form(signed_in("chair"), review + "/accept", {"accept": "HOSC-0099"}, page=review)
    assert response.status_code == 400
    assert "Choose an undertaking to accept." in response.get_data(as_text=True)


def test_accepting_needs_the_csrf_token(signed_in, review: str) -> None:
    response = signed_in("chair").post(review + "/accept", data={"accept": "HOSC-0002", "version-HOSC-0002": "1"})
    assert response.status_code == 400


def test_the_review_downloads_as_csv(app: Flask, signed_in, review: str) -> None:
    response = signed_in("chair").get(review + ".csv")
    meeting_day = next_meeting(app)["local_date"]
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="HOSC-review-{meeting_day}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    by_section: dict[str, set[str]] = {}
    for row in rows:
        by_section.setdefault(row["Section"], set()).add(row["Reference"])
    assert by_section["Overdue"] == {"HOSC-0004"}
    assert by_section["Due by this meeting"] == {"HOSC-0001"}
    assert by_section["Awaiting acceptance"] == {"HOSC-0002"}
    assert by_section["Extensions requested"] == {"HOSC-0001"}
    assert {"HOSC-0001", "HOSC-0002", "HOSC-0003", "HOSC-0004"} <= by_section["Changed since last meeting"]
    overdue = next(r for r in rows if r["Section"] == "Overdue")
    assert overdue["Chases sent"] == "0" and int(overdue["Days overdue"]) > 0 and overdue["Owner"] == "Alison Roberts"


def test_the_review_downloads_as_a_workbook_with_a_sheet_per_section(app: Flask, signed_in, review: str) -> None:
    response = signed_in("chair").get(review + ".xlsx")
    meeting_day = next_meeting(app)["local_date"]
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"HOSC-review-{meeting_day}.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Overdue", "Due by this meeting", "Awaiting acceptance", "Extensions requested",
                               "Changed since last meeting"]
    overdue = book["Overdue"]
    assert overdue["A1"].value == "Reference" and overdue["A1"].font.bold
    assert overdue.column_dimensions["B"].width == 60
    assert [c.value for c in overdue["A"][1:]] == ["HOSC-0004"]
    assert [c.value for c in book["Awaiting acceptance"]["A"][1:]] == ["HOSC-0002"]
    assert [c.value for c in book["Extensions requested"]["A"][1:]] == ["HOSC-0001"]


def test_text_a_spreadsheet_would_run_is_defused_in_downloads(app: Flask, signed_in, review: str) -> None:
    tracker = app.extensions["tracker"].tracker
    tracker.note_progress("HOSC-0004", actor="user:clerk.hosc@example.org", text="=HYPERLINK(\"http://evil\")")
    client = signed_in("chair")
    text = client.get(review + ".csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get(review + ".xlsx").get_data()))
    cell = next(c for c in book["Overdue"][2] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_user_text_is_escaped_on_the_review(app: Flask, signed_in, review: str) -> None:
    tracker = app.extensions["tracker"].tracker
    tracker.note_progress("HOSC-0004", actor="user:clerk.hosc@example.org", text="<script>alert(1)</script>")
    html = signed_in("chair").get(review).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_what_changed_is_worked_out_from_plain_versions() -> None:
    from datetime import date, datetime, timezone

    from web.pages.review import changes_since

    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 10, tzinfo=timezone.utc)

    base = {"id": "a1", "reference": "X-0001", "title": "Do it", "status": "acknowledged", "due_date": date(2026, 11, 30),
            "extension_pending": False, "extension_due": None, "owner_id": "p1", "owner_name": "Ann",
            "last_update_at": None, "accepted_meeting_id": None}
    versions = [
        {**base, "modified_at": at(1)},  # as it stood when the previous meeting began
        {**base, "modified_at": at(5), "extension_pending": True, "extension_due": "2026-12-14"},
        {**base, "modified_at": at(6)},  # refused
        {**base, "modified_at": at(7), "extension_pending": True, "extension_due": "2026-12-21"},
        {**base, "modified_at": at(8), "due_date": date(2026, 12, 21)},  # granted
        {**base, "modified_at": at(9), "due_date": date(2026, 12, 21), "owner_id": "p2", "owner_name": "Bob"},
        {**base, "id": "a2", "reference": "X-0002", "modified_at": at(1)},
        {**base, "id": "a2", "reference": "X-0002", "modified_at": at(10)},  # a comment only: not a change
    ]
    changed = changes_since(versions, at(2))
    assert [c["reference"] for c in changed] == ["X-0001"]
    assert [c["text"] for c in changed[0]["changes"]] == [
        "Extension asked to 14 December 2026", "Extension refused", "Extension asked to 21 December 2026",
        "Due date 30 November 2026 → 21 December 2026", "Extension granted", "Owner Ann → Bob",
    ]


def test_the_review_says_how_often_an_overdue_item_was_chased_and_when_last(app: Flask, signed_in, review: str) -> None:
    from events.chaser import Chaser, as_if_at_ten
    from events.mail import MemoryMailer
    from tracker.domain.calendar import WorkingCalendar, london_today

    services = app.extensions["tracker"]
    services.outbox.mailer = MemoryMailer()
    day = WorkingCalendar("ENG").add_working_days(london_today(), 1)
    Chaser(services, services.outbox).run(as_if_at_ten(day))
    overdue = section(signed_in("chair").get(review).get_data(as_text=True), "overdue")
    row = overdue[overdue.index("HOSC-0004"):]
    assert re.search(r'numeric">1<br><span class="govuk-body-s">last on ' + f"{day:%-d %B %Y}", row), row[:800]
    assert any("HOSC-0004" in m.subject for m in services.outbox.mailer.sent)

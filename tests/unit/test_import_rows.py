"""Checking the rows of an action log before anything is written, matching owners, and the committee's memory of
what it imported."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from tracker.domain.calendar import london_today
from tracker.domain.committee import Committee
from tracker.domain.errors import DuplicateError
from tracker.domain.values import Status
from tracker.importing import ImportRow, build_import
from tracker.ports import MeetingSlot
from web.importing.owners import Directory
from web.importing.plan import check_rows, fingerprint
from web.importing.sheets import Sheet

HEADERS = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments"]
MAPPING = {"minute_ref": 0, "action": 1, "owner": 2, "due": 3, "status": 4, "update": 5}
PEOPLE = [
    {"id": str(uuid4()), "name": "A. Patel", "job_title": "Director of Public Health", "organisation": "County Council"},
    {"id": str(uuid4()), "name": "B. Jones", "job_title": "Head of Commissioning", "organisation": "County Council"},
    {"id": str(uuid4()), "name": "C. Jones", "job_title": "Head of Commissioning", "organisation": "District Council"},
]


def sheet(*rows: list[object], first: int = 3) -> Sheet:
    """A sheet whose header is in row first-1 (a title row above it), its rows numbered from `first`."""
    return Sheet("Action log", "log.xlsx", first - 1, HEADERS, [(first + n, list(r)) for n, r in enumerate(rows)], "f")


def test_every_bad_row_is_named_with_each_of_its_problems_and_the_good_rows_are_kept() -> None:
    checked = check_rows(sheet(
        ["5.1", "Provide the figures", "A. Patel", "31/03/2021", "Open", ""],
        ["5.2", "", "A. Patel", "31/03/2021", "Open", ""],
        ["5.3", "Share the plan", "", "31/02/2021", "Parked", ""],
        ["5.4", "Share the plan", "A. Patel", "Next meeting", "Completed", "Sent"],
        first=8,
    ), MAPPING, "HOSC", PEOPLE)
    assert checked.problems == [
        "Row 9: no action text",
        "Row 10: no owner: write who owes the action; the due date '31/02/2021' is not a date; "
        "the status 'Parked' is not one the import knows: write Open, Completed or Withdrawn",
    ]
    assert [r.row for r in checked.rows] == [8, 11]


def test_a_good_row_becomes_plain_values_with_a_title_a_kind_and_its_owner() -> None:
    checked = check_rows(sheet(["7", "Director of Public Health to circulate the\nbriefing note", "director of public "
                                "health, county council", "Next meeting", "Green - complete", "Sent on 2 April"]),
                         MAPPING, "HOSC", PEOPLE)
    row = checked.rows[0]
    assert (row.title, row.kind, row.minute_ref) == ("Circulate the briefing note", "circulate_document", "7")
    assert row.text == "Director of Public Health to circulate the\nbriefing note"  # kept as written
    assert str(row.owner_id) == PEOPLE[0]["id"]
    assert (row.due, row.status, row.status_text, row.update) == ("next_meeting", "completed", "Green - complete",
                                                                   "Sent on 2 April")


def test_a_long_cell_is_a_row_error_that_says_how_long_it_may_be() -> None:
    checked = check_rows(sheet(["1" * 31, "x" * 5001, "A. Patel", "", "", ""]), MAPPING, "HOSC", PEOPLE)
    assert checked.problems == ["Row 3: the minute reference is 31 characters long: shorten it to 30; "
                                "the action is 5,001 characters long: shorten it to 5,000"]


def test_a_date_raised_in_the_future_is_a_row_error() -> None:
    tomorrow = london_today() + timedelta(days=1)
    checked = check_rows(Sheet("s", "f.csv", 1, ["Action", "Owner", "Date raised"],
                               [(2, ["Provide it", "A. Patel", tomorrow.isoformat()])], "f"),
                         {"action": 0, "owner": 1, "raised_on": 2}, "HOSC", PEOPLE)
    assert checked.problems == [f"Row 2: the date raised '{tomorrow.isoformat()}' is in the future"]


def test_owners_are_found_by_name_or_job_title_and_organisation_else_they_are_new() -> None:
    directory = Directory(PEOPLE)
    assert directory.find("a patel")["id"] == PEOPLE[0]["id"]
    assert directory.find("Head of Commissioning, District Council")["id"] == PEOPLE[2]["id"]
    assert directory.find("Director of Public Health")["id"] == PEOPLE[0]["id"]  # the only one with that title
    assert directory.find("Head of Housing") is None


def test_an_owner_who_could_be_two_people_is_a_row_error_asking_for_the_organisation() -> None:
    checked = check_rows(sheet(["1", "Provide it", "Head of Commissioning", "", "", ""]), MAPPING, "HOSC", PEOPLE)
    assert checked.problems[0].startswith("Row 3: the owner 'Head of Commissioning' could be any of B. Jones")
    assert checked.problems[0].endswith("write the job title and organisation")


def test_a_fingerprint_ignores_case_spacing_and_punctuation_but_not_the_committee_or_the_words() -> None:
    same = fingerprint("HOSC", "5.1", "Provide the figures.", "A. Patel")
    assert fingerprint("hosc", "5 1", "provide  the figures", "a patel") == same
    assert fingerprint("JHOSC", "5.1", "Provide the figures.", "A. Patel") != same
    assert fingerprint("HOSC", "5.1", "Provide the other figures.", "A. Patel") != same


def _row(n: int, **details: object) -> ImportRow:
    values = {"title": f"Provide item {n}", "text": f"Provide item {n}", "kind": "information_request",
              "owner_name": "Head of Housing", **details}
    return ImportRow(row=n, fingerprint=f"fp{n}", **values)  # type: ignore[arg-type]


def test_an_import_logs_each_row_once_with_its_history_dated_as_the_sheet_dates_it() -> None:
    committee = Committee.register(actor="clerk", short_name="HOSC", name="HOSC", authority="Council", chair_id=None,
                                   clerk_id=None, public=False)
    meeting = MeetingSlot(uuid4(), datetime(2021, 6, 9, 9, tzinfo=timezone.utc), True)
    rows = [_row(1, raised_on=date(2021, 1, 20), status="completed", status_text="Done", update="Sent"),
            _row(2, meeting_on=date(2021, 6, 9), due="next_meeting"),
            _row(3, raised_on=date(2021, 1, 20), status="withdrawn", status_text="Superseded"),
            ImportRow(row=4, fingerprint="fp1", title="Provide item 1", text="Provide item 1", kind="other",
                      owner_name="Head of Housing")]  # the same row twice in one file
    batch = build_import(committee, rows, actor="import:clerk", slots=[meeting], source="log.xlsx", file_fingerprint="f")
    people, *actions = batch.aggregates
    assert people.name == "Head of Housing" and len(actions) == 3  # one new person for the three rows
    done, due_next, withdrawn = actions
    assert [type(e).__name__ for e in done.collect_events()] == ["Logged", "ProgressNoted", "Completed", "Closed"]
    assert done.status is Status.CLOSED and done.imported and done.created_on.date() == date(2021, 1, 20)
    assert due_next.meeting_id == meeting.id and due_next.created_on == meeting.starts_at
    assert (due_next.due_next_meeting, due_next.due_date) == (True, None)  # no meeting after it in the calendar yet
    assert withdrawn.status is Status.WITHDRAWN
    assert batch.outcome.already == [(4, "HOSC-0001")]
    assert committee.imported_as("fp1") == "HOSC-0001" and committee.last_number == 3
    with pytest.raises(DuplicateError, match="imported before"):
        committee.record_import(actor="import:clerk", source="again", file_fingerprint="f", rows={"fp2": "HOSC-0009"})

"""Checking the rows of an action log before anything is written, matching owners, and the committee's memory of
what it imported."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from tracker.domain.calendar import london_today
from tracker.domain.committee import Committee
from tracker.domain.errors import DuplicateError
from tracker.domain.calendar import from_london, to_london
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


DATED = ["Action", "Owner", "Status", "Update", "Date raised", "Meeting date", "Date of update", "Date completed",
         "Date closed"]
DATED_MAPPING = {"action": 0, "owner": 1, "status": 2, "update": 3, "raised_on": 4, "meeting_on": 5, "updated_on": 6,
                 "completed_on": 7, "closed_on": 8}


def dated(*rows: list[object]) -> Sheet:
    return Sheet("s", "f.csv", 1, DATED, [(2 + n, list(r)) for n, r in enumerate(rows)], "f")


def test_the_dates_of_an_update_a_completion_and_a_closure_are_read_and_checked() -> None:
    checked = check_rows(dated(
        ["Provide it", "A. Patel", "Complete", "Sent", "14/03/2021", "", "20/06/2021", "20/06/2021", "1 July 2021"],
        ["Provide it", "A. Patel", "Complete", "", "14/03/2021", "", "", "31/02/2021", ""],
        ["Provide it", "A. Patel", "Complete", "", "14/03/2021", "", "", "01/03/2021", ""],
        ["Provide it", "A. Patel", "Open", "Sent", "", "14/03/2021", "13/03/2021", "", ""],
        ["Provide it", "A. Patel", "Complete", "", "", "", "", "20/06/2021", "19/06/2021"],
        ["Provide it", "A. Patel", "Amber", "", "", "", "", "20/06/2021", ""],
        ["Provide it", "A. Patel", "Withdrawn", "", "", "", "", "20/06/2021", "21/06/2021"],
        ["Provide it", "A. Patel", "", "", "", "", "", "", "21/06/2021"],
        ["Provide it", "A. Patel", "Open", "", "", "", "", "", "21/06/2021"],
    ), DATED_MAPPING, "HOSC", PEOPLE)
    assert checked.problems == [
        "Row 3: the date completed '31/02/2021' is not a date",
        "Row 4: the date completed '01/03/2021' is before the date raised '14/03/2021'",
        "Row 5: the date of update '13/03/2021' is before the meeting date '14/03/2021'",
        "Row 6: the date closed '19/06/2021' is before the date completed '20/06/2021'",
        "Row 7: the date completed '20/06/2021' is given, but the status 'Amber' says it is still open: "
        "write Completed, or clear the date",
        "Row 8: the date completed '20/06/2021' is given, but the status 'Withdrawn' says it was not done: "
        "write Completed, or clear the date",
        "Row 10: the date closed '21/06/2021' is given, but the status 'Open' says it is still open: "
        "write Completed or Withdrawn, or clear the date",
    ]
    first, blank = checked.rows
    assert (first.updated_on, first.completed_on, first.closed_on) == (date(2021, 6, 20), date(2021, 6, 20),
                                                                      date(2021, 7, 1))
    assert (blank.status, blank.status_text, blank.closed_on) == ("completed", "", date(2021, 6, 21))  # no status: done


def test_a_completion_date_in_the_future_is_a_row_error() -> None:
    tomorrow = london_today() + timedelta(days=1)
    checked = check_rows(dated(["Provide it", "A. Patel", "Complete", "", "", "", "", tomorrow.isoformat(), ""]),
                         DATED_MAPPING, "HOSC", PEOPLE)
    assert checked.problems == [f"Row 2: the date completed '{tomorrow.isoformat()}' is in the future"]


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


def _committee() -> Committee:
    return Committee.register(actor="clerk", short_name="HOSC", name="HOSC", authority="Council", chair_id=None,
                              clerk_id=None, public=False)


def test_an_import_logs_each_row_once_with_its_history_dated_as_the_sheet_dates_it() -> None:
    committee = _committee()
    meeting = MeetingSlot(uuid4(), datetime(2021, 6, 9, 9, tzinfo=timezone.utc), True)
    rows = [_row(1, raised_on=date(2021, 1, 20), status="completed", status_text="Done", update="Sent"),
            _row(2, meeting_on=date(2021, 6, 9), due="next_meeting"),
            _row(3, raised_on=date(2021, 1, 20), status="withdrawn", status_text="Superseded"),
            ImportRow(row=4, fingerprint="fp1", title="Provide item 1", text="Provide item 1", kind="other",
                      owner_name="Head of Housing")]  # the same row twice in one file
    batch = build_import(committee, rows, actor="import:clerk", slots=[meeting], source="log.xlsx",
                         file_fingerprint="f", now=NOW)
    people, *actions = batch.aggregates
    assert people.name == "Head of Housing" and len(actions) == 3  # one new person for the three rows
    done, due_next, withdrawn = actions
    assert [type(e).__name__ for e in done.collect_events()] == ["Logged", "ProgressNoted", "Completed", "Closed"]
    assert done.status is Status.CLOSED and done.imported and done.created_on.date() == date(2021, 1, 20)
    assert done.completed_at == NOW + timedelta(seconds=1)  # no date for it in the sheet: at the import, in order
    assert due_next.meeting_id == meeting.id and due_next.created_on == meeting.starts_at
    assert (due_next.due_next_meeting, due_next.due_date) == (True, None)  # no meeting after it in the calendar yet
    assert withdrawn.status is Status.WITHDRAWN
    assert batch.outcome.already == [(4, "HOSC-0001")]
    assert committee.imported_as("fp1") == "HOSC-0001" and committee.last_number == 3
    with pytest.raises(DuplicateError, match="imported before"):
        committee.record_import(actor="import:clerk", source="again", file_fingerprint="f", rows={"fp2": "HOSC-0009"})


NOW = datetime(2026, 11, 23, 14, 5, tzinfo=timezone.utc)
RAISED = date(2021, 3, 14)


def _history(row: ImportRow, slots: list[MeetingSlot] | None = None) -> list[tuple[str, datetime, dict]]:
    batch = build_import(_committee(), [row], actor="import:clerk", slots=slots or [], source="log.xlsx",
                         file_fingerprint="f", now=NOW)
    action = batch.aggregates[-1]
    return [(type(e).__name__, e.timestamp, e.__dict__) for e in action.collect_events()]


def test_a_completion_the_sheet_does_not_date_is_dated_at_the_import_and_says_so() -> None:
    history = _history(_row(6, raised_on=RAISED, status="completed", status_text="Complete",
                            update="Figures circulated 20 June"))
    assert [(name, at) for name, at, _ in history] == [
        ("Logged", from_london(datetime(2021, 3, 14, 12))), ("ProgressNoted", NOW),
        ("Completed", NOW + timedelta(seconds=1)), ("Closed", NOW + timedelta(seconds=2))]
    texts = [e.get("text") or e.get("response") or e.get("note") for _, _, e in history[1:]]
    assert texts == [
        "Figures circulated 20 June\n\n(Undated in the action log imported on 23 November 2026.)",
        "Recorded as “Complete” in the action log imported on 23 November 2026, which gives no date for it.",
        "Closed in the action log imported on 23 November 2026, which gives no date for it.",
    ]


def test_each_date_the_sheet_gives_dates_its_event_in_order() -> None:
    history = _history(_row(6, raised_on=RAISED, status="completed", status_text="Complete", update="Sent",
                            updated_on=date(2021, 6, 20), completed_on=date(2021, 6, 20), closed_on=date(2021, 7, 1)))
    assert [(name, to_london(at).date()) for name, at, _ in history] == [
        ("Logged", RAISED), ("ProgressNoted", date(2021, 6, 20)), ("Completed", date(2021, 6, 20)),
        ("Closed", date(2021, 7, 1))]
    assert [at for _, at, _ in history] == sorted({at for _, at, _ in history})  # the same day: a second apart
    assert history[1][2]["text"] == "Sent"
    assert history[2][2]["response"] == ("Recorded as “Complete” in the action log imported on 23 November 2026, "
                                         "completed on 20 June 2021.")
    assert history[3][2]["note"] == "Closed on 1 July 2021 in the action log imported on 23 November 2026."


def test_a_closure_date_alone_dates_the_completion_and_a_completion_date_alone_the_closure() -> None:
    closed = _history(_row(1, raised_on=RAISED, status="completed", status_text="Closed", closed_on=date(2021, 5, 5)))
    assert [(name, to_london(at).date()) for name, at, _ in closed] == [
        ("Logged", RAISED), ("Completed", date(2021, 5, 5)), ("Closed", date(2021, 5, 5))]
    done = _history(_row(1, raised_on=RAISED, status="completed", completed_on=date(2021, 5, 5)))
    assert done[1][2]["response"] == ("Recorded as completed in the action log imported on 23 November 2026, "
                                      "completed on 5 May 2021.")
    assert done[2][2]["note"] == "Closed on completion in the action log imported on 23 November 2026."


def test_an_update_after_it_was_done_is_a_comment_in_its_place_in_time() -> None:
    later = _history(_row(1, raised_on=RAISED, status="completed", status_text="Done", update="Discussed in July",
                          updated_on=date(2021, 7, 21), completed_on=date(2021, 6, 30)))
    assert [(name, to_london(at).date()) for name, at, _ in later] == [
        ("Logged", RAISED), ("Completed", date(2021, 6, 30)), ("Closed", date(2021, 6, 30)),
        ("Commented", date(2021, 7, 21))]
    undated = _history(_row(1, raised_on=RAISED, status="withdrawn", status_text="Withdrawn", update="Not needed",
                            closed_on=date(2021, 4, 1)))
    assert [(name, at) for name, at, _ in undated][1:] == [("Withdrawn", from_london(datetime(2021, 4, 1, 12))),
                                                           ("Commented", NOW)]
    assert undated[1][2]["reason"] == ("Recorded as “Withdrawn” in the action log imported on 23 November 2026, "
                                       "closed on 1 April 2021.")


def test_without_a_date_raised_or_meeting_it_is_logged_by_the_due_date_or_the_first_date_the_sheet_gives() -> None:
    due = _history(_row(1, due=date(2021, 3, 31), status="completed", completed_on=date(2021, 5, 5)))
    assert [(n, to_london(at).date()) for n, at, _ in due][:2] == [("Logged", date(2021, 3, 31)),
                                                                    ("Completed", date(2021, 5, 5))]
    early = _history(_row(1, due=date(2021, 3, 31), status="completed", completed_on=date(2021, 3, 10)))
    assert [(n, to_london(at).date()) for n, at, _ in early][:2] == [("Logged", date(2021, 3, 10)),
                                                                      ("Completed", date(2021, 3, 10))]
    nothing = _history(_row(1, due=date(2027, 1, 31)))
    assert [(n, at) for n, at, _ in nothing] == [("Logged", NOW)]


def test_a_meeting_that_began_later_on_the_day_of_a_completion_still_comes_first() -> None:
    meeting = MeetingSlot(uuid4(), datetime(2021, 6, 9, 17, tzinfo=timezone.utc), True)
    history = _history(_row(1, meeting_on=date(2021, 6, 9), status="completed", completed_on=date(2021, 6, 9)),
                       [meeting])
    assert [at for _, at, _ in history] == [meeting.starts_at + timedelta(seconds=n) for n in range(3)]

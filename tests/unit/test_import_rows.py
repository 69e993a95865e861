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
from web.importing.plan import check_rows
from web.importing.twins import fingerprint
from web.importing.sheets import Sheet

HEADERS = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments"]
MAPPING = {"minute_ref": 0, "action": 1, "owner": 2, "due": 3, "status": 4, "update": 5}
PEOPLE = [
    {"id": str(uuid4()), "name": "A. Patel", "job_title": "Director of Public Health", "organisation": "County Council"},
    {"id": str(uuid4()), "name": "B. Jones", "job_title": "Head of Commissioning", "organisation": "County Council"},
    {"id": str(uuid4()), "name": "C. Jones", "job_title": "Head of Commissioning", "organisation": "District Council"},
]
LOCAL = Directory(PEOPLE, tied=[p["id"] for p in PEOPLE])  # everyone here is tied to the committee
ELSEWHERE = {"id": str(uuid4()), "name": "AWSC Democratic Services Officer", "job_title": "Democratic Services Officer",
             "organisation": "Another Council"}


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
    ), MAPPING, "HOSC", LOCAL)
    assert checked.problems == [
        "Row 9: no action text",
        "Row 10: no owner: write who owes the action; the due date '31/02/2021' is not a date; "
        "the status 'Parked' is not one the import knows: write Open, Completed or Withdrawn",
    ]
    assert [r.row for r in checked.rows] == [8, 11]


def test_a_good_row_becomes_plain_values_with_a_title_a_kind_and_its_owner() -> None:
    checked = check_rows(sheet(["7", "Director of Public Health to circulate the\nbriefing note", "director of public "
                                "health, county council", "Next meeting", "Green - complete", "Sent on 2 April"]),
                         MAPPING, "HOSC", LOCAL)
    row = checked.rows[0]
    assert (row.title, row.kind, row.minute_ref) == ("Circulate the briefing note", "circulate_document", "7")
    assert row.text == "Director of Public Health to circulate the\nbriefing note"  # kept as written
    assert str(row.owner_id) == PEOPLE[0]["id"]
    assert (row.due, row.status, row.status_text, row.update) == ("next_meeting", "completed", "Green - complete",
                                                                   "Sent on 2 April")


def test_a_long_cell_is_a_row_error_that_says_how_long_it_may_be() -> None:
    checked = check_rows(sheet(["1" * 31, "x" * 5001, "A. Patel", "", "", ""]), MAPPING, "HOSC", LOCAL)
    assert checked.problems == ["Row 3: the minute reference is 31 characters long: shorten it to 30; "
                                "the action is 5,001 characters long: shorten it to 5,000"]


def test_a_date_raised_in_the_future_is_a_row_error() -> None:
    tomorrow = london_today() + timedelta(days=1)
    checked = check_rows(Sheet("s", "f.csv", 1, ["Action", "Owner", "Date raised"],
                               [(2, ["Provide it", "A. Patel", tomorrow.isoformat()])], "f"),
                         {"action": 0, "owner": 1, "raised_on": 2}, "HOSC", LOCAL)
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
    ), DATED_MAPPING, "HOSC", LOCAL)
    assert checked.problems == [
        "Row 3: the date completed '31/02/2021' is not a date",
        "Row 4: the date completed, 1 March 2021, is before the date raised, 14 March 2021",
        "Row 5: the date of update, 13 March 2021, is before the meeting date, 14 March 2021",
        "Row 6: the date closed, 19 June 2021, is before the date completed, 20 June 2021",
        "Row 7: the date completed, 20 June 2021, is given, but the status 'Amber' says it is still open: "
        "write Completed, or clear the date",
        "Row 8: the date completed, 20 June 2021, is given, but the status 'Withdrawn' says it was not done: "
        "write Completed, or clear the date",
        "Row 10: the date closed, 21 June 2021, is given, but the status 'Open' says it is still open: "
        "write Completed or Withdrawn, or clear the date",
    ]
    first, blank = checked.rows
    assert (first.updated_on, first.completed_on, first.closed_on) == (date(2021, 6, 20), date(2021, 6, 20),
                                                                      date(2021, 7, 1))
    assert (blank.status, blank.status_text, blank.closed_on) == ("completed", "", date(2021, 6, 21))  # no status: done


def test_a_completion_date_in_the_future_is_a_row_error() -> None:
    tomorrow = london_today() + timedelta(days=1)
    checked = check_rows(dated(["Provide it", "A. Patel", "Complete", "", "", "", "", tomorrow.isoformat(), ""]),
                         DATED_MAPPING, "HOSC", LOCAL)
    assert checked.problems == [f"Row 2: the date completed '{tomorrow.isoformat()}' is in the future"]


def test_owners_are_found_by_name_or_job_title_and_organisation_else_they_are_new() -> None:
    assert LOCAL.find("a patel")["id"] == PEOPLE[0]["id"]
    assert LOCAL.find("Head of Commissioning, District Council")["id"] == PEOPLE[2]["id"]
    assert LOCAL.find("Director of Public Health")["id"] == PEOPLE[0]["id"]  # the only one with that title
    assert LOCAL.find("Head of Housing") is None


def test_a_job_title_alone_finds_only_someone_tied_to_the_committee() -> None:
    # The only "Democratic Services Officer" in the directory clerks another council's committee: a log that names
    # the post alone means this council's, who is not in the directory yet.
    directory = Directory([*PEOPLE, ELSEWHERE], tied=[PEOPLE[0]["id"]])
    assert directory.find("Democratic Services Officer") is None
    assert directory.find("Director of Public Health")["id"] == PEOPLE[0]["id"]  # tied: the committee's own
    assert directory.find("Head of Commissioning") is None  # neither holder is tied
    # Named with the organisation, or by name, anyone is found.
    assert directory.find("Democratic Services Officer, Another Council")["id"] == ELSEWHERE["id"]
    assert directory.find("AWSC Democratic Services Officer")["id"] == ELSEWHERE["id"]
    # Tied, the post alone finds them; two tied holders are a row error, as before.
    assert Directory([*PEOPLE, ELSEWHERE], tied=[ELSEWHERE["id"]]).find("Democratic Services Officer") is ELSEWHERE


def test_someone_known_only_by_what_an_earlier_log_called_them_is_found_only_by_a_committee_they_are_tied_to() -> None:
    added = {"id": str(uuid4()), "name": "Head of Housing", "job_title": "", "organisation": ""}
    assert Directory([*PEOPLE, added], tied=[added["id"]]).find("head of housing") is added
    assert Directory([*PEOPLE, added], tied=[]).find("head of housing") is None


def test_someone_in_the_directory_by_their_name_alone_is_found_by_it_from_any_committee() -> None:
    # Added with just a name (no post, no organisation): a person, not a post, so matched wherever they are named.
    added = {"id": str(uuid4()), "name": "C. Brown", "job_title": "", "organisation": ""}
    assert Directory([*PEOPLE, added], tied=[]).find("c brown") is added


def test_an_owner_who_could_be_two_people_is_a_row_error_asking_for_the_organisation() -> None:
    checked = check_rows(sheet(["1", "Provide it", "Head of Commissioning", "", "", ""]), MAPPING, "HOSC", LOCAL)
    assert checked.problems[0].startswith("Row 3: the owner 'Head of Commissioning' could be any of B. Jones")
    assert checked.problems[0].endswith("write the job title and organisation")


def test_a_fingerprint_ignores_case_spacing_and_punctuation_but_not_the_committee_or_the_words() -> None:
    same = fingerprint("HOSC", "5.1", "Provide the figures.", "A. Patel")
    assert fingerprint("hosc", "5 1", "provide  the figures", "a patel") == same
    assert fingerprint("JHOSC", "5.1", "Provide the figures.", "A. Patel") != same
    assert fingerprint("HOSC", "5.1", "Provide the other figures.", "A. Patel") != same
    assert fingerprint("HOSC", "5.1", "Provide the figures.", "A. Patel", 2) != same


TWINS = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments", "Date Raised"]
TWINS_MAPPING = {**MAPPING, "raised_on": 6}


def twins(*rows: list[object]) -> Sheet:
    return Sheet("s", "f.csv", 1, TWINS, [(2 + n, list(r)) for n, r in enumerate(rows)], "f")


def test_rows_alike_but_for_a_date_are_two_undertakings_and_the_first_keeps_its_fingerprint() -> None:
    checked = check_rows(twins(
        ["5", "Provide the quarterly figures", "A. Patel", "30/06/2021", "Open", "", "14/03/2021"],
        ["5", "Provide the quarterly figures", "A. Patel", "30/09/2021", "Open", "", "14/03/2021"],
        ["5", "Provide the quarterly figures", "A. Patel", "30/06/2021", "Open", "", "20/05/2021"],
    ), TWINS_MAPPING, "HOSC", LOCAL)
    assert checked.problems == []
    prints = [r.fingerprint for r in checked.rows]
    assert len(set(prints)) == 3
    # The first is recognised by an import made before rows like it were told apart.
    assert prints[0] == fingerprint("HOSC", "5", "Provide the quarterly figures", "A. Patel")


def test_undertakings_alike_but_for_a_date_keep_their_fingerprints_however_a_later_export_orders_them() -> None:
    earliest = ["5", "Provide the quarterly figures", "A. Patel", "30/06/2021", "Open", "", "14/03/2021"]
    later = ["5", "Provide the quarterly figures", "A. Patel", "30/06/2021", "Open", "", "20/05/2021"]
    since = ["5", "Provide the quarterly figures", "A. Patel", "31/12/2021", "Open", "", "15/09/2021"]
    first = check_rows(twins(earliest, later), TWINS_MAPPING, "HOSC", LOCAL)
    # The next export lists them newest first, with one that arose since.
    again = check_rows(twins(since, later, earliest), TWINS_MAPPING, "HOSC", LOCAL)
    by_raised = {r.raised_on: r.fingerprint for r in again.rows}
    assert [by_raised[r.raised_on] for r in first.rows] == [r.fingerprint for r in first.rows]
    assert len(set(by_raised.values())) == 3


def test_a_row_alike_in_every_cell_repeats_the_earlier_one_and_is_imported_once() -> None:
    row = ["5", "Provide the figures", "A. Patel", "30/06/2021", "Open", "", "14/03/2021"]
    checked = check_rows(twins(row, ["6", "Share the plan", "A. Patel", "", "Open", "", ""], list(row)),
                         TWINS_MAPPING, "HOSC", LOCAL)
    assert checked.problems == [] and checked.rows[0].fingerprint == checked.rows[2].fingerprint
    batch = build_import(_committee(), checked.rows, actor="import:clerk", slots=[], source="f.csv",
                         file_fingerprint="f", now=NOW)
    outcome = batch.outcome
    assert [ref for _, ref, _ in outcome.imported] == ["HOSC-0001", "HOSC-0002"]
    assert outcome.repeated == [(4, 2, "HOSC-0001")] and outcome.already == []  # not "imported before": a repeat


def test_a_row_alike_in_its_dates_but_not_its_status_or_update_is_a_row_error() -> None:
    checked = check_rows(twins(
        ["5", "Provide the figures", "A. Patel", "30/06/2021", "Open", "", "14/03/2021"],
        ["5", "provide the figures.", "a patel", "30/06/2021", "Complete", "Sent", "14/03/2021"],
    ), TWINS_MAPPING, "HOSC", LOCAL)
    assert checked.problems == [
        "Row 3: it gives the same minute reference, action, owner and dates as row 2 but a different status and "
        "latest update: delete the row that is out of date, or, if they are two undertakings, tell them apart by "
        "their dates"]


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
    # No meeting in the six months after it, in the calendar or the file: no due date, and it says why.
    assert (due_next.due_next_meeting, due_next.due_date) == (False, None)
    assert "no due date was set" in due_next.detail
    assert withdrawn.status is Status.WITHDRAWN
    assert batch.outcome.repeated == [(4, 1, "HOSC-0001")] and batch.outcome.already == []
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


# "Next meeting": the first meeting after the one the row arose at, from the calendar or the sheet's meeting dates.

def _slot(day: date, active: bool = True) -> MeetingSlot:
    return MeetingSlot(uuid4(), from_london(datetime.combine(day, datetime.min.time()).replace(hour=10)), active)


def _next(rows: list[ImportRow], slots: list[MeetingSlot]) -> tuple[list, dict]:
    batch = build_import(_committee(), rows, actor="import:clerk", slots=slots, source="log.xlsx",
                         file_fingerprint="f", now=NOW)
    return batch.aggregates[1:], batch.outcome.next_meetings


def test_an_old_row_due_next_meeting_takes_the_next_meeting_in_the_sheet_not_the_calendars_first_years_later() -> None:
    july, september = date(2023, 7, 12), date(2023, 9, 13)
    calendar = [_slot(date(2026, 12, 17))]  # the calendar starts long after the sheet's meetings
    (due, _), found = _next([_row(1, meeting_on=july, due="next_meeting"), _row(2, meeting_on=september)], calendar)
    assert (due.due_date, due.due_next_meeting, due.due_meeting_id) == (september, False, None)  # a date: fixed
    assert due.detail == ("Due “Next meeting” in the imported action log: the next meeting in it after 12 July 2023 "
                          "was on 13 September 2023.")
    assert (found[1].day, found[1].found_in) == (september, "file")


def test_the_calendars_meeting_counts_when_it_comes_first_and_the_action_then_follows_the_calendar() -> None:
    july, august, september = date(2023, 7, 12), date(2023, 8, 2), date(2023, 9, 13)
    extra = _slot(august)
    (due, _), found = _next([_row(1, meeting_on=july, due="next_meeting"), _row(2, meeting_on=september)],
                            [_slot(july), _slot(date(2023, 7, 20), active=False), extra])
    assert (due.due_date, due.due_next_meeting, due.due_meeting_id, due.detail) == (august, True, extra.id, "")
    assert found[1].found_in == "calendar"


def test_an_old_row_with_no_meeting_within_six_months_in_either_is_left_with_no_due_date() -> None:
    # The calendar's next meeting after 12 July 2023 is three years on; the sheet names no later meeting.
    [due], found = _next([_row(1, meeting_on=date(2023, 7, 12), due="next_meeting", status="completed")],
                         [_slot(date(2026, 10, 25))])
    assert (due.due_date, due.due_next_meeting) == (None, False)  # not chased, and the calendar will not move it
    assert due.detail == ("Due “Next meeting” in the imported action log, but neither the committee's calendar nor "
                          "the log has a meeting within six months after 12 July 2023, so no due date was set.")
    assert found[1].found_in == "unknown"


def test_a_recent_row_due_next_meeting_follows_the_calendar_as_one_logged_today_would() -> None:
    recent = date(2026, 10, 1)  # less than six months before the import: its next meeting may be still to come
    (scheduled, unscheduled), found = _next(
        [_row(1, meeting_on=recent, due="next_meeting"), _row(2, raised_on=recent, due="next_meeting")],
        [_slot(date(2027, 6, 1))])
    assert (scheduled.due_date, scheduled.due_next_meeting) == (date(2027, 6, 1), True)
    assert found[1].found_in == found[2].found_in == "calendar"
    (none,), found = _next([_row(1, meeting_on=recent, due="next_meeting")], [])
    assert (none.due_date, none.due_next_meeting, found[1].day) == (None, True, None)  # once it is scheduled

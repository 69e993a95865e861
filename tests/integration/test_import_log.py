"""Importing a real XLSX action log into a committee's log, on SQLite and on PostgreSQL: every row with its dated
history (dated by the sheet where it gives dates, else at the import), nothing twice, nothing at all when any row
is bad, and a race lost at save tried again."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import openpyxl
import pytest

from events.view import ActionFilter
from tracker.domain.calendar import from_london, to_london
from tracker.domain.errors import ConflictError
from web.importing.columns import guess
from web.importing.plan import RowsRejectedError, import_sheet
from web.importing.sheets import read_sheet
from web.services import Services

CLERK = "user:clerk@example.org"
ACTOR = "import:clerk@example.org"
HEADERS = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments", "Date Raised"]
RAISED = date(2021, 1, 20)
# The log as a clerk keeps it: (minute, action, owner, due, status, update).
ROWS = [
    ("5.1", "Director of Public Health to circulate the briefing note to members", "Director of Public Health",
     date(2021, 3, 31), "Complete", "Circulated on 25 March"),
    ("5.2", "Provide waiting-time figures for each hospital", "Head of Commissioning", "Next meeting", "Open", ""),
    ("5.3", "Share the winter plan with the committee", "Head of Commissioning", "31/03/2021", "In progress",
     "Draft plan with the board"),
    ("5.4", "Arrange a visit to the new ambulance hub", "Director of Public Health", "ongoing", "Withdrawn", ""),
    ("5.5", "Report back on the dentistry recovery plan", "head of commissioning", "March 2021", "Amber", ""),
    ("6.1", "Write to NHS England about GP access", "Director of Public Health", "30.06.21", "Done", ""),
    ("6.2", "Circulate the consultation response", "Chief Executive, Healthwatch", "", "No longer required", ""),
    ("6.3", "Provide a breakdown of delayed discharges by ward", "Director of Public Health", "30 April 2021", "Red", ""),
    ("6.4", "Add children's mental health to the work programme", "Scrutiny Officer", "Next meeting", "Green", ""),
    ("6.5", "Present the stroke services review", "Director of Public Health", date(2021, 5, 31), "Closed", ""),
    ("7.1", "Confirm the date of the public consultation", "Head of Commissioning", "31/05/2021", "Outstanding",
     "Waiting for NHS England"),
]


def write_log(path: Path, rows: list[tuple[object, ...]], extra: tuple[str, ...] = ()) -> Path:
    """An action log as councils keep them: a title row, then the headers, then the rows (each with the date raised
    after its extra columns)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actions 2021"
    sheet.append(["Health Overview and Scrutiny Committee: action log 2021/22"])
    sheet.append([*HEADERS[:-1], *extra, HEADERS[-1]])
    for row in rows:
        sheet.append([*row, RAISED])
    book.save(path)
    return path


@pytest.fixture
def hosc(services: Services) -> dict:
    """A committee with its clerk, an owner in the directory, and two meetings in the calendar."""
    t = services.tracker
    dph = t.add_person(actor=CLERK, name="A. Patel", job_title="Director of Public Health", organisation="County Council",
                       email="dph@example.org")
    clerk = t.add_person(actor=CLERK, name="Scrutiny Officer", organisation="County Council")
    t.register_committee(actor=CLERK, short_name="HOSC", name="Health Overview and Scrutiny Committee",
                         authority="County Council", clerk_id=clerk)
    march = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=datetime(2021, 3, 17, 10, tzinfo=timezone.utc),
                               title="HOSC 17 March 2021")
    return {"dph": dph, "clerk": clerk, "march": march}


def _import(services: Services, path: Path) -> Any:
    sheet = read_sheet(path)
    return import_sheet(services, "HOSC", sheet, guess(sheet.headers), actor=ACTOR)


def test_an_xlsx_action_log_is_imported_with_each_history_dated_as_in_the_sheet(
    services: Services, hosc: dict, tmp_path: Path
) -> None:
    outcome = _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    assert [(row, ref) for row, ref, _ in outcome.imported] == [(n + 3, f"HOSC-{n + 1:04d}") for n in range(11)]
    assert outcome.new_people == ["Head of Commissioning", "Chief Executive, Healthwatch"]

    # The log shows them, each in the status the sheet gave it.
    committee = UUID(str(services.tracker.committee("HOSC")["id"]))
    rows = {r["reference"]: r for r in services.read.list_actions(ActionFilter(committee_id=committee, per_page=50)).rows}
    assert {ref: r["status"] for ref, r in rows.items()} == {
        "HOSC-0001": "closed", "HOSC-0002": "logged", "HOSC-0003": "acknowledged", "HOSC-0004": "withdrawn",
        "HOSC-0005": "logged", "HOSC-0006": "closed", "HOSC-0007": "withdrawn", "HOSC-0008": "logged",
        "HOSC-0009": "logged", "HOSC-0010": "closed", "HOSC-0011": "acknowledged",
    }
    assert all(r["imported"] for r in rows.values())
    assert rows["HOSC-0001"]["title"] == "Circulate the briefing note to members"
    assert rows["HOSC-0001"]["owner_id"] == str(hosc["dph"])  # matched by job title
    assert rows["HOSC-0002"]["owner_id"] == rows["HOSC-0005"]["owner_id"]  # one new person, however it is written
    assert rows["HOSC-0002"]["due_date"] == date(2021, 3, 17) and rows["HOSC-0002"]["due_next_meeting"]
    assert rows["HOSC-0005"]["due_date"] == date(2021, 3, 31) and rows["HOSC-0004"]["due_date"] is None
    overdue = services.read.list_actions(ActionFilter(committee_id=committee, overdue=True, sort="reference"))
    assert [r["reference"] for r in overdue.rows] == ["HOSC-0002", "HOSC-0003", "HOSC-0005", "HOSC-0008", "HOSC-0009",
                                                     "HOSC-0011"]
    found = services.read.list_actions(ActionFilter(committee_id=committee, text="winter plan")).rows
    assert [r["reference"] for r in found] == ["HOSC-0003"]

    # Each is logged on the day the sheet says it was raised; the sheet gives no date for what became of it, so
    # that is dated at the import, in order, and says so. Every event says who imported it.
    today = to_london(datetime.now(timezone.utc)).date()
    on = f"{today.day} {today:%B %Y}"
    timeline = services.history.timeline("HOSC-0001")
    assert [e["label"] for e in timeline] == ["Logged", "Progress noted", "Completed", "Closed"]
    assert [to_london(e["at"]).date() for e in timeline] == [RAISED, today, today, today]
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    assert {e["actor"] for e in timeline} == {ACTOR}
    assert {e["actor_name"] for e in timeline} == {"clerk@example.org (imported)"}  # no user of that name here
    assert timeline[1]["text"] == f"Circulated on 25 March\n\n(Undated in the action log imported on {on}.)"
    assert timeline[2]["response"] == (f"Recorded as “Complete” in the action log imported on {on}, "
                                       "which gives no date for it.")
    assert timeline[3]["note"] == f"Closed in the action log imported on {on}, which gives no date for it."
    state = services.tracker.action("HOSC-0001")
    assert state["imported"] and state["source_quote"] == ROWS[0][1]
    assert [e["label"] for e in services.history.timeline("HOSC-0003")] == ["Logged", "Acknowledged", "Progress noted"]
    assert [e["label"] for e in services.history.timeline("HOSC-0007")] == ["Logged", "Withdrawn"]
    assert "No longer required" in services.history.timeline("HOSC-0007")[1]["reason"]
    assert (outcome.undated_ends, outcome.undated_updates) == (5, 3)


def test_as_at_a_moment_before_the_import_an_undated_completion_is_still_open(
    services: Services, hosc: dict, tmp_path: Path
) -> None:
    before = datetime.now(timezone.utc)
    _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    after = datetime.now(timezone.utc) + timedelta(seconds=5)  # past the import's last event, a few seconds apart
    may = from_london(datetime(2021, 5, 1))
    then = services.tracker.action("HOSC-0006", as_of=may)  # "Done", with no date: the tracker knew nothing of it
    assert (then["status"], then["completed_at"], then["closed_at"]) == ("logged", None, None)
    assert services.tracker.action("HOSC-0001", as_of=before)["last_update"] is None
    assert services.tracker.action("HOSC-0006", as_of=after)["status"] == "closed"
    assert services.tracker.action("HOSC-0007", as_of=may)["status"] == "logged"  # withdrawn at the import
    committee = UUID(str(services.tracker.committee("HOSC")["id"]))
    log = ActionFilter(committee_id=committee, per_page=50)
    assert {r["status"] for r in services.read.list_actions(log, as_of=before).rows} == {"logged"}
    assert {r["status"] for r in services.read.list_actions(log, as_of=after).rows} == {
        "logged", "acknowledged", "closed", "withdrawn"}


def test_the_dates_a_log_gives_for_updates_completion_and_closure_date_those_events(
    services: Services, hosc: dict, tmp_path: Path
) -> None:
    rows = [  # (minute, action, owner, due, status, update, date of update, date completed, date closed)
        ("8.1", "Circulate the A&E figures", "A. Patel", "", "Complete", "Figures circulated 20 June",
         date(2021, 6, 20), date(2021, 6, 20), None),
        ("8.2", "Report on the dental contract", "A. Patel", "", "Closed", "", None, date(2021, 3, 10),
         date(2021, 4, 14)),
        ("8.3", "Share the estates strategy", "A. Patel", "", "In progress", "With the board", date(2021, 2, 2), None,
         None),
        ("8.4", "Visit the hub", "A. Patel", "", "Withdrawn", "", None, None, date(2021, 5, 5)),
        ("8.5", "Brief members on the merger", "A. Patel", "", "", "", None, date(2021, 3, 1), None),
        ("8.6", "Send the audit report", "A. Patel", "", "Complete", "Sent, and discussed at the July meeting",
         date(2021, 7, 21), date(2021, 6, 30), None),
    ]
    path = write_log(tmp_path / "dated.xlsx", rows, extra=("Date of Update", "Date Completed", "Date Closed"))
    sheet = read_sheet(path)
    assert {f: sheet.headers[c] for f, c in guess(sheet.headers).items() if f.endswith("_on")} == {
        "raised_on": "Date Raised", "updated_on": "Date of Update", "completed_on": "Date Completed",
        "closed_on": "Date Closed"}
    outcome = _import(services, path)
    assert (outcome.undated_ends, outcome.undated_updates) == (0, 0)

    def days(reference: str) -> list[tuple[str, date]]:
        return [(e["label"], to_london(e["at"]).date()) for e in services.history.timeline(reference)]

    assert days("HOSC-0001") == [("Logged", RAISED), ("Progress noted", date(2021, 6, 20)),
                                 ("Completed", date(2021, 6, 20)), ("Closed", date(2021, 6, 20))]
    first = services.history.timeline("HOSC-0001")
    assert first[1]["text"] == "Figures circulated 20 June"  # dated by the sheet: kept as written
    assert first[2]["response"].endswith(", completed on 20 June 2021.")
    assert days("HOSC-0002") == [("Logged", RAISED), ("Completed", date(2021, 3, 10)), ("Closed", date(2021, 4, 14))]
    assert days("HOSC-0003") == [("Logged", RAISED), ("Acknowledged", date(2021, 2, 2)),
                                 ("Progress noted", date(2021, 2, 2))]
    assert days("HOSC-0004") == [("Logged", RAISED), ("Withdrawn", date(2021, 5, 5))]
    assert days("HOSC-0005") == [("Logged", RAISED), ("Completed", date(2021, 3, 1)), ("Closed", date(2021, 3, 1))]
    # An update made after it was done is kept as a comment, in its place in time.
    assert days("HOSC-0006") == [("Logged", RAISED), ("Completed", date(2021, 6, 30)), ("Closed", date(2021, 6, 30)),
                                 ("Commented", date(2021, 7, 21))]

    # Time travel: open between the date raised and the date completed, closed after it.
    assert services.tracker.action("HOSC-0001", as_of=from_london(datetime(2021, 5, 1)))["status"] == "logged"
    assert services.tracker.action("HOSC-0001", as_of=from_london(datetime(2021, 6, 21)))["status"] == "closed"
    assert services.tracker.action("HOSC-0002", as_of=from_london(datetime(2021, 4, 1)))["status"] == "completed"


def test_importing_the_same_file_again_changes_nothing(services: Services, hosc: dict, tmp_path: Path) -> None:
    path = write_log(tmp_path / "log.xlsx", ROWS)
    _import(services, path)
    before = services.tracker.recorder.max_notification_id()
    again = _import(services, path)
    assert (again.imported, again.new_people, again.written) == ([], [], False)
    assert [ref for _, ref in again.already] == [f"HOSC-{n:04d}" for n in range(1, 12)]
    assert services.tracker.recorder.max_notification_id() == before

    # A longer version of the same log brings in only its new row.
    longer = write_log(tmp_path / "longer.xlsx", [*ROWS, ("7.2", "Send the board minutes", "A. Patel", "", "Open", "")])
    added = _import(services, longer)
    assert [ref for _, ref, _ in added.imported] == ["HOSC-0012"] and len(added.already) == 11


def test_a_log_with_two_bad_rows_is_rejected_naming_both_and_nothing_is_written(
    services: Services, hosc: dict, tmp_path: Path
) -> None:
    bad = list(ROWS)
    bad[3] = ("5.4", "Arrange a visit", "Director of Public Health", "31/02/2021", "Open", "")
    bad[6] = ("6.2", "", "Director of Public Health", "", "Open", "")
    before = services.tracker.recorder.max_notification_id()
    with pytest.raises(RowsRejectedError) as rejected:
        _import(services, write_log(tmp_path / "bad.xlsx", bad))
    assert rejected.value.problems == ["Row 6: the due date '31/02/2021' is not a date", "Row 9: no action text"]
    assert "Nothing was imported: 2 rows have problems" in str(rejected.value)
    assert services.tracker.recorder.max_notification_id() == before
    assert services.read.query("count_actions") == 0


def test_an_import_that_loses_a_race_at_save_is_built_again_and_saved(
    services: Services, hosc: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.application as application

    built, calls = application.build_import, []

    def clerk_logs_meanwhile_once(*args: object, **kwargs: object) -> object:
        batch = built(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:  # between reading the committee and saving the import, a clerk takes the next number
            services.tracker.log_action(actor=CLERK, committee="HOSC", title="Send the board minutes",
                                        owner_id=hosc["dph"], kind="circulate_document")
        return batch

    monkeypatch.setattr(application, "build_import", clerk_logs_meanwhile_once)
    outcome = _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    assert len(calls) == 2 and outcome.written
    assert outcome.imported[0][1] == "HOSC-0002" and len(outcome.imported) == 11
    assert services.tracker.action("HOSC-0001")["title"] == "Send the board minutes"
    assert [p["name"] for p in services.read.query("people")].count("Head of Commissioning") == 1


def test_an_import_that_loses_every_race_at_save_writes_none_of_its_rows(
    services: Services, hosc: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.application as application

    built = application.build_import

    def clerk_logs_meanwhile(*args: object, **kwargs: object) -> object:
        batch = built(*args, **kwargs)  # type: ignore[arg-type]
        # Between reading the committee and saving the import, a clerk logs an action: its number is taken.
        services.tracker.log_action(actor=CLERK, committee="HOSC", title="Send the board minutes", owner_id=hosc["dph"],
                                    kind="circulate_document")
        return batch

    monkeypatch.setattr(application, "build_import", clerk_logs_meanwhile)
    with pytest.raises(ConflictError):
        _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    # Tried four times in all, each lost: only the clerk's four actions are in the log.
    assert [r["title"] for r in services.read.list_actions(ActionFilter()).rows] == ["Send the board minutes"] * 4
    assert "Head of Commissioning" not in {p["name"] for p in services.read.query("people")}  # no new person either

    # Tried again later, it imports every row after the clerk's actions.
    monkeypatch.setattr(application, "build_import", built)
    again = _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    assert again.imported[0][1] == "HOSC-0005" and len(again.imported) == 11


def test_a_post_alone_finds_only_someone_tied_to_the_committee(services: Services, hosc: dict, tmp_path: Path) -> None:
    t = services.tracker
    # Another council's committee, clerked by the directory's only "Democratic Services Officer".
    other = t.add_person(actor=CLERK, name="AWSC Democratic Services Officer", job_title="Democratic Services Officer",
                         organisation="Another Council")
    t.register_committee(actor=CLERK, short_name="AWSC", name="Adults Scrutiny", authority="Another Council",
                         clerk_id=other)
    # An NHS officer who already owes HOSC an action, and a council officer of HOSC's authority.
    nhs = t.add_person(actor=CLERK, name="R. Singh", job_title="Director of Strategy", organisation="Acute Trust")
    t.log_action(actor=CLERK, committee="HOSC", title="Send the board minutes", owner_id=nhs, kind="circulate_document")
    council = t.add_person(actor=CLERK, name="L. Evans", job_title="Head of Policy", organisation="County Council")
    rows = [("9.1", "Circulate the work programme", "Democratic Services Officer", "", "Open", ""),
            ("9.2", "Share the estates strategy", "Director of Strategy", "", "Open", ""),
            ("9.3", "Brief members on the budget", "Head of Policy", "", "Open", "")]
    outcome = _import(services, write_log(tmp_path / "log.xlsx", rows))
    assert outcome.new_people == ["Democratic Services Officer"]
    owners = {r["minute_ref"]: r["owner_id"] for r in services.read.list_actions(ActionFilter(per_page=50)).rows}
    assert owners["9.1"] != str(other)
    assert (owners["9.2"], owners["9.3"]) == (str(nhs), str(council))


def test_an_old_row_due_next_meeting_is_due_at_the_logs_next_meeting_and_stays_so_as_the_calendar_changes(
    services: Services, hosc: dict, tmp_path: Path
) -> None:
    rows = [("3.1", "Provide the stroke audit", "A. Patel", "Next meeting", "Open", "", date(2023, 7, 12)),
            ("4.1", "Share the dental figures", "A. Patel", "", "Open", "", date(2023, 9, 13)),
            ("4.2", "Report back on estates", "A. Patel", "Next meeting", "Open", "", date(2023, 9, 13))]
    outcome = _import(services, write_log(tmp_path / "log.xlsx", rows, extra=("Meeting Date",)))
    assert [(row, due.day, due.found_in) for row, due in sorted(outcome.next_meetings.items())] == [
        (3, date(2023, 9, 13), "file"), (5, None, "unknown")]
    # A meeting added to the calendar later moves what is due "by the next meeting", but not these.
    services.tracker.schedule_meeting(actor=CLERK, committee="HOSC", title="HOSC 2023",
                                      starts_at=datetime(2023, 8, 1, 10, tzinfo=timezone.utc))
    audit, estates = services.tracker.action("HOSC-0001"), services.tracker.action("HOSC-0003")
    assert (audit["due_date"], audit["due_next_meeting"]) == (date(2023, 9, 13), False)
    assert (estates["due_date"], estates["due_next_meeting"]) == (None, False)
    overdue = services.read.list_actions(ActionFilter(overdue=True, sort="reference")).rows
    assert [r["reference"] for r in overdue] == ["HOSC-0001"]  # the estates row has no due date to be overdue by

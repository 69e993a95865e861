"""Importing a real XLSX action log into a committee's log, on SQLite and on PostgreSQL: every row with its dated
history, nothing twice, and nothing at all when any row is bad."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from uuid import UUID

import openpyxl
import pytest

from events.view import ActionFilter
from tracker.domain.calendar import to_london
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


def write_log(path: Path, rows: list[tuple[object, ...]]) -> Path:
    """An action log as councils keep them: a title row, then the headers, then the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actions 2021"
    sheet.append(["Health Overview and Scrutiny Committee: action log 2021/22"])
    sheet.append(HEADERS)
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


def _import(services: Services, path: Path) -> object:
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

    # Each history is dated the day the sheet says it was raised, in order, and says who imported it.
    timeline = services.history.timeline("HOSC-0001")
    assert [e["label"] for e in timeline] == ["Logged", "Progress noted", "Completed", "Closed"]
    assert {to_london(e["at"]).date() for e in timeline} == {RAISED}
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    assert {e["actor"] for e in timeline} == {ACTOR}
    assert {e["actor_name"] for e in timeline} == {"clerk@example.org (imported)"}  # no user of that name here
    assert timeline[1]["text"] == "Circulated on 25 March"
    assert timeline[2]["response"] == "Recorded as “Complete” in the imported action log."
    state = services.tracker.action("HOSC-0001")
    assert state["imported"] and state["source_quote"] == ROWS[0][1]
    assert [e["label"] for e in services.history.timeline("HOSC-0003")] == ["Logged", "Acknowledged", "Progress noted"]
    assert [e["label"] for e in services.history.timeline("HOSC-0007")] == ["Logged", "Withdrawn"]
    assert "No longer required" in services.history.timeline("HOSC-0007")[1]["reason"]


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


def test_an_import_that_loses_a_race_at_save_writes_none_of_its_rows(
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
    assert [r["title"] for r in services.read.list_actions(ActionFilter()).rows] == ["Send the board minutes"]
    assert "Head of Commissioning" not in {p["name"] for p in services.read.query("people")}  # no new person either

    # Tried again, it imports every row after the clerk's action.
    monkeypatch.setattr(application, "build_import", built)
    again = _import(services, write_log(tmp_path / "log.xlsx", ROWS))
    assert again.imported[0][1] == "HOSC-0002" and len(again.imported) == 11

"""Importing a 5,000-row XLSX action log on SQLite, beside baselines measured in the same run.

    .venv/bin/python -m bench.bench_import [--rows 5000] [--one-by-one 5000]

The log is generated the way councils keep them: a title row, the headers, then rows with minute references,
action text, owners (some in the directory, some new), UK dates, "Next meeting" and "ongoing", statuses and
updates. Everything runs in a fresh temporary instance, never ./instance. Measured:

1. the import as a clerk runs it: read the file, check every row, save everything in one transaction, and the
   action log view caught up with it;
2. importing the same file again (it must add nothing);
3. baseline: openpyxl reading the same file in read-only mode and nothing else, the floor for any importer;
4. baseline: the same actions logged one command at a time (log, then each move), as typing them in would.

Results are printed as a table and written to bench/results/import.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from config.settings import Settings
from tracker.importing import ImportRow
from web.importing.columns import guess
from web.importing.owners import committee_directory
from web.importing.plan import check_rows, import_checked
from web.importing.sheets import read_sheet
from web.services import Services, build_services

RESULTS = Path(__file__).resolve().parent / "results" / "import.json"
TARGET_SECONDS = 30.0  # at most, for 5,000 rows
CLERK = "user:clerk@example.org"
OWNERS = ["Director of Public Health", "Head of Commissioning", "Chief Executive, Healthwatch", "Scrutiny Officer",
          *[f"Head of Service {n}" for n in range(40)]]
STATUSES = ["Complete", "Open", "In progress", "Amber", "Red", "Green", "Withdrawn", "Done", "Outstanding", ""]
VERBS = ["Provide", "Circulate", "Share", "Report back on", "Arrange a briefing on", "Write to NHS England about"]
SUBJECTS = ["waiting times", "the winter plan", "delayed discharges", "dentistry access", "the stroke review",
            "GP appointments", "mental health beds", "ambulance handovers"]


def write_log(path: Path, rows: int) -> None:
    """A generated action log, written row by row (write-only mode, as a big export would be)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Action log")
    sheet.append(["Health Overview and Scrutiny Committee: action log"])
    sheet.append(["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments", "Date Raised"])
    start = date.today() - timedelta(days=6 * 365)  # six years of meetings, ending a year ago
    for n in range(rows):
        raised = start + timedelta(days=(5 * 365) * n // rows)
        due: object = raised + timedelta(days=60)
        if n % 9 == 0:
            due = "Next meeting"
        elif n % 13 == 0:
            due = "ongoing"
        elif n % 5 == 0:
            due = f"{due:%d/%m/%Y}"  # type: ignore[str-format]
        update = f"Update {n}: work under way with partners" if n % 3 == 0 else ""
        sheet.append([f"{n // 10 + 1}.{n % 10 + 1}", f"{OWNERS[n % 4]} to {VERBS[n % 6].lower()} {SUBJECTS[n % 8]} "
                      f"(item {n})", OWNERS[n % len(OWNERS)], due, STATUSES[n % len(STATUSES)], update, raised])
    book.save(path)


def fresh(folder: Path) -> Services:
    """A new SQLite instance with the committee, its clerk, two owners in the directory and a year of meetings."""
    services = build_services(Settings(instance=folder, database_url="", bank_holiday_region="ENG", secret_key="bench"))
    t = services.tracker
    clerk = t.add_person(actor=CLERK, name="Scrutiny Officer", organisation="County Council")
    t.add_person(actor=CLERK, name="A. Patel", job_title="Director of Public Health", organisation="County Council")
    t.register_committee(actor=CLERK, short_name="HOSC", name="Health Overview and Scrutiny Committee",
                         authority="County Council", clerk_id=clerk)
    first = date.today() - timedelta(days=6 * 365)
    for n in range(36):  # every other month over the six years
        day = first + timedelta(days=61 * n)
        t.schedule_meeting(actor=CLERK, committee="HOSC", title=f"HOSC {day:%B %Y}",
                           starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=timezone.utc))
    return services


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def import_file(services: Services, path: Path) -> dict[str, Any]:
    """The import as `tracker import-log` runs it, phase by phase."""
    before = services.tracker.recorder.max_notification_id() or 0
    read_s, sheet = timed(lambda: read_sheet(path))
    mapping = guess(sheet.headers)
    check_s, checked = timed(lambda: check_rows(sheet, mapping, "HOSC", committee_directory(services.read, "HOSC")))
    assert not checked.problems, checked.problems[:3]
    save_s, outcome = timed(lambda: import_checked(services, "HOSC", sheet, checked, actor="import:bench"))
    return {"read_s": read_s, "check_s": check_s, "save_and_view_s": save_s, "total_s": read_s + check_s + save_s,
            "imported": len(outcome.imported), "already": len(outcome.already), "rows": checked.rows,
            "events_recorded": (services.tracker.recorder.max_notification_id() or 0) - before}


def openpyxl_alone(path: Path) -> float:
    """Baseline: open the workbook read-only and touch every cell's value."""
    def read() -> int:
        book = load_workbook(path, read_only=True, data_only=True)
        return sum(1 for row in book.active.iter_rows(values_only=True) for _ in row)
    return timed(read)[0]


def one_by_one(services: Services, rows: list[ImportRow], owners: dict[str, Any]) -> float:
    """Baseline: the same actions typed in, one command at a time (each saved and shown in the log)."""
    t = services.tracker
    start = time.perf_counter()
    for row in rows:
        if row.owner_name not in owners:
            owners[row.owner_name] = t.add_person(actor=CLERK, name=row.owner_name)
        due = row.due if isinstance(row.due, date) or row.due is None else "next_meeting"
        ref = t.log_action(actor=CLERK, committee="HOSC", title=row.title, owner_id=owners[row.owner_name],
                           kind=row.kind, minute_ref=row.minute_ref, source_quote=row.text, due=due, imported=True,
                           at=datetime.combine(row.raised_on or date.today(), datetime.min.time(), timezone.utc))
        if row.status == "open" and row.update:
            t.acknowledge(ref, actor=CLERK)
        if row.update:
            t.note_progress(ref, actor=CLERK, text=row.update)
        if row.status == "completed":
            t.complete(ref, actor=CLERK, response="Complete in the old log.")
            t.close_action(ref, actor=CLERK)
        elif row.status == "withdrawn":
            t.withdraw(ref, actor=CLERK, reason="Withdrawn in the old log.")
    return time.perf_counter() - start


def main() -> int:
    """Measure, print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="rows in the generated log (default 5,000)")
    parser.add_argument("--one-by-one", type=int, default=5000, help="of those, how many to log one command at a time")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_import_"))
    try:
        path = tmp / "action-log.xlsx"
        write_log(path, args.rows)
        size = path.stat().st_size
        services = fresh(tmp / "import")
        first = import_file(services, path)
        again = import_file(services, path)
        rows = first.pop("rows")
        again.pop("rows")
        services.close()
        reading = min(openpyxl_alone(path) for _ in range(3))
        typed_in = fresh(tmp / "one-by-one")
        count = min(args.one_by_one, len(rows))
        typed = one_by_one(typed_in, rows[:count], {})
        typed_in.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    typed_per_5000 = typed / count * args.rows if count else None  # scaled up when fewer were typed in
    result = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "processor": platform.processor()},
        "rows": args.rows, "file_bytes": size,
        "import": first, "import_again": again,
        "baseline_openpyxl_read_s": reading,
        "baseline_one_command_at_a_time": {"actions": count, "seconds": typed, "seconds_for_all_rows": typed_per_5000},
        "ratio_to_openpyxl_read": first["total_s"] / reading,
        "ratio_one_by_one_to_import": typed_per_5000 / first["total_s"] if typed_per_5000 else None,
        "target_s": TARGET_SECONDS, "meets_target": first["total_s"] <= TARGET_SECONDS,
    }
    _print(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS.relative_to(RESULTS.parents[2])}")
    return 0 if result["meets_target"] else 1


def _print(r: dict[str, Any]) -> None:
    first, again = r["import"], r["import_again"]
    typed = r["baseline_one_command_at_a_time"]
    print(f"Importing a {r['rows']:,}-row XLSX action log on SQLite")
    print(f"  {'':<44}{'seconds':>9}")
    print(f"  {'import: read the file':<44}{first['read_s']:>9.2f}")
    print(f"  {'import: check every row':<44}{first['check_s']:>9.2f}")
    print(f"  {'import: one save, and the log view':<44}{first['save_and_view_s']:>9.2f}   {first['events_recorded']:,} events")
    print(f"  {'import: in all':<44}{first['total_s']:>9.2f}   {first['imported']:,} actions")
    print(f"  {'the same file again (adds nothing)':<44}{again['total_s']:>9.2f}   {again['already']:,} already imported")
    print(f"  {'baseline: openpyxl reading the file alone':<44}{r['baseline_openpyxl_read_s']:>9.2f}")
    label = f"baseline: {typed['actions']:,} actions one command at a time"
    print(f"  {label:<44}{typed['seconds']:>9.2f}")
    print(f"  import is {r['ratio_to_openpyxl_read']:.1f}x reading the file alone; typing the rows in one command at a "
          f"time takes {r['ratio_one_by_one_to_import']:.1f}x as long as importing them")
    print(f"  target at most {r['target_s']:.0f} s: {'met' if r['meets_target'] else 'NOT MET'}")


if __name__ == "__main__":
    raise SystemExit(main())

"""`tracker import-log` as a clerk runs it, as a real process on a copy of the demo."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TRACKER = str(Path(sys.executable).with_name("tracker"))
LOG = [
    ["HOSC actions agreed, 2021"],
    ["Item", "Action Required", "Responsible", "Deadline", "RAG", "Progress", "Officer contact"],
    ["12", "Provide the vaccination figures by district", "Head of Public Health Intelligence", "31/03/2021", "Green - complete", "Sent", "Analyst"],
    ["13", "Circulate the ICS engagement plan", "Head of Public Health Intelligence", "Next meeting", "Amber", "", "Analyst"],
]


def run(instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_INSTANCE": str(instance)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([TRACKER, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def instance(demo_instance: Path, tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    shutil.copytree(demo_instance, path)
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def listed(instance: Path) -> list[dict]:
    return json.loads(run(instance, "actions", "list", "--committee", "HOSC", "--json", "--per-page", "100").stdout)["actions"]


def test_a_dry_run_prints_the_columns_it_guessed_and_what_it_would_import_and_writes_nothing(instance: Path, tmp_path: Path) -> None:
    before = listed(instance)
    done = run(instance, "import-log", str(write_csv(tmp_path / "log.csv", LOG)), "--committee", "hosc", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "log.csv: sheet 'log', headers in row 2, 2 rows below them." in done.stdout
    assert "Action             'Action Required'" in done.stdout and "Owner              'Responsible'" in done.stdout
    assert "New actions that would be imported: 2 (1 closed, 1 logged)." in done.stdout
    assert "New people that would be added: 1: Head of Public Health Intelligence." in done.stdout
    assert ("Rows without a completion date are recorded as completed (or withdrawn) on the day of the import: "
            "1 row here has none. The log as at any earlier moment shows them open.") in done.stdout
    assert "Updates without a date are recorded on the day of the import: 1 row here has" in done.stdout
    assert "Dry run: nothing was written." in done.stdout
    assert listed(instance) == before


def test_a_row_repeated_in_the_file_is_reported_as_a_repeat_on_the_first_import(instance: Path, tmp_path: Path) -> None:
    done = run(instance, "import-log", str(write_csv(tmp_path / "log.csv", [*LOG, LOG[2]])), "--committee", "HOSC",
               "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "New actions that would be imported: 2 (1 closed, 1 logged)." in done.stdout
    assert "Rows imported by an earlier import, left as they are: 0." in done.stdout
    assert ("1 row of this file repeats an earlier row in every cell: one undertaking, imported once (row 5 repeats "
            "row 3).") in done.stdout


def test_an_import_says_how_many_it_imported_and_a_second_run_changes_nothing(instance: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "log.csv", LOG, encoding="cp1252")
    after = max(int(a["reference"].split("-")[1]) for a in listed(instance))
    first, second = f"HOSC-{after + 1:04d}", f"HOSC-{after + 2:04d}"
    first_run = run(instance, "import-log", str(path), "--committee", "HOSC", "--map", "owner=Officer contact")
    assert first_run.returncode == 0, first_run.stderr
    assert "Owner              'Officer contact'" in first_run.stdout
    assert f"Imported 2 actions: {first} to {second}." in first_run.stdout
    imported = {a["reference"]: a for a in listed(instance)}
    assert imported[first]["status"] == "closed" and imported[first]["owner_name"] == "Analyst"
    assert imported[second]["due_next_meeting"]
    # Logged on its past due date (the sheet gives no date raised); completed only at the import, undated.
    then = json.loads(run(instance, "actions", "show", first, "--as-of", "2021-05-01T00:00", "--json").stdout)
    assert (then["action"]["status"], then["action"]["due_date"]) == ("logged", "2021-03-31")
    again = run(instance, "import-log", str(path), "--committee", "HOSC", "--map", "owner=Officer contact")
    assert again.returncode == 0 and "Rows imported by an earlier import, left as they are: 2." in again.stdout
    assert "Every row of log.csv was imported before: nothing was changed." in again.stdout
    assert len(listed(instance)) == len(imported)


def test_a_log_with_dates_of_completion_is_shown_open_before_them_and_closed_after(
    instance: Path, tmp_path: Path
) -> None:
    log = [["Minute No", "Action", "Lead Officer", "Status", "Update", "Date Raised", "Date Completed"],
           ["6", "Circulate the cancer waiting-time figures", "Analyst", "Complete", "Figures circulated 20 June",
            "14/03/2021", "20/06/2021"]]
    done = run(instance, "import-log", str(write_csv(tmp_path / "dated.csv", log)), "--committee", "HOSC")
    assert done.returncode == 0, done.stderr
    assert "Date completed     'Date Completed'" in done.stdout and "Rows without a completion date" not in done.stdout
    reference = done.stdout.strip().splitlines()[-1].split(": ")[1].split(" ")[0]
    as_at = {moment: json.loads(run(instance, "actions", "show", reference, "--as-of", moment, "--json").stdout)
             for moment in ("2021-05-01T00:00", "2021-06-21T00:00")}
    assert as_at["2021-05-01T00:00"]["action"]["status"] == "logged"  # raised, not yet done
    assert as_at["2021-06-21T00:00"]["action"]["status"] == "closed"  # done on 20 June


def test_bad_rows_are_named_on_stderr_with_a_non_zero_exit_and_nothing_written(instance: Path, tmp_path: Path) -> None:
    before = listed(instance)
    bad = [*LOG, ["14", "", "Analyst", "31/02/2021", "Parked", "", ""]]
    done = run(instance, "import-log", str(write_csv(tmp_path / "bad.csv", bad)), "--committee", "HOSC")
    assert done.returncode == 1
    assert "Row 5: no action text; the due date '31/02/2021' is not a date; the RAG 'Parked'" in done.stderr
    assert "Error: Nothing was imported: 1 row has a problem. Correct the file and import it again." in done.stderr
    assert "Traceback" not in done.stderr and listed(instance) == before


def test_a_wrong_file_or_column_is_one_line_saying_what_to_do(instance: Path, tmp_path: Path) -> None:
    (tmp_path / "minutes.docx").write_text("not a log")
    wrong = run(instance, "import-log", str(tmp_path / "minutes.docx"), "--committee", "HOSC")
    assert wrong.returncode == 1 and wrong.stderr.strip() == "Error: The file minutes.docx must be a CSV or XLSX file."
    path = str(write_csv(tmp_path / "log.csv", LOG))
    column = run(instance, "import-log", path, "--committee", "HOSC", "--map", "owner=Lead")
    assert column.returncode == 1 and "There is no column 'Lead' for Owner: choose one of Item, Action Required" in column.stderr
    field = run(instance, "import-log", path, "--committee", "HOSC", "--map", "colour=RAG")
    assert field.returncode == 2 and "write FIELD=HEADER, where FIELD is one of minute_ref, action, owner" in field.stderr

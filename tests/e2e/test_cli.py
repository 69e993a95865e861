"""The `tracker` command as a clerk uses it, run as a real process on a fresh SQLite instance."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.calendar import WorkingCalendar

TRACKER = str(Path(sys.executable).with_name("tracker"))


def run(instance: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_INSTANCE": str(instance)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([TRACKER, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo instance for the module: loading it is the slow part."""
    path = tmp_path_factory.mktemp("cli") / "instance"
    loaded = run(path, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded the demo: 13 undertakings" in loaded.stdout
    assert "clerk.hosc@example.org" in loaded.stdout and "demo-clerk" in loaded.stdout
    return path


def test_loading_the_demo_twice_says_so_and_duplicates_nothing(instance: Path) -> None:
    again = run(instance, "demo")
    assert again.returncode == 0
    assert "already loaded" in again.stdout
    listed = json.loads(run(instance, "actions", "list", "--json").stdout)
    assert listed["total"] == 13


def test_the_action_list_shows_the_demo_undertakings_with_their_rag(instance: Path) -> None:
    out = run(instance, "actions", "list", "--committee", "JHOSC").stdout
    assert "JHOSC-0001" in out and "Publish the ICS engagement and accountability plan" in out
    overdue = json.loads(run(instance, "actions", "list", "--overdue", "--json").stdout)["actions"]
    assert overdue and all(a["rag"] == "red" and a["days_overdue"] > 0 for a in overdue)
    open_only = json.loads(run(instance, "actions", "list", "--status", "open", "--json").stdout)["actions"]
    assert {a["status"] for a in open_only} <= {"logged", "acknowledged"}


def test_a_status_that_is_not_one_is_a_one_line_error_naming_the_statuses(instance: Path) -> None:
    bogus = run(instance, "actions", "list", "--status", "bogus")
    assert bogus.returncode != 0 and "No actions match" not in bogus.stdout
    [line] = bogus.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "'bogus' is not one of 'open', 'logged'" in line
    assert run(instance, "actions", "list", "--status", "closed").returncode == 0


def test_an_action_shows_its_history_and_how_it_stood_in_the_past(instance: Path) -> None:
    shown = run(instance, "actions", "show", "JHOSC-0001", "--history")
    assert shown.returncode == 0
    assert "Due date changed" in shown.stdout and "2021-03-31 -> 2021-05-31" in shown.stdout
    past = json.loads(run(instance, "actions", "show", "JHOSC-0001", "--as-of", "2021-04-01T00:00", "--json").stdout)
    assert (past["action"]["status"], past["action"]["due_date"]) == ("acknowledged", "2021-05-31")


def test_errors_are_one_line_on_stderr_with_a_non_zero_exit(instance: Path) -> None:
    missing = run(instance, "actions", "show", "HOSC-9999")
    assert missing.returncode != 0
    assert missing.stderr.strip() == "Error: Action HOSC-9999 was not found: check the reference and try again."
    bad_date = run(instance, "actions", "show", "HOSC-0001", "--as-of", "last tuesday")
    assert bad_date.returncode != 0 and "Traceback" not in bad_date.stderr
    assert "ISO date-time" in bad_date.stderr
    weak = run(instance, "users", "create", "new@example.org", "--name", "New Clerk", "--role", "clerk", stdin="short\n")
    assert weak.returncode != 0 and "password" in weak.stderr and len(weak.stderr.strip().splitlines()) == 1


def test_a_page_or_moment_that_cannot_be_is_refused_in_one_line(instance: Path) -> None:
    for args, says in [
        (("actions", "list", "--per-page", "0"), "'--per-page': 0 is not in the range 1<=x<=500"),
        (("actions", "list", "--page", "-1"), "'--page': -1 is not in the range x>=1"),
        (("actions", "show", "JHOSC-0001", "--as-of", "2021-03-28T01:30"),
         "01:30 does not exist in the UK that day: choose another time"),
    ]:
        refused = run(instance, *args)
        assert refused.returncode == 2 and says in refused.stderr and len(refused.stderr.strip().splitlines()) == 1


def test_a_setting_or_store_that_is_wrong_is_one_line_naming_it(instance: Path) -> None:
    env = {**os.environ, "TRACKER_INSTANCE": str(instance), "BANK_HOLIDAY_REGION": "MARS"}
    env.pop("DATABASE_URL", None)
    wrong = subprocess.run([TRACKER, "actions", "list"], capture_output=True, text=True, env=env, timeout=120)
    assert wrong.returncode == 1 and "BANK_HOLIDAY_REGION must be one of ENG, WLS, SCT, NIR" in wrong.stderr
    env = {**env, "BANK_HOLIDAY_REGION": "ENG", "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/test"}
    unreachable = subprocess.run([TRACKER, "actions", "list"], capture_output=True, text=True, env=env, timeout=120)
    assert unreachable.returncode == 1 and "Connection refused" in unreachable.stderr
    assert len(unreachable.stderr.strip().splitlines()) == 1 and "Traceback" not in unreachable.stderr


def test_a_chase_in_the_history_says_which_chase_and_to_whom(instance: Path) -> None:
    env = {**os.environ, "TRACKER_INSTANCE": str(instance), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "1"}
    env.pop("DATABASE_URL", None)
    next_working_day = WorkingCalendar("ENG").add_working_days(date.today(), 1).isoformat()
    run_on = subprocess.run([TRACKER, "chase", "--today", next_working_day], capture_output=True, text=True, env=env,
                            timeout=120)
    assert "chase(s) recorded" in run_on.stdout, run_on.stderr
    shown = run(instance, "actions", "show", "HOSC-0004", "--history").stdout
    assert re.search(r"Chased by the chaser\n +summary: Overdue chase 1 \(it was due on \d+ \w+ \d{4}\); e-mail to "
                     r"Alison Roberts", shown), shown


def test_an_extension_in_the_history_reads_as_the_date_asked_for(instance: Path) -> None:
    shown = run(instance, "actions", "show", "HOSC-0001", "--history").stdout
    assert re.search(r"extension: \(none\) -> asked to \d{4}-\d{2}-\d{2}\n", shown)
    assert "datetime.date(" not in shown and "{'due_date'" not in shown


def test_a_user_and_an_api_token_can_be_created(instance: Path) -> None:
    created = run(instance, "users", "create", "Scrutiny.Officer@example.org", "--name", "Scrutiny Officer",
                  "--role", "clerk", stdin="a long enough password\n")
    assert created.returncode == 0, created.stderr
    assert "Created clerk scrutiny.officer@example.org" in created.stdout
    duplicate = run(instance, "users", "create", "scrutiny.officer@example.org", "--name", "X", "--role", "viewer",
                    stdin="another password\n")
    assert duplicate.returncode != 0 and "exists already" in duplicate.stderr
    token = run(instance, "tokens", "create", "scrutiny.officer@example.org").stdout.strip()
    assert token.count(".") == 2

    from config.settings import Settings
    from web.services import build_services

    services = build_services(Settings(instance=instance, database_url="", bank_holiday_region="ENG", secret_key="t"))
    try:
        assert services.tracker.user_for_token(token)["email"] == "scrutiny.officer@example.org"
        assert services.tracker.user_for_token(token[:-1] + ("x" if token[-1] != "x" else "y")) is None
        assert services.tracker.authenticate("scrutiny.officer@example.org", "a long enough password")["role"] == "clerk"
        assert services.tracker.authenticate("scrutiny.officer@example.org", "wrong password") is None
    finally:
        services.close()


def test_rebuilding_the_projections_shows_progress_and_keeps_the_log(instance: Path) -> None:
    before = json.loads(run(instance, "actions", "list", "--json").stdout)
    rebuilt = run(instance, "projections", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Rebuilt the action log from" in rebuilt.stdout
    assert "event" in rebuilt.stderr  # tqdm's progress bar
    assert json.loads(run(instance, "actions", "list", "--json").stdout) == before
    # Rebuilt again, the view still opens in the next process (the library's tracking marker survives).
    assert run(instance, "projections", "rebuild").returncode == 0
    assert json.loads(run(instance, "actions", "list", "--json").stdout) == before

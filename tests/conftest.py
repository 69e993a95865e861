"""Fixtures: the tracker on each backend (SQLite files, and PostgreSQL in a schema of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import psycopg
import pytest

from config.settings import Settings
from web.services import Services, build_services

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
_pg_problem: str | None = None


def _check_postgres() -> str | None:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        return f"PostgreSQL at {PG_URL} is not reachable ({str(e).strip().splitlines()[0]})"
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _pg_problem
    _pg_problem = _check_postgres()
    if _pg_problem and REQUIRE_POSTGRES:
        raise pytest.UsageError(f"{_pg_problem}, and REQUIRE_POSTGRES=1 says the PostgreSQL tests must run.")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _pg_problem:
        terminalreporter.write_line(
            f"NOTICE: the PostgreSQL tests were skipped: {_pg_problem}. Set TEST_DATABASE_URL to run them.",
            yellow=True,
            bold=True,
        )


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh schema, dropped afterwards, so each test starts from an empty PostgreSQL store."""
    if _pg_problem:
        pytest.skip(_pg_problem)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    yield name
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def settings_for(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "sqlite":
        return Settings(instance=tmp_path / "instance", database_url="", bank_holiday_region="ENG", secret_key="test")
    schema = request.getfixturevalue("pg_schema")
    sep = "&" if "?" in PG_URL else "?"
    return Settings(instance=tmp_path / "instance", database_url=f"{PG_URL}{sep}schema={schema}",
                    bank_holiday_region="ENG", secret_key="test")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each integration test runs once on SQLite and once on PostgreSQL."""
    return request.param


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    return settings_for(backend, tmp_path, request)


@contextmanager
def running(settings: Settings) -> Iterator[Services]:
    """The tracker as the product runs it: in-process catch-up on SQLite, a ProjectionRunner on PostgreSQL."""
    built = build_services(settings)
    runner = None
    if settings.uses_postgres:
        from events.runner import start

        runner = start(settings).__enter__()
    try:
        yield built
    finally:
        if runner is not None:
            runner.__exit__(None, None, None)
        built.close()


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """The tracker on the test's backend, as the product runs it."""
    with running(settings) as built:
        yield built


@pytest.fixture
def services_for() -> Callable[[Settings], AbstractContextManager[Services]]:
    """services_for(settings): the tracker as the product runs it, on settings of the test's own."""
    return running


@pytest.fixture
def embedded_services(settings: Settings) -> Iterator[Services]:
    """The tracker with the projection caught up in-process on either backend (for crash-and-resume tests)."""
    built = build_services(settings, embedded=True)
    try:
        yield built
    finally:
        built.close()

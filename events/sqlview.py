"""Tables kept by a projection, on SQLite or PostgreSQL: the SQL plumbing every view of the tracker shares.

A view is an eventsourcing tracking recorder with tables of its own. Each batch of events is applied in one
transaction together with its tracking record, so an event lands exactly once. A view records the version of
its tables and is dropped and made anew (then caught up from the event log) when a newer tracker changes them.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import psycopg

from eventsourcing.persistence import (
    InfrastructureFactory, IntegrityError, OperationalError, Tracking, TrackingRecorder,
)
from eventsourcing.postgres import PostgresFactory, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment


class SQLView(TrackingRecorder):
    """The SQL helpers of a view; statements name its tables as {p}name."""

    base_prefix: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1
    tables: ClassVar[dict[str, str]] = {}  # name -> column definitions
    indexes: ClassVar[tuple[tuple[str, str, str], ...]] = ()  # (index name, table, columns)
    sqlite_tables: ClassVar[dict[str, str]] = {}  # SQLite only: name -> CREATE VIRTUAL TABLE ... body
    sqlite = False
    prefix = ""

    @abstractmethod
    def _cursor(self, *, commit: bool) -> Any:
        """A context manager giving a cursor in a transaction."""

    @abstractmethod
    def _tracking_delete(self) -> str:
        """SQL that forgets every application's tracking record (never the library's own migration marker,
        whose loss would make the library migrate the table again on the next start)."""

    def _sql(self, statement: str) -> str:
        return statement

    def _run(self, c: Any, statement: str, params: Mapping[str, Any] | None = None) -> None:
        c.execute(self._sql(statement.replace("{p}", self.prefix)), dict(params or {}))

    def _rows(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._cursor(commit=False) as c:
            self._run(c, statement, params)
            return [dict(row) for row in c.fetchall()]

    # Tables

    def create_statements(self) -> list[str]:
        """CREATE TABLE and CREATE INDEX statements for this store."""
        statements = [f"CREATE TABLE IF NOT EXISTS {{p}}{name} ({body})" for name, body in self.tables.items()]
        statements += [
            f"CREATE INDEX IF NOT EXISTS {self.base_prefix}{name} ON {{p}}{table} ({columns})"
            for name, table, columns in self.indexes
        ]
        if self.sqlite:
            statements += [f"CREATE VIRTUAL TABLE IF NOT EXISTS {{p}}{name} {body}" for name, body in self.sqlite_tables.items()]
        return statements

    def _all_tables(self) -> list[str]:
        return list(self.tables) + (list(self.sqlite_tables) if self.sqlite else [])

    def ensure_schema(self) -> bool:
        """Rebuild the view's tables if an older version of the tracker made them; True when it did.

        A view is only ever a projection of the event log, so it is dropped, made anew and caught up.
        """
        with self._cursor(commit=True) as c:
            self._run(c, "CREATE TABLE IF NOT EXISTS {p}schema (version INTEGER NOT NULL)")
            self._run(c, "SELECT MAX(version) AS v FROM {p}schema")
            if (c.fetchone()["v"] or 0) == self.schema_version:
                return False
            for name in self._all_tables():
                self._run(c, f"DROP TABLE IF EXISTS {{p}}{name}")
            for statement in self.create_statements():
                self._run(c, statement)
            self._run(c, self._tracking_delete())
            self._run(c, "DELETE FROM {p}schema")
            self._run(c, "INSERT INTO {p}schema (version) VALUES (:v)", {"v": self.schema_version})
            return True

    def clear(self) -> None:
        """Empty every table and forget the tracking, so the view can be rebuilt from the event log."""
        with self._cursor(commit=True) as c:
            for name in self._all_tables():
                self._run(c, f"DELETE FROM {{p}}{name}")
            self._run(c, self._tracking_delete())

    # Writing: one transaction per batch, tracking recorded in it.

    @contextmanager
    def writing(self, tracking: Tracking | None, *, after: int | None = None) -> Iterator[Any]:
        """A transaction for the projection; the tracking (the last event's) is recorded with it.

        `after`: the notification the writer read on from. If the view is no longer there (it was rebuilt, or
        another process applied events meanwhile), IntegrityError is raised before anything is written, so
        the writer reads on from where the view now is: the tracking record would otherwise jump over events
        never applied.
        """
        with self._cursor(commit=True) as c:
            if after is not None and tracking is not None:
                now_at = self._max_tracking_id(tracking.application_name, c) or 0  # type: ignore[attr-defined]
                if now_at != after:
                    raise IntegrityError(f"the view is at notification {now_at}, not {after}: read on from there")
            self.begin_batch()
            yield c
            self.before_commit(c)
            if tracking is not None:
                self._insert_tracking(c, tracking)  # type: ignore[attr-defined]

    def begin_batch(self) -> None:
        """Forget anything gathered by a batch that failed (nothing by default)."""

    def before_commit(self, c: Any) -> None:
        """Write anything a projection's handlers gathered for the end of the transaction (nothing by default)."""

    def insert(self, c: Any, table: str, row: Mapping[str, Any]) -> None:
        """Insert one row."""
        columns = ", ".join(row)
        values = ", ".join(f":{k}" for k in row)
        self._run(c, f"INSERT INTO {{p}}{table} ({columns}) VALUES ({values})", row)

    def update(self, c: Any, table: str, row_id: str, changes: Mapping[str, Any], *, key: str = "id") -> None:
        """Change some columns of one row."""
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        self._run(c, f"UPDATE {{p}}{table} SET {sets} WHERE {key} = :_key", {**changes, "_key": row_id})


class SQLiteView(SQLView, SQLiteTrackingRecorder):
    """A view in its own SQLite file (the library's SQLite tables have fixed names)."""

    sqlite = True

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.prefix = self.base_prefix
        self._local = threading.local()

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table and the view's own tables."""
        return super().construct_create_table_statements() + [
            s.replace("{p}", self.base_prefix) for s in self.create_statements()
        ]

    @contextmanager
    def _cursor(self, *, commit: bool) -> Iterator[Any]:
        if self.datastore.pool.is_sqlite_memory_mode:  # pragma: no cover - the tracker's views are files
            with self.datastore.transaction(commit=commit) as c:
                yield c
            return
        conn = self._connection()
        c = conn.cursor()
        try:
            # A writer takes the write lock at once (waiting its turn): a transaction that reads first and
            # writes later cannot wait for the lock once another writer has committed, and would fail.
            c.execute("BEGIN IMMEDIATE" if commit else "BEGIN")
            yield c
            conn.commit() if commit else conn.rollback()
        except sqlite3.IntegrityError as e:
            conn.rollback()
            raise IntegrityError(e) from e
        except sqlite3.OperationalError as e:
            conn.rollback()
            raise OperationalError(e) from e
        except BaseException:
            conn.rollback()
            raise
        finally:
            c.close()

    def _connection(self) -> sqlite3.Connection:
        """This thread's own connection to the view's file.

        The library's connections keep a statement cache of one (cached_statements=True), so a view that runs
        a dozen statements per event would prepare each again every time; a view's connection keeps them.
        """
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.datastore.pool.db_name, uri=True, isolation_level=None,
                                   cached_statements=256, timeout=self.datastore.pool.lock_timeout or 30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            # A view can always be rebuilt from the event log, so it need not wait on the disk.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
        return conn

    def _tracking_delete(self) -> str:
        return f"DELETE FROM tracking WHERE application_name <> '{self.table_migration_identifier}'"


_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


class PostgresView(SQLView, PostgresTrackingRecorder):
    """A view in PostgreSQL, in the configured schema."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = f'"{self.datastore.schema}".' if self.datastore.schema else ""
        self.prefix = f"{schema}{self.base_prefix}"
        # The view's own tables are made by ensure_schema, and only when their version is not the current one:
        # CREATE INDEX IF NOT EXISTS takes a share lock on its table even when the index is there, and a
        # process starting up while another writes the view would deadlock with it.

    def _sql(self, statement: str) -> str:
        return _NAMED.sub(r"%(\1)s", statement.replace("%", "%%"))

    @contextmanager
    def _cursor(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as c:
            yield c

    def _tracking_delete(self) -> str:
        schema = f'"{self.datastore.schema}".' if self.datastore.schema else ""
        return (f'DELETE FROM {schema}"{self.tracking_table_name}" '
                f"WHERE application_name <> '{self.table_migration_identifier}'")


def open_view(env: dict[str, str], name: str, sqlite_class: type[SQLView], postgres_class: type[SQLView]) -> Any:
    """A view on whichever store the environment names, its tables made (or remade) for this version."""
    factory = InfrastructureFactory.construct(Environment(name, env))
    view = factory.tracking_recorder(postgres_class if isinstance(factory, PostgresFactory) else sqlite_class)
    view.ensure_schema()
    return view


def close_view(view: SQLView) -> None:
    """Close a view's connections (this thread's own one too)."""
    conn = getattr(getattr(view, "_local", None), "conn", None)
    if conn is not None:
        conn.close()
        view._local.conn = None  # noqa: SLF001
    view.datastore.close()  # type: ignore[attr-defined]


TABLES_LOCK = 7_202_611  # PostgreSQL's advisory lock held while tables are made


@contextmanager
def creating_tables(postgres_url: str) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock while the stores make their tables ("" for SQLite: nothing to hold).

    Two processes starting at once (two schedulers by mistake, say) would otherwise race on CREATE TABLE IF NOT
    EXISTS, which PostgreSQL refuses with "tuple concurrently updated". SQLite serialises this itself.
    """
    if not postgres_url:
        yield
        return
    url = urlsplit(postgres_url)._replace(query="").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (TABLES_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (TABLES_LOCK,))


VIEWS_LOCK = 7_202_612  # with the schema's own number, PostgreSQL's advisory lock held by the one process that
# writes the action log view of that schema


class ViewsBusyError(RuntimeError):
    """Raised when another process already keeps the views (a projection runner, or a rebuild)."""


@contextmanager
def keeping_views(postgres_url: str, what: str) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock that says this process writes the action log view (nothing for SQLite).

    With PostgreSQL only the projection process writes the view, so a rebuild, which empties it, must not run
    beside one: the runner would go on from where it was, into an emptied view. With SQLite every writer
    checks where the view is in each transaction, so nothing needs holding.
    """
    if not postgres_url:
        yield
        return
    parts = urlsplit(postgres_url)
    schema = dict(parse_qsl(parts.query)).get("schema", "public")
    key = (VIEWS_LOCK, zlib.crc32(schema.encode()) - 2**31)  # two int4 keys: this lock, this schema
    with psycopg.connect(parts._replace(query="").geturl(), autocommit=True) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()
        if not row or not row[0]:
            raise ViewsBusyError(
                f"Cannot {what}: another process keeps the action log view (`tracker projections run`, or a "
                "rebuild). Stop it first, then try again."
            )
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", key)

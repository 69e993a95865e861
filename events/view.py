"""The action log view: tables kept by the projection, and the queries pages and the chaser ask."""

from __future__ import annotations

import json
import os
import re
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from psycopg.sql import SQL

from events.schema import ACTION_COLUMNS, SCHEMA_VERSION, TABLES, create_statements, drop_statements
from tracker.domain.calendar import WorkingCalendar, london_today, to_london
from tracker.domain.chasing import ChasePolicy, ChaseRecord, Stage, earliest_chase_day
from tracker.ports import DueByNextMeeting, MeetingSlot

# Each sort: columns that follow the chosen direction; "due" keeps open actions first either way.
SORTS = {
    "due": ("a.due_date IS NULL", "a.due_date"),
    "reference": ("a.committee_id", "a.number"),
    "status": ("a.status",),
    "owner": ("p.name",),
    "updated": ("a.modified_at",),
    "logged": ("a.logged_at",),
}
PINNED = {"due": "a.active DESC"}
OPEN_STATUSES = ("logged", "acknowledged")


def stamp(moment: datetime | None) -> str | None:
    """A UTC moment as sortable fixed-width text."""
    if moment is None:
        return None
    m = moment.astimezone(timezone.utc)
    # strftime's %Y does not pad years before 1000 on every platform; the text must sort as a moment.
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}Z"


def unstamp(text: str | None) -> datetime | None:
    """Text from stamp() back to an aware UTC datetime."""
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


@dataclass
class ActionFilter:
    """What a user can ask of the action log; every field is optional."""

    committee_id: UUID | None = None
    meeting_id: UUID | None = None
    statuses: tuple[str, ...] = ()
    owner_id: UUID | None = None
    organisation: str | None = None
    kind: str | None = None
    overdue: bool = False
    due_from: date | None = None
    due_to: date | None = None
    text: str | None = None
    sort: str = "due"
    descending: bool = False
    page: int = 1
    per_page: int = 25


@dataclass
class Page:
    """One page of rows and how many there are in all."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages in all."""
        return max(1, -(-self.total // self.per_page))


class ActionLogView(TrackingRecorder):
    """The SQL of the view, shared by the SQLite and PostgreSQL recorders below."""

    prefix = "log_"

    @abstractmethod
    def _cursor(self, *, commit: bool) -> Any:
        """A context manager giving a cursor in a transaction."""

    def _sql(self, statement: str) -> str:
        return statement

    def _run(self, c: Any, statement: str, params: Mapping[str, Any] | None = None) -> None:
        c.execute(self._sql(statement.replace("{p}", self.prefix)), dict(params or {}))

    def _rows(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._cursor(commit=False) as c:
            self._run(c, statement, params)
            return [dict(row) for row in c.fetchall()]

    # Writing: one transaction per batch, tracking recorded in it.

    @contextmanager
    def writing(self, tracking: Tracking | None) -> Iterator[Any]:
        """A transaction for the projection; the tracking (the last event's) is recorded with it."""
        with self._cursor(commit=True) as c:
            yield c
            if tracking is not None:
                self._insert_tracking(c, tracking)  # type: ignore[attr-defined]

    def insert(self, c: Any, table: str, row: Mapping[str, Any]) -> None:
        """Insert one row."""
        columns = ", ".join(row)
        values = ", ".join(f":{k}" for k in row)
        self._run(c, f"INSERT INTO {{p}}{table} ({columns}) VALUES ({values})", row)

    def update(self, c: Any, table: str, row_id: str, changes: Mapping[str, Any]) -> None:
        """Change some columns of one row."""
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        self._run(c, f"UPDATE {{p}}{table} SET {sets} WHERE id = :id", {**changes, "id": row_id})

    def keep_version(self, c: Any, action_id: str) -> None:
        """Copy an action's current row into its history of versions, for "as at" queries."""
        columns = ", ".join(ACTION_COLUMNS)
        self._run(
            c,
            f"INSERT INTO {{p}}action_versions ({columns}) SELECT {columns} FROM {{p}}actions WHERE id = :id",
            {"id": action_id},
        )

    def action_status(self, c: Any, action_id: str) -> tuple[str, str]:
        """An action's committee and status, read inside the projection's transaction."""
        self._run(c, "SELECT committee_id, status FROM {p}actions WHERE id = :id", {"id": action_id})
        row = c.fetchone()
        return row["committee_id"], row["status"]

    def bump(self, c: Any, committee_id: str, status: str, delta: int) -> None:
        """Add delta to the count of a committee's actions in a status."""
        self._run(
            c,
            "INSERT INTO {p}counts (committee_id, status, n) VALUES (:c, :s, :d) "
            "ON CONFLICT (committee_id, status) DO UPDATE SET n = {p}counts.n + :d",
            {"c": committee_id, "s": status, "d": delta},
        )

    # The chaser's index: the first day a chase could fall due, worked out with the committee's policy.

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """Working days for the chaser's index (build_services sets the configured region)."""
        return WorkingCalendar(os.environ.get("BANK_HOLIDAY_REGION", "ENG"))

    def reindex_chasing(self, c: Any, action_id: str) -> None:
        """Work out, inside the projection's transaction, the first day the action could be chased."""
        self._run(
            c,
            "SELECT a.due_date, k.remind_before, k.remind_on_due, k.overdue_every, k.escalate_after "
            "FROM {p}actions a JOIN {p}committees k ON k.id = a.committee_id WHERE a.id = :id",
            {"id": action_id},
        )
        row = c.fetchone()
        due = date.fromisoformat(row["due_date"]) if row["due_date"] else None
        records: list[ChaseRecord] = []
        if due is not None:
            self._run(
                c, "SELECT stage, number, on_day FROM {p}chases WHERE action_id = :id AND due_date = :d",
                {"id": action_id, "d": due.isoformat()},
            )
            records = [ChaseRecord(due, Stage(r["stage"]), r["number"], date.fromisoformat(r["on_day"]))
                       for r in c.fetchall()]
        policy = ChasePolicy(row["remind_before"], bool(row["remind_on_due"]), row["overdue_every"], row["escalate_after"])
        day = earliest_chase_day(policy=policy, calendar=self.calendar, due_date=due, chases=records)
        self.update(c, "actions", action_id, {"next_chase_on": day.isoformat() if day else None})

    def bump_chases(self, c: Any, action_id: str, on: str) -> None:
        """Count one more chase of an action, sent on a day."""
        self._run(c, "UPDATE {p}actions SET chases = chases + 1, last_chased_on = :on WHERE id = :id",
                  {"id": action_id, "on": on})

    def active_action_ids(self, c: Any, committee_id: str) -> list[str]:
        """The ids of a committee's open actions, read inside the projection's transaction."""
        self._run(c, "SELECT id FROM {p}actions WHERE committee_id = :c AND active = 1", {"c": committee_id})
        return [r["id"] for r in c.fetchall()]

    def search_text(self, c: Any, action_id: str) -> str:
        """The searchable text of an action as it stands."""
        self._run(c, "SELECT search FROM {p}actions WHERE id = :id", {"id": action_id})
        return c.fetchone()["search"]

    # Reading

    def list_actions(self, f: ActionFilter, *, as_of: datetime | None = None) -> Page:
        """A filtered, sorted page of the action log, now or as it stood at a past moment.

        As at a past moment, "overdue" means overdue on that moment's day in Europe/London.
        """
        where, params = self._where(f, to_london(as_of).date() if as_of is not None else london_today())
        source = "{p}actions"
        if as_of is not None:
            source = (
                "(SELECT v.* FROM {p}action_versions v WHERE v.modified_at <= :as_of AND v.version = "
                "(SELECT MAX(w.version) FROM {p}action_versions w WHERE w.id = v.id AND w.modified_at <= :as_of))"
            )
            params["as_of"] = stamp(as_of)
        joins = (
            f"FROM {source} a JOIN {{p}}people p ON p.id = a.owner_id "
            "JOIN {p}committees c ON c.id = a.committee_id"
        )
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sort = f.sort if f.sort in SORTS else "due"
        direction = " DESC" if f.descending else ""
        parts = [PINNED[sort]] if sort in PINNED else []
        order_by = ", ".join(parts + [column + direction for column in SORTS[sort]])
        per_page = max(1, min(f.per_page, 500))
        page = max(1, f.page)
        total = self._rows(f"SELECT COUNT(*) AS n {joins} {clause}", params)[0]["n"]
        rows = self._rows(
            "SELECT a.*, p.name AS owner_name, p.organisation AS owner_organisation, "
            f"c.short_name AS committee {joins} {clause} ORDER BY {order_by}, a.number "
            f"LIMIT {per_page} OFFSET {(page - 1) * per_page}",
            params,
        )
        return Page([self._decode(r) for r in rows], total, page, per_page)

    def _where(self, f: ActionFilter, today: date) -> tuple[list[str], dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}

        def add(condition: str, **values: Any) -> None:
            where.append(condition)
            params.update(values)

        if f.committee_id:
            add("a.committee_id = :committee", committee=str(f.committee_id))
        if f.meeting_id:
            add("a.meeting_id = :meeting", meeting=str(f.meeting_id))
        statuses = [s for s in f.statuses if s != "open"]
        if "open" in f.statuses:
            statuses += list(OPEN_STATUSES)
        if statuses:
            names = {f"s{i}": s for i, s in enumerate(sorted(set(statuses)))}
            add(f"a.status IN ({', '.join(':' + k for k in names)})", **names)
        if f.owner_id:
            add("a.owner_id = :owner", owner=str(f.owner_id))
        if f.organisation:
            add("LOWER(p.organisation) = :org", org=f.organisation.strip().lower())
        if f.kind:
            add("a.kind = :kind", kind=f.kind)
        if f.overdue:
            add("a.active = 1 AND a.due_date < :today", today=today.isoformat())
        if f.due_from:
            add("a.due_date >= :due_from", due_from=f.due_from.isoformat())
        if f.due_to:
            add("a.due_date <= :due_to", due_to=f.due_to.isoformat())
        if f.text and f.text.strip():
            words = f.text.strip().lower().split()[:8]
            for i, word in enumerate(words):
                add(f"(a.search LIKE :w{i} OR LOWER(p.name) LIKE :w{i})", **{f"w{i}": f"%{_escape_like(word)}%"})
        return where, params

    def counts(self) -> dict[str, dict[str, int]]:
        """How many actions each committee has in each status, keyed on committee id."""
        result: dict[str, dict[str, int]] = {}
        for row in self._rows("SELECT committee_id, status, n FROM {p}counts WHERE n <> 0"):
            result.setdefault(row["committee_id"], {})[row["status"]] = row["n"]
        return result

    def overdue_counts(self, today: date) -> dict[str, int]:
        """How many open actions are overdue per committee id."""
        rows = self._rows(
            "SELECT committee_id, COUNT(*) AS n FROM {p}actions WHERE active = 1 AND due_date < :t "
            "GROUP BY committee_id",
            {"t": today.isoformat()},
        )
        return {r["committee_id"]: r["n"] for r in rows}

    def due_for_chasing(self, up_to: date, limit: int = 100_000) -> list[dict[str, Any]]:
        """The due-date index: open actions due on or before a date, earliest first."""
        rows = self._rows(
            "SELECT a.id, a.reference, a.committee_id, a.owner_id, a.due_date, a.extension_pending, a.title "
            "FROM {p}actions a WHERE a.active = 1 AND a.due_date <= :d ORDER BY a.due_date "
            f"LIMIT {int(limit)}",
            {"d": up_to.isoformat()},
        )
        return rows

    def chase_candidates(self, today: date, limit: int = 100_000) -> list[dict[str, Any]]:
        """Open actions that may be due a chase today, by the chaser's index: not paused, no extension pending,
        their committee not paused. Its cost follows how many are due, not the size of the log."""
        return self._rows(
            "SELECT a.id, a.reference, a.committee_id, a.owner_id, a.due_date FROM {p}actions a "
            "JOIN {p}committees k ON k.id = a.committee_id "
            "WHERE a.active = 1 AND a.next_chase_on <= :t AND a.chasing_paused = 0 AND a.extension_pending = 0 "
            f"AND k.chasing_paused = 0 ORDER BY a.owner_id, a.committee_id, a.number LIMIT {int(limit)}",
            {"t": today.isoformat()},
        )

    def chases(self, *, committee_id: str | None = None, action_id: str | None = None,
               limit: int = 200) -> list[dict[str, Any]]:
        """Chases recorded, latest first, of one committee or one action."""
        where, params = ("ch.committee_id = :k", {"k": committee_id}) if committee_id else ("ch.action_id = :a", {"a": action_id})
        rows = self._rows(
            "SELECT ch.*, a.reference, a.title, a.owner_id FROM {p}chases ch JOIN {p}actions a ON a.id = ch.action_id "
            f"WHERE {where} ORDER BY ch.at DESC LIMIT {int(limit)}",
            params,
        )
        for row in rows:
            row["recipients"] = json.loads(row["recipients"])
            row["at"] = unstamp(row["at"])
            row["on_day"] = date.fromisoformat(row["on_day"])
            row["due_date"] = date.fromisoformat(row["due_date"])
        return rows

    def committees(self) -> list[dict[str, Any]]:
        """Every committee."""
        return self._rows("SELECT * FROM {p}committees ORDER BY short_name")

    def committee_by_short_name(self, short_name: str) -> dict[str, Any] | None:
        """One committee by short name."""
        rows = self._rows("SELECT * FROM {p}committees WHERE short_name = :s", {"s": short_name.upper()})
        return rows[0] if rows else None

    def people(self, text: str | None = None) -> list[dict[str, Any]]:
        """The directory of owners, by name."""
        if text:
            return self._rows(
                "SELECT * FROM {p}people WHERE LOWER(name) LIKE :t OR LOWER(organisation) LIKE :t ORDER BY name",
                {"t": f"%{_escape_like(text.lower())}%"},
            )
        return self._rows("SELECT * FROM {p}people ORDER BY name")

    def user_by_email(self, email: str) -> dict[str, Any] | None:
        """One account by e-mail address."""
        rows = self._rows("SELECT * FROM {p}users WHERE email = :e", {"e": email.strip().lower()})
        return rows[0] if rows else None

    def person_by_id(self, person_id: str) -> dict[str, Any] | None:
        """One person from the directory."""
        rows = self._rows("SELECT * FROM {p}people WHERE id = :i", {"i": str(person_id)})
        return rows[0] if rows else None

    def meeting_by_id(self, meeting_id: str) -> dict[str, Any] | None:
        """One meeting."""
        rows = self._rows("SELECT * FROM {p}meetings WHERE id = :i", {"i": str(meeting_id)})
        for row in rows:
            row["starts_at"] = unstamp(row["starts_at"])
        return rows[0] if rows else None

    def committee_by_id(self, committee_id: str) -> dict[str, Any] | None:
        """One committee by id."""
        rows = self._rows("SELECT * FROM {p}committees WHERE id = :i", {"i": str(committee_id)})
        return rows[0] if rows else None

    def users(self) -> list[dict[str, Any]]:
        """Every account."""
        return self._rows("SELECT * FROM {p}users ORDER BY email")

    def meetings(self, committee_id: UUID | None = None) -> list[dict[str, Any]]:
        """Meetings, latest first, of one committee or all."""
        if committee_id:
            rows = self._rows(
                "SELECT * FROM {p}meetings WHERE committee_id = :c ORDER BY starts_at DESC", {"c": str(committee_id)}
            )
        else:
            rows = self._rows("SELECT * FROM {p}meetings ORDER BY starts_at DESC")
        for row in rows:
            row["starts_at"] = unstamp(row["starts_at"])
        return rows

    # The application's calendar index port

    def meetings_of(self, committee_id: UUID) -> list[MeetingSlot]:
        """Every meeting of the committee, as calendar slots."""
        return [
            MeetingSlot(UUID(r["id"]), r["starts_at"], r["status"] != "cancelled") for r in self.meetings(committee_id)
        ]

    def due_by_next_meeting(self, committee_id: UUID) -> list[DueByNextMeeting]:
        """Open actions due by the next meeting, with when they arose."""
        rows = self._rows(
            "SELECT a.id, a.due_meeting_id, a.due_date, COALESCE(m.starts_at, a.logged_at) AS arose_at "
            "FROM {p}actions a LEFT JOIN {p}meetings m ON m.id = a.meeting_id "
            "WHERE a.committee_id = :c AND a.active = 1 AND a.due_next_meeting = 1",
            {"c": str(committee_id)},
        )
        return [
            DueByNextMeeting(
                UUID(r["id"]),
                unstamp(r["arose_at"]),
                UUID(r["due_meeting_id"]) if r["due_meeting_id"] else None,
                date.fromisoformat(r["due_date"]) if r["due_date"] else None,
            )
            for r in rows
        ]

    def action_versions_since(self, committee_id: UUID, since: datetime) -> list[dict[str, Any]]:
        """Every version of a committee's actions recorded after a moment, each action led by the version
        it stood at then (if it existed), oldest first per action: the material for "what changed since"."""
        rows = self._rows(
            "SELECT v.*, p.name AS owner_name, p.organisation AS owner_organisation "
            "FROM {p}action_versions v JOIN {p}people p ON p.id = v.owner_id "
            "WHERE v.committee_id = :c AND v.id IN "
            "(SELECT x.id FROM {p}action_versions x WHERE x.committee_id = :c AND x.modified_at > :since) "
            "AND (v.modified_at > :since OR v.version = (SELECT MAX(w.version) FROM {p}action_versions w "
            "WHERE w.id = v.id AND w.modified_at <= :since)) "
            "ORDER BY v.number, v.version",
            {"c": str(committee_id), "since": stamp(since)},
        )
        return [self._decode(r) for r in rows]

    def count_actions(self) -> int:
        """How many actions the view holds."""
        return self._rows("SELECT COUNT(*) AS n FROM {p}actions")[0]["n"]

    def clear(self) -> None:
        """Empty every table and forget the tracking, so the view can be rebuilt from the event log."""
        with self._cursor(commit=True) as c:
            for table in TABLES:
                self._run(c, f"DELETE FROM {{p}}{table}")
            self._run(c, self._tracking_delete())

    def ensure_schema(self) -> bool:
        """Rebuild the view's tables if an older version of the tracker made them; True when it did.

        The view is only ever a projection of the event log, so it is dropped, made anew and caught up.
        """
        with self._cursor(commit=True) as c:
            self._run(c, "CREATE TABLE IF NOT EXISTS {p}schema (version INTEGER NOT NULL)")
            self._run(c, "SELECT MAX(version) AS v FROM {p}schema")
            if (c.fetchone()["v"] or 0) == SCHEMA_VERSION:
                return False
            for statement in drop_statements(self.prefix) + create_statements(self.prefix):
                self._run(c, statement)
            self._run(c, self._tracking_delete())
            self._run(c, "DELETE FROM {p}schema")
            self._run(c, "INSERT INTO {p}schema (version) VALUES (:v)", {"v": SCHEMA_VERSION})
            return True

    @abstractmethod
    def _tracking_delete(self) -> str:
        """SQL that forgets every application's tracking record (never the library's own migration marker,
        whose loss would make the library migrate the table again on the next start)."""

    @staticmethod
    def _decode(row: dict[str, Any]) -> dict[str, Any]:
        row["due_date"] = date.fromisoformat(row["due_date"]) if row["due_date"] else None
        for key in ("last_update_at", "completed_at", "closed_at", "logged_at", "modified_at"):
            row[key] = unstamp(row[key])
        for key in ("active", "due_next_meeting", "extension_pending", "imported", "chasing_paused"):
            row[key] = bool(row[key])
        for key in ("last_chased_on", "next_chase_on"):
            row[key] = date.fromisoformat(row[key]) if row[key] else None
        row.pop("search", None)
        return row


def _escape_like(text: str) -> str:
    return text.replace("%", "").replace("_", " ")


class SQLiteActionLogView(ActionLogView, SQLiteTrackingRecorder):
    """The action log view in its own SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table and the view's own tables."""
        return super().construct_create_table_statements() + create_statements(self.prefix)

    @contextmanager
    def _cursor(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.get_connection(commit=commit) as conn:
            if commit:
                # The view can always be rebuilt from the event log, so it need not wait on the disk.
                conn.cursor().execute("PRAGMA synchronous=NORMAL")
            with conn.transaction(commit=commit) as c:
                yield c

    def _tracking_delete(self) -> str:
        return f"DELETE FROM tracking WHERE application_name <> '{self.table_migration_identifier}'"


_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


class PostgresActionLogView(ActionLogView, PostgresTrackingRecorder):
    """The action log view in PostgreSQL, in the configured schema."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.prefix = f'"{self.datastore.schema}".log_' if self.datastore.schema else "log_"
        for statement in create_statements(self.prefix):
            self.sql_create_statements.append(SQL(statement))  # type: ignore[arg-type]

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

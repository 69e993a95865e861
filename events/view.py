"""The action log view: tables kept by the projection, and the queries pages and the chaser ask."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timezone
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from events.schema import INDEXES, VERSION_COLUMNS, SCHEMA_VERSION, SQLITE_SEARCH, TABLES
from events.sqlview import PostgresView, SQLiteView, SQLView
from tracker.domain.calendar import WorkingCalendar, london_today, to_london
from tracker.domain.chasing import ChasePolicy, ChaseRecord, Stage, earliest_chase_day
from tracker.ports import DueByNextMeeting, MeetingSlot

# Each sort: columns that follow the chosen direction; "due" keeps open actions first either way.
SORTS = {
    "due": ("a.due_sort",),
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
    return datetime.fromisoformat(text)  # "...Z" reads as UTC (Python 3.11), thirty times faster than strptime


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


class ActionLogView(SQLView):
    """The action log's tables and queries, shared by the SQLite and PostgreSQL views below."""

    base_prefix = "log_"
    schema_version = SCHEMA_VERSION
    tables = TABLES
    indexes = INDEXES
    sqlite_tables = {SQLITE_SEARCH: "USING fts5(body, tokenize='trigram')"}

    def keep_version(self, c: Any, action_id: str) -> None:
        """Copy an action's current row into its history of versions, for "as at" queries."""
        columns = ", ".join(VERSION_COLUMNS)
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
        self.update(c, "actions", action_id, {"next_chase_on": self.next_chase_day(c, action_id)})

    def next_chase_day(self, c: Any, action_id: str) -> str | None:
        """The first day the action could be chased, from its due date, its committee's policy and its chases."""
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
        day = earliest_chase_day(policy=committee_policy(row), calendar=self.calendar, due_date=due, chases=records)
        return day.isoformat() if day else None

    def record_chase(self, c: Any, action_id: str, changes: Mapping[str, Any]) -> None:
        """Count one more chase of an action, with the rest of its row's changes, in one statement."""
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        self._run(c, f"UPDATE {{p}}actions SET chases = chases + 1, {sets} WHERE id = :_id", {**changes, "_id": action_id})

    def active_action_ids(self, c: Any, committee_id: str) -> list[str]:
        """The ids of a committee's open actions, read inside the projection's transaction."""
        self._run(c, "SELECT id FROM {p}actions WHERE committee_id = :c AND active = 1", {"c": committee_id})
        return [r["id"] for r in c.fetchall()]

    def search_text(self, c: Any, action_id: str) -> str:
        """The searchable text of an action as it stands."""
        self._run(c, "SELECT search FROM {p}actions WHERE id = :id", {"id": action_id})
        return c.fetchone()["search"]

    def index_search(self, c: Any, action_id: str, text: str, *, version: int) -> None:
        """Add an action's words to any free-text index the store keeps (none by default): its own words when
        it is logged, then each update's; version is the event's."""

    def _text_condition(self, i: int, word: str, current: bool) -> tuple[str, dict[str, str]]:
        """Where one word (bound as :w{i}, '%word%') matches an action's text, and any further parameters.

        Versions keep no text of their own: "as at" a past moment, a word matches the action's text as it is
        now (updates only ever add to it)."""
        if current:
            return f"a.search LIKE :w{i}", {}
        return f"a.id IN (SELECT id FROM {{p}}actions WHERE search LIKE :w{i})", {}

    # Reading

    def list_actions(self, f: ActionFilter, *, as_of: datetime | None = None) -> Page:
        """A filtered, sorted page of the action log, now or as it stood at a past moment.

        As at a past moment, "overdue" means overdue on that moment's day in Europe/London.
        """
        today = to_london(as_of).date() if as_of is not None else london_today()
        where, params = self._where(f, today, current=as_of is None)
        source = "{p}actions"
        if as_of is not None:
            source = (
                "(SELECT v.* FROM {p}action_versions v WHERE v.modified_at <= :as_of AND v.version = "
                "(SELECT MAX(w.version) FROM {p}action_versions w WHERE w.id = v.id AND w.modified_at <= :as_of))"
            )
            params["as_of"] = stamp(as_of)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sort = f.sort if f.sort in SORTS else "due"
        direction = " DESC" if f.descending else ""
        parts = [PINNED[sort]] if sort in PINNED else []
        order_by = ", ".join(parts + [column + direction for column in SORTS[sort]])
        per_page = max(1, min(f.per_page, 500))
        page = max(1, f.page)
        # Every action has its owner and committee, so the count needs no joins.
        total = self._rows(f"SELECT COUNT(*) AS n FROM {source} a {clause}", params)[0]["n"]
        rows = self._rows(
            "SELECT a.*, p.name AS owner_name, p.organisation AS owner_organisation, c.short_name AS committee "
            f"FROM {source} a JOIN {{p}}people p ON p.id = a.owner_id JOIN {{p}}committees c ON c.id = a.committee_id "
            f"{clause} ORDER BY {order_by}, a.number LIMIT {per_page} OFFSET {(page - 1) * per_page}",
            params,
        )
        return Page([self._decode(r) for r in rows], total, page, per_page)

    def _where(self, f: ActionFilter, today: date, *, current: bool = True) -> tuple[list[str], dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}

        def add(condition: str, **values: Any) -> None:
            where.append(condition)
            params.update(values)

        if f.committee_id:
            add("a.committee_id = :committee", committee=str(f.committee_id))
        if f.meeting_id:
            add("a.meeting_id = :meeting", meeting=str(f.meeting_id))
        statuses = {s for s in f.statuses if s != "open"} | (set(OPEN_STATUSES) if "open" in f.statuses else set())
        if statuses == set(OPEN_STATUSES):
            add("a.active = 1")  # the same actions, in the order the log's index keeps them
        elif statuses:
            names = {f"s{i}": s for i, s in enumerate(sorted(statuses))}
            add(f"a.status IN ({', '.join(':' + k for k in names)})", **names)
        if f.owner_id:
            add("a.owner_id = :owner", owner=str(f.owner_id))
        if f.organisation:
            add("a.owner_id IN (SELECT id FROM {p}people WHERE LOWER(organisation) = :org)",
                org=f.organisation.strip().lower())
        if f.kind:
            add("a.kind = :kind", kind=f.kind)
        if f.overdue:
            add("a.active = 1 AND a.due_sort < :today", today=today.isoformat())
        if f.due_from:
            add("a.due_date >= :due_from", due_from=f.due_from.isoformat())
        if f.due_to:
            add("a.due_date <= :due_to", due_to=f.due_to.isoformat())
        if f.text and f.text.strip():
            words = f.text.strip().lower().split()[:8]
            for i, word in enumerate(words):
                condition, extra = self._text_condition(i, word, current)
                add(f"({condition} OR a.owner_id IN (SELECT id FROM {{p}}people WHERE LOWER(name) LIKE :w{i}))",
                    **{f"w{i}": f"%{_escape_like(word)}%"}, **extra)
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

    # Open actions the chaser's index says may be due a chase: not paused, no extension pending, committee
    # not paused. The index on (active, next_chase_on) makes the cost follow how many are due, not the log's size.
    _CANDIDATES = (
        "JOIN {p}committees k ON k.id = a.committee_id "
        "WHERE a.active = 1 AND a.next_chase_on <= :t AND a.chasing_paused = 0 AND a.extension_pending = 0 "
        "AND k.chasing_paused = 0"
    )

    def chase_candidates(self, today: date, limit: int = 100_000) -> list[dict[str, Any]]:
        """The actions that may be due a chase today."""
        return self._rows(
            f"SELECT a.id, a.reference, a.committee_id, a.owner_id, a.due_date FROM {{p}}actions a {self._CANDIDATES} "
            f"ORDER BY a.owner_id, a.committee_id, a.number LIMIT {int(limit)}",
            {"t": today.isoformat()},
        )

    def candidate_chase_records(self, today: date) -> list[dict[str, Any]]:
        """The chases already recorded against the current due date of each of today's candidates."""
        return self._rows(
            "SELECT ch.action_id, ch.due_date, ch.stage, ch.number, ch.on_day FROM {p}chases ch "
            f"JOIN {{p}}actions a ON a.id = ch.action_id AND ch.due_date = a.due_date {self._CANDIDATES}",
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

    def actions_by_ids(self, action_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The current rows of several actions, by id."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(action_ids), 500):
            chunk = {f"i{n}": str(a) for n, a in enumerate(action_ids[start:start + 500])}
            rows = self._rows(f"SELECT * FROM {{p}}actions WHERE id IN ({', '.join(':' + k for k in chunk)})", chunk)
            found.update({r["id"]: self._decode(r) for r in rows})
        return found

    def action_by_id(self, action_id: str) -> dict[str, Any] | None:
        """One action's current row."""
        rows = self._rows("SELECT * FROM {p}actions WHERE id = :i", {"i": str(action_id)})
        return self._decode(rows[0]) if rows else None

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
            "SELECT a.id, a.due_meeting_id, a.due_date, COALESCE(a.due_counted_from, m.starts_at, a.logged_at) AS arose_at "
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

    @staticmethod
    def _decode(row: dict[str, Any]) -> dict[str, Any]:
        row["due_date"] = date.fromisoformat(row["due_date"]) if row["due_date"] else None
        for key in ("last_update_at", "completed_at", "closed_at", "logged_at", "modified_at"):
            row[key] = unstamp(row[key])
        for key in ("active", "due_next_meeting", "extension_pending", "imported", "chasing_paused"):
            row[key] = bool(row[key])
        for key in ("last_chased_on", "next_chase_on"):
            row[key] = date.fromisoformat(row[key]) if row.get(key) else None
        row.setdefault("source_quote", None)
        row.pop("due_counted_from", None)
        row.pop("search", None)
        row.pop("due_sort", None)
        return row


def committee_policy(row: Mapping[str, Any]) -> ChasePolicy:
    """A committee's chasing rules, from its row in the view."""
    return ChasePolicy(row["remind_before"], bool(row["remind_on_due"]), row["overdue_every"], row["escalate_after"])


def _escape_like(text: str) -> str:
    return text.replace("%", "").replace("_", " ")


class SQLiteActionLogView(ActionLogView, SQLiteView):
    """The action log view in its own SQLite file."""

    # Each row of the trigram index is one text of one action: rowid = the action's rowid * 2**20 + the version
    # of the event that wrote it, so a search finds its actions from the index alone (rowid >> 20).

    def index_search(self, c: Any, action_id: str, text: str, *, version: int) -> None:
        """Add words to the trigram index: an action's own when logged, then each update's (rows are only ever
        added). They are written together at the end of the transaction: FTS5 writes out what it holds at
        every statement that follows an insert into it, which would make every later statement slow."""
        self._gathered().append({"id": action_id, "t": text, "v": version})

    def before_commit(self, c: Any) -> None:
        """Write the index rows gathered in this transaction."""
        rows, self._local.search = self._gathered(), []
        statement = (f"INSERT INTO {self.prefix}{SQLITE_SEARCH} (rowid, body) VALUES "
                     f"((SELECT rowid FROM {self.prefix}actions WHERE id = :id) * 1048576 + :v, :t)")
        if rows:
            c.executemany(statement, rows)

    def begin_batch(self) -> None:
        """Forget index rows gathered by a batch that failed."""
        self._local.search = []

    def _gathered(self) -> list[dict[str, Any]]:
        """The index rows gathered in this thread's transaction."""
        if not hasattr(self._local, "search"):
            self._local.search = []
        return self._local.search

    def _text_condition(self, i: int, word: str, current: bool) -> tuple[str, dict[str, str]]:
        if len(word) >= 3:  # a phrase of the word's trigrams: the word anywhere, in any case
            found = f"SELECT rowid >> 20 FROM {{p}}{SQLITE_SEARCH} WHERE {{p}}{SQLITE_SEARCH} MATCH :q{i}"
            extra = {f"q{i}": '"' + word.replace('"', '""') + '"'}
        else:  # too short for a trigram: read the index's text
            found, extra = f"SELECT rowid >> 20 FROM {{p}}{SQLITE_SEARCH} WHERE body LIKE :w{i}", {}
        if current:
            return f"a.rowid IN ({found})", extra
        return f"a.id IN (SELECT id FROM {{p}}actions WHERE rowid IN ({found}))", extra


class PostgresActionLogView(ActionLogView, PostgresView):
    """The action log view in PostgreSQL, in the configured schema."""

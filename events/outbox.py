"""The outbox: mail fed from the events, exactly once in, at least once out, never lost.

Each Chased, DigestSent and UpdateLinkSent event lands in the outbox's own tables exactly once (a projection
with tracking). Composing turns what an owner is chased for into one message with a stable Message-ID, and
files the message and what it carries in one transaction, so each chase is in one message only; delivery hands
messages to the mail server, one lease at a time, retrying with backoff while the server is down. A message
resent after a crash carries the same Message-ID, so it is recognisable as the same message.

The outbox remembers where in the event log it began. Events recorded before it existed are history (an
outbox made anew over an old log must not send the whole of it again); every event after is composed, however
late it reaches the outbox: a chase recorded a moment before a crash still goes when the chaser runs again.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from events.sqlview import PostgresView, SQLiteView, SQLView
from events.view import stamp, unstamp
from tracker.domain.action import Action
from tracker.domain.committee import Committee

HISTORY = "(not sent: recorded before this outbox was made)"
LEASE = timedelta(minutes=5)  # how long one sender holds a message before another may try it
MAX_BACKOFF_MINUTES = 60
# Columns added since the outbox's first version, for outboxes made by an older tracker (which are never dropped).
ADDED_COLUMNS = {"chases": {"version": "INTEGER"}, "messages": {"letter": "TEXT"}}
KEYS = {"chases": ("action_id", "due_date", "stage", "number"), "digests": ("committee_id", "day"),
        "links": ("action_id", "version")}


@dataclass(frozen=True)
class Claim:
    """One row of the outbox (a chase, a digest or a link) to be marked as carried by a message."""

    table: str  # chases, digests or links
    key: dict[str, Any]
    message_id: str


class ClaimedElsewhereError(Exception):
    """Raised inside a filing transaction when another sender filed one of its rows first."""


class OutboxView(SQLView):
    """The outbox's tables."""

    base_prefix = "outbox_"
    schema_version = 3  # 2: new update links; 3: where the outbox began, message committees, letters
    tables = {
        "chases": """
            action_id TEXT NOT NULL, due_date TEXT NOT NULL, stage TEXT NOT NULL, number INTEGER NOT NULL,
            reference TEXT NOT NULL, committee_id TEXT NOT NULL, recipients TEXT NOT NULL, batch TEXT NOT NULL,
            on_day TEXT NOT NULL, at TEXT NOT NULL, message_id TEXT, version INTEGER,
            PRIMARY KEY (action_id, due_date, stage, number)""",
        "digests": """
            committee_id TEXT NOT NULL, day TEXT NOT NULL, recipients TEXT NOT NULL, at TEXT NOT NULL,
            message_id TEXT, PRIMARY KEY (committee_id, day)""",
        "links": """
            action_id TEXT NOT NULL, version INTEGER NOT NULL, person_id TEXT NOT NULL, reference TEXT NOT NULL,
            committee_id TEXT NOT NULL, at TEXT NOT NULL, message_id TEXT, PRIMARY KEY (action_id, version)""",
        # status: queued, sent, failed (for good, until retried by hand) or dropped (never to be sent; note says why)
        "messages": """
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, batch TEXT NOT NULL, sender TEXT NOT NULL,
            to_addrs TEXT NOT NULL, cc_addrs TEXT NOT NULL, reply_to TEXT NOT NULL, subject TEXT NOT NULL,
            text_body TEXT NOT NULL, html_body TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, last_error TEXT, note TEXT,
            sent_at TEXT, lease_until TEXT, letter TEXT""",
        "message_committees": """
            message_id TEXT NOT NULL, committee_id TEXT NOT NULL, PRIMARY KEY (committee_id, message_id)""",
        # One row (id 1): where the outbox began. The first process to write it wins; every other reads it back.
        "origin": "id INTEGER PRIMARY KEY, notification_id INTEGER NOT NULL, made_at TEXT NOT NULL",
    }
    indexes = (
        ("chases_unsent", "chases", "message_id, batch"),
        ("chases_committee", "chases", "committee_id, at"),
        ("digests_unsent", "digests", "message_id"),
        ("links_unsent", "links", "message_id"),
        ("messages_due", "messages", "status, next_attempt_at"),
        ("message_committees_message", "message_committees", "message_id"),
    )

    # Where the outbox began

    def origin(self) -> int | None:
        """The last notification of the event log that is history to this outbox (None until marked)."""
        rows = self._rows("SELECT MIN(notification_id) AS n FROM {p}origin")
        return rows[0]["n"]

    def mark_origin(self, application_name: str, top: int) -> int:
        """Remember where the outbox began, once: as far as it had read already (an outbox made by an older
        tracker), else `top`, the top of the event log now (a new outbox). Returns the origin."""
        found = self.origin()
        if found is None:
            read = self.max_tracking_id(application_name)
            self.write_origin(read if read is not None else top)
            found = self.origin()  # two processes starting at once: whichever wrote first holds for both
        return int(found or 0)

    def write_origin(self, notification_id: int) -> None:
        """Write where the outbox began, unless another process wrote it first (which then holds)."""
        with self._cursor(commit=True) as c:
            self._run(c, "INSERT INTO {p}origin (id, notification_id, made_at) VALUES (1, :n, :at) "
                         "ON CONFLICT (id) DO NOTHING", {"n": notification_id, "at": stamp(datetime.now(timezone.utc))})

    # Composing

    def unsent_chases(self, limit: int = 5000) -> list[dict[str, Any]]:
        """Chases not yet in a message, by batch."""
        rows = self._rows(
            f"SELECT * FROM {{p}}chases WHERE message_id IS NULL ORDER BY batch, reference LIMIT {int(limit)}"
        )
        for row in rows:
            row["recipients"] = json.loads(row["recipients"])
        return rows

    def unsent_digests(self) -> list[dict[str, Any]]:
        """Digests not yet composed."""
        rows = self._rows("SELECT * FROM {p}digests WHERE message_id IS NULL ORDER BY day, committee_id")
        for row in rows:
            row["recipients"] = json.loads(row["recipients"])
        return rows

    def unsent_links(self) -> list[dict[str, Any]]:
        """New update links not yet composed."""
        return self._rows("SELECT * FROM {p}links WHERE message_id IS NULL ORDER BY at, action_id")

    def digested_on(self, day: str) -> set[str]:
        """The committees whose digest for a day (YYYY-MM-DD) is recorded."""
        return {r["committee_id"] for r in self._rows("SELECT committee_id FROM {p}digests WHERE day = :d", {"d": day})}

    def file(self, messages: Sequence[dict[str, Any]], claims: Sequence[Claim]) -> bool:
        """Queue composed messages and mark the rows they carry, in one transaction. False, filing nothing, when
        another sender filed one of those rows first: a row is only ever carried by one message."""
        try:
            with self._cursor(commit=True) as c:
                for claim in claims:
                    where = " AND ".join(f"{k} = :{k}" for k in KEYS[claim.table])
                    self._run(c, f"UPDATE {{p}}{claim.table} SET message_id = :_m WHERE {where} AND message_id IS NULL",
                              {**claim.key, "_m": claim.message_id})
                    if c.rowcount != 1:
                        raise ClaimedElsewhereError(claim.table)
                for message in messages:
                    row = {k: v for k, v in message.items() if not k.startswith("_")}
                    self._run(c, f"INSERT INTO {{p}}messages ({', '.join(row)}) VALUES "
                                 f"({', '.join(':' + k for k in row)}) ON CONFLICT (id) DO NOTHING", row)
                    for committee_id in message.get("_committees", ()):
                        self._run(c, "INSERT INTO {p}message_committees (message_id, committee_id) VALUES (:m, :k) "
                                     "ON CONFLICT DO NOTHING", {"m": row["id"], "k": committee_id})
        except ClaimedElsewhereError:
            return False
        return True

    # Delivering

    def due_messages(self, now: datetime, limit: int = 200) -> list[dict[str, Any]]:
        """Queued messages whose next attempt is due and that nobody holds."""
        return self._rows(
            "SELECT * FROM {p}messages WHERE status = 'queued' AND next_attempt_at <= :now "
            f"AND (lease_until IS NULL OR lease_until < :now) ORDER BY created_at, id LIMIT {int(limit)}",
            {"now": stamp(now)},
        )

    def claim(self, message_id: str, now: datetime) -> bool:
        """Hold a message for sending; False when another sender holds it or it was sent meanwhile."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET lease_until = :until WHERE id = :id AND status = 'queued' "
                         "AND (lease_until IS NULL OR lease_until < :now)",
                      {"id": message_id, "now": stamp(now), "until": stamp(now + LEASE)})
            return c.rowcount == 1

    def reword(self, message_id: str, *, subject: str, text: str, html: str) -> None:
        """Replace a held message's words (it is going out on a later day than it was composed)."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET subject = :s, text_body = :t, html_body = :h WHERE id = :id",
                      {"id": message_id, "s": subject, "t": text, "h": html})

    def drop(self, message_id: str, note: str) -> None:
        """Never send a message, and say why."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET status = 'dropped', note = :note, lease_until = NULL WHERE id = :id",
                      {"id": message_id, "note": note})

    def sent(self, message_id: str, now: datetime, note: str) -> None:
        """Record that the mail server took a message."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET status = 'sent', sent_at = :now, note = :note, lease_until = NULL, "
                         "attempts = attempts + 1 WHERE id = :id", {"id": message_id, "now": stamp(now), "note": note})

    def failed(self, message_id: str, now: datetime, error: str, *, permanent: bool) -> None:
        """Record a failed attempt, and when to try again (never, if retrying cannot help)."""
        with self._cursor(commit=True) as c:
            self._run(c, "SELECT attempts FROM {p}messages WHERE id = :id", {"id": message_id})
            attempts = c.fetchone()["attempts"] + 1
            retry = now + timedelta(minutes=min(2 ** (attempts - 1), MAX_BACKOFF_MINUTES))
            self._run(c, "UPDATE {p}messages SET attempts = :n, last_error = :e, next_attempt_at = :r, "
                         "lease_until = NULL, status = :s WHERE id = :id",
                      {"id": message_id, "n": attempts, "e": error[:500], "r": stamp(retry),
                       "s": "failed" if permanent else "queued"})

    def retry_failed(self, now: datetime) -> int:
        """Queue every failed message again, to be tried at once (after the mail server was put right, say); not
        one addressed to nobody, which no retry can send (the chaser composes a new one once the directory has the
        address)."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET status = 'queued', next_attempt_at = :now "
                         "WHERE status = 'failed' AND to_addrs <> ''", {"now": stamp(now)})
            return c.rowcount

    def hurry(self, now: datetime) -> int:
        """Make every queued message waiting for its next try due at once; returns how many there were."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET next_attempt_at = :now WHERE status = 'queued' AND next_attempt_at > :now",
                      {"now": stamp(now)})
            return c.rowcount

    # Reading

    def messages(self, *, status: Sequence[str] = (), committee_id: str | None = None,
                 limit: int = 200) -> list[dict[str, Any]]:
        """Messages, latest first; of one committee: those carrying its chases, digest, links or escalations."""
        where, params = [], {}
        if status:
            names = {f"s{i}": s for i, s in enumerate(status)}
            where.append(f"m.status IN ({', '.join(':' + k for k in names)})")
            params.update(names)
        if committee_id:
            where.append("(m.id IN (SELECT message_id FROM {p}message_committees WHERE committee_id = :k) OR "
                         # messages filed by an older tracker, which did not note their committees
                         "(m.id NOT IN (SELECT message_id FROM {p}message_committees) AND ("
                         "m.batch IN (SELECT batch FROM {p}chases WHERE committee_id = :k) OR "
                         "m.id IN (SELECT message_id FROM {p}digests WHERE committee_id = :k) OR "
                         "m.id IN (SELECT message_id FROM {p}links WHERE committee_id = :k))))")
            params["k"] = committee_id
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(f"SELECT m.* FROM {{p}}messages m {clause} ORDER BY m.created_at DESC, m.id LIMIT {int(limit)}",
                          params)
        for row in rows:
            for key in ("created_at", "sent_at", "next_attempt_at", "lease_until"):
                row[key] = unstamp(row[key])
        return rows

    def chases_of(self, *, committee_id: str | None = None, message_id: str | None = None) -> list[dict[str, Any]]:
        """Chases in the outbox, of a committee or of a message, with the message each went in."""
        where, params = ("committee_id = :k", {"k": committee_id}) if committee_id else ("message_id = :m", {"m": message_id})
        rows = self._rows(f"SELECT * FROM {{p}}chases WHERE {where} ORDER BY at DESC, reference", params)
        for row in rows:
            row["recipients"] = json.loads(row["recipients"])
            row["at"] = unstamp(row["at"])
        return rows

    def chase_state(self, action_id: str, due_date: str, stage: str, number: int) -> tuple[str, str]:
        """What became of one chase's e-mail: ("sent", when), ("queued", the last error if it was tried),
        ("failed", error), ("not sent", why) or ("not in the outbox yet", "")."""
        rows = self._rows(
            "SELECT ch.message_id, m.status, m.sent_at, m.last_error, m.note FROM {p}chases ch "
            "LEFT JOIN {p}messages m ON m.id = ch.message_id "
            "WHERE ch.action_id = :a AND ch.due_date = :d AND ch.stage = :s AND ch.number = :n",
            {"a": action_id, "d": due_date, "s": stage, "n": number},
        )
        if not rows or rows[0]["message_id"] is None:
            return ("not in the outbox yet", "")
        row = rows[0]
        if row["status"] is None:  # filed without a message: history from before the outbox
            return ("not sent", row["message_id"].strip("()").removeprefix("not sent: "))
        if row["status"] == "dropped":
            return ("not sent", row["note"] or "")
        if row["status"] == "sent":
            return ("sent", row["sent_at"])
        return (row["status"], row["last_error"] or "")  # queued (perhaps after failed tries) or failed for good

    def counts(self) -> dict[str, int]:
        """Messages by status, and chases not yet composed."""
        found = {r["status"]: r["n"] for r in self._rows("SELECT status, COUNT(*) AS n FROM {p}messages GROUP BY status")}
        found["uncomposed"] = self._rows("SELECT COUNT(*) AS n FROM {p}chases WHERE message_id IS NULL")[0]["n"]
        return found

    # Tables

    def ensure_schema(self) -> bool:
        """Make any missing tables and columns, but never drop the outbox: unlike a view, it holds what was sent,
        and made anew from the events it would have to treat them all as history."""
        with self._cursor(commit=True) as c:
            self._run(c, "CREATE TABLE IF NOT EXISTS {p}schema (version INTEGER NOT NULL)")
            self._run(c, "SELECT MAX(version) AS v FROM {p}schema")
            if (c.fetchone()["v"] or 0) == self.schema_version:
                return False
            for statement in self.create_statements():
                self._run(c, statement)
            for table, columns in ADDED_COLUMNS.items():
                for column, kind in columns.items():
                    self._add_column(c, table, column, kind)
            self._run(c, "DELETE FROM {p}schema")
            self._run(c, "INSERT INTO {p}schema (version) VALUES (:v)", {"v": self.schema_version})
        return True

    @abstractmethod
    def _add_column(self, c: Any, table: str, column: str, kind: str) -> None:
        """Add a column an older tracker's outbox lacks (each store says how)."""


class SQLiteOutboxView(OutboxView, SQLiteView):
    """The outbox in its own SQLite file."""

    def _add_column(self, c: Any, table: str, column: str, kind: str) -> None:
        self._run(c, f"PRAGMA table_info({{p}}{table})")
        if column not in {row["name"] for row in c.fetchall()}:
            self._run(c, f"ALTER TABLE {{p}}{table} ADD COLUMN {column} {kind}")


class PostgresOutboxView(OutboxView, PostgresView):
    """The outbox in PostgreSQL."""

    def _add_column(self, c: Any, table: str, column: str, kind: str) -> None:
        self._run(c, f"ALTER TABLE {{p}}{table} ADD COLUMN IF NOT EXISTS {column} {kind}")


class OutboxProjection(Projection[OutboxView]):
    """Puts every chase, digest and new link recorded in the event log into the outbox, once."""

    name = "outbox"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event and record its tracking in the same transaction."""
        self.process_batch([(domain_event, tracking)])

    def process_batch(self, items: Sequence[tuple[Any, Tracking]]) -> None:
        """Apply events in one transaction with the last one's tracking: all or nothing."""
        if not items:
            return
        origin = self.view.origin() or 0
        with self.view.writing(items[-1][1]) as c:
            for event, tracking in items:
                # Recorded before the outbox was made: history, filed as not to be sent. Anything later is sent
                # however late it arrives; the composer drops what is no longer owed, and says so.
                filed = HISTORY if tracking.notification_id <= origin else None
                for table, row in _rows(event, filed):
                    self.view.insert(c, table, row)


def _rows(event: Any, filed: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(event, Action.UpdateLinkSent):
        yield "links", {
            "action_id": str(event.originator_id), "version": event.originator_version,
            "person_id": str(event.person_id), "reference": event.reference,
            "committee_id": str(event.committee_id), "at": stamp(event.timestamp), "message_id": filed,
        }
    elif isinstance(event, Action.Chased):
        yield "chases", {
            "action_id": str(event.originator_id), "due_date": event.due_date.isoformat(),
            "stage": event.stage, "number": event.number, "reference": event.reference,
            "committee_id": str(event.committee_id), "recipients": json.dumps(event.recipients),
            "batch": event.batch, "on_day": event.on.isoformat(), "at": stamp(event.timestamp),
            "message_id": filed, "version": event.originator_version,
        }
    elif isinstance(event, Committee.DigestSent):
        yield "digests", {
            "committee_id": str(event.originator_id), "day": event.day.isoformat(),
            "recipients": json.dumps(event.recipients), "at": stamp(event.timestamp), "message_id": filed,
        }


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)

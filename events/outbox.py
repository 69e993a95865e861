"""The outbox: mail fed from the events, exactly once in, at least once out, never lost.

Each Chased and DigestSent event lands in the outbox's own tables exactly once (a projection with tracking).
Composing turns a batch of chases into one message with a stable Message-ID; delivery hands messages to the
mail server, one lease at a time, retrying with backoff while the server is down. A message resent after a
crash carries the same Message-ID, so it is recognisable as the same message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from events.sqlview import PostgresView, SQLiteView, SQLView
from events.view import stamp, unstamp
from tracker.domain.action import Action
from tracker.domain.committee import Committee

STALE, STALE_AFTER = "(not sent: recorded too long before it reached the outbox)", timedelta(days=1)
LEASE = timedelta(minutes=5)  # how long one sender holds a message before another may try it
MAX_BACKOFF_MINUTES = 60


class OutboxView(SQLView):
    """The outbox's tables."""

    base_prefix = "outbox_"
    schema_version = 2  # 2: new update links
    tables = {
        "chases": """
            action_id TEXT NOT NULL, due_date TEXT NOT NULL, stage TEXT NOT NULL, number INTEGER NOT NULL,
            reference TEXT NOT NULL, committee_id TEXT NOT NULL, recipients TEXT NOT NULL, batch TEXT NOT NULL,
            on_day TEXT NOT NULL, at TEXT NOT NULL, message_id TEXT,
            PRIMARY KEY (action_id, due_date, stage, number)""",
        "digests": """
            committee_id TEXT NOT NULL, day TEXT NOT NULL, recipients TEXT NOT NULL, at TEXT NOT NULL,
            message_id TEXT, PRIMARY KEY (committee_id, day)""",
        "links": """
            action_id TEXT NOT NULL, version INTEGER NOT NULL, person_id TEXT NOT NULL, reference TEXT NOT NULL,
            committee_id TEXT NOT NULL, at TEXT NOT NULL, message_id TEXT, PRIMARY KEY (action_id, version)""",
        "messages": """
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, batch TEXT NOT NULL, sender TEXT NOT NULL,
            to_addrs TEXT NOT NULL, cc_addrs TEXT NOT NULL, reply_to TEXT NOT NULL, subject TEXT NOT NULL,
            text_body TEXT NOT NULL, html_body TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, last_error TEXT, note TEXT,
            sent_at TEXT, lease_until TEXT""",
    }
    indexes = (
        ("chases_unsent", "chases", "message_id, batch"),
        ("chases_committee", "chases", "committee_id, at"),
        ("digests_unsent", "digests", "message_id"),
        ("links_unsent", "links", "message_id"),
        ("messages_due", "messages", "status, next_attempt_at"),
    )

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

    def add_messages(self, messages: Sequence[dict[str, Any]], *, chases: Sequence[dict[str, Any]] = (),
                     digest: dict[str, Any] | None = None, link: dict[str, Any] | None = None) -> int:
        """Queue composed messages and mark what they carry, in one transaction; 0 if another sender composed
        them first (the same rows make the same Message-IDs)."""
        with self._cursor(commit=True) as c:
            added = 0
            for message in messages:
                columns = ", ".join(message)
                self._run(c, f"INSERT INTO {{p}}messages ({columns}) VALUES ({', '.join(':' + k for k in message)}) "
                             "ON CONFLICT (id) DO NOTHING", message)
                added += c.rowcount
            if not added:
                return 0
            first = messages[0]["id"]
            for ch in chases:
                self._run(c, "UPDATE {p}chases SET message_id = :m WHERE action_id = :a AND due_date = :d "
                             "AND stage = :s AND number = :n AND message_id IS NULL",
                          {"m": first, "a": ch["action_id"], "d": ch["due_date"], "s": ch["stage"], "n": ch["number"]})
            if digest is not None:
                self._run(c, "UPDATE {p}digests SET message_id = :m WHERE committee_id = :k AND day = :d",
                          {"m": first, "k": digest["committee_id"], "d": digest["day"]})
            if link is not None:
                self._run(c, "UPDATE {p}links SET message_id = :m WHERE action_id = :a AND version = :v",
                          {"m": first, "a": link["action_id"], "v": link["version"]})
            return 1

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
        """Queue every failed message again, to be tried at once (after the clerk fixed an address, say)."""
        with self._cursor(commit=True) as c:
            self._run(c, "UPDATE {p}messages SET status = 'queued', next_attempt_at = :now WHERE status = 'failed'",
                      {"now": stamp(now)})
            return c.rowcount

    # Reading

    def messages(self, *, status: Sequence[str] = (), committee_id: str | None = None,
                 limit: int = 200) -> list[dict[str, Any]]:
        """Messages, latest first; of one committee: those carrying its chases or its digest."""
        where, params = [], {}
        if status:
            names = {f"s{i}": s for i, s in enumerate(status)}
            where.append(f"m.status IN ({', '.join(':' + k for k in names)})")
            params.update(names)
        if committee_id:
            where.append("(m.batch IN (SELECT batch FROM {p}chases WHERE committee_id = :k) OR "
                         "m.id IN (SELECT message_id FROM {p}digests WHERE committee_id = :k) OR "
                         "m.id IN (SELECT message_id FROM {p}links WHERE committee_id = :k))")
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

    def counts(self) -> dict[str, int]:
        """Messages by status, and chases not yet composed."""
        found = {r["status"]: r["n"] for r in self._rows("SELECT status, COUNT(*) AS n FROM {p}messages GROUP BY status")}
        found["uncomposed"] = self._rows("SELECT COUNT(*) AS n FROM {p}chases WHERE message_id IS NULL")[0]["n"]
        return found

    def ensure_schema(self) -> bool:
        """Make any missing tables, but never drop the outbox: unlike a view, it holds what was sent, and made
        anew from the events it would send every chase ever recorded again."""
        with self._cursor(commit=True) as c:
            self._run(c, "CREATE TABLE IF NOT EXISTS {p}schema (version INTEGER NOT NULL)")
            self._run(c, "SELECT MAX(version) AS v FROM {p}schema")
            if (c.fetchone()["v"] or 0) == self.schema_version:
                return False
            for statement in self.create_statements():
                self._run(c, statement)
            self._run(c, "DELETE FROM {p}schema")
            self._run(c, "INSERT INTO {p}schema (version) VALUES (:v)", {"v": self.schema_version})
        return True


class SQLiteOutboxView(OutboxView, SQLiteView):
    """The outbox in its own SQLite file."""


class PostgresOutboxView(OutboxView, PostgresView):
    """The outbox in PostgreSQL."""


class OutboxProjection(Projection[OutboxView]):
    """Puts every chase and digest recorded in the event log into the outbox, once."""

    name = "outbox"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event and record its tracking in the same transaction."""
        self.process_batch([(domain_event, tracking)])

    def process_batch(self, items: Sequence[tuple[Any, Tracking]]) -> None:
        """Apply events in one transaction with the last one's tracking: all or nothing."""
        if not items:
            return
        now = datetime.now(timezone.utc)
        with self.view.writing(items[-1][1]) as c:
            for event, _ in items:
                # Mail about a chase, digest or link recorded long ago would arrive late and out of step (and
                # an outbox made anew would send the whole history again): it is filed as not to be sent.
                stale = STALE if now - event.timestamp > STALE_AFTER else None
                if isinstance(event, Action.UpdateLinkSent):
                    self.view.insert(c, "links", {
                        "action_id": str(event.originator_id), "version": event.originator_version,
                        "person_id": str(event.person_id), "reference": event.reference,
                        "committee_id": str(event.committee_id), "at": stamp(event.timestamp), "message_id": stale,
                    })
                elif isinstance(event, Action.Chased):
                    self.view.insert(c, "chases", {
                        "action_id": str(event.originator_id), "due_date": event.due_date.isoformat(),
                        "stage": event.stage, "number": event.number, "reference": event.reference,
                        "committee_id": str(event.committee_id),
                        "recipients": json.dumps(event.recipients), "batch": event.batch,
                        "on_day": event.on.isoformat(), "at": stamp(event.timestamp), "message_id": stale,
                    })
                elif isinstance(event, Committee.DigestSent):
                    self.view.insert(c, "digests", {
                        "committee_id": str(event.originator_id), "day": event.day.isoformat(),
                        "recipients": json.dumps(event.recipients), "at": stamp(event.timestamp), "message_id": stale,
                    })


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)

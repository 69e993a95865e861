"""Keeping the outbox: catching it up from the event log, composing messages, and delivering them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import parseaddr
from itertools import groupby
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from events.digest import digest_context
from events.letters import chase_letter, digest_letter, when_text
from events.links import UpdateLinks
from events.mail import MailError, Mailer, Message
from events.outbox import OutboxProjection, OutboxView
from events.readside import ReadSide
from events.view import ActionLogView, committee_policy, stamp
from tracker.application import Tracker
from tracker.domain.action import Action
from tracker.domain.committee import Committee
from tracker.domain.calendar import WorkingCalendar, to_london
from tracker.domain.chasing import ChasePolicy, Stage, in_office_hours

BATCH = 1000
OUTBOX_TOPICS = (get_topic(Action.Chased), get_topic(Committee.DigestSent))  # all the outbox reads of the log
MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/message")


@dataclass
class Delivered:
    """What one delivery pass did."""

    sent: list[str] = field(default_factory=list)  # subjects
    failed: list[tuple[str, str]] = field(default_factory=list)  # (subject, error)
    held: str = ""  # why nothing was sent, if nothing was tried


class Outbox:
    """The outbox of one tracker: fed from its events, composed with its read side, sent by a Mailer."""

    def __init__(self, app: Tracker, view: OutboxView, read: ReadSide, links: UpdateLinks, mailer: Mailer, *,
                 sender: str, calendar: WorkingCalendar) -> None:
        self.app = app
        self.view = view
        self.projection = OutboxProjection(view=view)
        self.read = read
        self.links = links
        self.mailer = mailer
        self.sender = sender
        self.calendar = calendar
        self._lock = threading.Lock()

    def catch_up(self) -> int:
        """Put every chase and digest recorded since last time into the outbox; each lands exactly once."""
        applied = 0
        with self._lock:
            while True:
                last = self.view.max_tracking_id(self.app.name) or 0
                # Read up to the top as it was before the select, so nothing committed meanwhile is passed over.
                top = self.app.recorder.max_notification_id() or 0
                if top <= last:
                    return applied
                notifications = self.app.recorder.select_notifications(
                    start=last + 1, limit=BATCH, stop=top, topics=OUTBOX_TOPICS,
                )
                if not notifications:
                    self._track(top)  # nothing of ours up to the top: remember how far we read
                    continue
                items = [(self.app.mapper.to_domain_event(n), Tracking(self.app.name, n.id)) for n in notifications]
                try:
                    self.projection.process_batch(items)
                except IntegrityError:
                    continue  # another process filed this batch first
                applied += len(items)

    def _track(self, notification_id: int) -> None:
        try:
            with self.view.writing(Tracking(self.app.name, notification_id)):
                pass
        except IntegrityError:
            pass  # another process got there first: it read at least as far

    # Composing

    def compose(self, now: datetime | None = None) -> int:
        """Turn every batch of chases, and every digest, not yet in a message into one, queued to go at `now`
        (the moment the run acts as at); returns how many."""
        now = now or datetime.now(timezone.utc)
        self.read.sync()  # once; composing then reads the view directly
        made = 0
        for batch, rows in groupby(self.view.unsent_chases(), key=lambda r: r["batch"]):
            made += self._compose_chases(batch, list(rows), now)
        for digest in self.view.unsent_digests():
            made += self._compose_digest(digest, now)
        return made

    def _compose_chases(self, batch: str, rows: list[dict[str, Any]], now: datetime) -> int:
        read = self.read.view
        people = _people(read, rows)
        owner_id = next(r["person_id"] for r in rows[0]["recipients"] if r["as"] == "owner")
        owner = people.get(owner_id)
        items, committees = [], {}
        for row in rows:
            action = read.action_by_id(row["action_id"])
            committee = committees.setdefault(row["committee_id"], read.committee_by_id(row["committee_id"]))
            origin = read.meeting_by_id(action["meeting_id"]) if action and action["meeting_id"] else None
            due = date.fromisoformat(row["due_date"])
            items.append({
                "reference": row["reference"], "title": action["title"] if action else row["reference"],
                "stage": Stage(row["stage"]), "committee_name": committee["name"] if committee else "",
                "origin": f"{origin['title']}, {to_london(origin['starts_at']):%-d %B %Y}" if origin else "",
                "minute_ref": action["minute_ref"] if action else "", "source_quote": action["source_quote"] if action else "",
                "last_update": action["last_update"] if action else "",
                "when": when_text(Stage(row["stage"]), row["number"], due, date.fromisoformat(row["on_day"])),
                "link": self.links.url(owner_id, row["reference"]),
            })
        cc_ids = sorted({r["person_id"] for row in rows for r in row["recipients"] if r["as"] != "owner"})
        first = next(iter(committees.values()), None) or {}
        clerk = people.get(str(first.get("clerk_id"))) or read.person_by_id(str(first.get("clerk_id")))
        escalated = any(Stage(r["stage"]) is Stage.ESCALATION for r in rows)
        senior = any(r["as"] == "senior contact" for row in rows for r in row["recipients"])
        letter = chase_letter(
            owner=owner or {"name": "colleague"}, items=items, escalated=escalated,
            escalate_after=committee_policy(first).escalate_after if first else ChasePolicy().escalate_after, senior=senior, clerk=clerk, authority=first.get("authority", ""),
        )
        keys = sorted(f"{r['action_id']}/{r['due_date']}/{r['stage']}/{r['number']}" for r in rows)
        message = self._message("chase", batch, keys, letter, now,
                                to=[owner["email"]] if owner and owner["email"] else [],
                                cc=[people[p]["email"] for p in cc_ids if p in people and people[p]["email"]],
                                reply_to=(clerk or {}).get("email") or "")
        return int(self.view.add_message(message, chases=rows))

    def _compose_digest(self, digest: dict[str, Any], now: datetime) -> int:
        read = self.read.view
        committee = read.committee_by_id(digest["committee_id"])
        people = _people(read, [digest])
        day = date.fromisoformat(digest["day"])
        context = digest_context(read, self.view, self.calendar, committee, day, log_url=f"{self.links.base_url}/committees/{committee['short_name']}")
        letter = digest_letter(context)
        message = self._message("digest", f"{digest['committee_id']}/{digest['day']}", [digest["day"]], letter, now,
                                to=[people[r["person_id"]]["email"] for r in digest["recipients"]
                                    if r["person_id"] in people and people[r["person_id"]]["email"]],
                                cc=[], reply_to="")
        return int(self.view.add_message(message, digest=digest))

    def _message(self, kind: str, batch: str, keys: list[str], letter: Any, moment: datetime, *, to: list[str],
                 cc: list[str], reply_to: str) -> dict[str, Any]:
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "scrutiny-tracker.invalid"
        now = stamp(moment)
        return {
            "id": f"<{uuid5(MESSAGE_NAMESPACE, batch + '|' + '|'.join(keys))}@{domain}>", "kind": kind, "batch": batch,
            "sender": self.sender, "to_addrs": ", ".join(to), "cc_addrs": ", ".join(c for c in cc if c not in to),
            "reply_to": reply_to, "subject": letter.subject, "text_body": letter.text, "html_body": letter.html,
            "created_at": now, "status": "queued" if to else "failed", "attempts": 0, "next_attempt_at": now,
            "last_error": None if to else "nobody to send it to: the directory has no e-mail address for them",
            "note": None, "sent_at": None, "lease_until": None,
        }

    # Delivering

    def deliver(self, now: datetime) -> Delivered:
        """Send every message that is due, in office hours; a failure is kept, retried later, never lost."""
        report = Delivered()
        if not in_office_hours(now, self.calendar):
            report.held = f"{to_london(now):%A %-d %B %Y %H:%M} is outside office hours: nothing is sent now."
            return report
        with self.mailer.batch():
            for message in self.view.due_messages(now):
                if not self.view.claim(message["id"], now):
                    continue  # another sender has it
                try:
                    note = self.mailer.send(_as_message(message))
                except MailError as e:
                    self.view.failed(message["id"], now, str(e), permanent=e.permanent)
                    report.failed.append((message["subject"], str(e)))
                else:
                    self.view.sent(message["id"], now, note)
                    report.sent.append(message["subject"])
        return report

    def flush(self, now: datetime) -> Delivered:
        """Catch up, compose and deliver: everything queued goes out now, if it may."""
        self.catch_up()
        self.compose(now)
        return self.deliver(now)


def _people(read: ActionLogView, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    ids = {r["person_id"] for row in rows for r in row["recipients"]}
    found = {}
    for person_id in ids:
        person = read.person_by_id(person_id)
        if person:
            found[person_id] = person
    return found


def _as_message(row: dict[str, Any]) -> Message:
    def split(text: str) -> tuple[str, ...]:
        return tuple(a.strip() for a in text.split(",") if a.strip())

    return Message(message_id=row["id"], sender=row["sender"], to=split(row["to_addrs"]), cc=split(row["cc_addrs"]),
                   subject=row["subject"], text=row["text_body"], html=row["html_body"], reply_to=row["reply_to"])

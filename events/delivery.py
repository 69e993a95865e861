"""Keeping the outbox: catching it up from the event log, composing messages, and delivering them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from events.compose import Composer
from events.links import UpdateLinks
from events.mail import MailError, Mailer, Message
from events.outbox import OutboxProjection, OutboxView
from events.readside import ReadSide
from tracker.application import Tracker
from tracker.domain.action import Action
from tracker.domain.calendar import WorkingCalendar, to_london
from tracker.domain.chasing import in_office_hours
from tracker.domain.committee import Committee

BATCH = 1000
# All the outbox reads of the log.
OUTBOX_TOPICS = (get_topic(Action.Chased), get_topic(Committee.DigestSent), get_topic(Action.UpdateLinkSent))


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
        """Turn every batch of chases, every digest and every new link not yet in a message into messages,
        queued to go at `now` (the moment the run acts as at); returns how many batches it composed."""
        now = now or datetime.now(timezone.utc)
        digests = self.view.unsent_digests()
        if digests:
            # A digest counts what is overdue and chased, so the view must have every event. Chases and links
            # need only titles, people and meetings, which their own events do not change: the composer catches
            # the view up only if it lacks one of those (an action logged a moment before its link was asked for).
            self.read.sync()
        composer = Composer(self.read.view, self.view, self.links, sender=self.sender, calendar=self.calendar,
                            catch_up=self.read.sync)
        made = 0
        for batch, rows in groupby(self.view.unsent_chases(), key=lambda r: r["batch"]):
            group = list(rows)
            made += self.view.add_messages(composer.chases(batch, group, now), chases=group)
        for digest in digests:
            made += self.view.add_messages([composer.digest(digest, now)], digest=digest)
        for link in self.view.unsent_links():
            made += self.view.add_messages([composer.link(link, now)], link=link)
        return made

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


def _as_message(row: dict[str, Any]) -> Message:
    def split(text: str) -> tuple[str, ...]:
        return tuple(a.strip() for a in text.split(",") if a.strip())

    return Message(message_id=row["id"], sender=row["sender"], to=split(row["to_addrs"]), cc=split(row["cc_addrs"]),
                   subject=row["subject"], text=row["text_body"], html=row["html_body"], reply_to=row["reply_to"])

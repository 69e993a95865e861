"""Keeping the outbox: catching it up from the event log, composing messages, and delivering them."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.headerregistry import Address
from email.utils import getaddresses
from typing import Any

import holidays
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from events.compose import Composed, Composer, no_longer_owed
from events.letters import Letter, render
from events.links import UpdateLinks
from events.mail import Mailer, MailError, Message
from events.outbox import KEYS, Claim, OutboxProjection, OutboxView
from events.readside import ReadSide
from events.view import stamp, unstamp
from tracker.application import Tracker
from tracker.domain.action import Action
from tracker.domain.calendar import WorkingCalendar, to_london
from tracker.domain.chasing import OFFICE_CLOSES, OFFICE_OPENS, in_office_hours, next_office_opening
from tracker.domain.committee import Committee

log = logging.getLogger("tracker.outbox")
BATCH = 1000
# All the outbox reads of the log.
OUTBOX_TOPICS = (get_topic(Action.Chased), get_topic(Committee.DigestSent), get_topic(Action.UpdateLinkSent))
LATE = timedelta(minutes=2)  # a chase older than this when composed is checked against a caught-up view
FILING_ATTEMPTS = 5  # tries to file a pass's chases when other senders keep filing some of them first


def why_not_now(moment: datetime, calendar: WorkingCalendar) -> str:
    """Why nobody is chased at a moment outside office hours on working days, in plain English."""
    local = to_london(moment)
    when = f"{local:%A} {local.day} {local:%B %Y}"
    if local.weekday() >= 5:
        return f"{when} is at the weekend"
    if not calendar.is_working_day(local.date()):
        name = holidays.country_holidays("GB", subdiv=calendar.region, years=local.year).get(local.date(), "")
        name = name.replace("(observed)", "(substitute day)")
        return f"{when} is a bank holiday{f' ({name})' if name else ''}"
    return f"It is {local:%H:%M} on {when}, outside office hours ({OFFICE_OPENS:%H:%M} to {OFFICE_CLOSES:%H:%M})"


def held_text(moment: datetime, calendar: WorkingCalendar, what: str) -> str:
    """Why `what` does not happen at a moment, and when it may start: "Monday 28 December 2026 is a bank holiday
    (Boxing Day (substitute day)): nobody is chased until 09:00 on Tuesday 29 December 2026."."""
    opens = to_london(next_office_opening(moment, calendar))
    today = opens.date() == to_london(moment).date()
    return (f"{why_not_now(moment, calendar)}: {what} "
            f"{'before' if today else 'until'} {opens:%H:%M}{'' if today else f' on {opens:%A} {opens.day} {opens:%B %Y}'}.")


@dataclass
class Delivered:
    """What one delivery pass did."""

    sent: list[str] = field(default_factory=list)  # subjects
    failed: list[tuple[str, str]] = field(default_factory=list)  # (subject, error)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (subject, why it is not sent)
    held: str = ""  # why nothing was sent, if nothing was tried
    opens: datetime | None = None  # when held: when sending may start


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
        self._origin()  # a new outbox begins here: what the log holds already is history to it

    def _origin(self) -> int:
        origin = self.view.origin()
        if origin is None:
            origin = self.view.mark_origin(self.app.name, self.app.recorder.max_notification_id() or 0)
        return origin

    def catch_up(self) -> int:
        """Put every chase, digest and link recorded since last time into the outbox; each lands exactly once."""
        applied = 0
        with self._lock:
            self._origin()
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

    def composer(self) -> Composer:
        """A composer for one pass."""
        return Composer(self.read.view, self.view, self.links, sender=self.sender, calendar=self.calendar,
                        catch_up=self.read.sync)

    def compose(self, now: datetime | None = None) -> int:
        """Turn every chase, digest and new link not yet in a message into messages, queued to go at `now` (the
        moment the run acts as at), and file what is no longer owed as not sent; returns how many it queued."""
        now = now or datetime.now(timezone.utc)
        digests = self.view.unsent_digests()
        if digests:
            # A digest counts what is overdue and chased, so the view must have every event. Chases and links
            # need only titles, people and meetings, which their own events do not change: the composer catches
            # the view up only if it lacks one of those, or is behind a chase it would not send.
            self.read.sync()
        composer = self.composer()
        made = self._compose_chases(composer, now)
        latest = {d["committee_id"]: d["day"] for d in digests}  # ordered by day: the last one per committee wins
        for digest in digests:
            later = latest[digest["committee_id"]]
            message = composer.digest(digest, now, replaced_by=later if later != digest["day"] else "")
            made += self._file(Composed([message], _claims("digests", digest, message)))
        for link in self.view.unsent_links():
            message = composer.link(link, now)
            made += self._file(Composed([message], _claims("links", link, message)))
        return made

    def _compose_chases(self, composer: Composer, now: datetime) -> int:
        """Every chase not yet in a message, an owner's all in one; composed again from what is left when
        another sender filed some of them first, so none is ever in two messages."""
        made, refused, synced = 0, 0, False
        while refused < FILING_ATTEMPTS:
            rows = self.view.unsent_chases()
            if not rows:
                break
            if not synced and min(row["at"] for row in rows) < stamp(datetime.now(timezone.utc) - LATE):
                # Chases that reach the outbox late are checked against a view that has all that happened since
                # (a chase composed as it is recorded need not wait for the view).
                self.read.sync()
                synced = True
            composed = composer.chases(rows, now)
            if self.view.file(composed.messages, composed.claims):
                made += composed.queued
            else:
                refused += 1
        return made

    def _file(self, composed: Composed) -> int:
        return composed.queued if self.view.file(composed.messages, composed.claims) else 0

    # Delivering

    def deliver(self, now: datetime) -> Delivered:
        """Send every message that is due, in office hours; a failure is kept, retried later, never lost."""
        report = Delivered()
        if not in_office_hours(now, self.calendar):
            report.opens = next_office_opening(now, self.calendar)
            report.held = held_text(now, self.calendar, "nothing is sent")
            return report
        today = to_london(now).date()
        composer: Composer | None = None
        with self.mailer.batch():
            for message in self.view.due_messages(now):
                if not self.view.claim(message["id"], now):
                    continue  # another sender has it
                try:
                    if message.get("letter") and to_london(unstamp(message["created_at"])).date() < today:
                        if composer is None:
                            self.read.sync()  # what it chases may have been done since: the view must know
                            composer = self.composer()
                        left_out = self._reword(composer, message, today, report)
                        if left_out is None:
                            continue
                    else:
                        left_out = ""
                    note = "; ".join(n for n in (self.mailer.send(_as_message(message)), left_out) if n)
                except MailError as e:
                    self.view.failed(message["id"], now, str(e), permanent=e.permanent)
                    report.failed.append((message["subject"], str(e)))
                except Exception as e:  # noqa: BLE001 - one message that cannot be made must not stop the others
                    log.exception("the message %s could not be sent", message["id"])
                    error = f"could not be made ready to send ({type(e).__name__}: {e}); tell the scrutiny team"
                    self.view.failed(message["id"], now, error, permanent=True)
                    report.failed.append((message["subject"], error))
                else:
                    self.view.sent(message["id"], now, note)
                    report.sent.append(message["subject"])
        return report

    def _reword(self, composer: Composer, message: dict[str, Any], today: date, report: Delivered) -> str | None:
        """Word a message held up since an earlier day for today, leaving out what is no longer owed; returns
        what was left out and why, or None (and files it as not sent) when nothing in it is owed any more."""
        letter = json.loads(message["letter"])
        args = letter["args"]
        left_out = []
        if letter["kind"] in ("chase", "notice"):
            actions = composer.read.actions_by_ids([i["action_id"] for c in args["committees"] for i in c["items"]])
            for committee in args["committees"]:
                owed = []
                for item in committee["items"]:
                    why = no_longer_owed(item["reference"], action=actions.get(item["action_id"]),
                                         committee=composer.read.committee_by_id(item["committee_id"]),
                                         due_date=item["due"], owner_id=item["owner_id"])
                    if why:
                        left_out.append(why)
                    else:
                        owed.append(item)
                committee["items"] = owed
            args["committees"] = [c for c in args["committees"] if c["items"]]
            if not args["committees"]:
                self.view.drop(message["id"], "; ".join(left_out))
                report.dropped.append((message["subject"], "; ".join(left_out)))
                return None
        words: Letter = render(letter, today)
        self.view.reword(message["id"], subject=words.subject, text=words.text, html=words.html)
        message.update(subject=words.subject, text_body=words.text, html_body=words.html)
        return f"left out as no longer owed: {'; '.join(left_out)}" if left_out else ""

    def flush(self, now: datetime) -> Delivered:
        """Catch up, compose and deliver: everything queued goes out now, if it may."""
        self.catch_up()
        self.compose(now)
        return self.deliver(now)


def _claims(table: str, row: dict[str, Any], message: dict[str, Any]) -> list[Claim]:
    return [Claim(table, {k: row[k] for k in KEYS[table]}, message["id"])]


def _as_message(row: dict[str, Any]) -> Message:
    def split(text: str) -> tuple[str, ...]:
        return tuple(_split_addresses(text))

    return Message(message_id=row["id"], sender=row["sender"], to=split(row["to_addrs"]), cc=split(row["cc_addrs"]),
                   subject=row["subject"], text=row["text_body"], html=row["html_body"], reply_to=row["reply_to"])


def _split_addresses(text: str) -> list[str]:
    """'Name <a@x>, "Last, First" <b@x>' into its addresses, each as written."""
    found = []
    for name, addr in getaddresses([text]):
        if addr:
            try:
                found.append(str(Address(display_name=name, addr_spec=addr)))
            except (ValueError, IndexError):
                found.append(addr)
    return found

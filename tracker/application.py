"""The tracker application: every command in the users' words; queries return plain data."""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from copy import deepcopy
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from typing import Any, TypeVar
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from tracker.domain.action import Action, action_id
from tracker.domain.calendar import to_london
from tracker.domain.committee import Committee, committee_id
from tracker.domain.chasing import ChasePolicy, PlannedChase
from tracker.domain.errors import AlreadyChasedError, ConflictError, DuplicateError, NotFoundError, RuleError
from tracker.domain.meeting import Meeting
from tracker.domain.person import Person
from tracker.domain.user import User, user_id
from tracker.domain.values import MeetingStatus, Role
from tracker.importing import ImportOutcome, ImportRow, build_import
from tracker.ports import CalendarIndex, MeetingSlot
from tracker.snapshot import action_state, committee_state, meeting_state, person_state, user_state
from tracker.transcodings import DateAsISO

A = TypeVar("A", bound=Aggregate)
NEXT_MEETING = "next_meeting"
NUMBERING_RETRIES = 12  # tries at logging when another clerk takes the committee's next number meanwhile


class Tracker(Application):
    """Committees, meetings, people, users and the undertakings that bind them."""

    name = "tracker"
    chase_batch = 2000  # chases saved together in one transaction (a pass rarely has more)
    snapshotting_intervals = {Action: 100, Committee: 100, Meeting: 50, Person: 50, User: 50}

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self.calendar_index: CalendarIndex | None = None
        self.after_save: list[Callable[[list[Recording]], None]] = []
        self.hasher = PasswordHasher()
        self._dummy_hash: str | None = None  # checked against when nobody has the e-mail given at sign-in

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Dates must come back as dates."""
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # Plumbing

    def _load(self, cls: type[A], aggregate_id: UUID, what: str, expected_version: int | None = None) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"{what} was not found: check the reference and try again.") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"{what} was not found: check the reference and try again.")
        if expected_version is not None and aggregate.version != expected_version:
            raise ConflictError(what, expected_version, aggregate.version)
        return aggregate

    def _save(self, *aggregates: Aggregate, what: str = "It") -> list[Recording]:
        first = aggregates[0]
        loaded_version = first.version - len(first.pending_events)
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(what, loaded_version, self._current_version(first.id)) from None
        self._keep_in_cache(aggregates)
        if recordings:
            for hook in self.after_save:
                hook(recordings)
        return recordings

    def _keep_in_cache(self, aggregates: Sequence[Aggregate]) -> None:
        """Keep what was just saved in the aggregate cache, so the next command on it reads only newer events.

        The library caches on save only when it does not fast-forward; here every load fast-forwards, so a copy
        put in the cache is brought up to date by the next load whatever other processes write meanwhile. Only
        an aggregate the cache lacks or holds at an older version is put; a thread fast-forwarding the older one
        meanwhile keeps its own.
        """
        cache = self.repository.cache
        if cache is None:
            return
        for aggregate in aggregates:
            try:
                cached = cache.get(aggregate.id)
            except KeyError:
                cached = None
            if cached is None or cached.version < aggregate.version:
                cache.put(aggregate.id, deepcopy(aggregate))

    def _cached(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate as this process last saw it, if the cache has it: no newer events read, no copy made."""
        cache = self.repository.cache
        try:
            aggregate = cache.get(aggregate_id) if cache is not None else None
        except KeyError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def _cached_copy(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        """A copy of the aggregate as this process last saw it (else loaded), for a command whose save conflicts
        if it has moved on meanwhile and which then tries again on a fresh load."""
        cached = self._cached(cls, aggregate_id)
        return deepcopy(cached) if cached is not None else self._load(cls, aggregate_id, what)

    def _known(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        """An aggregate read only for what never changes once it is made (that it exists, its committee):
        from the cache when it is there, else loaded. Never mutate it."""
        cached = self._cached(cls, aggregate_id)
        return cached if cached is not None else self._load(cls, aggregate_id, what)

    def _current_version(self, aggregate_id: UUID) -> int:
        events = list(self.events.get(aggregate_id, desc=True, limit=1))
        return events[0].originator_version if events else 0

    def _action(self, reference: str, expected_version: int | None = None) -> Action:
        return self._load(Action, action_id(reference), f"Action {reference.upper()}", expected_version)

    def _act(self, reference: str, expected_version: int | None, move: Callable[[Action], None]) -> int:
        action = self._action(reference, expected_version)
        move(action)
        self._save(action, what=f"Action {action.reference}")
        return action.version

    # Committees

    def register_committee(
        self,
        *,
        actor: str,
        short_name: str,
        name: str,
        authority: str,
        chair_id: UUID | None = None,
        clerk_id: UUID | None = None,
        public: bool = False,
    ) -> UUID:
        """Register a committee; its short name prefixes every action reference."""
        if self._exists(committee_id(short_name)):
            raise DuplicateError(f"A committee with short name {short_name.upper()} exists already: choose another.")
        for person in (chair_id, clerk_id):
            if person is not None:
                self._load(Person, person, "The chair or clerk")
        committee = Committee.register(
            actor=actor, short_name=short_name, name=name, authority=authority,
            chair_id=chair_id, clerk_id=clerk_id, public=public,
        )
        self._save(committee, what=f"Committee {committee.short_name}")
        return committee.id

    def change_committee(self, short_name: str, *, actor: str, expected_version: int | None = None, **changes: Any) -> int:
        """Change a committee's name, authority, chair, clerk or whether its log is public."""
        committee = self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}", expected_version)
        for person in (changes.get("chair_id"), changes.get("clerk_id")):
            if person is not None:
                self._load(Person, person, "The chair or clerk")
        committee.change_details(actor=actor, **changes)
        self._save(committee, what=f"Committee {committee.short_name}")
        return committee.version

    def _exists(self, aggregate_id: UUID) -> bool:
        return self._current_version(aggregate_id) > 0

    # People

    def add_person(
        self, *, actor: str, name: str, job_title: str = "", organisation: str = "", email: str = "",
        senior_contact_id: UUID | None = None,
    ) -> UUID:
        """Add someone to the directory of owners."""
        if senior_contact_id is not None:
            self._load(Person, senior_contact_id, "The senior contact")
        person = Person.add(
            actor=actor, name=name, job_title=job_title, organisation=organisation, email=email,
            senior_contact_id=senior_contact_id,
        )
        self._save(person, what=f"Person {name}")
        return person.id

    def correct_person(self, person_id: UUID, *, actor: str, expected_version: int | None = None, **changes: Any) -> int:
        """Correct a person's details: one change, seen on every action they own."""
        person = self._load(Person, person_id, "That person", expected_version)
        if changes.get("senior_contact_id") is not None:
            self._load(Person, changes["senior_contact_id"], "The senior contact")
        person.correct(actor=actor, **changes)
        self._save(person, what=f"Person {person.name}")
        return person.version

    # Meetings: every change to a calendar keeps "by the next meeting" actions in step, in the same save.

    def schedule_meeting(
        self, *, actor: str, committee: str, starts_at: datetime, title: str,
        status: MeetingStatus = MeetingStatus.SCHEDULED,
    ) -> UUID:
        """Put a meeting in a committee's calendar (or record one already held)."""
        owner_id = self._known(Committee, committee_id(committee), f"Committee {committee.upper()}").id

        def schedule() -> Meeting:
            return Meeting.schedule(actor=actor, committee_id=owner_id, starts_at=starts_at, title=title, status=status)

        meeting = self._change_calendar(schedule, actor, lambda m: f"{m.title} was scheduled")
        return meeting.id

    def move_meeting(
        self, meeting_id: UUID, *, actor: str, starts_at: datetime, reason: str, expected_version: int | None = None
    ) -> int:
        """Move a meeting; every action due by it moves with it."""
        before: list[datetime] = []

        def move() -> Meeting:
            meeting = self._load(Meeting, meeting_id, "That meeting", expected_version)
            before[:] = [meeting.starts_at]
            meeting.move(actor=actor, starts_at=starts_at, reason=reason)
            return meeting

        def why(meeting: Meeting) -> str:
            return (f"{meeting.title} moved from {to_london(before[0]):%d %B %Y} to "
                    f"{to_london(starts_at):%d %B %Y}: {reason}")

        return self._change_calendar(move, actor, why).version

    def cancel_meeting(self, meeting_id: UUID, *, actor: str, reason: str, expected_version: int | None = None) -> int:
        """Cancel a meeting; actions due by it become due by the meeting after."""

        def cancel() -> Meeting:
            meeting = self._load(Meeting, meeting_id, "That meeting", expected_version)
            meeting.cancel(actor=actor, reason=reason)
            return meeting

        return self._change_calendar(cancel, actor, lambda m: f"{m.title} was cancelled: {reason}").version

    def mark_meeting_held(self, meeting_id: UUID, *, actor: str, now: datetime | None = None) -> int:
        """Record that a meeting took place; it must have begun by now (default: the current time)."""
        meeting = self._load(Meeting, meeting_id, "That meeting")
        meeting.mark_held(actor=actor, now=now or datetime.now().astimezone())
        self._save(meeting, what="That meeting")
        return meeting.version

    def _change_calendar(self, change: Callable[[], Meeting], actor: str, why: Callable[[Meeting], str]) -> Meeting:
        """Make a change to a meeting, and in the same save put it in its committee's calendar and re-date the
        actions due by the next meeting that it moves. A race lost on the committee or one of those actions
        (an action logged or changed meanwhile) is tried again on fresh copies; one lost on the meeting itself is
        the user's conflict."""

        def build() -> list[Aggregate]:
            meeting = change()
            committee = self._kept_calendar(self._load(Committee, meeting.committee_id, "The meeting's committee"), actor)
            committee.note_meeting(actor=actor, meeting_id=meeting.id, starts_at=meeting.starts_at,
                                   active=meeting.is_active)
            return [meeting, committee, *self._restep(committee, actor, why(meeting))]

        return self._save_retrying(build, "That meeting")[0]  # type: ignore[return-value]

    def _save_retrying(self, build: Callable[[], list[Aggregate]], what: str) -> list[Aggregate]:
        """Build a change on fresh copies and save it. A race lost on any aggregate but the first (the one the
        user acted on) is built and saved again; one lost on the first raises its ConflictError."""
        for attempt in range(NUMBERING_RETRIES):
            aggregates = build()
            first = aggregates[0]
            loaded = first.version - len(first.pending_events)
            try:
                self._save(*aggregates, what=what)
                return aggregates
            except ConflictError:
                if attempt == NUMBERING_RETRIES - 1 or self._current_version(first.id) != loaded:
                    raise
                time.sleep(random.uniform(0, 0.005) * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _restep(self, committee: Committee, actor: str, why: str) -> list[Action]:
        """Re-date every open action due by the next meeting whose next meeting, by the committee's calendar as
        it now is, is another one or on another day. Which actions are due by the next meeting is read from the
        view, which must have every event: any action logged after this read saves the committee too, so one of
        the two saves conflicts and this is built again on a view that has it."""
        index = self._index()
        index.sync(strict=True)
        changed = []
        for row in index.due_by_next_meeting(committee.id):
            target = committee.next_meeting(row.arose_at)
            new_id = target.id if target else None
            new_date = to_london(target.starts_at).date() if target else None
            if (new_id, new_date) == (row.due_meeting_id, row.due_date):
                continue
            action = self._load(Action, row.action_id, "An action due by the next meeting")
            if not action.status.is_active or not action.due_next_meeting:
                continue
            action.change_due_date(
                actor=actor, due_date=new_date, due_meeting_id=new_id, due_next_meeting=True,
                reason=f"Due by the next meeting, and {why}",
            )
            changed.append(action)
        return changed

    def _kept_calendar(self, committee: Committee, actor: str) -> Committee:
        """The committee, keeping its calendar: one registered before committees kept calendars starts keeping it
        now, with its meetings as their own aggregates say (found through the view, which must have them all),
        in the save of the command at hand."""
        if not committee.calendar_kept:
            index = self._index()
            index.sync(strict=True)
            meetings = [self._load(Meeting, slot.id, "A meeting of the committee") for slot in index.meetings_of(committee.id)]
            committee.start_calendar(actor=actor, meetings=[
                MeetingSlot(m.id, m.starts_at, m.is_active) for m in meetings])
        return committee

    def _index(self) -> CalendarIndex:
        if self.calendar_index is None:
            raise RuntimeError("The tracker was started without its calendar index.")
        return self.calendar_index

    # Actions

    def log_action(self, *, actor: str, committee: str, **details: Any) -> str:
        """Log an undertaking (title, owner_id, kind; optionally meeting_id, minute_ref, detail, source_quote,
        raised_by, due (a date, "next_meeting" or None), follows_up, imported, at). Returns its reference."""
        return self.log_actions(actor=actor, committee=committee, undertakings=[details])[0]

    def log_actions(self, *, actor: str, committee: str, undertakings: Sequence[dict[str, Any]]) -> list[str]:
        """Log undertakings of one committee together, in one transaction: all of them or none. Returns their
        references. Another clerk numbering the committee's actions at the same moment makes the save
        conflict on the committee; that is tried again on the fresh numbering, never shown."""
        for attempt in range(NUMBERING_RETRIES):
            # The first try numbers from the committee as this process last saved it; if another process has
            # numbered since, the save conflicts and the next try reads the committee afresh.
            owner = self._kept_calendar((self._cached_copy if attempt == 0 else self._load)(
                Committee, committee_id(committee), f"Committee {committee.upper()}"
            ), actor)
            actions = [self._new_action(owner, actor=actor, **details) for details in undertakings]
            try:
                self._save(owner, *actions, what=f"Committee {owner.short_name}")
            except ConflictError:
                if attempt == NUMBERING_RETRIES - 1:
                    raise
                time.sleep(random.uniform(0, 0.005) * (attempt + 1))  # let the other clerk's save through
                continue
            return [action.reference for action in actions]
        raise AssertionError("unreachable")  # pragma: no cover

    def _new_action(
        self,
        committee: Committee,
        *,
        actor: str,
        title: str,
        owner_id: UUID,
        kind: str,
        meeting_id: UUID | None = None,
        minute_ref: str = "",
        detail: str = "",
        source_quote: str = "",
        raised_by: str = "",
        due: date | str | None = None,
        follows_up: str | None = None,
        imported: bool = False,
        at: datetime | None = None,
    ) -> Action:
        self._known(Person, owner_id, "The owner")
        arose_at = at
        if meeting_id is not None:
            # When the meeting is only named, not counted from, its committee is all that matters.
            meeting = (self._load if due == NEXT_MEETING else self._known)(Meeting, meeting_id, "That meeting")
            if meeting.committee_id != committee.id:
                raise RuleError("That meeting belongs to another committee: choose one of this committee's meetings.")
            arose_at = meeting.starts_at
        follows_up_id = self._action(follows_up).id if follows_up else None
        counted_from = arose_at or datetime.now(timezone.utc)
        due_date, due_meeting_id, next_meeting = self._resolve_due(committee, due, counted_from)
        action = Action.log(
            actor=actor, at=at, reference=committee.allocate_reference(actor=actor), committee_id=committee.id,
            meeting_id=meeting_id, minute_ref=minute_ref, title=title, detail=detail, source_quote=source_quote,
            kind=kind, raised_by=raised_by, owner_id=owner_id, due_date=due_date, due_meeting_id=due_meeting_id,
            due_next_meeting=next_meeting, follows_up_id=follows_up_id, imported=imported,
        )
        return action

    @staticmethod
    def _resolve_due(
        committee: Committee, due: date | str | None, counted_from: datetime
    ) -> tuple[date | None, UUID | None, bool]:
        """A due date, or "by the next meeting" resolved against the committee's calendar from a moment."""
        if due != NEXT_MEETING:
            return _plain_due(due), None, False
        target = committee.next_meeting(counted_from)
        if target is None:
            return None, None, True
        return to_london(target.starts_at).date(), target.id, True

    def acknowledge(self, reference: str, *, actor: str, expected_version: int | None = None, at: datetime | None = None) -> int:
        """The owner acknowledges an undertaking."""
        return self._act(reference, expected_version, lambda a: a.acknowledge(actor=actor, at=at))

    def note_progress(
        self, reference: str, *, actor: str, text: str, expected_version: int | None = None, at: datetime | None = None
    ) -> int:
        """Record a progress update."""
        return self._act(reference, expected_version, lambda a: a.note_progress(actor=actor, text=text, at=at))

    def complete(
        self, reference: str, *, actor: str, response: str, evidence: Sequence[str] = (),
        expected_version: int | None = None, at: datetime | None = None,
    ) -> int:
        """Mark an undertaking complete with the response and links to evidence."""
        return self._act(
            reference, expected_version, lambda a: a.complete(actor=actor, response=response, evidence=list(evidence), at=at)
        )

    def close_action(
        self, reference: str, *, actor: str, note: str = "", expected_version: int | None = None, at: datetime | None = None
    ) -> int:
        """The clerk closes a completed undertaking (Application.close() closes the stores, hence the name)."""
        return self._act(reference, expected_version, lambda a: a.close(actor=actor, note=note, at=at))

    def accept(
        self, reference: str, *, actor: str, meeting_id: UUID, expected_version: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """The committee accepts a completed undertaking at a meeting, which closes it."""
        action = self._action(reference, expected_version)
        meeting = self._load(Meeting, meeting_id, "That meeting")
        if meeting.committee_id != action.committee_id:
            raise RuleError("Only a meeting of the action's own committee can accept it.")
        meeting.check_not_cancelled("used to accept actions")
        if meeting.starts_at < self._arose_at(action):
            raise RuleError(
                f"{meeting.title} ({to_london(meeting.starts_at):%-d %B %Y}) was before the undertaking arose, "
                "so it cannot have accepted it: choose a later meeting."
            )
        action.accept(actor=actor, meeting_id=meeting_id, at=at)
        self._save(action, what=f"Action {action.reference}")
        return action.version

    def reopen(
        self, reference: str, *, actor: str, reason: str, expected_version: int | None = None, at: datetime | None = None
    ) -> int:
        """Reopen an undertaking, with the reason. One due by the next meeting is due again by the next meeting
        the calendar now has after the moment it was counted from (its meeting may have moved while it was done,
        when the calendar does not re-date it)."""

        def build() -> list[Aggregate]:
            action = self._action(reference, expected_version)
            action.reopen(actor=actor, reason=reason, at=at)
            if not action.due_next_meeting:
                return [action]
            committee = self._kept_calendar(self._load(Committee, action.committee_id, "The action's committee"), actor)
            counted_from = getattr(action, "due_counted_from", None) or self._arose_at(action)
            target = committee.next_meeting(counted_from)
            new_id, new_date = (target.id, to_london(target.starts_at).date()) if target else (None, None)
            if (new_id, new_date) != (action.due_meeting_id, action.due_date):
                when = f"{new_date.day} {new_date:%B %Y}" if new_date else "not yet scheduled"
                action.change_due_date(actor=actor, due_date=new_date, due_meeting_id=new_id, due_next_meeting=True,
                                       reason=f"Reopened while due by the next meeting, which is now {when}", at=at)
            committee.choose_due_by_next_meeting(actor=actor, action_id=action.id, counted_from=counted_from)
            return [action, committee]

        return self._save_retrying(build, f"Action {reference.upper()}")[0].version

    def change_due_date(
        self, reference: str, *, actor: str, due: date | str | None, reason: str,
        expected_version: int | None = None, at: datetime | None = None,
    ) -> int:
        """The clerk changes when an undertaking is due, with the reason. "By the next meeting", chosen now,
        means the next meeting from now, and stays so as the calendar moves: the committee keeps it in step, so
        the action and the committee are saved together."""
        # The moment is fixed once, so that a try made again on a fresh calendar counts from the same moment.
        counted_from = (at or datetime.now(timezone.utc)) if due == NEXT_MEETING else None

        def build() -> list[Aggregate]:
            action = self._action(reference, expected_version)
            if counted_from is None:  # a date, or no date
                action.change_due_date(actor=actor, due_date=_plain_due(due), reason=reason, at=at)
                return [action]
            committee = self._kept_calendar(self._load(Committee, action.committee_id, "The action's committee"), actor)
            due_date, due_meeting_id, _ = self._resolve_due(committee, due, counted_from)
            action.change_due_date(
                actor=actor, due_date=due_date, due_meeting_id=due_meeting_id, due_next_meeting=True,
                counted_from=counted_from, reason=reason, at=at,
            )
            committee.choose_due_by_next_meeting(actor=actor, action_id=action.id, counted_from=counted_from)
            return [action, committee]

        return self._save_retrying(build, f"Action {reference.upper()}")[0].version

    def _arose_at(self, action: Action) -> datetime:
        if action.meeting_id is not None:
            return self._load(Meeting, action.meeting_id, "The origin meeting").starts_at
        return action.created_on

    def request_extension(
        self, reference: str, *, actor: str, due_date: date, reason: str, expected_version: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """The owner asks for more time."""
        return self._act(
            reference, expected_version, lambda a: a.request_extension(actor=actor, due_date=due_date, reason=reason, at=at)
        )

    def decide_extension(
        self, reference: str, *, actor: str, grant: bool, reason: str = "", expected_version: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """The clerk grants or refuses a pending extension."""
        return self._act(
            reference, expected_version, lambda a: a.decide_extension(actor=actor, grant=grant, reason=reason, at=at)
        )

    def reassign(
        self, reference: str, *, actor: str, owner_id: UUID, reason: str, expected_version: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """Give an undertaking to another owner."""
        self._load(Person, owner_id, "The new owner")
        return self._act(
            reference, expected_version, lambda a: a.reassign(actor=actor, owner_id=owner_id, reason=reason, at=at)
        )

    def withdraw(
        self, reference: str, *, actor: str, reason: str, expected_version: int | None = None, at: datetime | None = None
    ) -> int:
        """Withdraw an undertaking that is no longer wanted."""
        return self._act(reference, expected_version, lambda a: a.withdraw(actor=actor, reason=reason, at=at))

    def supersede(
        self, reference: str, *, actor: str, successor: str, reason: str, expected_version: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """Replace an undertaking by a later one."""
        successor_id = self._action(successor).id
        return self._act(
            reference, expected_version,
            lambda a: a.supersede(actor=actor, successor_id=successor_id, reason=reason, at=at),
        )

    def comment(
        self, reference: str, *, actor: str, text: str, expected_version: int | None = None, at: datetime | None = None
    ) -> int:
        """Add a comment to an undertaking."""
        return self._act(reference, expected_version, lambda a: a.comment(actor=actor, text=text, at=at))

    # Importing an existing action log: all of it in one transaction, each row once.

    def import_actions(
        self, *, actor: str, committee: str, rows: Sequence[ImportRow], source: str = "", file_fingerprint: str = "",
        dry_run: bool = False, attempts: int = 4,
    ) -> ImportOutcome:
        """Import an action log's rows with their new owners and histories in one save; rows imported before are
        skipped. A dry run says what would be imported and writes nothing. A save that loses a race (another write
        to the committee meanwhile) wrote nothing, so the import is built again on the committee as it now is and
        saved again, up to `attempts` times in all before the ConflictError is raised."""
        for person in {r.owner_id for r in rows if r.owner_id}:
            self._load(Person, person, "An owner")
        now = datetime.now().astimezone()  # the moment of the import, whichever attempt saves it
        attempt = 0
        while True:
            attempt += 1
            owner = self._kept_calendar(self._load(Committee, committee_id(committee), f"Committee {committee.upper()}"),
                                        actor)
            batch = build_import(owner, rows, actor=actor, slots=owner.meeting_slots(), source=source,
                                 file_fingerprint=file_fingerprint, now=now)
            if not batch.aggregates or dry_run:
                return batch.outcome
            try:
                self._save(owner, *batch.aggregates, what=f"Committee {owner.short_name}")
            except ConflictError:
                if attempt >= attempts:
                    raise
                continue
            batch.outcome.written = True
            return batch.outcome

    # Chasing: each chase recorded once, on the action, whatever runs the chaser and however often.

    def record_chases(self, planned: Sequence[PlannedChase], *, actor: str, on: date, at: datetime | None = None) -> list[PlannedChase]:
        """Record the planned chases; returns those recorded now. A chase already recorded (by another run of
        the chaser, say) or no longer due (completed meanwhile, or its committee's chasing paused since the run
        was planned) is skipped, never recorded twice."""
        paused: dict[UUID, bool] = {}  # each committee read once a pass, as it is now

        def chase(p: PlannedChase) -> Action | None:
            return self._chase(p, actor, on, at, paused)

        recorded: list[PlannedChase] = []
        for start in range(0, len(planned), self.chase_batch):
            group = [(p, a) for p in planned[start:start + self.chase_batch] if (a := chase(p))]
            if not group:
                continue
            try:
                self._save(*(a for _, a in group), what="Chases")
                recorded += [p for p, _ in group]
            except ConflictError:
                # Something else wrote to one of these meanwhile: record them one at a time on fresh versions.
                for p, _ in group:
                    action = chase(p)
                    if action is None:
                        continue
                    try:
                        self._save(action, what=f"Action {action.reference}")
                        recorded.append(p)
                    except ConflictError:
                        continue  # lost a race for this one: whoever won recorded it, or it is no longer due
        return recorded

    def _chase(self, planned: PlannedChase, actor: str, on: date, at: datetime | None,
               paused: dict[UUID, bool]) -> Action | None:
        try:
            action = self._action(planned.reference)
            if action.committee_id not in paused:
                paused[action.committee_id] = self._load(Committee, action.committee_id, "Its committee").chasing_paused
            if paused[action.committee_id]:
                return None
            action.record_chase(actor=actor, chase=planned.chase, on=on, recipients=planned.recipients,
                                batch=planned.batch, at=at)
        except (AlreadyChasedError, RuleError, NotFoundError):
            return None
        return action

    def pause_chasing(self, reference: str, *, actor: str, reason: str, expected_version: int | None = None) -> int:
        """Stop chasing one action, with the reason."""
        return self._act(reference, expected_version, lambda a: a.pause_chasing(actor=actor, reason=reason))

    def resume_chasing(self, reference: str, *, actor: str, reason: str = "", expected_version: int | None = None) -> int:
        """Chase one action again."""
        return self._act(reference, expected_version, lambda a: a.resume_chasing(actor=actor, reason=reason))

    def send_update_link(self, reference: str, *, actor: str, now: datetime | None = None) -> int:
        """E-mail an action's owner a new update link, outside the chasing."""
        owner = self._load(Person, self._action(reference).owner_id, "The owner")
        if not owner.email:
            raise RuleError(f"{owner.name} has no e-mail address in the directory: add one first.")
        moment = now or datetime.now(timezone.utc)
        return self._act(reference, None, lambda a: a.send_update_link(actor=actor, now=moment))

    def revoke_update_links(self, reference: str, *, actor: str, reason: str, expected_version: int | None = None) -> int:
        """Make every update link e-mailed so far for an action stop working."""
        return self._act(reference, expected_version, lambda a: a.revoke_update_links(actor=actor, reason=reason))

    def change_chase_policy(self, short_name: str, *, actor: str, policy: ChasePolicy) -> int:
        """Change how a committee's actions are chased."""
        committee = self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}")
        committee.change_chase_policy(actor=actor, policy=policy)
        self._save(committee, what=f"Committee {committee.short_name}")
        return committee.version

    def pause_committee_chasing(self, short_name: str, *, actor: str, reason: str) -> int:
        """Stop chasing every action of a committee, with the reason."""
        committee = self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}")
        committee.pause_chasing(actor=actor, reason=reason)
        self._save(committee, what=f"Committee {committee.short_name}")
        return committee.version

    def resume_committee_chasing(self, short_name: str, *, actor: str, reason: str = "") -> int:
        """Chase a committee's actions again."""
        committee = self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}")
        committee.resume_chasing(actor=actor, reason=reason)
        self._save(committee, what=f"Committee {committee.short_name}")
        return committee.version

    def record_digest(self, short_name: str, *, actor: str, day: date, recipients: list[dict[str, str]]) -> bool:
        """Record a committee's daily digest for a day; False when it was recorded already."""
        committee = self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}")
        try:
            committee.record_digest(actor=actor, day=day, recipients=recipients)
            self._save(committee, what=f"Committee {committee.short_name}")
        except (AlreadyChasedError, ConflictError):
            return False
        return True

    # Users and tokens

    def register_user(
        self, *, actor: str, email: str, name: str, role: Role, password: str, person_id: UUID | None = None
    ) -> UUID:
        """Create an account; only a slow hash of the password is kept."""
        if self._exists(user_id(email)):
            raise DuplicateError(f"A user with e-mail {email.lower()} exists already.")
        if len(password) < 8:
            raise RuleError("Choose a password of at least 8 characters.")
        if person_id is not None:
            self._load(Person, person_id, "That person")
        user = User.register(
            actor=actor, email=email, name=name, role=role.value, person_id=person_id,
            password_hash=self.hasher.hash(password),
        )
        self._save(user, what=f"User {email}")
        return user.id

    def authenticate(self, email: str, password: str) -> dict[str, Any] | None:
        """The user's details if the password is right, else None. An unknown e-mail costs the same slow hash
        as a known one, so the time taken does not tell anyone which addresses have accounts."""
        try:
            user = self._load(User, user_id(email), "That user")
        except NotFoundError:
            user = None
        try:
            self.hasher.verify(user.password_hash if user else self._unknown_user_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        return user_state(user) if user is not None and user.active else None

    def _unknown_user_hash(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        return self._dummy_hash

    def issue_token(self, email: str, *, actor: str) -> str:
        """Issue an API token for a user; returned once, only its hash is kept."""
        user = self._load(User, user_id(email), f"User {email}")
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        user.issue_token(actor=actor, token_id=token_id, token_hash=_digest(secret))
        self._save(user, what=f"User {email}")
        return f"{user.id.hex}.{token_id}.{secret}"

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        """The user a bearer token belongs to, or None."""
        try:
            hex_id, token_id, secret = token.split(".", 2)
            user = self._load(User, UUID(hex=hex_id), "That user")
        except (ValueError, NotFoundError):
            return None
        stored = user.tokens.get(token_id)
        if stored is None or not secrets.compare_digest(stored, _digest(secret)) or not user.active:
            return None
        return user_state(user)

    def _user(self, email: str, expected_version: int | None = None) -> User:
        return self._load(User, user_id(email), f"The account {email.strip().lower()}", expected_version)

    def _change_user(self, email: str, expected_version: int | None, change: Callable[[User], None]) -> int:
        user = self._user(email, expected_version)
        change(user)
        self._save(user, what=f"The account {user.email}")
        return user.version

    def change_role(
        self, email: str, *, actor: str, role: Role, person_id: UUID | None, expected_version: int | None = None
    ) -> int:
        """Give a user a role and say which directory entry they are (None: nobody)."""
        if person_id is not None:
            self._load(Person, person_id, "That person")

        def change(user: User) -> None:
            user.change_role(actor=actor, role=role)
            user.link_person(actor=actor, person_id=person_id)

        return self._change_user(email, expected_version, change)

    def deactivate_user(self, email: str, *, actor: str, expected_version: int | None = None) -> int:
        """Stop a user signing in; every API token they hold is revoked."""
        return self._change_user(email, expected_version, lambda u: u.deactivate(actor=actor))

    def reactivate_user(self, email: str, *, actor: str, expected_version: int | None = None) -> int:
        """Let a deactivated user sign in again."""
        return self._change_user(email, expected_version, lambda u: u.reactivate(actor=actor))

    def reset_password(self, email: str, *, actor: str, password: str) -> int:
        """Set a user's password; only a slow hash of it is kept."""
        if len(password) < 8:
            raise RuleError("Choose a password of at least 8 characters.")
        digest = self.hasher.hash(password)
        return self._change_user(email, None, lambda u: u.change_password(actor=actor, password_hash=digest))

    def revoke_token(self, email: str, *, actor: str, token_id: str) -> int:
        """Make one of a user's API tokens stop working."""
        user = self._user(email)
        if token_id not in user.tokens:
            raise NotFoundError(f"The account {user.email} holds no token {token_id}: it may be revoked already.")
        return self._change_user(email, None, lambda u: u.revoke_token(actor=actor, token_id=token_id))

    def api_tokens(self, email: str) -> list[dict[str, Any]]:
        """A user's working API tokens: id, when issued and by whom (never the secret or its hash)."""
        held = set(self._user(email).tokens)
        issued = {e.token_id: e for e in self.events.get(user_id(email)) if isinstance(e, User.TokenIssued)}
        return sorted(
            ({"id": t, "issued_at": issued[t].timestamp, "issued_by": issued[t].actor} for t in held if t in issued),
            key=lambda row: row["issued_at"],
        )

    # Queries: plain data from the event store (lists come from the projections)

    def action(self, reference: str, *, as_of: datetime | None = None) -> dict[str, Any]:
        """One action's state, now or as it stood at a past moment."""
        if as_of is None:
            return action_state(self._action(reference))
        aggregate = self._replay(action_id(reference), f"Action {reference.upper()}", as_of)
        return action_state(aggregate)

    def _replay(self, aggregate_id: UUID, what: str, as_of: datetime) -> Any:
        aggregate = None
        for event in self.events.get(aggregate_id):
            if event.timestamp > as_of:
                break
            aggregate = event.mutate(aggregate)
        if aggregate is None:
            raise NotFoundError(f"{what} did not exist yet at {to_london(as_of):%d %B %Y %H:%M}.")
        return aggregate

    def action_events(self, reference: str) -> list[Any]:
        """Every event of one action, oldest first."""
        events = list(self.events.get(action_id(reference)))
        if not events:
            raise NotFoundError(f"Action {reference.upper()} was not found: check the reference and try again.")
        return events

    def committee(self, short_name: str) -> dict[str, Any]:
        """A committee's details."""
        return committee_state(self._load(Committee, committee_id(short_name), f"Committee {short_name.upper()}"))

    def meeting(self, meeting_id: UUID) -> dict[str, Any]:
        """A meeting's details."""
        return meeting_state(self._load(Meeting, meeting_id, "That meeting"))

    def person(self, person_id: UUID) -> dict[str, Any]:
        """A person's details."""
        return person_state(self._load(Person, person_id, "That person"))

    def user(self, email: str) -> dict[str, Any]:
        """A user's details (never the password hash)."""
        return user_state(self._load(User, user_id(email), f"User {email}"))


def _plain_due(due: date | str | None) -> date | None:
    """A due date given as a date (or none), checked."""
    if due is not None and not isinstance(due, date):
        raise RuleError('Give the due date as a date, or "next_meeting".')
    return due


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

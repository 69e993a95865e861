"""A committee (or board) whose undertakings are logged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.domain.base import TrackedAggregate
from tracker.domain.chasing import ChasePolicy
from tracker.domain.errors import AlreadyChasedError, DuplicateError, RuleError

NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/committee")


def committee_id(short_name: str) -> UUID:
    """The id a committee's short name always maps to, so a short name is unique."""
    return uuid5(NAMESPACE, short_name.strip().upper())


@dataclass(frozen=True)
class MeetingSlot:
    """A meeting in a committee's calendar."""

    id: UUID
    starts_at: datetime
    active: bool


class Committee(TrackedAggregate):
    """A scrutiny committee or board: its names, chair, clerk, the numbering of its actions, and its calendar.

    The calendar (when each meeting starts, and whether it is cancelled) is kept here, and every change to it,
    every action logged and every action made due "by the next meeting" is saved with the committee: a meeting
    moved while an action is made due by it makes one of the two saves conflict, and that one is tried again on
    the fresh calendar, so no action is left out of step with it.
    """

    class Registered(TrackedAggregate.Created):
        short_name: str
        name: str
        authority: str
        chair_id: UUID | None
        clerk_id: UUID | None
        public: bool

    class DetailsChanged(TrackedAggregate.Event):
        changes: dict[str, Any]

        def apply(self, committee: Committee) -> None:
            for field, value in self.changes.items():
                if field in ("chair_id", "clerk_id") and value is not None:
                    value = UUID(str(value))
                setattr(committee, field, value)

    class ReferenceAllocated(TrackedAggregate.Event):
        number: int

        def apply(self, committee: Committee) -> None:
            committee.last_number = self.number

    class ChasePolicyChanged(TrackedAggregate.Event):
        remind_before: int
        remind_on_due: bool
        overdue_every: int
        escalate_after: int

        def apply(self, committee: Committee) -> None:
            committee.chase_policy = {
                "remind_before": self.remind_before, "remind_on_due": self.remind_on_due,
                "overdue_every": self.overdue_every, "escalate_after": self.escalate_after,
            }

    class ChasingPaused(TrackedAggregate.Event):
        reason: str

        def apply(self, committee: Committee) -> None:
            committee.chasing_paused = True

    class ChasingResumed(TrackedAggregate.Event):
        reason: str

        def apply(self, committee: Committee) -> None:
            committee.chasing_paused = False

    class DigestSent(TrackedAggregate.Event):
        """The clerk's daily digest of the committee's log was queued for one day."""

        day: date
        recipients: list[dict[str, str]]

        def apply(self, committee: Committee) -> None:
            committee.last_digest_day = self.day

    class ActionLogImported(TrackedAggregate.Event):
        """Rows of an existing action log were imported: each row's fingerprint and the action it became."""

        source: str
        file_fingerprint: str
        rows: dict[str, str]

        def apply(self, committee: Committee) -> None:
            committee.imported_rows = {**committee.imported_rows, **self.rows}

    class CalendarStarted(TrackedAggregate.Event):
        """The committee keeps its meeting calendar from here on, starting with the meetings it has: none when it
        is registered; those scheduled already for a committee registered before committees kept calendars."""

        meetings: list[dict[str, Any]]  # meeting_id, starts_at, active

        def apply(self, committee: Committee) -> None:
            committee.calendar = {
                str(m["meeting_id"]): {"starts_at": m["starts_at"], "active": m["active"]} for m in self.meetings
            }
            committee.calendar_kept = True

    class CalendarChanged(TrackedAggregate.Event):
        """A meeting was scheduled, moved or cancelled (the meeting's own history says why)."""

        meeting_id: UUID
        starts_at: datetime
        active: bool

        def apply(self, committee: Committee) -> None:
            slot = {"starts_at": self.starts_at, "active": self.active}
            committee.calendar = {**committee.calendar, str(self.meeting_id): slot}

    class DueByNextMeetingChosen(TrackedAggregate.Event):
        """An action was made due by the next meeting after a moment (the action's history has the rest). Saved
        with the committee so that it conflicts with a calendar change made at the same moment."""

        action_id: UUID
        counted_from: datetime

        def apply(self, committee: Committee) -> None:
            pass

    EDITABLE = ("name", "authority", "chair_id", "clerk_id", "public")
    # A committee registered (or snapshotted) before imports existed has none; each import replaces the mapping.
    imported_rows: ClassVar[Mapping[str, str]] = MappingProxyType({})
    # Each change replaces these mappings (never mutated in place, so a cached copy is never changed under it).
    calendar: ClassVar[Mapping[str, dict[str, Any]]] = MappingProxyType({})  # meeting id -> starts_at, active
    calendar_kept: ClassVar[bool] = False  # False for a committee registered before committees kept calendars

    @staticmethod
    def create_id(short_name: str) -> UUID:
        """Committees are keyed on their short name."""
        return committee_id(short_name)

    def __init__(
        self,
        short_name: str,
        name: str,
        authority: str,
        chair_id: UUID | None,
        clerk_id: UUID | None,
        public: bool,
    ) -> None:
        self.short_name = short_name.strip().upper()
        self.name = name
        self.authority = authority
        self.chair_id = chair_id
        self.clerk_id = clerk_id
        self.public = public
        self.last_number = 0
        self.chase_policy: dict[str, Any] | None = None  # None: the service's defaults
        self.chasing_paused = False
        self.last_digest_day: date | None = None

    @classmethod
    def register(cls, *, actor: str, short_name: str, **details: Any) -> Committee:
        """Register a committee, which keeps its meeting calendar from the start."""
        committee = cls._create(cls.Registered, actor=actor, short_name=short_name.strip().upper(), **details)
        committee.start_calendar(actor=actor, meetings=[])
        return committee

    def change_details(self, *, actor: str, **changes: Any) -> None:
        """Change any of the editable details; a change to nothing records nothing."""
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
        real = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if real:
            self.trigger_event(self.DetailsChanged, actor=actor, changes=real)

    def allocate_reference(self, *, actor: str) -> str:
        """Allocate the next action reference, e.g. HOSC-0042."""
        self.trigger_event(self.ReferenceAllocated, actor=actor, number=self.last_number + 1)
        return reference(self.short_name, self.last_number)

    # The calendar, and the actions due by the next meeting

    def start_calendar(self, *, actor: str, meetings: Iterable[MeetingSlot]) -> None:
        """Start keeping the calendar, with the meetings scheduled so far."""
        if self.calendar_kept:
            raise RuleError(f"{self.short_name} keeps its calendar already.")
        self.trigger_event(self.CalendarStarted, actor=actor, meetings=[
            {"meeting_id": m.id, "starts_at": m.starts_at, "active": m.active} for m in meetings])

    def note_meeting(self, *, actor: str, meeting_id: UUID, starts_at: datetime, active: bool) -> None:
        """Keep the calendar in step with a meeting scheduled, moved or cancelled."""
        slot = self.calendar.get(str(meeting_id))
        if slot is None or (slot["starts_at"], slot["active"]) != (starts_at, active):
            self.trigger_event(self.CalendarChanged, actor=actor, meeting_id=meeting_id, starts_at=starts_at,
                               active=active)

    def meeting_slots(self) -> list[MeetingSlot]:
        """Every meeting in the calendar."""
        return [MeetingSlot(UUID(k), v["starts_at"], v["active"]) for k, v in self.calendar.items()]

    def next_meeting(self, after: datetime) -> MeetingSlot | None:
        """The first meeting not cancelled that starts after a moment."""
        later = [s for s in self.meeting_slots() if s.active and s.starts_at > after]
        return min(later, key=lambda s: s.starts_at) if later else None

    def choose_due_by_next_meeting(self, *, actor: str, action_id: UUID, counted_from: datetime) -> None:
        """Record that an action was made due by the next meeting, resolved against this calendar."""
        self.trigger_event(self.DueByNextMeetingChosen, actor=actor, action_id=action_id, counted_from=counted_from)

    # Importing an existing action log: each row once, whoever imports the file and however often.

    def imported_as(self, fingerprint: str) -> str | None:
        """The reference an imported row became, or None if it was never imported."""
        return self.imported_rows.get(fingerprint)

    def check_not_imported(self, fingerprints: Iterable[str]) -> None:
        """Raise DuplicateError when any of these rows was imported before."""
        again = [self.imported_rows[f] for f in fingerprints if f in self.imported_rows]
        if again:
            raise DuplicateError(f"{len(again)} of these rows were imported before (as {', '.join(again[:3])}"
                                 f"{'…' if len(again) > 3 else ''}): import only the new rows.")

    def record_import(self, *, actor: str, source: str, file_fingerprint: str, rows: dict[str, str]) -> None:
        """Remember which rows of an action log became which actions, so that no row is imported twice."""
        if not rows:
            raise RuleError("There is nothing new to import: every row was imported before.")
        self.check_not_imported(rows)
        self.trigger_event(self.ActionLogImported, actor=actor, source=source, file_fingerprint=file_fingerprint, rows=rows)

    # Chasing

    def policy(self) -> ChasePolicy:
        """The committee's chasing rules."""
        return ChasePolicy(**self.chase_policy) if self.chase_policy else ChasePolicy()

    def change_chase_policy(self, *, actor: str, policy: ChasePolicy) -> None:
        """Change how this committee's actions are chased."""
        policy.check()
        if policy == self.policy():
            raise RuleError("The committee is already chased that way: change at least one setting.")
        self.trigger_event(
            self.ChasePolicyChanged, actor=actor, remind_before=policy.remind_before,
            remind_on_due=policy.remind_on_due, overdue_every=policy.overdue_every,
            escalate_after=policy.escalate_after,
        )

    def pause_chasing(self, *, actor: str, reason: str) -> None:
        """Stop chasing every action of the committee until resumed."""
        if self.chasing_paused:
            raise RuleError(f"Chasing for {self.short_name} is already paused.")
        if not reason.strip():
            raise RuleError("Give a reason for pausing: it is kept in the committee's history.")
        self.trigger_event(self.ChasingPaused, actor=actor, reason=reason)

    def resume_chasing(self, *, actor: str, reason: str = "") -> None:
        """Chase the committee's actions again."""
        if not self.chasing_paused:
            raise RuleError(f"Chasing for {self.short_name} is not paused.")
        self.trigger_event(self.ChasingResumed, actor=actor, reason=reason)

    def record_digest(self, *, actor: str, day: date, recipients: list[dict[str, str]]) -> None:
        """Record the daily digest for a day; raises AlreadyChasedError if it was recorded already."""
        if self.last_digest_day is not None and self.last_digest_day >= day:
            raise AlreadyChasedError(f"The digest for {self.short_name} on {day:%d %B %Y} was sent already.")
        self.trigger_event(self.DigestSent, actor=actor, day=day, recipients=recipients)


def reference(short_name: str, number: int) -> str:
    """An action reference: the committee's short name and a four-digit number."""
    return f"{short_name}-{number:04d}"

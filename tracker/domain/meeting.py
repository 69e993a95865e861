"""A meeting of a committee: where undertakings are given and held to account."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID, uuid4

from tracker.domain.base import TrackedAggregate
from tracker.domain.errors import RuleError
from tracker.domain.values import MeetingStatus


class Meeting(TrackedAggregate):
    """One meeting: its committee, when it starts (stored in UTC), its title and status."""

    ENUMS = {"status": MeetingStatus}

    class Scheduled(TrackedAggregate.Created):
        committee_id: UUID
        starts_at: datetime
        title: str
        status: str

    class Moved(TrackedAggregate.Event):
        starts_at: datetime
        reason: str

        def apply(self, meeting: Meeting) -> None:
            meeting.starts_at = self.starts_at

    class Held(TrackedAggregate.Event):
        def apply(self, meeting: Meeting) -> None:
            meeting.status = MeetingStatus.HELD

    class Cancelled(TrackedAggregate.Event):
        reason: str

        def apply(self, meeting: Meeting) -> None:
            meeting.status = MeetingStatus.CANCELLED

    class Retitled(TrackedAggregate.Event):
        title: str

        def apply(self, meeting: Meeting) -> None:
            meeting.title = self.title

    @staticmethod
    def create_id() -> UUID:
        """Meetings have random ids."""
        return uuid4()

    def __init__(self, committee_id: UUID, starts_at: datetime, title: str, status: str) -> None:
        self.committee_id = committee_id
        self.starts_at = starts_at
        self.title = title
        self.status = MeetingStatus(status)

    @classmethod
    def schedule(
        cls, *, actor: str, committee_id: UUID, starts_at: datetime, title: str, status: MeetingStatus,
        now: datetime | None = None,
    ) -> Meeting:
        """Put a meeting in the calendar (or record one already held, which must have begun by now)."""
        if starts_at.tzinfo is None:
            raise RuleError("A meeting's start time must say its time zone.")
        if MeetingStatus(status) is MeetingStatus.HELD and starts_at > (now or datetime.now(timezone.utc)):
            raise RuleError("A meeting that has not begun cannot have been held: record it as scheduled, or correct "
                            "its date and time.")
        return cls._create(
            cls.Scheduled, actor=actor, committee_id=committee_id, starts_at=starts_at, title=title, status=status
        )

    def check_not_cancelled(self, what: str) -> None:
        """Raise RuleError if the meeting was cancelled."""
        if self.status is MeetingStatus.CANCELLED:
            raise RuleError(f"The meeting was cancelled, so it cannot be {what}: schedule a new meeting instead.")

    def move(self, *, actor: str, starts_at: datetime, reason: str, now: datetime | None = None) -> None:
        """Move the meeting to another time (a held one only to put right when it was held: never to a time to
        come)."""
        self.check_not_cancelled("moved")
        if not reason.strip():
            raise RuleError("Give a reason for moving the meeting: it is kept in the history.")
        if starts_at.tzinfo is None:
            raise RuleError("A meeting's start time must say its time zone.")
        if self.status is MeetingStatus.HELD and starts_at > (now or datetime.now(timezone.utc)):
            raise RuleError("The meeting has been held, so it can only be moved to put right when it was held, never "
                            "to a time still to come: add a new meeting instead.")
        if starts_at != self.starts_at:
            self.trigger_event(self.Moved, actor=actor, starts_at=starts_at, reason=reason)

    def check_begun(self, now: datetime) -> None:
        """Raise RuleError if the meeting has not started by now."""
        if now < self.starts_at:
            raise RuleError(
                "The meeting has not begun yet: a meeting can be marked as held once it has begun. "
                "If it has moved, record the new date and time instead."
            )

    def mark_held(self, *, actor: str, now: datetime) -> None:
        """Record that the meeting took place (it must have begun by now)."""
        self.check_not_cancelled("marked as held")
        self.check_begun(now)
        if self.status is not MeetingStatus.HELD:
            self.trigger_event(self.Held, actor=actor)

    def cancel(self, *, actor: str, reason: str) -> None:
        """Call the meeting off."""
        if self.status is MeetingStatus.HELD:
            raise RuleError("The meeting has already been held, so it cannot be cancelled.")
        if not reason.strip():
            raise RuleError("Give a reason for cancelling the meeting: it is kept in the history.")
        if self.status is not MeetingStatus.CANCELLED:
            self.trigger_event(self.Cancelled, actor=actor, reason=reason)

    def retitle(self, *, actor: str, title: str) -> None:
        """Change the meeting's title."""
        if title.strip() and title != self.title:
            self.trigger_event(self.Retitled, actor=actor, title=title)

    @property
    def is_active(self) -> bool:
        """True unless cancelled."""
        return self.status is not MeetingStatus.CANCELLED

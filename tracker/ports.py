"""What the application needs from the read side, stated without naming it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from tracker.domain.committee import MeetingSlot

__all__ = ["CalendarIndex", "DueByNextMeeting", "MeetingSlot"]


@dataclass(frozen=True)
class DueByNextMeeting:
    """An open action due "by the next meeting": when it arose and what it is due by now."""

    action_id: UUID
    arose_at: datetime
    due_meeting_id: UUID | None
    due_date: date | None


class CalendarIndex(Protocol):
    """Read access to meetings and to the open actions due by a committee's next meeting, kept by a projection."""

    def sync(self, *, strict: bool = False) -> None:
        """Make sure the index has seen every event recorded so far (strict: raise if it cannot)."""

    def meetings_of(self, committee_id: UUID) -> list[MeetingSlot]:
        """Every meeting of the committee."""

    def due_by_next_meeting(self, committee_id: UUID) -> list[DueByNextMeeting]:
        """Open actions of the committee that are due by the next meeting."""

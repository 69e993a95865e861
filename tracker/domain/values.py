"""Closed lists of values the domain speaks in."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What sort of undertaking an action is."""

    INFORMATION_REQUEST = "information_request"
    MAPPING_OR_ANALYSIS = "mapping_or_analysis"
    FURTHER_UPDATE = "further_update"
    CIRCULATE_DOCUMENT = "circulate_document"
    LETTER_OR_RESPONSE = "letter_or_response"
    WORK_PROGRAMME_ITEM = "work_programme_item"
    RECOMMENDATION_TO_ANOTHER_BODY = "recommendation_to_another_body"
    MILESTONE = "milestone"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind as a clerk would say it."""
        return self.value.replace("_", " ").capitalize()


class Status(StrEnum):
    """Where an action is in its life."""

    LOGGED = "logged"
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"

    @property
    def is_active(self) -> bool:
        """True while the owner still owes something."""
        return self in (Status.LOGGED, Status.ACKNOWLEDGED)

    @property
    def is_done(self) -> bool:
        """True once nothing more is owed (completed, closed, withdrawn or superseded)."""
        return not self.is_active


class MeetingStatus(StrEnum):
    """Whether a meeting is still to come, took place, or was called off."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class Role(StrEnum):
    """What a signed-in user may do."""

    ADMIN = "admin"
    CLERK = "clerk"
    CHAIR = "chair"
    OFFICER = "officer"
    VIEWER = "viewer"


class Rag(StrEnum):
    """Red, amber, green, as clerks colour their logs; derived, never stored."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    DONE = "done"


class Move(StrEnum):
    """The moves a user can make on an action, in the users' own words."""

    ACKNOWLEDGE = "acknowledge"
    NOTE_PROGRESS = "note_progress"
    COMPLETE = "complete"
    CLOSE = "close"
    ACCEPT = "accept"
    REOPEN = "reopen"
    CHANGE_DUE_DATE = "change_due_date"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    REASSIGN = "reassign"
    WITHDRAW = "withdraw"
    SUPERSEDE = "supersede"
    COMMENT = "comment"

    @property
    def label(self) -> str:
        """The move as a button would say it."""
        return self.value.replace("_", " ")

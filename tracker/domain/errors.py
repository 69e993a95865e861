"""Errors the rules raise; each message says what to do instead."""

from __future__ import annotations

from collections.abc import Iterable


class TrackerError(Exception):
    """Base of every error the tracker raises on purpose."""


class NotFoundError(TrackerError):
    """Raised when a committee, meeting, person, user or action does not exist."""


class DuplicateError(TrackerError):
    """Raised when something that must be unique (a committee's short name, a user's e-mail) exists already."""


class RuleError(TrackerError):
    """Raised when a command breaks a rule of the domain, such as a missing reason."""


class UnavailableError(TrackerError):
    """Raised when a command needs the read side to have every event and it has not caught up in time (the
    projection process is not running, say): nothing was written, and the same command can be tried again."""


class AlreadyChasedError(TrackerError):
    """Raised when a chase was already recorded for the action, due date and stage: it is never sent twice."""


class MoveNotAllowedError(RuleError):
    """Raised when a move is not allowed from the action's current status; says which moves are."""

    def __init__(self, reference: str, move: str, status: str, allowed: Iterable[str], why: str = ""):
        self.reference = reference
        self.move = move
        self.status = status
        self.allowed = sorted(allowed)
        options = ", ".join(m.replace("_", " ") for m in self.allowed) or "nothing"
        because = f" {why}" if why else ""
        super().__init__(
            f"Cannot {move.replace('_', ' ')} {reference}: it is {status}.{because} "
            f"Allowed now: {options}."
        )


class ConflictError(TrackerError):
    """Raised when a command was made against a stale version: someone else changed the item meanwhile."""

    def __init__(self, what: str, expected: int | None, current: int):
        self.what = what
        self.expected = expected
        self.current_version = current
        super().__init__(
            f"{what} was changed by someone else meanwhile (you had version {expected}, "
            f"it is now version {current}). Reload it, check the changes, and try again."
        )

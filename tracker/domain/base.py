"""What every aggregate of the tracker shares: every event says who made it, and snapshots restore its types."""

from __future__ import annotations

import copy
from enum import Enum
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate


class TrackedSnapshot(Aggregate.Snapshot):
    """A snapshot whose restored aggregate gets its enumerations back.

    The library stores an aggregate's attributes as JSON, and a StrEnum is a str, so without this a status
    comes back from a snapshot as plain text and every check against Status.CLOSED would silently fail.
    """

    def mutate(self, aggregate: Any) -> Any:
        restored = super().mutate(aggregate)
        for name, enum in type(restored).ENUMS.items():
            value = getattr(restored, name, None)
            if value is not None and not isinstance(value, enum):
                setattr(restored, name, enum(value))
        return restored


class TrackedAggregate(Aggregate):
    """An aggregate whose every event carries the actor who caused it."""

    Snapshot = TrackedSnapshot
    ENUMS: ClassVar[dict[str, type[Enum]]] = {}  # attributes to restore as enumerations from a snapshot

    def __deepcopy__(self, memo: dict[int, Any]) -> TrackedAggregate:
        """A copy for the aggregate cache: lists, dicts and sets are copied deeply, everything else is an
        immutable value (ids, text, dates, enumerations) and is shared. The generic deepcopy spends most of its
        time copying UUIDs one by one."""
        clone = object.__new__(type(self))
        for name, value in self.__dict__.items():
            clone.__dict__[name] = copy.deepcopy(value, memo) if isinstance(value, (list, dict, set)) else value
        return clone

    class Event(Aggregate.Event):
        actor: str

    class Created(Event, Aggregate.Created):
        pass

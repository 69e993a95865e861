"""What every aggregate of the tracker shares: every event says who made it."""

from __future__ import annotations

from eventsourcing.domain import Aggregate


class TrackedAggregate(Aggregate):
    """An aggregate whose every event carries the actor who caused it."""

    class Event(Aggregate.Event):
        actor: str

    class Created(Event, Aggregate.Created):
        pass

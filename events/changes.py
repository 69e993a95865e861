"""Who changed a person or a committee, and when: short histories from the event store, in words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from tracker.application import Tracker
from tracker.domain.committee import reference

LABELS = {
    "Added": "Added to the directory",
    "DetailsCorrected": "Details corrected",
    "Registered": "Registered",
    "DetailsChanged": "Details changed",
    "ChasePolicyChanged": "Chasing policy changed",
    "ChasingPaused": "Chasing paused",
    "ChasingResumed": "Chasing resumed",
    "DigestSent": "Daily digest sent",
    "ActionLogImported": "Action log imported",
}
FIELDS = {
    "name": "Name", "job_title": "Job title", "organisation": "Organisation", "email": "E-mail",
    "senior_contact_id": "Senior contact", "authority": "Authority", "chair_id": "Chair", "clerk_id": "Clerk",
    "public": "Log published",
}
DETAIL_EVENTS = frozenset({"Added", "DetailsCorrected", "Registered", "DetailsChanged"})


def actor_name(actor: str, names: dict[str, str]) -> str:
    """Who made an event, as people know them."""
    if actor in names:
        return names[actor]
    kind, _, rest = actor.partition(":")
    if kind == "cli":
        return f"{rest} (command line)"
    if kind == "system":
        return f"the {rest}"
    return rest or actor


class Changes:
    """Short histories of people and committees, with ids turned into the names people know."""

    def __init__(self, tracker: Tracker, read: Any) -> None:
        self.tracker = tracker
        self.read = read

    def recent(self, aggregate_id: UUID, fields: Sequence[str], limit: int = 5) -> list[dict[str, Any]]:
        """The last few events of a person (or other small aggregate), newest first, with what each changed."""
        entries = self._entries(self.tracker.events.get(aggregate_id), {}, fields, "")
        return entries[::-1][:limit]

    def since(self, aggregate_id: UUID, version: int, fields: Sequence[str]) -> list[dict[str, Any]]:
        """Every event after a version, oldest first: what changed while someone had a form open."""
        before = self.tracker.repository.get(aggregate_id, version=version)
        state = {f: getattr(before, f, None) for f in fields}
        events = self.tracker.events.get(aggregate_id, gt=version)
        return self._entries(events, state, fields, getattr(before, "short_name", ""))

    def _entries(
        self, events: Iterable[Any], state: dict[str, Any], fields: Sequence[str], short_name: str
    ) -> list[dict[str, Any]]:
        names = self._names()
        entries = []
        for event in events:
            kind = type(event).__name__
            if isinstance(event, Aggregate.Created):
                state = {f: getattr(event, f, None) for f in fields}
                short_name = getattr(event, "short_name", short_name)
                changes: list[dict[str, str]] = []
            else:
                new = dict(getattr(event, "changes", {}) or {})
                changes = [
                    {"field": FIELDS.get(f, f), "from": self._show(state.get(f), names), "to": self._show(v, names)}
                    for f, v in new.items()
                ]
                state = {**state, **new}
            entries.append({
                "version": event.originator_version, "event": kind, "label": self._label(event, short_name),
                "at": event.timestamp, "actor_name": actor_name(event.actor, names), "changes": changes,
                "details": kind in DETAIL_EVENTS,
            })
        return entries

    @staticmethod
    def _label(event: Any, short_name: str) -> str:
        kind = type(event).__name__
        if kind == "ReferenceAllocated":
            return f"Undertaking {reference(short_name, event.number)} logged"
        return LABELS.get(kind, kind)

    @staticmethod
    def _show(value: Any, names: dict[str, str]) -> str:
        if value is None or value == "":
            return "none"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return names.get(str(value), str(value))

    def _names(self) -> dict[str, str]:
        names = {p["id"]: p["name"] for p in self.read.query("people")}
        names.update({f"user:{u['email']}": u["name"] for u in self.read.query("users")})
        return names

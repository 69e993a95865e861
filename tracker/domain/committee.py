"""A committee (or board) whose undertakings are logged."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.domain.base import TrackedAggregate

NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/committee")


def committee_id(short_name: str) -> UUID:
    """The id a committee's short name always maps to, so a short name is unique."""
    return uuid5(NAMESPACE, short_name.strip().upper())


class Committee(TrackedAggregate):
    """A scrutiny committee or board: its names, chair, clerk, and the numbering of its actions."""

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

    EDITABLE = ("name", "authority", "chair_id", "clerk_id", "public")

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

    @classmethod
    def register(cls, *, actor: str, short_name: str, **details: Any) -> Committee:
        """Register a committee."""
        return cls._create(cls.Registered, actor=actor, short_name=short_name.strip().upper(), **details)

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


def reference(short_name: str, number: int) -> str:
    """An action reference: the committee's short name and a four-digit number."""
    return f"{short_name}-{number:04d}"

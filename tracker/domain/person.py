"""Someone who owes or is copied into actions; most have no account."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from tracker.domain.base import TrackedAggregate
from tracker.domain.errors import RuleError


class Person(TrackedAggregate):
    """A person in the directory of owners; actions refer to them by id only."""

    class Added(TrackedAggregate.Created):
        name: str
        job_title: str
        organisation: str
        email: str
        senior_contact_id: UUID | None

    class DetailsCorrected(TrackedAggregate.Event):
        changes: dict[str, Any]

        def apply(self, person: Person) -> None:
            for field, value in self.changes.items():
                if field == "senior_contact_id" and value is not None:
                    value = UUID(str(value))
                setattr(person, field, value)

    EDITABLE = ("name", "job_title", "organisation", "email", "senior_contact_id")

    @staticmethod
    def create_id() -> UUID:
        """People are not keyed on anything they might correct."""
        return uuid4()

    def __init__(
        self, name: str, job_title: str, organisation: str, email: str, senior_contact_id: UUID | None
    ) -> None:
        self.name = name
        self.job_title = job_title
        self.organisation = organisation
        self.email = email
        self.senior_contact_id = senior_contact_id

    @classmethod
    def add(cls, *, actor: str, **details: Any) -> Person:
        """Add a person to the directory."""
        return cls._create(cls.Added, actor=actor, **details)

    def correct(self, *, actor: str, **changes: Any) -> None:
        """Correct contact details; every action that refers to them shows the change at once."""
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
        if changes.get("senior_contact_id") == self.id:
            raise RuleError(
                "A person cannot be their own senior contact: choose someone else or leave it blank."
            )
        real = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if real:
            self.trigger_event(self.DetailsCorrected, actor=actor, changes=real)


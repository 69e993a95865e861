"""Owners as an action log names them, found in the directory of people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from web.importing.cells import words


class AmbiguousOwnerError(ValueError):
    """Raised when an owner's name fits more than one person in the directory."""


class Directory:
    """The people an import can match owners against: by name, by "job title, organisation", or by a job
    title alone when only one person has it."""

    def __init__(self, people: Iterable[dict[str, Any]]) -> None:
        self.keys: dict[str, list[dict[str, Any]]] = defaultdict(list)
        titles: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for person in people:
            for key in {words(person["name"]), words(f"{person['job_title']} {person['organisation']}")}:
                if key:
                    self.keys[key].append(person)
            if person["job_title"]:
                titles[words(person["job_title"])].append(person)
        for title, holders in titles.items():
            self.keys.setdefault(title, holders)  # a job title alone fits when one person has it, else it is ambiguous

    def find(self, written: str) -> dict[str, Any] | None:
        """The person an owner cell names, None when nobody in the directory fits."""
        found = {p["id"]: p for p in self.keys.get(words(written), [])}
        if len(found) > 1:
            names = "; ".join(f"{p['name']} ({', '.join(filter(None, (p['job_title'], p['organisation'])))})"
                              for p in found.values())
            raise AmbiguousOwnerError(f"the owner '{written}' could be any of {names}: write the job title and organisation")
        return next(iter(found.values()), None)

    def owner_id(self, written: str) -> UUID | None:
        """The id of the person an owner cell names, None for a new person."""
        person = self.find(written)
        return UUID(str(person["id"])) if person else None

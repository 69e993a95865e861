"""The committees a person in the directory is tied to, which decide which clerks may correct their details."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from events.view import ActionFilter

PAGE = 500  # the most rows the view gives at once


def committees_tied_to(read: Any, person_id: str) -> list[dict[str, Any]]:
    """The committees the person chairs, clerks, owns an open action in, or is the senior contact of such an owner."""
    committees = read.query("committees")
    tied = {c["id"] for c in committees if person_id in (str(c["chair_id"]), str(c["clerk_id"]))}
    juniors = [p["id"] for p in read.query("people") if str(p["senior_contact_id"]) == person_id]
    for owner in [person_id, *juniors]:
        tied |= _open_in(read, owner)
    return [c for c in committees if c["id"] in tied]


def _open_in(read: Any, owner_id: str) -> set[str]:
    """The committees in which this person owns at least one open action."""
    found: set[str] = set()
    page = 1
    while True:
        rows = read.list_actions(ActionFilter(owner_id=UUID(owner_id), statuses=("open",), page=page, per_page=PAGE))
        found |= {str(r["committee_id"]) for r in rows.rows}
        if page >= rows.pages:
            return found
        page += 1

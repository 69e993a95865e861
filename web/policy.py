"""Who may do what: roles, committees and ownership decide which moves a user sees and makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tracker.domain.values import Move, Role

OWNER_MOVES = frozenset({Move.ACKNOWLEDGE, Move.NOTE_PROGRESS, Move.COMPLETE, Move.REQUEST_EXTENSION, Move.COMMENT})
CHAIR_MOVES = frozenset({Move.COMMENT, Move.ACCEPT})
CLERK_MOVES = frozenset(Move) - {Move.REQUEST_EXTENSION}


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as the policy sees them."""

    email: str
    name: str
    role: Role
    person_id: str | None

    @property
    def actor(self) -> str:
        """How events record this user."""
        return f"user:{self.email}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Viewer:
        return cls(row["email"], row["name"], Role(row["role"]), row.get("person_id"))


def clerks(viewer: Viewer | None, committee: dict[str, Any]) -> bool:
    """True when the user manages this committee's log (its clerk, or an admin)."""
    if viewer is None:
        return False
    if viewer.role is Role.ADMIN:
        return True
    return viewer.role is Role.CLERK and viewer.person_id is not None and str(committee.get("clerk_id")) == viewer.person_id


def chairs(viewer: Viewer | None, committee: dict[str, Any]) -> bool:
    """True when the user chairs this committee."""
    return (
        viewer is not None
        and viewer.role is Role.CHAIR
        and viewer.person_id is not None
        and str(committee.get("chair_id")) == viewer.person_id
    )


def owns(viewer: Viewer | None, action: dict[str, Any]) -> bool:
    """True when the action is owed by the user."""
    return viewer is not None and viewer.person_id is not None and str(action["owner_id"]) == viewer.person_id


def permitted_moves(viewer: Viewer | None, action: dict[str, Any], committee: dict[str, Any]) -> frozenset[Move]:
    """The moves this user may make on this action, whatever its status."""
    if viewer is None or viewer.role is Role.VIEWER:
        return frozenset()
    moves: set[Move] = set()
    if clerks(viewer, committee):
        moves |= CLERK_MOVES
    if chairs(viewer, committee):
        moves |= CHAIR_MOVES
    if owns(viewer, action):
        moves |= OWNER_MOVES
    return frozenset(moves)


def available_moves(viewer: Viewer | None, action: dict[str, Any], committee: dict[str, Any]) -> list[Move]:
    """The moves to show: allowed by the action's status and permitted to this user."""
    allowed = {Move(m) for m in action["allowed_moves"]}
    return sorted(allowed & permitted_moves(viewer, action, committee), key=list(Move).index)


def may_log(viewer: Viewer | None, committee: dict[str, Any]) -> bool:
    """True when the user may log undertakings and manage meetings for the committee."""
    return clerks(viewer, committee)


def may_review(viewer: Viewer | None, committee: dict[str, Any]) -> bool:
    """True when the user may open the chair's review (and accept actions there) for the committee."""
    return clerks(viewer, committee) or chairs(viewer, committee)


def may_see(viewer: Viewer | None, committee: dict[str, Any]) -> bool:
    """Any signed-in user reads every committee's log; the public only published ones (see the public pages)."""
    return viewer is not None


def administers(viewer: Viewer | None) -> bool:
    """True for admins, who manage users, roles and committees."""
    return viewer is not None and viewer.role is Role.ADMIN


def may_add_people(viewer: Viewer | None) -> bool:
    """Clerks and admins add people to the directory."""
    return viewer is not None and viewer.role in (Role.CLERK, Role.ADMIN)


def may_edit_person(viewer: Viewer | None, tied_to: Iterable[dict[str, Any]]) -> bool:
    """Admins correct anyone; a clerk corrects a person only when they clerk every committee the person is tied to
    (so a clerk cannot redirect another committee's chasing e-mails); a person tied to none, any clerk."""
    if administers(viewer):
        return True
    return viewer is not None and viewer.role is Role.CLERK and all(clerks(viewer, c) for c in tied_to)

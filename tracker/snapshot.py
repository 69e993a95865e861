"""Aggregates turned into plain data for queries; nothing outside the domain sees an aggregate."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from tracker.domain.action import Action
from tracker.domain.committee import Committee
from tracker.domain.meeting import Meeting
from tracker.domain.person import Person
from tracker.domain.user import User


def action_state(action: Action) -> dict[str, Any]:
    """An action as plain data, with the moves allowed from here."""
    return {
        "id": action.id,
        "reference": action.reference,
        "version": action.version,
        "committee_id": action.committee_id,
        "meeting_id": action.meeting_id,
        "minute_ref": action.minute_ref,
        "title": action.title,
        "detail": action.detail,
        "source_quote": action.source_quote,
        "kind": action.kind.value,
        "raised_by": action.raised_by,
        "owner_id": action.owner_id,
        "status": action.status.value,
        "due_date": action.due_date,
        "due_meeting_id": action.due_meeting_id,
        "due_next_meeting": action.due_next_meeting,
        "follows_up_id": action.follows_up_id,
        "imported": action.imported,
        "last_update": action.last_update,
        "last_update_at": action.last_update_at,
        "response": action.response,
        "evidence": list(action.evidence),
        "completed_at": action.completed_at,
        "closed_at": action.closed_at,
        "accepted_at_meeting_id": action.accepted_at_meeting_id,
        "extension": dict(action.extension) if action.extension else None,
        "successor_id": action.successor_id,
        "logged_at": action.created_on,
        "modified_at": action.modified_on,
        "allowed_moves": sorted(m.value for m in action.allowed_moves()),
        "chases": [dict(c) for c in action.chases],
        "chasing_paused": action.chasing_paused,
        "links_revoked_at": action.links_revoked_at,
    }


def committee_state(committee: Committee) -> dict[str, Any]:
    """A committee as plain data."""
    return {
        "id": committee.id,
        "version": committee.version,
        "short_name": committee.short_name,
        "name": committee.name,
        "authority": committee.authority,
        "chair_id": committee.chair_id,
        "clerk_id": committee.clerk_id,
        "public": committee.public,
        "actions_logged": committee.last_number,
        "chase_policy": asdict(committee.policy()),
        "chasing_paused": committee.chasing_paused,
    }


def meeting_state(meeting: Meeting) -> dict[str, Any]:
    """A meeting as plain data."""
    return {
        "id": meeting.id,
        "version": meeting.version,
        "committee_id": meeting.committee_id,
        "starts_at": meeting.starts_at,
        "title": meeting.title,
        "status": meeting.status.value,
    }


def person_state(person: Person) -> dict[str, Any]:
    """A person as plain data."""
    return {
        "id": person.id,
        "version": person.version,
        "name": person.name,
        "job_title": person.job_title,
        "organisation": person.organisation,
        "email": person.email,
        "senior_contact_id": person.senior_contact_id,
    }


def user_state(user: User) -> dict[str, Any]:
    """A user as plain data, without the password hash or token hashes."""
    return {
        "id": user.id,
        "version": user.version,
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "person_id": user.person_id,
        "active": user.active,
        "tokens": sorted(user.tokens),
    }

"""The action log projection: each event of the tracker lands in the view exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from events.schema import NO_DUE_DATE
from events.view import ActionLogView, stamp
from tracker.domain.action import Action
from tracker.domain.calendar import to_london
from tracker.domain.committee import Committee
from tracker.domain.meeting import Meeting
from tracker.domain.person import Person
from tracker.domain.user import User
from tracker.domain.values import Status

Handler = Callable[[Any, Any, Any], None]


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


def _search(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p).lower()


class ActionLogProjection(Projection[ActionLogView]):
    """Keeps the action log, people, committees, meetings, users and counts."""

    name = "action_log"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event and record its tracking in the same transaction."""
        self.process_batch([(domain_event, tracking)])

    def process_batch(self, items: Sequence[tuple[Any, Tracking]], *, after: int | None = None) -> None:
        """Apply events in one transaction with the last one's tracking: all or nothing (and nothing if the
        view is no longer at `after`, the notification they were read on from)."""
        if not items:
            return
        with self.view.writing(items[-1][1], after=after) as c:
            for event, _ in items:
                handler = HANDLERS.get(type(event))
                if handler is not None:
                    handler(self.view, c, event)

    # Actions

    @staticmethod
    def logged(view: ActionLogView, c: Any, e: Action.Logged) -> None:
        row = {
            "id": str(e.originator_id),
            "reference": e.reference,
            "number": int(e.reference.rsplit("-", 1)[1]),
            "committee_id": str(e.committee_id),
            "meeting_id": _id(e.meeting_id),
            "minute_ref": e.minute_ref,
            "title": e.title,
            "source_quote": e.source_quote,
            "kind": e.kind,
            "status": Status.LOGGED.value,
            "active": 1,
            "owner_id": str(e.owner_id),
            "raised_by": e.raised_by,
            **_due(e.due_date.isoformat() if e.due_date else None),
            "due_meeting_id": _id(e.due_meeting_id),
            "due_next_meeting": int(e.due_next_meeting),
            "extension_pending": 0,
            "extension_due": None,
            "last_update": None,
            "last_update_at": None,
            "completed_at": None,
            "closed_at": None,
            "accepted_meeting_id": None,
            "follows_up_id": _id(e.follows_up_id),
            "imported": int(e.imported),
            "logged_at": stamp(e.timestamp),
            "modified_at": stamp(e.timestamp),
            "version": e.originator_version,
            "search": _search(e.reference, e.title, e.detail, e.source_quote, e.minute_ref, e.raised_by),
            "chases": 0,
            "last_chased_on": None,
            "next_chase_on": None,
            "chasing_paused": 0,
        }
        view.insert(c, "actions", row)
        view.index_search(c, row["id"], row["search"], version=e.originator_version)
        view.reindex_chasing(c, row["id"])
        view.keep_version(c, row["id"])
        view.bump(c, row["committee_id"], Status.LOGGED.value, 1)

    @staticmethod
    def changed(view: ActionLogView, c: Any, e: Any, *, rechase: bool = False, **changes: Any) -> None:
        """Update an action's row, its status counts and its version history (and, when the due date or the
        chases changed, the day the chaser next looks at it)."""
        action_id = str(e.originator_id)
        status = changes.get("status")
        if status is not None:
            committee_id, before = view.action_status(c, action_id)
            if before != status:
                view.bump(c, committee_id, before, -1)
                view.bump(c, committee_id, status, 1)
            changes["active"] = int(Status(status).is_active)
        changes.update(modified_at=stamp(e.timestamp), version=e.originator_version)
        view.update(c, "actions", action_id, changes)
        if rechase:
            view.reindex_chasing(c, action_id)
        view.keep_version(c, action_id)


def _on(event_class: type, *, rechase: bool = False, **build: Callable[[Any], Any]) -> tuple[type, Handler]:
    def handle(view: ActionLogView, c: Any, e: Any) -> None:
        ActionLogProjection.changed(view, c, e, rechase=rechase, **{k: f(e) for k, f in build.items()})

    return event_class, handle


def _chased(view: ActionLogView, c: Any, e: Action.Chased) -> None:
    # The commonest event of a chase pass, so it is applied in as few statements as it can be.
    action_id = str(e.originator_id)
    view.insert(c, "chases", {
        "action_id": action_id, "committee_id": str(e.committee_id), "due_date": e.due_date.isoformat(),
        "stage": e.stage, "number": e.number, "on_day": e.on.isoformat(), "at": stamp(e.timestamp),
        "batch": e.batch, "recipients": json.dumps(e.recipients),
    })
    view.record_chase(c, action_id, {
        "last_chased_on": e.on.isoformat(), "next_chase_on": view.next_chase_day(c, action_id),
        "modified_at": stamp(e.timestamp), "version": e.originator_version,
    })
    view.keep_version(c, action_id)


def _progress(view: ActionLogView, c: Any, e: Action.ProgressNoted) -> None:
    search = _search(view.search_text(c, str(e.originator_id)), e.text)[:4000]
    view.index_search(c, str(e.originator_id), _search(e.text), version=e.originator_version)
    ActionLogProjection.changed(view, c, e, last_update=e.text, last_update_at=stamp(e.timestamp), search=search)


def _due_changed(view: ActionLogView, c: Any, e: Action.DueDateChanged) -> None:
    changes: dict[str, Any] = {**_due(e.due_date.isoformat() if e.due_date else None),
                               "due_meeting_id": _id(e.due_meeting_id), "due_next_meeting": int(e.due_next_meeting)}
    if e.counted_from is not None:  # the clerk chose "by the next meeting": counted from then on
        view.update(c, "actions", str(e.originator_id), {"due_counted_from": stamp(e.counted_from)})
    ActionLogProjection.changed(view, c, e, rechase=True, **changes)


def _due(due_date: str | None) -> dict[str, str | None]:
    """The due date and the text the log sorts it by (no date sorts last)."""
    return {"due_date": due_date, "due_sort": due_date or NO_DUE_DATE}


def _person(view: ActionLogView, c: Any, e: Any) -> None:
    if isinstance(e, Person.Added):
        view.insert(c, "people", {
            "id": str(e.originator_id), "name": e.name, "job_title": e.job_title, "organisation": e.organisation,
            "email": e.email, "senior_contact_id": _id(e.senior_contact_id), "version": e.originator_version,
        })
    else:
        changes = {k: (_id(v) if k == "senior_contact_id" else v) for k, v in e.changes.items()}
        view.update(c, "people", str(e.originator_id), {**changes, "version": e.originator_version})


def _committee(view: ActionLogView, c: Any, e: Any) -> None:
    if isinstance(e, Committee.Registered):
        view.insert(c, "committees", {
            "id": str(e.originator_id), "short_name": e.short_name, "name": e.name, "authority": e.authority,
            "chair_id": _id(e.chair_id), "clerk_id": _id(e.clerk_id), "public": int(e.public),
            "version": e.originator_version,
        })
    elif isinstance(e, Committee.DetailsChanged):
        changes = {
            k: (_id(v) if k in ("chair_id", "clerk_id") else int(v) if k == "public" else v)
            for k, v in e.changes.items()
        }
        view.update(c, "committees", str(e.originator_id), {**changes, "version": e.originator_version})
    elif isinstance(e, Committee.ChasePolicyChanged):
        view.update(c, "committees", str(e.originator_id), {
            "remind_before": e.remind_before, "remind_on_due": int(e.remind_on_due), "overdue_every": e.overdue_every,
            "escalate_after": e.escalate_after, "version": e.originator_version,
        })
        for action_id in view.active_action_ids(c, str(e.originator_id)):
            view.reindex_chasing(c, action_id)
    else:
        paused = int(isinstance(e, Committee.ChasingPaused))
        view.update(c, "committees", str(e.originator_id), {"chasing_paused": paused, "version": e.originator_version})


def _meeting(view: ActionLogView, c: Any, e: Any) -> None:
    mid = str(e.originator_id)
    if isinstance(e, Meeting.Scheduled):
        view.insert(c, "meetings", {
            "id": mid, "committee_id": str(e.committee_id), "starts_at": stamp(e.starts_at),
            "local_date": to_london(e.starts_at).date().isoformat(), "title": e.title, "status": e.status,
            "version": e.originator_version,
        })
        return
    changes: dict[str, Any] = {"version": e.originator_version}
    if isinstance(e, Meeting.Moved):
        changes.update(starts_at=stamp(e.starts_at), local_date=to_london(e.starts_at).date().isoformat())
    elif isinstance(e, Meeting.Held):
        changes["status"] = "held"
    elif isinstance(e, Meeting.Cancelled):
        changes["status"] = "cancelled"
    elif isinstance(e, Meeting.Retitled):
        changes["title"] = e.title
    view.update(c, "meetings", mid, changes)


def _user(view: ActionLogView, c: Any, e: Any) -> None:
    if isinstance(e, User.Registered):
        view.insert(c, "users", {
            "id": str(e.originator_id), "email": e.email, "name": e.name, "role": e.role,
            "person_id": _id(e.person_id), "active": 1,
        })
    elif isinstance(e, User.RoleChanged):
        view.update(c, "users", str(e.originator_id), {"role": e.role})
    elif isinstance(e, User.Deactivated):
        view.update(c, "users", str(e.originator_id), {"active": 0})
    elif isinstance(e, User.Reactivated):
        view.update(c, "users", str(e.originator_id), {"active": 1})
    elif isinstance(e, User.PersonLinked):
        view.update(c, "users", str(e.originator_id), {"person_id": _id(e.person_id)})


HANDLERS: dict[type, Handler] = dict(
    [
        (Action.Logged, ActionLogProjection.logged),
        _on(Action.Acknowledged, status=lambda e: Status.ACKNOWLEDGED.value),
        (Action.ProgressNoted, _progress),
        _on(Action.Completed, status=lambda e: Status.COMPLETED.value, completed_at=lambda e: stamp(e.timestamp),
            extension_pending=lambda e: 0, extension_due=lambda e: None),
        _on(Action.Closed, status=lambda e: Status.CLOSED.value, closed_at=lambda e: stamp(e.timestamp)),
        _on(Action.Accepted, status=lambda e: Status.CLOSED.value, closed_at=lambda e: stamp(e.timestamp),
            accepted_meeting_id=lambda e: str(e.meeting_id)),
        _on(Action.Reopened, rechase=True, status=lambda e: Status.LOGGED.value, completed_at=lambda e: None,
            closed_at=lambda e: None, accepted_meeting_id=lambda e: None),
        (Action.DueDateChanged, _due_changed),
        _on(Action.ExtensionRequested, extension_pending=lambda e: 1, extension_due=lambda e: e.due_date.isoformat()),
        (Action.ExtensionGranted, lambda v, c, e: _grant(v, c, e)),
        _on(Action.ExtensionRefused, extension_pending=lambda e: 0, extension_due=lambda e: None),
        _on(Action.Reassigned, owner_id=lambda e: str(e.owner_id)),
        _on(Action.Withdrawn, status=lambda e: Status.WITHDRAWN.value, extension_pending=lambda e: 0,
            extension_due=lambda e: None),
        _on(Action.Superseded, status=lambda e: Status.SUPERSEDED.value, extension_pending=lambda e: 0,
            extension_due=lambda e: None),
        _on(Action.Commented),
        (Action.Chased, _chased),
        _on(Action.ChasingPaused, chasing_paused=lambda e: 1),
        _on(Action.ChasingResumed, chasing_paused=lambda e: 0),
        _on(Action.UpdateLinksRevoked),
        _on(Action.UpdateLinkSent),
        (Person.Added, _person),
        (Person.DetailsCorrected, _person),
        (Committee.Registered, _committee),
        (Committee.DetailsChanged, _committee),
        (Committee.ChasePolicyChanged, _committee),
        (Committee.ChasingPaused, _committee),
        (Committee.ChasingResumed, _committee),
        (Meeting.Scheduled, _meeting),
        (Meeting.Moved, _meeting),
        (Meeting.Held, _meeting),
        (Meeting.Cancelled, _meeting),
        (Meeting.Retitled, _meeting),
        (User.Registered, _user),
        (User.RoleChanged, _user),
        (User.Deactivated, _user),
        (User.Reactivated, _user),
        (User.PersonLinked, _user),
    ]
)


def _grant(view: ActionLogView, c: Any, e: Action.ExtensionGranted) -> None:
    view._run(c, "SELECT extension_due FROM {p}actions WHERE id = :id", {"id": str(e.originator_id)})  # noqa: SLF001
    due = c.fetchone()["extension_due"]
    ActionLogProjection.changed(
        view, c, e, rechase=True, **_due(due), due_meeting_id=None, due_next_meeting=0, extension_pending=0,
        extension_due=None,
    )

"""One action's whole timeline from the event store: when, who, what changed from what to what, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from tracker.application import Tracker
from tracker.domain.calendar import to_london
from tracker.domain.chasing import Stage
from tracker.snapshot import action_state

LABELS = {
    "Logged": "Logged",
    "Acknowledged": "Acknowledged",
    "ProgressNoted": "Progress noted",
    "Completed": "Completed",
    "Closed": "Closed",
    "Accepted": "Accepted by the committee",
    "Reopened": "Reopened",
    "DueDateChanged": "Due date changed",
    "ExtensionRequested": "Extension requested",
    "ExtensionGranted": "Extension granted",
    "ExtensionRefused": "Extension refused",
    "Reassigned": "Reassigned",
    "Withdrawn": "Withdrawn",
    "Superseded": "Superseded",
    "Commented": "Commented",
    "Chased": "Chased",
    "ChasingPaused": "Chasing paused",
    "ChasingResumed": "Chasing resumed",
    "UpdateLinksRevoked": "Update links revoked",
    "UpdateLinkSent": "New update link e-mailed",
}
QUIET = {"id", "version", "modified_at", "allowed_moves", "logged_at", "last_update_at", "completed_at", "closed_at",
         "chases", "links_revoked_at", "chasing_paused", "link_sent_at"}
WORDS = ("reason", "text", "response", "note")
ACTION_LINKS = ("follows_up_id", "successor_id")  # ids of other actions, shown by their references


def meeting_name(title: str, starts_at: datetime) -> str:
    """A meeting as people name it: its title and day, unless the title says the day already."""
    day = f"{to_london(starts_at).day} {to_london(starts_at):%B %Y}"
    return title if day in title else f"{title}, {day}"


class History:
    """Builds timelines, resolving ids to the names people know."""

    def __init__(self, tracker: Tracker, read: Any, outbox: Any = None) -> None:
        self.tracker = tracker
        self.read = read
        self.outbox = outbox  # the outbox's view, to say what became of each chase's e-mail

    def timeline(self, reference: str) -> list[dict[str, Any]]:
        """Every event of the action, oldest first, with what it changed."""
        names = self._names()
        entries = []
        aggregate = None
        before: dict[str, Any] = {}
        for event in self.tracker.action_events(reference):
            aggregate = event.mutate(aggregate)
            after = action_state(aggregate)
            kind = type(event).__name__
            self._name_linked_actions(after, names)
            entries.append(
                {
                    "version": event.originator_version,
                    "event": kind,
                    "label": LABELS.get(kind, kind),
                    "at": event.timestamp,
                    "actor": event.actor,
                    "actor_name": self._actor_name(event.actor, names),
                    "changes": [] if kind == "Logged" else self._changes(before, after, names),
                    **{w: getattr(event, w) for w in WORDS if getattr(event, w, None)},
                    **(self._chase(event, names, self._mailed(event)) if kind == "Chased" else {}),
                    **({"follows_up": names[str(after["follows_up_id"])]}
                       if kind == "Logged" and after["follows_up_id"] else {}),
                }
            )
            before = after
        return entries

    def _changes(self, before: dict[str, Any], after: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
        return [
            {"field": key, "from": self._show(before.get(key), names), "to": self._show(after[key], names)}
            for key in after
            if key not in QUIET and before.get(key) != after[key]
        ]

    def _mailed(self, event: Any) -> tuple[str, str]:
        """What became of a chase's e-mail, as the outbox knows it."""
        if self.outbox is None:
            return ("sent", "")
        return self.outbox.chase_state(str(event.originator_id), event.due_date.isoformat(), event.stage, event.number)

    @staticmethod
    def _chase(event: Any, names: dict[str, str], mailed: tuple[str, str]) -> dict[str, str]:
        """A chase as the timeline tells it: which, against which due date, to whom, and whether it went."""
        stage = Stage(event.stage)
        due = f"{event.due_date.day} {event.due_date:%B %Y}"
        what = {
            Stage.REMINDER: f"Reminder that it is due on {due}",
            Stage.DUE: f"Reminder on the day it is due ({due})",
            Stage.OVERDUE: f"Overdue chase {event.number} (it was due on {due})",
            Stage.ESCALATION: f"Overdue chase {event.number}, escalated (it was due on {due})",
        }[stage]
        to = [names.get(r["person_id"], "someone no longer in the directory") for r in event.recipients if r["as"] == "owner"]
        copies = [f"{names.get(r['person_id'], 'someone')} ({r['as']})" for r in event.recipients if r["as"] != "owner"]
        whom = ", ".join(to) + (f", copied to {', '.join(copies)}" if copies else "")
        state, why = mailed
        sent = {
            "sent": f"e-mailed to {whom}",
            "queued": f"e-mail to {whom} waiting to go" + (f" (not delivered yet: {why})" if why else ""),
            "failed": f"e-mail to {whom} not delivered: {why}",
            "not sent": f"not e-mailed to {whom}" + (f" ({why})" if why else ""),
        }.get(state, f"e-mail to {whom} being prepared")
        label = {Stage.REMINDER: "Reminder sent", Stage.DUE: "Reminder sent", Stage.OVERDUE: "Chased",
                 Stage.ESCALATION: "Chased and escalated"}[stage]
        return {"label": label, "summary": f"{what}; {sent}."}

    @staticmethod
    def _show(value: Any, names: dict[str, str]) -> Any:
        if isinstance(value, UUID):
            return names.get(str(value), str(value))
        if isinstance(value, dict):
            return {k: History._show(v, names) for k, v in value.items()}
        return value

    def _name_linked_actions(self, state: dict[str, Any], names: dict[str, str]) -> None:
        """Name the actions this one points to by their references: one look-up each, never every action."""
        for key in ACTION_LINKS:
            linked = state.get(key)
            if linked is not None and str(linked) not in names:
                row = self.read.query("action_by_id", str(linked))
                names[str(linked)] = row["reference"] if row else str(linked)

    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for person in self.read.query("people"):
            names[person["id"]] = person["name"]
        for meeting in self.read.query("meetings"):
            names[meeting["id"]] = meeting_name(meeting["title"], meeting["starts_at"])
        for user in self.read.query("users"):
            names[f"user:{user['email']}"] = user["name"]
        return names

    @staticmethod
    def _actor_name(actor: str, names: dict[str, str]) -> str:
        if actor in names:
            return names[actor]
        kind, _, rest = actor.partition(":")
        if kind == "person" and rest in names:
            return f"{names[rest]} (via e-mailed link)"
        if actor == "system:chaser":
            return "the chaser"
        if kind == "import":  # import:<e-mail> from the web, import:cli:<user> from the command line
            return f"{names.get(f'user:{rest}', rest.removeprefix('cli:'))} (imported)"
        return rest or actor


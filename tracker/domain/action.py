"""An undertaking given at a meeting, and every step of its life."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.domain.base import TrackedAggregate
from tracker.domain.calendar import london_today, to_london
from tracker.domain.chasing import ChaseDue, ChaseRecord, Stage
from tracker.domain.errors import AlreadyChasedError, MoveNotAllowedError, RuleError
from tracker.domain.values import Kind, Move, Status

NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/action")

_ACTIVE_MOVES = {
    Move.NOTE_PROGRESS,
    Move.COMPLETE,
    Move.CHANGE_DUE_DATE,
    Move.REQUEST_EXTENSION,
    Move.DECIDE_EXTENSION,
    Move.REASSIGN,
    Move.WITHDRAW,
    Move.SUPERSEDE,
    Move.COMMENT,
}
ALLOWED: dict[Status, frozenset[Move]] = {
    Status.LOGGED: frozenset(_ACTIVE_MOVES | {Move.ACKNOWLEDGE}),
    Status.ACKNOWLEDGED: frozenset(_ACTIVE_MOVES),
    Status.COMPLETED: frozenset({Move.CLOSE, Move.ACCEPT, Move.REOPEN, Move.COMMENT}),
    Status.CLOSED: frozenset({Move.REOPEN, Move.COMMENT}),
    Status.WITHDRAWN: frozenset({Move.REOPEN, Move.COMMENT}),
    Status.SUPERSEDED: frozenset({Move.COMMENT}),
}
LINK_RESEND_GAP = timedelta(minutes=10)  # between new links asked for, so a link page cannot flood an inbox
NEEDS_REASON = {
    Move.REOPEN,
    Move.CHANGE_DUE_DATE,
    Move.REQUEST_EXTENSION,
    Move.REASSIGN,
    Move.WITHDRAW,
    Move.SUPERSEDE,
}


def action_id(reference: str) -> UUID:
    """The id an action reference always maps to, so a reference is unique."""
    return uuid5(NAMESPACE, reference.strip().upper())


class Action(TrackedAggregate):
    """An undertaking: who owes what to which committee, by when, and what became of it."""

    ENUMS = {"status": Status, "kind": Kind}

    class Logged(TrackedAggregate.Created):
        reference: str
        committee_id: UUID
        meeting_id: UUID | None
        minute_ref: str
        title: str
        detail: str
        source_quote: str
        kind: str
        raised_by: str
        owner_id: UUID
        due_date: date | None
        due_meeting_id: UUID | None
        due_next_meeting: bool
        follows_up_id: UUID | None
        imported: bool

    class Acknowledged(TrackedAggregate.Event):
        def apply(self, action: Action) -> None:
            action.status = Status.ACKNOWLEDGED

    class ProgressNoted(TrackedAggregate.Event):
        text: str

        def apply(self, action: Action) -> None:
            action.last_update = self.text
            action.last_update_at = self.timestamp

    class Completed(TrackedAggregate.Event):
        response: str
        evidence: list[str]

        def apply(self, action: Action) -> None:
            action.status = Status.COMPLETED
            action.response = self.response
            action.evidence = list(self.evidence)
            action.completed_at = self.timestamp
            action.extension = None

    class Closed(TrackedAggregate.Event):
        note: str

        def apply(self, action: Action) -> None:
            action.status = Status.CLOSED
            action.closed_at = self.timestamp

    class Accepted(TrackedAggregate.Event):
        meeting_id: UUID

        def apply(self, action: Action) -> None:
            action.status = Status.CLOSED
            action.closed_at = self.timestamp
            action.accepted_at_meeting_id = self.meeting_id

    class Reopened(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            # Back with the owner, who acknowledges it afresh.
            action.status = Status.LOGGED
            action.completed_at = None
            action.closed_at = None
            action.accepted_at_meeting_id = None
            action.successor_id = None

    class DueDateChanged(TrackedAggregate.Event):
        due_date: date | None
        due_meeting_id: UUID | None
        due_next_meeting: bool
        reason: str
        counted_from: datetime | None = None  # "the next meeting" after this moment (set by the clerk's change)

        def apply(self, action: Action) -> None:
            action.due_date = self.due_date
            action.due_meeting_id = self.due_meeting_id
            action.due_next_meeting = self.due_next_meeting
            if self.counted_from is not None:
                action.due_counted_from = self.counted_from

    class ExtensionRequested(TrackedAggregate.Event):
        due_date: date
        reason: str

        def apply(self, action: Action) -> None:
            action.extension = {"due_date": self.due_date, "reason": self.reason, "by": self.actor}

    class ExtensionGranted(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            assert action.extension is not None
            action.due_date = action.extension["due_date"]
            action.due_meeting_id = None
            action.due_next_meeting = False
            action.extension = None

    class ExtensionRefused(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            action.extension = None

    class Reassigned(TrackedAggregate.Event):
        owner_id: UUID
        reason: str

        def apply(self, action: Action) -> None:
            action.owner_id = self.owner_id

    class Withdrawn(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            action.status = Status.WITHDRAWN
            action.extension = None

    class Superseded(TrackedAggregate.Event):
        successor_id: UUID
        reason: str

        def apply(self, action: Action) -> None:
            action.status = Status.SUPERSEDED
            action.successor_id = self.successor_id
            action.extension = None

    class Commented(TrackedAggregate.Event):
        text: str

    class Chased(TrackedAggregate.Event):
        """The chaser reminded, chased or escalated: against which due date, at which stage, to whom.

        It names the action's reference and committee too, so the outbox needs nothing else to file it."""

        reference: str
        committee_id: UUID
        due_date: date
        stage: str
        number: int
        on: date
        recipients: list[dict[str, str]]  # {"person_id": ..., "as": "owner" | "clerk" | "chair" | "senior contact"}
        batch: str

        def apply(self, action: Action) -> None:
            action.chases.append(
                {"due_date": self.due_date, "stage": self.stage, "number": self.number, "on": self.on}
            )

    class ChasingPaused(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            action.chasing_paused = True

    class ChasingResumed(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            action.chasing_paused = False

    class UpdateLinksRevoked(TrackedAggregate.Event):
        reason: str

        def apply(self, action: Action) -> None:
            action.links_revoked_at = self.timestamp

    class UpdateLinkSent(TrackedAggregate.Event):
        """A new update link was e-mailed to the owner (asked for by the clerk, or by the owner from an old
        link), outside the chasing."""

        person_id: UUID
        reference: str
        committee_id: UUID

        def apply(self, action: Action) -> None:
            action.link_sent_at = self.timestamp

    @staticmethod
    def create_id(reference: str) -> UUID:
        """Actions are keyed on their reference."""
        return action_id(reference)

    def __init__(
        self,
        reference: str,
        committee_id: UUID,
        meeting_id: UUID | None,
        minute_ref: str,
        title: str,
        detail: str,
        source_quote: str,
        kind: str,
        raised_by: str,
        owner_id: UUID,
        due_date: date | None,
        due_meeting_id: UUID | None,
        due_next_meeting: bool,
        follows_up_id: UUID | None,
        imported: bool,
    ) -> None:
        self.reference = reference
        self.committee_id = committee_id
        self.meeting_id = meeting_id
        self.minute_ref = minute_ref
        self.title = title
        self.detail = detail
        self.source_quote = source_quote
        self.kind = Kind(kind)
        self.raised_by = raised_by
        self.owner_id = owner_id
        self.due_date = due_date
        self.due_meeting_id = due_meeting_id
        self.due_next_meeting = due_next_meeting
        self.follows_up_id = follows_up_id
        self.imported = imported
        self.status = Status.LOGGED
        self.last_update: str | None = None
        self.last_update_at: datetime | None = None
        self.response: str | None = None
        self.evidence: list[str] = []
        self.completed_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.accepted_at_meeting_id: UUID | None = None
        self.extension: dict | None = None
        self.successor_id: UUID | None = None
        self.chases: list[dict] = []
        self.chasing_paused = False
        self.links_revoked_at: datetime | None = None
        self.link_sent_at: datetime | None = None

    # Guards

    def allowed_moves(self) -> frozenset[Move]:
        """The moves allowed from the current status."""
        moves = set(ALLOWED[self.status])
        if self.extension is None:
            moves.discard(Move.DECIDE_EXTENSION)
        else:
            moves.discard(Move.REQUEST_EXTENSION)
        return frozenset(moves)

    def check_move(self, move: Move) -> None:
        """Raise MoveNotAllowedError unless the move is allowed now."""
        if move not in self.allowed_moves():
            why = ""
            if move is Move.DECIDE_EXTENSION:
                why = "No extension has been requested."
            elif move is Move.REQUEST_EXTENSION and self.extension is not None:
                why = "An extension request is already waiting for a decision."
            raise MoveNotAllowedError(self.reference, move.value, self.status.value, self.allowed_moves(), why)

    @staticmethod
    def check_reason(move: Move, reason: str | None) -> None:
        """Raise RuleError when a move that needs a reason is given none."""
        if move in NEEDS_REASON and not (reason or "").strip():
            raise RuleError(f"Give a reason to {move.label}: it is kept in the action's history.")

    @staticmethod
    def check_text(field: str, text: str | None) -> None:
        """Raise RuleError when required text is blank."""
        if not (text or "").strip():
            raise RuleError(f"The {field} cannot be blank: write what happened.")

    # Commands: each checks, then records one event.

    @classmethod
    def log(cls, *, actor: str, at: datetime | None = None, **details: object) -> Action:
        """Log a new undertaking."""
        Kind(str(details["kind"]))
        cls.check_text("title", str(details.get("title") or ""))
        return cls._create(cls.Logged, actor=actor, timestamp=at, **details)

    def acknowledge(self, *, actor: str, at: datetime | None = None) -> None:
        """The owner acknowledges the undertaking."""
        self.check_move(Move.ACKNOWLEDGE)
        self.trigger_event(self.Acknowledged, actor=actor, timestamp=at)

    def note_progress(self, *, actor: str, text: str, at: datetime | None = None) -> None:
        """Record a progress update."""
        self.check_move(Move.NOTE_PROGRESS)
        self.check_text("update", text)
        self.trigger_event(self.ProgressNoted, actor=actor, text=text, timestamp=at)

    def complete(
        self, *, actor: str, response: str, evidence: list[str] | None = None, at: datetime | None = None
    ) -> None:
        """Mark the undertaking done, with the response and links to evidence."""
        self.check_move(Move.COMPLETE)
        self.check_text("response", response)
        self.trigger_event(self.Completed, actor=actor, response=response, evidence=list(evidence or []), timestamp=at)

    def close(self, *, actor: str, note: str = "", at: datetime | None = None) -> None:
        """The clerk closes a completed action."""
        self.check_move(Move.CLOSE)
        self.trigger_event(self.Closed, actor=actor, note=note, timestamp=at)

    def accept(self, *, actor: str, meeting_id: UUID, at: datetime | None = None) -> None:
        """The committee accepts a completed action at a meeting, which closes it."""
        self.check_move(Move.ACCEPT)
        self.trigger_event(self.Accepted, actor=actor, meeting_id=meeting_id, timestamp=at)

    def reopen(self, *, actor: str, reason: str, at: datetime | None = None) -> None:
        """Reopen a completed, closed or withdrawn action."""
        self.check_move(Move.REOPEN)
        self.check_reason(Move.REOPEN, reason)
        self.trigger_event(self.Reopened, actor=actor, reason=reason, timestamp=at)

    def change_due_date(
        self,
        *,
        actor: str,
        due_date: date | None,
        reason: str,
        due_meeting_id: UUID | None = None,
        due_next_meeting: bool = False,
        counted_from: datetime | None = None,
        at: datetime | None = None,
    ) -> None:
        """Change when it is due: a date, or by the next meeting (resolved to that meeting's date); counted_from
        is the moment "the next meeting" is counted from, when the clerk chose it."""
        self.check_move(Move.CHANGE_DUE_DATE)
        self.check_reason(Move.CHANGE_DUE_DATE, reason)
        if (due_date, due_meeting_id, due_next_meeting) == (
            self.due_date,
            self.due_meeting_id,
            self.due_next_meeting,
        ):
            raise RuleError(f"{self.reference} is already due then: choose a different date.")
        self.trigger_event(
            self.DueDateChanged,
            actor=actor,
            due_date=due_date,
            due_meeting_id=due_meeting_id,
            due_next_meeting=due_next_meeting,
            reason=reason,
            counted_from=counted_from,
            timestamp=at,
        )

    def request_extension(self, *, actor: str, due_date: date, reason: str, at: datetime | None = None) -> None:
        """The owner asks for more time, to a new date."""
        self.check_move(Move.REQUEST_EXTENSION)
        self.check_reason(Move.REQUEST_EXTENSION, reason)
        if self.due_date is not None and due_date <= self.due_date:
            raise RuleError(
                f"An extension must move the due date later than {self.due_date:%d %B %Y}: choose a later date."
            )
        asked_on = to_london(at).date() if at else london_today()
        if due_date <= asked_on:
            raise RuleError(
                f"An extension must be to a date after the day it is asked for ({asked_on.day} {asked_on:%B %Y}): "
                "choose a later date."
            )
        self.trigger_event(self.ExtensionRequested, actor=actor, due_date=due_date, reason=reason, timestamp=at)

    def decide_extension(self, *, actor: str, grant: bool, reason: str = "", at: datetime | None = None) -> None:
        """The clerk grants or refuses a pending extension request."""
        self.check_move(Move.DECIDE_EXTENSION)
        if not grant:
            self.check_text("reason for refusing", reason)
        event = self.ExtensionGranted if grant else self.ExtensionRefused
        self.trigger_event(event, actor=actor, reason=reason, timestamp=at)

    def reassign(self, *, actor: str, owner_id: UUID, reason: str, at: datetime | None = None) -> None:
        """Give the action to another owner."""
        self.check_move(Move.REASSIGN)
        self.check_reason(Move.REASSIGN, reason)
        if owner_id == self.owner_id:
            raise RuleError(f"{self.reference} is already owned by that person: choose someone else.")
        self.trigger_event(self.Reassigned, actor=actor, owner_id=owner_id, reason=reason, timestamp=at)

    def withdraw(self, *, actor: str, reason: str, at: datetime | None = None) -> None:
        """Withdraw an undertaking that is no longer wanted."""
        self.check_move(Move.WITHDRAW)
        self.check_reason(Move.WITHDRAW, reason)
        self.trigger_event(self.Withdrawn, actor=actor, reason=reason, timestamp=at)

    def supersede(self, *, actor: str, successor_id: UUID, reason: str, at: datetime | None = None) -> None:
        """Replace this undertaking by a later one."""
        self.check_move(Move.SUPERSEDE)
        self.check_reason(Move.SUPERSEDE, reason)
        if successor_id == self.id:
            raise RuleError("An action cannot supersede itself: name the action that replaces it.")
        self.trigger_event(self.Superseded, actor=actor, successor_id=successor_id, reason=reason, timestamp=at)

    def comment(self, *, actor: str, text: str, at: datetime | None = None) -> None:
        """Add a comment, in any status."""
        self.check_text("comment", text)
        self.trigger_event(self.Commented, actor=actor, text=text, timestamp=at)

    # Chasing: recorded, never derived, so a chase goes out at most once.

    def chase_records(self) -> list[ChaseRecord]:
        """The chases recorded so far."""
        return [ChaseRecord(c["due_date"], Stage(c["stage"]), c["number"], c["on"]) for c in self.chases]

    def check_chase(self, chase: ChaseDue) -> None:
        """Raise AlreadyChasedError if this chase was recorded, RuleError if the action is not being chased."""
        if chase.key in {c.key for c in self.chase_records()}:
            raise AlreadyChasedError(f"{self.reference} was already chased ({chase.key}).")
        if not self.status.is_active:
            raise RuleError(f"{self.reference} is {self.status.value}: nothing is owed, so it is not chased.")
        if self.chasing_paused:
            raise RuleError(f"Chasing {self.reference} is paused: resume it first.")
        if self.extension is not None:
            raise RuleError(f"{self.reference} has an extension request waiting for a decision: decide it first.")
        if chase.due_date != self.due_date:
            raise RuleError(f"{self.reference} is no longer due on {chase.due_date:%d %B %Y}.")

    def record_chase(
        self, *, actor: str, chase: ChaseDue, on: date, recipients: list[dict[str, str]], batch: str,
        at: datetime | None = None,
    ) -> None:
        """Record that the owner was reminded, chased or escalated to."""
        self.check_chase(chase)
        self.trigger_event(
            self.Chased, actor=actor, reference=self.reference, committee_id=self.committee_id,
            due_date=chase.due_date, stage=chase.stage.value, number=chase.number, on=on, recipients=recipients,
            batch=batch, timestamp=at,
        )

    def pause_chasing(self, *, actor: str, reason: str, at: datetime | None = None) -> None:
        """Stop chasing this action until resumed."""
        if self.chasing_paused:
            raise RuleError(f"Chasing {self.reference} is already paused.")
        self.check_text("reason for pausing", reason)
        self.trigger_event(self.ChasingPaused, actor=actor, reason=reason, timestamp=at)

    def resume_chasing(self, *, actor: str, reason: str = "", at: datetime | None = None) -> None:
        """Chase this action again."""
        if not self.chasing_paused:
            raise RuleError(f"Chasing {self.reference} is not paused.")
        self.trigger_event(self.ChasingResumed, actor=actor, reason=reason, timestamp=at)

    def revoke_update_links(self, *, actor: str, reason: str, at: datetime | None = None) -> None:
        """Make every update link e-mailed so far for this action stop working."""
        self.check_text("reason for revoking the links", reason)
        self.trigger_event(self.UpdateLinksRevoked, actor=actor, reason=reason, timestamp=at)

    def send_update_link(self, *, actor: str, now: datetime) -> None:
        """E-mail the owner a new update link; not while nothing is owed, nor twice within a few minutes."""
        if not self.status.is_active:
            raise RuleError(f"{self.reference} is {self.status.value}: nothing more is owed, so no link is sent.")
        last = getattr(self, "link_sent_at", None)
        if last is not None and now - last < LINK_RESEND_GAP:
            raise RuleError(f"A new link for {self.reference} was sent a few minutes ago: check your inbox (and "
                            "junk folder) before asking again.")
        self.trigger_event(self.UpdateLinkSent, actor=actor, person_id=self.owner_id, reference=self.reference,
                           committee_id=self.committee_id, timestamp=now)

"""Rows of an existing action log turned into people, references and actions with their histories.

The rows arrive read and checked (the files are read at the boundary); this module only applies the domain's
own methods, so an imported action is logged, acknowledged, updated, completed, closed or withdrawn exactly as
one typed in would be, dated as the sheet dates it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import count
from uuid import UUID

from eventsourcing.domain import Aggregate

from tracker.domain.action import Action
from tracker.domain.calendar import from_london, to_london
from tracker.domain.committee import Committee
from tracker.domain.person import Person
from tracker.ports import MeetingSlot

NEXT_MEETING = "next_meeting"  # the same word Tracker.log_action takes for "by the next meeting"
OPEN, COMPLETED, WITHDRAWN = "open", "completed", "withdrawn"
NOON = time(12)  # a date alone is taken as midday UK time, so it stays the same day whatever the clocks do


@dataclass(frozen=True)
class ImportRow:
    """One row of an action log, read and checked: plain values only."""

    row: int  # as the sheet numbers it
    fingerprint: str  # committee, minute reference, action text and owner, normalised
    title: str
    text: str  # the action as the sheet words it, kept whole
    kind: str
    owner_name: str
    owner_id: UUID | None = None  # someone in the directory, or None to add owner_name as a new person
    minute_ref: str = ""
    raised_by: str = ""
    raised_on: date | None = None
    meeting_on: date | None = None
    due: date | str | None = None  # a date, "next_meeting" or None
    status: str = OPEN  # open, completed or withdrawn
    status_text: str = ""  # the sheet's own word for it
    update: str = ""


@dataclass
class ImportOutcome:
    """What an import did (or, dry-run, would do)."""

    imported: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reference, status)
    already: list[tuple[int, str]] = field(default_factory=list)  # (row, the reference it became before)
    new_people: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def by_status(self) -> dict[str, int]:
        """How many new actions end in each status."""
        return dict(Counter(status for _, _, status in self.imported))


@dataclass
class ImportBatch:
    """The aggregates an import saves together, and its outcome."""

    aggregates: list[Aggregate]
    outcome: ImportOutcome


def build_import(
    committee: Committee, rows: Sequence[ImportRow], *, actor: str, slots: Sequence[MeetingSlot], source: str,
    file_fingerprint: str, now: datetime | None = None,
) -> ImportBatch:
    """New people, references and actions for the rows not imported before; the committee remembers them."""
    now = now or datetime.now(timezone.utc)
    outcome = ImportOutcome()
    people: dict[str, Person] = {}
    actions: list[Action] = []
    done: dict[str, str] = {}
    for row in rows:
        before = committee.imported_as(row.fingerprint) or done.get(row.fingerprint)
        if before:
            outcome.already.append((row.row, before))
            continue
        owner_id = row.owner_id or _new_person(people, row.owner_name, actor).id
        action = _log(committee, row, owner_id, actor=actor, slots=slots, now=now)
        actions.append(action)
        done[row.fingerprint] = action.reference
        outcome.imported.append((row.row, action.reference, action.status.value))
    if done:
        committee.record_import(actor=actor, source=source, file_fingerprint=file_fingerprint, rows=done)
    outcome.new_people = [p.name for p in people.values()]
    return ImportBatch([*people.values(), *actions], outcome)


def _new_person(people: dict[str, Person], name: str, actor: str) -> Person:
    key = " ".join(name.lower().split())
    if key not in people:
        people[key] = Person.add(actor=actor, name=name, job_title="", organisation="", email="", senior_contact_id=None)
    return people[key]


def _log(
    committee: Committee, row: ImportRow, owner_id: UUID, *, actor: str, slots: Sequence[MeetingSlot], now: datetime
) -> Action:
    meeting = _meeting_on(slots, row.meeting_on) if row.meeting_on else None
    logged_at = _logged_at(row, meeting, now)
    due_date, due_meeting_id, next_meeting = _due(row.due, slots, logged_at)
    action = Action.log(
        actor=actor, at=logged_at, reference=committee.allocate_reference(actor=actor), committee_id=committee.id,
        meeting_id=meeting.id if meeting else None, minute_ref=row.minute_ref, title=row.title, detail="",
        source_quote=row.text, kind=row.kind, raised_by=row.raised_by, owner_id=owner_id, due_date=due_date,
        due_meeting_id=due_meeting_id, due_next_meeting=next_meeting, follows_up_id=None, imported=True,
    )
    _replay(action, row, actor, _moments(logged_at))
    return action


def _replay(action: Action, row: ImportRow, actor: str, at: Iterator[datetime]) -> None:
    """What became of it, as the sheet says, in the order it must have happened."""
    said = f"“{row.status_text}”" if row.status_text else "open"
    if row.status == OPEN and row.update:
        action.acknowledge(actor=actor, at=next(at))
    if row.update:
        action.note_progress(actor=actor, text=row.update, at=next(at))
    if row.status == COMPLETED:
        action.complete(actor=actor, response=f"Recorded as {said} in the imported action log.", at=next(at))
        action.close(actor=actor, note="Closed in the imported action log.", at=next(at))
    elif row.status == WITHDRAWN:
        action.withdraw(actor=actor, reason=f"Recorded as {said} in the imported action log.", at=next(at))


def _moments(start: datetime) -> Iterator[datetime]:
    # The sheet gives one date for a row; its events keep their order a second apart.
    return (start + timedelta(seconds=n) for n in count(1))


def _logged_at(row: ImportRow, meeting: MeetingSlot | None, now: datetime) -> datetime:
    """The date raised, else the meeting (its start, if it is in the calendar), else the due date if past, else now."""
    if row.raised_on:
        return _midday(row.raised_on)
    if meeting:
        return meeting.starts_at
    if row.meeting_on:
        return _midday(row.meeting_on)
    if isinstance(row.due, date) and _midday(row.due) < now:
        return _midday(row.due)
    return now


def _midday(day: date) -> datetime:
    return from_london(datetime.combine(day, NOON))


def _meeting_on(slots: Sequence[MeetingSlot], day: date) -> MeetingSlot | None:
    """The committee's meeting on that day, preferring one that was not cancelled."""
    same = [s for s in slots if to_london(s.starts_at).date() == day]
    return max(same, key=lambda s: s.active) if same else None


def _due(due: date | str | None, slots: Sequence[MeetingSlot], after: datetime) -> tuple[date | None, UUID | None, bool]:
    """A due date, or "by the next meeting" resolved against the calendar as Tracker.log_action resolves it."""
    if due != NEXT_MEETING:
        return (due if isinstance(due, date) else None), None, False
    later = [s for s in slots if s.active and s.starts_at > after]
    if not later:
        return None, None, True
    target = min(later, key=lambda s: s.starts_at)
    return to_london(target.starts_at).date(), target.id, True

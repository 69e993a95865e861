"""Rows of an existing action log turned into people, references and actions with their histories.

The rows arrive read and checked (the files are read at the boundary); this module only applies the domain's
own methods, so an imported action is logged, acknowledged, updated, completed, closed or withdrawn exactly as
one typed in would be.

A sheet says what became of an action, and only sometimes when. Each event is dated by the sheet's own date for
it (raised, meeting, updated, completed, closed); an update, completion, closure or withdrawal the sheet gives no
date for is dated at the moment of the import, and its text says so. So the log as at any earlier moment shows
only what could be known then: that the action was raised and was open.

A row due "Next meeting" is due at the committee's first meeting after the one it arose at, whether the calendar or
the sheet's own meeting dates know of it (see `_next_meeting`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
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
# Committees meet several times a year: a "next meeting" more than six months on is a calendar or a sheet that does
# not reach that far, not the next meeting.
NEXT_MEETING_WITHIN = timedelta(days=183)
CALENDAR, FILE, UNKNOWN = "calendar", "file", "unknown"  # where a row's "next meeting" was found


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
    updated_on: date | None = None  # when the sheet says the update was made
    completed_on: date | None = None
    closed_on: date | None = None  # when it was closed, or for a withdrawn row, withdrawn


@dataclass(frozen=True)
class NextMeeting:
    """What a row due "Next meeting" is due by: the meeting's day, and where it was found."""

    day: date | None
    found_in: str  # CALENDAR (and follows it as it changes), FILE (the sheet's meeting dates), or UNKNOWN
    after: date | None  # the day it arose, which "next" counts from
    meeting_id: UUID | None = None  # the calendar's meeting, when it is one

    def note(self) -> str:
        """What the action's detail says of it, when the calendar did not decide it."""
        after = f" after {_day(self.after)}" if self.after else ""
        if self.found_in == FILE and self.day:
            return (f"Due “Next meeting” in the imported action log: the next meeting in it{after} was on "
                    f"{_day(self.day)}.")
        if self.found_in == UNKNOWN:
            return (f"Due “Next meeting” in the imported action log, but neither the committee's calendar nor the log "
                    f"has a meeting within six months{after}, so no due date was set.")
        return ""


@dataclass
class ImportOutcome:
    """What an import did (or, dry-run, would do)."""

    imported: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reference, status)
    already: list[tuple[int, str]] = field(default_factory=list)  # (row, the reference it became in an earlier import)
    repeated: list[tuple[int, int, str]] = field(default_factory=list)  # (row, the earlier row of the file, reference)
    next_meetings: dict[int, NextMeeting] = field(default_factory=dict)  # row -> its "next meeting", for new actions
    new_people: list[str] = field(default_factory=list)
    undated_ends: int = 0  # new actions completed or withdrawn with no date for it: dated at the import
    undated_updates: int = 0  # new actions with an update but no date for it: dated at the import
    written: bool = False

    @property
    def by_status(self) -> dict[str, int]:
        """How many new actions end in each status."""
        return dict(Counter(status for _, _, status in self.imported))

    def next_meeting_rows(self, found_in: str) -> list[int]:
        """The rows due "Next meeting" whose meeting was found there (CALENDAR, FILE) or not at all (UNKNOWN)."""
        return sorted(row for row, due in self.next_meetings.items() if due.found_in == found_in)


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
    done: dict[str, tuple[int, str]] = {}  # fingerprint -> (row, reference) of this import
    calendar = Calendar(slots, sorted({r.meeting_on for r in rows if r.meeting_on}), now)
    for row in rows:
        before = committee.imported_as(row.fingerprint)
        if before:
            outcome.already.append((row.row, before))
            continue
        if row.fingerprint in done:  # the same row twice in the file: one action
            outcome.repeated.append((row.row, *done[row.fingerprint]))
            continue
        owner_id = row.owner_id or _new_person(people, row.owner_name, actor).id
        action, due = _log(committee, row, owner_id, actor=actor, calendar=calendar, now=now)
        actions.append(action)
        done[row.fingerprint] = (row.row, action.reference)
        outcome.imported.append((row.row, action.reference, action.status.value))
        if due:
            outcome.next_meetings[row.row] = due
        dated_end = row.closed_on or (row.completed_on if row.status == COMPLETED else None)
        outcome.undated_ends += row.status != OPEN and not dated_end
        outcome.undated_updates += bool(row.update and not row.updated_on)
    if done:
        rows_done = {fingerprint: reference for fingerprint, (_, reference) in done.items()}
        committee.record_import(actor=actor, source=source, file_fingerprint=file_fingerprint, rows=rows_done)
    outcome.new_people = [p.name for p in people.values()]
    return ImportBatch([*people.values(), *actions], outcome)


def _new_person(people: dict[str, Person], name: str, actor: str) -> Person:
    key = " ".join(name.lower().split())
    if key not in people:
        people[key] = Person.add(actor=actor, name=name, job_title="", organisation="", email="", senior_contact_id=None)
    return people[key]


def _log(
    committee: Committee, row: ImportRow, owner_id: UUID, *, actor: str, calendar: Calendar, now: datetime
) -> tuple[Action, NextMeeting | None]:
    meeting = _meeting_on(calendar.slots, row.meeting_on) if row.meeting_on else None
    logged_at = _logged_at(row, meeting, now)
    due_date, due_meeting_id, follows_calendar, due = _due(row, calendar, logged_at)
    action = Action.log(
        actor=actor, at=logged_at, reference=committee.allocate_reference(actor=actor), committee_id=committee.id,
        meeting_id=meeting.id if meeting else None, minute_ref=row.minute_ref, title=row.title,
        detail=due.note() if due else "", source_quote=row.text, kind=row.kind, raised_by=row.raised_by,
        owner_id=owner_id, due_date=due_date, due_meeting_id=due_meeting_id, due_next_meeting=follows_calendar,
        follows_up_id=None, imported=True,
    )
    _replay(action, row, actor, _after(logged_at), now)
    return action, due


def _replay(action: Action, row: ImportRow, actor: str, at: Callable[[datetime], datetime], now: datetime) -> None:
    """What became of it, as the sheet says, each step dated by the sheet or else at the import (`now`)."""
    log = f"the action log imported on {_day(to_london(now).date())}"
    said = f"“{row.status_text}”" if row.status_text else row.status
    update_at = _on(row.updated_on, now) if row.updated_on else now
    update = row.update if row.updated_on else f"{row.update}\n\n(Undated in {log}.)"
    if row.status == OPEN:
        if row.update:
            action.acknowledge(actor=actor, at=at(update_at))
            action.note_progress(actor=actor, text=update, at=at(update_at))
        return
    ended_on = (row.completed_on or row.closed_on) if row.status == COMPLETED else row.closed_on
    ended_at = _on(ended_on, now) if ended_on else now
    # An update made after it was done can no longer be progress: it is kept as a comment, in its place in time.
    later = bool(row.update) and update_at > ended_at
    if row.update and not later:
        action.note_progress(actor=actor, text=update, at=at(update_at))
    steps: list[tuple[datetime, int, Callable[[datetime], None]]] = []
    if later:
        steps.append((update_at, 0, lambda t: action.comment(actor=actor, text=update, at=t)))
    when = f", closed on {_day(row.closed_on)}" if row.closed_on else ""
    if row.status == COMPLETED:
        if row.completed_on:
            when = f", completed on {_day(row.completed_on)}"
        action.complete(actor=actor, response=f"Recorded as {said} in {log}{when or ', which gives no date for it'}.",
                        at=at(ended_at))
        closed_at = _on(row.closed_on, now) if row.closed_on else ended_at
        note = (f"Closed on {_day(row.closed_on)} in {log}." if row.closed_on else
                f"Closed on completion in {log}." if row.completed_on else
                f"Closed in {log}, which gives no date for it.")
        steps.append((closed_at, 1, lambda t: action.close(actor=actor, note=note, at=t)))
    else:  # withdrawn
        action.withdraw(actor=actor, reason=f"Recorded as {said} in {log}{when or ', which gives no date for it'}.",
                        at=at(ended_at))
    for moment, _, step in sorted(steps, key=lambda s: s[:2]):
        step(at(moment))


def _after(start: datetime) -> Callable[[datetime], datetime]:
    """Each event at its own moment, but always after the one before (a second after, when they share a moment)."""
    last = start

    def at(moment: datetime) -> datetime:
        nonlocal last
        last = max(moment, last + timedelta(seconds=1))
        return last

    return at


def _logged_at(row: ImportRow, meeting: MeetingSlot | None, now: datetime) -> datetime:
    """The date raised, else the meeting (its start, if it is in the calendar), else the due date if past, else now;
    but never after an update, completion or closure the sheet dates, since it existed by then."""
    if row.raised_on:
        return _on(row.raised_on, now)
    if meeting:
        return min(meeting.starts_at, now)
    if row.meeting_on:
        return _on(row.meeting_on, now)
    guesses = [_midday(row.due)] if isinstance(row.due, date) and _midday(row.due) < now else []
    guesses += [_on(d, now) for d in (row.updated_on if row.update else None, row.completed_on, row.closed_on) if d]
    return min(guesses, default=now)


def _on(day: date, now: datetime) -> datetime:
    """A day the sheet gives, as a moment: midday UK time, or now if that is still to come today."""
    return min(_midday(day), now)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _midday(day: date) -> datetime:
    return from_london(datetime.combine(day, NOON))


def _meeting_on(slots: Sequence[MeetingSlot], day: date) -> MeetingSlot | None:
    """The committee's meeting on that day, preferring one that was not cancelled."""
    same = [s for s in slots if to_london(s.starts_at).date() == day]
    return max(same, key=lambda s: s.active) if same else None


@dataclass
class Calendar:
    """The meetings an import can count "the next meeting" in: the committee's calendar, and the days of the meetings
    the sheet names (its history, which the calendar often does not reach back to)."""

    slots: Sequence[MeetingSlot]
    sheet_days: list[date]  # sorted
    now: datetime

    def next_slot(self, after: datetime, day: date | None) -> MeetingSlot | None:
        """The calendar's first meeting after that moment (and after that day, when the row gives one)."""
        later = [s for s in self.slots if s.active and s.starts_at > after
                 and (day is None or to_london(s.starts_at).date() > day)]
        return min(later, key=lambda s: s.starts_at) if later else None

    def next_sheet_day(self, day: date) -> date | None:
        """The first meeting day the sheet names after that day."""
        at = bisect_right(self.sheet_days, day)
        return self.sheet_days[at] if at < len(self.sheet_days) else None


def _due(row: ImportRow, calendar: Calendar, after: datetime) -> tuple[date | None, UUID | None, bool, NextMeeting | None]:
    """(due date, the meeting it is due by, whether it follows the calendar, and for "Next meeting" how it was found)."""
    if row.due != NEXT_MEETING:
        return (row.due if isinstance(row.due, date) else None), None, False, None
    due = _next_meeting(row, calendar, after)
    return due.day, due.meeting_id, due.found_in == CALENDAR, due


def _next_meeting(row: ImportRow, calendar: Calendar, after: datetime) -> NextMeeting:
    """The first meeting after the one the row arose at, known to the calendar or named in the sheet.

    Either counts only within six months of the day it arose: an old row whose calendar starts years later is not due
    at the calendar's first meeting. A row that arose less than six months ago may still have its next meeting to
    come, so it follows the calendar, as an undertaking logged today would. An old row with neither is left with no
    due date, and says why, rather than given a date it was never due by.
    """
    arose = row.meeting_on or row.raised_on or to_london(after).date()
    limit = arose + NEXT_MEETING_WITHIN
    still_to_come = limit > to_london(calendar.now).date()
    slot = calendar.next_slot(after, row.meeting_on or row.raised_on)
    slot_day = to_london(slot.starts_at).date() if slot else None
    sheet_day = calendar.next_sheet_day(arose)
    if sheet_day and sheet_day <= limit and (slot_day is None or sheet_day < slot_day):
        return NextMeeting(sheet_day, FILE, arose)
    if slot_day and (slot_day <= limit or still_to_come):
        return NextMeeting(slot_day, CALENDAR, arose, slot.id if slot else None)
    if still_to_come:  # not yet scheduled: it follows the calendar once it is
        return NextMeeting(None, CALENDAR, arose)
    return NextMeeting(None, UNKNOWN, arose)

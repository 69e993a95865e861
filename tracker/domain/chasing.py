"""When an undertaking is chased: reminders before it is due, chases once overdue, escalation after that.

Overdue is computed; a chase is recorded. This module decides, from an action's due date and the chases
already recorded against that due date, which chase (if any) is due on a given working day. Each chase has a
key (due date, stage, number) so that it is sent at most once, however often the chaser runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from tracker.domain.calendar import LONDON, WorkingCalendar
from tracker.domain.errors import RuleError


class Stage(StrEnum):
    """How far along the chasing of one due date has gone."""

    REMINDER = "reminder"  # a few working days before the due date
    DUE = "due"  # on the due date
    OVERDUE = "overdue"  # once past it, every few working days
    ESCALATION = "escalation"  # after enough overdue chases, copied to the clerk, the chair and a senior contact

    @property
    def label(self) -> str:
        """The stage as the clerk's lists name it (an e-mail's subject words it for the day it goes)."""
        return {"reminder": "Reminder", "due": "Due-date reminder", "overdue": "Overdue",
                "escalation": "Escalated"}[self.value]


@dataclass(frozen=True)
class ChasePolicy:
    """A committee's chasing rules; the defaults are the service's.

    remind_before   working days before the due date for the first reminder (0: no reminder)
    remind_on_due   whether to remind on the due date itself
    overdue_every   working days between chases once overdue
    escalate_after  overdue chases before each further chase is an escalation
    """

    remind_before: int = 5
    remind_on_due: bool = True
    overdue_every: int = 5
    escalate_after: int = 3

    def check(self) -> None:
        """Raise RuleError for a policy that makes no sense."""
        if not 0 <= self.remind_before <= 20:
            raise RuleError("Remind between 0 and 20 working days before the due date.")
        if not 1 <= self.overdue_every <= 20:
            raise RuleError("Chase overdue actions every 1 to 20 working days.")
        if not 0 <= self.escalate_after <= 10:
            raise RuleError("Escalate after 0 to 10 overdue chases.")


@dataclass(frozen=True)
class ChaseRecord:
    """A chase already recorded: against which due date, at which stage and number, and on which day."""

    due_date: date
    stage: Stage
    number: int
    on: date

    @property
    def key(self) -> str:
        """What makes this chase unique for its action."""
        return chase_key(self.due_date, self.stage, self.number)


@dataclass(frozen=True)
class ChaseDue:
    """A chase that should go out today."""

    due_date: date
    stage: Stage
    number: int
    days_overdue: int

    @property
    def key(self) -> str:
        """What makes this chase unique for its action."""
        return chase_key(self.due_date, self.stage, self.number)


@dataclass(frozen=True)
class PlannedChase:
    """A chase the chaser means to record: which action, which chase, to whom, in which e-mail."""

    reference: str
    chase: ChaseDue
    recipients: list[dict[str, str]]  # {"person_id": ..., "as": "owner" | "clerk" | "chair" | "senior contact"}
    batch: str  # chases with the same batch go to their owner in one e-mail


def chase_key(due_date: date, stage: Stage, number: int) -> str:
    """The key of one chase of one action: at most one chase is ever recorded per key."""
    return f"{due_date.isoformat()}/{stage.value}/{number}"


OFFICE_OPENS, OFFICE_CLOSES = time(9, 0), time(17, 0)


def in_office_hours(moment: datetime, calendar: WorkingCalendar) -> bool:
    """True on a working day between 09:00 and 17:00 in Europe/London: the only time chases are sent."""
    local = moment.astimezone(LONDON)
    return calendar.is_working_day(local.date()) and OFFICE_OPENS <= local.time() < OFFICE_CLOSES


def next_office_opening(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """The first moment at or after `moment` when chases may be sent (itself, if it is in office hours)."""
    if in_office_hours(moment, calendar):
        return moment
    local = moment.astimezone(LONDON)
    day = local.date() if local.time() < OFFICE_OPENS else local.date() + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, OFFICE_OPENS, LONDON).astimezone(moment.tzinfo)


def due_reminder_day(due: date, calendar: WorkingCalendar) -> date:
    """The day of the due-date reminder: the due date, or the last working day before it."""
    return due if calendar.is_working_day(due) else calendar.add_working_days(due, -1)


def next_chase(
    *,
    policy: ChasePolicy,
    calendar: WorkingCalendar,
    due_date: date | None,
    chases: Iterable[ChaseRecord],
    today: date,
    extension_pending: bool = False,
    paused: bool = False,
    done: bool = False,
) -> ChaseDue | None:
    """The chase due today for an action, or None.

    Only the latest stage that applies is sent: a chaser that was stopped for a week sends one chase, not a
    backlog. Nothing is due once nothing is owed (done), on a day that is not a working day, while an
    extension request waits for a decision, or while chasing is paused.
    """
    if done or due_date is None or extension_pending or paused or not calendar.is_working_day(today):
        return None
    mine = [c for c in chases if c.due_date == due_date]
    stages = {c.stage for c in mine}
    if today > due_date:
        later = [c for c in mine if c.stage in (Stage.OVERDUE, Stage.ESCALATION)]
        if later:
            last = max(c.on for c in later)
            if calendar.working_days_between(last, today) < policy.overdue_every:
                return None
        number = len(later) + 1
        stage = Stage.OVERDUE if number <= policy.escalate_after else Stage.ESCALATION
        return ChaseDue(due_date, stage, number, (today - due_date).days)
    if policy.remind_on_due and today >= due_reminder_day(due_date, calendar):
        return None if Stage.DUE in stages else ChaseDue(due_date, Stage.DUE, 1, 0)
    if policy.remind_before and today >= calendar.add_working_days(due_date, -policy.remind_before):
        return None if stages & {Stage.REMINDER, Stage.DUE} else ChaseDue(due_date, Stage.REMINDER, 1, 0)
    return None


def earliest_chase_day(
    *, policy: ChasePolicy, calendar: WorkingCalendar, due_date: date | None, chases: Iterable[ChaseRecord]
) -> date | None:
    """The first day a chase could fall due, given what has been sent: the chaser's index looks no earlier.

    It never lies later than next_chase() would find a chase, so an index on it misses nothing.
    """
    if due_date is None:
        return None
    mine = [c for c in chases if c.due_date == due_date]
    stages = {c.stage for c in mine}
    later = [c for c in mine if c.stage in (Stage.OVERDUE, Stage.ESCALATION)]
    if later:
        return calendar.add_working_days(max(c.on for c in later), policy.overdue_every)
    if Stage.DUE in stages:
        return calendar.add_working_days(due_date, 1)
    if policy.remind_before and Stage.REMINDER not in stages:
        return calendar.add_working_days(due_date, -policy.remind_before)
    if policy.remind_on_due:
        return due_reminder_day(due_date, calendar)
    return calendar.add_working_days(due_date, 1)

"""Dates as the users live them: Europe/London days, working days and the RAG that follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from tracker.domain.values import Rag

LONDON = ZoneInfo("Europe/London")
AMBER_WORKING_DAYS = 5


def london_today(now: datetime | None = None) -> date:
    """Today's date in Europe/London (now defaults to the current UTC time)."""
    moment = now or datetime.now(timezone.utc)
    return moment.astimezone(LONDON).date()


def to_london(moment: datetime) -> datetime:
    """Show a stored UTC moment in Europe/London."""
    return moment.astimezone(LONDON)


def from_london(local: datetime) -> datetime:
    """Store a Europe/London wall-clock time (naive or aware) as UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=LONDON)
    return local.astimezone(timezone.utc)


@lru_cache(maxsize=8)
def _bank_holidays(subdivision: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=subdivision)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days: not Saturday or Sunday, not a bank holiday in the region.

    The region is a `holidays` subdivision of GB: ENG (England and Wales share
    bank holidays), WLS, SCT or NIR.
    """

    region: str = "ENG"

    def is_working_day(self, day: date) -> bool:
        """True unless the day is a weekend or a bank holiday."""
        return day.weekday() < 5 and day not in _bank_holidays(self.region)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after start up to and including end; negative when end is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        weekdays = weeks * 5 + sum(
            1 for n in range(1, rest + 1) if (start + timedelta(days=n)).weekday() < 5
        )
        return weekdays - self._weekday_holidays(start, end)

    def _weekday_holidays(self, start: date, end: date) -> int:
        """Bank holidays on weekdays after start up to and including end."""
        table = _bank_holidays(self.region)
        table.get(start)  # makes the library load every year in the range
        table.get(end)
        for year in range(start.year, end.year + 1):
            table.get(date(year, 1, 1))
        return sum(1 for day in table if start < day <= end and day.weekday() < 5)

    def add_working_days(self, start: date, days: int) -> date:
        """The date that many working days after start (before it when negative)."""
        step = 1 if days >= 0 else -1
        day, left = start, abs(days)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day


@dataclass(frozen=True)
class Standing:
    """What is derived from an action's state and today's date; never stored."""

    overdue: bool
    days_overdue: int
    working_days_until_due: int | None
    rag: Rag


def standing(
    *,
    is_done: bool,
    due_date: date | None,
    extension_pending: bool,
    today: date,
    calendar: WorkingCalendar,
) -> Standing:
    """Overdue, days overdue, working days until due and RAG for one action on one day."""
    if is_done:
        return Standing(False, 0, None, Rag.DONE)
    if due_date is None:
        return Standing(False, 0, None, Rag.AMBER if extension_pending else Rag.GREEN)
    overdue = due_date < today
    until = calendar.working_days_between(today, due_date)
    if overdue:
        rag = Rag.RED
    elif extension_pending or until <= AMBER_WORKING_DAYS:
        rag = Rag.AMBER
    else:
        rag = Rag.GREEN
    return Standing(overdue, (today - due_date).days if overdue else 0, until, rag)

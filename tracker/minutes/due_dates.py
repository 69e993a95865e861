"""Dates from the due phrases of minutes: month ends, months later, the next such day after the meeting."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from re import Match

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "few": 2, "couple of": 2,
}
# Season -> the month it ends in (a thing promised 'in the autumn' is late if not done by November).
_SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}


def _month_number(word: str) -> int:
    return _MONTHS[word.strip(".*").lower()[:3]]


def end_of_month(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day some months later, clipped to the month's end (31 August + 6 months = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_end_of(month: int, meeting: date) -> date:
    """The end of the named month at or after the meeting (a March meeting's 'by March' is this March)."""
    candidate = end_of_month(meeting.year, month)
    return candidate if candidate >= meeting else end_of_month(meeting.year + 1, month)


def _next_day(day: int, month: int, meeting: date, year: int | None = None) -> date | None:
    """The day and month given, in the year given, else at or after the meeting (in December, '8 January' is next year)."""
    try:
        if year:
            return date(year, month, day)
        candidate = date(meeting.year, month, day)
        return candidate if candidate >= meeting else date(meeting.year + 1, month, day)
    except ValueError:
        return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def resolve(name: str, m: Match[str], meeting: date | None) -> date | None:
    g = m.groups()
    if name == "day_month_year":
        try:
            return date(int(g[2]), _month_number(g[1]), int(g[0]))
        except ValueError:
            return None
    if name == "numeric":
        year = int(g[2]) + (2000 if len(g[2]) == 2 else 0)
        try:
            return date(year, int(g[1]), int(g[0]))  # UK order: day/month/year
        except ValueError:
            return None
    if name == "part_year":  # 'early 2025' is its first quarter, 'mid-2025' its middle, 'late 2025' its end
        return end_of_month(int(g[1]), {"early": 3, "mid": 6}.get(g[0].lower(), 12))
    if name in ("month_year", "month_range") or (name in ("end_month", "month_meeting", "meeting_in_month") and g[1]):
        month, year = (_month_number(g[1]), int(g[2])) if name == "month_range" else (_month_number(g[0]), int(g[1]))
        return end_of_month(year, month)
    if meeting is None:
        return None  # everything below is relative to the meeting
    if name in ("day_month", "week_commencing"):
        day = _next_day(int(g[0]), _month_number(g[1]), meeting, int(g[2]) if name == "week_commencing" and g[2] else None)
        if day is None or name == "day_month":
            return day
        return day + timedelta(days=max(0, 4 - day.weekday()))  # due by the Friday of the week named
    if name == "working_days":
        from tracker.domain.calendar import WorkingCalendar  # weekends and England and Wales bank holidays

        return WorkingCalendar().add_working_days(meeting, _number(g[0]))
    if name == "fortnight":
        return meeting + timedelta(weeks=2 * _number(g[0]))
    if name == "quarter":
        return _quarter(m, meeting)
    if name == "christmas":
        return date(meeting.year, 12, 24) if meeting <= date(meeting.year, 12, 24) else date(meeting.year + 1, 12, 24)
    if name == "next_month":
        following = add_months(meeting.replace(day=1), 1)
        return end_of_month(following.year, following.month)
    if name in ("end_month", "month_meeting", "month_alone", "meeting_in_month"):
        return _next_end_of(_month_number(g[0]), meeting)
    if name == "season":
        end = _SEASONS[g[0].lower()]
        if g[1]:
            return end_of_month(int(g[1]) + (1 if end == 2 else 0), end)
        return _next_end_of(end, meeting)
    if name == "new_year":
        return date(meeting.year + 1, 1, 31)
    if name == "end_year":
        which = (g[0] or "").strip().lower()
        if which == "financial":
            return _next_end_of(3, meeting)
        if which == "municipal":
            return _next_end_of(5, meeting)
        return date(meeting.year, 12, 31)
    if name in ("within", "every"):
        count, unit = _number(g[0]), g[1].lower()
        if unit == "day":
            return meeting + timedelta(days=count)
        if unit == "week":
            return meeting + timedelta(weeks=count)
        return add_months(meeting, count * (12 if unit == "year" else 1))
    if name == "this_week":
        friday = meeting + timedelta(days=(4 - meeting.weekday()) % 7)
        return friday + timedelta(weeks=1) if g[0].lower() == "next" else friday
    if name == "end_month_plain":
        return end_of_month(meeting.year, meeting.month)
    return None


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _quarter(m: Match[str], meeting: date) -> date:
    """The last day of a quarter of the financial year (Q1 ends in June, Q4 in March): of the year given ('Q4 2024/25'
    ends in March 2025; 'Q1 2025', a calendar year, ends in March 2025), else the next such end after the meeting."""
    q = int(m.group(1) or m.group(2) or _ORDINAL[m.group(3).lower()])
    year, fy = m.group(4), m.group(5)
    if year and not fy:
        return end_of_month(int(year), 3 * q)
    month = {1: 6, 2: 9, 3: 12, 4: 3}[q]
    if year:
        return end_of_month(int(year) + (1 if q == 4 else 0), month)
    return _next_end_of(month, meeting)

"""Due dates: the phrases minutes use for 'when', resolved against the meeting date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# "May" only with a capital: lower-case "may" is the modal verb far more often than the month.
MONTH = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May)\b\.?\*?"
)
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "few": 2, "couple of": 2,
}
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of)"
_ORD = r"(?:st|nd|rd|th|<sup>(?:st|nd|rd|th)</sup>)?"
# Season -> the month it ends in (a thing promised 'in the autumn' is late if not done by November).
_SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("next_meeting", re.compile(
        r"(?i:\b(?:by|to|at|before|for|in time for|until|ahead of)\s+)?\b(?i:the|its|their|our|your)\s+"
        r"(?i:next\s+(?:(?:\w+\s+){0,2}?meeting|board|committee|panel|cabinet|session))\b")),
    ("week_commencing", re.compile(
        rf"(?i:\b(?:by\s+|in\s+)?(?:the\s+)?(?:w/[cb]|w\.[cb]\.|wc|week\s+(?:commencing|beginning|starting))\s+)(\d{{1,2}}){_ORD}\s+({MONTH})"
        r"(?:\s*,?\s+(\d{4}))?")),
    ("day_month_year", re.compile(
        rf"\b(?i:(?:by|on|before|until|for|to|at|no later than)\s+)?(\d{{1,2}}){_ORD}\s+({MONTH})\s*,?\s+(\d{{4}})\b")),
    ("day_month", re.compile(rf"\b(?i:(?:by|on|before|until|no later than)\s+)(\d{{1,2}}){_ORD}\s+({MONTH})(?!\s*,?\s*\d)")),
    ("numeric", re.compile(r"\b(?i:(?:by|on|before)\s+)?(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")),
    ("end_month", re.compile(
        rf"(?i:\b(?:by|before|at|until)\s+)?(?i:the\s+)?(?i:end)\s+(?i:of)\s+({MONTH})(?:\s+(\d{{4}}))?")),
    ("month_meeting", re.compile(
        rf"(?i:\b(?:by|to|at|before|for|in time for)\s+)?(?i:the|its|their)\s+({MONTH})(?:\s+(\d{{4}}))?\s+(?:\w+\s+)?(?i:meeting|session)\b"
        r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?")),
    ("month_range", re.compile(rf"\b({MONTH})\s*[/–-]\s*({MONTH})\s+(\d{{4}})\b")),
    ("month_year", re.compile(rf"(?i:\b(?:by|in|during|for|before|until|from)\s+)?\b({MONTH})\s+(\d{{4}})\b")),
    ("season", re.compile(
        r"(?i:\b(?:by|in|during|over|before)\s+(?:the\s+)?(?:(?:early|late)\s+)?(spring|summer|autumn|winter)"
        r"(?:\s+(?:of\s+)?(\d{4}))?\b)")),
    ("new_year", re.compile(r"(?i:\b(?:in|by|early in|during|after)\s+the\s+new\s+year\b)")),
    ("end_year", re.compile(
        r"(?i:(?:\b(?:by|before|at)\s+)?(?:the\s+)?\bend\s+of\s+(?:the\s+|this\s+)?(calendar\s+|financial\s+|municipal\s+)?year\b)")),
    ("working_days", re.compile(rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+working\s+days?\b)")),
    ("fortnight", re.compile(rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+fortnights?(?:['’]s?\s+time)?\b)")),
    ("within", re.compile(
        rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+(day|week|month|year)s?(?:['’]s?\s+time)?\b)")),
    ("every", re.compile(rf"(?i:\bevery\s+({_NUM})\s+(week|month|year)s?\b)")),
    ("this_week", re.compile(r"(?i:\b(?:by\s+)?(?:the\s+end\s+of\s+)?(this|the|next)\s+week\b)")),
    ("end_month_plain", re.compile(r"(?i:\b(?:by\s+)?the\s+end\s+of\s+(?:the|this)\s+month\b)")),
    ("month_alone", re.compile(rf"(?i:\b(?:by|in|during|before|until|for)\s+)({MONTH})(?!\s*\d)")),
    ("future_meeting", re.compile(
        r"(?i:\b(?:at|to|for)\s+a\s+(?:future|later|subsequent)\s+(?:\w+\s+)?(?:meeting|session)\b)")),
    ("after_meeting", re.compile(r"(?i:\b(?:after|following)\s+the\s+meeting\b)")),
]


@dataclass(frozen=True)
class Due:
    """A due date found in text: the words, the date they give (if any), and whether it is 'the next meeting'."""

    text: str
    start: int
    end: int
    when: date | None
    next_meeting: bool = False


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


def _resolve(name: str, m: re.Match[str], meeting: date | None) -> date | None:
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
    if name in ("month_year", "month_range") or (name in ("end_month", "month_meeting") and g[1]):
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
    if name in ("end_month", "month_meeting", "month_alone"):
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


def find_dues(text: str, meeting: date | None) -> list[Due]:
    """Every due-date phrase in `text`, earliest first; overlapping weaker readings are dropped."""
    found: list[Due] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            phrase = m.group(0).strip()
            if name == "month_year" and phrase.lower().startswith("from "):
                continue  # 'from April 2021' is when something starts, not when it is due
            taken.append((m.start(), m.end()))
            phrase = phrase.rstrip(".") if not phrase.endswith("*") else phrase
            found.append(Due(phrase, m.start(), m.start() + len(phrase) + (len(m.group(0)) - len(m.group(0).lstrip())),
                             _resolve(name, m, meeting), name == "next_meeting"))
    return sorted(found, key=lambda d: d.start)


def pick_due(text: str, anchor: int, meeting: date | None) -> Due | None:
    """The due phrase that belongs to the action starting at `anchor`: the first after it, else the last before."""
    dues = find_dues(text, meeting)
    after = [d for d in dues if d.start >= anchor]
    if after:
        return after[0]
    before = [d for d in dues if d.end <= anchor]
    return before[-1] if before else None

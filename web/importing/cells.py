"""The cells of an action log as clerks fill them in: text, dates, due dates and statuses."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import from_excel

EARLIEST, LATEST = date(1990, 1, 1), date(2199, 12, 31)
NEXT_MEETING = "next_meeting"
OPEN, COMPLETED, WITHDRAWN = "open", "completed", "withdrawn"

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}$")
_NUMERIC = re.compile(rf"^(?P<day>\d{{1,2}})\s*[/.\-]\s*(?P<month>\d{{1,2}})\s*[/.\-]\s*{_YEAR}{_TIME}$")
_WORDS = re.compile(rf"^(?:[a-z]{{3,9}},?\s+)??(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+{_MONTH},?[\s\-]+{_YEAR}$")
_MONTH_YEAR = re.compile(rf"^(?:(?:the\s+)?end\s+(?:of\s+)?)?{_MONTH},?[\s\-]+{_YEAR}$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")

# A due cell that says "no date" in so many words: no due date, not an error.
_NO_DUE = {"", "ongoing", "on going", "on-going", "continuous", "rolling", "tbc", "tba", "to be confirmed",
           "to be agreed", "n/a", "na", "none", "no date", "not set", "-", "–", "asap", "as soon as possible"}
_NEXT = re.compile(r"^(?:by|at|for|to|before)?\s*(?:the\s+)?next\s+(?:[\w&'-]+\s+){0,3}?(?:meeting|committee|board|panel|"
                   r"session|hosc|osc)\b")

_STATUS_WORDS = {
    COMPLETED: ("complete", "completed", "done", "closed", "finished", "achieved", "actioned", "resolved", "delivered",
                "blue", "complete closed", "completed closed"),
    OPEN: ("open", "in progress", "ongoing", "on going", "outstanding", "amber", "red", "green", "not started",
           "pending", "on track", "overdue", "in hand", "underway", "under way", "started", "awaiting response",
           "awaiting update", "awaiting", "delayed", "live", "current", "new"),
    WITHDRAWN: ("withdrawn", "no longer required", "not required", "no longer needed", "superseded", "cancelled",
                "canceled", "deleted", "removed", "obsolete"),
}
STATUS_OF = {words: status for status, all_words in _STATUS_WORDS.items() for words in all_words}
_COLOURS = {"red", "amber", "green", "blue", "rag", "brag"}


class CellError(ValueError):
    """Raised when a cell cannot be read as what its column holds; the message says what is wrong."""


def plain(value: Any) -> str:
    """A cell as the text a clerk sees: 13.0 is 13, a date is 31/03/2021, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def words(text: str) -> str:
    """Text folded for comparing: lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def read_date(value: Any, what: str) -> date | None:
    """A date from an Excel date, a serial number or text as UK clerks write it; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = _date(value)
    if day is None:
        raise CellError(f"the {what} '{plain(value)}' is not a date")
    if not EARLIEST <= day <= LATEST:
        raise CellError(f"the {what} '{plain(value)}' is not between {EARLIEST:%Y} and {LATEST:%Y}")
    return day


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    text = " ".join(str(value).lower().split()).removeprefix("by ").strip()
    if _SERIAL.match(text):
        return _serial(float(text))
    for pattern in (_ISO, _NUMERIC, _WORDS):
        m = pattern.match(text)
        if m:
            return _ymd(m["year"], m["month"], m["day"])
    m = _MONTH_YEAR.match(text)
    if m and m["month"] in _MONTHS:
        year = _year(m["year"])
        return date(year, _MONTHS[m["month"]], calendar.monthrange(year, _MONTHS[m["month"]])[1])
    return None


def _serial(number: float) -> date | None:
    # Only serials of plausible dates: a bare 2021 or 7 in a date column is a typing slip, not 1905.
    if not 32874 <= number <= 109574:
        return None
    return from_excel(number).date()


def _year(text: str) -> int:
    return int(text) + (2000 if int(text) < 70 else 1900) if len(text) == 2 else int(text)


def _ymd(year: str, month: str, day: str) -> date | None:
    number = int(month) if month.isdigit() else _MONTHS.get(month)
    if number is None:
        return None
    try:
        return date(_year(year), number, int(day))
    except ValueError:
        return None


def read_due(value: Any) -> date | str | None:
    """A due date, "next_meeting" for "Next meeting" and the like, or None for blank, "ongoing" or "TBC"."""
    if isinstance(value, str):
        text = " ".join(value.lower().split()).strip(" .")
        if text in _NO_DUE:
            return None
        if _NEXT.match(text):
            return NEXT_MEETING
    return read_date(value, "due date")


def read_status(status: Any, rag: Any = None) -> tuple[str, str]:
    """(open, completed or withdrawn; the sheet's own words) from the status cell, else the RAG cell."""
    for value, what in ((status, "status"), (rag, "RAG")):
        text = plain(value)
        if words(text):  # "-" or "?" says no more than a blank
            found = _status(words(text))
            if found is None:
                raise CellError(f"the {what} '{text}' is not one the import knows: write Open, Completed or Withdrawn")
            return found, text
    return OPEN, ""


def _status(folded: str) -> str | None:
    if folded in STATUS_OF:
        return STATUS_OF[folded]
    # "Green - complete", "Complete (Green)", "RAG: Amber": the colour tells less than the word beside it.
    tokens = folded.split()
    while tokens and tokens[0] in _COLOURS and " ".join(tokens) not in STATUS_OF:
        tokens.pop(0)
    while tokens and tokens[-1] in _COLOURS and " ".join(tokens) not in STATUS_OF:
        tokens.pop()
    return STATUS_OF.get(" ".join(tokens))

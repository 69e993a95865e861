"""Turning a submitted form into a command, and a failure into messages on the same page."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marshmallow import ValidationError

from tracker.domain.calendar import london_today
from tracker.domain.errors import ConflictError, DuplicateError, NotFoundError, RuleError
from web.schemas import EARLIEST, LATEST


def field_messages(error: ValidationError) -> dict[str, str]:
    """A marshmallow error as one message per field (nested messages flattened)."""
    messages: dict[str, str] = {}
    for field, value in error.messages_dict.items():
        if isinstance(value, dict):
            value = [m for sub in value.values() for m in (sub if isinstance(sub, list) else [sub])]
        messages[field] = " ".join(str(v) for v in (value if isinstance(value, list) else [value]))
    return messages


def attempt(command: Callable[[], Any], *, general_field: str = "form") -> tuple[Any, dict[str, str], ConflictError | None]:
    """Run a command; return (result, errors, conflict). Errors never escape as a 500."""
    try:
        return command(), {}, None
    except ValidationError as e:
        return None, field_messages(e), None
    except ConflictError as e:
        return None, {general_field: str(e)}, e
    except (RuleError, NotFoundError, DuplicateError) as e:
        return None, {general_field: str(e)}, None


DUE_CHOICES = {"next_meeting": "By the next meeting", "none": "No due date"}


# Dates typed in the GOV.UK date input: a day, a month and a year box, named "<field>-day" and so on.

PARTS = ("day", "month", "year")
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
NUMBER = re.compile(r"\d{1,4}", re.ASCII)


class DateProblem(str):
    """A message about a typed date that knows which boxes are wrong, so the page can mark them and link the first."""

    parts: tuple[str, ...]

    def __new__(cls, message: str, parts: tuple[str, ...] = PARTS) -> DateProblem:
        problem = super().__new__(cls, message)
        problem.parts = parts
        return problem


@dataclass(frozen=True)
class DateEntry:
    """What was typed in a date's day, month and year boxes, kept as typed to show the form again."""

    day: str = ""
    month: str = ""
    year: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any], name: str) -> DateEntry:
        """The boxes of the date field `name` in a submitted form or query string."""
        return cls(*(str(form.get(f"{name}-{part}") or "").strip() for part in PARTS))

    @classmethod
    def of(cls, day: date | None) -> DateEntry:
        """A date as the boxes show it (empty for none)."""
        return cls(str(day.day), str(day.month), str(day.year)) if day else cls()

    @property
    def blank(self) -> bool:
        """True when nothing was typed in any box."""
        return not (self.day or self.month or self.year)

    def parse(self, what: str) -> tuple[date | None, DateProblem | None]:
        """The date typed, or what is wrong with it in the words of the GOV.UK date pattern ("what": "the due date")."""
        what_ = what[0].upper() + what[1:]
        missing = tuple(p for p in PARTS if not getattr(self, p))
        if len(missing) == len(PARTS):
            return None, DateProblem(f"Enter {what}.")
        if missing:
            return None, DateProblem(f"{what_} must include a {' and a '.join(missing)}.", missing)
        month = MONTHS.get(self.month.lower().rstrip("."), int(self.month) if NUMBER.fullmatch(self.month) else 0)
        if not NUMBER.fullmatch(self.day):
            return None, DateProblem(f"{what_} must be a real date.", ("day",))
        if not month:
            return None, DateProblem(f"{what_} must be a real date.", ("month",))
        if not (NUMBER.fullmatch(self.year) and len(self.year) == 4):
            return None, DateProblem(f"The year of {what} must have 4 numbers, for example {london_today().year + 1}.",
                                     ("year",))
        try:
            typed = date(int(self.year), month, int(self.day))
        except ValueError:
            return None, DateProblem(f"{what_} must be a real date.")
        if not EARLIEST <= typed <= LATEST:
            return None, DateProblem(f"{what_} must be between {EARLIEST.year} and {LATEST.year}.", ("year",))
        return typed, None


def extension_from_form(form: Mapping[str, Any], name: str, due: date | None) -> tuple[str | None, DateProblem | None]:
    """The date more time is asked to, from its boxes, as ISO text, and what is wrong with it: it must be a real
    date after today and after the current due date `due`. The action refuses such a date too; here the message
    sits by the date's boxes, in the words of the form."""
    entry = DateEntry.from_form(form, name)
    if entry.blank:
        return None, DateProblem("Enter the date you can do it by.")
    asked, problem = entry.parse("the date you can do it by")
    if problem or asked is None:
        return None, problem
    if asked <= london_today():
        return None, DateProblem("The date you can do it by must be after today.")
    if due and asked <= due:
        return None, DateProblem(f"The date you can do it by must be after the current due date, {due:%-d %B %Y}.")
    return asked.isoformat(), None


def due_from_entry(choice: str | None, entry: DateEntry) -> tuple[str | None, dict[str, str]]:
    """The due choice and the due date's boxes as a command's due ("next_meeting", ISO text or None), and the
    problems keyed "due_choice" or "due_date". A date typed beside another choice is a problem, never dropped."""
    if choice == "date" or (not choice and not entry.blank):
        if entry.blank:
            return None, {"due_date": DateProblem("Enter the due date, or choose another option.")}
        typed, problem = entry.parse("the due date")
        return (typed.isoformat() if typed else None), ({"due_date": problem} if problem else {})
    if choice in DUE_CHOICES:
        if not entry.blank:
            return None, {"due_date": DateProblem(
                f"You entered a date but chose “{DUE_CHOICES[choice]}”: choose “By a date”, or clear the date.")}
        return ("next_meeting" if choice == "next_meeting" else None), {}
    return None, {"due_choice": "Choose when it is due."}

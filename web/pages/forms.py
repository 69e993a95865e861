"""Turning a submitted form into a command, and a failure into messages on the same page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError

from tracker.domain.errors import ConflictError, DuplicateError, NotFoundError, RuleError


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


def due_from_form(choice: str | None, typed: str | None) -> tuple[str | None, str | None]:
    """A due choice and a typed date as the value a command takes ("next_meeting", a date, or None) and an error.

    A date typed beside another choice is an error, never silently dropped.
    """
    typed = (typed or "").strip()
    if choice == "date" or (not choice and typed):
        return (typed, None) if typed else (None, "Enter the due date, or choose another option.")
    if choice in DUE_CHOICES:
        if typed:
            return None, f"You entered a date but chose “{DUE_CHOICES[choice]}”: choose “By a date”, or clear the date."
        return ("next_meeting" if choice == "next_meeting" else None), None
    return None, "Choose when it is due."

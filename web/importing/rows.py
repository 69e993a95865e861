"""Each row of an action log checked and turned into plain values, or into a message per problem."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validates_schema

from tracker.domain.calendar import london_today
from web.importing.cells import COMPLETED, OPEN, WITHDRAWN, CellError, plain, read_date, read_due, read_status

# Rows are read by marshmallow like every other outside input; these fields read cells as clerks fill them in.


class SheetText(fields.Field):
    """Text from a cell, within a length; `needed` says what to write when it is blank."""

    def __init__(self, what: str, max_len: int, *, needed: str = "", lines: bool = False) -> None:
        if needed:
            super().__init__(required=True, error_messages={"required": needed, "null": needed})
        else:
            super().__init__(load_default="")
        self.what, self.max_len, self.needed, self.lines = what, max_len, needed, lines

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        # Long text keeps its line breaks (it is shown as written); short text is one line.
        text = str(value).strip() if self.lines and isinstance(value, str) else plain(value)
        if not text and self.needed:
            raise ValidationError(self.needed)
        if len(text) > self.max_len:
            raise ValidationError(f"the {self.what} is {len(text):,} characters long: shorten it to {self.max_len:,}")
        return text


class SheetDate(fields.Field):
    """A date cell (an Excel date or UK text), not in the future."""

    def __init__(self, what: str, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True, **kwargs)
        self.what = what

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date | None:
        try:
            day = read_date(value, self.what)
        except CellError as e:
            raise ValidationError(str(e)) from None
        if day is not None and day > london_today():
            raise ValidationError(f"the {self.what} '{plain(value)}' is in the future")
        return day


class SheetDue(fields.Field):
    """A due date, "Next meeting", or no due date ("ongoing", blank)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date | str | None:
        try:
            return read_due(value)
        except CellError as e:
            raise ValidationError(str(e)) from None


class SheetStatus(fields.Field):
    """A status or RAG cell, checked on its own; the two are combined once both are read."""

    def __init__(self, what: str, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True, **kwargs)
        self.what = what

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            read_status(value) if self.what == "status" else read_status(None, value)
        except CellError as e:
            raise ValidationError(str(e)) from None
        return value


class SheetRowSchema(Schema):
    """One row of an action log, as plain values."""

    minute_ref = SheetText("minute reference", 30)
    action = SheetText("action", 5000, needed="no action text", lines=True)
    owner = SheetText("owner", 200, needed="no owner: write who owes the action")
    due = SheetDue(load_default=None, allow_none=True)
    status = SheetStatus("status")
    rag = SheetStatus("RAG")
    update = SheetText("latest update", 5000, lines=True)
    raised_on = SheetDate("date raised")
    meeting_on = SheetDate("meeting date")
    updated_on = SheetDate("date of update")
    completed_on = SheetDate("date completed")
    closed_on = SheetDate("date closed")
    raised_by = SheetText("raised by", 200)

    @validates_schema(skip_on_field_errors=False)
    def check_dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Nothing happens to an action before it was raised, it is closed no earlier than it was completed, and a
        date of completion or closure fits the status."""
        errors: dict[str, list[str]] = {}
        start = [(data[f], what) for f, what in (("raised_on", "date raised"), ("meeting_on", "meeting date"))
                 if data.get(f)][:1]
        for field, what in _EVENT_DATES:
            day = data.get(field)
            if day and start and day < start[0][0]:
                errors.setdefault(field, []).append(f"the {what}, {_day(day)}, is before the {start[0][1]}, "
                                                    f"{_day(start[0][0])}")
        completed, closed = data.get("completed_on"), data.get("closed_on")
        if completed and closed and closed < completed and "closed_on" not in errors:
            errors["closed_on"] = [f"the date closed, {_day(closed)}, is before the date completed, "
                                   f"{_day(completed)}"]
        try:
            status, said = read_status(data.get("status"), data.get("rag"))
        except CellError:
            status, said = None, ""  # the status cell's own error says what is wrong with it
        if said and status in (OPEN, WITHDRAWN):
            ending = "it is still open" if status == OPEN else "it was not done"
            for field, what in (("completed_on", "date completed"), ("closed_on", "date closed")):
                day = data.get(field)
                if day and not (field == "closed_on" and status == WITHDRAWN):
                    errors.setdefault(field, []).append(
                        f"the {what}, {_day(day)}, is given, but the status '{said}' says {ending}: "
                        f"write Completed{' or Withdrawn' if status == OPEN and field == 'closed_on' else ''}, "
                        "or clear the date")
        if errors:
            raise ValidationError(errors)

    @post_load
    def combine_status(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """The status cell says what became of it; a RAG cell alone only says whether it is done; with neither, a
        date completed or closed says it is done."""
        data["status"], data["status_text"] = read_status(data.pop("status", None), data.pop("rag", None))
        if not data["status_text"] and (data["completed_on"] or data["closed_on"]):
            data["status"] = COMPLETED
        return data


def _day(day: date) -> str:
    """A date as the service writes dates: 4 December 2026."""
    return f"{day.day} {day:%B %Y}"


_EVENT_DATES = (("updated_on", "date of update"), ("completed_on", "date completed"), ("closed_on", "date closed"))


_SCHEMA = SheetRowSchema()
ORDER = list(SheetRowSchema._declared_fields)


def read_row(cells: list[Any], mapping: dict[str, int]) -> tuple[dict[str, Any] | None, list[str]]:
    """The row's plain values, or the problems with it (in the order of the fields)."""
    raw = {field: cells[column] for field, column in mapping.items() if column < len(cells) and cells[column] is not None}
    try:
        return _SCHEMA.load(raw), []
    except ValidationError as e:
        messages = e.normalized_messages()
        return None, [m for f in ORDER if f in messages for m in _flat(messages[f])]


def _flat(value: Any) -> list[str]:
    return [str(m) for m in value] if isinstance(value, list) else [str(value)]

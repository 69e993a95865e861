"""Template filters: dates in Europe/London, RAG tags, labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from tracker.domain.calendar import to_london
from tracker.domain.values import Kind
from web.pages.forms import DateEntry

RAG_TAGS = {
    "red": ("Overdue", "govuk-tag--red"),
    "amber": ("Due soon", "govuk-tag--yellow"),
    "green": ("On track", "govuk-tag--green"),
    "done": ("Done", "govuk-tag--grey"),
}
STATUS_LABELS = {
    "logged": "Logged",
    "acknowledged": "Acknowledged",
    "completed": "Completed",
    "closed": "Closed",
    "withdrawn": "Withdrawn",
    "superseded": "Superseded",
}


def london(moment: datetime | None) -> str:
    """A stored UTC moment as UK wall-clock time."""
    return f"{to_london(moment):%-d %B %Y %H:%M}" if moment else ""


def day(value: date | str | None) -> str:
    """A date (or a date in ISO text, as some read-side columns keep it) as people write it: 27 March 2027."""
    if isinstance(value, str) and value:
        value = date.fromisoformat(value)
    return f"{value:%-d %B %Y}" if value else ""


FIELD_LABELS = {
    "owner_id": "Owner", "due_date": "Due date", "due_meeting_id": "Due by meeting",
    "due_next_meeting": "Due by the next meeting", "extension": "Extension request", "successor_id": "Replaced by",
    "accepted_at_meeting_id": "Accepted at", "follows_up_id": "Follows up", "status": "Status",
    "evidence": "Evidence", "kind": "Kind", "title": "Title", "minute_ref": "Minute reference",
}


def field_label(field: str) -> str:
    """A changed field as the history names it."""
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def change_value(value: Any) -> str:
    """A value before or after a change, as people read it."""
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, dict) and "due_date" in value:  # an extension request
        return f"to {day(value['due_date'])}" if value.get("due_date") else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return london(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(change_value(v) for v in value)
    return STATUS_LABELS.get(value, str(value)) if isinstance(value, str) else str(value)


def error_list(errors: dict[str, Any]) -> list[dict[str, str]]:
    """The GOV.UK error summary's list, each linking to its field (a date to its first wrong box)."""
    items = []
    for field, message in errors.items():
        text = message if isinstance(message, str) else " ".join(map(str, message))
        box = getattr(message, "parts", None)
        items.append({"text": text, "href": f"#{field.replace('_', '-')}" + (f"-{box[0]}" if box else "")})
    return items


def register(app: Flask) -> None:
    """Add the filters and globals to the app's templates."""
    app.jinja_env.filters.update(
        london=london,
        day=day,
        field_label=field_label,
        change_value=change_value,
        error_list=error_list,
        rag_text=lambda rag: RAG_TAGS[rag][0],
        rag_class=lambda rag: RAG_TAGS[rag][1],
        status_label=lambda status: STATUS_LABELS.get(status, status),
        kind_label=lambda kind: Kind(kind).label,
        owner_item=lambda pair, chosen: {"value": pair[0], "text": pair[1], "selected": pair[0] == (chosen or "")},
        role_item=lambda role, chosen: {"value": role, "text": role.capitalize(), "selected": role == (chosen or "")},
        kind_item=lambda pair, chosen: {"value": pair[0], "text": pair[1], "selected": pair[0] == (chosen or "")},
        field_error=lambda errors, name: ({"text": errors[name] if isinstance(errors[name], str) else " ".join(errors[name])} if errors and name in errors else None),
    )
    app.jinja_env.globals.update(KINDS=[(k.value, k.label) for k in Kind], STATUS_LABELS=STATUS_LABELS,
                                 date_entry=DateEntry.from_form)

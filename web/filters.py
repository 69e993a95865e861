"""Template filters: dates in Europe/London, RAG tags, labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from tracker.domain.calendar import to_london
from tracker.domain.values import Kind

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


def day(value: date | None) -> str:
    """A date as people write it."""
    return f"{value:%-d %B %Y}" if value else ""


def error_list(errors: dict[str, Any]) -> list[dict[str, str]]:
    """The GOV.UK error summary's list, each linking to its field."""
    items = []
    for field, message in errors.items():
        text = message if isinstance(message, str) else " ".join(map(str, message))
        items.append({"text": text, "href": f"#{field.replace('_', '-')}"})
    return items


def register(app: Flask) -> None:
    """Add the filters and globals to the app's templates."""
    app.jinja_env.filters.update(
        london=london,
        day=day,
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
    app.jinja_env.globals.update(KINDS=[(k.value, k.label) for k in Kind], STATUS_LABELS=STATUS_LABELS)

"""What the pages share: the services, the signed-in user, committee lookups and derived standing."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from flask import abort, current_app, g

from events import standing
from events.view import Page
from tracker.domain.calendar import london_today


def services() -> Any:
    """The tracker's services, wired by create_app."""
    return current_app.extensions["tracker"]


def committee_or_404(short_name: str) -> dict[str, Any]:
    """A committee from the view by short name, or 404."""
    committee = services().read.query("committee_by_short_name", short_name)
    if committee is None:
        abort(404, f"There is no committee with the short name {short_name.upper()}.")
    return committee


def meeting_or_404(meeting_id: str) -> dict[str, Any]:
    """A meeting from the view, or 404."""
    try:
        UUID(meeting_id)
    except ValueError:
        abort(404)
    meeting = services().read.query("meeting_by_id", meeting_id)
    if meeting is None:
        abort(404, "There is no such meeting.")
    return meeting


def with_standing(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Rows with overdue, days overdue, working days until due and RAG, derived for today (Europe/London)."""
    return standing.with_standing(rows, today or london_today(), services().calendar)


def page_with_standing(page: Page, today: date | None = None) -> Page:
    """The same page, its rows given their standing."""
    page.rows = with_standing(page.rows, today)
    return page


def viewer() -> Any:
    """The signed-in user, or None."""
    return g.get("viewer")

"""A plain page listing the action log (the full web UI comes with the web issue)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from events.view import ActionFilter
from tracker.domain.calendar import london_today, standing
from tracker.domain.errors import NotFoundError

bp = Blueprint("log", __name__)


@bp.get("/")
def index() -> str:
    """Every committee's actions, most urgent first."""
    services = current_app.extensions["tracker"]
    page = request.args.get("page", "1")
    f = ActionFilter(page=int(page) if page.isdigit() else 1, per_page=50)
    result = services.read.list_actions(f)
    today = london_today()
    rows = [
        {**r, "rag": standing(is_done=not r["active"], due_date=r["due_date"], extension_pending=r["extension_pending"],
                              today=today, calendar=services.calendar).rag.value}
        for r in result.rows
    ]
    return render_template("actions.html", rows=rows, page=result)


@bp.get("/actions/<reference>")
def action(reference: str) -> str:
    """One action and its timeline."""
    services = current_app.extensions["tracker"]
    try:
        state = services.tracker.action(reference)
    except NotFoundError:
        abort(404)
    return render_template("action.html", action=state, timeline=services.history.timeline(reference))

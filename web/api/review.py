"""The chair's pre-meeting review: what is overdue, due, done and waiting, and what needs more time."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from flask import Response, jsonify

from events.view import ActionFilter
from tracker.domain.calendar import WorkingCalendar, london_today, standing, to_london
from web.api import auth, bp
from web.api.committees import meeting_or_404, meeting_rows
from web.api.schemas import ReviewSchema
from web.api.spec import documented
from web.policy import may_review

BATCH = 500


def review_data(services: Any, meeting: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """What the chair and clerk go through before a meeting, from the read side (no Flask needed).

    `services` is a web.services.Services; `meeting` a meeting row of the view (id, committee_id,
    starts_at as an aware datetime, title, status, version); `today` defaults to today in Europe/London.
    Returns a dict:

        meeting               the meeting row as given
        committee             the committee row (id, short_name, name, authority, chair_id, clerk_id, public, version)
        today                 the date the standing below was worked out for
        meeting_date          the meeting's date in Europe/London
        overdue               open actions past their due date, most days overdue first
        due                   open actions due by this meeting (by date or "by the next meeting" set to it),
                              not yet overdue, earliest first
        awaiting_acceptance   completed actions the committee has still to accept or the clerk to close
        extensions_requested  open actions whose owner asked for more time, awaiting a decision

    Each action is a row of the action log view (reference, title, status, owner_id, owner_name,
    owner_organisation, due_date, last_update, last_update_at, extension_due as a date, ...) with
    rag, overdue, days_overdue and working_days_until_due added. An action may be in more than one list
    (overdue with an extension requested, say).
    """
    read = services.read
    today = today or london_today()
    committee_id = UUID(str(meeting["committee_id"]))
    meeting_date = to_london(meeting["starts_at"]).date()
    open_rows = _standing(_every(read, ActionFilter(committee_id=committee_id, statuses=("open",))), today, services.calendar)
    completed = _every(read, ActionFilter(committee_id=committee_id, statuses=("completed",), sort="updated"))
    return {
        "meeting": meeting,
        "committee": read.query("committee_by_id", str(committee_id)),
        "today": today,
        "meeting_date": meeting_date,
        "overdue": sorted((r for r in open_rows if r["overdue"]), key=lambda r: -r["days_overdue"]),
        "due": [r for r in open_rows if not r["overdue"] and _due_by(r, meeting, meeting_date)],
        "awaiting_acceptance": _standing(completed, today, services.calendar),
        "extensions_requested": [r for r in open_rows if r["extension_pending"]],
    }


def _due_by(row: dict[str, Any], meeting: dict[str, Any], meeting_date: date) -> bool:
    if row["due_meeting_id"] == str(meeting["id"]):
        return True
    return row["due_date"] is not None and row["due_date"] <= meeting_date


def _every(read: Any, f: ActionFilter) -> list[dict[str, Any]]:
    """Every row the filter matches, a batch at a time."""
    f.per_page, f.page = BATCH, 1
    rows: list[dict[str, Any]] = []
    while True:
        page = read.list_actions(f)
        rows += page.rows
        if page.page >= page.pages:
            return rows
        f.page += 1


def _standing(rows: list[dict[str, Any]], today: date, calendar: WorkingCalendar) -> list[dict[str, Any]]:
    result = []
    for row in rows:
        st = standing(is_done=not row["active"], due_date=row["due_date"], extension_pending=row["extension_pending"],
                      today=today, calendar=calendar)
        extension_due = date.fromisoformat(row["extension_due"]) if row.get("extension_due") else None
        result.append({**row, "extension_due": extension_due, "rag": st.rag.value, "overdue": st.overdue,
                       "days_overdue": st.days_overdue, "working_days_until_due": st.working_days_until_due})
    return result


@bp.get("/meetings/<meeting_id>/review")
@documented(tag="meetings", response=ReviewSchema, errors=(403, 404))
def review(meeting_id: str) -> Response:
    """The chair's review of a meeting (its committee's chair or clerk, or an admin)."""
    meeting = meeting_or_404(meeting_id)
    committee = auth.services().read.query("committee_by_id", meeting["committee_id"]) or {}
    what = f"review the meetings of {committee.get('short_name', 'that committee')}"
    auth.require(may_review(auth.viewer(), committee), what)
    data = review_data(auth.services(), meeting)
    return jsonify(ReviewSchema().dump({**data, "meeting": meeting_rows([meeting])[0]}))

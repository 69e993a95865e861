"""The chair's pre-meeting review over the API: events.review.pre_meeting_review, as ReviewSchema documents it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, jsonify

from events.review import pre_meeting_review
from web.api import auth, bp
from web.api.committees import meeting_or_404, meeting_rows
from web.api.schemas import ReviewSchema
from web.api.spec import documented
from web.policy import may_review


def review_data(services: Any, meeting: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """The parts of pre_meeting_review (events/review.py) the API gives: meeting, committee, today, meeting_date,
    overdue, due, awaiting_acceptance and extensions_requested. `services` is a web.services.Services."""
    data = pre_meeting_review(services.read, services.calendar, meeting, today)
    return {key: data[key] for key in ReviewSchema().fields}


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

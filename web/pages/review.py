"""The chair's pre-meeting review (to be built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__)


@bp.get("/meetings/<meeting_id>/review")
def show(meeting_id: str) -> str:
    """The chair's review of a meeting."""
    return meeting_id

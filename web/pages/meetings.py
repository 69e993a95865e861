"""Meeting pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetings", __name__)


@bp.get("/meetings/<meeting_id>")
def show(meeting_id: str) -> str:
    return meeting_id

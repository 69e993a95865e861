"""The public, read-only action logs of committees that publish them (to be built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.get("/public")
def index() -> str:
    """Published logs."""
    return "Published logs"

"""The directory of owners."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("people", __name__)


@bp.get("/people")
def directory() -> str:
    return "people"

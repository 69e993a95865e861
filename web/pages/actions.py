"""Action pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("actions", __name__)


@bp.get("/actions/<reference>")
def show(reference: str) -> str:
    return reference

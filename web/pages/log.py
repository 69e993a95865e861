"""Committees and each committee's action log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("log", __name__)


@bp.get("/committees")
def committees() -> str:
    return "committees"


@bp.get("/committees/<short_name>")
def committee(short_name: str) -> str:
    return short_name

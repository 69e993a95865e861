"""Users and roles."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.get("/admin/users")
def users() -> str:
    return "users"

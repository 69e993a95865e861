"""The JSON API, /api/v1: bearer tokens, the same commands and policy as the pages, and an OpenAPI document."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__)

# The routes register themselves on bp when imported.
from web.api import actions, committees, review, spec  # noqa: E402,F401
from web.api.auth import register_auth  # noqa: E402
from web.api.http import register_errors  # noqa: E402

register_auth(bp)
register_errors(bp)

"""Who is calling: a bearer token from `tracker tokens create EMAIL`, turned into the policy's Viewer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request

from tracker.domain.values import Role
from web.api.http import ApiError
from web.policy import Viewer

HOW = "Send an API token as 'Authorization: Bearer <token>'; an administrator makes one with `tracker tokens create EMAIL`."


def services() -> Any:
    """The tracker's services, wired by create_app."""
    return current_app.extensions["tracker"]


def viewer() -> Viewer:
    """The user the request's token belongs to (set by authenticate)."""
    return g.viewer


def require(allowed: bool, what: str = "do this") -> None:
    """Stop with 403 when the caller may not do this."""
    if not allowed:
        raise ApiError(403, "Forbidden", f"Your account may not {what}.")


def require_role(*roles: Role, what: str = "do this") -> None:
    """Stop with 403 unless the caller has one of these roles."""
    require(viewer().role in roles, what)


def viewer_for_token(token: str) -> Viewer | None:
    """The Viewer a bearer token belongs to, or None."""
    user = services().tracker.user_for_token(token)
    if user is None:
        return None
    person = user.get("person_id")
    return Viewer(user["email"], user["name"], Role(user["role"]), str(person) if person else None)


def register_auth(bp: Blueprint) -> None:
    """Every API request needs a valid token, except those documented as public."""

    @bp.before_request
    def authenticate() -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "api_doc", {}).get("public"):
            return
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "Unauthorized", HOW, headers={"WWW-Authenticate": 'Bearer realm="api"'})
        found = viewer_for_token(token.strip())
        if found is None:
            raise ApiError(
                401, "Unauthorized", "That token is not valid (or its user is disabled). " + HOW,
                headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
            )
        g.viewer = found

"""Sign in and out; who is signed in; guards for pages that need a role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

from web import limiter
from web.policy import Viewer

bp = Blueprint("auth", __name__)


def services() -> Any:
    """The tracker's services, wired by create_app."""
    return current_app.extensions["tracker"]


@bp.before_app_request
def load_viewer() -> None:
    """Make the signed-in user (or None) available as g.viewer."""
    g.viewer = None
    email = session.get("email")
    if email and not request.path.startswith(("/assets/", "/api/")):
        row = services().read.query("user_by_email", email)
        if row and row["active"]:
            g.viewer = Viewer.from_row(row)
        else:
            session.clear()


def sign_in_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send anyone not signed in to the sign-in page, then back."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.viewer is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def require(allowed: bool) -> None:
    """Stop with 403 when the signed-in user may not do this."""
    if not allowed:
        abort(403)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"],
               error_message="Too many sign-in attempts. Wait a minute and try again.")
def sign_in() -> Any:
    """The sign-in form."""
    errors: dict[str, str] = {}
    email = request.form.get("email", "").strip()
    if request.method == "POST":
        password = request.form.get("password", "")
        if not email:
            errors["email"] = "Enter your e-mail address"
        if not password:
            errors["password"] = "Enter your password"
        if not errors:
            user = services().tracker.authenticate(email, password)
            if user is None:
                errors["email"] = "The e-mail address or password is not right"
            else:
                session.clear()
                session["email"] = user["email"]
                session.permanent = True
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", errors=errors, email=email), 400 if errors else 200


@bp.post("/sign-out")
def sign_out() -> Any:
    """Sign out."""
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlparse(target).netloc:
        return target
    return url_for("home.index")

"""One account, for admins: its role and directory entry, a new password, its API tokens, deactivating it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from events.changes import actor_name
from tracker.domain.values import Role
from web.auth import require, sign_in_required
from web.pages.admin import bp
from web.pages.common import services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import attempt
from web.policy import administers
from web.schemas import load
from web.schemas_admin import AccountRoleSchema, PasswordSchema


def _account_row(user_id: str) -> dict[str, Any]:
    """The account with this id, for an admin only; 404 when there is none."""
    require(administers(viewer()))
    row = next((u for u in services().read.query("users") if u["id"] == user_id), None)
    if row is None:
        abort(404, "There is no such account.")
    return row


def _context(email: str) -> dict[str, Any]:
    tracker, read = services().tracker, services().read
    people = read.query("people")
    names = {f"user:{u['email']}": u["name"] for u in read.query("users")}
    tokens = [{**t, "issued_by": actor_name(t["issued_by"], names)} for t in tracker.api_tokens(email)]
    account = tracker.user(email)
    return {
        "account": account, "tokens": tokens, "roles": [r.value for r in Role], "owners": owner_choices(people),
        "person": next((p for p in people if p["id"] == str(account["person_id"])), None),
        "is_self": account["email"] == viewer().email,
    }


def render_account(email: str, *, errors: dict[str, str] | None = None, status: int = 200,
                   values: Any = None) -> Any:
    """The account page, with any messages and what was typed into its role form."""
    context = _context(email)
    if values is None:
        account = context["account"]
        values = {"role": account["role"], "person_id": str(account["person_id"] or ""),
                  "expected_version": account["version"]}
    return render_template("pages/account.html", errors=errors or {}, values=values, **context), status


def _outcome(user_id: str, email: str, command: Callable[[], Any], field: str, done: str, *,
             values: Any = None) -> Any:
    """Run an admin's change: on success say so and show the account; on failure show why, having changed nothing."""
    _, errors, conflict = attempt(command, general_field=field)
    if not errors:
        flash(done)
        return redirect(url_for("admin.account", user_id=user_id))
    return render_account(email, errors=errors, status=409 if conflict else 400, values=values)


@bp.get("/admin/users/<user_id>")
@sign_in_required
def account(user_id: str) -> Any:
    """One account and everything an admin can change about it."""
    return render_account(_account_row(user_id)["email"])


@bp.post("/admin/users/<user_id>/role")
@sign_in_required
def change_role(user_id: str) -> Any:
    """Give the account a role and say which directory entry it is."""
    email = _account_row(user_id)["email"]
    form = request.form
    payload = {"role": form.get("role", ""), "person_id": form.get("person_id") or None,
               "expected_version": form.get("expected_version") or None}
    return _outcome(
        user_id, email,
        lambda: services().tracker.change_role(email, actor=viewer().actor, **load(AccountRoleSchema, payload)),
        "role", f"Saved the role and directory entry of {email}.", values=form,
    )


@bp.post("/admin/users/<user_id>/password")
@sign_in_required
def reset_password(user_id: str) -> Any:
    """Set a new password; it is never shown back."""
    email = _account_row(user_id)["email"]
    payload = {"password": request.form.get("password", "")}
    return _outcome(
        user_id, email,
        lambda: services().tracker.reset_password(email, actor=viewer().actor, **load(PasswordSchema, payload)),
        "password", f"Set a new password for {email}. Tell them it by a safe route.",
    )


@bp.post("/admin/users/<user_id>/tokens/<token_id>/revoke")
@sign_in_required
def revoke_token(user_id: str, token_id: str) -> Any:
    """Make one API token stop working."""
    email = _account_row(user_id)["email"]
    token_id = token_id[:40]
    return _outcome(
        user_id, email, lambda: services().tracker.revoke_token(email, actor=viewer().actor, token_id=token_id),
        "tokens", f"Revoked API token {token_id} of {email}: it no longer works.",
    )


@bp.route("/admin/users/<user_id>/deactivate", methods=["GET", "POST"])
@sign_in_required
def deactivate(user_id: str) -> Any:
    """Ask the admin to confirm, then stop the account signing in and revoke its API tokens."""
    email = _account_row(user_id)["email"]
    if request.method == "GET":
        return render_template("pages/account_deactivate.html", errors={}, **_context(email))
    version = request.form.get("expected_version", "")
    seen = int(version) if version.isdigit() else None
    return _outcome(
        user_id, email, lambda: services().tracker.deactivate_user(email, actor=viewer().actor, expected_version=seen),
        "status", f"Deactivated {email}: they cannot sign in, and their API tokens were revoked.",
    )


@bp.post("/admin/users/<user_id>/reactivate")
@sign_in_required
def reactivate(user_id: str) -> Any:
    """Let a deactivated account sign in again."""
    email = _account_row(user_id)["email"]
    return _outcome(
        user_id, email, lambda: services().tracker.reactivate_user(email, actor=viewer().actor),
        "status", f"Reactivated {email}: they can sign in again. Their old API tokens stay revoked.",
    )

"""Users and roles, for admins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from tracker.domain.values import Role
from web.auth import require, sign_in_required
from web.pages.common import services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import attempt
from web.schemas import UserSchema, load

bp = Blueprint("admin", __name__)


@bp.route("/admin/users", methods=["GET", "POST"])
@sign_in_required
def users() -> Any:
    """Every account, and the form to create one."""
    require(viewer().role is Role.ADMIN)
    errors: dict[str, str] = {}
    form = request.form.to_dict()
    if request.method == "POST":
        payload = {k: form.get(k, "") for k in ("email", "name", "role", "password")}
        payload["person_id"] = form.get("person_id") or None
        payload = {k: v for k, v in payload.items() if k != "role" or v}  # no role chosen: "Choose a role."
        _, errors, _ = attempt(lambda: services().tracker.register_user(actor=viewer().actor, **load(UserSchema, payload)))
        if not errors:
            flash(f"Created the account for {payload['email'].lower()}.")
            return redirect(url_for("admin.users"))
        form.pop("password", None)
    read = services().read
    people = {p["id"]: p["name"] for p in read.query("people")}
    return render_template("pages/users.html", users=read.query("users"), people=people, errors=errors, form=form,
                           roles=[r.value for r in Role], owners=owner_choices(read.query("people"))), 400 if errors else 200


from web.pages import accounts  # noqa: E402,F401  (one account's pages join this blueprint)

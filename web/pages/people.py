"""The directory of owners: most are outside the council and have no account."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from events.view import ActionFilter
from tracker.domain.values import Role
from web.auth import require, sign_in_required
from web.pages.common import page_with_standing, services, viewer
from web.pages.forms import attempt
from web.schemas import PersonSchema, load

bp = Blueprint("people", __name__)


def may_edit_people() -> bool:
    """Clerks and admins keep the directory."""
    return viewer() is not None and viewer().role in (Role.CLERK, Role.ADMIN)


@bp.route("/people", methods=["GET", "POST"])
@sign_in_required
def directory() -> Any:
    """Everyone who owes or is copied into actions; clerks add people here."""
    errors: dict[str, str] = {}
    form = request.form.to_dict()
    if request.method == "POST":
        require(may_edit_people())
        payload = {k: form.get(k, "") for k in ("name", "job_title", "organisation", "email")}
        person_id, errors, _ = attempt(lambda: services().tracker.add_person(actor=viewer().actor, **load(PersonSchema, payload)))
        if not errors:
            flash(f"Added {payload['name']} to the directory.")
            return redirect(url_for("people.person", person_id=person_id))
    q = request.args.get("q", "").strip()[:100]
    people = services().read.query("people", q or None)
    return render_template("pages/people.html", people=people, q=q, errors=errors, form=form,
                           can_edit=may_edit_people()), 400 if errors else 200


@bp.route("/people/<person_id>", methods=["GET", "POST"])
@sign_in_required
def person(person_id: str) -> Any:
    """One person: their details (correctable in one place) and what they owe."""
    try:
        UUID(person_id)
    except ValueError:
        abort(404)
    read = services().read
    row = read.query("person_by_id", person_id)
    if row is None:
        abort(404, "There is no such person in the directory.")
    errors: dict[str, str] = {}
    form = request.form.to_dict() or row
    if request.method == "POST":
        require(may_edit_people())
        payload = {k: request.form.get(k, "") for k in ("name", "job_title", "organisation", "email")}
        version = request.form.get("expected_version")

        def correct() -> Any:
            values = load(PersonSchema, payload)
            values.pop("senior_contact_id", None)
            return services().tracker.correct_person(
                UUID(person_id), actor=viewer().actor, expected_version=int(version) if version and version.isdigit() else None,
                **values,
            )

        _, errors, _ = attempt(correct)
        if not errors:
            flash("The details were corrected; every action they own shows the change.")
            return redirect(url_for("people.person", person_id=person_id))
    owed = page_with_standing(read.list_actions(ActionFilter(owner_id=UUID(person_id), per_page=100)))
    return render_template("pages/person.html", person=row, owed=owed, errors=errors, form=form,
                           can_edit=may_edit_people()), 400 if errors else 200

"""The directory of owners: most are outside the council and have no account."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from events.changes import Changes
from events.view import ActionFilter
from tracker.domain.errors import RuleError
from tracker.domain.person import Person
from tracker.domain.values import Role
from web.auth import require, sign_in_required
from web.pages.common import page_with_standing, services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import attempt
from web.pages.person_ties import committees_tied_to
from web.policy import may_add_people, may_edit_person
from web.schemas import PersonSchema, load

bp = Blueprint("people", __name__)
FIELDS = ("name", "job_title", "organisation", "email")


def _payload(form: Any) -> dict[str, Any]:
    """The person form as the schema's input: a blank e-mail address or senior contact means none (many owners
    are reached through someone else)."""
    payload = {k: form.get(k, "") for k in FIELDS if k != "email" or form.get(k, "").strip()}
    return {**payload, "senior_contact_id": form.get("senior_contact_id") or None}


def _contacts(people: list[dict[str, Any]], but: str | None = None) -> list[tuple[str, str]]:
    """Who can be chosen as a senior contact: anyone in the directory but the person themself."""
    return owner_choices([p for p in people if p["id"] != but])


@bp.route("/people", methods=["GET", "POST"])
@sign_in_required
def directory() -> Any:
    """Everyone who owes or is copied into actions; clerks add people here."""
    errors: dict[str, str] = {}
    form = request.form.to_dict()
    if request.method == "POST":
        require(may_add_people(viewer()))
        payload = _payload(form)
        person_id, errors, _ = attempt(lambda: services().tracker.add_person(actor=viewer().actor, **_values(payload)))
        if not errors:
            flash(f"Added {payload['name']} to the directory.")
            return redirect(url_for("people.person", person_id=person_id))
    q = request.args.get("q", "").strip()[:100]
    people = services().read.query("people", q or None)
    return render_template("pages/people.html", people=people, q=q, errors=errors, form=form,
                           contacts=_contacts(services().read.query("people")),
                           can_edit=may_add_people(viewer())), 400 if errors else 200


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
    tied = committees_tied_to(read, person_id)
    can_edit = may_edit_person(viewer(), tied)
    if request.method == "POST":
        require(can_edit)
        payload = _payload(request.form)
        version = request.form.get("expected_version")
        seen = int(version) if version and version.isdigit() else None
        _, errors, _ = attempt(lambda: _correct(UUID(person_id), payload, seen))
        if not errors:
            flash("The details were corrected; every action they own shows the change.")
            return redirect(url_for("people.person", person_id=person_id))
    people = read.query("people")
    owed = page_with_standing(read.list_actions(ActionFilter(owner_id=UUID(person_id), per_page=100)))
    changes = Changes(services().tracker, read).recent(UUID(person_id), Person.EDITABLE)
    return render_template(
        "pages/person.html", person=row, owed=owed, errors=errors, form=form, can_edit=can_edit, tied=tied,
        senior=next((p for p in people if p["id"] == row["senior_contact_id"]), None), changes=changes,
        contacts=_contacts(people, but=person_id), clerk_may_not=viewer().role is Role.CLERK and not can_edit,
    ), 400 if errors else 200


def _values(payload: dict[str, Any]) -> dict[str, Any]:
    """The person form's values, checked; a senior contact must be someone in the directory."""
    values = load(PersonSchema, payload)
    contact = values.get("senior_contact_id")
    if contact is not None and services().read.query("person_by_id", str(contact)) is None:
        raise ValidationError({"senior_contact_id": ["Choose the senior contact from the list."]})
    return values


def _correct(person_id: UUID, payload: dict[str, Any], seen: int | None) -> int:
    """Correct a person's details; choosing them as their own senior contact is a mistake in that field."""
    values = _values(payload)
    try:
        return services().tracker.correct_person(person_id, actor=viewer().actor, expected_version=seen, **values)
    except RuleError as e:
        raise ValidationError({"senior_contact_id": [str(e)]}) from None

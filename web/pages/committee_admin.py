"""Registering a committee and changing its details, for admins; a stale change is refused and explained."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from events.changes import Changes
from tracker.domain.committee import Committee
from tracker.domain.errors import ConflictError, DuplicateError
from web.auth import require, sign_in_required
from web.pages.common import committee_or_404, services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import attempt
from web.policy import administers
from web.schemas import CommitteeSchema, load
from web.schemas_admin import CommitteeChangeSchema, committee_form

bp = Blueprint("committee_admin", __name__)
SAY_PUBLIC = "Say whether the committee's action log is published."


def _problems(payload: dict[str, Any]) -> dict[str, str]:
    return {} if "public" in payload else {"public": SAY_PUBLIC}


def _render(committee: dict[str, Any] | None, form: Any, errors: dict[str, str], status: int = 200,
            conflict: dict[str, Any] | None = None) -> Any:
    people = owner_choices(services().read.query("people"))
    return render_template("pages/committee_form.html", committee=committee, form=form, errors=errors, people=people,
                           conflict=conflict), status


def _checked(payload: dict[str, Any], schema: Any) -> dict[str, str] | None:
    """Every problem the schema and the page find together, or None when there are none."""
    problems = _problems(payload)
    if not problems:
        return None
    _, errors, _ = attempt(lambda: schema.load(payload))
    return {**errors, **problems}


@bp.route("/committees/new", methods=["GET", "POST"])
@sign_in_required
def register() -> Any:
    """Register a committee: its short name starts every action reference."""
    require(administers(viewer()))
    if request.method == "GET":
        return _render(None, {}, {})
    payload = committee_form(request.form, with_short_name=True)

    def command() -> str:
        values = load(CommitteeSchema, payload)
        try:
            services().tracker.register_committee(actor=viewer().actor, **values)
        except DuplicateError as e:
            raise ValidationError({"short_name": [str(e)]}) from None
        return values["short_name"].upper()

    problems = _checked(payload, CommitteeSchema())
    short_name, errors, _ = (None, problems, None) if problems else attempt(command)
    if errors:
        return _render(None, request.form, errors, 400)
    flash(f"Registered {short_name}: {payload['name'].strip()}.")
    return redirect(url_for("log.committee", short_name=short_name))


@bp.route("/committees/<short_name>/change", methods=["GET", "POST"])
@sign_in_required
def change(short_name: str) -> Any:
    """Change a committee's name, authority, chair, clerk and whether its log is published."""
    require(administers(viewer()))
    row = committee_or_404(short_name)
    current = services().tracker.committee(row["short_name"])
    if request.method == "GET":
        return _render(current, _as_form(current), {})
    payload = committee_form(request.form, with_short_name=False)
    problems = _checked(payload, CommitteeChangeSchema())
    _, errors, conflict = (None, problems, None) if problems else attempt(lambda: _change(current, payload))
    if conflict is not None:
        since = _changes_since(current, conflict.expected or 0)
        fresh = services().tracker.committee(current["short_name"])
        return _render(fresh, request.form, {}, 409, {"message": str(conflict), "since": since})
    if errors:
        return _render(current, request.form, errors, 400)
    flash(f"Saved the details of {current['short_name']}.")
    return redirect(url_for("log.committee", short_name=current["short_name"]))


def _change(current: dict[str, Any], payload: dict[str, Any]) -> int:
    """Save the change against the version the admin saw; what only logged actions or chased them meanwhile is no
    conflict with a change of details, so it is saved against the newer version."""
    values = load(CommitteeChangeSchema, payload)
    seen = values.pop("expected_version")
    tracker = services().tracker
    try:
        return tracker.change_committee(current["short_name"], actor=viewer().actor, expected_version=seen, **values)
    except ConflictError as e:
        if seen is None or any(entry["details"] for entry in _changes_since(current, seen)):
            raise
        return tracker.change_committee(current["short_name"], actor=viewer().actor, expected_version=e.current_version,
                                        **values)


def _changes_since(current: dict[str, Any], version: int) -> list[dict[str, Any]]:
    changes = Changes(services().tracker, services().read)
    return changes.since(UUID(str(current["id"])), version, Committee.EDITABLE)


def _as_form(committee: dict[str, Any]) -> dict[str, Any]:
    """A committee's details as its form shows them."""
    return {
        "name": committee["name"], "authority": committee["authority"],
        "chair_id": str(committee["chair_id"] or ""), "clerk_id": str(committee["clerk_id"] or ""),
        "public": "true" if committee["public"] else "false", "expected_version": committee["version"],
    }

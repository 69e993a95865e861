"""Marshmallow schemas for what admins change: accounts, passwords and committees."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from tracker.domain.values import Role
from web.schemas import CommitteeSchema, Versioned

CHOOSE_PERSON = "Choose someone from the directory, or nobody."


class AccountRoleSchema(Versioned):
    role = fields.Enum(Role, by_value=True, required=True,
                       error_messages={key: "Choose a role." for key in ("required", "unknown", "null")})
    person_id = fields.UUID(load_default=None, allow_none=True, error_messages={"invalid": CHOOSE_PERSON})


class PasswordSchema(Schema):
    password = fields.String(
        required=True, load_only=True,
        validate=validate.Length(min=8, max=200, error="Choose a password of 8 to 200 characters."),
        error_messages={"required": "Enter the new password.", "null": "Enter the new password."},
    )


class CommitteeChangeSchema(CommitteeSchema, Versioned):
    """A committee's editable details (not its short name, which every reference carries) and the version seen."""

    class Meta:
        exclude = ("short_name",)


def committee_form(form: Any, *, with_short_name: bool) -> dict[str, Any]:
    """A committee form's fields as a schema's input: a blank choice of person means nobody."""
    names = ("short_name", "name", "authority") if with_short_name else ("name", "authority", "expected_version")
    payload: dict[str, Any] = {k: form.get(k, "") for k in names}
    payload.update(chair_id=form.get("chair_id") or None, clerk_id=form.get("clerk_id") or None)
    if form.get("public") in ("true", "false"):
        payload["public"] = form["public"] == "true"
    return payload

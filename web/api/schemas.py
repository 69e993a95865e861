"""The API's own schemas: query strings turned into plain values, and plain results turned into JSON."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from events.view import SORTS
from tracker.domain.calendar import from_london
from tracker.domain.values import Kind, Status
from web.schemas import SHORT_NAME, Day, Moment, WholeNumber, sensible_date

# The moves as the API names them in its paths: hyphenated, and "progress" for a progress update.
MOVE_NAMES: dict[str, str] = {
    "acknowledge": "acknowledge",
    "note_progress": "progress",
    "complete": "complete",
    "close": "close",
    "accept": "accept",
    "reopen": "reopen",
    "change_due_date": "change-due-date",
    "request_extension": "request-extension",
    "decide_extension": "decide-extension",
    "reassign": "reassign",
    "withdraw": "withdraw",
    "supersede": "supersede",
    "comment": "comment",
}
STATUS_CHOICES = ["open"] + [s.value for s in Status]
DATE_ERROR = {"invalid": "Give the date as YYYY-MM-DD."}


def move_names(moves: list[str] | frozenset[str] | Any) -> list[str]:
    """Domain move names as the API's path names, in the order of MOVE_NAMES."""
    chosen = {str(m) for m in moves}
    return [api for domain, api in MOVE_NAMES.items() if domain in chosen]


# Fields


class IsoDate(fields.Date):
    """A date; text already in ISO form (as some read-model columns hold it) passes through."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if isinstance(value, str):
            return value
        return super()._serialize(value, attr, obj, **kwargs)


class Flag(fields.Boolean):
    """A yes/no; the read model's 0 and 1 come out as false and true."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> bool | None:
        return None if value is None else bool(value)


class LondonMoment(Moment):
    """A moment in ISO form; without an offset it is read as Europe/London wall-clock time."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= moment.year <= 9998:
            raise ValidationError("Give a date and time from the year 1900 on.")
        return from_london(moment)


class AnyValue(fields.Field):
    """Whatever a history entry changed, made JSON-safe: dates in ISO form, ids as text."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return plain(value)


def plain(value: Any) -> Any:
    """A value with dates, ids and enums turned into JSON-safe text, recursively."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (UUID, Enum)):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return value


# Query strings


class ActionQuerySchema(Schema):
    """The action log's filters, sort and page, as the query string of GET /actions."""

    class Meta:
        unknown = RAISE

    committee = fields.String(load_default=None, validate=SHORT_NAME, metadata={"description": "A committee's short name."})
    meeting = fields.UUID(load_default=None,
                          error_messages={"invalid": "Give a meeting's id.", "invalid_uuid": "Give a meeting's id."},
                          metadata={"description": "Only actions that arose at this meeting."})
    status = fields.List(
        fields.String(validate=validate.OneOf(STATUS_CHOICES, error="Choose a status from: {choices}.")),
        load_default=list, metadata={"description": 'Repeatable; "open" means logged or acknowledged.'},
    )
    owner = fields.UUID(load_default=None, error_messages={"invalid": "Give the owner's person id.",
                                                          "invalid_uuid": "Give the owner's person id."})
    organisation = fields.String(load_default=None, validate=validate.Length(max=200))
    kind = fields.String(load_default=None, validate=validate.OneOf([k.value for k in Kind], error="Choose a kind from: {choices}."))
    overdue = fields.Boolean(load_default=False, error_messages={"invalid": "Say true or false."})
    due_from = Day(load_default=None, validate=sensible_date, error_messages=DATE_ERROR)
    due_to = Day(load_default=None, validate=sensible_date, error_messages=DATE_ERROR)
    q = fields.String(load_default=None, validate=validate.Length(max=200, error="Search for at most {max} characters."))
    sort = fields.String(load_default="due", validate=validate.OneOf(list(SORTS), error="Choose a sort from: {choices}."))
    order = fields.String(load_default="asc", validate=validate.OneOf(["asc", "desc"], error="Choose asc or desc."))
    page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=100_000, error="Choose a page from 1."),
                          error_messages={"invalid": "Give the page as a whole number."})
    per_page = WholeNumber(load_default=25, validate=validate.Range(min=1, max=100, error="Choose 1 to 100 a page."),
                              error_messages={"invalid": "Give per_page as a whole number."})
    as_of = LondonMoment(load_default=None, metadata={"description": "The log as it stood at this moment."},
                         error_messages={"invalid": "Give the moment as YYYY-MM-DDTHH:MM[:SS][+HH:MM]."})

    @validates_schema
    def check_due_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        """The due range must not end before it starts."""
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise ValidationError("Choose a due_to on or after due_from.", "due_to")


class AsOfQuerySchema(Schema):
    """Time travel for one action: ?as_of=2026-01-31T17:00 (Europe/London unless an offset is given)."""

    class Meta:
        unknown = RAISE

    as_of = LondonMoment(load_default=None, error_messages={"invalid": "Give the moment as YYYY-MM-DDTHH:MM[:SS][+HH:MM]."})


class MeetingQuerySchema(Schema):
    """Which committee's meetings."""

    class Meta:
        unknown = RAISE

    committee = fields.String(load_default=None, validate=SHORT_NAME)


class PeopleQuerySchema(Schema):
    """Search the directory by name or organisation."""

    class Meta:
        unknown = RAISE

    q = fields.String(load_default=None, validate=validate.Length(max=200, error="Search for at most {max} characters."))


# Results


class CommitteeOutSchema(Schema):
    id = fields.UUID()
    short_name = fields.String()
    name = fields.String()
    authority = fields.String(allow_none=True)
    chair_id = fields.UUID(allow_none=True)
    clerk_id = fields.UUID(allow_none=True)
    public = Flag()
    version = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Actions by status."})
    overdue = fields.Integer(metadata={"description": "Open actions past their due date."})


class MeetingOutSchema(Schema):
    id = fields.UUID()
    committee_id = fields.UUID()
    committee = fields.String(metadata={"description": "The committee's short name."})
    starts_at = fields.DateTime()
    title = fields.String()
    status = fields.String()
    version = fields.Integer()


class PersonOutSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    job_title = fields.String(allow_none=True)
    organisation = fields.String(allow_none=True)
    email = fields.String(allow_none=True, metadata={"description": "Shown to signed-in users only."})
    senior_contact_id = fields.UUID(allow_none=True)
    version = fields.Integer()


class Standing(Schema):
    """What is derived from the state and the date; never stored."""

    rag = fields.String(validate=validate.OneOf(["red", "amber", "green", "done"]))
    overdue = Flag()
    days_overdue = fields.Integer()
    working_days_until_due = fields.Integer(allow_none=True)


class ActionSummarySchema(Standing):
    id = fields.UUID()
    reference = fields.String()
    number = fields.Integer()
    committee = fields.String()
    committee_id = fields.UUID()
    meeting_id = fields.UUID(allow_none=True)
    minute_ref = fields.String(allow_none=True)
    title = fields.String()
    kind = fields.String()
    status = fields.String()
    owner_id = fields.UUID()
    owner_name = fields.String()
    owner_organisation = fields.String(allow_none=True)
    raised_by = fields.String(allow_none=True)
    due_date = IsoDate(allow_none=True)
    due_meeting_id = fields.UUID(allow_none=True)
    due_next_meeting = Flag()
    extension_pending = Flag()
    extension_due = IsoDate(allow_none=True)
    last_update = fields.String(allow_none=True)
    last_update_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    accepted_meeting_id = fields.UUID(allow_none=True)
    follows_up_id = fields.UUID(allow_none=True)
    imported = Flag()
    logged_at = fields.DateTime()
    modified_at = fields.DateTime()
    version = fields.Integer()


class ActionPageSchema(Schema):
    items = fields.List(fields.Nested(ActionSummarySchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class ExtensionSchema(Schema):
    due_date = IsoDate()
    reason = fields.String()
    by = fields.String()


class ActionOutSchema(Standing):
    id = fields.UUID()
    reference = fields.String()
    version = fields.Integer()
    committee = fields.String()
    committee_id = fields.UUID()
    meeting_id = fields.UUID(allow_none=True)
    minute_ref = fields.String()
    title = fields.String()
    detail = fields.String()
    source_quote = fields.String()
    kind = fields.String()
    raised_by = fields.String()
    owner_id = fields.UUID()
    owner_name = fields.String(allow_none=True)
    status = fields.String()
    due_date = IsoDate(allow_none=True)
    due_meeting_id = fields.UUID(allow_none=True)
    due_next_meeting = Flag()
    follows_up_id = fields.UUID(allow_none=True)
    imported = Flag()
    last_update = fields.String(allow_none=True)
    last_update_at = fields.DateTime(allow_none=True)
    response = fields.String(allow_none=True)
    evidence = fields.List(fields.String())
    completed_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    accepted_at_meeting_id = fields.UUID(allow_none=True)
    extension = fields.Nested(ExtensionSchema, allow_none=True)
    successor_id = fields.UUID(allow_none=True)
    logged_at = fields.DateTime()
    modified_at = fields.DateTime()
    allowed_moves = fields.List(fields.String(), metadata={"description": "Moves allowed from this status."})
    available_moves = fields.List(fields.String(), metadata={"description": "Of those, the ones you may make."})


class ChangeSchema(Schema):
    field = fields.String()
    from_ = AnyValue(data_key="from", attribute="from")
    to = AnyValue()


class HistoryEntrySchema(Schema):
    version = fields.Integer()
    event = fields.String()
    label = fields.String()
    at = fields.DateTime()
    actor = fields.String()
    actor_name = fields.String()
    changes = fields.List(fields.Nested(ChangeSchema))
    reason = fields.String()
    text = fields.String()
    response = fields.String()
    note = fields.String()


class HistorySchema(Schema):
    reference = fields.String()
    entries = fields.List(fields.Nested(HistoryEntrySchema))


class ReviewSchema(Schema):
    meeting = fields.Nested(MeetingOutSchema)
    committee = fields.Nested(CommitteeOutSchema)
    today = fields.Date()
    meeting_date = fields.Date()
    overdue = fields.List(fields.Nested(ActionSummarySchema), metadata={"description": "Most overdue first."})
    due = fields.List(fields.Nested(ActionSummarySchema), metadata={"description": "Due by this meeting, not yet overdue."})
    awaiting_acceptance = fields.List(fields.Nested(ActionSummarySchema))
    extensions_requested = fields.List(fields.Nested(ActionSummarySchema))


class ErrorSchema(Schema):
    error = fields.String()
    message = fields.String()
    allowed = fields.List(fields.String(), metadata={"description": "422 for a move: the moves allowed now."})
    current_version = fields.Integer(metadata={"description": "409 and 412: the version the action is at now."})


class ValidationErrorsSchema(Schema):
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))

"""Marshmallow schemas: outside input turned into plain values for the tracker's commands."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tracker.application import NEXT_MEETING
from tracker.domain.calendar import LONDON, from_london
from tracker.domain.values import Kind, MeetingStatus, Role

REFERENCE = validate.Regexp(r"^[A-Za-z][A-Za-z0-9]{1,9}-\d{4,}$", error="Give a reference like HOSC-0042.")
SHORT_NAME = validate.Regexp(
    r"^[A-Za-z][A-Za-z0-9]{1,9}$", error="Use 2 to 10 letters or digits, starting with a letter, e.g. HOSC."
)


def _text(required: bool = False, *, max_len: int = 2000, what: str = "this") -> fields.String:
    extra: dict[str, Any] = {"required": required}
    if not required:
        extra["load_default"] = ""
    return fields.String(
        validate=validate.Length(min=1 if required else 0, max=max_len, error=f"Keep {what} under {max_len} characters."
                                 if not required else f"Enter {what} (at most {max_len} characters)."),
        error_messages={"required": f"Enter {what}.", "null": f"Enter {what}."},
        **extra,
    )


def _picked(message: str) -> dict[str, str]:
    """The messages of a field chosen from a list (an id, say), whatever came instead: say what to choose."""
    return {"invalid": message, "invalid_uuid": message}


def _reason(what: str = "a reason") -> fields.String:
    return _text(True, max_len=2000, what=what)


EARLIEST, LATEST = date(1990, 1, 1), date(2199, 12, 31)


def sensible_date(value: date) -> None:
    """Dates outside 1990 to 2199 are typing mistakes."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(f"Enter a date between {EARLIEST:%Y} and {LATEST:%Y}.")


# Dates and times are taken only in the ISO forms people write (date.fromisoformat alone would also take
# "20210101" and week dates like "2021-W01-1", which no one means); numbers only as whole numbers.
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)
DIGITS = re.compile(r"\d+", re.ASCII)


def iso_text(value: Any, pattern: re.Pattern[str]) -> str | None:
    """The value, trimmed, when it is text in the pattern's form; else None."""
    if isinstance(value, str) and pattern.fullmatch(value.strip()):
        return value.strip()
    return None


class Day(fields.Date):
    """A date given as text, YYYY-MM-DD: not a number, not 20210101, not a week date."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):  # from Python callers, never from JSON
            return value
        text = iso_text(value, ISO_DAY)
        if text is None:
            raise self.make_error("invalid")
        return super()._deserialize(text, attr, data, **kwargs)


class Moment(fields.DateTime):
    """A date and time given as text, YYYY-MM-DDTHH:MM with optional seconds and offset, and nothing else."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        text = iso_text(value, ISO_MOMENT)
        if text is None:
            raise self.make_error("invalid")
        return super()._deserialize(text, attr, data, **kwargs)


class WholeNumber(fields.Integer):
    """A whole number: a JSON integer, or digits as a form sends them; never a fraction, 1e30, true or "+5"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not (isinstance(value, int) or iso_text(value, DIGITS)):
            raise self.make_error("invalid")
        return super()._deserialize(value.strip() if isinstance(value, str) else value, attr, data, **kwargs)


DUE_FORMAT = 'Give the due date as YYYY-MM-DD, or "next_meeting".'


class Due(fields.Field):
    """A due date (YYYY-MM-DD), "next_meeting" for "by the next meeting", or blank for none."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date | str | None:
        if value in (None, ""):
            return None
        if isinstance(value, date) and not isinstance(value, datetime):  # from Python callers, never from JSON
            return value
        if not isinstance(value, str):
            raise ValidationError(DUE_FORMAT)
        if value.strip().lower().replace(" ", "_") == NEXT_MEETING:
            return NEXT_MEETING
        text = iso_text(value, ISO_DAY)
        try:
            day = date.fromisoformat(text or "")
        except ValueError:
            raise ValidationError(DUE_FORMAT) from None
        sensible_date(day)
        return day

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value


class LondonDateTime(Moment):
    """A date and time as the users say it (Europe/London), stored as UTC."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None:
            check_exists_in_london(moment)
        return from_london(moment)


def check_exists_in_london(wall_clock: datetime) -> None:
    """Refuse a wall-clock time skipped when the clocks go forward (it would be stored an hour out)."""
    there_and_back = wall_clock.replace(tzinfo=LONDON).astimezone(timezone.utc).astimezone(LONDON)
    if there_and_back.replace(tzinfo=None) != wall_clock:
        raise ValidationError(
            f"The clocks go forward an hour at 1am on {wall_clock.day} {wall_clock:%B %Y}, so {wall_clock:%H:%M} "
            "does not exist in the UK that day: choose another time."
        )


MAX_VERSION = 1_000_000_000  # far beyond any action's history; larger is a mistake, not a version


class Versioned(Schema):
    """Every move may say which version of the action it was made against."""

    expected_version = WholeNumber(
        load_default=None, allow_none=True,
        validate=validate.Range(min=1, max=MAX_VERSION, error=f"The version must be a whole number from 1 to {MAX_VERSION:,}."),
        error_messages={"invalid": "The version must be a whole number."},
    )


class CommitteeSchema(Schema):
    short_name = fields.String(required=True, validate=SHORT_NAME, error_messages={"required": "Enter a short name."})
    name = _text(True, max_len=200, what="the committee's name")
    authority = _text(False, max_len=200, what="the authority")
    chair_id = fields.UUID(load_default=None, allow_none=True, error_messages=_picked("Choose the chair from the list."))
    clerk_id = fields.UUID(load_default=None, allow_none=True, error_messages=_picked("Choose the clerk from the list."))
    public = fields.Boolean(load_default=False, error_messages={"invalid": "Say whether the committee's log is public."})


class PersonSchema(Schema):
    name = _text(True, max_len=200, what="the person's name")
    job_title = _text(False, max_len=200, what="the job title")
    organisation = _text(False, max_len=200, what="the organisation")
    email = fields.Email(load_default="", error_messages={"invalid": "Enter an e-mail address like name@example.org."})
    senior_contact_id = fields.UUID(load_default=None, allow_none=True,
                                    error_messages=_picked("Choose the senior contact from the list."))


MOMENT_FORMAT = "Enter the date and time as YYYY-MM-DDTHH:MM."


class MeetingSchema(Schema):
    committee = fields.String(required=True, validate=SHORT_NAME, error_messages={"required": "Choose a committee."})
    starts_at = LondonDateTime(
        required=True, validate=sensible_date, error_messages={"required": "Enter the date and time.", "invalid": MOMENT_FORMAT}
    )
    title = _text(True, max_len=200, what="the meeting's title")
    status = fields.Enum(MeetingStatus, by_value=True, load_default=MeetingStatus.SCHEDULED,
                         error_messages={"unknown": "Say whether the meeting is scheduled, held or cancelled."})


class LogActionSchema(Schema):
    committee = fields.String(required=True, validate=SHORT_NAME, error_messages={"required": "Choose a committee."})
    meeting_id = fields.UUID(load_default=None, allow_none=True,
                             error_messages=_picked("Choose the meeting it arose at from the list."))
    minute_ref = _text(False, max_len=30, what="the minute reference")
    title = _text(True, max_len=300, what="what was undertaken, as a short title")
    detail = _text(False, max_len=5000, what="the detail")
    source_quote = _text(False, max_len=5000, what="the quote from the minutes")
    kind = fields.String(
        required=True,
        validate=validate.OneOf([k.value for k in Kind], error="Choose the kind of undertaking from the list."),
        error_messages={"required": "Choose the kind of undertaking.", "invalid": "Choose the kind of undertaking from the list."},
    )
    raised_by = _text(False, max_len=200, what="who asked for it")
    owner_id = fields.UUID(
        required=True, error_messages={"required": "Choose who owes it.", **_picked("Choose who owes it from the list.")}
    )
    due = Due(load_default=None, allow_none=True)
    follows_up = fields.String(load_default=None, allow_none=True, validate=REFERENCE)


class AcknowledgeSchema(Versioned):
    pass


class ProgressSchema(Versioned):
    text = _text(True, max_len=5000, what="the update")


class CompleteSchema(Versioned):
    response = _text(True, max_len=10000, what="the response")
    evidence = fields.List(
        fields.Url(error_messages={"invalid": "Each evidence link must be a web address starting http:// or https://."}),
        load_default=list,
    )


class CloseSchema(Versioned):
    note = _text(False, max_len=2000, what="the note")


class AcceptSchema(Versioned):
    meeting_id = fields.UUID(required=True, error_messages={
        "required": "Choose the meeting that accepted it.", **_picked("Choose the meeting that accepted it from the list."),
    })


class ReopenSchema(Versioned):
    reason = _reason("why it is being reopened")


class ChangeDueDateSchema(Versioned):
    due = Due(required=True, allow_none=True, error_messages={"required": "Enter the new due date."})
    reason = _reason("why the due date is changing")


class RequestExtensionSchema(Versioned):
    due_date = Day(
        required=True, validate=sensible_date,
        error_messages={"required": "Enter the date you can do it by.", "invalid": "Enter the date as YYYY-MM-DD."},
    )
    reason = _reason("why more time is needed")


class DecideExtensionSchema(Versioned):
    grant = fields.Boolean(required=True, error_messages={"required": "Say whether the extension is granted.",
                                                          "invalid": "Say whether the extension is granted."})
    reason = _text(False, max_len=2000, what="the reason")

    @validates_schema
    def check_refusal_reason(self, data: dict[str, Any], **kwargs: Any) -> None:
        """A refusal must say why."""
        if data.get("grant") is False and not data.get("reason", "").strip():
            raise ValidationError("Say why the extension is refused.", "reason")


class ReassignSchema(Versioned):
    owner_id = fields.UUID(
        required=True, error_messages={"required": "Choose the new owner.", **_picked("Choose the new owner from the list.")}
    )
    reason = _reason("why it is being reassigned")


class WithdrawSchema(Versioned):
    reason = _reason("why it is being withdrawn")


class SupersedeSchema(Versioned):
    successor = fields.String(required=True, validate=REFERENCE, error_messages={"required": "Give the reference of the action that replaces it."})
    reason = _reason("why it is superseded")


class CommentSchema(Versioned):
    text = _text(True, max_len=5000, what="the comment")


class UserSchema(Schema):
    email = fields.Email(required=True, error_messages={"required": "Enter an e-mail address.", "invalid": "Enter an e-mail address like name@example.org."})
    name = _text(True, max_len=200, what="the user's name")
    role = fields.Enum(Role, by_value=True, required=True,
                       error_messages={"required": "Choose a role.", "unknown": "Choose a role from the list."})
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=8, max=200, error="Choose a password of 8 to 200 characters."),
    )
    person_id = fields.UUID(load_default=None, allow_none=True,
                            error_messages=_picked("Choose the person in the directory from the list."))


# Each move: its schema and the Tracker method it calls.
MOVES: dict[str, tuple[type[Schema], str]] = {
    "acknowledge": (AcknowledgeSchema, "acknowledge"),
    "note_progress": (ProgressSchema, "note_progress"),
    "complete": (CompleteSchema, "complete"),
    "close": (CloseSchema, "close_action"),
    "accept": (AcceptSchema, "accept"),
    "reopen": (ReopenSchema, "reopen"),
    "change_due_date": (ChangeDueDateSchema, "change_due_date"),
    "request_extension": (RequestExtensionSchema, "request_extension"),
    "decide_extension": (DecideExtensionSchema, "decide_extension"),
    "reassign": (ReassignSchema, "reassign"),
    "withdraw": (WithdrawSchema, "withdraw"),
    "supersede": (SupersedeSchema, "supersede"),
    "comment": (CommentSchema, "comment"),
}


class ReasonSchema(Schema):
    reason = _reason()


def _days(low: int, high: int, what: str) -> fields.Integer:
    message = f"Enter {what} as a whole number from {low} to {high}."
    return WholeNumber(required=True, validate=validate.Range(min=low, max=high, error=message),
                          error_messages={"required": message, "invalid": message, "null": message})


class ChasePolicySchema(Schema):
    remind_before = _days(0, 20, "the working days before the due date for a reminder")
    remind_on_due = fields.Boolean(load_default=False, truthy={"true", "on", "yes", "1"}, falsy={"false", "off", "no", "0", ""},
                                   error_messages={"invalid": "Say whether to send a reminder on the due date."})
    overdue_every = _days(1, 20, "the working days between chases once overdue")
    escalate_after = _days(0, 10, "the number of overdue chases before escalating")


def load(schema: type[Schema], payload: dict[str, Any]) -> dict[str, Any]:
    """Validate outside input; raises marshmallow.ValidationError with a message per field."""
    return schema().load(payload)

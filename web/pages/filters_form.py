"""The action log's filter form: query-string input turned into an ActionFilter, with messages for bad values."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from events.view import SORTS, ActionFilter
from tracker.domain.calendar import LONDON, from_london
from tracker.domain.values import Kind, Status
from web.pages.forms import DateEntry
from web.schemas import Day, WholeNumber, sensible_date

STATUS_CHOICES = ["open"] + [s.value for s in Status]
ISO_ONLY = {"invalid": "Enter the date as YYYY-MM-DD."}
CHOOSE_MEETING = "Choose a meeting of this committee from the list."
# Each date filter and how its messages name it.
DATE_FILTERS = {"due_from": "the date due on or after", "due_to": "the date due on or before", "as_at": "the date to show the log as at"}


class LogQuerySchema(Schema):
    """The filters, sort, page and "as at" of an action log, from the query string."""

    class Meta:
        unknown = EXCLUDE

    status = fields.List(fields.String(validate=validate.OneOf(STATUS_CHOICES, error="Choose a status from the list.")),
                         load_default=list)
    owner = fields.UUID(load_default=None, allow_none=True, error_messages={"invalid_uuid": "Choose an owner from the list."})
    organisation = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default="", validate=validate.OneOf([""] + [k.value for k in Kind], error="Choose a kind from the list."))
    overdue = fields.Boolean(load_default=False)
    # The form sends each date as day, month and year boxes (read by parse); a link may give YYYY-MM-DD.
    due_from = Day(load_default=None, allow_none=True, validate=sensible_date, error_messages=ISO_ONLY)
    due_to = Day(load_default=None, allow_none=True, validate=sensible_date, error_messages=ISO_ONLY)
    q = fields.String(load_default="", validate=validate.Length(max=200, error="Search for at most 200 characters."))
    sort = fields.String(load_default="due", validate=validate.OneOf(list(SORTS), error="Choose a sort from the list."))
    order = fields.String(load_default="asc", validate=validate.OneOf(["asc", "desc"], error="Choose an order from the list."))
    page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=100000, error="Choose a page from 1."),
                          error_messages={"invalid": "Choose a page from 1."})
    as_at = Day(load_default=None, allow_none=True, validate=sensible_date, error_messages=ISO_ONLY)
    as_at_meeting = fields.UUID(load_default=None, allow_none=True, error_messages={"invalid_uuid": CHOOSE_MEETING})

    @validates_schema
    def check_due_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        """The due range must not end before it starts."""
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise ValidationError("The date due on or before must be the same as or after the date due on or after.", "due_to")


def _clean(args: Any) -> dict[str, Any]:
    """Drop empty values, so an untouched form field means 'no filter'; a date's boxes are read by _dates."""
    data: dict[str, Any] = {}
    for key in args:
        values = [v for v in args.getlist(key) if v.strip()]
        if not values or "-" in key:
            continue
        data[key] = values if key == "status" else values[0]
    return data


def _dates(args: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """The date filters typed in day, month and year boxes, as YYYY-MM-DD, and what is wrong with any of them."""
    found: dict[str, str] = {}
    problems: dict[str, Any] = {}
    for name, what in DATE_FILTERS.items():
        entry = DateEntry.from_form(args, name)
        if entry.blank:
            continue
        day, problem = entry.parse(what)
        if problem:
            problems[name] = problem
        else:
            found[name] = day.isoformat()  # type: ignore[union-attr]
    return found, problems


def typed_dates(args: Any, values: dict[str, Any]) -> dict[str, DateEntry]:
    """What each date filter's boxes show: what was typed, else the date in force (from a link), else nothing."""
    shown = {}
    for name in DATE_FILTERS:
        entry = DateEntry.from_form(args, name)
        shown[name] = entry if not entry.blank else DateEntry.of(values.get(name))
    return shown


def parse(args: Any, *, per_page: int = 25) -> tuple[ActionFilter, dict[str, Any], dict[str, list[str]]]:
    """An ActionFilter from the query string, the cleaned values (to refill the form), and errors."""
    typed, date_problems = _dates(args)
    raw = {**_clean(args), **typed}
    try:
        values = LogQuerySchema().load(raw)
        errors: dict[str, Any] = {}
    except ValidationError as e:
        # A list field (status) reports {index: [messages]}: show each message once, never the dict.
        errors = {k: sorted({m for ms in v.values() for m in ms}) if isinstance(v, dict) else v for k, v in e.messages_dict.items()}
        good = {k: v for k, v in raw.items() if k not in errors}
        values = LogQuerySchema().load(good)
    errors.update(date_problems)
    f = ActionFilter(
        statuses=tuple(values["status"]),
        owner_id=values["owner"],
        organisation=values["organisation"] or None,
        kind=values["kind"] or None,
        overdue=values["overdue"],
        due_from=values["due_from"],
        due_to=values["due_to"],
        text=values["q"] or None,
        sort=values["sort"],
        descending=values["order"] == "desc",
        page=values["page"],
        per_page=per_page,
    )
    return f, values, errors


def as_at_moment(values: dict[str, Any], meetings: list[dict[str, Any]]) -> tuple[datetime | None, str, str | None]:
    """The moment an "as at" asks for (end of a day, or a meeting's start), how to describe it, and what is wrong
    with it (a meeting that is not among this committee's)."""
    if values.get("as_at_meeting"):
        for m in meetings:
            if m["id"] == str(values["as_at_meeting"]):
                return m["starts_at"], f"as it stood at the start of {m['title']}", None
        return None, "", CHOOSE_MEETING
    if values.get("as_at"):
        day: date = values["as_at"]
        return (from_london(datetime.combine(day, time(23, 59, 59), LONDON)), f"as it stood at the end of {day:%-d %B %Y}",
                None)
    return None, "", None


def owner_choices(people: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """People as (id, "Name, Organisation") for a select."""
    return [(p["id"], f"{p['name']}, {p['organisation']}" if p["organisation"] else p["name"]) for p in people]


def uuid_or_none(text: str | None) -> UUID | None:
    """A UUID from text, or None."""
    try:
        return UUID(text) if text else None
    except ValueError:
        return None


def select_items(
    values: dict[str, Any],
    owners: list[tuple[str, str]],
    organisations: list[str],
    meetings: list[dict[str, Any]],
    meeting_label: Any,
) -> dict[str, list[dict[str, Any]]]:
    """The options of each select in the filter form, with the chosen ones selected."""
    from tracker.domain.values import Kind

    owner = str(values.get("owner") or "")
    as_at_meeting = str(values.get("as_at_meeting") or "")
    statuses = [("open", "Open (logged or acknowledged)")] + [(s.value, s.value.capitalize()) for s in Status]
    sorts = [("due", "Due date (open first)"), ("reference", "Reference"), ("status", "Status"), ("owner", "Owner"),
             ("updated", "Last changed"), ("logged", "Date logged")]
    return {
        "status": [{"value": "", "text": "Any"}]
        + [{"value": v, "text": t, "selected": v in values.get("status", [])} for v, t in statuses],
        "owner": [{"value": "", "text": "Anyone"}]
        + [{"value": v, "text": t, "selected": v == owner} for v, t in owners],
        "organisation": [{"value": "", "text": "Any"}]
        + [{"value": o, "text": o, "selected": o == values.get("organisation")} for o in organisations],
        "kind": [{"value": "", "text": "Any"}]
        + [{"value": k.value, "text": k.label, "selected": k.value == values.get("kind")} for k in Kind],
        "sort": [{"value": v, "text": t, "selected": v == values.get("sort")} for v, t in sorts],
        "order": [{"value": "asc", "text": "Ascending", "selected": values.get("order") != "desc"},
                  {"value": "desc", "text": "Descending", "selected": values.get("order") == "desc"}],
        "as_at_meeting": [{"value": "", "text": "Choose a meeting"}]
        + [{"value": m["id"], "text": f"{m['title']}, {meeting_label(m['starts_at'])}", "selected": m["id"] == as_at_meeting}
           for m in meetings],
    }

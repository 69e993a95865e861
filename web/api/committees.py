"""Committees, their meetings, and the directory of people who owe actions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, jsonify, url_for
from marshmallow import ValidationError

from tracker.domain.calendar import london_today
from tracker.domain.errors import NotFoundError
from tracker.domain.values import Role
from web.api import bp
from web.api.auth import require, require_role, services, viewer
from web.api.http import json_body, query_args
from web.api.schemas import CommitteeOutSchema, MeetingOutSchema, MeetingQuerySchema, PeopleQuerySchema, PersonOutSchema
from web.api.spec import documented
from web.policy import may_log
from web.schemas import CommitteeSchema, MeetingSchema, PersonSchema, load

# The read side stamps moments as fixed-width text, so a meeting must fall in a four-digit year (and a sane one).
MEETING_YEARS = (1900, 2999)


def created(body: dict[str, Any], location: str) -> Response:
    """A 201 response with where to read the new thing."""
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


# Committees


def committee_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Committees with how many actions each has in each status, and how many are overdue."""
    read = services().read
    counts, overdue = read.query("counts"), read.query("overdue_counts", london_today())
    return [{**c, "counts": counts.get(c["id"], {}), "overdue": overdue.get(c["id"], 0)} for c in rows]


def committee_or_404(short_name: str) -> dict[str, Any]:
    """A committee from the read side by short name, or NotFoundError."""
    committee = services().read.query("committee_by_short_name", short_name)
    if committee is None:
        raise NotFoundError(f"Committee {short_name.upper()} was not found: check the short name.")
    return committee


@bp.get("/committees")
@documented(tag="committees", response=CommitteeOutSchema(many=True))
def list_committees() -> Response:
    """Every committee, with its counts of actions."""
    rows = committee_rows(services().read.query("committees"))
    return jsonify(CommitteeOutSchema(many=True).dump(rows))


@bp.get("/committees/<short_name>")
@documented(tag="committees", response=CommitteeOutSchema, errors=(404,))
def show_committee(short_name: str) -> Response:
    """One committee, with its counts of actions."""
    return jsonify(CommitteeOutSchema().dump(committee_rows([committee_or_404(short_name)])[0]))


@bp.post("/committees")
@documented(tag="committees", body=CommitteeSchema, response=CommitteeOutSchema, status=201, headers=("Location",),
            errors=(400, 403, 404, 409, 422))
def register_committee() -> Response:
    """Register a committee (admins only)."""
    payload = json_body()
    require_role(Role.ADMIN, what="register committees")
    values = load(CommitteeSchema, payload)
    services().tracker.register_committee(actor=viewer().actor, **values)
    row = committee_rows([committee_or_404(values["short_name"])])[0]
    return created(CommitteeOutSchema().dump(row), url_for("api.show_committee", short_name=row["short_name"]))


# Meetings


def meeting_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Meetings with their committee's short name."""
    names = {c["id"]: c["short_name"] for c in services().read.query("committees")}
    return [{**m, "committee": names.get(m["committee_id"])} for m in rows]


def meeting_or_404(meeting_id: str) -> dict[str, Any]:
    """A meeting from the read side by id, or NotFoundError."""
    try:
        UUID(meeting_id)
    except ValueError:
        raise NotFoundError("That meeting was not found: check its id.") from None
    meeting = services().read.query("meeting_by_id", meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting was not found: check its id.")
    return meeting


@bp.get("/meetings")
@documented(tag="meetings", query=MeetingQuerySchema, response=MeetingOutSchema(many=True), errors=(400,))
def list_meetings() -> Response:
    """Meetings, latest first, of every committee or of ?committee=SHORT."""
    short_name = query_args(MeetingQuerySchema)["committee"]
    committee_id = None
    if short_name:
        committee = services().read.query("committee_by_short_name", short_name)
        if committee is None:
            raise ValidationError(f"There is no committee with the short name {short_name.upper()}.", "committee")
        committee_id = UUID(committee["id"])
    rows = meeting_rows(services().read.query("meetings", committee_id))
    return jsonify(MeetingOutSchema(many=True).dump(rows))


@bp.get("/meetings/<meeting_id>")
@documented(tag="meetings", response=MeetingOutSchema, errors=(404,))
def show_meeting(meeting_id: str) -> Response:
    """One meeting."""
    return jsonify(MeetingOutSchema().dump(meeting_rows([meeting_or_404(meeting_id)])[0]))


@bp.post("/meetings")
@documented(tag="meetings", body=MeetingSchema, response=MeetingOutSchema, status=201, headers=("Location",),
            errors=(400, 403, 404, 422))
def schedule_meeting() -> Response:
    """Put a meeting in a committee's calendar (its clerk, or an admin)."""
    payload = json_body()
    require_role(Role.ADMIN, Role.CLERK, what="schedule meetings")
    values = load(MeetingSchema, payload)
    if not MEETING_YEARS[0] <= values["starts_at"].year <= MEETING_YEARS[1]:
        raise ValidationError(f"Give a date from {MEETING_YEARS[0]} to {MEETING_YEARS[1]}.", "starts_at")
    committee = committee_or_404(values["committee"])
    require(may_log(viewer(), committee), f"schedule meetings of {committee['short_name']}")
    meeting_id = services().tracker.schedule_meeting(actor=viewer().actor, **values)
    row = meeting_rows([meeting_or_404(str(meeting_id))])[0]
    return created(MeetingOutSchema().dump(row), url_for("api.show_meeting", meeting_id=str(meeting_id)))


# People (every API caller is signed in, so e-mail addresses are shown)


def person_or_404(person_id: str) -> dict[str, Any]:
    """A person from the read side by id, or NotFoundError."""
    try:
        UUID(person_id)
    except ValueError:
        raise NotFoundError("That person was not found: check their id.") from None
    person = services().read.query("person_by_id", person_id)
    if person is None:
        raise NotFoundError("That person was not found: check their id.")
    return person


@bp.get("/people")
@documented(tag="people", query=PeopleQuerySchema, response=PersonOutSchema(many=True), errors=(400,))
def list_people() -> Response:
    """The directory of owners, by name; ?q= searches names and organisations."""
    text = query_args(PeopleQuerySchema)["q"]
    return jsonify(PersonOutSchema(many=True).dump(services().read.query("people", text)))


@bp.get("/people/<person_id>")
@documented(tag="people", response=PersonOutSchema, errors=(404,))
def show_person(person_id: str) -> Response:
    """One person."""
    return jsonify(PersonOutSchema().dump(person_or_404(person_id)))


@bp.post("/people")
@documented(tag="people", body=PersonSchema, response=PersonOutSchema, status=201, headers=("Location",),
            errors=(400, 403, 404, 422))
def add_person() -> Response:
    """Add someone to the directory of owners (clerks and admins)."""
    payload = json_body()
    require_role(Role.ADMIN, Role.CLERK, what="add people to the directory")
    person_id = services().tracker.add_person(actor=viewer().actor, **load(PersonSchema, payload))
    row = person_or_404(str(person_id))
    return created(PersonOutSchema().dump(row), url_for("api.show_person", person_id=str(person_id)))

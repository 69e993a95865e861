"""Actions: the log, logging an undertaking, one action (now or as it stood), its history, and every move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from flask import Response, jsonify, url_for
from marshmallow import ValidationError

from events.view import ActionFilter
from tracker.domain.calendar import london_today, to_london
from tracker.domain.errors import MoveNotAllowedError, NotFoundError
from tracker.domain.values import Move, Role, Status
from web.api import bp
from web.api.auth import require, require_role, services, viewer
from web.api.http import json_body, precondition, query_args
from web.api.schemas import (
    MOVE_NAMES, ActionOutSchema, ActionPageSchema, ActionQuerySchema, AsOfQuerySchema, HistorySchema, move_names,
)
from web.api.spec import documented
from web.commands import log_action, make_move
from web.pages.common import with_standing
from web.policy import available_moves, may_log, permitted_moves
from web.schemas import MOVES, LogActionSchema, load

ONE = {"response": ActionOutSchema, "headers": ("ETag",)}


@bp.get("/actions")
@documented(tag="actions", query=ActionQuerySchema, response=ActionPageSchema, errors=(400,))
def list_actions() -> Response:
    """The action log: filtered, sorted and a page at a time, each action with its RAG."""
    values = query_args(ActionQuerySchema)
    page = services().read.list_actions(_filter(values), as_of=values["as_of"])
    today = london_today() if values["as_of"] is None else to_london(values["as_of"]).date()
    body = {"items": with_standing(page.rows, today), "total": page.total, "page": page.page,
            "per_page": page.per_page, "pages": page.pages}
    return jsonify(ActionPageSchema().dump(body))


def _filter(values: dict[str, Any]) -> ActionFilter:
    committee_id = None
    if values["committee"]:
        committee = services().read.query("committee_by_short_name", values["committee"])
        if committee is None:
            raise ValidationError(f"There is no committee with the short name {values['committee'].upper()}.", "committee")
        committee_id = UUID(committee["id"])
    return ActionFilter(
        committee_id=committee_id, meeting_id=values["meeting"], statuses=tuple(values["status"]),
        owner_id=values["owner"], organisation=values["organisation"], kind=values["kind"], overdue=values["overdue"],
        due_from=values["due_from"], due_to=values["due_to"], text=values["q"], sort=values["sort"],
        descending=values["order"] == "desc", page=values["page"], per_page=values["per_page"],
    )


@bp.post("/actions")
@documented(tag="actions", body=LogActionSchema, status=201, **ONE, errors=(400, 403, 404, 422))  # type: ignore[arg-type]
def log() -> Response:
    """Log an undertaking given to a committee (its clerk, or an admin)."""
    payload = json_body()
    require_role(Role.ADMIN, Role.CLERK, what="log undertakings")
    committee = _committee(load(LogActionSchema, payload)["committee"])
    require(may_log(viewer(), committee), f"log undertakings for {committee['short_name']}")
    reference = log_action(services(), payload, actor=viewer().actor)
    response = action_response(services().tracker.action(reference), status=201)
    response.headers["Location"] = url_for("api.show_action", reference=reference)
    return response


def _committee(short_name: str) -> dict[str, Any]:
    committee = services().read.query("committee_by_short_name", short_name)
    if committee is None:
        raise NotFoundError(f"Committee {short_name.upper()} was not found: check the short name.")
    return committee


@bp.get("/actions/<reference>")
@documented(tag="actions", query=AsOfQuerySchema, errors=(400, 404), **ONE)  # type: ignore[arg-type]
def show_action(reference: str) -> Response:
    """One action as it stands, or as it stood at ?as_of= (Europe/London unless an offset is given)."""
    as_of = query_args(AsOfQuerySchema)["as_of"]
    state = services().tracker.action(reference, as_of=as_of)
    return action_response(state, today=None if as_of is None else to_london(as_of).date())


@bp.get("/actions/<reference>/history")
@documented(tag="actions", response=HistorySchema, headers=("ETag",), errors=(404,))
def history(reference: str) -> Response:
    """Every change to an action, oldest first: when, who, what changed, and why."""
    entries = services().history.timeline(reference)
    response = jsonify(HistorySchema().dump({"reference": reference.upper(), "entries": entries}))
    if entries:  # the latest event's version is the action's
        response.set_etag(str(entries[-1]["version"]))
    return response


def action_response(state: dict[str, Any], *, status: int = 200, today: date | None = None) -> Response:
    """One action as JSON, with its standing, the caller's moves and its version as the ETag."""
    read = services().read
    committee = read.query("committee_by_id", str(state["committee_id"])) or {}
    owner = read.query("person_by_id", str(state["owner_id"])) or {}
    row = {**state, "active": Status(state["status"]).is_active, "extension_pending": state["extension"] is not None}
    data = {
        **with_standing([row], today)[0],
        "committee": committee.get("short_name"), "owner_name": owner.get("name"),
        "allowed_moves": move_names(state["allowed_moves"]),
        "available_moves": move_names(available_moves(viewer(), state, committee)),
    }
    response = jsonify(ActionOutSchema().dump(data))
    response.status_code = status
    response.set_etag(str(state["version"]))
    return response


def move(reference: str, name: str) -> Response:
    """Make one move on an action, as the caller, if the policy and the action's status allow it."""
    payload = json_body()
    tracker = services().tracker
    state = tracker.action(reference)
    committee = services().read.query("committee_by_id", str(state["committee_id"])) or {}
    require(Move(name) in permitted_moves(viewer(), state, committee), f"{Move(name).label} {state['reference']}")
    payload = precondition(payload, state["version"])
    if name not in state["allowed_moves"]:
        raise MoveNotAllowedError(state["reference"], name, state["status"], state["allowed_moves"])
    make_move(services(), reference, name, payload, actor=viewer().actor)
    return action_response(tracker.action(reference))


def _move_view(name: str) -> Callable[[str], Response]:
    def view(reference: str) -> Response:
        return move(reference, name)

    view.__name__ = f"move_{name}"
    view.__doc__ = f"{Move(name).label.capitalize()}: one move on an action (If-Match or expected_version guard it)."
    return view


MOVE_ERRORS = (400, 403, 404, 409, 412, 422)
for _name, (_schema, _method) in MOVES.items():
    _mark = documented(tag="moves", body=_schema, if_match=True, errors=MOVE_ERRORS, **ONE)  # type: ignore[arg-type]
    bp.add_url_rule(f"/actions/<reference>/{MOVE_NAMES[_name]}", endpoint=f"move_{_name}", methods=["POST"],
                    view_func=_mark(_move_view(_name)))

"""An action: its state, its whole timeline, and the forms for the moves the signed-in user may make."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from tracker.domain.calendar import london_today, standing, to_london
from tracker.domain.errors import NotFoundError
from tracker.domain.values import Move
from web.auth import require, sign_in_required
from web.commands import make_move
from web.filters import london
from web.pages.common import services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import DateEntry, attempt, due_from_entry, extension_from_form
from web.policy import available_moves, clerks, permitted_moves
from web.schemas import MOVES, load

bp = Blueprint("actions", __name__)

MOVES_HEADING = "what-you-can-do"  # the id of the heading over the move forms

# The fields of each move's form: (name, label, widget, hint).
MOVE_FORMS: dict[str, dict[str, Any]] = {
    "acknowledge": {"title": "Acknowledge", "button": "Acknowledge this undertaking", "fields": []},
    "note_progress": {"title": "Post a progress update", "button": "Post update",
                      "fields": [("text", "Update", "textarea", "What has been done, and what is next")]},
    "complete": {"title": "Mark as complete", "button": "Mark as complete",
                 "fields": [("response", "Response to the committee", "textarea", "What was done or found"),
                            ("evidence", "Links to evidence (optional)", "textarea", "One web address a line")]},
    "request_extension": {"title": "Ask for more time", "button": "Ask for an extension",
                          "fields": [("due_date", "New date you can do it by", "date", "For example, {example}"),
                                     ("reason", "Why more time is needed", "textarea", "")]},
    "decide_extension": {"title": "Decide the extension request", "button": "Record the decision",
                         "fields": [("grant", "Grant the extension?", "yesno", ""),
                                    ("reason", "Reason (needed to refuse)", "textarea", "")]},
    "change_due_date": {"title": "Change the due date", "button": "Change the due date",
                        "fields": [("due", "New due date", "due", ""), ("reason", "Why it is changing", "textarea", "")]},
    "reassign": {"title": "Reassign", "button": "Reassign",
                 "fields": [("owner_id", "New owner", "owner", ""), ("reason", "Why", "textarea", "")]},
    "close": {"title": "Close", "button": "Close this undertaking",
              "fields": [("note", "Note (optional)", "input", "")]},
    "accept": {"title": "Accept at a meeting", "button": "Record acceptance",
               "fields": [("meeting_id", "Meeting that accepted it", "meeting", "")]},
    "reopen": {"title": "Reopen", "button": "Reopen", "fields": [("reason", "Why it is being reopened", "textarea", "")]},
    "withdraw": {"title": "Withdraw", "button": "Withdraw", "fields": [("reason", "Why it is withdrawn", "textarea", "")]},
    "supersede": {"title": "Replace by a later undertaking", "button": "Mark as superseded",
                  "fields": [("successor", "Reference of the undertaking that replaces it", "input", "For example, HOSC-0042"),
                             ("reason", "Why", "textarea", "")]},
    "comment": {"title": "Add a comment", "button": "Add comment", "fields": [("text", "Comment", "textarea", "")]},
}


def move_forms() -> dict[str, dict[str, Any]]:
    """The move forms, their date hints giving an example a month ahead (a fixed one would fall into the past)."""
    ahead = london_today() + timedelta(days=30)
    example = f"{ahead.day} {ahead.month} {ahead.year}"
    return {move: {**spec, "fields": [(n, label, widget, hint.replace("{example}", example))
                                      for n, label, widget, hint in spec["fields"]]}
            for move, spec in MOVE_FORMS.items()}


def _load(reference: str) -> dict[str, Any]:
    s = services()
    try:
        action = s.tracker.action(reference)
    except NotFoundError:
        abort(404, f"There is no undertaking {reference.upper()}.")
    read = s.read
    committee = read.query("committee_by_id", str(action["committee_id"]))
    owner = read.query("person_by_id", str(action["owner_id"])) or {"name": "Unknown", "organisation": "", "email": ""}
    origin = read.query("meeting_by_id", str(action["meeting_id"])) if action["meeting_id"] else None
    due_meeting = read.query("meeting_by_id", str(action["due_meeting_id"])) if action["due_meeting_id"] else None
    accepted_at = (read.query("meeting_by_id", str(action["accepted_at_meeting_id"]))
                   if action["accepted_at_meeting_id"] else None)
    follows_up = read.query("action_by_id", str(action["follows_up_id"])) if action["follows_up_id"] else None
    successor = read.query("action_by_id", str(action["successor_id"])) if action["successor_id"] else None
    st = standing(is_done=action["status"] not in ("logged", "acknowledged"), due_date=action["due_date"],
                  extension_pending=action["extension"] is not None, today=london_today(), calendar=s.calendar)
    me = viewer()
    moves = [m.value for m in available_moves(me, action, committee)]
    return {
        "action": action, "committee": committee, "owner": owner, "origin": origin, "due_meeting": due_meeting,
        "accepted_at": accepted_at,
        "follows_up": follows_up, "successor": successor,
        "standing": st, "timeline": s.history.timeline(reference), "moves": moves, "forms": move_forms(),
        "owners": owner_choices(read.query("people")),
        "meetings": [(m["id"], f"{m['title']}, {london(m['starts_at'])}") for m in _accepting_meetings(action, origin)],
        "show_email": me is not None,
        "chasing": read.view.action_by_id(str(action["id"])), "today": london_today(),
        "can_manage_chasing": clerks(me, committee),
    }


def _accepting_meetings(action: dict[str, Any], origin: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The meetings that could accept an action: its committee's, not cancelled, after it arose, and none beyond
    the committee's next meeting after today (latest first)."""
    arose = origin["starts_at"] if origin else action["logged_at"]
    later = [m for m in services().read.query("meetings", action["committee_id"])
             if m["status"] != "cancelled" and m["starts_at"] > arose]
    today = london_today()
    upcoming = [m["starts_at"] for m in later if to_london(m["starts_at"]).date() > today]
    return [m for m in later if not upcoming or m["starts_at"] <= min(upcoming)]


def render_action(reference: str, *, errors: dict[str, str] | None = None, status: int = 200,
                  chasing_values: Any = None) -> Any:
    """The action page, with any messages for its chasing form."""
    return render_template("pages/action.html", errors=errors or {}, values={}, open_move=None, conflict=None,
                           chasing_values=chasing_values or {}, **_load(reference)), status


@bp.get("/actions/<reference>")
@sign_in_required
def show(reference: str) -> Any:
    """The action page."""
    return render_action(reference)


def _payload(move: str, action: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as a command's input, and any problem found before the schema sees it (a date's boxes)."""
    form = request.form
    problems: dict[str, str] = {}
    # A date's day, month and year boxes are named "<field>-day" and so on: they are read together below.
    data: dict[str, Any] = {k: v for k, v in form.items()
                            if k not in ("csrf_token", "due_choice") and "-" not in k and v.strip()}
    if move == "complete":
        data["evidence"] = [line.strip() for line in form.get("evidence", "").splitlines() if line.strip()]
    if move == "request_extension":
        data.pop("due_date", None)
        asked, problem = extension_from_form(form, "due_date", action["due_date"])
        if problem:
            problems["due_date"] = problem
        else:
            data["due_date"] = asked
    if move == "change_due_date":
        data["due"], found = due_from_entry(form.get("due_choice"), DateEntry.from_form(form, "due_date"))
        # The choice's problem sits by the radios ("due"), the date's by its boxes ("due_date"); the due is then None,
        # which the schema takes without a second message.
        problems.update({"due" if field == "due_choice" else field: message for field, message in found.items()})
    if move == "decide_extension" and "grant" not in form:
        data.pop("grant", None)
    return data, problems


@bp.post("/actions/<reference>/<move>")
@sign_in_required
def make(reference: str, move: str) -> Any:
    """Make one move; on failure show the same page with the messages and what was typed."""
    if move not in MOVE_FORMS:
        abort(404)
    context = _load(reference)
    require(Move(move) in permitted_moves(viewer(), context["action"], context["committee"]))
    payload, problems = _payload(move, context["action"])
    if problems:  # report them with every other problem in the form, and change nothing
        _, errors, conflict = attempt(lambda: load(MOVES[move][0], payload))
        errors.update(problems)
    else:
        _, errors, conflict = attempt(lambda: make_move(services(), reference, move, payload, actor=viewer().actor))
    if not errors:
        flash(f"{MOVE_FORMS[move]['title']}: saved on {reference.upper()}.")
        return redirect(url_for("actions.show", reference=reference.upper()))
    status = 409 if conflict else 400
    if conflict is not None:
        seen = int(payload.get("expected_version") or 0)
        conflict = {"message": str(conflict), "since": [e for e in context["timeline"] if e["version"] > seen]}
        errors = {}
    elif "form" in errors and move not in context["moves"]:
        # The move's form is not on the page any more: the message goes by the moves that are.
        return render_template("pages/action.html", errors={MOVES_HEADING: errors["form"]}, values={}, open_move=None,
                               conflict=None, chasing_values={}, **context), 422
    errors = {f"{move}-{field}": message for field, message in errors.items()}
    return render_template("pages/action.html", errors=errors, values=request.form, open_move=move, conflict=conflict,
                           chasing_values={}, **context), status

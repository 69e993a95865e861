"""Meetings: their details, the undertakings that arose, logging one, and keeping the calendar."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from events.view import ActionFilter
from tracker.domain.action import action_id
from tracker.domain.calendar import to_london
from tracker.domain.errors import RuleError
from tracker.domain.values import MeetingStatus
from web.auth import require, sign_in_required
from web.commands import log_action
from web.pages.common import committee_or_404, meeting_or_404, page_with_standing, services, viewer
from web.pages.filters_form import owner_choices
from web.pages.forms import DateEntry, attempt, due_from_entry
from web.policy import may_log, may_review
from web.filters import london
from web.schemas import MOMENT_FORMAT, REFERENCE, LogActionSchema, MeetingSchema, load

bp = Blueprint("meetings", __name__)


def next_minute_ref(refs: list[str]) -> str:
    """The minute reference after the last one used at a meeting: 13.1 → 13.2, 7 → 8, (c) → (d)."""
    for ref in reversed(refs):
        found = re.match(r"^(.*?)(\d+)(\D*)$", ref.strip())
        if found:
            return f"{found.group(1)}{int(found.group(2)) + 1}{found.group(3)}"
        letter = re.match(r"^\(([a-y])\)$", ref.strip())
        if letter:
            return f"({chr(ord(letter.group(1)) + 1)})"
    return ""


# What the calendar form offers by the meeting's status, as tracker.domain.meeting.Meeting allows: a held meeting
# cannot be cancelled or held again, but may be moved (its date and time put right); a cancelled one, nothing.
CALENDAR_CHANGES: dict[str, tuple[str, ...]] = {"scheduled": ("move", "cancel", "held"), "held": ("move",),
                                                "cancelled": ()}
NOT_OFFERED = {
    "held": "The meeting has been held, so it cannot be cancelled or marked as held again: only its date and time "
            "can be corrected.",
    "cancelled": "The meeting was cancelled, so it cannot be moved or marked as held: add a new meeting instead.",
}


def _context(meeting: dict[str, Any]) -> dict[str, Any]:
    read = services().read
    committee = read.query("committee_by_id", meeting["committee_id"])
    arising = page_with_standing(read.list_actions(ActionFilter(meeting_id=UUID(meeting["id"]), sort="reference",
                                                                per_page=200)))
    refs = [r["minute_ref"] for r in sorted(arising.rows, key=lambda r: r["number"]) if r["minute_ref"]]
    return {
        "meeting": meeting, "committee": committee, "arising": arising,
        "owners": owner_choices(read.query("people")),
        "can_log": may_log(viewer(), committee), "can_review": may_review(viewer(), committee),
        "next_ref": next_minute_ref(refs), "changes": CALENDAR_CHANGES.get(meeting["status"], ()),
    }


@bp.get("/meetings/<meeting_id>")
@sign_in_required
def show(meeting_id: str) -> str:
    """A meeting: details, undertakings arising, and the form to log one."""
    meeting = meeting_or_404(meeting_id)
    context = _context(meeting)
    form = {"minute_ref": context["next_ref"], "due_choice": "next_meeting"}
    if meeting["status"] == MeetingStatus.HELD.value:  # its form puts right when it was held: start from the record
        form["starts_at"] = london_input(meeting["starts_at"])
    return render_template("pages/meeting.html", errors={}, form=form, **context)


# The log form's fields in the order the page shows them, so the error summary lists problems in that order.
LOG_FORM_ORDER = ("form", "minute_ref", "title", "owner_id", "kind", "due_choice", "due_date", "follows_up", "raised_by",
                  "source_quote", "detail")


def _form_order(field: str) -> int:
    return LOG_FORM_ORDER.index(field) if field in LOG_FORM_ORDER else len(LOG_FORM_ORDER)


def _unknown(reference: str | None) -> bool:
    """True for a well-formed reference that no undertaking has (the schema reports a malformed one)."""
    if not reference or not REFERENCE.regex.match(reference):
        return False
    return services().read.query("action_by_id", str(action_id(reference))) is None


@bp.post("/meetings/<meeting_id>/actions")
@sign_in_required
def log(meeting_id: str) -> Any:
    """Log an undertaking that arose at this meeting."""
    meeting = meeting_or_404(meeting_id)
    context = _context(meeting)
    require(context["can_log"])
    form = request.form.to_dict()
    payload = {
        "committee": context["committee"]["short_name"], "meeting_id": meeting_id,
        "minute_ref": form.get("minute_ref", ""), "title": form.get("title", ""), "detail": form.get("detail", ""),
        "source_quote": form.get("source_quote", ""), "kind": form.get("kind", ""), "raised_by": form.get("raised_by", ""),
        "owner_id": form.get("owner_id") or None, "follows_up": form.get("follows_up", "").strip().upper(),
    }
    payload = {k: v for k, v in payload.items() if v not in ("", None)}  # a blank field is a missing one: "Choose who owes it."
    payload["due"], problems = due_from_entry(form.get("due_choice"), DateEntry.from_form(form, "due_date"))
    if _unknown(payload.get("follows_up")):
        problems["follows_up"] = (f"There is no undertaking {payload['follows_up']}: give the reference of an earlier one, "
                                  "or leave it blank.")
    if problems:
        # Report these problems together with every other one the schema finds, as GOV.UK forms do.
        _, errors, _ = attempt(lambda: load(LogActionSchema, payload))
        errors.update(problems)
    else:
        reference, errors, _ = attempt(lambda: log_action(services(), payload, actor=viewer().actor))
        if not errors:
            flash(f"Logged {reference}.")
            return redirect(url_for("meetings.show", meeting_id=meeting_id) + "#arising")
    if "due" in errors:
        errors["due_date"] = errors.pop("due")
    errors = {field: errors[field] for field in sorted(errors, key=_form_order)}
    return render_template("pages/meeting.html", errors=errors, form=form, **context), 400


@bp.post("/meetings/<meeting_id>/calendar")
@sign_in_required
def calendar(meeting_id: str) -> Any:
    """Move, cancel or mark held: actions due by the next meeting follow."""
    meeting = meeting_or_404(meeting_id)
    context = _context(meeting)
    require(context["can_log"])
    what = request.form.get("change")
    offered = what in context["changes"]
    # A missing reason is the domain's to report; a move or cancellation's other problems sit by the reason too.
    _, errors, _ = attempt(_calendar_change(meeting, context, what),
                           general_field="reason" if offered and what in ("move", "cancel") else "change")
    errors = in_form_words(errors)
    if errors:
        typed = {"minute_ref": context["next_ref"], "due_choice": "next_meeting", **request.form.to_dict()}
        return render_template("pages/meeting.html", errors=errors, form=typed, calendar_open=True, **context), 400
    flash("The meeting was updated; actions due by the next meeting were kept in step.")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


def _calendar_change(meeting: dict[str, Any], context: dict[str, Any], what: str | None) -> Callable[[], Any]:
    """The command the calendar form asks for; one its meeting's status does not allow says what can be done."""
    tracker, actor, meeting_id = services().tracker, viewer().actor, UUID(meeting["id"])
    form = request.form

    def refuse(message: str) -> Callable[[], Any]:
        def command() -> Any:
            raise RuleError(message)
        return command

    if not context["changes"] or (what in ("move", "cancel", "held") and what not in context["changes"]):
        return refuse(NOT_OFFERED[meeting["status"]])
    if what == "held":
        return lambda: tracker.mark_meeting_held(meeting_id, actor=actor)
    if what == "cancel":
        return lambda: tracker.cancel_meeting(meeting_id, actor=actor, reason=form.get("reason", ""))
    if what != "move":
        return refuse("Choose what has changed: moved, cancelled or held.")

    def move() -> Any:
        values = load(MeetingSchema, {"committee": context["committee"]["short_name"],
                                      "starts_at": form.get("starts_at", ""), "title": meeting["title"]})
        if meeting["status"] == MeetingStatus.HELD.value and values["starts_at"] > datetime.now(timezone.utc):
            raise ValidationError({"starts_at": [
                f"The meeting has been held, so it cannot be moved to {london(values['starts_at'])}, which has not "
                "come yet: give the date and time it was held."]})
        return tracker.move_meeting(meeting_id, actor=actor, starts_at=values["starts_at"],
                                    reason=form.get("reason", ""))
    return move


@bp.route("/committees/<short_name>/meetings/new", methods=["GET", "POST"])
@sign_in_required
def new(short_name: str) -> Any:
    """Add a meeting to a committee's calendar."""
    committee = committee_or_404(short_name)
    require(may_log(viewer(), committee))
    form = request.form.to_dict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        meeting_id, errors, _ = attempt(lambda: _schedule(committee, form))
        errors = in_form_words(errors)
        if not errors:
            flash("The meeting was added.")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
    return render_template("pages/meeting_new.html", committee=committee, errors=errors, form=form), 400 if errors else 200


def _schedule(committee: dict[str, Any], form: dict[str, str]) -> UUID:
    """Add the meeting the form describes; one recorded as held must have begun."""
    values = load(MeetingSchema, {"committee": committee["short_name"], "starts_at": form.get("starts_at", ""),
                                  "title": form.get("title", ""), "status": form.get("status", "scheduled")})
    if values["status"] is MeetingStatus.HELD and values["starts_at"] > datetime.now(timezone.utc):
        raise ValidationError({"status": [f"A meeting that starts on {london(values['starts_at'])} has not begun, so it "
                                          "cannot have been held: choose “Scheduled”, or correct the date and time."]})
    return services().tracker.schedule_meeting(actor=viewer().actor, **values)


def in_form_words(errors: dict[str, str]) -> dict[str, str]:
    """The schema speaks to API callers of YYYY-MM-DDTHH:MM; the form's field shows the date and time as 20/01/2027 10:00."""
    if errors.get("starts_at") == MOMENT_FORMAT:
        return {**errors, "starts_at": "Enter a real date and time, for example 20/01/2027 10:00."}
    return errors


def london_input(moment: Any) -> str:
    """A stored moment as the value of a datetime-local input."""
    return f"{to_london(moment):%Y-%m-%dT%H:%M}"

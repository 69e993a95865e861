"""From the minutes to logged undertakings: paste or upload, check each suggestion, log the accepted ones in one go."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker.domain.calendar import to_london
from tracker.minutes import extract
from web.auth import load_viewer, require, sign_in_required
from web.commands import log_actions
from web.from_minutes import accept
from web.from_minutes.cards import Card, clean, from_form, from_suggestion, highlight
from web.from_minutes.followups import Earlier, earlier_actions
from web.from_minutes.upload import MinutesInputError, minutes_from, too_large_message
from web.importing.owners import tied_to
from web.pages.common import meeting_or_404, services, viewer
from web.pages.filters_form import owner_choices
from web.policy import may_log

bp = Blueprint("minutes", __name__)
TOO_LONG_PASTED = "The pasted minutes are too long to send. Give the minutes of one meeting at a time, or choose the file."


def _context(meeting_id: str) -> dict[str, Any]:
    """The meeting, its committee and the directory; stops with 403 unless the user clerks the committee."""
    meeting = meeting_or_404(meeting_id)
    read = services().read
    committee = read.query("committee_by_id", meeting["committee_id"])
    require(may_log(viewer(), committee))
    people = read.query("people")
    return {"meeting": meeting, "committee": committee, "people": people, "owners": owner_choices(people)}


def _start_page(context: dict[str, Any], errors: dict[str, str], minutes: str = "", status: int = 200) -> Any:
    return render_template("minutes/start.html", errors=errors, minutes=minutes, **context), status


def _earlier(context: dict[str, Any]) -> Earlier:
    """The committee's actions the cards may say they follow up (looked up once per request)."""
    if "earlier" not in context:
        context["earlier"] = earlier_actions(services().read, context["committee"], context["meeting"]["id"])
    return context["earlier"]


def _review_page(context: dict[str, Any], minutes: str, cards: list[Card], errors: dict[str, str],
                 logged: list[str] | None = None, status: int = 200) -> Any:
    segments = highlight(minutes, cards)
    _earlier(context)
    return render_template("minutes/review.html", errors=errors, minutes=minutes, cards=cards, segments=segments,
                           logged_now=accept.listing(logged or []), **context), status


@bp.get("/meetings/<meeting_id>/minutes")
@sign_in_required
def start(meeting_id: str) -> Any:
    """Step 1: paste the minutes of the meeting or choose the file."""
    return _start_page(_context(meeting_id), {})


@bp.post("/meetings/<meeting_id>/minutes")
@sign_in_required
def suggest(meeting_id: str) -> Any:
    """Step 2: the minutes with each suggested undertaking highlighted, and a card for each to edit and decide."""
    context = _context(meeting_id)
    try:
        text = minutes_from(request.form.get("minutes"), request.files.get("minutes_file"))
    except MinutesInputError as e:
        return _start_page(context, {e.field: str(e)}, clean(request.form.get("minutes")), 400)
    found = extract(text, to_london(context["meeting"]["starts_at"]).date())
    tied = tied_to(services().read, context["committee"], context["people"]) if found else set()
    cards = [from_suggestion(n, s, context["people"], minutes=text, committee=context["committee"], tied=tied)
             for n, s in enumerate(found, 1)]
    return _review_page(context, text, cards, {})


@bp.post("/meetings/<meeting_id>/minutes/log")
@sign_in_required
def log(meeting_id: str) -> Any:
    """Step 3: check every accepted card, and only when all are right log them; the rejected are left out."""
    context = _context(meeting_id)
    minutes, cards = clean(request.form.get("minutes")), from_form(request.form)
    committee = context["committee"]["short_name"]
    errors = accept.check(cards, committee, meeting_id, {p["id"] for p in context["people"]},
                          _earlier(context).references)
    if errors:
        return _review_page(context, minutes, cards, errors, status=400)
    actor = viewer().actor
    logged, failed = accept.log_accepted(cards, committee, meeting_id,
                                         lambda payloads: log_actions(services(), payloads, actor=actor))
    if failed:
        return _review_page(context, minutes, cards, failed, logged=logged, status=409)
    every = sorted((c.logged_ref for c in cards if c.logged_ref), key=lambda ref: (len(ref), ref))
    flash(f"Logged {accept.listing(every)}." if every else "Nothing was logged: every suggestion was rejected.")
    return redirect(url_for("meetings.show", meeting_id=meeting_id) + "#arising")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Any:
    """A file (or pasted text) over the web server's limit: the same form with a message, never a bare error page."""
    meeting_id = (request.view_args or {}).get("meeting_id", "")
    if "viewer" not in g:  # the limit stopped the request before the signed-in user was looked up
        load_viewer()
    try:
        context = _context(meeting_id)
    except HTTPException:  # not signed in, not this committee's clerk, or no such meeting: no form to show
        return render_template("errors/error.html", code=413, title="The file is too large",
                               description=too_large_message()), 413
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if request.content_length and request.content_length > limit:
        return _start_page(context, {"minutes_file": too_large_message()}, status=413)
    return _start_page(context, {"minutes": TOO_LONG_PASTED}, status=413)

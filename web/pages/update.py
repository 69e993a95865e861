"""The page an e-mailed update link opens: one person, one action, three things they may do, no account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from events.links import ExpiredLinkError, LinkClaim, LinkError
from tracker.domain.calendar import london_today, standing
from tracker.domain.errors import NotFoundError, RuleError
from web.commands import make_move
from web.pages.actions import MOVE_FORMS, move_forms
from web.pages.common import services
from web.pages.forms import DateProblem, attempt, extension_from_form
from web.schemas import MOVES, load

bp = Blueprint("update", __name__)

LINK_MOVES = ("note_progress", "complete", "request_extension")


class LinkProblem(Exception):
    """The link cannot be used; carries the page to show, and whether a new link may be asked for from it."""

    def __init__(self, status: int, title: str, message: str, clerk: dict[str, Any] | None = None, *,
                 renewable: bool = False) -> None:
        super().__init__(message)
        self.status, self.title, self.message, self.clerk = status, title, message, clerk
        self.renewable = renewable


def _clerk_of(reference: str) -> dict[str, Any] | None:
    s = services()
    try:
        committee = s.read.query("committee_by_id", str(s.tracker.action(reference)["committee_id"]))
    except NotFoundError:
        return None
    return s.read.query("person_by_id", committee["clerk_id"]) if committee and committee["clerk_id"] else None


def _still_theirs(claim: LinkClaim | None) -> bool:
    """Whether an old link's action is still with its person, at the address it was sent to."""
    if claim is None:
        return False
    s = services()
    try:
        owner = s.tracker.action(claim.reference)["owner_id"]
    except NotFoundError:
        return False
    person = s.read.query("person_by_id", str(claim.person_id))
    return owner == claim.person_id and person is not None and claim.sent_to(person["email"] or "")


def _check(token: str) -> tuple[LinkClaim, dict[str, Any]]:
    """The claim and the action, if this link may be used now; raises LinkProblem otherwise."""
    s = services()
    try:
        claim = s.links.read(token)
    except ExpiredLinkError as e:
        clerk = _clerk_of(e.claim.reference) if e.claim else None
        raise LinkProblem(410, "This link has expired", str(e), clerk, renewable=_still_theirs(e.claim)) from None
    except LinkError as e:
        raise LinkProblem(400, "This link cannot be used", str(e)) from None
    try:
        action = s.tracker.action(claim.reference)
    except NotFoundError:
        raise LinkProblem(404, "This link cannot be used", "The undertaking it was for no longer exists.") from None
    clerk = _clerk_of(claim.reference)
    revoked = action["links_revoked_at"]
    if revoked is not None and claim.issued_at <= revoked:
        raise LinkProblem(410, "This link has been withdrawn",
                          "The clerk withdrew the links e-mailed for this undertaking before this one was used.", clerk,
                          renewable=True)
    if action["owner_id"] != claim.person_id:
        raise LinkProblem(403, "This undertaking is now with someone else",
                          f"{action['reference']} was passed to someone else after this link was sent, so it no "
                          "longer lets you update it.", clerk)
    person = services().read.query("person_by_id", str(claim.person_id))
    if person is None or not claim.sent_to(person["email"] or ""):
        raise LinkProblem(403, "This link was sent to an old address",
                          "The e-mail address on file for the person it was sent to has changed since, so it no "
                          "longer works.", clerk)
    return claim, action


def _page(token: str, *, errors: dict[str, str] | None = None, values: Any = None, open_move: str | None = None,
          status: int = 200, conflict: str = "") -> Any:
    try:
        claim, action = _check(token)
    except LinkProblem as problem:
        return render_template("update/problem.html", errors={}, problem=problem, token=token), problem.status
    s = services()
    read = s.read
    person = read.query("person_by_id", str(claim.person_id)) or {"name": "", "email": ""}
    committee = read.query("committee_by_id", str(action["committee_id"]))
    origin = read.query("meeting_by_id", str(action["meeting_id"])) if action["meeting_id"] else None
    st = standing(is_done=action["status"] not in ("logged", "acknowledged"), due_date=action["due_date"],
                  extension_pending=action["extension"] is not None, today=london_today(), calendar=s.calendar)
    moves = [m for m in LINK_MOVES if m in action["allowed_moves"]]
    return render_template(
        "update/page.html", token=token, action=action, person=person, committee=committee, origin=origin,
        standing=st, moves=moves, forms=move_forms(), errors=errors or {}, values=values or {}, open_move=open_move,
        conflict=conflict, clerk=_clerk_of(action["reference"]),
    ), status


@bp.get("/update/<token>")
def show(token: str) -> Any:
    """What the link is for, and the forms."""
    return _page(token)


def _payload(move: str, action: dict[str, Any]) -> tuple[dict[str, Any], dict[str, DateProblem]]:
    """The form as the move's input, and what is wrong with its date's boxes, read before the schema sees them."""
    form = request.form
    # A date's day, month and year boxes are named "<field>-day" and so on: they are read together below.
    payload: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token" and "-" not in k and v.strip()}
    if move == "complete":
        payload["evidence"] = [line.strip() for line in form.get("evidence", "").splitlines() if line.strip()]
    if move != "request_extension":
        return payload, {}
    payload.pop("due_date", None)  # only the boxes say the date
    asked, problem = extension_from_form(form, "due_date", action["due_date"])
    if problem:
        return payload, {"due_date": problem}
    return {**payload, "due_date": asked}, {}


@bp.post("/update/<token>/<move>")
def make(token: str, move: str) -> Any:
    """Post an update, mark it complete, or ask for more time, as the person the link was sent to."""
    try:
        claim, action = _check(token)
    except LinkProblem as problem:
        return render_template("update/problem.html", errors={}, problem=problem, token=token), problem.status
    if move not in LINK_MOVES:
        return _page(token, errors={"form": "An e-mailed link can post an update, mark complete or ask for more time."},
                     status=404)
    form = request.form
    payload, problems = _payload(move, action)
    actor = f"person:{claim.person_id}"
    if problems:  # reported with every other problem in the form, and nothing is changed
        _, errors, conflict = attempt(lambda: load(MOVES[move][0], payload))
        errors.update(problems)
    else:
        _, errors, conflict = attempt(lambda: make_move(services(), action["reference"], move, payload, actor=actor))
    if not errors:
        flash({"note_progress": "Thank you: your update was saved.",
               "complete": f"Thank you: {action['reference']} is marked complete. The clerk will close it.",
               "request_extension": "Thank you: your request for more time was sent to the clerk."}[move])
        return redirect(url_for("update.show", token=token))
    if conflict is not None:
        return _page(token, values=form, open_move=move, status=409,
                     conflict="Someone else changed this undertaking while you were writing. Nothing was saved: "
                              "check it below and send yours again.")
    return _page(token, errors={f"{move}-{k}": errors[k] for k in sorted(errors, key=_form_order(move))}, values=form,
                 open_move=move, status=400)


def _form_order(move: str) -> Callable[[str], int]:
    """Where a field's problem goes in the error summary: the form's own first, then top to bottom."""
    names = ["form", *(name for name, *_ in MOVE_FORMS[move]["fields"])]
    return lambda field: names.index(field) if field in names else len(names)


@bp.post("/update/<token>/new-link")
def new_link(token: str) -> Any:
    """E-mail a new link to the address on file, from a link that has expired or was withdrawn."""
    s = services()
    try:
        claim = s.links.read(token)
    except ExpiredLinkError as e:
        claim = e.claim
    except LinkError:
        claim = None
    problem = None
    try:
        _check(token)
    except LinkProblem as found:
        problem = found
    if claim is None or problem is None or not problem.renewable:
        # Only a link that is ours, and expired or withdrawn (not one for an action now with someone else, or
        # sent to an address since corrected), may ask for a new one.
        refusal = problem or LinkProblem(400, "This link still works", "Use it: it has not expired.")
        return render_template("update/problem.html", errors={}, problem=refusal, token=token), refusal.status
    try:
        s.tracker.send_update_link(claim.reference, actor=f"person:{claim.person_id}")
    except (RuleError, NotFoundError) as e:
        refusal = LinkProblem(409, "No new link was sent", str(e), problem.clerk)
        return render_template("update/problem.html", errors={}, problem=refusal, token=token), 409
    return render_template("update/new_link.html", errors={}, clerk=problem.clerk, reference=claim.reference)

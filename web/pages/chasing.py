"""Chasing, for clerks: per committee what was sent, what is queued or stuck, who is due a chase, the policy,
and pausing; per action, pausing and revoking e-mailed update links."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from events.chaser import Chaser
from tracker.domain.calendar import london_today
from tracker.domain.chasing import ChasePolicy
from tracker.domain.errors import NotFoundError
from web.auth import require, sign_in_required
from web.pages.common import committee_or_404, services, viewer
from web.pages.forms import attempt
from web.policy import clerks, may_review
from web.schemas import ChasePolicySchema, ReasonSchema, load

bp = Blueprint("chasing", __name__)


def _context(committee: dict[str, Any]) -> dict[str, Any]:
    s = services()
    box = s.outbox
    now = datetime.now(timezone.utc)
    planned, skipped = Chaser(s, box, every_minutes=s.settings.chase_every_minutes).plan(now)
    mine = {r["reference"] for r in s.read.view.chase_candidates(london_today()) if r["committee_id"] == committee["id"]}
    return {
        "committee": committee,
        "messages": box.view.messages(committee_id=committee["id"], limit=100),
        "chases": s.read.view.chases(committee_id=committee["id"], limit=100),
        "due_now": [p for p in planned if p.reference in mine],
        "skipped": [(ref, why) for ref, why in skipped if ref in mine],
        "people": {p["id"]: p for p in s.read.query("people")},
        "can_change": clerks(viewer(), committee),
    }


@bp.get("/committees/<short_name>/chasing")
@sign_in_required
def committee(short_name: str) -> str:
    """What the chaser has sent and will send for a committee."""
    c = committee_or_404(short_name)
    require(may_review(viewer(), c))
    return render_template("chasing/committee.html", errors={}, form={}, **_context(c))


@bp.post("/committees/<short_name>/chasing")
@sign_in_required
def change(short_name: str) -> Any:
    """Pause or resume chasing a committee, or change its chasing policy."""
    c = committee_or_404(short_name)
    require(clerks(viewer(), c))
    tracker, actor, form = services().tracker, viewer().actor, request.form
    what = form.get("change")
    if what == "pause":
        command = lambda: tracker.pause_committee_chasing(c["short_name"], actor=actor, **load(ReasonSchema, _reason()))  # noqa: E731
        done = "Chasing is paused for this committee."
    elif what == "resume":
        command = lambda: tracker.resume_committee_chasing(c["short_name"], actor=actor, reason=form.get("reason", ""))  # noqa: E731
        done = "Chasing is on again for this committee."
    else:
        def command() -> Any:
            values = load(ChasePolicySchema, {k: form.get(k, "") for k in ChasePolicySchema().fields})
            return tracker.change_chase_policy(c["short_name"], actor=actor, policy=ChasePolicy(**values))
        done = "The chasing policy was changed."
    _, errors, _ = attempt(command, general_field="reason" if what in ("pause", "resume") else "form")
    if errors:
        return render_template("chasing/committee.html", errors=errors, form=form, **_context(c)), 400
    flash(done)
    return redirect(url_for("chasing.committee", short_name=c["short_name"]))


def _reason() -> dict[str, str]:
    return {"reason": request.form.get("reason", "")}


@bp.post("/actions/<reference>/chasing")
@sign_in_required
def action(reference: str) -> Any:
    """Pause or resume chasing one action, or revoke its e-mailed update links."""
    from web.pages.actions import render_action

    s = services()
    try:
        state = s.tracker.action(reference)
    except NotFoundError:
        return render_action(reference)  # its 404
    c = s.read.query("committee_by_id", str(state["committee_id"]))
    require(clerks(viewer(), c))
    tracker, actor, what = s.tracker, viewer().actor, request.form.get("change")
    version = request.form.get("expected_version") or None
    expected = int(version) if version and version.isdigit() else None
    commands = {
        "pause": ("Chasing is paused for this action.",
                  lambda: tracker.pause_chasing(reference, actor=actor, expected_version=expected, **load(ReasonSchema, _reason()))),
        "resume": ("Chasing is on again for this action.",
                   lambda: tracker.resume_chasing(reference, actor=actor, expected_version=expected,
                                                  reason=request.form.get("reason", ""))),
        "revoke": ("Every update link e-mailed so far for this action has stopped working.",
                   lambda: tracker.revoke_update_links(reference, actor=actor, expected_version=expected,
                                                       **load(ReasonSchema, _reason()))),
        "send_link": ("A new update link is on its way to the owner (it goes out in office hours).",
                      lambda: tracker.send_update_link(reference, actor=actor)),
    }
    if what not in commands:
        return render_action(reference, errors={"chasing-reason": "Choose what to change."}, status=400)
    done, command = commands[what]
    _, errors, conflict = attempt(command, general_field="reason")
    if errors:
        return render_action(reference, errors={f"chasing-{k}": v for k, v in errors.items()},
                             status=409 if conflict else 400, chasing_values=request.form)
    flash(done)
    return redirect(url_for("actions.show", reference=reference.upper()))

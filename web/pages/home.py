"""The home page for each role: what the signed-in user should look at first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, render_template

from events.view import ActionFilter
from tracker.domain.calendar import london_today
from tracker.domain.values import Role
from web.auth import sign_in_required
from web.pages.common import page_with_standing, services, viewer
from web.policy import chairs, clerks

bp = Blueprint("home", __name__)
SOON_DAYS = 14


@bp.get("/")
@sign_in_required
def index() -> str:
    """Clerks: their committees' overdue and due-soon items. Officers: what they owe. Chairs: their next review."""
    me = viewer()
    read = services().read
    today = london_today()
    committees = read.query("committees")
    mine = [c for c in committees if clerks(me, c) or chairs(me, c)] if me.role is not Role.ADMIN else committees
    sections: list[dict[str, Any]] = []
    for committee in mine:
        f = ActionFilter(committee_id=UUID(committee["id"]), statuses=("open",), due_to=today + timedelta(days=SOON_DAYS),
                         per_page=50)
        upcoming = [m for m in read.query("meetings", UUID(committee["id"]))
                    if m["status"] == "scheduled" and m["starts_at"].date() >= today]
        sections.append({
            "committee": committee,
            "page": page_with_standing(read.list_actions(f), today),
            "next_meeting": upcoming[-1] if upcoming else None,
            "chair": chairs(me, committee),
        })
    owed = None
    if me.person_id:
        owed = page_with_standing(read.list_actions(ActionFilter(owner_id=UUID(me.person_id), statuses=("open",),
                                                                 per_page=100)), today)
    return render_template("pages/home.html", sections=sections, owed=owed, committees=committees, soon=SOON_DAYS)

"""The home page for each role: what the signed-in user should look at first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Blueprint, render_template

from events.review import pre_meeting_review
from events.view import ActionFilter
from tracker.domain.calendar import london_today
from tracker.domain.values import Role
from web.auth import sign_in_required
from web.pages.common import page_with_standing, services, viewer
from web.policy import chairs, clerks

bp = Blueprint("home", __name__)
SOON_DAYS = 14
# The parts of the pre-meeting review a chair sees at home: its key in pre_meeting_review, and its heading.
REVIEW_SECTIONS = (
    ("overdue", "Overdue"),
    ("due", "Due by the meeting"),
    ("awaiting_acceptance", "Completed, awaiting the committee's acceptance"),
    ("extensions_requested", "Extensions requested"),
)


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
        next_meeting = upcoming[-1] if upcoming else None
        chair = chairs(me, committee)
        # A chair sees the next meeting's review; everyone else (or a chair with no meeting ahead) what is due soon.
        review = pre_meeting_review(read, services().calendar, next_meeting, today) if chair and next_meeting else None
        sections.append({
            "committee": committee,
            "page": None if review else page_with_standing(read.list_actions(f), today),
            "next_meeting": next_meeting,
            "chair": chair,
            "review": [(key, heading, review[key]) for key, heading in REVIEW_SECTIONS] if review else None,
        })
    owed = None
    if me.person_id:
        owed = page_with_standing(read.list_actions(ActionFilter(owner_id=UUID(me.person_id), statuses=("open",),
                                                                 per_page=100)), today)
    return render_template("pages/home.html", sections=sections, owed=owed, committees=committees, soon=SOON_DAYS)

"""The public, read-only action logs of committees that publish them; no sign-in.

What "published" means: a committee marked public publishes its whole log, every undertaking's reference,
title, minute reference, owner's name and organisation, due date, status and RAG, and the owner's latest
progress update (written to be reported to the committee). Everything else stays internal: e-mail
addresses, comments, extension requests and their reasons, completion responses and the timeline.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template, request

from events.view import ActionFilter
from tracker.domain.calendar import london_today
from web.pages.common import committee_or_404, page_with_standing, services

bp = Blueprint("public", __name__)
PER_PAGE = 25

# The only fields of a row a public page is given, so nothing internal can reach the template.
PUBLISHED = ("reference", "title", "minute_ref", "owner_name", "owner_organisation", "due_date", "due_next_meeting",
             "status", "rag", "last_update", "last_update_at")


def published(row: dict[str, Any]) -> dict[str, Any]:
    """The published part of an action row."""
    return {key: row[key] for key in PUBLISHED}


@bp.get("/public")
def index() -> str:
    """The committees that publish their action logs."""
    read = services().read
    counts = read.query("counts")
    overdue = read.query("overdue_counts", london_today())
    committees = [
        {"short_name": c["short_name"], "name": c["name"], "authority": c["authority"],
         "open": sum(n for s, n in counts.get(c["id"], {}).items() if s in ("logged", "acknowledged")),
         "overdue": overdue.get(c["id"], 0)}
        for c in read.query("committees") if c["public"]
    ]
    return render_template("public/index.html", committees=committees)


@bp.get("/public/<short_name>")
def committee(short_name: str) -> str:
    """One committee's published action log, a page at a time."""
    c = committee_or_404(short_name)
    if not c["public"]:
        abort(404, f"There is no published log for {short_name.upper()}.")
    number = max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))
    page = page_with_standing(services().read.list_actions(
        ActionFilter(committee_id=UUID(c["id"]), page=number, per_page=PER_PAGE)))
    page.rows = [published(r) for r in page.rows]
    return render_template("public/committee.html", committee={k: c[k] for k in ("short_name", "name", "authority")},
                           page=page)

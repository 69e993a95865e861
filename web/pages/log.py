"""Committees and each committee's action log: filter, sort, paginate, and "as at" a date or past meeting."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request

from tracker.domain.calendar import london_today, to_london
from web.auth import sign_in_required
from web.pages.common import committee_or_404, page_with_standing, services, viewer
from web.filters import london
from web.pages.filters_form import as_at_moment, owner_choices, parse, select_items, typed_dates
from web.policy import may_log, may_review

bp = Blueprint("log", __name__)


@bp.get("/committees")
@sign_in_required
def committees() -> str:
    """Every committee with its counts."""
    read = services().read
    counts = read.query("counts")
    overdue = read.query("overdue_counts", london_today())
    rows = [
        {**c, "counts": counts.get(c["id"], {}), "overdue": overdue.get(c["id"], 0)} for c in read.query("committees")
    ]
    return render_template("pages/committees.html", committees=rows)


@bp.get("/committees/<short_name>")
@sign_in_required
def committee(short_name: str) -> tuple[str, int]:
    """One committee's action log."""
    c = committee_or_404(short_name)
    read = services().read
    f, values, errors = parse(request.args)
    f.committee_id = UUID(c["id"])
    meetings = read.query("meetings", UUID(c["id"]))
    as_at, as_at_label, as_at_problem = as_at_moment(values, meetings)
    if as_at_problem:  # another committee's meeting, or none: say so, as for any other bad filter
        errors["as_at_meeting"] = [as_at_problem]
    today = london_today() if as_at is None else to_london(as_at).date()
    page = page_with_standing(read.list_actions(f, as_of=as_at), today)
    people = read.query("people")
    organisations = sorted({p["organisation"] for p in people if p["organisation"]})
    query = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    return render_template(
        "pages/committee_log.html", committee=c, page=page, values=values, errors=errors, meetings=meetings,
        as_at_label=as_at_label, query=query, dates=typed_dates(request.args, values),
        items=select_items(values, owner_choices(people), organisations, meetings, london),
        can_log=may_log(viewer(), c), can_review=may_review(viewer(), c),
    ), 400 if errors else 200

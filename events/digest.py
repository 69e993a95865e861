"""The clerk's daily digest of a committee's log: what is overdue, due soon, waiting for a decision, chased."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from events.letters import day as day_text
from events.outbox import OutboxView
from events.standing import with_standing
from events.view import ActionFilter, ActionLogView
from tracker.domain.calendar import AMBER_WORKING_DAYS, WorkingCalendar


def open_actions(view: ActionLogView, committee_id: str) -> list[dict[str, Any]]:
    """Every open action of a committee, read from the view a page at a time."""
    f = ActionFilter(committee_id=UUID(committee_id), statuses=("open",), per_page=500)
    rows: list[dict[str, Any]] = []
    while True:
        page = view.list_actions(f)
        rows += page.rows
        if page.page >= page.pages:
            return rows
        f.page += 1


def digest_context(read: ActionLogView, outbox: OutboxView, calendar: WorkingCalendar, committee: dict[str, Any],
                   day: date, *, log_url: str) -> dict[str, Any]:
    """The plain data the digest templates show."""
    rows = with_standing(open_actions(read, committee["id"]), day, calendar)
    for r in rows:
        r["due_text"] = day_text(r["due_date"]) if r["due_date"] else "with no date"
        r["extension_text"] = day_text(date.fromisoformat(r["extension_due"])) if r["extension_due"] else "more time"
    since = calendar.add_working_days(day, -1)
    chases = [dict(ch, on_text=day_text(date.fromisoformat(ch["on_day"])))
              for ch in outbox.chases_of(committee_id=committee["id"]) if ch["on_day"] >= since.isoformat()]
    stuck = [m for m in outbox.messages(status=("queued", "failed"), committee_id=committee["id"])
             if m["status"] == "failed" or m["attempts"] > 0]
    return {
        "committee": committee,
        "day_text": f"{day:%A} {day_text(day)}",
        "overdue": sorted((r for r in rows if r["overdue"]), key=lambda r: -r["days_overdue"]),
        "due_soon": [r for r in rows if not r["overdue"] and r["working_days_until_due"] is not None
                     and r["working_days_until_due"] <= AMBER_WORKING_DAYS],
        "horizon": AMBER_WORKING_DAYS,
        "extensions": [r for r in rows if r["extension_pending"]],
        "chases": chases,
        "stuck": stuck,
        "log_url": log_url,
    }

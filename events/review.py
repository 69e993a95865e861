"""The chair's pre-meeting review as one query of the read side: what is overdue, due, done and waiting, what
needs more time, and what changed since the previous meeting. The HTML page, its CSV and XLSX downloads
(web/pages/review.py) and the JSON API (web/api/review.py) all present this."""

from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from typing import TYPE_CHECKING, Any
from uuid import UUID

from events.standing import with_standing
from events.view import OPEN_STATUSES, ActionFilter
from tracker.domain.calendar import WorkingCalendar, london_today, to_london

if TYPE_CHECKING:
    from events.readside import ReadSide

BATCH = 500  # the most rows the view gives in one page


def pre_meeting_review(
    read: ReadSide, calendar: WorkingCalendar, meeting: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """What the chair and clerk go through before a meeting, as plain data.

    `meeting` is a meeting row of the view (id, committee_id, starts_at as an aware datetime, title, status,
    version); `today` defaults to today in Europe/London. Returns a dict:

        meeting                 the meeting row as given
        committee               the committee row (id, short_name, name, authority, chair_id, clerk_id, public, version)
        previous                the committee's latest meeting, not cancelled, before this one; or None
        today                   the date the standing below was worked out for
        meeting_date            the meeting's date in Europe/London
        overdue                 open actions past their due date, most days overdue first
        due                     open actions due by this meeting (by date or "by the next meeting" set to it),
                                not yet overdue, earliest first
        awaiting_acceptance     completed actions the committee has still to accept or the clerk to close,
                                least recently changed first
        extensions_requested    open actions whose owner asked for more time, awaiting a decision
        changes_since_previous  the actions whose status, due date, extension or owner changed, or that had a
                                progress update, since the previous meeting began: each the action as it stands
                                now with "changes", a list of {"at": aware datetime, "text": what changed}
                                (empty when there is no previous meeting)

    Each action is a row of the action log view (reference, title, status, owner_id, owner_name,
    owner_organisation, due_date, last_update, last_update_at, extension_due as a date, ...) with
    rag, overdue, days_overdue and working_days_until_due added. An action may be in more than one list
    (overdue with an extension requested, say).
    """
    today = today or london_today()
    committee_id = UUID(str(meeting["committee_id"]))
    meeting_date = to_london(meeting["starts_at"]).date()

    def rows(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "extension_due": _date(r.get("extension_due"))} for r in with_standing(found, today, calendar)]

    open_rows = rows(_every(read, ActionFilter(committee_id=committee_id, statuses=("open",))))
    previous = previous_meeting(read, meeting)
    changed = []
    if previous:
        versions = rows(read.query("action_versions_since", committee_id, previous["starts_at"]))
        changed = changes_since(versions, previous["starts_at"])
    return {
        "meeting": meeting,
        "committee": read.query("committee_by_id", str(committee_id)),
        "previous": previous,
        "today": today,
        "meeting_date": meeting_date,
        "overdue": sorted((r for r in open_rows if r["overdue"]), key=lambda r: -r["days_overdue"]),
        "due": [r for r in open_rows if not r["overdue"] and _due_by(r, meeting, meeting_date)],
        "awaiting_acceptance": rows(_every(read, ActionFilter(committee_id=committee_id, statuses=("completed",),
                                                             sort="updated"))),
        "extensions_requested": [r for r in open_rows if r["extension_pending"]],
        "changes_since_previous": changed,
    }


def previous_meeting(read: ReadSide, meeting: dict[str, Any]) -> dict[str, Any] | None:
    """The committee's latest meeting before this one that was not cancelled, or None."""
    earlier = [m for m in read.query("meetings", UUID(str(meeting["committee_id"])))
               if m["status"] != "cancelled" and m["starts_at"] < meeting["starts_at"]]
    return max(earlier, key=lambda m: m["starts_at"]) if earlier else None


def _due_by(row: dict[str, Any], meeting: dict[str, Any], meeting_date: date) -> bool:
    if row["due_meeting_id"] == str(meeting["id"]):
        return True
    return row["due_date"] is not None and row["due_date"] <= meeting_date


def _every(read: ReadSide, f: ActionFilter) -> list[dict[str, Any]]:
    """Every row the filter matches, a batch at a time."""
    f.per_page, f.page = BATCH, 1
    rows: list[dict[str, Any]] = []
    while True:
        page = read.list_actions(f)
        rows += page.rows
        if page.page >= page.pages:
            return rows
        f.page += 1


# What changed


def changes_since(versions: list[dict[str, Any]], since: datetime) -> list[dict[str, Any]]:
    """Per action, the status, due date, extension and owner changes (and updates) recorded after a moment.

    `versions` are rows of the view's action versions, grouped by action, oldest first, each action led by the
    version it stood at then if it existed (as ReadSide.query("action_versions_since", ...) gives them).
    """
    result = []
    for _, group in groupby(versions, key=lambda v: v["id"]):
        chain = list(group)
        before = chain[0] if chain[0]["modified_at"] <= since else None
        changes: list[dict[str, Any]] = []
        for version in chain[1:] if before else chain:
            changes += [{"at": version["modified_at"], "text": text} for text in _differences(before, version)]
            before = version
        if changes:
            result.append({**chain[-1], "changes": changes})
    return result


def _differences(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return [f"Logged, due {_day(after['due_date']) or 'none'}"]
    texts = []
    if before["status"] != after["status"]:
        if after["status"] == "closed" and after["accepted_meeting_id"]:
            texts.append("Accepted by the committee and closed")
        else:
            texts.append(f"Status {_status(before['status'])} → {_status(after['status'])}")
    if before["due_date"] != after["due_date"]:
        texts.append(f"Due date {_day(before['due_date']) or 'none'} → {_day(after['due_date']) or 'none'}")
    if after["extension_pending"] and not before["extension_pending"]:
        texts.append(f"Extension asked to {_day(after['extension_due'])}")
    elif before["extension_pending"] and not after["extension_pending"] and after["status"] in OPEN_STATUSES:
        texts.append("Extension granted" if before["due_date"] != after["due_date"] else "Extension refused")
    if before["owner_id"] != after["owner_id"]:
        texts.append(f"Owner {before['owner_name']} → {after['owner_name']}")
    if before["last_update_at"] != after["last_update_at"]:
        texts.append("Progress update posted")
    return texts


def _date(value: date | str | None) -> date | None:
    """A date, from the ISO text some view columns hold it as."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _day(value: date | str | None) -> str:
    """A date as people write it (as web.filters.day does), or "" for none."""
    found = _date(value)
    return f"{found:%-d %B %Y}" if found else ""


def _status(value: str) -> str:
    """A status as people say it (as web.filters.STATUS_LABELS has them)."""
    return value.capitalize()

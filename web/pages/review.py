"""The chair's pre-meeting review: what the committee should look at, printable and downloadable as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, timezone
from itertools import groupby
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for

from events.view import ActionFilter
from tracker.domain.calendar import to_london
from web.auth import require, sign_in_required
from web.filters import RAG_TAGS, STATUS_LABELS, day, london
from web.pages.common import meeting_or_404, services, viewer, with_standing
from web.pages.forms import attempt
from web.policy import may_review

bp = Blueprint("review", __name__)

OPEN = ("logged", "acknowledged")

# Each section of the review: its key, its heading (also the XLSX sheet's name) and the columns it exports.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("overdue", "Overdue", ("reference", "title", "minute_ref", "owner", "organisation", "due", "days_overdue",
                            "chases", "last_update", "last_update_at", "rag")),
    ("due", "Due by this meeting", ("reference", "title", "minute_ref", "owner", "organisation", "due", "status",
                                    "last_update", "last_update_at", "rag")),
    ("completed", "Awaiting acceptance", ("reference", "title", "minute_ref", "owner", "organisation", "due",
                                          "completed_at", "status")),
    ("extensions", "Extensions requested", ("reference", "title", "owner", "organisation", "due", "extension_due",
                                            "rag")),
    ("changed", "Changed since last meeting", ("reference", "title", "owner", "status", "changes")),
)


def _text(row: dict[str, Any], key: str) -> Any:
    return row.get(key) or ""


def _local_day(row: dict[str, Any], key: str) -> date | str:
    return to_london(row[key]).date() if row.get(key) else ""


# Each column: its header, its width in an XLSX sheet (characters), and how to get its value from a row.
COLUMNS: dict[str, tuple[str, int, Callable[[dict[str, Any]], Any]]] = {
    "reference": ("Reference", 13, lambda r: r["reference"]),
    "title": ("Undertaking", 60, lambda r: r["title"]),
    "minute_ref": ("Minute", 10, lambda r: _text(r, "minute_ref")),
    "owner": ("Owner", 26, lambda r: _text(r, "owner_name")),
    "organisation": ("Organisation", 26, lambda r: _text(r, "owner_organisation")),
    "due": ("Due", 14, lambda r: r["due_date"] or ("Next meeting" if r.get("due_next_meeting") else "")),
    "status": ("Status", 14, lambda r: STATUS_LABELS.get(r["status"], r["status"])),
    "rag": ("RAG", 10, lambda r: RAG_TAGS[r["rag"]][0] if r.get("rag") else ""),
    "days_overdue": ("Days overdue", 9, lambda r: r.get("days_overdue", 0)),
    "chases": ("Chases sent", 9, lambda r: r.get("chases", 0)),
    "last_update": ("Last update", 60, lambda r: _text(r, "last_update")),
    "last_update_at": ("Last update on", 15, lambda r: _local_day(r, "last_update_at")),
    "completed_at": ("Completed on", 15, lambda r: _local_day(r, "completed_at")),
    "extension_due": ("Extension asked to", 15, lambda r: r.get("extension_date") or ""),
    "changes": ("What changed", 80, lambda r: "\n".join(f"{london(c['at'])}: {c['text']}" for c in r["changes"])),
}


# The sections, as plain data. The API's review_data(services, meeting) (web/api/review.py) computes the same
# sections for JSON; the two should be unified into one query function once both exist.


def review_sections(
    meeting: dict[str, Any], previous: dict[str, Any] | None, rows: list[dict[str, Any]], versions: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The review's sections, from the committee's open and completed rows (with standing) and, for "what
    changed", the versions of its actions since the previous meeting began (with standing)."""
    meeting_day = to_london(meeting["starts_at"]).date()
    rows = [{**r, "extension_date": date.fromisoformat(r["extension_due"]) if r.get("extension_due") else None}
            for r in rows]
    open_rows = [r for r in rows if r["status"] in OPEN]

    def due_by_meeting(r: dict[str, Any]) -> bool:
        return r["due_meeting_id"] == str(meeting["id"]) or (r["due_date"] is not None and r["due_date"] <= meeting_day)

    # There is no chaser yet: every overdue item shows 0 chases, unless the row carries a count (the chaser
    # issue adds "chases" to the view and this default then gives way to it).
    overdue = [{**r, "chases": r.get("chases", 0)} for r in open_rows if r["overdue"]]
    return {
        "overdue": sorted(overdue, key=lambda r: -r["days_overdue"]),
        "due": [r for r in open_rows if not r["overdue"] and due_by_meeting(r)],
        "completed": [r for r in rows if r["status"] == "completed"],
        "extensions": [r for r in open_rows if r["extension_pending"]],
        "changed": changes_since(versions, previous["starts_at"]) if previous else [],
    }


def changes_since(versions: list[dict[str, Any]], since: datetime) -> list[dict[str, Any]]:
    """Per action, the status, due date, extension and owner changes (and updates) recorded after a moment."""
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


def _due(row: dict[str, Any]) -> str:
    return day(row["due_date"]) if row["due_date"] else "none"


def _differences(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    if before is None:
        return [f"Logged, due {_due(after)}"]
    texts = []
    if before["status"] != after["status"]:
        if after["status"] == "closed" and after["accepted_meeting_id"]:
            texts.append("Accepted by the committee and closed")
        else:
            texts.append(f"Status {STATUS_LABELS[before['status']]} → {STATUS_LABELS[after['status']]}")
    if before["due_date"] != after["due_date"]:
        texts.append(f"Due date {_due(before)} → {_due(after)}")
    if after["extension_pending"] and not before["extension_pending"]:
        texts.append(f"Extension asked to {day(date.fromisoformat(after['extension_due']))}")
    elif before["extension_pending"] and not after["extension_pending"] and after["status"] in OPEN:
        texts.append("Extension granted" if before["due_date"] != after["due_date"] else "Extension refused")
    if before["owner_id"] != after["owner_id"]:
        texts.append(f"Owner {before['owner_name']} → {after['owner_name']}")
    if before["last_update_at"] != after["last_update_at"]:
        texts.append("Progress update posted")
    return texts


def _all_rows(f: ActionFilter) -> list[dict[str, Any]]:
    read = services().read
    f.per_page, f.page = 500, 1
    page = read.list_actions(f)
    rows = list(page.rows)
    while f.page < page.pages:
        f.page += 1
        rows += read.list_actions(f).rows
    return rows


def _review(meeting_id: str) -> dict[str, Any]:
    """The meeting, its committee, the previous meeting and the sections; 403 unless the user may review."""
    meeting = meeting_or_404(meeting_id)
    read = services().read
    committee = read.query("committee_by_id", meeting["committee_id"])
    require(may_review(viewer(), committee))
    earlier = [m for m in read.query("meetings", UUID(committee["id"]))
               if m["status"] != "cancelled" and m["starts_at"] < meeting["starts_at"]]
    previous = max(earlier, key=lambda m: m["starts_at"]) if earlier else None
    rows = with_standing(_all_rows(ActionFilter(committee_id=UUID(committee["id"]), statuses=("open", "completed"))))
    versions = []
    if previous:
        versions = with_standing(read.query("action_versions_since", UUID(committee["id"]), previous["starts_at"]))
    return {
        "meeting": meeting, "committee": committee, "previous": previous,
        "meeting_day": to_london(meeting["starts_at"]).date(), "prepared_at": datetime.now(timezone.utc),
        "sections": review_sections(meeting, previous, rows, versions), "headings": {k: t for k, t, _ in SECTIONS},
    }


@bp.get("/meetings/<meeting_id>/review")
@sign_in_required
def show(meeting_id: str) -> str:
    """The chair's review of a meeting."""
    return render_template("review/show.html", errors={}, **_review(meeting_id))


@bp.post("/meetings/<meeting_id>/review/accept")
@sign_in_required
def accept(meeting_id: str) -> Any:
    """Accept one completed undertaking, or all of those shown, at this meeting: each is closed."""
    context = _review(meeting_id)
    versions = {k.removeprefix("version-"): v for k, v in request.form.items() if k.startswith("version-")}
    choice = request.form.get("accept", "")
    references = list(versions) if choice == "all" else [choice] if choice in versions else []
    errors: dict[str, str] = {} if references else {"completed": "Choose an undertaking to accept."}
    accepted, stale = [], False
    for reference in references:
        error, conflict = _accept(reference, versions[reference], meeting_id)
        if error:
            errors[f"accept-{reference}"] = error
            stale = stale or conflict
        else:
            accepted.append(reference)
    if accepted:
        flash(f"Accepted at {context['meeting']['title']} and closed: {', '.join(accepted)}.")
    if errors:
        return render_template("review/show.html", errors=errors, **_review(meeting_id)), 409 if stale else 400
    return redirect(url_for("review.show", meeting_id=meeting_id))


def _accept(reference: str, version: str, meeting_id: str) -> tuple[str, bool]:
    """Accept one undertaking at the version the user saw; the message if that failed, and whether it was stale."""
    if not version.isdigit():
        return f"{reference} could not be accepted: reload the page and try again.", False
    _, errors, conflict = attempt(lambda: services().tracker.accept(
        reference, actor=viewer().actor, meeting_id=UUID(meeting_id), expected_version=int(version)))
    if conflict:
        return _what_changed(reference, int(version)), True
    return (f"{reference}: {errors['form']}" if errors else ""), False


def _what_changed(reference: str, seen: int) -> str:
    """Say what happened to an undertaking since the user's page was drawn."""
    later = [e for e in services().history.timeline(reference) if e["version"] > seen]
    what = "; ".join(f"{e['label'].lower()} by {e['actor_name']} on {london(e['at'])}" for e in later)
    status = STATUS_LABELS.get(services().tracker.action(reference)["status"], "").lower()
    return (f"{reference} was not accepted: it changed after you opened this page ({what}) and is now {status}. "
            "Check it below and accept it again if it is still right to.")


# Downloads


def _filename(context: dict[str, Any], extension: str) -> str:
    return f"{context['committee']['short_name']}-review-{context['meeting_day']:%Y-%m-%d}.{extension}"


def _cell(value: Any) -> Any:
    """A value for a spreadsheet cell; text that a spreadsheet would run as a formula is defused."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.get("/meetings/<meeting_id>/review.csv")
@sign_in_required
def download_csv(meeting_id: str) -> Response:
    """The review as one CSV file, a section column first."""
    context = _review(meeting_id)
    keys = list(dict.fromkeys(k for _, _, columns in SECTIONS for k in columns))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Section"] + [COLUMNS[k][0] for k in keys])
    for section, heading, columns in SECTIONS:
        for row in context["sections"][section]:
            values = [COLUMNS[k][2](row) if k in columns else "" for k in keys]
            writer.writerow([heading] + [_cell(v.isoformat() if isinstance(v, date) else v) for v in values])
    # A byte-order mark, so Excel reads the file as UTF-8.
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(context, "csv")}"'
    return response


@bp.get("/meetings/<meeting_id>/review.xlsx")
@sign_in_required
def download_xlsx(meeting_id: str) -> Response:
    """The review as a workbook: one sheet per section, a bold header row, columns sized to their contents."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    context = _review(meeting_id)
    book = Workbook()
    book.remove(book.active)
    for section, heading, columns in SECTIONS:
        sheet = book.create_sheet(heading)
        sheet.append([COLUMNS[k][0] for k in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in context["sections"][section]:
            sheet.append([_cell(COLUMNS[k][2](row)) for k in columns])
        for i, key in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = COLUMNS[key][1]
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell.value, date):
                    cell.number_format = "d mmmm yyyy"
                elif isinstance(cell.value, str) and COLUMNS[key][1] >= 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return send_file(out, as_attachment=True, download_name=_filename(context, "xlsx"),
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

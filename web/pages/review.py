"""The chair's pre-meeting review: what the committee should look at, printable and downloadable as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for

from events.review import changes_since as changes_since  # re-exported: what changed, for those who look here
from events.review import pre_meeting_review
from tracker.domain.calendar import to_london
from web.auth import require, sign_in_required
from web.filters import RAG_TAGS, STATUS_LABELS, london
from web.pages.common import meeting_or_404, services, viewer
from web.pages.forms import attempt
from web.policy import may_review

bp = Blueprint("review", __name__)

# Each section of the review: its key, its heading (also the XLSX sheet's name) and the columns it exports.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("overdue", "Overdue", ("reference", "title", "minute_ref", "owner", "organisation", "due", "days_overdue",
                            "chases", "last_chased_on", "last_update", "last_update_at", "rag")),
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
    "last_chased_on": ("Last chased on", 15, lambda r: r.get("last_chased_on") or ""),
    "last_update": ("Last update", 60, lambda r: _text(r, "last_update")),
    "last_update_at": ("Last update on", 15, lambda r: _local_day(r, "last_update_at")),
    "completed_at": ("Completed on", 15, lambda r: _local_day(r, "completed_at")),
    "extension_due": ("Extension asked to", 15, lambda r: r.get("extension_due") or ""),
    "changes": ("What changed", 80, lambda r: "\n".join(f"{london(c['at'])}: {c['text']}" for c in r["changes"])),
}


# Where each section's rows come from in events.review.pre_meeting_review.
SOURCES = {"overdue": "overdue", "due": "due", "completed": "awaiting_acceptance",
           "extensions": "extensions_requested", "changed": "changes_since_previous"}


def _for_page(row: dict[str, Any]) -> dict[str, Any]:
    # The template shows the extension as extension_date.
    return {**row, "extension_date": row.get("extension_due")}


def _review(meeting_id: str) -> dict[str, Any]:
    """The meeting, its committee, the previous meeting and the sections; 403 unless the user may review."""
    meeting = meeting_or_404(meeting_id)
    read = services().read
    require(may_review(viewer(), read.query("committee_by_id", meeting["committee_id"])))
    data = pre_meeting_review(read, services().calendar, meeting)
    return {
        "meeting": meeting, "committee": data["committee"], "previous": data["previous"],
        "meeting_day": data["meeting_date"], "prepared_at": datetime.now(timezone.utc),
        "sections": {key: [_for_page(r) for r in data[source]] for key, source in SOURCES.items()},
        "headings": {k: t for k, t, _ in SECTIONS},
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

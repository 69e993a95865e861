"""Importing an existing action log: upload a .csv or .xlsx, check the columns and the preview, import it all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker.domain.errors import TrackerError
from web.auth import load_viewer, require, sign_in_required
from web.importing.columns import FIELDS, ColumnMap, check_mapping, column_names, guess
from web.importing.notes import next_meeting_notes, repeat_notes
from web.importing.plan import PREVIEW_ROWS, RowsRejectedError, import_sheet, preview
from web.importing.sheets import TYPES, ImportFileError, Sheet, read_sheet
from web.importing.uploads import UploadNotFoundError, Uploads
from web.pages.common import committee_or_404, services, viewer
from web.policy import may_log

bp = Blueprint("importing", __name__)
SUMMARY_ROWS = 20  # row problems listed in the error summary; all of them are listed on the page


def _committee(short_name: str) -> dict[str, Any]:
    committee = committee_or_404(short_name)
    require(may_log(viewer(), committee))
    return committee


def _uploads() -> Uploads:
    return Uploads(Path(current_app.extensions["settings"].instance) / "imports")


def _upload_page(committee: dict[str, Any], errors: dict[str, str], status: int = 200) -> Any:
    return render_template("importing/upload.html", committee=committee, errors=errors), status


@bp.get("/committees/<short_name>/import")
@sign_in_required
def start(short_name: str) -> Any:
    """Step 1: choose the file."""
    return _upload_page(_committee(short_name), {})


@bp.post("/committees/<short_name>/import")
@sign_in_required
def upload(short_name: str) -> Any:
    """Keep the file, read it once to be sure it is an action log, then show its columns."""
    committee = _committee(short_name)
    file = request.files.get("file")
    name = Path(file.filename or "").name if file else ""
    suffix = Path(name).suffix.lower()
    if not name:
        return _upload_page(committee, {"file": "Select a CSV or XLSX file of the action log."}, 400)
    if suffix not in TYPES:
        message = f"{name} must be a CSV or XLSX file: save it from Excel as .xlsx or .csv."
        return _upload_page(committee, {"file": message}, 400)
    data = file.read() if file else b""
    if not data.strip():
        return _upload_page(committee, {"file": f"{name} is empty: choose the file that holds the action log."}, 400)
    uploads = _uploads()
    upload_id = uploads.save(data, filename=name, suffix=suffix, owner=viewer().email, committee=committee["short_name"])
    try:
        read_sheet(uploads.open(upload_id, owner=viewer().email, committee=committee["short_name"])[0], filename=name)
    except ImportFileError as e:
        uploads.discard(upload_id)
        return _upload_page(committee, {"file": str(e)}, 400)
    return redirect(url_for("importing.columns", short_name=committee["short_name"], upload_id=upload_id))


@bp.route("/committees/<short_name>/import/<upload_id>", methods=["GET", "POST"])
@sign_in_required
def columns(short_name: str, upload_id: str) -> Any:
    """Step 2: the columns as guessed (or chosen), the first rows as they will be imported, and any problems.
    Step 3, once the preview shown is the one confirmed: import the whole file, or nothing."""
    committee = _committee(short_name)
    uploads = _uploads()
    try:
        path, meta = uploads.open(upload_id, owner=viewer().email, committee=committee["short_name"])
        sheet = read_sheet(path, filename=meta["filename"])
    except (UploadNotFoundError, ImportFileError):
        abort(404, "That upload was not found: it was imported already, or it has expired. Upload the file again.")
    mapping, errors = guess(sheet.headers), {}
    if request.method == "POST":
        mapping, errors = _chosen(sheet)
        if not errors and request.form.get("step") == "import":
            if request.form.get("previewed") != encode(mapping):
                errors["columns"] = "You changed the columns: check the preview with them below, then import."
            elif not check_mapping(mapping, sheet.headers):
                stopped = _import(committee, sheet, mapping, uploads, upload_id)
                if stopped is None:
                    return redirect(url_for("importing.done", short_name=committee["short_name"], upload_id=upload_id))
                errors = stopped
    errors.update(check_mapping(mapping, sheet.headers))
    planned = None
    if not errors.keys() & FIELDS.keys():
        planned = preview(services(), committee["short_name"], sheet, mapping, actor=f"import:{viewer().email}")
    if planned and planned.checked.problems:
        errors.update(_summary(planned.checked.problems))
    return render_template(
        "importing/preview.html", committee=committee, filename=meta["filename"], sheet=sheet, mapping=mapping,
        previewed=encode(mapping), selects=_selects(mapping, sheet), planned=planned, errors=errors,
        upload_id=upload_id, preview_rows=PREVIEW_ROWS,
    ), 400 if errors else 200


@bp.get("/committees/<short_name>/import/<upload_id>/done")
@sign_in_required
def done(short_name: str, upload_id: str) -> Any:
    """The confirmation, with links to the log."""
    committee = _committee(short_name)
    try:
        meta = _uploads().meta(upload_id, owner=viewer().email, committee=committee["short_name"])
    except UploadNotFoundError:
        abort(404, "That import was not found.")
    if meta["result"] is None:
        return redirect(url_for("importing.columns", short_name=committee["short_name"], upload_id=upload_id))
    return render_template("importing/done.html", committee=committee, filename=meta["filename"], result=meta["result"])


def _import(
    committee: dict[str, Any], sheet: Sheet, mapping: ColumnMap, uploads: Uploads, upload_id: str
) -> dict[str, str] | None:
    """Import the whole sheet and keep the result for the confirmation: None when done, else what stopped it."""
    try:
        outcome = import_sheet(services(), committee["short_name"], sheet, mapping, actor=f"import:{viewer().email}")
    except RowsRejectedError:
        return {}  # nothing written; the preview names every row and its problem
    except TrackerError as e:  # another import or a clerk's change got there first: nothing was written
        return {"form": str(e)}
    uploads.finish(upload_id, {"references": [ref for _, ref, _ in outcome.imported], "by_status": outcome.by_status,
                               "new_people": outcome.new_people, "already": len(outcome.already),
                               "notes": [*next_meeting_notes(outcome, done=True), *repeat_notes(outcome)]})
    return None


def encode(mapping: ColumnMap) -> str:
    """The columns of a preview, so an import can be sure it is the one the user saw."""
    return ",".join(f"{field}={column}" for field, column in sorted(mapping.items()))


def _selects(mapping: ColumnMap, sheet: Sheet) -> list[dict[str, Any]]:
    """A select per field, its column chosen: the guess, or what the user chose."""
    names = column_names(sheet.headers)
    return [
        {"field": field, "label": label,
         "choices": [{"value": "", "text": "Not in this file", "selected": field not in mapping}]
         + [{"value": str(i), "text": name, "selected": mapping.get(field) == i} for i, name in enumerate(names)]}
        for field, (label, _) in FIELDS.items()
    ]


def _chosen(sheet: Sheet) -> tuple[ColumnMap, dict[str, str]]:
    mapping, errors = {}, {}
    for field in FIELDS:
        value = request.form.get(f"map_{field}", "")
        if value.isdigit() and int(value) < len(sheet.headers):
            mapping[field] = int(value)
        elif value:
            errors[field] = "Choose one of the file's columns, or “Not in this file”."
    return mapping, errors


def _summary(problems: list[str]) -> dict[str, str]:
    """The first row problems for the error summary (each links to its line in the full list), then a count."""
    shown = {"problems": str(RowsRejectedError(problems))}
    shown.update({f"row-{p.split(':', 1)[0].removeprefix('Row ')}": p for p in problems[:SUMMARY_ROWS]})
    if len(problems) > SUMMARY_ROWS:
        shown["problems-more"] = f"… and {len(problems) - SUMMARY_ROWS} more rows with problems, all listed below."
    return shown


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Any:
    """A file over the web server's limit: the upload form with a message, never a bare error page."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    message = f"The selected file must be smaller than {limit} MB: split the log into parts, or save it as CSV."
    if "viewer" not in g:  # the limit stopped the request before the signed-in user was looked up
        load_viewer()
    try:
        committee = _committee((request.view_args or {}).get("short_name", ""))
    except HTTPException:
        return render_template("errors/error.html", code=413, title="The file is too large", description=message), 413
    return _upload_page(committee, {"file": message}, 413)

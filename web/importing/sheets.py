"""Reading an action log from a .csv or .xlsx file: its header row, and each row as the sheet numbers it."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.errors import TrackerError
from web.importing.columns import header_score

TYPES = (".csv", ".xlsx")
HEADER_SEARCH = 30  # rows to look through for the header: title rows and notes often come first
Progress = Callable[[int], None]


class ImportFileError(TrackerError):
    """Raised when a file cannot be read as an action log; the message says what to do instead."""


@dataclass
class Sheet:
    """The part of a file that is the action log."""

    name: str  # the worksheet's name (a CSV file has one, named after the file)
    file: str
    header_row: int  # as the sheet numbers it
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]  # (row number as the sheet shows it, cells), blank rows left out
    fingerprint: str  # of the whole file


def read_sheet(path: str | Path, *, filename: str | None = None, progress: Progress | None = None) -> Sheet:
    """The action log in a .csv or .xlsx file (the first worksheet with a header row)."""
    path = Path(path)
    name = filename or path.name
    kind = Path(name).suffix.lower()
    if kind not in TYPES:
        hint = " Save it from Excel as .xlsx, or as CSV, and try again." if kind in (".xls", ".ods", ".numbers") else ""
        raise ImportFileError(f"The file {name} must be a CSV or XLSX file.{hint}")
    try:
        data = path.read_bytes()
    except OSError:
        raise ImportFileError(f"The file {name} could not be opened: check its name and try again.") from None
    if not data.strip():
        raise ImportFileError(f"The file {name} is empty: choose the file that holds the action log.")
    fingerprint = hashlib.sha256(data).hexdigest()
    tables = _xlsx(data, name) if kind == ".xlsx" else [(Path(name).stem, _csv(data, name))]
    for title, rows in tables:
        sheet = _find_log(title, name, rows, fingerprint, progress)
        if sheet is not None:
            if not sheet.rows:
                raise ImportFileError(f"The file {name} has headers in row {sheet.header_row} but no actions below them.")
            return sheet
    raise ImportFileError(
        f"No header row was found in the first {HEADER_SEARCH} rows of {name}: the action log needs a row of headers "
        "naming at least the action (such as 'Action' or 'Description') and one more column (such as 'Lead Officer' "
        "or 'Due Date'). Add one above the first action and try again."
    )


def _find_log(
    title: str, file: str, rows: Iterator[tuple[int, list[Any]]], fingerprint: str, progress: Progress | None
) -> Sheet | None:
    for number, cells in rows:
        if number > HEADER_SEARCH:
            return None
        if header_score(cells) >= 2:
            width = len(cells)
            body = []
            for n, (at, row) in enumerate(rows, 1):
                row = (list(row) + [None] * width)[:width]
                if any(_filled(c) for c in row):
                    body.append((at, row))
                if progress and n % 500 == 0:
                    progress(500)
            if progress:
                progress(len(body) % 500)
            return Sheet(title, file, number, list(cells), body, fingerprint)
    return None


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _csv(data: bytes, name: str) -> Iterator[tuple[int, list[Any]]]:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(f"The file {name} is an Excel workbook, not a CSV file: rename it to end in .xlsx.")
    text = _decode(data, name)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        # Rows counted as a spreadsheet shows them: a cell with line breaks in it is still one row.
        yield from enumerate(reader, 1)
    except csv.Error as e:
        raise ImportFileError(f"The file {name} could not be read as CSV ({e}): save it again from Excel as CSV.") from None


def _decode(data: bytes, name: str) -> str:
    """utf-8 (with or without Excel's byte-order mark), UTF-16 with one, else Windows-1252 as older Excel saves."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ImportFileError(f"The file {name} is not a text CSV file: save it again from Excel as CSV.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _xlsx(data: bytes, name: str) -> Iterable[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    from openpyxl import load_workbook

    try:
        # Read-only mode streams the rows instead of building every cell; data_only gives formulas' last values.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key) for a file that is not a workbook
        raise ImportFileError(
            f"The file {name} could not be read as an Excel workbook: open it in Excel, save it as .xlsx and try again."
        ) from None
    sheets = [book.active, *[ws for ws in book.worksheets if ws is not book.active]]
    return [(ws.title, _worksheet_rows(ws, name)) for ws in sheets if ws is not None]


def _worksheet_rows(ws: Any, name: str) -> Iterator[tuple[int, list[Any]]]:
    ws.reset_dimensions()  # some programs write a wrong size into the file; read what is really there
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), 1):
            yield number, list(row)
    except Exception:
        raise ImportFileError(f"The worksheet '{ws.title}' in {name} could not be read: save it again from Excel.") from None


"""The minutes a clerk gives: pasted text, or a .txt, .docx or .pdf file read through a temporary copy."""

from __future__ import annotations

import tempfile
from pathlib import Path

from werkzeug.datastructures import FileStorage

from tracker.minutes.reading import SUPPORTED, MinutesFileError, read_minutes
from web.from_minutes.cards import clean

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CHARACTERS = 200_000  # about 60 pages: the minutes of one meeting, not a year's


class MinutesInputError(ValueError):
    """Raised when the minutes given cannot be used; `field` is the form field at fault, the message what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def too_large_message() -> str:
    """What to say when a file is over the limit, here or at the web server."""
    return (f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Save the minutes as a .txt file, "
            "or paste the text instead.")


def _read_file(upload: FileStorage) -> str:
    name = Path(upload.filename or "").name or "The file"
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise MinutesInputError("minutes_file", f"{name} is not a .txt, .docx or .pdf file. Save the minutes in one "
                                "of those formats (a .doc or .odt as .docx), or paste the text instead.")
    data = upload.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise MinutesInputError("minutes_file", too_large_message())
    if not data:
        raise MinutesInputError("minutes_file", f"{name} is empty. Choose the file the minutes are in.")
    with tempfile.TemporaryDirectory(prefix="minutes-") as folder:
        path = Path(folder) / f"upload{suffix}"  # never the sender's name: it could hold a path
        path.write_bytes(data)
        try:
            text = read_minutes(path)
        except MinutesFileError as e:
            message = str(e).replace(str(path), name).replace(path.name, name)
            raise MinutesInputError("minutes_file", message) from None
    if not text.strip():
        raise MinutesInputError("minutes_file", f"No text could be read from {name}. If it is a scanned document, "
                                "paste the text of the minutes instead.")
    return text


def minutes_from(pasted: str | None, upload: FileStorage | None) -> str:
    """The minutes' text from the textarea or the file (not both); a MinutesInputError says what is wrong."""
    pasted = clean(pasted)
    has_file = upload is not None and bool(upload.filename)
    if pasted.strip() and has_file:
        raise MinutesInputError("minutes", "Paste the minutes or choose a file, not both.")
    if not pasted.strip() and not has_file:
        raise MinutesInputError("minutes", "Paste the minutes, or choose the file they are in.")
    text = clean(_read_file(upload)) if has_file and upload is not None else pasted
    if len(text) > MAX_CHARACTERS:
        field = "minutes_file" if has_file else "minutes"
        raise MinutesInputError(field, f"The minutes are longer than {MAX_CHARACTERS:,} characters. Give the minutes "
                                "of one meeting at a time.")
    return text

"""Uploaded action logs kept between the steps of an import: a file in the instance folder under a random id.

Never in the session (a cookie is no place for a spreadsheet), never under the sender's own file name (it could
hold a path), and gone once imported or a day later.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

KEEP_SECONDS = 24 * 60 * 60
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


class UploadNotFoundError(LookupError):
    """Raised when an upload does not exist, has expired, or belongs to someone else."""


class Uploads:
    """The folder of uploads waiting to be imported, and the results of those that were."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, data: bytes, *, filename: str, suffix: str, owner: str, committee: str) -> str:
        """Keep an uploaded file; returns its id."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sweep()
        upload_id = secrets.token_urlsafe(16)
        self._file(upload_id, suffix).write_bytes(data)
        self._write(upload_id, {"filename": filename, "suffix": suffix, "owner": owner, "committee": committee,
                                "created": time.time(), "result": None})
        return upload_id

    def open(self, upload_id: str, *, owner: str, committee: str) -> tuple[Path, dict[str, Any]]:
        """The file and what is known of it, for its owner and committee only."""
        meta = self.meta(upload_id, owner=owner, committee=committee)
        path = self._file(upload_id, meta["suffix"])
        if meta["result"] is not None or not path.exists():
            raise UploadNotFoundError(upload_id)
        return path, meta

    def meta(self, upload_id: str, *, owner: str, committee: str) -> dict[str, Any]:
        """What is known of an upload (its file name, and its result once imported)."""
        if not _ID.match(upload_id):
            raise UploadNotFoundError(upload_id)
        try:
            meta = json.loads(self._meta(upload_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UploadNotFoundError(upload_id) from None
        if (meta.get("owner"), meta.get("committee")) != (owner, committee):
            raise UploadNotFoundError(upload_id)
        return meta

    def finish(self, upload_id: str, result: dict[str, Any]) -> None:
        """Delete the file once imported, keeping only the result for the confirmation page."""
        meta = json.loads(self._meta(upload_id).read_text(encoding="utf-8"))
        self._file(upload_id, meta["suffix"]).unlink(missing_ok=True)
        self._write(upload_id, {**meta, "result": result})

    def discard(self, upload_id: str) -> None:
        """Delete an upload that could not be read."""
        for path in self.folder.glob(f"{upload_id}.*"):
            path.unlink(missing_ok=True)

    def sweep(self) -> None:
        """Delete what was left behind more than a day ago (abandoned imports)."""
        cutoff = time.time() - KEEP_SECONDS
        for path in self.folder.glob("*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                continue  # another worker swept it first

    def _file(self, upload_id: str, suffix: str) -> Path:
        return self.folder / f"{upload_id}{suffix}"

    def _meta(self, upload_id: str) -> Path:
        return self.folder / f"{upload_id}.json"

    def _write(self, upload_id: str, meta: dict[str, Any]) -> None:
        self._meta(upload_id).write_text(json.dumps(meta), encoding="utf-8")

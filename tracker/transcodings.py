"""How values the standard JSON transcoder does not know are stored in events."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    """Stores a calendar date as YYYY-MM-DD so it comes back as a date, not a string."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        """Date to ISO text."""
        return obj.isoformat()

    def decode(self, data: str) -> date:
        """ISO text to date."""
        return date.fromisoformat(data)

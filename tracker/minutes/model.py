"""What the extractor suggests: one undertaking found in the minutes, ready for a clerk to confirm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = (
    "information_request",
    "mapping_or_analysis",
    "further_update",
    "circulate_document",
    "letter_or_response",
    "work_programme_item",
    "recommendation_to_another_body",
    "milestone",
    "other",
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested undertaking; `source_text` is exactly `text[source_start:source_end]` of the input."""

    title: str
    owner: str
    raised_by: str
    kind: str
    due_date: date | None
    due_text: str
    due_next_meeting: bool
    minute_ref: str
    source_text: str
    source_start: int
    source_end: int
    confidence: float
    follow_up: bool
    # Where the same undertaking was stated again (e.g. in discussion, then in the resolution).
    other_sources: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The suggestion as plain JSON values (dates as ISO strings)."""
        return {
            "title": self.title,
            "owner": self.owner,
            "raised_by": self.raised_by,
            "kind": self.kind,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "due_text": self.due_text,
            "due_next_meeting": self.due_next_meeting,
            "minute_ref": self.minute_ref,
            "source_text": self.source_text,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "confidence": self.confidence,
            "follow_up": self.follow_up,
            "other_sources": [list(span) for span in self.other_sources],
        }

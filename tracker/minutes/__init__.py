"""Suggested undertakings from the text of committee minutes: `extract(text, meeting_date)`.

Pure Python and rule-based: sentences and minute references, commitment and request triggers, the committee's
recommendations to other bodies, near-miss filters, imperative titles, due dates against the meeting date, and merging
of repeats.
"""

from tracker.minutes.extractor import extract
from tracker.minutes.model import KINDS, Suggestion

__all__ = ["KINDS", "Suggestion", "extract"]

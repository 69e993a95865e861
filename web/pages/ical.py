"""iCalendar feeds of due dates (to be built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ical", __name__)

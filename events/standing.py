"""An action row's standing on a day: overdue, days overdue, working days until due and RAG; derived, never stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.domain.calendar import WorkingCalendar, standing


def row_standing(row: dict[str, Any], today: date, calendar: WorkingCalendar) -> dict[str, Any]:
    """The standing of one row of the action log view (it needs active, due_date and extension_pending)."""
    st = standing(is_done=not row["active"], due_date=row["due_date"], extension_pending=row["extension_pending"],
                  today=today, calendar=calendar)
    return {"rag": st.rag.value, "overdue": st.overdue, "days_overdue": st.days_overdue,
            "working_days_until_due": st.working_days_until_due}


def with_standing(rows: list[dict[str, Any]], today: date, calendar: WorkingCalendar) -> list[dict[str, Any]]:
    """The rows, each a new dict with its rag, overdue, days_overdue and working_days_until_due added."""
    return [{**row, **row_standing(row, today, calendar)} for row in rows]

"""The committee's earlier actions a suggested undertaking can follow up: open ones first, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from events.view import ActionFilter

MOST = 250  # choices in each card's list: the page carries one list per card
TITLE_SHOWN = 90  # characters of a title in the list; the reference says which action it is
ENDED = ("completed", "closed", "withdrawn", "superseded")
WORD = {"logged": "open", "acknowledged": "open"}


@dataclass(frozen=True)
class Earlier:
    """The actions offered as what a suggestion follows up, as (reference, text) pairs."""

    choices: list[tuple[str, str]]
    more: bool  # some older actions were left out of the list

    @property
    def references(self) -> set[str]:
        """The references a card may choose."""
        return {reference for reference, _ in self.choices}


def _text(row: dict[str, Any]) -> str:
    title = row["title"] if len(row["title"]) <= TITLE_SHOWN else row["title"][:TITLE_SHOWN - 1].rstrip() + "…"
    return f"{row['reference']}: {title} ({WORD.get(row['status'], row['status'])})"


def _newest(read: Any, committee_id: UUID, statuses: tuple[str, ...], meeting_id: str, room: int) -> tuple[list, bool]:
    """Up to `room` actions in these statuses, newest first, leaving out those that arose at this meeting."""
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        found = read.list_actions(ActionFilter(committee_id=committee_id, statuses=statuses, sort="reference",
                                               descending=True, page=page, per_page=min(room + 1, 500)))
        rows += [r for r in found.rows if str(r["meeting_id"] or "") != meeting_id]
        if len(rows) > room or page >= found.pages:
            return rows[:room], len(rows) > room
        page += 1


def earlier_actions(read: Any, committee: dict[str, Any], meeting_id: str) -> Earlier:
    """The committee's actions, other than those of this meeting, that a suggestion may follow up."""
    committee_id = UUID(str(committee["id"]))
    open_rows, more = _newest(read, committee_id, ("open",), meeting_id, MOST)
    ended: list[dict[str, Any]] = []
    if not more:
        ended, more = _newest(read, committee_id, ENDED, meeting_id, MOST - len(open_rows))
    return Earlier([(r["reference"], _text(r)) for r in [*open_rows, *ended]], more)

"""Rows of one file that give the same minute reference, action and owner: another undertaking, the same row again,
or two accounts of one undertaking that disagree."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from web.importing.cells import words


def fingerprint(committee: str, minute_ref: str, text: str, owner: str, occurrence: int = 1) -> str:
    """The same row of the same committee's log always has the same fingerprint, however it is spaced or cased; the
    second and later undertakings a file gives the same words (told apart by their dates) are counted."""
    parts = [committee.strip().upper(), words(minute_ref), words(text), words(owner)]
    if occurrence > 1:  # the first keeps the fingerprint it always had, so earlier imports still recognise it
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


# What tells apart two rows with the same minute reference, action and owner: any of their dates. Rows alike in all
# of these are the same undertaking, so their other cells must agree too.
DATED = ("raised_on", "meeting_on", "due", "updated_on", "completed_on", "closed_on")
OTHER = {"status_text": "status", "update": "latest update", "raised_by": "raised by"}


class Twins:
    """The rows of a file that share a minute reference, action and owner: each told apart by its dates is another
    undertaking; one alike in every cell repeats an earlier row; one alike in its dates but not its other cells is a
    problem, since the file says two different things of one undertaking."""

    def __init__(self, committee: str) -> None:
        self.committee = committee
        self.seen: dict[tuple[str, str, str], list[tuple[int, dict[str, Any], str]]] = {}

    def place(self, number: int, values: dict[str, Any]) -> tuple[str, str]:
        """The row's fingerprint (that of the row it repeats, if any), and a problem or ''. The fingerprints of
        undertakings that share their words are final only once every row is placed: see `final`."""
        key = (words(values["minute_ref"]), words(values["action"]), words(values["owner"]))
        earlier = self.seen.setdefault(key, [])
        for row, other, print_ in earlier:
            if all(values[f] == other[f] for f in DATED):
                differ = [what for f, what in OTHER.items() if values[f] != other[f]]
                if not differ:
                    return print_, ""
                return "", (f"it gives the same minute reference, action, owner and dates as row {row} but a different "
                            f"{' and '.join(differ)}: delete the row that is out of date, or, if they are two "
                            "undertakings, tell them apart by their dates")
        print_ = fingerprint(self.committee, values["minute_ref"], values["action"], values["owner"], len(earlier) + 1)
        earlier.append((number, values, print_))
        return print_, ""



    def final(self) -> dict[str, str]:
        """The fingerprint each undertaking sharing its words with others ends with, by the one `place` gave it.

        They are counted in the order they arose (meeting or date raised, then due date), not the order the file
        lists them in, so that a later export sorted another way, or adding one that arose since, gives each the
        fingerprint it had: the first to arise keeps the plain fingerprint, the next the second, and so on.
        """
        renamed: dict[str, str] = {}
        for (ref, action, owner), group in self.seen.items():
            if len(group) < 2:
                continue
            ordered = sorted(group, key=lambda entry: (_arose(entry[1]), entry[1]["due"] or date.max, entry[0]))
            for occurrence, (_, values, print_) in enumerate(ordered, 1):
                renamed[print_] = fingerprint(self.committee, values["minute_ref"], values["action"], values["owner"],
                                              occurrence)
        return renamed


def _arose(values: dict[str, Any]) -> date:
    return values["meeting_on"] or values["raised_on"] or date.max

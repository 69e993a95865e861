"""Which column holds what: guessed from the headers clerks use, and overridden by the user."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from web.importing.cells import plain, words

# Each field: what the user calls it, and the headers that name it (folded: lower case, punctuation as spaces).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "minute_ref": ("Minute reference", ("minute no", "minute number", "minute ref", "minute reference", "minute",
                                        "minutes", "min no", "min ref", "item", "item no", "item number",
                                        "agenda item", "agenda item no", "ref", "reference", "ref no")),
    "action": ("Action", ("action", "actions", "action required", "actions required", "action agreed",
                          "agreed action", "action point", "action points", "description", "action description",
                          "details", "action details", "resolution", "task")),
    "owner": ("Owner", ("lead officer", "responsible", "responsible officer", "responsible person", "responsibility",
                        "owner", "action owner", "lead", "officer", "lead member", "by whom", "who", "action by",
                        "assigned to", "officer responsible", "action lead")),
    "due": ("Due date", ("due date", "deadline", "target date", "due", "date due", "due by", "target",
                         "timescale", "by when", "target completion date")),
    "status": ("Status", ("status", "current status", "action status", "progress status", "state")),
    "rag": ("RAG", ("rag", "r a g", "rag status", "rag rating", "brag", "brag status", "red amber green")),
    "update": ("Latest update", ("update", "updates", "update comments", "comments update", "latest update",
                                 "progress", "progress update", "progress comments", "comments", "comment", "notes",
                                 "latest position", "current position", "response", "commentary", "officer update",
                                 "update response", "update progress")),
    "raised_on": ("Date raised", ("date raised", "raised", "raised on", "date added", "date agreed", "date logged",
                                  "date opened", "date")),
    "meeting_on": ("Meeting date", ("meeting date", "date of meeting", "meeting", "committee date", "meeting held")),
    "updated_on": ("Date of update", ("date of update", "last updated", "update date", "date updated", "updated",
                                      "updated on", "date of last update", "last updated on")),
    "completed_on": ("Date completed", ("date completed", "completed", "completion date", "completed on",
                                        "date of completion", "actual completion date", "date complete",
                                        "date action completed")),
    "closed_on": ("Date closed", ("date closed", "closed", "closed on", "closure date", "date of closure",
                                  "date action closed")),
    "raised_by": ("Raised by", ("raised by", "requested by", "asked by", "member", "councillor", "member requesting")),
}
REQUIRED = ("action", "owner")
ColumnMap = dict[str, int]  # field -> column (0-based)


def label(field: str) -> str:
    """A field as the user calls it."""
    return FIELDS[field][0]


def _quality(header: str, synonym: str) -> int:
    """3 for the very header, 2 when the header starts with it ("Due date (dd/mm/yyyy)"), 1 when it contains it."""
    if header == synonym:
        return 3
    if header.startswith(synonym + " "):
        return 2
    return 1 if f" {synonym} " in f" {header} " and len(synonym) > 3 else 0


def guess(headers: Sequence[Any]) -> ColumnMap:
    """The likeliest column for each field: best matches first, each column used once."""
    folded = [words(plain(h)) for h in headers]
    candidates = []
    for order, (field, (_, synonyms)) in enumerate(FIELDS.items()):
        for column, header in enumerate(folded):
            best = max((_quality(header, s) for s in synonyms), default=0) if header else 0
            if best:
                candidates.append((-best, order, column, field))
    mapping: ColumnMap = {}
    for _, _, column, field in sorted(candidates):
        if field not in mapping and column not in mapping.values():
            mapping[field] = column
    return mapping


def header_score(cells: Sequence[Any]) -> int:
    """How many fields a row names, as headers would: 0 unless it names the action and something else."""
    mapping = guess(cells)
    return len(mapping) if "action" in mapping and len(mapping) >= 2 else 0


def column_names(headers: Sequence[Any]) -> list[str]:
    """Each column as the user sees it: its header, or its letter when it has none."""
    return [plain(h) or f"Column {get_column_letter(i + 1)}" for i, h in enumerate(headers)]


def override(
    mapping: Mapping[str, int], choices: Mapping[str, str], headers: Sequence[Any]
) -> tuple[ColumnMap, dict[str, str]]:
    """The mapping with the user's choices (a header, a column letter, or blank for none), and a message per bad one."""
    result, errors = dict(mapping), {}
    names = column_names(headers)
    folded = [words(n) for n in names]
    for field, choice in choices.items():
        if field not in FIELDS:
            errors[field] = f"There is no field called '{field}': choose from {', '.join(FIELDS)}."
            continue
        choice = choice.strip()
        if not choice:
            result.pop(field, None)
        elif words(choice) in folded:
            result[field] = folded.index(words(choice))
        elif choice.isalpha() and len(choice) <= 2 and column_index_from_string(choice.upper()) <= len(headers):
            result[field] = column_index_from_string(choice.upper()) - 1
        else:
            errors[field] = f"There is no column '{choice}' for {label(field)}: choose one of {', '.join(names)}."
    return result, errors


def check_mapping(mapping: Mapping[str, int], headers: Sequence[Any]) -> dict[str, str]:
    """A message per field that must have a column and has none, and per column chosen twice."""
    names = column_names(headers)
    errors = {f: f"Choose the column that holds the {label(f).lower()}." for f in REQUIRED if f not in mapping}
    seen: dict[int, str] = {}
    for field, column in mapping.items():
        if not 0 <= column < len(headers):
            errors[field] = f"Choose a column for {label(field)} from the file's columns."
        elif column in seen:
            both = f"{label(seen[column])} and {label(field)}"
            errors[field] = f"The column '{names[column]}' is chosen for both {both}: choose one."
        else:
            seen[column] = field
    return errors

"""What a clerk should know of how an import treats its rows: what it dates at the import because the file gives
no date, where "Next meeting" found its meeting, and rows that repeat an earlier row of the file."""

from __future__ import annotations

from tracker.importing import FILE, UNKNOWN, ImportOutcome

LISTED = 10  # rows named in a note; the rest are counted


def rows_named(numbers: list[int], references: dict[int, str] | None = None) -> str:
    """"row 5", "rows 5 and 9", "rows 5, 9, 12 and 3 more"; with the references they became, once imported."""
    references = references or {}
    shown = [f"{n} ({references[n]})" if n in references else str(n) for n in numbers[:LISTED]]
    if len(numbers) > LISTED:
        shown.append(f"{len(numbers) - LISTED} more")
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"row{'s' if len(numbers) != 1 else ''} {listed}"


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"


def dating_notes(outcome: ImportOutcome) -> list[str]:
    """What an import dates at the day of the import, because the sheet gives no date for it, and what that means
    for the log as at an earlier moment."""
    notes = []
    if outcome.undated_ends:
        rows = _count(outcome.undated_ends, "row here has", "rows here have")
        notes.append(f"Rows without a completion date are recorded as completed (or withdrawn) on the day of the "
                     f"import: {rows} none. The log as at any earlier moment shows them open. To date them, add a "
                     "column such as “Date Completed” or “Date Closed”.")
    if outcome.undated_updates:
        rows = _count(outcome.undated_updates, "row here has", "rows here have")
        notes.append(f"Updates without a date are recorded on the day of the import: {rows} an update but no "
                     "“Date of Update”.")
    return notes


def next_meeting_notes(outcome: ImportOutcome, *, done: bool = False) -> list[str]:
    """Where rows due "Next meeting" found their meeting, when not in the committee's calendar; once `done`, each
    row with the reference it became."""
    notes = []
    references = {row: reference for row, reference, _ in outcome.imported} if done else None
    from_file = outcome.next_meeting_rows(FILE)
    if from_file:
        takes, they = ("takes", "it") if len(from_file) == 1 else ("take", "they")
        notes.append(f"Due “Next meeting”: {rows_named(from_file, references)} {takes} the date of the next meeting in this "
                     f"file’s meeting dates, as the committee’s calendar has no meeting sooner after the one {they} "
                     "arose at.")
    unknown = outcome.next_meeting_rows(UNKNOWN)
    if unknown:
        one = len(unknown) == 1
        they, have, are = ("it", "has", "is") if one else ("they", "have", "are")
        notes.append(f"Due “Next meeting”, but neither the committee’s calendar nor this file has a meeting within six "
                     f"months after the one {they} arose at: {rows_named(unknown, references)} {have} no due date, so {they} "
                     f"{are} not chased. Once imported, give any that is still open a due date on its page; or add "
                     "the missing meeting dates to the file.")
    return notes


def repeat_notes(outcome: ImportOutcome) -> list[str]:
    """Rows that repeat an earlier row of the same file in every cell: one undertaking, imported once."""
    if not outcome.repeated:
        return []
    pairs = "; ".join(f"row {row} repeats row {earlier}" for row, earlier, _ in outcome.repeated[:LISTED])
    more = f"; and {len(outcome.repeated) - LISTED} more" if len(outcome.repeated) > LISTED else ""
    count = _count(len(outcome.repeated), "row", "rows")
    one = len(outcome.repeated) == 1
    return [f"{count} of this file repeat{'s' if one else ''} an earlier row in every cell: one undertaking, imported "
            f"once ({pairs}{more})."]


def outcome_notes(outcome: ImportOutcome, *, done: bool = False) -> list[str]:
    """Every note on how an import treats its rows (once `done`, naming the references they became)."""
    return [*next_meeting_notes(outcome, done=done), *repeat_notes(outcome), *dating_notes(outcome)]

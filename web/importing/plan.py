"""An action log checked row by row, previewed, and imported whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tracker.domain.errors import RuleError
from tracker.importing import ImportOutcome, ImportRow
from tracker.minutes.kinds import classify
from web.importing.columns import ColumnMap
from web.importing.notes import outcome_notes
from web.importing.owners import AmbiguousOwnerError, Directory, committee_directory
from web.importing.rows import read_row
from web.importing.sheets import Progress, Sheet
from web.importing.titles import title_for
from web.importing.twins import Twins
from web.services import Services

PREVIEW_ROWS = 20


class RowsRejectedError(RuleError):
    """Raised when any row of an action log has a problem: nothing is imported, and each problem is named."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        rows = "1 row has a problem" if len(problems) == 1 else f"{len(problems)} rows have problems"
        super().__init__(f"Nothing was imported: {rows}. Correct the file and import it again.")


@dataclass
class Checked:
    """Every row read: the good ones as plain values, and a line per bad one ("Row 14: ...")."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    by_row: dict[int, str] = field(default_factory=dict)  # row number -> its problems


@dataclass
class Preview:
    """What an import of the sheet would do, and its first rows as they would be imported."""

    sheet: Sheet
    mapping: ColumnMap
    checked: Checked
    outcome: ImportOutcome
    rows: list[dict[str, Any]]

    @property
    def notes(self) -> list[str]:
        """What the clerk should know of how the rows will be imported."""
        return outcome_notes(self.outcome)


def check_rows(sheet: Sheet, mapping: ColumnMap, committee: str, directory: Directory,
               progress: Progress | None = None) -> Checked:
    """Read every row; collect the problems of all of them rather than stopping at the first."""
    checked, twins = Checked(), Twins(committee)
    for n, (number, cells) in enumerate(sheet.rows, 1):
        values, problems = read_row(cells, mapping)
        owner_id, print_ = None, ""
        if values is not None:
            try:
                owner_id = directory.owner_id(values["owner"])
            except AmbiguousOwnerError as e:
                problems = [str(e)]
            print_, twin = twins.place(number, values)
            problems += [twin] if twin else []
        if problems:
            checked.by_row[number] = "; ".join(problems)
            checked.problems.append(f"Row {number}: {checked.by_row[number]}")
        else:
            assert values is not None
            checked.rows.append(_import_row(number, values, owner_id, print_))
        if progress and n % 500 == 0:
            progress(500)
    if progress:
        progress(len(sheet.rows) % 500)
    renamed = twins.final()
    if renamed:
        checked.rows = [replace(r, fingerprint=renamed.get(r.fingerprint, r.fingerprint)) for r in checked.rows]
    return checked


def _import_row(number: int, values: dict[str, Any], owner_id: Any, print_: str) -> ImportRow:
    title = title_for(values["action"])
    return ImportRow(
        row=number, fingerprint=print_,
        title=title, text=values["action"], kind=classify(title, values["action"]), owner_name=values["owner"],
        owner_id=owner_id, minute_ref=values["minute_ref"], raised_by=values["raised_by"],
        raised_on=values["raised_on"], meeting_on=values["meeting_on"], due=values["due"], status=values["status"],
        status_text=values["status_text"], update=values["update"], updated_on=values["updated_on"],
        completed_on=values["completed_on"], closed_on=values["closed_on"],
    )


def preview(services: Services, committee: str, sheet: Sheet, mapping: ColumnMap, *, actor: str,
            progress: Progress | None = None) -> Preview:
    """Check every row and dry-run the import of the good ones: nothing is written."""
    checked = check_rows(sheet, mapping, committee, committee_directory(services.read, committee), progress)
    outcome = services.tracker.import_actions(actor=actor, committee=committee, rows=checked.rows, dry_run=True)
    return Preview(sheet, mapping, checked, outcome, _first_rows(sheet, checked, outcome))


def _first_rows(sheet: Sheet, checked: Checked, outcome: ImportOutcome) -> list[dict[str, Any]]:
    good = {r.row: r for r in checked.rows}
    already = dict(outcome.already)
    repeats = {row: earlier for row, earlier, _ in outcome.repeated}
    status = {row: s for row, _, s in outcome.imported}
    shown = []
    for number, _ in sheet.rows[:PREVIEW_ROWS]:
        row = good.get(number)
        shown.append({
            "row": number, "problem": checked.by_row.get(number, ""), "already": already.get(number, ""),
            "repeats": repeats.get(number), "title": row.title if row else "", "owner": row.owner_name if row else "",
            "new_owner": bool(row and row.owner_id is None and number in status), "due": row.due if row else None,
            # A repeated row is due as the row it repeats, which is the one imported.
            "next_meeting": outcome.next_meetings.get(repeats.get(number, number)), "status": status.get(number, ""),
            "said": row.status_text if row else "",
        })
    return shown


def import_sheet(services: Services, committee: str, sheet: Sheet, mapping: ColumnMap, *, actor: str,
                 progress: Progress | None = None) -> ImportOutcome:
    """Import every row in one transaction, or none: any bad row rejects the whole file, naming each."""
    checked = check_rows(sheet, mapping, committee, committee_directory(services.read, committee), progress)
    return import_checked(services, committee, sheet, checked, actor=actor)


def import_checked(services: Services, committee: str, sheet: Sheet, checked: Checked, *, actor: str,
                   dry_run: bool = False) -> ImportOutcome:
    """Import rows already checked; RowsRejectedError, and nothing written, if any of them had a problem."""
    if checked.problems:
        raise RowsRejectedError(checked.problems)
    return services.tracker.import_actions(
        actor=actor, committee=committee, rows=checked.rows, source=f"{sheet.file} ({sheet.name})",
        file_fingerprint=sheet.fingerprint, dry_run=dry_run,
    )

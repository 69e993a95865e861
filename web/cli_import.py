"""`tracker import-log`: an existing action log (.csv or .xlsx) imported into a committee's log, all or nothing."""

from __future__ import annotations

import getpass
from typing import Any

import click
from tqdm import tqdm

from tracker.importing import ImportOutcome
from web.importing.columns import FIELDS, check_mapping, column_names, guess, label, override
from web.importing.notes import outcome_notes
from web.importing.owners import committee_directory
from web.importing.plan import RowsRejectedError, check_rows, import_checked
from web.importing.sheets import Sheet, read_sheet


def _services() -> Any:
    from web.cli import Context

    return click.get_current_context().ensure_object(Context).services


def _choices(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    choices = {}
    for value in values:
        field, sep, header = value.partition("=")
        if not sep or field.strip() not in FIELDS:
            raise click.BadParameter(f"{value!r}: write FIELD=HEADER, where FIELD is one of {', '.join(FIELDS)}.")
        choices[field.strip()] = header
    return choices


@click.command("import-log")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--committee", required=True, help="The committee's short name, e.g. HOSC.")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be imported; write nothing.")
@click.option("--map", "choices", multiple=True, callback=_choices, metavar="FIELD=HEADER",
              help="Use this column for a field instead of the guess (a header or a column letter; blank for none). "
                   f"Fields: {', '.join(FIELDS)}.")
def import_log(path: str, committee: str, dry_run: bool, choices: dict[str, str]) -> None:
    """Import the action log at PATH (.csv or .xlsx) into a committee's log: every row or none."""
    s = _services()
    short = s.tracker.committee(committee)["short_name"]  # a committee that does not exist stops here
    with tqdm(unit="row", desc="Reading", leave=False, disable=None) as bar:
        sheet = read_sheet(path, progress=bar.update)
    mapping, problems = override(guess(sheet.headers), choices, sheet.headers)
    problems.update(check_mapping(mapping, sheet.headers))
    _print_mapping(sheet, mapping)
    if problems:
        raise click.ClickException(" ".join(problems.values()) + " Use --map FIELD=HEADER to choose.")
    with tqdm(total=len(sheet.rows), unit="row", desc="Checking", leave=False, disable=None) as bar:
        checked = check_rows(sheet, mapping, short, committee_directory(s.read, short), bar.update)
    if checked.problems:
        for line in checked.problems:
            click.echo(line, err=True)
        raise click.ClickException(str(RowsRejectedError(checked.problems)))
    outcome = import_checked(s, short, sheet, checked, actor=f"import:cli:{getpass.getuser()}", dry_run=dry_run)
    _print_outcome(outcome, would=dry_run)
    if dry_run:
        click.echo("Dry run: nothing was written.")
    elif not outcome.written:
        click.echo(f"Every row of {sheet.file} was imported before: nothing was changed.")
    else:
        refs = [ref for _, ref, _ in outcome.imported]
        click.echo(f"Imported {len(refs)} actions: {refs[0]} to {refs[-1]}.")


def _print_mapping(sheet: Sheet, mapping: dict[str, int]) -> None:
    names = column_names(sheet.headers)
    click.echo(f"{sheet.file}: sheet '{sheet.name}', headers in row {sheet.header_row}, "
               f"{len(sheet.rows)} rows below them.")
    click.echo("Columns:")
    for field in FIELDS:
        column = mapping.get(field)
        chosen = f"'{names[column]}'" if column is not None and column < len(names) else "(none)"
        click.echo(f"  {label(field):<18} {chosen}")


def _print_outcome(outcome: ImportOutcome, *, would: bool) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(outcome.by_status.items()))
    new = len(outcome.imported)
    click.echo(f"New actions{' that would be imported' if would else ''}: {new}{f' ({counts})' if counts else ''}.")
    people = outcome.new_people
    named = ": " + ", ".join(people) if people else ""
    click.echo(f"New people{' that would be added' if would else ''}: {len(people)}{named}.")
    click.echo(f"Rows imported by an earlier import, left as they are: {len(outcome.already)}.")
    for line in outcome_notes(outcome, done=not would):
        click.echo(line)

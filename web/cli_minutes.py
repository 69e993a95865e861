"""`tracker extract`: suggested undertakings from a minutes file, for a clerk to confirm."""

from __future__ import annotations

import json
from datetime import date

import click

from tracker.minutes import extract as extract_suggestions
from tracker.minutes.reading import read_minutes

_JSON_KEYS = ("title", "owner", "raised_by", "kind", "due_date", "due_text", "due_next_meeting", "minute_ref",
              "source_text", "source_start", "source_end", "confidence", "follow_up")


def _meeting_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; give it as YYYY-MM-DD, e.g. 2022-03-14.") from None


@click.command("extract")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--meeting-date", callback=_meeting_date, default=None, metavar="YYYY-MM-DD",
              help="The date of the meeting, so 'within six months' or 'by the end of March' become dates.")
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
def extract(path: str, meeting_date: date | None, as_json: bool) -> None:
    """Suggest the undertakings in the minutes at PATH (.txt, .docx or .pdf)."""
    text = read_minutes(path)
    found = extract_suggestions(text, meeting_date)
    if as_json:
        rows = [{k: s.to_json()[k] for k in _JSON_KEYS} for s in found]
        click.echo(json.dumps({"suggestions": rows}, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("No undertakings found.")
        return
    for n, s in enumerate(found, 1):
        due = s.due_date.isoformat() if s.due_date else ("next meeting" if s.due_next_meeting else s.due_text or "-")
        click.echo(f"{n}. {s.title}")
        click.echo(f"   kind {s.kind.replace('_', ' ')}; owner {s.owner or '(not stated)'}; asked by {s.raised_by or '(not stated)'}; "
                   f"due {due}; minute {s.minute_ref or '-'}; confidence {s.confidence:.2f}{'; follow-up' if s.follow_up else ''}")
        source = " ".join(s.source_text.split())
        click.echo(f"   \"{source[:200]}{'…' if len(source) > 200 else ''}\" (characters {s.source_start}-{s.source_end})")
    click.echo(f"{len(found)} suggestion(s); check each before logging it.")

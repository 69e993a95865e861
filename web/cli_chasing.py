"""`tracker chase`, `tracker outbox` and `tracker scheduler`: chasing by hand, the outbox, and the scheduler."""

from __future__ import annotations

from datetime import date, datetime, timezone

import click

from events.chaser import Chaser, ChaseRun, as_if_at_ten
from tracker.domain.calendar import to_london


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-12-07.") from None


def _services() -> object:
    from web.cli import Context

    return click.get_current_context().ensure_object(Context).services


@click.command("chase")
@click.option("--today", callback=_day, default=None, metavar="YYYY-MM-DD",
              help="Run as if it were 10:00 on that day in Europe/London.")
@click.option("--dry-run", is_flag=True, help="Print who would be sent what, and change nothing.")
def chase(today: date | None, dry_run: bool) -> None:
    """Run one chase pass now (or as of --today), and send what it queued before returning."""
    s = _services()
    now = as_if_at_ten(today) if today else datetime.now(timezone.utc)
    report = Chaser(s, s.outbox, every_minutes=s.settings.chase_every_minutes).run(now, dry_run=dry_run)  # type: ignore[attr-defined]
    _print_run(s, report, dry_run)


def _print_run(s: object, report: ChaseRun, dry_run: bool) -> None:
    when = f"{to_london(report.now):%A %-d %B %Y %H:%M}"
    if report.held:
        click.echo(report.held)
        return
    for reference, why in report.skipped:
        click.echo(f"Not chased: {reference}: {why}.")
    if dry_run:
        if not report.planned:
            click.echo(f"Dry run for {when}: nothing is due a chase.")
            return
        click.echo(f"Dry run for {when}: these would be sent (nothing was changed):")
        view = s.read.view  # type: ignore[attr-defined]
        by_batch: dict[str, list] = {}
        for p in report.planned:
            by_batch.setdefault(p.batch, []).append(p)
        for chases in by_batch.values():
            people = [view.person_by_id(r["person_id"]) for r in chases[0].recipients]
            owner, copies = people[0], [p for p in people[1:] if p]
            line = f"  to {owner['name']} <{owner['email']}>"
            if copies:
                line += "; copied to " + ", ".join(f"{p['name']} ({r['as']})" for p, r in zip(copies, chases[0].recipients[1:]))
            click.echo(line)
            for p in chases:
                click.echo(f"    {p.reference}: {p.chase.stage.label.lower()} ({p.chase.key})")
        return
    click.echo(f"Chase run for {when}: {len(report.recorded)} chase(s) recorded"
               f" ({len(report.planned) - len(report.recorded)} found recorded already).")
    delivered = report.delivered
    if delivered is not None:
        if delivered.held:
            click.echo(delivered.held)
        click.echo(f"Sent {len(delivered.sent)} e-mail(s).")
        for subject, error in delivered.failed:
            click.echo(f"Not sent yet: \"{subject}\": {error}. It stays in the outbox and is tried again.", err=True)


@click.command("outbox")
@click.option("--retry", is_flag=True, help="Queue the messages that failed for good, to be tried at once.")
@click.option("--all", "show_all", is_flag=True, help="List sent messages too.")
def outbox(retry: bool, show_all: bool) -> None:
    """List the e-mails waiting in the outbox, and what is stuck there and why."""
    s = _services()
    box = s.outbox  # type: ignore[attr-defined]
    box.catch_up()
    box.compose()
    if retry:
        click.echo(f"Queued {box.view.retry_failed(datetime.now(timezone.utc))} failed message(s) again.")
    counts = box.view.counts()
    click.echo(f"Outbox: {counts.get('queued', 0)} queued, {counts.get('failed', 0)} failed, "
               f"{counts.get('sent', 0)} sent.")
    rows = box.view.messages(status=() if show_all else ("queued", "failed"), limit=500)
    for m in rows:
        state = m["status"]
        if m["status"] == "queued" and m["attempts"]:
            state = f"stuck after {m['attempts']} attempt(s); next try {to_london(m['next_attempt_at']):%d %b %H:%M}"
        sent = f" sent {to_london(m['sent_at']):%d %b %Y %H:%M}" if m["sent_at"] else ""
        click.echo(f"  [{state}{sent}] {m['subject']} -> {m['to_addrs']}" + (f" (cc {m['cc_addrs']})" if m["cc_addrs"] else ""))
        if m["last_error"] and m["status"] != "sent":
            click.echo(f"      last error: {m['last_error']}")


@click.command("scheduler")
def scheduler() -> None:
    """Run the scheduler: chase runs, the clerks' daily digest and delivery (and, on SQLite, the read side)."""
    from events.scheduler import run_forever

    run_forever(_services())  # type: ignore[arg-type]

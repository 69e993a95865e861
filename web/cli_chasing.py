"""`tracker chase`, `tracker outbox` and `tracker scheduler`: chasing by hand, the outbox, and the scheduler."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timezone
from typing import Any

import click

from events.chaser import Chaser, ChaseRun, as_if_at_ten
from events.delivery import Delivered
from tracker.domain.calendar import to_london

# sysexits' EX_TEMPFAIL: the work is done and recorded, but mail is waiting to be retried. Cron reports it.
MAIL_WAITING = 75
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-12-07.") from None


def _services() -> Any:
    from web.cli import Context

    return click.get_current_context().ensure_object(Context).services


def _now(today: date | None) -> datetime:
    return as_if_at_ten(today) if today else datetime.now(timezone.utc)


@click.command("chase")
@click.option("--today", callback=_day, default=None, metavar="YYYY-MM-DD",
              help="Run as if it were 10:00 on that day in Europe/London.")
@click.option("--dry-run", is_flag=True, help="Print who would be sent what, and change nothing.")
def chase(today: date | None, dry_run: bool) -> None:
    """Run one chase pass now (or as of --today), and send what it queued before returning.

    Exits with 75 when chases were recorded but some e-mails could not be sent: they stay in the outbox and
    are retried (see `tracker outbox`)."""
    s = _services()
    report = Chaser(s, s.outbox, every_minutes=s.settings.chase_every_minutes).run(_now(today), dry_run=dry_run)
    _print_run(s, report, dry_run)
    if report.delivered is not None and not _all_went(report.delivered):
        sys.exit(MAIL_WAITING)


def _print_run(s: Any, report: ChaseRun, dry_run: bool) -> None:
    when = f"{to_london(report.now):%A %-d %B %Y %H:%M}"
    if report.held:
        click.echo(report.held)
        return
    for reference, why in report.skipped:
        click.echo(f"Not chased: {reference}: {why}.")
    if dry_run:
        _print_plan(s, report, when)
        return
    click.echo(f"Chase run for {when}: {len(report.recorded)} chase(s) recorded"
               f" ({len(report.planned) - len(report.recorded)} found recorded already).")
    delivered = report.delivered
    if delivered is not None:
        if delivered.held:
            click.echo(delivered.held)
        click.echo(f"Sent {len(delivered.sent)} e-mail(s).")
        for subject, why in delivered.dropped:
            click.echo(f"Not sent: \"{subject}\": {why}.")


def _print_plan(s: Any, report: ChaseRun, when: str) -> None:
    if not report.planned:
        click.echo(f"Dry run for {when}: nothing is due a chase.")
        return
    click.echo(f"Dry run for {when}: these would be sent (nothing was changed):")
    view = s.read.view
    by_batch: dict[str, list[Any]] = {}
    for p in report.planned:
        by_batch.setdefault(p.batch, []).append(p)
    for chases in by_batch.values():
        owner = view.person_by_id(chases[0].recipients[0]["person_id"])
        copies = {(r["person_id"], r["as"]) for p in chases for r in p.recipients[1:]}
        line = f"  to {owner['name']} <{owner['email']}>"
        if copies:
            named = sorted(f"{(view.person_by_id(pid) or {}).get('name', '?')} ({role})" for pid, role in copies)
            line += "; escalations copied to " + ", ".join(named)
        click.echo(line)
        for p in chases:
            click.echo(f"    {p.reference}: {p.chase.stage.label.lower()} ({p.chase.key})")


def _all_went(delivered: Delivered) -> bool:
    """True if every e-mail the run tried went; else one line for cron saying what waits, and where."""
    if not delivered.failed:
        return True
    for subject, error in delivered.failed:
        click.echo(f"Not sent yet: \"{subject}\": {error}.", err=True)
    click.echo(f"The chases are recorded, but {len(delivered.failed)} e-mail(s) could not be sent: they stay queued "
               "in the outbox and are retried (`tracker outbox` lists them and why; `tracker outbox --retry` tries "
               "them now).", err=True)
    return False


@click.command("outbox")
@click.option("--retry", is_flag=True,
              help="Send what is waiting now: queue again the messages that failed for good, make every queued "
                   "message due at once, and deliver them (in office hours).")
@click.option("--today", callback=_day, default=None, metavar="YYYY-MM-DD",
              help="With --retry: deliver as if it were 10:00 on that day in Europe/London (as `tracker chase "
                   "--today` does).")
@click.option("--all", "show_all", is_flag=True, help="List sent messages, and those not sent, too.")
def outbox(retry: bool, today: date | None, show_all: bool) -> None:
    """List the e-mails waiting in the outbox, and what is stuck there and why."""
    s = _services()
    box = s.outbox
    box.catch_up()
    now = _now(today)
    box.compose(now)
    delivered = _retry(box, now) if retry else None
    counts = box.view.counts()
    click.echo(f"Outbox: {counts.get('queued', 0)} queued, {counts.get('failed', 0)} failed, "
               f"{counts.get('sent', 0)} sent, {counts.get('dropped', 0)} not sent (no longer owed).")
    for m in box.view.messages(status=() if show_all else ("queued", "failed"), limit=500):
        click.echo(f"  [{_state(m)}] {m['subject']} -> {m['to_addrs']}" + (f" (cc {m['cc_addrs']})" if m["cc_addrs"] else ""))
        if m["last_error"] and m["status"] in ("queued", "failed"):
            click.echo(f"      last error: {m['last_error']}")
    if delivered is not None and (delivered.failed or counts.get("failed", 0)):
        sys.exit(MAIL_WAITING)


def _retry(box: Any, now: datetime) -> Delivered:
    again, hurried = box.view.retry_failed(now), box.view.hurry(now)
    click.echo(f"Queued {again} failed message(s) again; {hurried} waiting for a retry are due now.")
    delivered = box.deliver(now)
    if delivered.held:
        click.echo(delivered.held)
    else:
        click.echo(f"Sent {len(delivered.sent)} e-mail(s).")
    for subject, error in delivered.failed:
        click.echo(f"Not sent yet: \"{subject}\": {error}.", err=True)
    return delivered


def _state(m: dict[str, Any]) -> str:
    if m["status"] == "sent":
        return f"sent {to_london(m['sent_at']):%d %b %Y %H:%M}" + (f"; {m['note']}" if m["note"] else "")
    if m["status"] == "dropped":
        return f"not sent: {m['note']}"
    if m["status"] == "failed":
        return "failed for good until retried"
    if m["attempts"]:
        return f"stuck after {m['attempts']} attempt(s); next try {to_london(m['next_attempt_at']):%d %b %H:%M}"
    return "queued"


@click.command("scheduler")
def scheduler() -> None:
    """Run the scheduler: chase runs, the clerks' daily digest and delivery (and, on SQLite, the read side)."""
    from events.scheduler import run_forever

    run_forever(_services())

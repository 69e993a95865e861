"""The scheduler process: APScheduler 3 running the chase, the outbox, the clerks' digest and (on SQLite) the
read side's catch-up. It is one process of its own, never inside the web workers; every job is idempotent, so
a second scheduler started by mistake, or a job run twice, changes nothing that was done already."""

from __future__ import annotations

import logging
import signal
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from events.chaser import Chaser

if TYPE_CHECKING:
    from web.services import Services

log = logging.getLogger("tracker.scheduler")
TIMEZONE = "Europe/London"
DIGEST_EVERY = 15  # minutes between digest runs in office hours; each sends only the digests not yet sent today


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)


class Jobs:
    """What the scheduler runs; each method is one job, safe to run twice."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.chaser = Chaser(services, services.outbox, every_minutes=services.settings.chase_every_minutes)

    def chase(self) -> None:
        """A chase pass (it does nothing outside office hours on working days)."""
        run = self.chaser.run(utcnow())
        if run.held:
            log.info(run.held)
            return
        sent = len(run.delivered.sent) if run.delivered else 0
        log.info("chase run: %d chase(s) recorded, %d e-mail(s) sent, %d not chased", len(run.recorded), sent,
                 len(run.skipped))

    def digest(self) -> None:
        """The clerks' daily digest: each committee's first run on a working day in office hours sends it, so
        a scheduler started at 11:00, or stopped over 09:00, still sends that day's."""
        queued = self.chaser.digest(utcnow())
        if queued:
            log.info("daily digest queued for %s", ", ".join(queued))

    def deliver(self) -> None:
        """Send what is queued, and retry what failed, when its time comes."""
        report = self.services.outbox.flush(utcnow())
        for subject, error in report.failed:
            log.warning("not sent yet: %s: %s", subject, error)

    def catch_up(self) -> None:
        """Keep the action log view up to date (SQLite, where nothing else pushes events to it)."""
        self.services.read.catch_up()


def build_scheduler(services: Services) -> BlockingScheduler:
    """A blocking scheduler in Europe/London with the tracker's jobs."""
    jobs = Jobs(services)
    scheduler = BlockingScheduler(
        timezone=TIMEZONE,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
    )
    every = services.settings.chase_every_minutes
    scheduler.add_job(jobs.chase, IntervalTrigger(minutes=every, timezone=TIMEZONE), id="chase",
                      name=f"chase run, every {every} minutes", next_run_time=datetime.now(timezone.utc))
    scheduler.add_job(jobs.deliver, IntervalTrigger(minutes=1, timezone=TIMEZONE), id="deliver",
                      name="deliver the outbox, every minute")
    scheduler.add_job(jobs.digest, CronTrigger(day_of_week="mon-fri", hour="9-16", minute=f"*/{DIGEST_EVERY}",
                                               timezone=TIMEZONE),
                      id="digest", next_run_time=datetime.now(timezone.utc),
                      name=f"clerks' daily digest, from 09:00 on working days: every {DIGEST_EVERY} minutes "
                           "until each committee's is sent")
    if not services.settings.uses_postgres:
        scheduler.add_job(jobs.catch_up, IntervalTrigger(seconds=30, timezone=TIMEZONE), id="catch_up",
                          name="catch the action log view up, every 30 seconds")
    return scheduler


def run_forever(services: Services) -> None:
    """Run the scheduler until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    scheduler = build_scheduler(services)

    def stop(*_: Any) -> None:
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    for job in scheduler.get_jobs():
        log.info("job: %s", job.name)
    print("Scheduler started (Europe/London); Ctrl-C to stop.", flush=True)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass

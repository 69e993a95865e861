"""The one place where the application, its stores, its read side and its outbox are put together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg

from config.settings import Settings
from events.delivery import Outbox
from events.history import History
from events.links import UpdateLinks
from events.mail import Mailer, SMTPMailer, SMTPSettings
from events.outbox import OutboxProjection, PostgresOutboxView, SQLiteOutboxView
from events.readside import ReadSide, make_view
from events.sqlview import close_view, open_view
from tracker.application import Tracker
from tracker.domain.calendar import WorkingCalendar


TABLES_LOCK = 7_202_611  # the advisory lock held while tables are made


@dataclass
class Services:
    """What every entry point (web, API, CLI, scheduler) works with."""

    settings: Settings
    tracker: Tracker
    read: ReadSide
    history: History
    calendar: WorkingCalendar
    links: UpdateLinks
    outbox: Outbox

    def close(self) -> None:
        """Close the stores."""
        self.read.close()
        self.tracker.close()
        close_view(self.read.view)
        close_view(self.outbox.view)


def build_services(settings: Settings, *, embedded: bool | None = None, mailer: Mailer | None = None) -> Services:
    """Open the stores named by the settings and wire the tracker to its read side and outbox.

    SQLite (the default) keeps the view up to date in-process; with PostgreSQL a
    separate `tracker projections run` process does, unless embedded=True. The outbox
    is caught up by whoever sends mail (the scheduler, `tracker chase`).
    """
    env = settings.eventsourcing_env()
    with creating_tables(settings):
        tracker = Tracker(env=env)
        view = make_view(env)
        outbox_view = open_view(env, OutboxProjection.name, SQLiteOutboxView, PostgresOutboxView)
    read = ReadSide(tracker, view, embedded=(not settings.uses_postgres) if embedded is None else embedded)
    tracker.calendar_index = read
    tracker.after_save.append(read.after_save)
    calendar = WorkingCalendar(settings.bank_holiday_region)
    view.calendar = calendar
    links = UpdateLinks(settings.signing_key(), settings.public_base_url)
    outbox = Outbox(
        tracker, outbox_view, read, links,
        mailer or SMTPMailer(SMTPSettings(settings.smtp_host, settings.smtp_port, settings.smtp_username,
                                          settings.smtp_password, settings.smtp_starttls)),
        sender=settings.mail_from, calendar=calendar,
    )
    return Services(settings, tracker, read, History(tracker, read), calendar, links, outbox)


@contextmanager
def creating_tables(settings: Settings) -> Iterator[None]:
    """Hold PostgreSQL's advisory lock while the stores make their tables: two processes starting at once (two
    schedulers by mistake, say) would otherwise race on CREATE TABLE IF NOT EXISTS, which PostgreSQL refuses
    with "tuple concurrently updated". SQLite serialises this itself."""
    if not settings.uses_postgres:
        yield
        return
    url = urlsplit(settings.database_url)._replace(query="").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (TABLES_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (TABLES_LOCK,))

"""The one place where the application, its stores, its read side and its outbox are put together."""

from __future__ import annotations

from dataclasses import dataclass

from config.settings import Settings
from events.delivery import Outbox
from events.history import History
from events.links import UpdateLinks
from events.mail import Mailer, SMTPMailer, SMTPSettings
from events.outbox import OutboxProjection, PostgresOutboxView, SQLiteOutboxView
from events.readside import ReadSide, make_view
from events.sqlview import close_view, creating_tables, open_view
from tracker.application import Tracker
from tracker.domain.calendar import WorkingCalendar


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
    with creating_tables(settings.database_url if settings.uses_postgres else ""):
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
    return Services(settings, tracker, read, History(tracker, read, outbox_view), calendar, links, outbox)

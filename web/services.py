"""The one place where the application, its stores and its read side are put together."""

from __future__ import annotations

from dataclasses import dataclass

from config.settings import Settings
from events.history import History
from events.readside import ReadSide, make_view
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

    def close(self) -> None:
        """Close the stores."""
        self.tracker.close()
        self.read.view.datastore.close()  # type: ignore[attr-defined]


def build_services(settings: Settings, *, embedded: bool | None = None) -> Services:
    """Open the stores named by the settings and wire the tracker to its read side.

    SQLite (the default) keeps the view up to date in-process; with PostgreSQL a
    separate `tracker projections run` process does, unless embedded=True.
    """
    env = settings.eventsourcing_env()
    tracker = Tracker(env=env)
    view = make_view(env)
    read = ReadSide(tracker, view, embedded=(not settings.uses_postgres) if embedded is None else embedded)
    tracker.calendar_index = read
    tracker.after_save.append(read.after_save)
    calendar = WorkingCalendar(settings.bank_holiday_region)
    view.calendar = calendar
    return Services(settings, tracker, read, History(tracker, read), calendar)

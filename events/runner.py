"""The projection process for PostgreSQL: a ProjectionRunner keeping the action log view."""

from __future__ import annotations

import signal
import threading

from eventsourcing.projection import ProjectionRunner

from config.settings import Settings
from events.projection import ActionLogProjection
from events.sqlview import close_view, creating_tables, keeping_views, open_view
from events.view import PostgresActionLogView, SQLiteActionLogView
from tracker.application import Tracker


def start(settings: Settings) -> ProjectionRunner:
    """Start a runner (its threads subscribe to the application's event log)."""
    if not settings.uses_postgres:
        raise SystemExit("The projection process is for PostgreSQL; with SQLite views catch up in-process.")
    env = settings.eventsourcing_env()
    with creating_tables(settings.database_url):
        close_view(open_view(env, ActionLogProjection.name, SQLiteActionLogView, PostgresActionLogView))
    return ProjectionRunner(
        application_class=Tracker,
        projection_class=ActionLogProjection,
        view_class=PostgresActionLogView,
        env=env,
    )


def run_forever(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with keeping_views(settings.database_url, "start the projection process"), start(settings) as runner:
        print("Projection runner started; Ctrl-C to stop.", flush=True)
        while not stop.is_set():
            runner.run_forever(timeout=1)

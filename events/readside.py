"""Keeping the read side up to date: in-process catch-up on SQLite, waiting on a runner with PostgreSQL."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Recording, Tracking

from events.projection import ActionLogProjection
from events.sqlview import open_view
from events.view import ActionFilter, ActionLogView, Page, PostgresActionLogView, SQLiteActionLogView
from tracker.application import Tracker
from tracker.ports import DueByNextMeeting, MeetingSlot

BATCH = 1000
log = logging.getLogger("tracker.readside")


def make_view(env: dict[str, str]) -> ActionLogView:
    """The action log view on whichever store the environment names."""
    return open_view(env, ActionLogProjection.name, SQLiteActionLogView, PostgresActionLogView)


class ReadSide:
    """The projection and its view, kept in step with the application.

    Embedded (SQLite): after each command, and before each query, the projection
    reads the notification log from the view's last tracking id and catches up in
    this process. With a runner (PostgreSQL), a ProjectionRunner in its own process
    keeps the view, and a request that has just written waits for its notification.
    """

    def __init__(self, app: Tracker, view: ActionLogView, *, embedded: bool, wait_timeout: float = 10.0) -> None:
        self.app = app
        self.view = view
        self.projection = ActionLogProjection(view=view)
        self.embedded = embedded
        self.wait_timeout = wait_timeout
        self._lock = threading.Lock()
        self._position: int | None = None  # the last notification this process saw the view apply

    # Keeping up

    def after_save(self, recordings: list[Recording]) -> None:
        """Make the writer's own change visible before the command returns."""
        if not self.embedded:
            self._wait(max(r.notification.id for r in recordings))
            return
        with self._lock:
            items = [(r.domain_event, Tracking(self.app.name, r.notification.id)) for r in recordings]
            if self._position is not None and self._position == items[0][1].notification_id - 1:
                # Nothing else was written since the view last caught up here: apply the events just
                # saved, without reading them back from the store.
                try:
                    self.projection.process_batch(items)
                    self._position = items[-1][1].notification_id
                    return
                except IntegrityError:
                    pass  # another process applied them first
            self._catch_up()

    def sync(self) -> None:
        """Make sure the view has seen everything recorded so far."""
        if self.embedded:
            self.catch_up()
        else:
            top = self.app.recorder.max_notification_id()
            if top:
                self._wait(top)

    def _wait(self, notification_id: int) -> None:
        """Wait for the projection process to apply a notification.

        The library's own wait sleeps 100 ms before its second look, which would make every write on
        PostgreSQL take a tenth of a second; the runner usually needs a few milliseconds. If it does not come
        in time (the projection process is not running), the write stands and the view shows it later.
        """
        deadline = time.monotonic() + self.wait_timeout
        interval = 0.001
        while not self.view.has_tracking_id(self.app.name, notification_id):
            if time.monotonic() > deadline:
                log.warning("the action log view has not caught up with notification %s after %.0f s: is "
                            "`tracker projections run` running?", notification_id, self.wait_timeout)
                return
            time.sleep(interval)
            interval = min(interval * 2, 0.05)

    def catch_up(self, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
        """Apply every event the view has not seen, in batches; returns how many were applied."""
        with self._lock:
            return self._catch_up(progress, batch)

    def _catch_up(self, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
        applied = 0
        while True:
            last = self.view.max_tracking_id(self.app.name) or 0
            self._position = last
            notifications = self.app.recorder.select_notifications(start=last + 1, limit=batch)
            if not notifications:
                return applied
            items = [(self.app.mapper.to_domain_event(n), Tracking(self.app.name, n.id)) for n in notifications]
            try:
                self.projection.process_batch(items)
            except IntegrityError:
                # Another process applied this batch first: read the tracking again.
                continue
            applied += len(items)
            self._position = items[-1][1].notification_id
            if progress:
                progress(len(items))

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Empty the view and apply the whole event log again."""
        with self._lock:
            self.view.clear()
            self._position = None
            return self._catch_up(progress)

    def backlog(self) -> int:
        """How many events the view has still to apply."""
        return (self.app.recorder.max_notification_id() or 0) - (self.view.max_tracking_id(self.app.name) or 0)

    # The application's calendar index port

    def meetings_of(self, committee_id: UUID) -> list[MeetingSlot]:
        """Every meeting of a committee."""
        return self.view.meetings_of(committee_id)

    def due_by_next_meeting(self, committee_id: UUID) -> list[DueByNextMeeting]:
        """Open actions due by the next meeting of a committee."""
        return self.view.due_by_next_meeting(committee_id)

    # Queries, always on a view that has caught up

    def list_actions(self, f: ActionFilter, *, as_of: datetime | None = None) -> Page:
        """A page of the action log."""
        self.sync()
        return self.view.list_actions(f, as_of=as_of)

    def query(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Any other query of the view, after catching up."""
        self.sync()
        return getattr(self.view, name)(*args, **kwargs)

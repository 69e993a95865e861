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
from tracker.domain.errors import UnavailableError
from tracker.ports import DueByNextMeeting, MeetingSlot

BATCH = 1000
GATHER = 0.002  # seconds the follower waits for more events to arrive before it applies what it has
GATHER_AT_MOST = 0.05  # seconds, however fast they keep arriving
NOT_WAITING_FOR = 30.0  # seconds
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
        self._queue: list[tuple[Any, Tracking]] = []  # saved here, not yet applied by the follower
        self._queue_lock = threading.Lock()
        self._wake = threading.Event()
        self._follower: threading.Thread | None = None
        self._stopped = False
        self._not_waiting_until = 0.0  # after a wait timed out, until when writes do not wait

    # Keeping up

    def after_save(self, recordings: list[Recording]) -> None:
        """Bring the view up to the events just saved.

        Embedded, a follower thread of this process applies them at once, the events of many commands to a
        transaction, while the command returns; every read (sync) waits for it, so a user always sees their
        own write. With PostgreSQL, wait for the projection process to apply them.
        """
        if not self.embedded:
            self._wait(max(r.notification.id for r in recordings))
            return
        with self._queue_lock:
            self._queue += [(r.domain_event, Tracking(self.app.name, r.notification.id)) for r in recordings]
            if self._follower is None or not self._follower.is_alive():
                self._follower = threading.Thread(target=self._follow, name="view-follower", daemon=True)
                self._follower.start()
        self._wake.set()

    def _follow(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopped:
                return
            self._gather()
            try:
                self._drain()
            except Exception:  # the view lags; the next read catches up, and says what is wrong if it still is
                log.exception("the action log view could not follow the events just saved")

    def _gather(self) -> None:
        """Let the events of commands that follow each other closely arrive, so one transaction applies them.

        A view's transaction costs far more than applying one event in it (SQLite writes every page it touched
        at each commit), and this thread shares the interpreter with the commands. No read waits for this:
        a read drains whatever is queued itself.
        """
        deadline = time.monotonic() + GATHER_AT_MOST
        seen = -1
        while time.monotonic() < deadline and not self._stopped:
            waiting = len(self._queue)
            if waiting == seen or waiting >= BATCH:
                return
            seen = waiting
            time.sleep(GATHER)

    def _drain(self) -> None:
        with self._lock:
            with self._queue_lock:
                items, self._queue = sorted(self._queue, key=lambda i: i[1].notification_id), []
            if not items:
                return
            ids = [tracking.notification_id for _, tracking in items]
            if self._position is not None and ids == list(range(self._position + 1, self._position + 1 + len(ids))):
                # Nothing else was written since the view last caught up here: apply the events as saved,
                # without reading them back from the store.
                try:
                    for start in range(0, len(items), BATCH):
                        self.projection.process_batch(items[start:start + BATCH], after=self._position)
                        self._position = items[min(start + BATCH, len(items)) - 1][1].notification_id
                    return
                except IntegrityError:
                    pass  # another process applied them first, or the view was rebuilt meanwhile
            self._catch_up()

    def close(self) -> None:
        """Stop the follower thread (the view catches up from the store next time anyway)."""
        self._stopped = True
        self._wake.set()
        if self._follower is not None:
            self._follower.join(timeout=10)

    def sync(self, *, strict: bool = False) -> None:
        """Make sure the view has seen everything recorded so far. Strict (for a command that decides from the
        view): raise UnavailableError if the projection process does not bring it up in time."""
        if self.embedded:
            self.catch_up()
        else:
            top = self.app.recorder.max_notification_id()
            if top:
                self._wait(top, strict=strict)

    def _wait(self, notification_id: int, *, strict: bool = False) -> None:
        """Wait for the projection process to apply a notification.

        The library's own wait sleeps 100 ms before its second look, which would make every write on
        PostgreSQL take a tenth of a second; the runner usually needs a few milliseconds. If it does not come
        in time (the projection process is not running), the write stands and the view shows it later.
        """
        if time.monotonic() < self._not_waiting_until and not strict:
            return  # it did not come last time: writes do not each wait the whole timeout for it
        deadline = time.monotonic() + self.wait_timeout
        interval = 0.001
        while not self.view.has_tracking_id(self.app.name, notification_id):
            if time.monotonic() > deadline:
                if strict:
                    raise UnavailableError(
                        "The action log is behind the record of changes, so this cannot be checked safely now: "
                        "nothing was changed. Try again in a minute; if it keeps happening, the projection "
                        "process (`tracker projections run`) needs starting."
                    )
                log.warning("the action log view has not caught up with notification %s after %.0f s: is "
                            "`tracker projections run` running?", notification_id, self.wait_timeout)
                self._not_waiting_until = time.monotonic() + NOT_WAITING_FOR
                return
            time.sleep(interval)
            interval = min(interval * 2, 0.05)

    def catch_up(self, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
        """Apply every event the view has not seen, in batches; returns how many were applied."""
        if self.embedded and self._queue:
            self._drain()  # this process's own events, as saved, without reading them back from the store
        with self._lock:
            return self._catch_up(progress, batch)

    def _catch_up(self, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
        applied = 0
        while True:
            last = self.view.max_tracking_id(self.app.name) or 0
            self._position = last
            notifications = self.app.recorder.select_notifications(start=last + 1, limit=batch)
            if not notifications:
                with self._queue_lock:  # what the follower still holds is applied now
                    self._queue = [i for i in self._queue if i[1].notification_id > last]
                return applied
            items = [(self.app.mapper.to_domain_event(n), Tracking(self.app.name, n.id)) for n in notifications]
            try:
                self.projection.process_batch(items, after=last)
            except IntegrityError:
                # Another process applied events meanwhile (or cleared the view to rebuild it): read on from
                # where the view now is.
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

"""The composer reads titles, people and committees from the action log view, which may not yet hold an action
logged a moment ago: it then catches the view up once and reads again, never writing a reference for a title."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from events.compose import Composer
from events.links import UpdateLinks
from tracker.domain.calendar import WorkingCalendar

NOW = datetime(2026, 12, 7, 10, tzinfo=timezone.utc)
ACTION = {"id": "a1", "title": "Send the engagement plan", "due_date": date(2026, 12, 1), "meeting_id": None,
          "minute_ref": "13.1", "source_quote": "", "last_update": None, "status": "logged", "active": True,
          "owner_id": "p1", "extension_pending": False, "chasing_paused": False, "version": 3}
PERSON = {"id": "p1", "name": "Ada Owner", "email": "ada@healthwatch.test"}
COMMITTEE = {"id": "c1", "name": "Health Overview and Scrutiny Committee", "authority": "A Council", "clerk_id": None,
             "remind_before": 5, "remind_on_due": 1, "overdue_every": 5, "escalate_after": 3, "chasing_paused": 0}


class LaggingView:
    """A view that holds the committee but not yet the action and its owner, until it is caught up."""

    def __init__(self) -> None:
        self.actions: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.catch_ups = 0

    def catch_up(self) -> None:
        self.catch_ups += 1
        self.actions["a1"], self.people["p1"] = ACTION, PERSON

    def action_by_id(self, action_id: str) -> dict[str, Any] | None:
        return self.actions.get(action_id)

    def actions_by_ids(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {i: self.actions[i] for i in ids if i in self.actions}

    def person_by_id(self, person_id: str) -> dict[str, Any] | None:
        return self.people.get(person_id)

    def committee_by_id(self, committee_id: str) -> dict[str, Any] | None:
        return COMMITTEE if committee_id == "c1" else None

    def meeting_by_id(self, meeting_id: str) -> dict[str, Any] | None:
        return None


def composer(view: LaggingView) -> Composer:
    return Composer(view, None, UpdateLinks("k" * 32, "https://tracker.example"),  # type: ignore[arg-type]
                    sender="Tracker <tracker@example.org>", calendar=WorkingCalendar("ENG"), catch_up=view.catch_up)


def test_a_link_for_an_action_the_view_has_not_yet_applied_is_composed_after_catching_it_up() -> None:
    view = LaggingView()
    row = {"person_id": "p1", "action_id": "a1", "committee_id": "c1", "reference": "HOSC-0003", "version": 2}
    message = composer(view).link(row, NOW)
    assert view.catch_ups == 1
    assert message["subject"] == "Your link to update HOSC-0003: Send the engagement plan"
    assert message["to_addrs"] == "Ada Owner <ada@healthwatch.test>"


def test_a_chase_for_an_action_the_view_has_not_yet_applied_names_it_by_its_title() -> None:
    view = LaggingView()
    row = {"action_id": "a1", "committee_id": "c1", "reference": "HOSC-0003", "due_date": "2026-12-01",
           "stage": "overdue", "number": 1, "on_day": "2026-12-07", "batch": "batch-1", "version": 3,
           "recipients": [{"person_id": "p1", "as": "owner"}]}
    [message] = composer(view).chases([row], NOW).messages
    assert view.catch_ups == 1
    assert "Send the engagement plan" in message["text_body"] and message["status"] == "queued"
    assert message["to_addrs"] == "Ada Owner <ada@healthwatch.test>"


def test_a_chase_the_view_seems_to_say_is_no_longer_owed_is_checked_against_a_caught_up_view() -> None:
    # The view still shows the extension request that was refused just before the chase was recorded.
    view = LaggingView()
    view.catch_up()
    view.actions["a1"] = {**ACTION, "extension_pending": True, "version": 2}
    refused = {**ACTION, "version": 4}
    view.catch_up = lambda: view.actions.update(a1=refused)  # type: ignore[method-assign]
    row = {"action_id": "a1", "committee_id": "c1", "reference": "HOSC-0003", "due_date": "2026-12-01",
           "stage": "overdue", "number": 1, "on_day": "2026-12-07", "batch": "batch-1", "version": 3,
           "recipients": [{"person_id": "p1", "as": "owner"}]}
    [message] = composer(view).chases([row], NOW).messages
    assert message["status"] == "queued" and "HOSC-0003" in message["subject"]


def test_a_view_that_has_everything_is_not_caught_up() -> None:
    view = LaggingView()
    view.catch_up()
    row = {"person_id": "p1", "action_id": "a1", "committee_id": "c1", "reference": "HOSC-0003", "version": 2}
    composer(view).link(row, NOW)
    assert view.catch_ups == 1  # only the set-up's

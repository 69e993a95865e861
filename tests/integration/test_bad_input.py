"""Bad input gets a message per field and writes nothing, on either backend."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import ValidationError

from tracker.domain.errors import MoveNotAllowedError, RuleError
from web.commands import log_action, make_move
from web.services import Services

CLERK = "user:clerk@example.org"


@pytest.fixture
def action(services: Services) -> str:
    t = services.tracker
    owner = t.add_person(actor=CLERK, name="STP Programme Director", organisation="STW STP")
    t.register_committee(actor=CLERK, short_name="JHOSC", name="Joint HOSC", authority="Shropshire")
    return log_action(services, {"committee": "JHOSC", "title": "Publish the engagement plan", "kind": "information_request",
                                 "owner_id": str(owner), "due": "2021-03-31"}, actor=CLERK)


def written(services: Services) -> int:
    return services.tracker.recorder.max_notification_id() or 0


def test_a_bad_undertaking_is_refused_field_by_field_and_nothing_is_written(services: Services, action: str) -> None:
    before = written(services)
    with pytest.raises(ValidationError) as error:
        log_action(services, {"committee": "J", "title": "", "kind": "promise", "owner_id": "nobody", "due": "soon"},
                   actor=CLERK)
    assert set(error.value.messages) == {"committee", "title", "kind", "owner_id", "due"}
    assert error.value.messages["due"] == ['Give the due date as YYYY-MM-DD, or "next_meeting".']
    assert written(services) == before


def test_a_move_with_missing_or_wrong_values_writes_nothing(services: Services, action: str) -> None:
    before = written(services)
    with pytest.raises(ValidationError) as error:
        make_move(services, action, "change_due_date", {"due": "31/05/2021"}, actor=CLERK)
    assert set(error.value.messages) == {"due", "reason"}
    with pytest.raises(ValidationError, match="Say why the extension is refused"):
        make_move(services, action, "decide_extension", {"grant": "false"}, actor=CLERK)
    with pytest.raises(RuleError, match="later than 31 March 2021"):
        make_move(services, action, "request_extension", {"due_date": "2021-03-01", "reason": "Busy"}, actor=CLERK)
    with pytest.raises(MoveNotAllowedError, match="Cannot close JHOSC-0001: it is logged"):
        make_move(services, action, "close", {}, actor=CLERK)
    assert written(services) == before
    assert services.tracker.action(action)["due_date"] == date(2021, 3, 31)


def test_a_valid_move_through_the_boundary_is_recorded(services: Services, action: str) -> None:
    version = make_move(services, action, "change_due_date", {"due": "2021-05-31", "reason": "Plan delayed",
                                                               "expected_version": 1}, actor=CLERK)
    assert version == 2
    assert services.tracker.action(action)["due_date"] == date(2021, 5, 31)

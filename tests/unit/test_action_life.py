"""The life of an undertaking: every move an officer or clerk can make, and every move the rules refuse."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from uuid import UUID, uuid4

import pytest
import time_machine

from tracker.domain.action import ALLOWED, Action, action_id
from tracker.domain.errors import MoveNotAllowedError, RuleError
from tracker.domain.values import Kind, Move, Status

CLERK = "clerk@council.gov.uk"
OFFICER = "officer@nhs.net"
OWNER = uuid4()
OTHER_OWNER = uuid4()
COMMITTEE = uuid4()
NEXT_MEETING = uuid4()
DUE = date(2024, 3, 1)


def new_action(**changes: object) -> Action:
    """A freshly logged action, its Logged event already collected."""
    details: dict[str, object] = dict(
        reference="HOSC-0001", committee_id=COMMITTEE, meeting_id=None, minute_ref="12/24",
        title="Send the waiting-list figures by ward", detail="", source_quote="", kind=Kind.INFORMATION_REQUEST,
        raised_by="Cllr Patel", owner_id=OWNER, due_date=DUE, due_meeting_id=None, due_next_meeting=False,
        follows_up_id=None, imported=False,
    )
    details.update(changes)
    action = Action.log(actor=CLERK, **details)
    action.collect_events()
    return action


def action_in(status: Status) -> Action:
    """An action brought to the given status by the ordinary route, with no events pending."""
    action = new_action()
    if status is Status.ACKNOWLEDGED:
        action.acknowledge(actor=OFFICER)
    elif status in (Status.COMPLETED, Status.CLOSED):
        action.complete(actor=OFFICER, response="Figures sent to members on 20 February.")
        if status is Status.CLOSED:
            action.close(actor=CLERK)
    elif status is Status.WITHDRAWN:
        action.withdraw(actor=CLERK, reason="The committee no longer needs it.")
    elif status is Status.SUPERSEDED:
        action.supersede(actor=CLERK, successor_id=action_id("HOSC-0002"), reason="Replaced by HOSC-0002.")
    action.collect_events()
    assert action.status is status
    return action


# One valid way to make each move, so that only the status can be the reason for a refusal.
MOVES: dict[Move, Callable[[Action], None]] = {
    Move.ACKNOWLEDGE: lambda a: a.acknowledge(actor=OFFICER),
    Move.NOTE_PROGRESS: lambda a: a.note_progress(actor=OFFICER, text="Data team has the request."),
    Move.COMPLETE: lambda a: a.complete(actor=OFFICER, response="Figures attached."),
    Move.CLOSE: lambda a: a.close(actor=CLERK),
    Move.ACCEPT: lambda a: a.accept(actor=CLERK, meeting_id=NEXT_MEETING),
    Move.REOPEN: lambda a: a.reopen(actor=CLERK, reason="Members asked for more."),
    Move.CHANGE_DUE_DATE: lambda a: a.change_due_date(actor=CLERK, due_date=date(2024, 4, 5), reason="Agreed."),
    Move.REQUEST_EXTENSION: lambda a: a.request_extension(actor=OFFICER, due_date=date(2024, 4, 5), reason="Data late."),
    Move.DECIDE_EXTENSION: lambda a: a.decide_extension(actor=CLERK, grant=True),
    Move.REASSIGN: lambda a: a.reassign(actor=CLERK, owner_id=OTHER_OWNER, reason="Moved teams."),
    Move.WITHDRAW: lambda a: a.withdraw(actor=CLERK, reason="No longer needed."),
    Move.SUPERSEDE: lambda a: a.supersede(actor=CLERK, successor_id=action_id("HOSC-0009"), reason="Replaced."),
    Move.COMMENT: lambda a: a.comment(actor=CLERK, text="Chased by phone."),
}

# The rules of an undertaking's life, written out here rather than read from the code they check.
_OPEN = {"note_progress", "complete", "change_due_date", "request_extension", "decide_extension", "reassign",
         "withdraw", "supersede", "comment"}
EXPECTED: dict[str, set[str]] = {
    "logged": _OPEN | {"acknowledge"},
    "acknowledged": _OPEN,
    "completed": {"close", "accept", "reopen", "comment"},
    "closed": {"reopen", "comment"},
    "withdrawn": {"reopen", "comment"},
    "superseded": {"comment"},
}
DISALLOWED = [(status, move) for status in Status for move in Move if move.value not in EXPECTED[status.value]]
PERMITTED = [(status, move) for status in Status for move in Move if move.value in EXPECTED[status.value]]


@pytest.fixture(autouse=True)
def _in_february_2024() -> Iterator[None]:
    """The clock stands in February 2024, before the dates these undertakings are due."""
    with time_machine.travel(datetime(2024, 2, 15, 10, tzinfo=timezone.utc), tick=False):
        yield


def state_of(action: Action) -> dict[str, object]:
    return copy.deepcopy(vars(action))


def expect_no_change(action: Action, before: dict[str, object]) -> None:
    assert action.collect_events() == []
    assert state_of(action) == before


# The whole ordinary life


def test_an_undertaking_is_logged_acknowledged_updated_completed_and_closed() -> None:
    at = lambda day: datetime(2024, 2, day, 10, tzinfo=timezone.utc)  # noqa: E731

    # The clerk logs the undertaking from the minutes.
    action = Action.log(
        actor=CLERK, at=at(1), reference="HOSC-0001", committee_id=COMMITTEE, meeting_id=None, minute_ref="12/24",
        title="Send the waiting-list figures by ward", detail="", source_quote="", kind="information_request",
        raised_by="Cllr Patel", owner_id=OWNER, due_date=DUE, due_meeting_id=None, due_next_meeting=False,
        follows_up_id=None, imported=False,
    )
    assert action.id == action_id("hosc-0001")
    assert action.status is Status.LOGGED and action.kind is Kind.INFORMATION_REQUEST

    # The officer acknowledges it and sends three updates.
    action.acknowledge(actor=OFFICER, at=at(2))
    for day, text in ((5, "Asked the data team."), (9, "Draft figures received."), (12, "Checking the draft.")):
        action.note_progress(actor=OFFICER, text=text, at=at(day))
    assert action.status is Status.ACKNOWLEDGED
    assert (action.last_update, action.last_update_at) == ("Checking the draft.", at(12))

    # The officer completes it with a response and evidence; the clerk closes it.
    action.complete(actor=OFFICER, response="Figures sent to members.", evidence=["https://x.invalid/f.pdf"], at=at(20))
    action.close(actor=CLERK, note="Noted at agenda briefing.", at=at(21))

    assert (action.status, action.response, action.evidence) == (
        Status.CLOSED, "Figures sent to members.", ["https://x.invalid/f.pdf"]
    )
    assert (action.completed_at, action.closed_at) == (at(20), at(21))
    events = action.collect_events()
    assert [type(e) for e in events] == [
        Action.Logged, Action.Acknowledged, Action.ProgressNoted, Action.ProgressNoted, Action.ProgressNoted,
        Action.Completed, Action.Closed,
    ]
    assert [e.actor for e in events] == [CLERK, OFFICER, OFFICER, OFFICER, OFFICER, OFFICER, CLERK]
    assert [e.text for e in events[2:5]] == ["Asked the data team.", "Draft figures received.", "Checking the draft."]


def test_an_action_of_an_unknown_kind_or_with_no_title_cannot_be_logged() -> None:
    with pytest.raises(ValueError):
        new_action(kind="wishful_thinking")
    with pytest.raises(RuleError, match="title cannot be blank"):
        new_action(title="  ")


def test_the_committee_accepting_a_completed_action_at_a_meeting_closes_it() -> None:
    action = action_in(Status.COMPLETED)
    action.accept(actor=CLERK, meeting_id=NEXT_MEETING)
    [event] = action.collect_events()
    assert isinstance(event, Action.Accepted) and (event.actor, event.meeting_id) == (CLERK, NEXT_MEETING)
    assert action.status is Status.CLOSED and action.accepted_at_meeting_id == NEXT_MEETING
    assert action.closed_at == event.timestamp


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.CLOSED, Status.WITHDRAWN])
def test_a_finished_action_can_be_reopened_with_a_reason_and_goes_back_to_the_owner(status: Status) -> None:
    action = action_in(status)
    action.reopen(actor=CLERK, reason="Members found the figures incomplete.")
    [event] = action.collect_events()
    assert isinstance(event, Action.Reopened)
    assert (event.actor, event.reason) == (CLERK, "Members found the figures incomplete.")
    assert action.status is Status.LOGGED
    assert (action.completed_at, action.closed_at, action.accepted_at_meeting_id) == (None, None, None)


# Due dates and extensions


def test_the_due_date_can_be_moved_to_another_date_with_a_reason() -> None:
    action = new_action()
    action.change_due_date(actor=CLERK, due_date=date(2024, 4, 5), reason="Chair agreed more time.")
    [event] = action.collect_events()
    assert isinstance(event, Action.DueDateChanged)
    assert (event.actor, event.reason, event.due_date) == (CLERK, "Chair agreed more time.", date(2024, 4, 5))
    assert (action.due_date, action.due_meeting_id, action.due_next_meeting) == (date(2024, 4, 5), None, False)


def test_an_action_can_be_made_due_by_the_next_meeting() -> None:
    action = new_action()
    action.change_due_date(
        actor=CLERK, due_date=date(2024, 3, 14), due_meeting_id=NEXT_MEETING, due_next_meeting=True,
        reason="Report to the March meeting.",
    )
    [event] = action.collect_events()
    assert (event.due_meeting_id, event.due_next_meeting) == (NEXT_MEETING, True)
    assert (action.due_date, action.due_meeting_id, action.due_next_meeting) == (date(2024, 3, 14), NEXT_MEETING, True)


def test_changing_the_due_date_to_what_it_already_is_is_refused() -> None:
    action = new_action()
    before = state_of(action)
    with pytest.raises(RuleError, match="already due then"):
        action.change_due_date(actor=CLERK, due_date=DUE, reason="No change really.")
    expect_no_change(action, before)


def test_a_granted_extension_moves_the_due_date_to_the_date_asked_for() -> None:
    # Due by the next meeting; the officer asks for a fixed later date instead.
    action = new_action(due_date=date(2024, 3, 14), due_meeting_id=NEXT_MEETING, due_next_meeting=True)
    action.request_extension(actor=OFFICER, due_date=date(2024, 4, 30), reason="Audit not finished.")
    assert action.extension == {"due_date": date(2024, 4, 30), "reason": "Audit not finished.", "by": OFFICER}
    assert Move.DECIDE_EXTENSION in action.allowed_moves() and Move.REQUEST_EXTENSION not in action.allowed_moves()

    # The clerk grants it: the date moves and the action is no longer tied to a meeting.
    action.decide_extension(actor=CLERK, grant=True)
    requested, granted = action.collect_events()
    assert isinstance(requested, Action.ExtensionRequested) and isinstance(granted, Action.ExtensionGranted)
    assert (requested.actor, requested.reason, granted.actor) == (OFFICER, "Audit not finished.", CLERK)
    assert (action.due_date, action.due_meeting_id, action.due_next_meeting) == (date(2024, 4, 30), None, False)
    assert action.extension is None


def test_a_refused_extension_needs_a_reason_and_leaves_the_due_date_alone() -> None:
    action = new_action()
    action.request_extension(actor=OFFICER, due_date=date(2024, 4, 30), reason="Audit not finished.")
    action.collect_events()
    before = state_of(action)

    with pytest.raises(RuleError, match="reason for refusing"):
        action.decide_extension(actor=CLERK, grant=False, reason=" ")
    expect_no_change(action, before)

    action.decide_extension(actor=CLERK, grant=False, reason="Members need it before the budget.")
    [event] = action.collect_events()
    assert isinstance(event, Action.ExtensionRefused)
    assert (event.actor, event.reason) == (CLERK, "Members need it before the budget.")
    assert (action.due_date, action.extension) == (DUE, None)


@pytest.mark.parametrize("asked_for", [DUE, date(2024, 2, 1)], ids=["same day", "earlier"])
def test_an_extension_must_be_to_a_later_date_than_the_current_due_date(asked_for: date) -> None:
    action = new_action()
    before = state_of(action)
    with pytest.raises(RuleError, match="later than 01 March 2024"):
        action.request_extension(actor=OFFICER, due_date=asked_for, reason="Need more time.")
    expect_no_change(action, before)


@pytest.mark.parametrize("asked_for", [date(2024, 2, 15), date(1990, 1, 1)], ids=["the day it is asked", "long past"])
def test_an_extension_must_be_to_a_date_after_the_day_it_is_asked_even_with_no_due_date(asked_for: date) -> None:
    action = new_action(due_date=None, due_next_meeting=True)  # no meeting scheduled yet
    before = state_of(action)
    with pytest.raises(RuleError, match="after the day it is asked for \\(15 February 2024\\)"):
        action.request_extension(actor=OFFICER, due_date=asked_for, reason="Need more time.")
    expect_no_change(action, before)
    action.request_extension(actor=OFFICER, due_date=date(2024, 2, 16), reason="Need a day.")
    assert action.extension["due_date"] == date(2024, 2, 16)


def test_an_extension_asked_for_in_an_imported_history_counts_from_the_day_it_was_asked() -> None:
    action = new_action(due_date=date(2021, 3, 1))
    asked = datetime(2021, 2, 20, 12, tzinfo=timezone.utc)
    action.request_extension(actor=OFFICER, due_date=date(2021, 4, 1), reason="Data late.", at=asked)
    assert action.extension["due_date"] == date(2021, 4, 1)


def test_the_table_of_moves_is_the_one_written_out_here() -> None:
    assert {status.value: {m.value for m in moves} for status, moves in ALLOWED.items()} == EXPECTED


def test_a_second_extension_cannot_be_asked_for_while_one_awaits_a_decision() -> None:
    action = new_action()
    action.request_extension(actor=OFFICER, due_date=date(2024, 4, 30), reason="Audit not finished.")
    action.collect_events()
    before = state_of(action)
    with pytest.raises(MoveNotAllowedError, match="already waiting for a decision") as refused:
        action.request_extension(actor=OFFICER, due_date=date(2024, 5, 31), reason="And more.")
    assert "decide_extension" in refused.value.allowed and "request_extension" not in refused.value.allowed
    expect_no_change(action, before)


def test_an_extension_cannot_be_decided_when_none_was_asked_for() -> None:
    action = new_action()
    before = state_of(action)
    with pytest.raises(MoveNotAllowedError, match="No extension has been requested") as refused:
        action.decide_extension(actor=CLERK, grant=True)
    assert "request_extension" in refused.value.allowed and "decide_extension" not in refused.value.allowed
    expect_no_change(action, before)


def test_completing_or_withdrawing_an_action_drops_a_pending_extension() -> None:
    for finish in (MOVES[Move.COMPLETE], MOVES[Move.WITHDRAW]):
        action = new_action()
        action.request_extension(actor=OFFICER, due_date=date(2024, 4, 30), reason="Audit not finished.")
        finish(action)
        assert action.extension is None and action.due_date == DUE


# Owners, withdrawal, supersession, comments


def test_an_action_can_be_reassigned_to_another_owner_with_a_reason() -> None:
    action = new_action()
    action.reassign(actor=CLERK, owner_id=OTHER_OWNER, reason="Director of public health now leads.")
    [event] = action.collect_events()
    assert isinstance(event, Action.Reassigned)
    assert (event.actor, event.owner_id, event.reason) == (CLERK, OTHER_OWNER, "Director of public health now leads.")
    assert action.owner_id == OTHER_OWNER


def test_reassigning_an_action_to_its_current_owner_is_refused() -> None:
    action = new_action()
    before = state_of(action)
    with pytest.raises(RuleError, match="already owned by that person"):
        action.reassign(actor=CLERK, owner_id=OWNER, reason="Just checking.")
    expect_no_change(action, before)


def test_a_withdrawn_action_records_why() -> None:
    action = new_action()
    action.withdraw(actor=CLERK, reason="The service was decommissioned.")
    [event] = action.collect_events()
    assert isinstance(event, Action.Withdrawn) and (event.actor, event.reason) == (CLERK, "The service was decommissioned.")
    assert action.status is Status.WITHDRAWN and action.status.is_done


def test_a_superseded_action_points_to_the_one_that_replaces_it() -> None:
    action = new_action()
    successor = action_id("HOSC-0002")
    action.supersede(actor=CLERK, successor_id=successor, reason="Folded into the wider review.")
    [event] = action.collect_events()
    assert isinstance(event, Action.Superseded) and (event.successor_id, event.reason) == (successor, "Folded into the wider review.")
    assert (action.status, action.successor_id) == (Status.SUPERSEDED, successor)


def test_an_action_cannot_supersede_itself() -> None:
    action = new_action()
    with pytest.raises(RuleError, match="cannot supersede itself"):
        action.supersede(actor=CLERK, successor_id=action.id, reason="Oops.")
    assert action.status is Status.LOGGED and action.collect_events() == []


@pytest.mark.parametrize("status", list(Status))
def test_anyone_may_comment_on_an_action_in_any_status(status: Status) -> None:
    action = action_in(status)
    action.comment(actor=OFFICER, text="Chased by phone on Monday.")
    [event] = action.collect_events()
    assert isinstance(event, Action.Commented) and (event.actor, event.text) == (OFFICER, "Chased by phone on Monday.")
    assert action.status is status


# Guards


@pytest.mark.parametrize(("status", "move"), DISALLOWED, ids=[f"{s}-{m}" for s, m in DISALLOWED])
def test_a_move_not_allowed_from_the_status_is_refused_and_names_the_moves_that_are(status: Status, move: Move) -> None:
    action = action_in(status)
    before = state_of(action)
    with pytest.raises(MoveNotAllowedError) as refused:
        MOVES[move](action)
    allowed = sorted(Move(m) for m in EXPECTED[status.value] - {"decide_extension"})  # none pending here
    assert (refused.value.move, refused.value.status, refused.value.allowed) == (move.value, status.value, allowed)
    assert f"Allowed now: {', '.join(m.label for m in allowed)}." in str(refused.value)
    expect_no_change(action, before)


@pytest.mark.parametrize(("status", "move"), PERMITTED, ids=[f"{s}-{m}" for s, m in PERMITTED])
def test_every_move_the_table_allows_is_accepted(status: Status, move: Move) -> None:
    action = action_in(status)
    if move is Move.DECIDE_EXTENSION:
        MOVES[Move.REQUEST_EXTENSION](action)
    MOVES[move](action)
    assert action.collect_events()


def test_completing_a_withdrawn_action_is_refused_in_words_a_clerk_can_act_on() -> None:
    action = action_in(Status.WITHDRAWN)
    with pytest.raises(MoveNotAllowedError) as refused:
        action.complete(actor=OFFICER, response="Done anyway.")
    assert str(refused.value) == "Cannot complete HOSC-0001: it is withdrawn. Allowed now: comment, reopen."


def test_closing_an_open_action_is_refused_until_it_is_completed() -> None:
    action = new_action()
    with pytest.raises(MoveNotAllowedError) as refused:
        action.close(actor=CLERK)
    assert str(refused.value) == (
        "Cannot close HOSC-0001: it is logged. Allowed now: acknowledge, change due date, comment, complete, "
        "note progress, reassign, request extension, supersede, withdraw."
    )


REASONED: dict[Move, Callable[[Action, str], None]] = {
    Move.REOPEN: lambda a, r: a.reopen(actor=CLERK, reason=r),
    Move.CHANGE_DUE_DATE: lambda a, r: a.change_due_date(actor=CLERK, due_date=date(2024, 4, 5), reason=r),
    Move.REQUEST_EXTENSION: lambda a, r: a.request_extension(actor=OFFICER, due_date=date(2024, 4, 5), reason=r),
    Move.REASSIGN: lambda a, r: a.reassign(actor=CLERK, owner_id=OTHER_OWNER, reason=r),
    Move.WITHDRAW: lambda a, r: a.withdraw(actor=CLERK, reason=r),
    Move.SUPERSEDE: lambda a, r: a.supersede(actor=CLERK, successor_id=action_id("HOSC-0009"), reason=r),
}


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
@pytest.mark.parametrize("move", list(REASONED))
def test_a_move_that_needs_a_reason_is_refused_without_one(move: Move, reason: str) -> None:
    action = action_in(Status.COMPLETED if move is Move.REOPEN else Status.ACKNOWLEDGED)
    before = state_of(action)
    with pytest.raises(RuleError, match=f"Give a reason to {move.label}"):
        REASONED[move](action, reason)
    expect_no_change(action, before)


@pytest.mark.parametrize("text", ["", "  \n"], ids=["empty", "blank"])
@pytest.mark.parametrize(
    ("what", "move"),
    [
        ("update", lambda a, t: a.note_progress(actor=OFFICER, text=t)),
        ("response", lambda a, t: a.complete(actor=OFFICER, response=t)),
        ("comment", lambda a, t: a.comment(actor=OFFICER, text=t)),
    ],
    ids=["progress", "response", "comment"],
)
def test_a_blank_update_response_or_comment_is_refused(what: str, move: Callable[[Action, str], None], text: str) -> None:
    action = action_in(Status.ACKNOWLEDGED)
    before = state_of(action)
    with pytest.raises(RuleError, match=f"The {what} cannot be blank"):
        move(action, text)
    expect_no_change(action, before)


def test_action_ids_follow_the_reference_whatever_its_case() -> None:
    assert action_id(" hosc-0001 ") == action_id("HOSC-0001") != action_id("HOSC-0002")
    assert isinstance(action_id("HOSC-0001"), UUID)

"""When the chaser writes: reminders, overdue chases and escalation on real England and Wales calendars.

Each scenario walks an undertaking through the days with the clock frozen at 10:00 UK time on each, as the
scheduler's chase run would find it, and records every chase on the action as the chaser does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from uuid import uuid4

import pytest
import time_machine

from tracker.domain.action import Action
from tracker.domain.calendar import LONDON, WorkingCalendar, london_today
from tracker.domain.chasing import (
    ChaseDue, ChasePolicy, ChaseRecord, Stage, earliest_chase_day, in_office_hours, next_chase, next_office_opening,
)
from tracker.domain.errors import AlreadyChasedError, RuleError
from tracker.domain.values import Kind

CALENDAR = WorkingCalendar("ENG")
CHASER = "system:chaser"
OWNER = uuid4()
Day = Callable[[date, Action], None]


def logged(due: date) -> Action:
    action = Action.log(
        actor="clerk", reference="HOSC-0001", committee_id=uuid4(), meeting_id=None, minute_ref="13.1",
        title="Provide further information", detail="", source_quote="", kind=Kind.INFORMATION_REQUEST,
        raised_by="", owner_id=OWNER, due_date=due, due_meeting_id=None, due_next_meeting=False,
        follows_up_id=None, imported=False,
    )
    action.collect_events()
    return action


def walk(action: Action, start: date, end: date, *, policy: ChasePolicy = ChasePolicy(),
         on: dict[date, Day] | None = None) -> list[tuple[date, str, int]]:
    """Every chase the chaser would record from start to end, one 10:00 run a day."""
    sent = []
    day = start
    while day <= end:
        with time_machine.travel(datetime.combine(day, time(10, 0), LONDON), tick=False):
            if on and day in on:
                on[day](day, action)
            now = datetime.now(timezone.utc)
            if in_office_hours(now, CALENDAR):
                today = london_today()
                chase = next_chase(policy=policy, calendar=CALENDAR, due_date=action.due_date,
                                   chases=action.chase_records(), today=today,
                                   extension_pending=action.extension is not None, paused=action.chasing_paused,
                                   done=not action.status.is_active)
                if chase is not None:
                    action.record_chase(actor=CHASER, chase=chase, on=today, batch="run",
                                        recipients=[{"person_id": str(OWNER), "as": "owner"}])
                    sent.append((today, chase.stage.value, chase.number))
        day += timedelta(days=1)
    return sent


def test_over_christmas_and_new_year_2022_nothing_is_sent_on_a_bank_holiday_or_at_a_weekend() -> None:
    # Due Friday 30 December 2022. Bank holidays: 26 and 27 December, 2 January.
    sent = walk(logged(date(2022, 12, 30)), date(2022, 12, 1), date(2023, 1, 31))
    assert sent == [
        (date(2022, 12, 21), "reminder", 1),  # five working days before, counting back over the holidays
        (date(2022, 12, 30), "due", 1),
        (date(2023, 1, 3), "overdue", 1),  # not Saturday 31st, Sunday 1st or the bank holiday on the 2nd
        (date(2023, 1, 10), "overdue", 2),
        (date(2023, 1, 17), "overdue", 3),
        (date(2023, 1, 24), "escalation", 4),  # after the third overdue chase
        (date(2023, 1, 31), "escalation", 5),
    ]


def test_the_coronation_bank_holiday_of_8_may_2023_moves_the_first_overdue_chase_to_the_9th() -> None:
    sent = walk(logged(date(2023, 5, 5)), date(2023, 4, 20), date(2023, 5, 17))
    assert sent == [
        (date(2023, 4, 27), "reminder", 1),  # counting back over the early May bank holiday on the 1st
        (date(2023, 5, 5), "due", 1),
        (date(2023, 5, 9), "overdue", 1),
        (date(2023, 5, 16), "overdue", 2),
    ]


def test_an_action_due_on_a_saturday_is_reminded_on_the_friday_and_chased_on_the_monday() -> None:
    sent = walk(logged(date(2023, 1, 14)), date(2023, 1, 2), date(2023, 1, 17))
    assert sent == [(date(2023, 1, 9), "reminder", 1), (date(2023, 1, 13), "due", 1), (date(2023, 1, 16), "overdue", 1)]


def test_an_extension_granted_mid_sequence_stops_the_chasing_and_starts_afresh_for_the_new_date() -> None:
    action = logged(date(2023, 1, 6))

    def ask(day: date, a: Action) -> None:
        a.request_extension(actor="officer", due_date=date(2023, 1, 31), reason="Figures published late")

    def grant(day: date, a: Action) -> None:
        a.decide_extension(actor="clerk", grant=True, reason="Reasonable")

    sent = walk(action, date(2022, 12, 20), date(2023, 2, 2), on={date(2023, 1, 10): ask, date(2023, 1, 18): grant})
    assert sent == [
        (date(2022, 12, 29), "reminder", 1),
        (date(2023, 1, 6), "due", 1),
        (date(2023, 1, 9), "overdue", 1),
        # nothing on the 16th, when the second overdue chase was due: the request was waiting for a decision
        (date(2023, 1, 24), "reminder", 1),
        (date(2023, 1, 31), "due", 1),
        (date(2023, 2, 1), "overdue", 1),
    ]


def test_a_refused_extension_lets_the_chasing_carry_on_where_it_stopped() -> None:
    def ask(day: date, a: Action) -> None:
        a.request_extension(actor="officer", due_date=date(2023, 3, 31), reason="Short of staff")

    def refuse(day: date, a: Action) -> None:
        a.decide_extension(actor="clerk", grant=False, reason="The committee needs it for March")

    sent = walk(logged(date(2023, 2, 1)), date(2023, 2, 2), date(2023, 2, 28),
                on={date(2023, 2, 3): ask, date(2023, 2, 20): refuse})
    assert sent == [(date(2023, 2, 2), "overdue", 1), (date(2023, 2, 20), "overdue", 2), (date(2023, 2, 27), "overdue", 3)]


def test_escalation_comes_after_the_third_overdue_chase_and_a_committee_can_escalate_sooner() -> None:
    stages = [s for _, s, _ in walk(logged(date(2023, 3, 1)), date(2023, 3, 2), date(2023, 4, 14))]
    assert stages[:5] == ["overdue", "overdue", "overdue", "escalation", "escalation"]
    sooner = [s for _, s, _ in walk(logged(date(2023, 3, 1)), date(2023, 3, 2), date(2023, 3, 20),
                                    policy=ChasePolicy(escalate_after=1, overdue_every=3))]
    assert sooner == ["overdue", "escalation", "escalation", "escalation", "escalation"]  # 2, 7, 10, 15, 20 March


def test_nothing_is_sent_once_the_action_is_completed_or_while_chasing_is_paused() -> None:
    def complete(day: date, a: Action) -> None:
        a.complete(actor="officer", response="Sent to members")

    assert walk(logged(date(2023, 3, 1)), date(2023, 3, 2), date(2023, 4, 28), on={date(2023, 3, 3): complete}) == [
        (date(2023, 3, 2), "overdue", 1)]

    def pause(day: date, a: Action) -> None:
        a.pause_chasing(actor="clerk", reason="The Director is on leave until April")

    assert walk(logged(date(2023, 3, 1)), date(2023, 3, 2), date(2023, 4, 28), on={date(2023, 3, 3): pause}) == [
        (date(2023, 3, 2), "overdue", 1)]


def test_a_chaser_that_was_stopped_for_weeks_sends_one_chase_not_a_backlog() -> None:
    action = logged(date(2023, 3, 1))
    assert walk(action, date(2023, 5, 2), date(2023, 5, 2)) == [(date(2023, 5, 2), "overdue", 1)]


def test_a_chase_is_recorded_at_most_once_and_never_on_an_action_that_owes_nothing() -> None:
    action = logged(date(2023, 3, 1))
    chase = ChaseDue(date(2023, 3, 1), Stage.OVERDUE, 1, 1)
    action.record_chase(actor=CHASER, chase=chase, on=date(2023, 3, 2), recipients=[], batch="a")
    with pytest.raises(AlreadyChasedError):
        action.record_chase(actor=CHASER, chase=chase, on=date(2023, 3, 2), recipients=[], batch="b")
    with pytest.raises(RuleError, match="no longer due"):
        action.record_chase(actor=CHASER, chase=ChaseDue(date(2023, 2, 1), Stage.OVERDUE, 1, 29), on=date(2023, 3, 2),
                            recipients=[], batch="c")
    action.withdraw(actor="clerk", reason="Overtaken by events")
    with pytest.raises(RuleError, match="withdrawn"):
        action.record_chase(actor=CHASER, chase=ChaseDue(date(2023, 3, 1), Stage.OVERDUE, 2, 8), on=date(2023, 3, 9),
                            recipients=[], batch="d")


@pytest.mark.parametrize(("local", "expected"), [
    (datetime(2023, 6, 14, 8, 59), False),
    (datetime(2023, 6, 14, 9, 0), True),  # 08:00 UTC in summer time
    (datetime(2023, 6, 14, 16, 59), True),
    (datetime(2023, 6, 14, 17, 0), False),
    (datetime(2023, 12, 14, 9, 30), True),
    (datetime(2023, 6, 17, 11, 0), False),  # a Saturday
    (datetime(2023, 8, 28, 11, 0), False),  # the summer bank holiday
])
def test_chases_go_only_in_office_hours_on_working_days(local: datetime, expected: bool) -> None:
    assert in_office_hours(local.replace(tzinfo=LONDON).astimezone(timezone.utc), CALENDAR) is expected


@pytest.mark.parametrize("policy", [ChasePolicy(), ChasePolicy(remind_before=0), ChasePolicy(remind_on_due=False),
                                    ChasePolicy(remind_before=10, overdue_every=2, escalate_after=0)])
def test_the_chasers_index_never_looks_later_than_a_chase_falls_due(policy: ChasePolicy) -> None:
    # For every due date over two years of real bank holidays, the day the index names is never after the
    # day the policy finds a chase due, so a pass that reads only the index misses nothing.
    due = date(2022, 11, 1)
    while due < date(2024, 11, 1):
        records: list[ChaseRecord] = []
        day = due - timedelta(days=30)
        while day <= due + timedelta(days=40):
            chase = next_chase(policy=policy, calendar=CALENDAR, due_date=due, chases=records, today=day)
            if chase is not None:
                earliest = earliest_chase_day(policy=policy, calendar=CALENDAR, due_date=due, chases=records)
                assert earliest is not None and earliest <= day, (due, day, chase)
                records.append(ChaseRecord(due, chase.stage, chase.number, day))
            day += timedelta(days=1)
        due += timedelta(days=3)


def test_a_policy_that_makes_no_sense_is_refused_with_what_to_do() -> None:
    with pytest.raises(RuleError, match="every 1 to 20 working days"):
        ChasePolicy(overdue_every=0).check()


@pytest.mark.parametrize(("local", "opens"), [
    (datetime(2026, 12, 7, 10, 0), datetime(2026, 12, 7, 10, 0)),  # in office hours: at once
    (datetime(2026, 12, 7, 7, 30), datetime(2026, 12, 7, 9, 0)),  # before opening: at nine the same day
    (datetime(2026, 12, 11, 17, 0), datetime(2026, 12, 14, 9, 0)),  # Friday evening: Monday morning
    (datetime(2026, 12, 24, 18, 0), datetime(2026, 12, 29, 9, 0)),  # over Christmas, Boxing Day and its substitute
])
def test_when_the_office_next_opens_skips_nights_weekends_and_bank_holidays(local: datetime, opens: datetime) -> None:
    moment = local.replace(tzinfo=LONDON).astimezone(timezone.utc)
    assert next_office_opening(moment, CALENDAR) == opens.replace(tzinfo=LONDON)

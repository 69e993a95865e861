"""Working days as an English (or Scottish) council counts them, London's date, and the RAG that follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine

from tracker.domain.calendar import Standing, WorkingCalendar, london_today, standing
from tracker.domain.values import Rag

ENGLAND = WorkingCalendar()
SCOTLAND = WorkingCalendar("SCT")


# Working days


@pytest.mark.parametrize(
    "day",
    [date(2022, 12, 26), date(2022, 12, 27), date(2023, 1, 2), date(2023, 5, 8)],
    ids=["Boxing Day", "Christmas Day substitute", "New Year substitute", "Coronation"],
)
def test_english_bank_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5 and not ENGLAND.is_working_day(day)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert not ENGLAND.is_working_day(date(2022, 12, 24))  # Saturday
    assert not ENGLAND.is_working_day(date(2023, 1, 8))  # Sunday
    assert ENGLAND.is_working_day(date(2022, 12, 28))
    assert ENGLAND.is_working_day(date(2023, 5, 9))


def test_working_days_over_christmas_skip_the_bank_holidays_and_weekends() -> None:
    # After Friday 23 December up to Tuesday 3 January: 28, 29, 30 December and 3 January.
    assert ENGLAND.working_days_between(date(2022, 12, 23), date(2023, 1, 3)) == 4
    assert ENGLAND.working_days_between(date(2023, 1, 3), date(2022, 12, 23)) == -4
    assert ENGLAND.working_days_between(date(2023, 1, 3), date(2023, 1, 3)) == 0


def test_the_coronation_bank_holiday_is_skipped_when_counting() -> None:
    assert ENGLAND.working_days_between(date(2023, 5, 5), date(2023, 5, 9)) == 1
    assert ENGLAND.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    assert ENGLAND.add_working_days(date(2023, 5, 9), -1) == date(2023, 5, 5)


def test_adding_working_days_steps_over_christmas_and_new_year() -> None:
    assert ENGLAND.add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)
    assert ENGLAND.add_working_days(date(2022, 12, 23), 4) == date(2023, 1, 3)
    assert ENGLAND.add_working_days(date(2023, 1, 3), -4) == date(2022, 12, 23)
    assert ENGLAND.add_working_days(date(2022, 12, 24), 0) == date(2022, 12, 24)


def test_england_had_251_working_days_in_2023() -> None:
    # 260 weekdays less nine weekday bank holidays, coronation included.
    assert ENGLAND.working_days_between(date(2022, 12, 31), date(2023, 12, 31)) == 251


def test_counting_working_days_agrees_with_walking_the_calendar_day_by_day() -> None:
    start = date(2022, 11, 1)
    for span in range(0, 120, 7):
        end = start + timedelta(days=span)
        walked = sum(ENGLAND.is_working_day(start + timedelta(days=n)) for n in range(1, span + 1))
        assert ENGLAND.working_days_between(start, end) == walked, end


def test_scotland_keeps_different_bank_holidays() -> None:
    assert not SCOTLAND.is_working_day(date(2024, 1, 2)) and ENGLAND.is_working_day(date(2024, 1, 2))
    assert not SCOTLAND.is_working_day(date(2022, 11, 30)) and ENGLAND.is_working_day(date(2022, 11, 30))
    assert SCOTLAND.is_working_day(date(2023, 8, 28)) and not ENGLAND.is_working_day(date(2023, 8, 28))
    assert SCOTLAND.working_days_between(date(2023, 12, 29), date(2024, 1, 3)) == 1
    assert ENGLAND.working_days_between(date(2023, 12, 29), date(2024, 1, 3)) == 2


# London's date


@pytest.mark.parametrize(
    ("utc", "london"),
    [
        ("2023-03-25T23:30:00+00:00", date(2023, 3, 25)),  # still GMT
        ("2023-03-26T23:30:00+00:00", date(2023, 3, 27)),  # BST has begun
        ("2023-06-30T23:30:00+00:00", date(2023, 7, 1)),
        ("2023-10-29T23:30:00+00:00", date(2023, 10, 29)),  # back to GMT
    ],
)
def test_today_is_the_date_in_london_not_in_utc(utc: str, london: date) -> None:
    assert london_today(datetime.fromisoformat(utc)) == london


def test_today_defaults_to_the_current_moment_in_london() -> None:
    with time_machine.travel(datetime(2023, 6, 30, 23, 30, tzinfo=timezone.utc), tick=False):
        assert london_today() == date(2023, 7, 1)


# RAG


MONDAY = date(2023, 3, 6)


def rag_on(today: date, due: date | None, *, done: bool = False, extension_pending: bool = False) -> Standing:
    return standing(is_done=done, due_date=due, extension_pending=extension_pending, today=today, calendar=ENGLAND)


def test_an_action_past_its_due_date_is_red_and_says_how_many_days_overdue() -> None:
    assert rag_on(MONDAY, date(2023, 3, 3)) == Standing(True, 3, -1, Rag.RED)


def test_days_overdue_are_calendar_days_even_over_christmas() -> None:
    assert rag_on(date(2023, 1, 3), date(2022, 12, 23)) == Standing(True, 11, -4, Rag.RED)


def test_an_action_due_within_five_working_days_is_amber() -> None:
    assert rag_on(MONDAY, MONDAY) == Standing(False, 0, 0, Rag.AMBER)
    assert rag_on(MONDAY, date(2023, 3, 13)) == Standing(False, 0, 5, Rag.AMBER)


def test_an_action_due_further_off_is_green() -> None:
    assert rag_on(MONDAY, date(2023, 3, 14)) == Standing(False, 0, 6, Rag.GREEN)


def test_a_bank_holiday_can_bring_an_action_into_amber() -> None:
    # Six weekdays from Tuesday 2 May to Wednesday 10 May 2023, but Monday 8 May was the coronation.
    assert rag_on(date(2023, 5, 2), date(2023, 5, 10)).rag is Rag.AMBER


def test_a_pending_extension_makes_an_action_amber() -> None:
    assert rag_on(MONDAY, date(2023, 3, 14), extension_pending=True).rag is Rag.AMBER
    assert rag_on(MONDAY, None, extension_pending=True) == Standing(False, 0, None, Rag.AMBER)


def test_a_done_action_is_never_overdue() -> None:
    assert rag_on(MONDAY, date(2023, 1, 3), done=True) == Standing(False, 0, None, Rag.DONE)


def test_an_action_with_no_due_date_is_green_and_never_overdue() -> None:
    assert rag_on(MONDAY, None) == Standing(False, 0, None, Rag.GREEN)

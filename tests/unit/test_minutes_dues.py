"""Due dates in the words of minutes, resolved against the meeting date."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.minutes import extract
from tracker.minutes.dues import add_months, find_dues

MEETING = date(2022, 11, 15)


def first(text: str, meeting: date | None = MEETING):
    dues = find_dues(text, meeting)
    assert dues, text
    return dues[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("within six months", date(2023, 5, 15)),
        ("within 3 months", date(2023, 2, 15)),
        ("in twelve months' time", date(2023, 11, 15)),
        ("by March 2021", date(2021, 3, 31)),
        ("June 2022", date(2022, 6, 30)),
        ("Sep* 2022", date(2022, 9, 30)),
        ("31 December 2022", date(2022, 12, 31)),
        ("31st December 2022", date(2022, 12, 31)),
        ("by 31/01/2023", date(2023, 1, 31)),
        ("by the end of March", date(2023, 3, 31)),
        ("by the end of the year", date(2022, 12, 31)),
        ("by the end of the financial year", date(2023, 3, 31)),
        ("in the new year", date(2023, 1, 31)),
        ("in the autumn", date(2022, 11, 30)),
        ("in the spring", date(2023, 5, 31)),
        ("in the summer", date(2023, 8, 31)),
        ("at the May 2023 meeting", date(2023, 5, 31)),
        ("before the January meeting", date(2023, 1, 31)),
        ("in September", date(2023, 9, 30)),
        ("by 8 December", date(2022, 12, 8)),
        ("by the end of the week", date(2022, 11, 18)),
        ("within ten working days", date(2022, 11, 29)),
        ("within a fortnight", date(2022, 11, 29)),
        ("in two fortnights", date(2022, 12, 13)),
        ("w/c 5 December", date(2022, 12, 9)),
        ("week commencing 9 January", date(2023, 1, 13)),
        ("End of municipal year", date(2023, 5, 31)),
    ],
)
def test_due_phrases_resolve_against_the_meeting_date(text: str, expected: date) -> None:
    assert first(text).when == expected


@pytest.mark.parametrize("text", ["by the next meeting", "to the next meeting", "at its next meeting", "before the next Board meeting",
                                  "at the next board", "at your next meeting"])
def test_the_next_meeting_is_a_flag_not_a_date(text: str) -> None:
    due = first(text)
    assert due.next_meeting and due.when is None
    assert due.text == text


@pytest.mark.parametrize("text", ["within six months", "in the new year", "by the end of March", "in the autumn", "in September"])
def test_relative_phrases_without_a_meeting_date_keep_their_words_but_give_no_date(text: str) -> None:
    due = first(text, None)
    assert due.when is None and due.text == text


def test_absolute_dates_need_no_meeting_date() -> None:
    assert first("by 31 December 2022", None).when == date(2022, 12, 31)
    assert first("June 2022", None).when == date(2022, 6, 30)


def test_a_month_already_past_at_the_meeting_means_next_year_and_the_meetings_own_month_means_this_one() -> None:
    assert first("by the end of March", date(2023, 3, 14)).when == date(2023, 3, 31)
    assert first("by the end of February", date(2023, 3, 14)).when == date(2024, 2, 29)


def test_months_are_added_without_running_past_the_end_of_a_short_month() -> None:
    assert add_months(date(2022, 8, 31), 6) == date(2023, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_may_the_modal_verb_is_not_may_the_month() -> None:
    assert find_dues("This may be something to consider.", MEETING) == []
    assert first("in May", MEETING).when == date(2023, 5, 31)


def test_starting_dates_are_not_due_dates() -> None:
    assert find_dues("The service had operated from April 2021.", MEETING) == []


def test_an_undertaking_takes_the_date_that_follows_its_verb() -> None:
    [s] = extract("The plan, first due in March 2021, had slipped; the Director would circulate it to members by June 2021.", MEETING)
    assert (s.due_date, s.due_text) == (date(2021, 6, 30), "by June 2021")


def test_an_undertaking_due_by_the_next_meeting_is_flagged_for_the_calendar_to_resolve() -> None:
    [s] = extract("The Head of Finance agreed to provide the figures by the next meeting.", MEETING)
    assert s.due_next_meeting and s.due_date is None and s.due_text == "by the next meeting"


def test_working_days_skip_weekends_and_england_and_wales_bank_holidays() -> None:
    # 20 December 2024 is a Friday: Christmas Day, Boxing Day and New Year's Day are not working days.
    assert first("within ten working days", date(2024, 12, 20)).when == date(2025, 1, 8)


def test_a_bare_month_or_day_in_an_action_tables_due_column_is_the_next_one_after_the_meeting() -> None:
    text = "Action | Owner | Due\nCirculate the draft strategy to members | Policy Officer | March\n"
    [s] = extract(text, date(2023, 11, 9))
    assert s.due_date == date(2024, 3, 31)
    text = "Action | Owner | Due\nCirculate the draft strategy to members | Policy Officer | 31 January\n"
    [s] = extract(text, date(2023, 11, 9))
    assert s.due_date == date(2024, 1, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by Christmas", date(2022, 12, 24)),
        ("before Christmas", date(2022, 12, 24)),
        ("by the end of Q3", date(2022, 12, 31)),
        ("by the end of Q4", date(2023, 3, 31)),
        ("in Q1 2023/24", date(2023, 6, 30)),
        ("during quarter 2", date(2023, 9, 30)),
        ("by the end of the third quarter", date(2022, 12, 31)),
        ("in early 2023", date(2023, 3, 31)),
        ("by mid-2023", date(2023, 6, 30)),
        ("in late 2023", date(2023, 12, 31)),
        ("by the end of next month", date(2022, 12, 31)),
        ("next month", date(2022, 12, 31)),
        ("at its meeting in March 2023", date(2023, 3, 31)),
        ("for the spring", date(2023, 5, 31)),
    ],
)
def test_christmas_quarters_parts_of_a_year_and_next_month_are_read_against_the_meeting(text: str, expected: date) -> None:
    assert first(text).when == expected


def test_the_next_meeting_of_a_named_body_is_the_next_meeting() -> None:
    due = first("in time for the Board's next meeting")
    assert due.next_meeting and due.text == "in time for the Board's next meeting"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Q2. Councillor Nwosu asked whether the Committee could have a copy of the review.\nA. The Head of Transport "
         "Services replied that the review had been "
         "published on the Council's website in July, and she would send members the link.", None),
        ("Members again asked for the breakdown of complaints by ward, which had been requested in March. The Head of "
         "Customer Services said he would send it within two weeks.", date(2022, 11, 29)),
        ("The Director said that the plan was expected in May 2023 and would circulate it then.", date(2023, 5, 31)),
    ],
)
def test_a_date_in_a_clause_about_the_past_is_not_taken_for_the_due_date(text: str, when: date | None) -> None:
    [s] = extract("4. Item\n\n" + text, MEETING)
    assert s.due_date == when

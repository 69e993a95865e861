"""Reading an action log's cells as clerks fill them in: dates, due dates, statuses, and titles from the action text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from web.importing.cells import CellError, plain, read_date, read_due, read_status
from web.importing.titles import MAX_TITLE, title_for


@pytest.mark.parametrize("cell,expected", [
    (datetime(2021, 3, 31), date(2021, 3, 31)),  # an Excel date, as openpyxl reads it
    (date(2021, 3, 31), date(2021, 3, 31)),
    (44286, date(2021, 3, 31)),  # an Excel serial number in a cell formatted as a number
    ("44286", date(2021, 3, 31)),
    ("31/03/2021", date(2021, 3, 31)),
    ("31/3/21", date(2021, 3, 31)),
    ("31.03.21", date(2021, 3, 31)),
    ("31-03-2021", date(2021, 3, 31)),
    ("31 March 2021", date(2021, 3, 31)),
    ("31st March 2021", date(2021, 3, 31)),
    ("Wednesday 31 March 2021", date(2021, 3, 31)),
    ("31 Mar 21", date(2021, 3, 31)),
    ("31-Mar-2021", date(2021, 3, 31)),
    ("March 2021", date(2021, 3, 31)),  # a month alone means its last day
    ("Feb 2024", date(2024, 2, 29)),
    ("Sept 2021", date(2021, 9, 30)),
    ("end of June 2022", date(2022, 6, 30)),
    ("2021-03-31", date(2021, 3, 31)),
    ("2021-03-31 00:00:00", date(2021, 3, 31)),
    ("31/03/2021 00:00", date(2021, 3, 31)),
    ("  by 31/03/2021 ", date(2021, 3, 31)),
])
def test_dates_are_read_as_uk_clerks_write_them(cell: object, expected: date) -> None:
    assert read_date(cell, "due date") == expected


@pytest.mark.parametrize("cell", ["31/02/2021", "03/31/2021", "soon", "2021", "31 March", "13/13/13", 7, "Marchember 2021"])
def test_what_is_not_a_date_is_an_error_that_quotes_the_cell(cell: object) -> None:
    with pytest.raises(CellError) as e:
        read_date(cell, "due date")
    assert str(e.value) == f"the due date '{plain(cell)}' is not a date"


def test_a_date_outside_the_sensible_years_is_a_typing_slip() -> None:
    with pytest.raises(CellError, match="the date raised '31/12/2221' is not between 1990 and 2199"):
        read_date("31/12/2221", "date raised")


def test_a_blank_date_is_none() -> None:
    assert read_date(None, "due date") is None and read_date("  ", "due date") is None


@pytest.mark.parametrize("cell", ["Next meeting", "next meeting", "By the next meeting", "Next HOSC meeting",
                                  "next committee", "Next Board meeting", "At the next meeting of the Committee"])
def test_next_meeting_means_due_by_the_next_meeting(cell: str) -> None:
    assert read_due(cell) == "next_meeting"


@pytest.mark.parametrize("cell", [None, "", "Ongoing", "on-going", "TBC", "N/A", "-", "ASAP", "To be confirmed"])
def test_ongoing_and_blank_mean_no_due_date(cell: object) -> None:
    assert read_due(cell) is None


def test_a_due_date_is_read_like_any_other_date_and_a_bad_one_says_so() -> None:
    assert read_due("31.03.21") == date(2021, 3, 31)
    with pytest.raises(CellError, match="the due date '31/02/2021' is not a date"):
        read_due("31/02/2021")


@pytest.mark.parametrize("word,status", [
    ("Complete", "completed"), ("Completed", "completed"), ("DONE", "completed"), ("Closed", "completed"),
    ("Green - complete", "completed"), ("Complete (Green)", "completed"), ("Blue", "completed"),
    ("Open", "open"), ("In progress", "open"), ("In-progress", "open"), ("Ongoing", "open"), ("Outstanding", "open"),
    ("Amber", "open"), ("Red", "open"), ("Green", "open"), ("RAG: Amber", "open"), ("Not started", "open"),
    ("Withdrawn", "withdrawn"), ("No longer required", "withdrawn"), ("Superseded", "withdrawn"),
])
def test_status_words_clerks_use_become_open_completed_or_withdrawn(word: str, status: str) -> None:
    assert read_status(word) == (status, word)


def test_a_rag_column_alone_means_open_unless_it_says_complete() -> None:
    assert read_status(None, "Red") == ("open", "Red")
    assert read_status(None, "Green") == ("open", "Green")
    assert read_status("", "Green - complete") == ("completed", "Green - complete")


def test_the_status_column_says_more_than_the_rag_column() -> None:
    assert read_status("Withdrawn", "Red") == ("withdrawn", "Withdrawn")


def test_no_status_at_all_means_open() -> None:
    assert read_status(None, None) == ("open", "")
    assert read_status("-", None) == ("open", "")


def test_an_unknown_status_word_is_an_error_that_says_what_to_write() -> None:
    with pytest.raises(CellError) as e:
        read_status("Parked")
    assert str(e.value) == "the status 'Parked' is not one the import knows: write Open, Completed or Withdrawn"
    with pytest.raises(CellError, match="the RAG 'Purple'"):
        read_status(None, "Purple")


def test_cells_read_as_text_the_way_a_clerk_sees_them() -> None:
    assert plain(13.0) == "13" and plain(13.5) == "13.5" and plain(None) == ""
    assert plain(datetime(2021, 3, 31)) == "31/03/2021"
    assert plain("  Director of\n Public  Health ") == "Director of Public Health"


@pytest.mark.parametrize("text,title", [
    ("Director of Public Health to circulate the briefing note to members.", "Circulate the briefing note to members"),
    ("The Chief Executive undertook to provide figures by ward", "Provide figures by ward"),
    ("Officers will bring a report in June", "Bring a report in June"),
    ("a) Chair to write to the Secretary of State", "Write to the Secretary of State"),
    ("The Committee asked that officers provide a briefing on dentistry. It was noted that…", "Provide a briefing on dentistry"),
    ("RESOLVED that the ICS undertook to share the plan", "Share the plan"),
    ("Provide data to the committee on waiting times", "Provide data to the committee on waiting times"),
    ("Information to be circulated to members", "Information to be circulated to members"),
])
def test_titles_start_with_what_is_to_be_done(text: str, title: str) -> None:
    assert title_for(text) == title


def test_a_long_action_is_cut_to_a_title_of_at_most_300_characters_at_a_word() -> None:
    text = "Provide " + " ".join(f"item{n}" for n in range(200))
    title = title_for(text)
    assert len(title) <= MAX_TITLE and title.endswith("…")
    assert text.startswith(title[:-1])

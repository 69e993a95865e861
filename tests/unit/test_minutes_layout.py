"""The layout of minutes read right: numbered questions, an item heading after a numbered decision, a financial year at
the start of a wrapped line, and an empty cell in a pipe table."""

from __future__ import annotations

from datetime import date

from tracker.minutes import extract

MEETING = date(2024, 6, 12)


def test_a_numbered_question_and_its_answer_that_offers_what_was_asked_are_one_undertaking() -> None:
    text = ("Minute 18 - Complaints\n\nQ5. Councillor Greaves asked if the Committee could be given a breakdown of complaints "
            "by type.\nA. Yes, this could be provided.")
    [s] = extract(text, MEETING)
    assert (s.title, s.raised_by, s.kind) == ("Provide a breakdown of complaints by type", "Councillor Greaves",
                                              "information_request")


def test_an_answer_to_a_numbered_question_is_raised_by_the_councillor_who_asked() -> None:
    text = ("Minute 18 - Transport\n\nQ2. Councillor Nwosu asked whether the Committee could have a copy of the review.\n"
            "A. The Head of Transport Services said that she would send members the link.")
    [s] = extract(text, MEETING)
    assert (s.raised_by, s.owner) == ("Councillor Nwosu", "Head of Transport Services")


def test_a_numbered_heading_in_sentence_case_after_a_numbered_decision_starts_the_next_item() -> None:
    text = ("5. Strategy\n\nRESOLVED:\n1. That the progress report be noted.\n2. That the Board endorse the refresh.\n"
            "3. That the Director of Public Health circulate the results to Board members.\n\n"
            "6. Better Care Fund 2023-25 quarter 3 return\n\nThe Director of Adult Social Services agreed to provide a note on "
            "the use of the Discharge Fund.")
    results, note = extract(text, MEETING)
    assert results.minute_ref == "5(3)"
    assert note.minute_ref == "6" and not note.source_text.startswith("That")


def test_a_financial_year_at_the_start_of_a_wrapped_line_is_not_a_minute_reference() -> None:
    text = ("OS.43 CLIMATE EMERGENCY ACTION PLAN\n\nThe Council's own emissions had fallen by 11 per cent in\n2022/23. "
            "Councillor Shaw asked for clarification on the baseline year used. The Climate Change\nOfficer said that she "
            "would check this and confirm in writing.")
    [s] = extract(text, MEETING)
    assert s.minute_ref == "OS.43"


def test_a_pipe_table_row_with_an_empty_last_cell_still_gives_its_reference() -> None:
    text = ("Item 4 - Carers\n\n| Ref | Action | Owner | By when |\n| 4.1 | Provide the carers' figures | Carers' Lead | July 2024 |\n"
            "| 4.3 | Share the final strategy with Panel members | Carers' Lead | |")
    assert [(s.minute_ref, s.owner) for s in extract(text, MEETING)] == [("4.1", "Carers' Lead"), ("4.3", "Carers' Lead")]


def test_an_action_in_the_imperative_in_a_table_cell_is_not_read_as_an_owner_to_act() -> None:
    text = ("Item 4\n\n| Ref | Action | Owner |\n| 4.2 | Arrange for the Panel to meet members of the Young Carers' Forum | "
            "Scrutiny Officer |")
    [s] = extract(text, MEETING)
    assert (s.title, s.owner) == ("Arrange for the Panel to meet members of the Young Carers' Forum", "Scrutiny Officer")


def test_a_tab_separated_row_short_of_its_empty_last_cell_still_gives_its_reference() -> None:
    text = "Item 4 - Carers\n\nRef\tAction\tOwner\tBy when\n4.3\tShare the final strategy with Panel members\tCarers' Lead\t\n"
    [s] = extract(text, MEETING)
    assert (s.minute_ref, s.owner) == ("4.3", "Carers' Lead")


def test_a_due_phrase_wrapped_over_two_lines_is_taken_out_of_the_title() -> None:
    text = ("OS.44 WORK PROGRAMME\n\nRESOLVED: That the Committee's work programme be approved, subject to the addition of a\n"
            "review of temporary accommodation costs at the July\nmeeting.")
    [s] = extract(text, MEETING)
    assert (s.title, s.due_date) == ("Add a review of temporary accommodation costs to the work programme", date(2024, 7, 31))

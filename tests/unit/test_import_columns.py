"""Guessing which column of an action log holds what, from the headers clerks use, and overriding the guess."""

from __future__ import annotations

import pytest

from web.importing.columns import check_mapping, column_names, guess, header_score, override

FAMILIES = {
    "minute_ref": ["Minute No", "Minute Ref", "Item", "minute no.", "MINUTE REFERENCE", "Agenda item"],
    "action": ["Action", "Action Required", "Description", "Actions agreed", "Action point"],
    "owner": ["Lead Officer", "Responsible", "Owner", "Action Owner", "Responsible officer", "By whom"],
    "due": ["Due Date", "Deadline", "Target Date", "Due date (dd/mm/yyyy)", "Timescale"],
    "status": ["Status", "Current status"],
    "rag": ["RAG", "RAG Status", "R.A.G.", "RAG rating"],
    "update": ["Update/Comments", "Progress", "Comments", "Latest Update", "Update / Comments", "Progress update"],
    "raised_on": ["Date Raised", "Date raised:", "Date agreed"],
    "meeting_on": ["Meeting Date", "Date of meeting"],
    "raised_by": ["Raised by", "Requested by"],
    "updated_on": ["Date of Update", "Last Updated", "Update Date", "Date updated"],
    "completed_on": ["Date Completed", "Completed", "Completion Date", "Date completed:"],
    "closed_on": ["Date Closed", "Closed", "Closure date"],
}


@pytest.mark.parametrize("field,header", [(f, h) for f, headers in FAMILIES.items() for h in headers])
def test_each_header_clerks_use_is_recognised_whatever_its_case_and_punctuation(field: str, header: str) -> None:
    # The header sits among other columns, as it would in a real log.
    others = ["Action"] if field != "action" else ["Lead Officer"]
    mapping = guess([*others, header])
    assert mapping.get(field) == len(others), mapping


def test_a_typical_log_is_mapped_column_by_column() -> None:
    headers = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments"]
    assert guess(headers) == {"minute_ref": 0, "action": 1, "owner": 2, "due": 3, "status": 4, "update": 5}


def test_a_status_and_a_rag_column_side_by_side_are_both_kept() -> None:
    mapping = guess(["Ref", "Meeting Date", "Action", "Action Owner", "Due", "Status", "RAG", "Latest Update"])
    assert (mapping["status"], mapping["rag"], mapping["meeting_on"]) == (5, 6, 1)


def test_the_dates_of_a_log_each_go_to_their_own_field() -> None:
    # "Date Completed" starts with "date", a word for the date raised; it names the completion exactly.
    headers = ["Date", "Action", "Owner", "Target completion date", "Update", "Last Updated", "Date Completed",
               "Date Closed"]
    assert guess(headers) == {"raised_on": 0, "action": 1, "owner": 2, "due": 3, "update": 4, "updated_on": 5,
                              "completed_on": 6, "closed_on": 7}
    mapping, errors = override(guess(headers), {"completed_on": "", "closed_on": "Date Completed"}, headers)
    assert errors == {} and "completed_on" not in mapping and mapping["closed_on"] == 6


def test_each_column_is_used_for_one_field_only_and_exact_headers_win() -> None:
    # "Action Owner" names the owner exactly; that it contains "action" must not make it the action.
    mapping = guess(["Action Owner", "Action"])
    assert mapping == {"owner": 0, "action": 1}


def test_columns_nobody_would_map_are_left_out() -> None:
    assert guess(["Action", "Owner", "Colour of the folder", None]) == {"action": 0, "owner": 1}


def test_a_title_row_is_not_a_header_row_but_the_headers_are() -> None:
    assert header_score(["Health Overview and Scrutiny Committee: action log 2021/22", None, None]) == 0
    assert header_score(["Minute No", "Action", "Lead Officer"]) >= 2
    assert header_score(["5.1", "Provide the figures", "Director of Public Health"]) == 0


def test_the_user_can_choose_a_column_by_header_or_letter_or_none() -> None:
    headers = ["Minute No", "Action", "Lead Officer", "Officer contact", "Comments"]
    mapping, errors = override(guess(headers), {"owner": "officer contact", "update": "", "minute_ref": "b"}, headers)
    assert errors == {}
    assert mapping["owner"] == 3 and "update" not in mapping and mapping["minute_ref"] == 1


def test_choosing_a_column_the_file_does_not_have_names_the_columns_it_has() -> None:
    headers = ["Action", "Lead Officer"]
    _, errors = override(guess(headers), {"owner": "Responsible person", "colour": "Action"}, headers)
    assert "There is no column 'Responsible person' for Owner" in errors["owner"]
    assert "Action, Lead Officer" in errors["owner"]
    assert "There is no field called 'colour'" in errors["colour"]


def test_a_mapping_must_name_the_action_and_the_owner_and_use_each_column_once() -> None:
    headers = ["Action", "Lead Officer", "Notes"]
    assert check_mapping({"action": 0, "owner": 1}, headers) == {}
    assert check_mapping({"action": 0}, headers) == {"owner": "Choose the column that holds the owner."}
    twice = check_mapping({"action": 0, "owner": 1, "raised_by": 1}, headers)
    assert twice == {"raised_by": "The column 'Lead Officer' is chosen for both Owner and Raised by: choose one."}


def test_a_column_without_a_header_is_named_by_its_letter() -> None:
    assert column_names(["Action", None, "Owner"]) == ["Action", "Column B", "Owner"]

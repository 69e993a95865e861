"""Minute references, exact offsets, merging of repeats and the follow-up flag."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.minutes import extract
from tracker.minutes.sentences import split_sentences

EVAL = Path(__file__).resolve().parents[1] / "eval" / "minutes"


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("13. MATERNITY SERVICES\n\n13.1 The Director undertook to provide the staffing figures.", "13.1"),
        ("5. Dental access\n\nThe Director undertook to provide the staffing figures.", "5"),
        ("Item 7 – Dental access\n\nThe Director undertook to provide the staffing figures.", "Item 7"),
        ("Minute 23/21 Dental access\n\nThe Director undertook to provide the staffing figures.", "Minute 23/21"),
        ("23/21 Dental access\n\nThe Director undertook to provide the staffing figures.", "23/21"),
        ("HSC.12 DENTAL ACCESS\n\nThe Director undertook to provide the staffing figures.", "HSC.12"),
        ("OS/21/44 Dental access\n\nThe Director undertook to provide the staffing figures.", "OS/21/44"),
        ("O&S 41 ADULT SAFEGUARDING\n\nThe Director undertook to provide the staffing figures.", "O&S 41"),
        ("Dental access\n\n•  A member asked about waiting lists.\n•  The Director undertook to provide the staffing figures.", "bullet 2"),
        ("7. Dental access\n\nRESOLVED:\n(a) that the report be noted;\n(b) that the Director provide the staffing figures.", "7(b)"),
    ],
)
def test_each_suggestion_carries_the_nearest_enclosing_minute_reference(text: str, ref: str) -> None:
    [s] = extract(text)
    assert s.minute_ref == ref


def test_a_date_at_the_start_of_a_line_is_not_taken_for_a_minute_number() -> None:
    [s] = extract("12 October 2021\n\nThe Director undertook to provide the staffing figures.")
    assert s.minute_ref == ""


@pytest.mark.parametrize("name", sorted(p.name for p in EVAL.glob("*.txt")))
def test_source_offsets_give_back_the_source_text_exactly(name: str) -> None:
    text = (EVAL / name).read_text(encoding="utf-8")
    for s in extract(text):
        assert text[s.source_start:s.source_end] == s.source_text
        for start, end in s.other_sources:
            assert 0 <= start < end <= len(text)


def test_offsets_are_exact_with_windows_line_endings_and_non_breaking_spaces() -> None:
    text = "Item 3\r\n\r\nThe\u00a0Head of Housing agreed to provide a breakdown of costs.\r\n"
    [s] = extract(text)
    assert text[s.source_start:s.source_end] == s.source_text
    assert s.source_text.startswith("The\u00a0Head")


def test_an_action_stated_in_discussion_and_again_in_the_resolution_is_one_suggestion_from_the_resolution() -> None:
    text = ("14. Housing\n\nMembers agreed that the Committee should write to the Minister about temporary accommodation "
            "funding.\n\nRESOLVED that the Committee write to the Minister about temporary accommodation funding.")
    found = extract(text)
    assert len(found) == 1
    s = found[0]
    assert s.source_text.startswith("RESOLVED")
    assert len(s.other_sources) == 1 and text[s.other_sources[0][0]:].startswith("Members agreed")


def test_a_request_and_the_officers_agreement_are_one_undertaking_owned_by_the_officer() -> None:
    text = "Cllr Khan asked for the figures on falls by ward. The Head of Public Health agreed to provide the figures on falls."
    [s] = extract(text)
    assert s.owner == "Head of Public Health"
    assert s.raised_by == "Cllr Khan"


def test_two_different_undertakings_in_one_item_are_kept_apart() -> None:
    text = ("Item 4\n\nThe Director undertook to provide the vacancy figures. The Chair would write to the Minister "
            "about the funding formula.")
    assert [s.kind for s in extract(text)] == ["information_request", "letter_or_response"]


@pytest.mark.parametrize(
    "text",
    [
        "Further to the request at the last meeting, the Director would provide the vacancy figures.",
        "As requested previously, the Director would provide the vacancy figures.",
        "The vacancy figures requested at the last meeting were still awaited; the Director would provide them by Friday.",
    ],
)
def test_a_sentence_that_refers_back_to_an_earlier_request_is_flagged_as_a_follow_up(text: str) -> None:
    [s] = extract(text)
    assert s.follow_up


def test_a_new_request_is_not_a_follow_up() -> None:
    [s] = extract("The Director would provide the vacancy figures.")
    assert not s.follow_up


def test_sentences_are_not_split_after_abbreviations_or_initials() -> None:
    text = "Cllr. Smith asked Dr. Jones, i.e. the GP lead, about J. Smith's case. The Chair agreed."
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["Cllr. Smith asked Dr. Jones, i.e. the GP lead, about J. Smith's case.", "The Chair agreed."]


def test_a_pronoun_owner_is_resolved_to_the_role_named_before_it() -> None:
    text = "The Director of Adult Social Care explained the position. She would circulate the figures to members."
    [s] = extract(text)
    assert s.owner == "Director of Adult Social Care"


def test_an_owner_takes_the_organisation_given_in_the_minutes() -> None:
    text = ("The Director of Operations, Western Counties Ambulance Service NHS Foundation Trust, presented the report. "
            "The Director of Operations undertook to provide the handover figures.")
    [s] = extract(text)
    assert s.owner == "Director of Operations, Western Counties Ambulance Service NHS Foundation Trust"


def test_the_json_form_has_the_keys_the_api_promises() -> None:
    [s] = extract("The Director undertook to provide the figures within six months.", date(2023, 1, 10))
    data = s.to_json()
    assert {"title", "owner", "raised_by", "kind", "due_date", "due_text", "minute_ref", "source_text", "source_start",
            "source_end", "confidence", "follow_up", "due_next_meeting"} <= set(data)
    assert data["due_date"] == "2023-07-10" and 0 <= data["confidence"] <= 1


@pytest.mark.parametrize(
    "text",
    [
        " ".join(["Alpha Beta Gamma Delta"] * 3000),
        "the director would provide " * 3000,
        "It was agreed that " * 2000 + "the report be circulated.",
    ],
    ids=["capitalised words without end", "one endless sentence", "repeated openers"],
)
def test_garbled_text_such_as_a_pdf_table_read_as_prose_is_read_in_well_under_two_seconds(text: str) -> None:
    import time

    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < 2.0


def test_minute_numbers_written_with_no_are_read() -> None:
    [s] = extract("Minute No. 52 – Mental Health\n\nThe Director undertook to provide the staffing figures.")
    assert s.minute_ref == "Minute 52"


def test_a_request_that_the_officer_then_takes_on_is_titled_with_what_was_asked_for() -> None:
    [s] = extract("The Committee sought an analysis of out-of-area placements. The Director agreed to provide this by the end of March.",
                  date(2021, 2, 8))
    assert s.title == "Provide an analysis of out-of-area placements"
    assert (s.due_text, s.due_date) == ("by the end of March", date(2021, 3, 31))


def test_lines_wrapped_mid_sentence_as_in_pdf_text_are_read_as_one_sentence() -> None:
    text = ("22. LEISURE STRATEGY\nThe Wellbeing Manager presented the draft Leisure and Wellbeing\nStrategy. The Wellbeing "
            "Manager agreed to investigate whether a concessionary\nswimming session could be introduced and to report back\n"
            "to the Panel at its next meeting.\n23. ACTION TRACKER\nThe tracker was noted.")
    [s] = extract(text)
    assert s.source_text.startswith("The Wellbeing Manager agreed") and s.source_text.endswith("next meeting.")
    assert s.minute_ref == "22" and s.due_next_meeting


def test_an_action_point_that_names_its_owner_and_action_is_one_undertaking() -> None:
    [s] = extract("A member asked about damp. ACTION POINT: Head of Housing to provide the Committee with repair times.")
    assert (s.owner, s.title) == ("Head of Housing", "Provide the Committee with repair times")


def test_the_rule_under_a_markdown_table_header_is_neither_a_row_nor_a_suggestion() -> None:
    text = ("| Action | Owner | Due |\n|---|:---:|---|\n| Circulate the draft strategy to members | Policy Officer | 31 March 2023 |\n")
    [s] = extract(text, date(2023, 1, 17))
    assert (s.title, s.owner) == ("Circulate the draft strategy to members", "Policy Officer")


def test_an_action_table_row_gives_its_own_minute_reference_and_merges_with_the_undertaking_it_repeats() -> None:
    text = ("5 Hospital Discharge\n\n5.3 A member asked about readmissions. The Assistant Director agreed to provide the "
            "readmission figures for each quarter.\n\n5.4 The Chair would write to the Trust about discharge delays.\n\n"
            "| Minute | Action | Lead | Due |\n|---|---|---|---|\n"
            "| 5, para 3 | Readmissions by quarter | Assistant Director | 31 January 2024 |\n"
            "| 5, para 9 | Arrange a visit to the discharge lounge | Scrutiny Officer | March 2024 |\n")
    found = extract(text, date(2023, 11, 9))
    assert [(s.minute_ref, s.due_date) for s in found] == [("5.3", date(2024, 1, 31)), ("5.4", None),
                                                           ("5, para 9", date(2024, 3, 31))]

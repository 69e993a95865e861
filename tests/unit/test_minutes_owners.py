"""Owners named through an organisation's possessive ('the Trust's representative') and pronouns after a heading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.minutes import extract
from tracker.minutes.people import tidy

MEETING = date(2025, 1, 21)
EVAL = Path(__file__).resolve().parents[1] / "eval" / "minutes"


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("The Trust's representative agreed to provide the handover figures.", "Trust representative"),
        ("The Trust’s representative agreed to provide the handover figures.", "Trust representative"),
        ("The ICB's Director of Nursing undertook to circulate the infection control audit.", "Director of Nursing, ICB"),
        ("The Trust's Chief Nurse would provide the staffing figures to members.", "Chief Nurse, the Trust"),
        ("The Council's housing lead would share the waiting list figures with the Committee.", "Council housing lead"),
        ("Healthwatch's Chief Executive offered to send members the survey findings.", "Chief Executive, Healthwatch"),
        ("The Chair asked the Trust's representative to provide the handover figures.", "Trust representative"),
        ("Members asked for the handover figures, and the Trust's representative agreed to do so.", "Trust representative"),
    ],
)
def test_a_role_named_with_its_organisations_possessive_is_the_owner_not_the_possessive(text: str, owner: str) -> None:
    [s] = extract(text, MEETING)
    assert s.owner == owner


@pytest.mark.parametrize(
    ("said", "owner"),
    [
        ("the Trust's", "the Trust"),
        ("the Director of Children's Services", "Director of Children's Services"),
        ("the Children's Commissioner", "Children's Commissioner"),
        ("the Director's team", "Director's team"),
        ("the Council's approach", "the Council's approach"),
        ("the ICB Director of Strategy", "ICB Director of Strategy"),
    ],
)
def test_possessives_that_are_part_of_a_name_or_a_role_are_left_as_they_are(said: str, owner: str) -> None:
    assert tidy(said) == owner


def test_he_after_a_heading_is_the_role_named_under_it_not_the_heading_and_the_role() -> None:
    text = ("43. Public Health Contracts\n\nThe Director of Public Health introduced the report. He undertook to provide "
            "a briefing on the sexual health service contract.")
    [s] = extract(text, MEETING)
    assert s.owner == "Director of Public Health"


def test_the_development_passage_of_possessive_owners_names_each_role() -> None:
    text = (EVAL / "round5_possessive_owners.txt").read_text(encoding="utf-8")
    assert [s.owner for s in extract(text, MEETING)] == [
        "Trust chief operating officer", "Head of Primary Care, ICB", "Council housing lead", "Chief Executive, Healthwatch"]


def test_he_or_she_after_members_raised_is_the_officer_named_before_not_a_member() -> None:
    text = ("2. SCHOOL PLACES\n\n2.1 The Head of School Organisation presented the annual report.\n\n2.2 Members raised the "
            "pressure on secondary places. She agreed to share the ward-level forecasts with members.")
    [s] = extract(text)
    assert s.owner == "Head of School Organisation"


def test_a_passive_promise_in_an_answer_headed_with_the_questioners_name_is_owed_by_the_officer_answering() -> None:
    text = ("1. PUBLIC QUESTIONS\n\nQ. Mr Grainger asked why the consultation had not been publicised in the library.\n"
            "A. Mr Grainger: The Head of Early Help apologised that posters had not been displayed. A written response will "
            "be provided within ten working days.")
    [s] = extract(text, date(2025, 1, 14))
    assert (s.owner, s.due_date) == ("Head of Early Help", date(2025, 1, 28))
    assert s.title == "Provide a written response on why the consultation had not been publicised in the library"

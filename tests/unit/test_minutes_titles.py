"""Titles read as a clerk would write them, and the owner is the one who took the action on.

(a) no sentence punctuation inside a title, and no fragment left dangling after the object;
(b) 'X asked for Y, and Z agreed to do so' gives Y's title and Z as owner, in one sentence or two;
(c) 'ACTION: <owner> to <verb phrase>' lines give the verb phrase as the title and the owner;
(d) 'to A and to B' reads 'A and B'.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.eval.run_eval import SETS
from tracker.minutes import Suggestion, extract

MEETING = date(2025, 11, 18)


def only(text: str) -> Suggestion:
    found = extract(text, MEETING)
    assert len(found) == 1, [(s.title, s.owner) for s in found]
    return found[0]


def well_formed(title: str) -> bool:
    """A capital first letter, no full stop, question or exclamation mark inside or a full stop at the end, and no
    stray quotation mark."""
    return bool(title[:1].isupper() and not re.search(r"[a-z]{2}[.?!][\"”']?\s", title) and not title.endswith(".")
                and title.count('"') % 2 == 0)


# (a) Sentence punctuation and dangling fragments


@pytest.mark.parametrize(
    ("text", "title", "owner"),
    [
        ("A member asked how many council homes had been let to key workers. The Head of Housing said she would provide "
         "it to members after the meeting.", "Provide the number of council homes let to key workers", "Head of Housing"),
        ("Councillor Okafor asked how many planning appeals had been lost on highways grounds. The Planning Manager "
         "would send the figures to the Committee.", "Send the number of planning appeals lost on highways grounds",
         "Planning Manager"),
        ("Members asked how many pupils were currently in alternative provision. The Assistant Director would supply "
         "this to the Panel.", "Supply the number of pupils currently in alternative provision", "Assistant Director"),
    ],
)
def test_a_question_of_how_many_becomes_the_number_owed_without_its_full_stop_or_a_dangling_recipient(
        text: str, title: str, owner: str) -> None:
    s = only(text)
    assert (s.title, s.owner) == (title, owner)


def test_a_question_that_cannot_be_said_as_a_number_is_to_be_confirmed() -> None:
    s = only("A member asked how many staff had left the service in the last year. The Head of HR would provide this "
             "after the meeting.")
    assert s.title == "Confirm how many staff had left the service in the last year"
    assert s.due_text == "after the meeting"


def test_what_was_raised_takes_the_place_of_this_and_the_particle_comes_before_it() -> None:
    s = only("Councillor Hughes raised the condition of the bus shelters on the High Street. The Highways Manager said "
             "he would follow this up with the operator.")
    assert (s.title, s.owner) == ("Follow up the condition of the bus shelters on the High Street with the operator",
                                  "Highways Manager")


def test_a_whether_question_comes_after_the_person_to_raise_it_with() -> None:
    s = only("The Chair asked whether libraries could host the warm spaces scheme. The Head of Communities would raise "
             "this with the library service and report back to the Committee.")
    assert s.title == ("Raise with the library service whether libraries could host the warm spaces scheme and report "
                       "back to the Committee")


def test_asking_whether_the_panel_could_have_something_names_the_thing() -> None:
    s = only("A member asked whether the Board could have a briefing on the new hospital discharge fund. The Chief "
             "Operating Officer agreed to arrange this with the ICB.")
    assert (s.title, s.owner) == ("Arrange a briefing on the new hospital discharge fund with the ICB", "Chief Operating Officer")


def test_a_due_date_taken_out_of_a_title_leaves_no_full_stop_behind() -> None:
    s = only("Members requested that the Panel receive an update on the library review in the new year.")
    assert s.title == "Present an update on the library review to the Panel"
    assert s.due_date == date(2026, 1, 31)


def test_an_undertaking_in_quotation_marks_loses_the_closing_stop_and_quote() -> None:
    s = only('The Cabinet Member said: "I will circulate the revised timetable to members next week."')
    assert (s.title, s.owner) == ("Circulate the revised timetable to members", "Cabinet Member")


@pytest.mark.parametrize(
    "text",
    [
        "Cllr Reid asked about the backlog of disabled facilities grants. The Head of Housing would look into this.",
        "Q. Could the Panel see the revised schedule of fees and charges?\nA. The Head of Finance would circulate this "
        "after the meeting.",
        "Members asked how many fly-tipping prosecutions there had been. The Enforcement Manager would provide it.",
        "A member asked whether St. Mark's surgery would stay open. The Place Director would confirm this in writing.",
        'The Leader replied: "I will write to the Minister about it."',
    ],
)
def test_titles_start_with_a_capital_and_carry_no_sentence_punctuation(text: str) -> None:
    for s in extract(text, MEETING):
        assert well_formed(s.title), s.title


def test_every_title_of_the_development_minutes_is_well_formed() -> None:
    folder = SETS["development"]
    for path in sorted(folder.glob("*.txt")):
        for s in extract(path.read_text(encoding="utf-8"), MEETING):
            assert well_formed(s.title), (path.name, s.title)
            assert not re.search(r"\b(?:and|or) to (?:report|provide|present|feed|share|circulate|look)\b", s.title), s.title


# (b) Asked for, and agreed to


@pytest.mark.parametrize(
    ("text", "title", "owner"),
    [
        ("Members asked for the list of empty council properties to be shared, and the Head of Property agreed to do so.",
         "Share the list of empty council properties", "Head of Property"),
        ("Councillor Price requested a breakdown of missed collections by ward, which the Waste Services Manager agreed to.",
         "Provide a breakdown of missed collections by ward", "Waste Services Manager"),
        ("The Chair asked for the enforcement policy to be circulated, and the Head of Regulatory Services agreed to this.",
         "Circulate the enforcement policy", "Head of Regulatory Services"),
        ("Members requested a briefing on the new allocations policy, which the Head of Housing agreed to provide.",
         "Provide a briefing on the new allocations policy", "Head of Housing"),
        ("Councillor Hughes asked for the outcome of the fees and charges review to be reported to the Panel in June, "
         "and the Director of Finance agreed to do so.", "Report the outcome of the fees and charges review to the Panel",
         "Director of Finance"),
    ],
)
def test_the_one_who_agreed_to_a_request_in_the_same_sentence_owns_it_and_the_title_stops_before_them(
        text: str, title: str, owner: str) -> None:
    s = only(text)
    assert (s.title, s.owner) == (title, owner)
    assert s.source_text == text


def test_an_officer_who_agrees_to_do_more_than_was_asked_keeps_their_own_verb() -> None:
    s = only("The Chair asked for a copy of the internal audit report, and the Head of Audit agreed to circulate it "
             "to all members.")
    assert (s.title, s.owner) == ("Circulate a copy of the internal audit report", "Head of Audit")


@pytest.mark.parametrize(
    "agreed",
    ["The Lettings Manager agreed.", "The Lettings Manager agreed to do so.",
     "The Lettings Manager agreed that this would be done.", "The Lettings Manager agreed to this before the March meeting."],
)
def test_the_one_who_agrees_in_the_next_sentence_owns_the_request_and_the_source_runs_on(agreed: str) -> None:
    text = f"Members asked for the housing allocations data to be broken down by band. {agreed}"
    s = only(text)
    assert (s.title, s.owner) == ("Provide the housing allocations data broken down by band", "Lettings Manager")
    assert s.source_text == text


def test_a_passive_promise_belongs_to_the_one_who_agreed_to_it() -> None:
    s = only("The Cabinet Member agreed that a note on the parking review would be circulated to all members.")
    assert (s.title, s.owner) == ("Circulate a note on the parking review to all members", "Cabinet Member")


@pytest.mark.parametrize(
    "text",
    ["The Committee asked for the consultation responses to be published, and members agreed.",
     "Councillor Hughes asked for the consultation responses to be published. Members agreed."],
)
def test_members_agreeing_to_a_request_do_not_become_its_owner(text: str) -> None:
    s = only(text)
    assert (s.title, s.owner) == ("Publish the consultation responses", "")


def test_an_answer_names_the_owner_of_an_offer() -> None:
    s = only("Q. Could the Panel see the revised schedule of fees and charges?\nA. The Head of Finance would circulate "
             "this after the meeting.")
    assert (s.title, s.owner) == ("Share the revised schedule of fees and charges with the Panel", "Head of Finance")


# (c) Action-marker lines


@pytest.mark.parametrize(
    ("line", "title", "owner", "kind"),
    [
        ("ACTION: Head of Planning to circulate the five-year land supply statement to members by 30 April 2026.",
         "Circulate the five-year land supply statement to members", "Head of Planning", "circulate_document"),
        ("Action - Scrutiny Officer to add the bus strategy to the work programme.",
         "Add the bus strategy to the work programme", "Scrutiny Officer", "work_programme_item"),
        ("Action point: Lead Member for Adult Care to write to the Care Quality Commission about the inspection.",
         "Write to the Care Quality Commission about the inspection", "Lead Member for Adult Care", "letter_or_response"),
        ("ACTION: Head of Finance to explain the variance in the parking budget.",
         "Explain the variance in the parking budget", "Head of Finance", "other"),
        ("ACTION: Head of Transport to report back on bus punctuality by the March meeting.",
         "Report back on bus punctuality", "Head of Transport", "further_update"),
    ],
)
def test_an_action_line_naming_owner_and_action_gives_the_action_in_the_imperative(
        line: str, title: str, owner: str, kind: str) -> None:
    text = f"12/25 PARKING AND TRANSPORT\nThe Head of Transport presented the report.\n{line}"
    s = only(text)
    assert (s.title, s.owner, s.kind) == (title, owner, kind)
    assert s.source_text == line


def test_the_due_date_of_an_action_line_is_read_and_left_out_of_its_title() -> None:
    s = only("ACTION: Head of Planning to circulate the revised local plan timetable by 30 April 2026.")
    assert (s.title, s.due_date) == ("Circulate the revised local plan timetable", date(2026, 4, 30))


def test_owner_to_verb_lines_under_an_actions_heading_are_actions_in_the_imperative() -> None:
    text = ("Actions\n"
            "Head of Finance to circulate the revised budget timetable by the end of February.\n"
            "The Consultant in Public Health to share the smoking cessation data with Board members.\n"
            "Clerk to invite the Police and Crime Commissioner to the June meeting.\n")
    found = extract(text, MEETING)
    assert [(s.title, s.owner) for s in found] == [
        ("Circulate the revised budget timetable", "Head of Finance"),
        ("Share the smoking cessation data with Board members", "Consultant in Public Health"),
        ("Invite the Police and Crime Commissioner", "Clerk"),
    ]
    assert [s.due_date for s in found] == [date(2026, 2, 28), None, date(2026, 6, 30)]


def test_a_marker_naming_only_the_owner_still_marks_the_sentence_before_it() -> None:
    s = only("Members asked for the licensing fees to be reviewed.\nACTION: Licensing Manager")
    assert (s.title, s.owner) == ("Review the licensing fees", "Licensing Manager")


# (d) Coordinated infinitives


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The Director of Public Health agreed to review the data and to report back to the Board in the spring.",
         "Review the data and report back to the Board"),
        ("The Chief Executive committed to attending the Committee each quarter and to providing a written summary of "
         "complaints.", "Attend the Committee each quarter and provide a written summary of complaints"),
        ("The Cabinet Member would meet the residents' association and would arrange a date through the Clerk.",
         "Meet the residents' association and arrange a date through the Clerk"),
        ("The Head of Leisure undertook to investigate whether the pool could open earlier and to report back to the "
         "Panel.", "Investigate whether the pool could open earlier and report back to the Panel"),
    ],
)
def test_a_second_verb_joined_by_and_to_reads_as_a_plain_imperative(text: str, title: str) -> None:
    assert only(text).title == title


def test_and_to_before_a_recipient_is_left_alone() -> None:
    s = only("The Director agreed to send the report to the Committee and to the Health and Wellbeing Board.")
    assert s.title == "Send the report to the Committee and to the Health and Wellbeing Board"

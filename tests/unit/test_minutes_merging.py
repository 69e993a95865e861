"""Two undertakings in one item are merged only when they are the same undertaking, not when they share verbs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.minutes import extract

MEETING = date(2024, 11, 14)
EVAL = Path(__file__).resolve().parents[1] / "eval" / "minutes"


def test_visits_to_two_different_places_in_one_item_are_two_undertakings_each_with_its_own_owner() -> None:
    text = ("5. Reablement\n\nIt was AGREED that a site visit to the reablement centre be arranged for members. Members "
            "raised call handling times. The Head of Commissioning said he would be happy to arrange a visit to the call centre.")
    found = extract(text, MEETING)
    assert [(s.title, s.owner) for s in found] == [
        ("Arrange a site visit to the reablement centre for members", ""),
        ("Arrange a visit to the call centre", "Head of Commissioning"),
    ]
    assert all(not s.other_sources for s in found)


def test_a_request_for_one_thing_and_an_offer_of_another_of_the_same_sort_are_two_undertakings() -> None:
    text = ("5. Public Health\n\nMembers asked for a briefing on the sexual health service contract. The Director of Public "
            "Health agreed to provide a briefing on the drug and alcohol service contract.")
    found = extract(text, MEETING)
    assert [s.title for s in found] == ["Provide a briefing on the sexual health service contract",
                                        "Provide a briefing on the drug and alcohol service contract"]


def test_the_same_visit_said_twice_is_still_one_undertaking() -> None:
    text = ("5. Reablement\n\nMembers asked for a visit to the reablement centre. The Head of Commissioning agreed to "
            "arrange a site visit to the reablement centre.")
    [s] = extract(text, MEETING)
    assert s.owner == "Head of Commissioning"
    assert len(s.other_sources) == 1


def test_an_update_discussed_then_resolved_is_still_one_undertaking_from_the_resolution() -> None:
    text = ("5. Reablement\n\nThe Panel agreed that it should receive a further update on reablement at its March meeting."
            "\n\nRESOLVED that a further update on reablement be presented to the Panel in March 2025.")
    [s] = extract(text, MEETING)
    assert s.source_text.startswith("RESOLVED") and len(s.other_sources) == 1


def test_the_development_passage_of_two_undertakings_in_one_item_gives_each_its_own_suggestion() -> None:
    text = (EVAL / "round5_two_undertakings_one_item.txt").read_text(encoding="utf-8")
    found = extract(text, MEETING)
    titles = [s.title for s in found]
    assert "Arrange a visit to the reablement unit for members" in titles
    assert "Arrange a visit to the telecare unit as well" in titles
    assert [s.owner for s in found if "briefing" in s.title] == ["Director of Public Health", "Director"]


def test_a_report_recommendation_the_request_in_discussion_and_the_resolution_that_restates_them_are_one() -> None:
    text = ("Item 8\n\nThe Board is recommended to:\n(a) note the progress; and\n(b) ask the Director of Public Health to "
            "strengthen the outcome measures for priority 2.\n\nMembers asked for the revised measures to be shared with Board "
            "members before the April meeting.\n\nRESOLVED:\n(a) That the progress be noted.\n(b) That the Director of Public "
            "Health strengthen the outcome measures for priority 2 and share the revised measures with Board members before "
            "the April meeting.")
    [s] = extract(text, MEETING)
    assert s.source_text.startswith("That the Director of Public Health strengthen")
    assert len(s.other_sources) == 2 and s.due_date == date(2025, 4, 30)


def test_a_request_and_the_officers_agreement_in_other_words_are_one_undertaking() -> None:
    text = ("A Board member asked that the next return show spending by locality. The Head of Integrated Commissioning "
            "agreed to amend the template for the quarter 3 return.")
    [s] = extract(text, MEETING)
    assert (s.title, s.owner) == ("Amend the template for the quarter 3 return", "Head of Integrated Commissioning")


def test_a_request_then_a_second_request_to_officers_are_two_undertakings() -> None:
    text = ("Members asked officers to provide the number of successful claims by ward. Officers were asked to circulate the "
            "resurfacing programme once it was approved.")
    assert len(extract(text, MEETING)) == 2


def test_two_parts_of_one_resolution_are_two_undertakings_however_alike_their_words() -> None:
    text = ("4. Care homes\n\nRESOLVED:\n1. That the Head of Commissioning circulate the care home quality ratings to members.\n"
            "2. That the report be noted.\n3. That the Chair write to the CQC about care home quality ratings in the borough.")
    found = extract(text, MEETING)
    assert [(s.title, s.owner) for s in found] == [
        ("Circulate the care home quality ratings to members", "Head of Commissioning"),
        ("Write to the CQC about care home quality ratings in the borough", "Chair"),
    ]


def test_a_further_report_and_a_letter_in_one_decision_each_keep_their_own_due_date() -> None:
    text = ("33. Ambulance handovers\n\n33.8 RESOLVED that:\n(a) the report be noted;\n(b) the Director of Operations be asked "
            "to provide a further report on handover delays to the Committee's meeting in July 2025; and\n(c) the Chair write "
            "to the Chief Executive of the ICB expressing the Committee's concern at the level of handover delays.")
    report, letter = extract(text, MEETING)
    assert (report.minute_ref, report.kind, report.due_date) == ("33.8(b)", "further_update", date(2025, 7, 31))
    assert (letter.minute_ref, letter.kind, letter.due_date) == ("33.8(c)", "letter_or_response", None)


def test_an_undertaking_in_discussion_and_a_decision_with_another_owner_are_two_undertakings() -> None:
    text = ("5. Allocations\n\nThe Head of Housing agreed to circulate the allocations policy to members.\n\n"
            "RESOLVED that the Chair circulate the allocations policy to ward councillors.")
    assert [s.owner for s in extract(text, MEETING)] == ["Head of Housing", "Chair"]


def test_an_action_table_row_under_the_item_of_an_undertaking_said_in_discussion_is_the_same_undertaking() -> None:
    text = ("Item 4 - Carers\n\nCouncillor Osei asked how many carers' assessments had been completed. The Carers' Lead said "
            "she would provide the figures after the meeting.\n\n| Ref | Action | Owner | By when |\n"
            "| 4.1 | Provide carers' assessment figures for 2023/24 | Carers' Lead | 31 January 2025 |\n"
            "| 4.2 | Arrange for the Panel to meet the Young Carers' Forum | Scrutiny Officer | March 2025 |\n"
            "| 4.3 | Share the final carers' strategy with members | Carers' Lead | |")
    figures, forum, strategy = extract(text, MEETING)
    assert (figures.minute_ref, figures.due_date, figures.due_text) == ("4.1", date(2025, 1, 31), "31 January 2025")
    assert figures.source_text.startswith("The Carers' Lead said") and len(figures.other_sources) == 1
    assert (forum.minute_ref, forum.owner, forum.other_sources) == ("4.2", "Scrutiny Officer", ())  # shares only 'carers'
    assert (strategy.minute_ref, strategy.owner) == ("4.3", "Carers' Lead")


def test_a_decision_restating_a_request_taken_on_board_in_other_words_is_one_undertaking() -> None:
    text = ("27. Community mental health\n\nA Member asked about waiting times for neurodevelopmental assessments for adults. "
            "The Associate Director took on board a request to provide the Committee with a trajectory for reducing them.\n\n"
            "RESOLVED -\n(1) That the presentation be noted.\n(2) That it be requested that information on the trajectory for "
            "neurodevelopmental assessment waiting times be brought to the next meeting of the Committee.")
    [s] = extract(text, MEETING)
    assert s.minute_ref == "27(2)" and s.due_next_meeting and len(s.other_sources) == 1
    assert s.owner == "Associate Director"

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

"""The committee's recommendations to another body are undertakings of its own; recommendations reported are not."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.minutes import Suggestion, extract

MEETING = date(2024, 10, 9)
KIND = "recommendation_to_another_body"


def only(text: str) -> Suggestion:
    found = extract("Scrutiny Committee\n\n7. Leisure Services\n\n" + text, MEETING)
    assert len(found) == 1, [s.title for s in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "title", "owner"),
    [
        ("RECOMMENDED to Cabinet that the sports development grant be restored.",
         "Recommend to Cabinet that the sports development grant be restored", "the Committee"),
        ("RECOMMENDED: to Cabinet that the sports development grant be restored.",
         "Recommend to Cabinet that the sports development grant be restored", "the Committee"),
        ("The Committee recommends to Cabinet that the sports development grant be restored.",
         "Recommend to Cabinet that the sports development grant be restored", "the Committee"),
        ("The Committee recommended to the Cabinet Member for Leisure that the sports development grant be restored.",
         "Recommend to the Cabinet Member for Leisure that the sports development grant be restored", "the Committee"),
        ("That Cabinet be recommended to restore the sports development grant.",
         "Recommend to Cabinet that it restore the sports development grant", "the Committee"),
        ("RESOLVED – That Council be recommended to restore the sports development grant.",
         "Recommend to Council that it restore the sports development grant", "the Committee"),
        ("The Panel agreed to recommend to the Executive that the sports development grant be restored.",
         "Recommend to the Executive that the sports development grant be restored", "the Panel"),
        ("RESOLVED to recommend to Council that the sports development grant be restored.",
         "Recommend to Council that the sports development grant be restored", "the Committee"),
        ("RESOLVED that it be recommended to Cabinet that the sports development grant be restored.",
         "Recommend to Cabinet that the sports development grant be restored", "the Committee"),
        ("It was agreed to recommend to full Council that the sports development grant be restored.",
         "Recommend to full Council that the sports development grant be restored", "the Committee"),
        ("The Committee agreed that it would recommend to the Integrated Care Board that the falls service be recommissioned.",
         "Recommend to the Integrated Care Board that the falls service be recommissioned", "the Committee"),
        ("RESOLVED – That the draft Playing Pitch Strategy be recommended to Cabinet for adoption.",
         "Recommend the draft Playing Pitch Strategy to Cabinet for adoption", "the Committee"),
        ("RECOMMENDED – That Council approve the revised scheme of delegation.",
         "Recommend to Council that it approve the revised scheme of delegation", "the Committee"),
    ],
)
def test_a_recommendation_the_committee_makes_to_another_body_is_its_own_undertaking(text: str, title: str, owner: str) -> None:
    s = only(text)
    assert (s.kind, s.title, s.owner) == (KIND, title, owner)
    assert s.raised_by == "the Committee"


@pytest.mark.parametrize(
    "text",
    [
        "The report recommended that the sports development grant be restored.",
        "The report recommends to Cabinet that the sports development grant be restored.",
        "Cabinet had recommended that the sports development grant be restored.",
        "Cabinet recommended to Council that the sports development grant be restored.",
        "The officers' recommendation was that the sports development grant be restored.",
        "The Committee had previously recommended to Cabinet that the sports development grant be restored.",
        "In 2022 the Committee recommended to Cabinet that the sports development grant be restored.",
        "The Committee is asked to recommend to Cabinet that the sports development grant be restored.",
        "Members may wish to recommend to Cabinet that the sports development grant be restored.",
        "The Head of Leisure said that the review had recommended to the Council that the grant be restored.",
        "Members did not recommend to Cabinet that the sports development grant be restored.",
        "RESOLVED that the recommendations in the report be noted.",
        "RESOLVED that the recommendations in the report be endorsed.",
    ],
)
def test_a_recommendation_reported_or_only_proposed_is_not_an_undertaking(text: str) -> None:
    assert extract("Scrutiny Committee\n\n7. Leisure Services\n\n" + text, MEETING) == []


def test_each_listed_part_of_a_recommendation_is_one_undertaking_to_the_body_named_above_it() -> None:
    text = ("Scrutiny Committee\n\n7. Leisure Services\n\nRECOMMENDED to Cabinet that:\n\n(a) the sports development grant "
            "be restored; and\n\n(b) the swimming pool opening hours be extended.\n\nRESOLVED – That the Executive be "
            "recommended to:\n\n(a) approve the revised fees; and\n\n(b) defer the closure of the library.")
    found = extract(text, MEETING)
    assert [(s.title, s.minute_ref) for s in found] == [
        ("Recommend to Cabinet that the sports development grant be restored", "7(a)"),
        ("Recommend to Cabinet that the swimming pool opening hours be extended", "7(b)"),
        ("Recommend to the Executive that it approve the revised fees", "7(a)"),
        ("Recommend to the Executive that it defer the closure of the library", "7(b)"),
    ]
    assert {s.kind for s in found} == {KIND}


def test_a_later_part_that_names_its_own_doer_is_that_doers_action() -> None:
    text = "RESOLVED that Cabinet be recommended to restore the grant and that officers report back on take-up in six months."
    found = extract("Scrutiny Committee\n\n7. Leisure Services\n\n" + text, MEETING)
    assert [(s.kind, s.title, s.owner) for s in found] == [
        (KIND, "Recommend to Cabinet that it restore the grant", "the Committee"),
        ("further_update", "Report back on take-up", "officers"),
    ]


def test_two_parts_recommended_in_one_sentence_are_two_undertakings() -> None:
    text = "RECOMMENDED to Cabinet that the grant be restored and that the pool opening hours be extended."
    found = extract("Scrutiny Committee\n\n7. Leisure Services\n\n" + text, MEETING)
    assert [s.title for s in found] == ["Recommend to Cabinet that the grant be restored",
                                        "Recommend to Cabinet that the pool opening hours be extended"]


def test_the_same_recommendation_in_discussion_and_resolution_is_one_and_different_bodies_are_two() -> None:
    text = ("Scrutiny Committee\n\n7. Leisure Services\n\nThe Committee agreed to recommend to Cabinet that the sports "
            "development grant be restored.\n\nRESOLVED to recommend to Cabinet that the sports development grant be "
            "restored.\n\nRESOLVED to recommend to Council that the sports development grant be restored.")
    found = extract(text, MEETING)
    assert [s.title for s in found] == ["Recommend to Cabinet that the sports development grant be restored",
                                        "Recommend to Council that the sports development grant be restored"]
    assert found[0].source_text.startswith("RESOLVED") and len(found[0].other_sources) == 1

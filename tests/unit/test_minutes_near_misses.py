"""Near-misses: what another organisation will do for others, and a request reported as met in the same sentence, are
not undertakings; the same words aimed at the committee still are."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.minutes import extract

MEETING = date(2024, 6, 12)


@pytest.mark.parametrize(
    "text",
    [
        "The ICB would write to all GP practices in the new year about the changes to the contract.",
        "The Director explained that a letter would be sent to all parents by the school in September.",
        "The contractor would write to every household on the affected rounds in the spring.",
        "It was noted that the Panel had requested this information at its last meeting and that it had been circulated on 2 March.",
    ],
)
def test_another_bodys_plans_for_others_and_a_request_already_met_are_not_undertakings(text: str) -> None:
    assert extract("4. Item\n\n" + text, MEETING) == []


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("The ICB would write to the Committee with the figures for each practice.", "the ICB"),
        ("A note would be sent to members by the Trust before the next meeting.", ""),
    ],
)
def test_another_body_that_will_do_something_for_the_committee_has_undertaken_it(text: str, owner: str) -> None:
    [s] = extract("4. Item\n\n" + text, MEETING)
    assert s.owner == owner


def test_another_body_that_will_confirm_something_for_nobody_else_named_owes_it_to_the_committee() -> None:
    [s] = extract("3. Matters arising\n\nFurther to the request at the last meeting, the CCG would confirm the timetable for the "
                  "new health centre.", MEETING)
    assert (s.owner, s.follow_up) == ("the CCG", True)


def test_what_others_will_be_sent_by_another_organisation_is_no_undertaking() -> None:
    assert extract("4. Item\n\nThe schools would be sent the revised guidance by the local authority in September.", MEETING) == []

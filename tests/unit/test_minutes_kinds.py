"""The kind of an undertaking read from its title: a document handed over, work to be done, a further report."""

from __future__ import annotations

import pytest

from tracker.minutes.kinds import classify


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Provide members with the Trust's accessibility audit", "circulate_document"),
        ("Provide the Committee with the final strategy", "circulate_document"),
        ("Provide an analysis of fly-tipping reports before and after the charge", "mapping_or_analysis"),
        ("Provide a further comparison of the two contracts", "mapping_or_analysis"),
        ("Ensure future progress reports set out the actions that are behind schedule", "further_update"),
        ("Ensure the next report include data on the use of the NHS App", "further_update"),
    ],
)
def test_a_document_that_exists_is_circulated_an_analysis_to_come_is_work_and_next_reports_are_updates(title: str, kind: str) -> None:
    assert classify(title) == kind

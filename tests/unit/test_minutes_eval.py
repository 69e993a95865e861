"""The extractor holds its measured precision and recall on the labelled minutes (see tests/eval/run_eval.py)."""

from __future__ import annotations

from tests.eval.run_eval import SETS, evaluate


def test_precision_and_recall_on_the_development_minutes_stay_at_least_0_95() -> None:
    _, total = evaluate(SETS["development"])
    assert total.precision >= 0.95 and total.recall >= 0.95, (total.precision, total.recall, total.misses, total.false)


def test_precision_and_recall_on_the_held_out_minutes_stay_at_least_0_9_and_0_85() -> None:
    # The held-out passages were labelled before the extractor existed and are never tuned on (the runner lists
    # misses for the development set only). First measured at precision 1.00 and recall 0.83; the floor sits just
    # under the figures measured now, so that a change that loses ground there is noticed.
    _, total = evaluate(SETS["held-out"])
    assert total.precision >= 0.9 and total.recall >= 0.85, (total.precision, total.recall)


def test_no_labelled_near_miss_is_suggested_in_either_set() -> None:
    for folder in SETS.values():
        _, total = evaluate(folder)
        assert total.negatives_hit <= total.negatives * 0.05


def test_precision_and_recall_on_the_second_held_out_minutes_stay_at_least_0_9() -> None:
    # Four passages in styles not seen before, labelled before the extractor was run on them and never tuned on; first
    # measured at precision 0.91 (30 of 33) and recall 1.00 (30 of 30).
    _, total = evaluate(SETS["second held-out"])
    assert total.precision >= 0.9 and total.recall >= 0.9, (total.precision, total.recall)

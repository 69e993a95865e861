"""Precision and recall of the minutes extractor on the labelled passages, per family and overall.

    python -m tests.eval.run_eval [--verbose]

Every undertaking in each passage is labelled, so a suggestion that matches no labelled undertaking
counts against precision (unless it falls on a sentence labelled ambiguous, which counts neither way).
A suggestion matches a label when their spans in the passage overlap; each label is matched at most
once, so a repeated suggestion of the same undertaking also counts against precision. The held-out
passages (heldout/) were labelled before the extractor was written, and the second held-out set (heldout2/) before
the extractor was run on it; neither is ever used for tuning, and misses are listed for the development set only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.minutes import Suggestion, extract

HERE = Path(__file__).resolve().parent / "minutes"
SETS = {"development": HERE, "held-out": HERE / "heldout", "second held-out": HERE / "heldout2"}


@dataclass
class Score:
    """Counts for one group of passages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    negatives: int = 0
    negatives_hit: int = 0
    kind_right: int = 0
    due_checked: int = 0
    due_right: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("tp", "fp", "fn", "negatives", "negatives_hit", "kind_right", "due_checked", "due_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false += other.false

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _span(text: str, needle: str, where: str) -> tuple[int, int]:
    at = text.find(needle)
    if at < 0 or text.find(needle, at + 1) >= 0:
        raise SystemExit(f"{where}: the label {needle!r} must occur exactly once in the passage")
    return at, at + len(needle)


def _overlaps(s: Suggestion, spans: list[tuple[int, int]]) -> bool:
    return any(s.source_start < e and b < s.source_end for b, e in spans)


def score_passage(path: Path, label: dict) -> Score:
    """Match the extractor's suggestions for one passage against its labels."""
    text = path.read_text(encoding="utf-8")
    meeting = date.fromisoformat(label["meeting_date"]) if label.get("meeting_date") else None
    found = extract(text, meeting)
    sc = Score()
    positives = [(p, [_span(text, t, path.name) for t in [p["text"], *p.get("also", [])]]) for p in label["positives"]]
    negatives = [_span(text, n["text"], path.name) for n in label["negatives"]]
    ambiguous = [_span(text, a["text"], path.name) for a in label.get("ambiguous", [])]
    matched: set[int] = set()
    for s in found:
        k = next((k for k, (_, spans) in enumerate(positives) if k not in matched and _overlaps(s, spans)), None)
        if k is None:
            if _overlaps(s, ambiguous) and not any(_overlaps(s, spans) for _, spans in positives):
                continue
            sc.fp += 1
            sc.false.append(f"{path.name}: [{s.kind}] {s.source_text[:110]!r}")
            continue
        matched.add(k)
        sc.tp += 1
        p = positives[k][0]
        sc.kind_right += s.kind == p["kind"]
        if "due_date" in p:
            sc.due_checked += 1
            sc.due_right += s.due_date is not None and s.due_date.isoformat() == p["due_date"]
        if p.get("due_next_meeting"):
            sc.due_checked += 1
            sc.due_right += s.due_next_meeting
    for k, (p, _) in enumerate(positives):
        if k not in matched:
            sc.fn += 1
            sc.misses.append(f"{path.name}: [{p['kind']}] {p['text'][:110]!r}")
    sc.negatives = len(negatives)
    sc.negatives_hit = sum(1 for n in negatives if any(_overlaps(s, [n]) for s in found))
    return sc


def evaluate(folder: Path) -> tuple[dict[str, Score], Score]:
    """Scores per family and overall for the passages labelled in folder/labels.json."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["passages"]
    families: dict[str, Score] = defaultdict(Score)
    total = Score()
    for name, label in sorted(labels.items()):
        sc = score_passage(folder / name, label)
        families[label["family"]].add(sc)
        total.add(sc)
    return dict(families), total


def _row(name: str, sc: Score) -> str:
    return (f"  {name:<34} {sc.tp + sc.fn:>4} {sc.tp:>4} {sc.fp:>4} {sc.fn:>4}  {sc.precision:>9.2f} {sc.recall:>6.2f}"
            f"  {sc.negatives_hit:>3}/{sc.negatives:<3}")


def main() -> int:
    """Print the figures; exit 0 (the figures are for reading, the unit tests hold the bar)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true",
                        help="list every miss and false suggestion of the development set (never of the held-out set)")
    args = parser.parse_args()
    for set_name, folder in SETS.items():
        families, total = evaluate(folder)
        print(f"\n{set_name} set ({folder.relative_to(HERE.parent.parent.parent)})")
        print(f"  {'family':<34} {'pos':>4} {'tp':>4} {'fp':>4} {'fn':>4}  precision recall  near-misses taken")
        for name, sc in sorted(families.items()):
            print(_row(name, sc))
        print(_row("OVERALL", total))
        kinds = total.kind_right / total.tp if total.tp else 0.0
        dues = f"{total.due_right}/{total.due_checked}"
        print(f"  kind right on {kinds:.0%} of matches; due dates right on {dues} labelled")
        if args.verbose and set_name == "development":
            for line in total.misses:
                print("  MISS  " + line)
            for line in total.false:
                print("  FALSE " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

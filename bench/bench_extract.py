"""Speed of the minutes extractor on a 50-page document, beside a plain regex sentence split of the same text.

    .venv/bin/python -m bench.bench_extract [--words 25000] [--runs 5]

The document is built by concatenating the labelled evaluation passages (tests/eval/minutes), each under a
fresh minute number, until it reaches the word count (about 500 words a page, so 25,000 words is 50 pages).
The baseline, measured in the same run on the same text, is the least any extractor must do: split the text
into sentences with one regular expression. Results are printed as a table and written to
bench/results/extract.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.minutes import extract

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = ROOT / "tests" / "eval" / "minutes"
RESULTS = Path(__file__).resolve().parent / "results" / "extract.json"
TARGET_SECONDS = 2.0  # at most, for 50 pages
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def build_document(words: int) -> str:
    """Varied passages, renumbered, repeated until the document has at least `words` words."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(PASSAGES.rglob("*.txt"))]
    parts: list[str] = []
    count, n = 0, 0
    while count < words:
        text = texts[n % len(texts)]
        parts.append(f"{100 + n}/23 Item {n + 1}\n\n{text}")
        count += len(text.split())
        n += 1
    return "\n\n".join(parts)


def baseline(text: str) -> int:
    """A plain regex sentence split: the floor any extractor's time should be compared with."""
    return len(_SENTENCE.split(text))


def timed(fn: Any, text: str, runs: int) -> tuple[list[float], Any]:
    """Run fn(text) `runs` times; return the seconds of each run and the last result."""
    seconds, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn(text)
        seconds.append(time.perf_counter() - t0)
    return seconds, result


def main() -> int:
    """Measure, print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=25_000, help="size of the document in words (default 25,000: 50 pages)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side (default 5)")
    args = parser.parse_args()
    text = build_document(args.words)
    meeting = date(2023, 1, 17)
    extract(text[:5000], meeting)  # warm up: compile the patterns once, as a long-running server would have
    ext_s, found = timed(lambda t: extract(t, meeting), text, args.runs)
    base_s, sentences = timed(baseline, text, max(args.runs, 20))
    ext, base = statistics.median(ext_s), statistics.median(base_s)
    words = len(text.split())
    result = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "processor": platform.processor()},
        "document": {"words": words, "pages_at_500_words": round(words / 500, 1), "characters": len(text), "sentences": sentences},
        "extract": {"median_s": ext, "min_s": min(ext_s), "max_s": max(ext_s), "runs": len(ext_s), "suggestions": len(found)},
        "baseline_regex_split": {"median_s": base, "min_s": min(base_s), "runs": len(base_s)},
        "ratio_to_baseline": ext / base if base else None,
        "target_s": TARGET_SECONDS,
        "meets_target": ext <= TARGET_SECONDS,
    }
    print(f"Minutes extractor on {words:,} words ({words / 500:.0f} pages, {len(text):,} characters)")
    print(f"  {'':<28}{'median s':>10}{'min s':>10}{'runs':>6}")
    print(f"  {'extract()':<28}{ext:>10.3f}{min(ext_s):>10.3f}{len(ext_s):>6}   {len(found)} suggestions")
    print(f"  {'baseline: regex split':<28}{base:>10.4f}{min(base_s):>10.4f}{len(base_s):>6}   {sentences} sentences")
    print(f"  ratio {result['ratio_to_baseline']:.0f}x the baseline; target at most {TARGET_SECONDS:.1f} s: "
          f"{'met' if result['meets_target'] else 'NOT MET'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS.relative_to(ROOT)}")
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

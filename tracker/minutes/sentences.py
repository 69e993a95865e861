"""Sentence boundaries that respect the abbreviations and numbering minutes are full of."""

from __future__ import annotations

import re

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "cllr cllrs dr mr mrs ms prof rev st no nos nr e.g i.e etc approx para paras min mins cf vs co ltd plc "
    "dept govt hon jan feb mar apr jun jul aug sep sept oct nov dec fig figs vol ref refs incl esp".split()
)
_BOUNDARY = re.compile(r"[.?!]+[\"'”’)\]]*(?=[ \t\u00a0\n]+[\"“‘(•·–—]?\s?[A-Z0-9(])|;(?=\s+(?:\(\w{1,4}\)|and\s+\(\w{1,4}\))\s)")
_INLINE_PART = re.compile(r"(?<=[.;:–-])\s+(?=\((?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+[Tt]hat\b)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _ends_sentence(text: str, start: int, stop: int) -> bool:
    if text[stop - 1] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(start, stop - 12), stop - 1)
    if not m:
        return not text[stop - 2].isdigit() or not text[stop:stop + 3].strip()[:1].isdigit()
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return False
    # A single capital before a full stop is an initial ('J. Smith'), not the end of a sentence.
    return not (len(m.group(1)) == 1 and m.group(1).isupper())


MAX_SENTENCE = 1200  # characters; longer runs (a PDF table read as prose) are cut so no rule sees a huge 'sentence'
_SOFT_BREAK = re.compile(r"\n|;\s|,\s|\s")


def _cap(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE at line breaks, else at the last clause break or space before the limit."""
    out = []
    while b - a > MAX_SENTENCE:
        window = text[a:a + MAX_SENTENCE]
        cut = max(window.rfind("\n"), window.rfind("; "), window.rfind(", "), window.rfind(" "))
        cut = a + (cut + 1 if cut > MAX_SENTENCE // 3 else MAX_SENTENCE)
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], each trimmed of surrounding space (and none longer than MAX_SENTENCE)."""
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        if _ends_sentence(text, start, m.start() + 1 if text[m.start()] == "." else m.end()):
            cuts.append(m.end())
    for m in _INLINE_PART.finditer(text, start, end):
        cuts.append(m.start())
    cuts = sorted(set(cuts)) + [end]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        while a < b and text[a] in " \t\u00a0\n\r":
            a += 1
        while b > a and text[b - 1] in " \t\u00a0\n\r":
            b -= 1
        for c, d in _cap(text, a, b) if b - a > MAX_SENTENCE else [(a, b)]:
            while c < d and text[c] in " \t\u00a0\n\r":
                c += 1
            while d > c and text[d - 1] in " \t\u00a0\n\r":
                d -= 1
            if d > c:
                spans.append((c, d))
    return spans

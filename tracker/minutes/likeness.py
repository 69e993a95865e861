"""How alike the words of two statements are: shared distinctive words, one title within another, a contrast."""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.minutes.lexicon import VERBS, lemma
from tracker.minutes.model import Suggestion

_STOP = frozenset(
    "a an the of to on for and in with by at be this that it its their from as is are was were would will provide further "
    "committee board panel members member report update circulate share send information meeting next".split()
)
RECOMMEND = re.compile(r"(?i)^recommend\s+to\s+(?P<body>.+?)\s+that\s+(?:it\s+)?")
# Modifiers that do not tell one thing from another ('the new plan', 'a further report').
_PLAIN = frozenset("their its his her our your any all some each every other new further more latest current full final "
                   "updated revised same next last first".split())


@lru_cache(maxsize=4096)
def tokens(title: str) -> tuple[str, ...]:
    """The words of a title, lower-cased, without the 'Recommend to X that' of a recommendation."""
    return tuple(re.findall(r"[a-z0-9]+", RECOMMEND.sub("", title).lower()))


def distinctive(word: str) -> bool:
    """True for a word that tells one undertaking from another: not a verb, a stop word or a plain modifier."""
    return len(word) > 2 and word.isalpha() and word not in _STOP and word not in _PLAIN and lemma(word) not in VERBS


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(a: Suggestion, b: Suggestion) -> float:
    """How far two titles name the same thing: the share of their words in common, and no more than the share of their
    distinctive words in common (verbs such as 'arrange', 'visit', 'provide' or 'review' left out: two different
    undertakings share them as often as one said twice does). The body a recommendation goes to is compared apart."""
    wa = {w for w in tokens(a.title) if w not in _STOP and len(w) > 2}
    wb = {w for w in tokens(b.title) if w not in _STOP and len(w) > 2}
    return min(_jaccard(wa, wb), _jaccard({w for w in wa if distinctive(w)}, {w for w in wb if distinctive(w)}))


def contained(a: Suggestion, b: Suggestion) -> bool:
    """True when the shorter title's words (two at least, one of them distinctive) nearly all recur in the longer: a
    resolution that restates a request made in discussion and adds to it ('share the revised measures' within 'strengthen
    the measures and share the revised measures')."""
    wa = {w for w in tokens(a.title) if w not in _STOP and len(w) > 2}
    wb = {w for w in tokens(b.title) if w not in _STOP and len(w) > 2}
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small) >= 2 and any(distinctive(w) for w in small & large) and len(small & large) >= 0.75 * len(small)


def stem(word: str) -> str:
    """A plural made singular ('assessments' -> 'assessment'), so that the two compare equal."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def words_of(text: str) -> frozenset[str]:
    """The distinctive words of a statement, plurals made singular, for telling whether a decision restates it."""
    return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if distinctive(w))


def contrast(a: Suggestion, b: Suggestion) -> bool:
    """True when the titles name different things of one sort: 'a visit to the reablement centre' and 'a visit to the
    call centre' share 'centre', but each says a different word before it that the other never uses."""
    ta, tb = tuple(map(stem, tokens(a.title))), tuple(map(stem, tokens(b.title)))
    sa, sb = set(ta), set(tb)
    for i in range(1, len(ta)):
        if ta[i] not in sb or not distinctive(ta[i]):
            continue
        for j in range(1, len(tb)):
            p, q = ta[i - 1], tb[j - 1]
            if tb[j] == ta[i] and p != q and distinctive(p) and distinctive(q) and p not in sb and q not in sa:
                return True
    return False

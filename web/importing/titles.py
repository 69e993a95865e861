"""Short imperative titles from an action log's wording ('Director to circulate the plan' -> 'Circulate the plan')."""

from __future__ import annotations

import re

from tracker.minutes.lexicon import is_action_verb, lemma

MAX_TITLE = 300
_MARKER = re.compile(r"^(?:\(?[a-z0-9]{1,3}[).]|[-•*–])\s+", re.I)
_RESOLVED = re.compile(r"^(?:(?:it\s+was\s+)?(?:resolved|agreed|action)\s*(?:that|:|-)\s*|that\s+)", re.I)
# "<who> to / will / undertook to <verb> ...": the owner is in its own column, so the title starts at the verb.
_OWED = re.compile(r"\s+(?:(?:has\s+)?(?:agreed|undertook|offered|was\s+asked|were\s+asked|is|are)\s+to|to|will|would|"
                   r"should|shall|must)\s+(?P<verb>[a-z-]+)\b", re.I)
_ASKED = re.compile(
    r"^(?P<who>[^.;:]{2,120}?)\s+(?:asked|requested|agreed|recommended)\s+that\s+(?:the\s+)?[^.;:]{2,80}?\s+"
    r"(?:should\s+|would\s+|be\s+asked\s+to\s+)?(?P<verb>[a-z-]+)\b(?P<rest>.*)$", re.I | re.S)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")


def title_for(text: str) -> str:
    """An imperative title of at most 300 characters; the full text is kept elsewhere."""
    text = " ".join(text.split())
    text = _MARKER.sub("", text)
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first.split()) >= 4:
        text = first
    text = _RESOLVED.sub("", text)
    if not _starts_with_verb(text):
        text = _from_verb(text)
    return _tidy(text)


def _from_verb(text: str) -> str:
    """The text from the verb of what is owed, when someone is named first; else the text as it is."""
    for m in _OWED.finditer(text, 0, 160):
        who = text[: m.start()]
        if re.search(r"[.;:]", who) or len(who.split()) > 12:
            break
        if _base_verb(m["verb"]):
            return text[m.start("verb"):]
    m = _ASKED.match(text)
    if m and _base_verb(m["verb"]) and not _starts_with_verb(m["who"]):
        return m["verb"] + m["rest"]
    return text


def _starts_with_verb(text: str) -> bool:
    first = text.split(" ", 1)[0].strip(",;:")
    return bool(first) and _base_verb(first)


def _base_verb(word: str) -> bool:
    return is_action_verb(word) and lemma(word) == word.lower()


def _tidy(text: str) -> str:
    text = text.strip(" ,;:.–-*")
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text[:1].upper() + text[1:]

"""Who does what a clause says, where the clause ends, and the hit a rule makes of it."""

from __future__ import annotations

import re

from tracker.minutes import clauses
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import POSSESSED_ROLE, ROLE_NOUN
from tracker.minutes.structure import Segment

SAID = re.compile(r"(?i)\b(?:said|explained|stated|confirmed|advised|reported|added|indicated|replied|responded|agreed|accepted|"
                   r"acknowledged|assured|promised|noted|suggested|felt)\s+(?:that\s+)?")
BOUNDARY = re.compile(r"[;:]|\s[–—-]\s|\bthat\b|\bwho\b|,|\bbut\b|\bhowever\b|\bwhile\b|\bwhereas\b")
_LEAD_NP = re.compile(r"^\s*(?:(?:and|but|also|then|so|however)\s+)*(?P<np>(?:(?:[Tt]he|[Aa]n?|[Bb]oth|[Aa]ll|[Oo]ur|[Tt]heir)\s+)?"
                      r"(?:[A-Z][\w'’&./-]*|[a-z]+)(?:\s+(?:[A-Z][\w'’&./-]*|of|for|and|the|in|on|with|&|\([^)]*\))"
                      r"|(?<=['’]s)\s+" + POSSESSED_ROLE + r"){0,12})")


def subject_before(text: str, pos: int) -> str:
    """The words naming who does what follows `pos`: the noun phrase opening its clause."""
    base = 0
    said = list(SAID.finditer(text, 0, pos))
    if said and said[-1].end() < pos:
        base = said[-1].end()
    pre = text[base:pos]
    cuts = list(BOUNDARY.finditer(pre))
    chunk = pre[cuts[-1].end():] if cuts else pre
    if cuts and not chunk.strip() and cuts[-1].group(0) == "but":  # 'he did not have it to hand but would write': 'he'
        return subject_before(text, base + cuts[-1].start())
    # '... was collected and she would': the subject after 'and'; '... accepted this and would': the sentence's own.
    tail = re.search(r"\band\s+((?:he|she|they|we|it|the\s+[A-Z]\w*|[a-z]+\s+)?[^,;]*)$", chunk)
    if tail and (not tail.group(1).strip() or re.match(r"(?:he|she|they|we|it|the\s+[A-Z])\b", tail.group(1))):
        if not tail.group(1).strip():  # ellipsis: the subject of the clause before 'and', else of the sentence
            for source in (chunk[:tail.start()], _opening(text)):
                m = _LEAD_NP.match(source)
                np = m.group("np").strip() if m else ""
                if np and _AGENT.search(np):
                    return re.sub(r"\s+(?:and|of|for|the|with|in|on)$", "", np)
            return ""
        chunk = tail.group(1)
    chunk = re.sub(r"\b(?:would|will|shall|had|has|have|was|were|did|could|also)\b.*$", "", chunk).strip()
    m = _LEAD_NP.match(chunk)
    np = m.group("np").strip() if m else ""
    if not np or np.split()[0].lower() in ("did", "was", "were", "had", "has", "explained", "said", "and"):
        m = _LEAD_NP.match(_opening(text))
        np = m.group("np").strip() if m else ""
    return re.sub(r"\s+(?:and|of|for|the|with|in|on)$", "", np)


# Who can act: a role, a pronoun, officers, or a name ('the Trust', 'Healthwatch'), not 'this' or 'the waits'.
_AGENT = re.compile(ROLE_NOUN + r"|^(?:he|she|they|we|officers)\b|^[Tt]he\s+[A-Z]|^(?!(?:The|A|An|This|These|It|There)\b)[A-Z]")
# A sentence's opening phrase before its subject: 'With regard to the request made at the last meeting, ', 'In response, '.
_INTRO = re.compile(r"^(?:With\s+regard\s+to|With\s+reference\s+to|In\s+response|In\s+answer|Further\s+to|Following|Regarding|"
                    r"In\s+relation\s+to|Turning\s+to|On|At|During|After|Before)\b[^,]{0,200},\s*")


def _opening(text: str) -> str:
    """The sentence from its subject on, past an opening phrase."""
    return text[_INTRO.match(text).end():] if _INTRO.match(text) else text


_CLAUSE_END = re.compile(r";|\s[–—]\s|,\s+(?:however|but|although|though|whereas|which|as)\b|\s+but\s+|\.\s*$")


def clause_end(text: str, start: int) -> int:
    """Where the action clause that starts at `start` ends: before a new clause that is not part of it."""
    m = _CLAUSE_END.search(text, start)
    return m.start() if m else len(text.rstrip(" ."))


def new_hit(seg: Segment, i: int, rule: str, conf: float, v_start: int, c: clauses.Clause | None = None, **kw: object) -> Hit:
    """A hit on a sentence, with the clause's verb, subject and words when the rule read them."""
    h = Hit(i, seg.start, seg.end, rule, conf, seg.start + v_start, resolution=seg.resolution, **kw)  # type: ignore[arg-type]
    if c is not None:
        h.verb, h.subject, h.rest, h.particle, h.passive = c.verb, c.subject, c.rest, c.particle, c.passive
    return h


def verb_clause(text: str, m: re.Match[str], group: str = "v") -> clauses.Clause | None:
    """The clause that starts at the verb a pattern matched."""
    end = clause_end(text, m.start(group))
    return clauses.analyse(text[m.start(group):end])

"""Who took a request on: 'X asked for Y, and the Head of Service agreed to do so', '..., which the Director agreed to',
or 'The Director agreed.' standing alone after the request."""

from __future__ import annotations

import re

from tracker.minutes.lexicon import POSSESSED_ROLE, ROLE_NOUN

# A role or body as minutes name one ('the Head of Inclusion', 'the ICB Place Director', 'officers', 'she').
_WHO = (r"(?P<who>(?:[Tt]he\s+)?[A-Z][\w'’&/.-]*(?:\s+(?:[A-Z][\w'’&/.-]*|of|for|and|&|in|the|\([^)]*\))"
        r"|(?<=['’]s)\s+" + POSSESSED_ROLE + r"){0,10}"
        r"|officers|(?:all\s+)?members|councillors|(?:he|she|they))")
_AGREED = r"(?:agreed|undertook|offered|promised|committed|accepted|confirmed)"
# What may follow the agreeing verb without saying anything new: 'to do so', 'to this', 'that this would be done'.
_EMPTY = (r"(?:\s+to\s+(?:do\s+(?:so|this|that|it)|this(?:\s+request)?|that|it|the\s+request)"
          r"|\s+that\s+(?:this|it|they|these)\s+(?:would|could|will|can)\s+be\s+\w+(?:\s+(?:out|up|back))?"
          r"|\s+to)?")
_DUE = r"(?:\s+(?:by|before|after|at|in|within|following|during|for)\s+[^.,;]{1,50})?"
# In the same sentence as the request, the bare verb of it may follow too: '..., which the Director agreed to provide'.
_WHAT = re.compile(r"(?:" + _EMPTY + r"|\s+to\s+[a-z]+(?:\s+(?:it|this|them|these))?)" + _DUE + r"\s*", re.I)
# The agreeing clause at the end of the request's sentence.
_TAIL = re.compile(r"\s*(?:,?\s+(?:and|which|to\s+which)|;)\s+" + _WHO + r"\s+(?:(?:duly|readily|also|then)\s+)?" + _AGREED
                   + r"(?=\s|[.,;]|$)(?P<what>.*?)\s*[.;]?\s*$", re.S)
# 'The Head of Inclusion agreed to do so.' as a sentence of its own.
_ALONE = re.compile(r"^(?:A\.\s*|Response\s*:\s*)?" + _WHO + r"\s+(?:(?:duly|readily|also|then)\s+)?" + _AGREED + _EMPTY + _DUE
                    + r"\s*\.?\s*$")
_NOT_OWNER = re.compile(r"(?i)^(?:the\s+)?(?:members?|councillors|committee|panel|board|sub-committee|commission|meeting)$")


def who(np: str) -> str:
    """The agreeing role, or '' when the words name the committee itself (members agreeing are not taking it on)."""
    np = np.strip()
    if _NOT_OWNER.match(np):
        return ""
    if re.fullmatch(r"(?i)(?:the\s+)?officers?|he|she|they", np) or re.search(ROLE_NOUN, np) \
            or re.search(r"\b(?:ICB|CCG|Trust|Council|Clerk|Cabinet|Partnership|Healthwatch|Service)\b", np):
        return np
    return ""


def split_tail(rest: str) -> tuple[str, str]:
    """'a breakdown by year, and the Head of Inclusion agreed to do so' -> ('a breakdown by year', 'the Head of Inclusion').

    Returns the words of the request without the agreeing clause, and who agreed ('' when nobody is named). The clause
    is cut only when what was agreed adds nothing of its own (so, this, it) or is the bare verb of the request."""
    for m in _TAIL.finditer(rest):
        if not _WHAT.fullmatch(m.group("what")):
            continue
        return rest[:m.start()], who(m.group("who"))
    return rest, ""


def alone(sentence: str) -> str:
    """Who agreed, when the sentence says no more than that a role agreed ('The Director agreed to do so.'), else ''."""
    m = _ALONE.match(sentence.strip())
    return who(m.group("who")) if m else ""


_ANSWERER = re.compile(r"^(?:A\.|A:|Answer\s*[:.\-–]|Response\s*[:.\-–]|Reply\s*[:.\-–])?\s*" + _WHO
                       + r"\s+(?:(?:also|then|readily)\s+)?(?:would|will|agreed|undertook|offered|confirmed|said|replied|was\s+happy)\b")


def answerer(answer: str) -> str:
    """The role that gives an answer ('A. The Head of Finance would circulate this'), else ''."""
    m = _ANSWERER.match(answer.strip())
    return who(m.group("who")) if m else ""

"""Resolutions and agreed recommendations: each part that asks someone to act is an undertaking."""

from __future__ import annotations

import re

from tracker.minutes import clauses
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import DECIDER
from tracker.minutes.structure import Segment

_LEAD = re.compile(
    rf"^(?:(?:{DECIDER}\s+)?(?:RESOLVED|AGREED|DECIDED|DECISION|RECOMMENDED|Resolved|Agreed)\b(?:\s+(?:unanimously|accordingly))?"
    r"(?:\s+to\b)?[\s:–—-]*)?"
    r"(?:(?:and\s+)?\((?:\w{1,4})\)\s*|\w{1,4}[.)]\s+)?(?:[Tt]hat\b[\s:–—-]*)?"
    r"(?:(?:the\s+)?(?:Committee|Board|Panel|Sub-Committee|Commission|Members|Council)\s*[:–—-]+\s*)?")
_OPENER_ONLY = re.compile(r"(?i)^[\s\w:–—-]{0,60}(?:asked|recommended|invited|requested)\s+to\s*[:\-–—]?\s*$|^[\s\w:–—-]{0,40}[:–—-]\s*$")
_INFO = re.compile(r"(?i)^\s*(?:(?:a|an|the|further|quarterly|monthly|regular|annual|six-monthly|written)\s+)*(?:\w+\s+){0,3}?"
                   r"(?:reports?|updates?|information|figures|data|breakdown|briefing|analysis|details)\b")
_WRAP_TO = re.compile(r"(?i)^\s*(?:to\s+)?(?P<np>(?:the\s+|an?\s+|all\s+|both\s+)?[\w'’ ,&()/-]{1,90}?)\s+to\s+(?P<rest>[a-z].*)$", re.S)


def _unwrap(c: clauses.Clause, text: str) -> tuple[clauses.Clause, str, int] | None:
    """Look through 'asks X to', 'requests that', 'agrees to', 'agrees that' to the action inside; return it,
    the owner it names, and the offset of its text in `text`."""
    if not c.action and not (c.verb == "agree" and re.match(r"\s*(?:that|to)\b", c.rest)):
        return None
    if c.verb in ("request", "ask", "agree", "invite") or (c.passive and c.verb in ("request", "ask")):
        rest = c.rest
        base = len(text) - len(rest)
        if c.verb == "agree" and re.match(r"\s*to\s+\w", rest):
            inner = clauses.analyse(rest)
            return (inner, "", base) if inner and inner.action else None
        m = re.match(r"\s*that\s+", rest)
        if m:
            inner = clauses.analyse(rest[m.end():])
            if inner and inner.action:
                owner = "" if inner.passive else inner.subject
                return inner, owner, base + m.end()
            return None
        if c.passive:  # 'the Director be asked to provide ...'
            inner = clauses.analyse(rest.lstrip()[3:] if rest.lstrip().startswith("to ") else rest)
            return (inner, c.subject, base + (len(rest) - len(rest.lstrip())) + 3) if inner and inner.action else None
        m = _WRAP_TO.match(rest)
        if m:
            inner = clauses.analyse(m.group("rest"))
            if inner and not inner.action and inner.verb in ("consider", "receive", "review"):
                inner = clauses.Clause(inner.verb, inner.verb_start, False, inner.subject, inner.rest, inner.particle, True)
            if inner and inner.action:
                return inner, m.group("np").strip(), base + m.start("rest")
        inner = clauses.analyse(rest)
        if inner and inner.action and inner.subject and not inner.passive:
            return inner, inner.subject, base  # 'request both local authorities draft a response'
        if c.verb in ("request", "ask") and _INFO.match(rest):
            return clauses.Clause("provide", 0, False, "", rest, "", True), "", base
        return None
    return c, "" if c.passive else c.subject, 0


# 'the work programme be approved, subject to the addition of a review of X at the July meeting': the approval is
# procedure, the addition an undertaking.
_ADDITION = re.compile(r"(?i)\b(?:work\s*programme|work\s+plan|forward\s+plan)\b[^;]*?\b(?:subject\s+to|with|including|to\s+include)\s+"
                       r"the\s+(?:addition|inclusion)\s+of\s+(?P<what>[^;]+?)\s*(?:[;.]|$)")


def additions(seg: Segment, i: int) -> list[Hit]:
    """An item added to the work programme as a condition of agreeing it."""
    m = _ADDITION.search(seg.text)
    if not m:
        return []
    return [Hit(i, seg.start, seg.end, "resolution" if seg.resolution else "work_programme", 0.8, seg.start + m.start("what"),
                kind="work_programme_item", title=f"Add {m.group('what')} to the work programme", resolution=seg.resolution)]


def find(seg: Segment, i: int) -> list[Hit]:
    """The actions in one resolution part (or in each clause of it)."""
    t = seg.text
    if _ADDITION.search(t):
        return additions(seg, i)
    lead = _LEAD.match(t)
    body_at = lead.end() if lead else 0
    body = t[body_at:]
    if not body.strip() or _OPENER_ONLY.match(t):
        return []
    out: list[Hit] = []
    for off, part in clauses.split(body):
        c = clauses.analyse(part)
        if c is None:
            continue
        got = _unwrap(c, part)
        if got is None:
            continue
        inner, owner, inner_at = got
        at = body_at + off + inner_at
        h = Hit(i, seg.start + (body_at + off if off else 0), seg.start + body_at + off + len(part.rstrip(" ;.")), "resolution",
                0.85, seg.start + at + inner.verb_start, verb=inner.verb, subject=inner.subject, rest=inner.rest,
                particle=inner.particle, passive=inner.passive, owner=owner, resolution=True)
        if not off:
            h.start = seg.start
        out.append(h)
    return out

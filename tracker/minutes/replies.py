"""How a request fares in the minutes: taken on by the officer who agreed to it, met already or declined, or followed up
from an earlier meeting."""

from __future__ import annotations

import re

from tracker.minutes import agreement
from tracker.minutes.hits import Hit
from tracker.minutes.structure import Segment

# Words that refer back to a request or action of an earlier meeting: the suggestion is a follow-up, not a new action.
FOLLOW_UP = re.compile(
    r"(?i)\bfurther\s+to\s+(?:the|a|an|their|its|members['’]?)\s+(?:\w+\s+){0,3}request|\bfollowing\s+up\b|\bas\s+(?:previously\s+)?requested\s+"
    r"(?:previously|earlier|before|at\s+the\s+(?:last|previous)\s+meeting)|\bas\s+previously\s+requested\b|\b(?:earlier|previous|outstanding)\s+request\b"
    r"|\b(?:requested|promised|asked\s+for)\s+at\s+(?:the\s+|its\s+|their\s+)?(?:last|previous|earlier|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\s+meeting\b"
    r"|\b(?:request|action|undertaking)s?\s+(?:(?:made|raised|agreed|recorded|put)\s+)?(?:at|from)\s+(?:the|its|their)\s+"
    r"(?:last|previous|earlier)\s+meeting\b|\brequested\s+at\s+\d|\bremained\s+open\b|\bstill\s+(?:awaited|outstanding)\b"
    r"|\bhad\s+(?:still\s+)?not\s+(?:yet\s+)?been\s+(?:received|provided|circulated)\b|\bagain\s+(?:asked|requested)\b|\breiterated\b|\bbe\s+chased\b")


def taken_on(hits: list[Hit], segs: list[Segment]) -> None:
    """'Members asked for X. The Head of Service agreed to do so.': the one who agreed owns the request, and the source
    runs on to their words (a hit on those words, such as 'this would be done', is then merged into the request)."""
    for h in hits:
        k = h.seg + 1
        if h.rule not in ("request", "question_offer") or k >= len(segs):
            continue
        if h.owner and not re.fullmatch(r"(?i)(?:the\s+)?officers", h.owner.strip()):
            continue
        seg, nxt = segs[h.seg], segs[k]
        if nxt.item != seg.item or nxt.block not in (seg.block, seg.block + 1) or nxt.role in ("heading", "row", "marker"):
            continue
        who = agreement.alone(nxt.text)
        if who:
            h.owner, h.end = who, nxt.end


# The reply to a request says it is met already or will not be met: 'this information had been circulated with the agenda',
# 'The Chair did not consider a further report necessary'.
_MET = re.compile(
    r"(?i)\b(?:had|has|have)\s+(?:already\s+)?been\s+(?:circulated|provided|shared|sent|published|included|supplied|given|answered|"
    r"covered|distributed|e-?mailed)\b|\b(?:was|were|is|are)\s+already\s+(?:available|published|included|provided|circulated|on)\b"
    r"|\bdid\s+not\s+(?:consider|think|feel|see|believe)\b[^.;]{0,60}\b(?:necessary|needed|appropriate|required|helpful|useful)\b"
    r"|\b(?:declined|refused)\b|\b(?:was|would\s+be)\s+not\s+(?:possible|appropriate|necessary)\b|\bcould\s+not\s+be\s+(?:provided|shared|released)\b")
_NEW_PROMISE = re.compile(r"(?i)\b(?:would|will|agreed\s+to|undertook\s+to)\s+(?:also\s+)?(?:provide|send|circulate|share|arrange|report|look|"
                          r"update|check|confirm|write)\b")


def met(hits: list[Hit], segs: list[Segment]) -> list[Hit]:
    """Drop the requests whose reply, later in the sentence or the next sentence of the paragraph, says they are met already
    or declined."""
    kept = []
    for h in hits:
        k, seg = h.seg + 1, segs[h.seg]
        after = seg.text[max(0, h.anchor - seg.start):]  # '... had requested this at its last meeting and that it had been circulated'
        if h.rule == "request" and _MET.search(after) and not _NEW_PROMISE.search(after):
            continue
        if h.rule == "request" and k < len(segs) and segs[k].block == seg.block and segs[k].item == seg.item \
                and _MET.search(segs[k].text) and not _NEW_PROMISE.search(segs[k].text):
            continue
        kept.append(h)
    return kept

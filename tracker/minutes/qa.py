"""Questions answered with an offer: 'Could the Committee see the board minutes? Yes, this could be arranged.'"""

from __future__ import annotations

import re

from tracker.minutes.hits import Hit
from tracker.minutes.structure import Segment

_OFFER = re.compile(
    r"(?i)^(?:a\.|a:|answer\s*:|response\s*:)?\s*(?:yes|certainly|of course|agreed)\b"
    r"|\b(?:could|would|will|can)\s+be\s+(?:arranged|provided|circulated|shared|sent|made\s+available|supplied|done|"
    r"forwarded|included|added|scheduled|organised|brought)\b"
    r"|\bwould\s+(?:be\s+happy\s+to|arrange|send|provide|circulate|share|obtain|forward|supply|bring|come\s+back|report\s+back|"
    r"look\s+into|find\s+out|check)\b")
_NO = re.compile(r"(?i)^(?:a\.|a:|answer\s*:|response\s*:)?\s*(?:no\b|not\b)")
_ASKS_FOR = re.compile(
    r"(?i)\b(?:could|can|may|would|will)\s+(?:the\s+)?(?:committee|members|we|panel|board|councillors|sub-committee)\s+(?:be\s+able\s+to\s+)?"
    r"(?:see|have|receive|get|be\s+given|be\s+sent|be\s+provided|visit|access|be\s+kept|be\s+updated|be\s+informed)\b"
    r"|\b(?:could|can|would|will)\s+(?:you|officers|the\s+\w+)\s+(?:provide|send|share|circulate|arrange|supply|forward|bring|let)\b"
    r"|\b(?:could|can|would|will)\s+[\w' ]{1,60}\s+be\s+(?:provided|circulated|shared|sent|given|made\s+available|included|added|arranged)\b"
    # reported: 'asked if the Committee could be given a breakdown', 'asked whether members could see the plan'
    r"|\b(?:whether|if)\s+(?:the\s+)?(?:committee|members|panel|board|councillors|sub-committee|they|we)\s+(?:could|can|might|may|would)\s+"
    r"(?:be\s+able\s+to\s+)?(?:see|have|receive|get|be\s+given|be\s+sent|be\s+provided|be\s+shown|visit|access|be\s+kept|be\s+updated)\b"
    # 'asked whether officers could provide the figures', 'asked whether the data could be published'
    r"|\b(?:whether|if)\s+(?:the\s+)?[\w'’-]+\s+(?:could|would|can)\s+(?:provide|send|share|circulate|arrange|supply|forward)\b"
    r"|\b(?:whether|if)\s+[\w'’ ,-]{1,60}?\s+(?:could|would|can)\s+be\s+(?:provided|circulated|shared|sent|published|made\s+available|"
    r"given|included|added|arranged)\b")
_DOCUMENT = re.compile(r"(?i)\b(?:plan|report|strategy|document|minutes|data|figures|evaluation|review|survey|assessment|policy|paper)\b")
_WHERE_WHEN = re.compile(r"(?i)\b(?:where|when)\b.*\b(?:found|published|available|seen|see|due|ready|come)\b|\bwhere\s+could\b")
_LATER = re.compile(r"(?i)\b(?:was|is|were|are|now)\s+(?:expected|due|planned|scheduled)\s+(?:in|by|for)\s+\w+|\bwould\s+be\s+(?:published|available|ready)\b")


# In narrative minutes: 'The Chair asked whether the Committee could visit the hub. The Director said that this could be
# arranged and ...': a reply that offers what was asked without saying what it is.
_ASKED = re.compile(r"(?i)\b(?:asked|enquired|queried|wondered)\s+(?:whether|if)\b")
_THIS_OFFERED = re.compile(r"(?i)\b(?:this|it|that|these)\s+(?:could|would|will|can)\s+be\s+(?:arranged|provided|circulated|shared|sent|"
                           r"made\s+available|supplied|done|organised)\b")


def _narrative_offer(segs: list[Segment], i: int) -> list[Hit]:
    """A question put in narrative and a reply that offers it: in the next sentence, or after a semicolon."""
    seg = segs[i]
    if seg.role != "text":
        return []
    asked, semicolon, reply = seg.text.partition(";")
    if semicolon and _asks(asked) and _THIS_OFFERED.search(reply):
        return [Hit(i, seg.start, seg.end, "question_offer", 0.75, seg.start + len(asked) + 1, verb="share", topic_from=i)]
    q = segs[i - 1] if i else None
    if q is None or q.block != seg.block or q.item != seg.item:
        return []
    if _asks(q.text) and _THIS_OFFERED.search(seg.text) and not _NO.match(seg.text):
        return [Hit(i, q.start, seg.end, "question_offer", 0.75, seg.start, verb="share", topic_from=i - 1)]
    return []


def _asks(text: str) -> bool:
    return bool(_ASKED.search(text) and _ASKS_FOR.search(text))


def find(segs: list[Segment], i: int) -> list[Hit]:
    """An answer that offers what the question asked for, or says when an awaited document will come."""
    seg = segs[i]
    if seg.role == "text":
        return _narrative_offer(segs, i)
    if seg.role != "answer" or seg.question < 0:
        return []
    q = segs[seg.question]
    first = i == seg.question + 1 or segs[i - 1].block != seg.block
    if _NO.match(seg.text):
        return []
    if _ASKS_FOR.search(q.text) and first and _OFFER.search(seg.text):
        verb = "share"
        return [Hit(i, q.start, seg.end, "question_offer", 0.75, seg.start, verb=verb, topic_from=seg.question)]
    if _DOCUMENT.search(q.text) and _WHERE_WHEN.search(q.text) and _LATER.search(seg.text) \
            and not re.match(r"(?i)initial\s+plans", seg.text):
        return [Hit(i, seg.start, seg.end, "question_date", 0.65, seg.start, verb="provide", kind="information_request",
                    topic_from=seg.question)]
    return []

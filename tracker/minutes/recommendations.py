"""Recommendations the committee makes to another body: 'RECOMMENDED to Cabinet that ...', 'The Committee recommends to
Cabinet that ...', 'That Cabinet be recommended to ...', 'RESOLVED to recommend to Council that ...'.

Each is an undertaking of the committee (its chair or scrutiny officer carries it) owed to the body named, titled
'Recommend to Cabinet that ...'. A recommendation merely reported ('the report recommended that ...', 'Cabinet had
recommended ...') is not one: the words before the verb must be the committee's own decision, or nothing at all.
"""

from __future__ import annotations

import re

from tracker.minutes import clauses
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import ROLE_NOUN
from tracker.minutes.structure import Segment

_MAX_PER_SENTENCE = 6
KIND = "recommendation_to_another_body"
_CAP = r"[A-Z][\w'’&.-]*"
# The body recommended to: 'Cabinet', 'the Executive', 'full Council', 'the Cabinet Member for Adult Social Care',
# 'the Integrated Care Board (ICB)', 'NHS England', 'the Secretary of State for Health and Social Care'.
_BODY = (rf"(?P<body>(?!(?i:that|it|this|these|those|members|councillors)\b)(?:[Tt]he\s+)?(?:[Ff]ull\s+)?"
         rf"(?:{_CAP}|(?i:council|cabinet|executive|government|partners))"
         rf"(?:\s+(?:{_CAP}|\([A-Z]{{2,8}}\)|of|for|and|&|the|on|in)){{0,10}}?)")
# The committee's own decision before the verb: nothing, 'RESOLVED (to)', 'AGREED: That the Panel', '(c)', 'and to',
# 'The Committee (also) (agreed to|would|will)', 'It was agreed that the Committee would'.
_BY = (r"(?P<by>(?:[Tt]he\s+)?(?:(?:[A-Z][\w'’&-]*|and|of|&)\s+){0,6}(?:[Cc]ommittee|[Pp]anel|[Bb]oard|[Ss]ub-[Cc]ommittee|"
       r"[Cc]ommission|[Ff]orum)|[Mm]embers|[Ww]e)")
_BEFORE = re.compile(
    r"^\s*(?i:(?:(?:it\s+was|members)\s+)?(?:resolved|agreed|decided|decision)(?:\s+(?:unanimously|accordingly))?\b[\s:–—-]*)?"
    r"(?:\(\w{1,4}\)\s*|\w{1,4}[.)]\s+)?(?i:and\s+)?(?i:that\b[\s:–—-]*)?"
    rf"(?:{_BY}\s+)?(?i:(?:(?:also|therefore|further|formally|unanimously|then|accordingly)\s+)*"
    r"(?:(?:agreed|agrees|resolved|resolves|decided|decides|voted|wished|wishes)\s+(?:unanimously\s+)?"
    r"(?:to\s+|that\s+(?:it|they|we)\s+(?:would|will|shall|should)\s+)|(?:would|will|shall|should|to)\s+)?)$")
_THAT = r"(?:\s*,?\s*(?:that\b[\s:–—-]*|[:–—-]+\s*(?:that\b[\s:–—-]*)?))"
# 'recommends to Cabinet that ...', 'RECOMMENDED to Cabinet: that ...', 'agreed to recommend to the Executive that ...'.
_ACTIVE = re.compile(rf"\b(?:recommend(?:s|ed)?|RECOMMEND(?:S|ED)?|Recommend(?:s|ed)?)(?:\s*[:–—-])?\s+to\s+{_BODY}"
                     rf"(?:{_THAT}|\s+(?=to\s+[a-z]))")
# 'RESOLVED that it be recommended to Cabinet that ...'.
_IT_BE = re.compile(rf"\bit\s+be\s+recommended\s+to\s+{_BODY}{_THAT}")
# 'That Cabinet be recommended to retain the service', 'RESOLVED – That the Executive be recommended to:'.
_BE_RECOMMENDED = re.compile(rf"{_BODY}\s+be\s+recommended\s+to\b(?:\s*[:–—-]+)?\s*"
                             r"(?=(?!(?:the|a|an|full|council|cabinet|executive|government|partners|officers)\b)[a-z]+\b|$)")
# 'That the draft Housing Strategy be recommended to Cabinet for approval'.
_OBJECT_BE = re.compile(rf"(?P<obj>\b(?i:the|a|an|this|these|its|their)\s+[^;:]{{2,120}}?)\s+be\s+recommended\s+to\s+{_BODY}"
                        r"(?=\s+for\s+|\s*[.;,]|\s*$)")
# 'RECOMMENDED – That Council approve the revised scheme': after the word alone, a decision-making body as the subject.
_DECIDER = (r"(?P<body>(?:the\s+)?(?:[Ff]ull\s+)?(?:Council|Cabinet(?:\s+Member(?:\s+for(?:\s+(?:[A-Z][\w'’&-]*|and|&))+)?)?|"
            r"Executive|Leader(?:\s+of\s+the\s+Council)?|Mayor|Portfolio\s+Holder(?:\s+for(?:\s+(?:[A-Z][\w'’&-]*|and|&))+)?))")
_RECOMMENDED_THAT = re.compile(rf"^\s*(?:RECOMMENDED|Recommended)\b[\s:–—-]*(?i:that\b[\s:–—-]*){_DECIDER}\s+(?=[a-z]+\b)")
# The label of a listed part: '(a)', 'b)', '2.'.
_LABEL = re.compile(r"^\s*(?:\(\w{1,4}\)|\w{1,4}[.)])\s+")
# A later part of the same sentence that names its own doer is that doer's action, not part of the recommendation.
_DOER = re.compile(rf"(?i)\bofficers\b|\bclerk\b|\bchair(?:man)?\b|{ROLE_NOUN}")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).strip(" ;,.:")


def _hit(seg: Segment, i: int, start: int, end: int, anchor: int, title: str, by: str) -> Hit:
    owner = "" if not by or re.fullmatch(r"(?i)we", by) else by
    return Hit(i, seg.start + start, seg.start + end, "recommendation", 0.9, seg.start + anchor, verb="recommend",
               owner=owner, kind=KIND, title=title, resolution=seg.resolution)


def _parts(seg: Segment, i: int, at: int, body: str, intro: str, clause_start: int, by: str) -> list[Hit]:
    """One hit per part of what is recommended from `at` ('X be reviewed, and that Y be frozen'); a later part that
    names its own doer ('; and that officers circulate ...') is left to the other rules."""
    out: list[Hit] = []
    for n, (off, part) in enumerate(clauses.split(seg.text[at:])):
        what = _words(part)
        if len(what.split()) < 2:
            break
        if n:
            c = clauses.analyse(part)
            if c is not None and c.action and not c.passive and _DOER.search(c.subject):
                break
        title = f"Recommend to {body} {intro if n == 0 else 'that '}{what}"
        end = at + off + len(part.rstrip(" ;.,"))
        out.append(_hit(seg, i, clause_start if n == 0 else at + off, end, at + off, title, by))
        if len(out) >= _MAX_PER_SENTENCE:
            break
    return out


def _clause_start(text: str, pos: int) -> tuple[int, str]:
    """Where the clause holding `pos` starts (after the last ';' before it), and its words up to `pos`."""
    cut = text.rfind(";", 0, pos)
    start = cut + 1 if cut >= 0 else 0
    return start, text[start:pos]


def _openings(text: str) -> list[tuple[re.Match[str], str, str]]:
    """Each recommendation in a sentence as (match, intro, who recommends), when the committee itself makes it."""
    found: list[tuple[re.Match[str], str, str]] = []
    for pattern, intro in ((_ACTIVE, "that "), (_IT_BE, "that "), (_BE_RECOMMENDED, "that it ")):
        for m in list(pattern.finditer(text))[:_MAX_PER_SENTENCE]:
            b = _BEFORE.match(_clause_start(text, m.start())[1])
            if b is None:
                continue
            to_verb = pattern is _ACTIVE and text.startswith("to ", m.end())  # 'recommend to Cabinet to approve ...'
            found.append((m, "that it " if to_verb else intro, b.group("by") or ""))
    m = _RECOMMENDED_THAT.match(text)
    if m:
        found.append((m, "that it ", ""))
    return found


def _lists(text: str, m: re.Match[str]) -> bool:
    """True when nothing follows the opening but a colon: what is recommended is listed below it."""
    return not text[m.end():].strip(" \t:–—-")


def find(seg: Segment, i: int, opener: Segment | None = None) -> list[Hit]:
    """The recommendations to another body in one sentence; `opener` is the sentence that introduced this one as a
    listed part ('RECOMMENDED to Cabinet that:'), if any."""
    t = seg.text
    out: list[Hit] = []
    listed = [o for o in _openings(opener.text) if _lists(opener.text, o[0])] if opener is not None else []
    if listed:
        m, intro, by = listed[-1]
        label = _LABEL.match(t)
        at = label.end() if label else 0
        at += len(re.match(r"(?i)(?:that\b[\s:–—-]*|to\s+(?=[a-z]))?", t[at:]).group(0))
        return _parts(seg, i, at, _words(m.group("body")), intro, 0, by)
    for m, intro, by in _openings(t):
        at = m.end() + (3 if intro == "that it " and t.startswith("to ", m.end()) else 0)
        out.extend(_parts(seg, i, at, _words(m.group("body")), intro, _clause_start(t, m.start())[0], by))
    for m in _OBJECT_BE.finditer(t):
        start, before = _clause_start(t, m.start())
        if _BEFORE.match(before) is None:
            continue
        tail = t[m.end():]
        cut = re.search(r";|\.\s*$|$", tail)
        purpose = _words(tail[:cut.start()])
        title = f"Recommend {_words(m.group('obj'))} to {_words(m.group('body'))}" + (f" {purpose}" if purpose else "")
        out.append(_hit(seg, i, start, m.end() + len(tail[:cut.start()].rstrip(" ;.,")), m.start(), title, ""))
    return [h for n, h in enumerate(out) if not any(k.start < h.end and h.start < k.end for k in out[:n])]


def opener_for(segs: list[Segment], i: int) -> Segment | None:
    """The sentence ('RECOMMENDED to Cabinet that:') that segs[i] is a listed part of, if it is one."""
    seg = segs[i]
    if not _LABEL.match(seg.text) and not re.match(r"\s*(?:that\s|[a-z])", seg.text):
        return None
    for k in range(i - 1, max(-1, i - 12), -1):
        prev = segs[k]
        if prev.item != seg.item or prev.role == "row":
            return None
        if any(_lists(prev.text, m) for m, _, _ in _openings(prev.text)):
            return prev
        if prev.role == "heading":
            return None
        if not _LABEL.match(prev.text) and not re.match(r"\s*(?:that\s|[a-z])", prev.text):
            return None
    return None

"""Requests: 'Members requested that ...', 'the Chair asked officers to ...', 'the Panel requested a breakdown'."""

from __future__ import annotations

import re
from itertools import islice

from tracker.minutes import agreement, clauses
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import NON_ACTION, REQUESTER, ROLE_NOUN, is_action_verb, lemma
from tracker.minutes.structure import Segment
from tracker.minutes.subjects import clause_end, new_hit, subject_before

_MAX_PER_SENTENCE = 6
_REQUEST = re.compile(r"\b(?<!was )(?<!were )(?<!be )(?<!is )(?<!are )(?<!been )(?:requested|requests|request|asked|asks|sought|seeks|called\s+for|calls\s+for)\b\s+", re.I)
_QUESTION_WORDS = re.compile(r"(?i)^\s*(?:about|whether|how|what|if|why|when|who|where|which|questions?|assurance|reassurance|clarity|views|comments)\b")
_INFO_NP = re.compile(r"(?i)^\s*(?:(?:a|an|the|some|more|further|any|all|up-to-date|latest|detailed|written)\s+)*(?:\w+\s+){0,3}?"
                      r"(?:breakdown|copy|copies|list|report|update|analysis|map|mapping|figures?|information|details|data|briefing|note|"
                      r"summary|comparison|review|evaluation|assessment|explanation|response|timetable|plan|paper|presentation|visit|"
                      r"numbers?|statistics|sight|feedback|evidence|examples)\b")
_SHOULD_SHOW = re.compile(r"(?i)^(?P<np>(?:[\w'’-]+\s+){1,6}?)(?:should\s+)?(?P<v>show|include|contain|cover|reflect|set\s+out)\b")


def _document_wish(part: str) -> clauses.Clause | None:
    """'that future reports show the trend': a request about what a document will contain."""
    m = _SHOULD_SHOW.match(part)
    if not m:
        return None
    return clauses.Clause("ensure", 0, False, "", " " + part[:clause_end(part, 0)], "", True)


def asked_before(text: str, pos: int) -> bool:
    """True when a request ('asked for', 'requested') comes earlier in the sentence than `pos`; the noun ('With regard to
    the request made at the last meeting, ...') names an earlier request and asks for nothing here."""
    return any(not _QUESTION_WORDS.match(text[m.end():])
               and not _named(text, m)
               for m in _REQUEST.finditer(text, 0, pos))


_NOUN_BEFORE = re.compile(r"(?i)\b(?:the|a|an|this|that|its|their|his|her|our|any|previous|earlier|outstanding|members['’])\s+$")


def _named(text: str, m: re.Match[str]) -> bool:
    """True for the noun 'request' after an article ('the request made at the last meeting'), not the verb."""
    return m.group(0).strip().lower() in ("request", "requests") and bool(_NOUN_BEFORE.search(text, 0, m.start()))


def find(seg: Segment, i: int) -> list[Hit]:
    """'Members requested that ...', 'the Chair asked officers to ...', 'the Panel requested a breakdown of ...'."""
    t, out = seg.text, []
    taken_on: list[tuple[int, str]] = []  # (index of the first hit of a request in `out`, who agreed to it)
    for m in islice(_REQUEST.finditer(t), _MAX_PER_SENTENCE):
        if _named(t, m):
            continue  # 'the request made at the last meeting': an earlier request named, not one made here
        # '..., and the Head of Service agreed to do so': what was asked for, and who took it on.
        rest, agreed_by = agreement.split_tail(t[m.end():])
        taken_on.append((len(out), agreed_by))
        if _QUESTION_WORDS.match(rest) or re.match(r"(?i)(?:to\s+)?(?:note|endorse|comment)\b", rest):
            continue
        who = subject_before(t, m.start())
        if who and not re.fullmatch(REQUESTER + r"|it|this|that", who, re.I) and not re.match(r"(?i)it\s+be$", who):
            if not re.match(r"(?i)(?:the\s+)?[A-Z]", who):
                continue
        raised = "" if who.lower() in ("it", "it be", "that", "this") else who
        if re.match(r"(?i)that\s+", rest):
            for off, part in clauses.split(rest[5:]):
                c = clauses.analyse(part) or _document_wish(part)
                if c and c.action:
                    h = new_hit(seg, i, "request", 0.85, m.end() + 5 + off + c.verb_start, c, raised_by=raised)
                    h.owner = "" if c.passive else c.subject
                    if off:
                        h.start = seg.start + m.end() + 5 + off
                    out.append(h)
            continue
        pm = re.match(r"(?i)to\s+be\s+(?P<v>\w+ed|sent|kept|given)\b", rest)
        if pm and is_action_verb(pm.group("v")):
            c = clauses.Clause(lemma(pm.group("v")), 0, True, re.sub(r"^The\b", "the", raised) or "the Committee",
                               rest[pm.end():clause_end(rest, pm.end())], "", True)
            out.append(new_hit(seg, i, "request", 0.8, m.end(), c, raised_by=raised))
            continue
        tm = re.match(r"(?i)(?P<np>(?:the\s+|an?\s+)?[\w'’ ,&()-]{0,80}?)\s*\bto\s+(?P<v>[a-z][a-z-]*)", rest)
        if tm and is_action_verb(tm.group("v")) and tm.group("v").lower() not in NON_ACTION and len(tm.group("np").split()) <= 10:
            c = clauses.analyse(rest[tm.start("v"):clause_end(rest, tm.start("v"))])
            if c and not c.action and c.verb in ("consider", "receive", "review"):
                c = clauses.Clause(c.verb, c.verb_start, c.passive, c.subject, c.rest, c.particle, True)
            if c and c.action:
                np = tm.group("np").strip()
                owner = np if re.search(ROLE_NOUN, np) or re.match(r"(?i)(?:the\s+)?(?:officers|clerk|council|trust|icb|ccg|cabinet|both|all)\b", np) \
                    or re.match(r"(?i)(?:the\s+)?(?:[A-Z][\w'’-]*\s*)+$", np) else ""
                out.append(new_hit(seg, i, "request", 0.85, m.end() + tm.start("v"), c, owner=owner, raised_by=raised))
                continue
        # 'requested a further update be scheduled', 'asked for the guidance to be circulated to members'
        c = clauses.analyse(re.sub(r"(?i)^for\s+", "", rest[:clause_end(rest, 0)]))
        if c and c.action and c.passive:
            out.append(new_hit(seg, i, "request", 0.85, m.end() + c.verb_start, c, raised_by=raised))
            continue
        if re.match(r"(?i)(?:for\s+)?(?:sight\s+of|a\s+copy|copies)\b", rest) or _INFO_NP.match(re.sub(r"(?i)^for\s+", "", rest)):
            np = re.sub(r"(?i)^for\s+", "", rest)
            verb = "share" if re.match(r"(?i)sight\s+of", np) else "provide"
            np = re.sub(r"(?i)^sight\s+of\s+", "", np)
            np = re.sub(r"\s+to\s+be\s+(?=\w+(?:ed|en|wn)\b)", " ", np[:clause_end(np, 0)])  # 'the data to be broken down by band'
            c = clauses.Clause(verb, 0, False, "", " " + np, "", True)
            out.append(new_hit(seg, i, "request", 0.8, m.end(), c, raised_by=raised))
            continue
        sm = re.match(r"(?i)(?P<np>(?:both|all|the|each)\s+[\w ]{0,60}?)\s+(?P<v>[a-z]+)\b", rest)
        if sm and is_action_verb(sm.group("v")) and not sm.group("v").lower().endswith(("ed", "ing", "s")):
            c = clauses.analyse(rest[sm.start("v"):clause_end(rest, sm.start("v"))])
            if c and c.action:
                out.append(new_hit(seg, i, "request", 0.85, m.end() + sm.start("v"), c, owner=sm.group("np"), raised_by=raised))
    for k, (first, who) in enumerate(taken_on):
        for h in out[first:taken_on[k + 1][0] if k + 1 < len(taken_on) else len(out)]:
            if who and (not h.owner or re.fullmatch(r"(?i)(?:the\s+)?officers", h.owner.strip())):
                h.owner = who
    return out

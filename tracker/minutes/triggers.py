"""Sentence rules: commitments, 'would' clauses, 'it was agreed that', requests, action notes, work programme."""

from __future__ import annotations

import re
from itertools import islice

from tracker.minutes import agreement, clauses, requests, resolutions
from tracker.minutes.dues import find_dues
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import COMMITTEE_CUE, NON_ACTION, ROLE_NOUN, VERBS, is_action_verb, is_strong, lemma
from tracker.minutes.structure import Segment
from tracker.minutes.subjects import BOUNDARY, SAID, clause_end, new_hit, subject_before, verb_clause

_MAX_PER_SENTENCE = 6  # no real sentence holds more undertakings; a garbled one must not cost quadratic time
_COMMIT = re.compile(
    r"\b(?:undert(?:ook|akes)|agreed|agrees|offered|offers|promised|promises|committed|commits|pledged|volunteered|"
    r"(?:was|were|is|are|be)\s+(?:asked|requested|tasked)|(?:would\s+be|was|were|is|are)\s+(?:happy|pleased|willing|keen|glad)|"
    r"gave\s+(?:an?\s+|her\s+|his\s+|their\s+)?(?:undertaking|commitment|assurance)|made\s+a\s+commitment|"
    r"accepted\s+an?\s+action|took\s+(?:an|the)\s+action)\s+(?:(?:also|therefore|further|then|both|jointly)\s+)?to\s+"
    r"(?P<v>[a-z][a-z-]*)", re.I)
_BOARD = re.compile(r"\btook\s+on\s+board\s+(?:a|the|this|that)?\s*(?:request|suggestion|point|comment|concern|action)s?\b", re.I)
# What an agreeing verb leaves to the request before it: nothing, or 'it' or 'this' with at most a time.
_TAKEN_ON = re.compile(r"(?i)^\s*(?:(?:it|this|these|them|so)\b(?:\s+(?:by|after|before|at|in|within|following)\b[^,;]*)?)?[\s.]*$")
# 'would', 'will', 'shall', their contractions ('I'll', 'she'd') and 'was to be' ('Members were to be provided with').
_MODAL = re.compile(r"(?:\b(?:would|will|shall)|(?<=[A-Za-z])(?P<short>['’](?:ll|d))|\b(?:was|were|is|are)\s+to(?=\s+be\s))\s+"
                    r"(?:(?:also|then|now|therefore|personally|certainly)\s+)?(?P<be>be\s+)?(?P<v>[a-z][a-z-]*)\b", re.I)
_AGREED_THAT = re.compile(r"\b(?:agreed|agrees|resolved|decided|it\s+(?:be|was|is)\s+(?:requested|asked))(?:\s*[:–—-])?\s+that\b", re.I)
_MILESTONE = re.compile(
    r"(?i)\b(?:inaugural|first|initial|special|launch)\s+(?:meeting|event|session)\s+of\s+(?:the\s+)?[\w\s&'’()-]{2,80}?\s+"
    r"(?:will|would|is\s+to|is\s+scheduled\s+to|is\s+planned\s+to|is\s+due\s+to)\s+(?:be\s+held|take\s+place|meet)\b")
_NOTE_STYLE = re.compile(r"^(?:(?i:actions?(?:\s+points?)?)\s*[:\-–—]\s*)?(?:(?:the\s+)?(?:[A-Z][\w'’&/-]*|of|for|and|&|the|\([^)]*\))"
                         r"(?:\s+(?:[A-Z][\w'’&/-]*|of|for|and|&|the|in|\([^)]*\))){0,12}"
                         r"|officers|the\s+clerk|clerk)\s+to\s+(?P<v>[a-z][a-z-]*)\b")
_WORK_PROGRAMME = re.compile(
    r"(?i)\b(?:work\s*programme|work\s+plan|forward\s+(?:work\s+)?plan|standalone\s+item|stand-alone\s+item|"
    r"(?:specific|separate|dedicated|future|development|informal|joint|themed)\s+(?:development\s+)?session|"
    r"task\s+(?:and|&)\s+finish\s+group|future\s+(?:meeting|agenda)|(?:agenda|future)\s+item)\b")
_WP_NOT = re.compile(r"(?i)\b(?:presented|introduced|considered|discussed|reviewed|noted|approved|agreed|endorsed)\s+(?:the|its)\s+"
                     r"(?:draft\s+)?(?:\w+\s+)?(?:work\s*programme|work\s+plan|forward\s+plan)|work\s*programme(?:\s+\S+){0,6}\s+be\s+(?:approved|agreed|noted)"
                     r"|(?:programme|plan)\s+was\s+too\b|\bfelt\b|\b(?:cabinet|executive)['’]s\s+forward\s+plan\b|^it\s+was\s+noted\b"
                     r"|\bcould\s+be\s+called\b|\bas\s+(?:and\s+when\s+)?necessary\b|\bif\s+(?:needed|necessary|required)\b")

# A sentence that only mentions the work programme ('the work programme was already very full', a heading 'Future agenda
# items') is no item for it: someone must propose, ask for, agree or offer one.
_WP_PROPOSED = re.compile(
    r"(?i)\b(?:proposed|suggested|agreed|requested|asked|recommended|resolved|decided|undertook|offered)\b"
    r"|\b(?:be|being)\s+(?:added|included|scheduled|considered|looked\s+at|scoped|brought|programmed|timetabled)\b"
    r"|\b(?:may|might|could|would|will)\s+be\s+(?:something|included|added|scheduled|considered|brought|picked\s+up)\b|\bto\s+come\s+to\b")


def find(seg: Segment, i: int) -> list[Hit]:
    """Every rule that fires on one sentence, strongest first."""
    t = seg.text
    hits: list[Hit] = []
    for m in islice(_COMMIT.finditer(t), _MAX_PER_SENTENCE):
        v = m.group("v")
        if lemma(v) in ("do", "note") or v.lower() in NON_ACTION or not is_action_verb(v):
            continue
        if re.search(r"(?i)\b(?:not|declined|unable|refused)\b(?:(?!\b(?:and|but)\b)[^.,;]){0,20}$", t[:m.start()]):
            continue  # 'did not agree to', but not 'this was not yet available and undertook to'
        c = verb_clause(t, m)
        if c is None:
            continue
        who = re.sub(r"(?i)^(?:to\s+)?which\s+", "", subject_before(t, m.start()))
        if _TAKEN_ON.match(c.rest) and requests.asked_before(t, m.start()):
            continue  # 'X asked for Y, and the Director agreed to provide it': the request says what, and takes the owner
        asked = re.match(r"(?i)(?:was|were|is|are|be)\s+(?:asked|requested|tasked)", m.group(0))
        hits.append(new_hit(seg, i, "commitment", 0.9 if not asked else 0.85, m.start("v"), c, owner=who))
    for m in _BOARD.finditer(t):
        rest = t[m.end():clause_end(t, m.end())]
        if re.match(r"\s*(?:and|,)\s+(?:would|will|agreed|undertook)\b", rest):
            continue  # the commitment that follows is read by its own rule
        pm = re.search(r"\bfor\s+(?P<obj>.{1,80}?)\s+to\s+be\s+(?P<v>\w+)(?:\s+(?P<p>out|up|back))?", rest)
        to = re.match(r"\s*to\s+(?P<v>[a-z][a-z-]*)\b", rest)  # 'took on board a request to provide the Committee with ...'
        c = verb_clause(rest, to) if to and is_action_verb(to.group("v")) else None
        if c is None and pm:
            obj = pm.group("obj")
            c = clauses.Clause(lemma(pm.group("v")), 0, True, "" if obj.lower() in ("this", "it", "these") else obj,
                               rest[pm.end():], pm.group("p") or "", True)
        elif c is None:
            c = clauses.Clause("consider", 0, False, "", " " + rest.strip(), "", True)
        hits.append(new_hit(seg, i, "took_on_board", 0.85, m.start(), c, owner=subject_before(t, m.start())))
    for m in _AGREED_THAT.finditer(t):
        for off, part in clauses.split(t[m.end():]):
            c = clauses.analyse(part)
            if c and c.action:
                # 'The Cabinet Member agreed that a breakdown would be sent': whoever agreed sends it.
                who = agreement.who(subject_before(t, m.start())) if c.passive else ""
                h = new_hit(seg, i, "agreed_that", 0.85, m.end() + off + c.verb_start, c, owner=who)
                if off:
                    h.start = seg.start + m.end() + off
                h.end = seg.start + m.end() + off + len(part.rstrip())
                hits.append(h)
    hits.extend(requests.find(seg, i))
    mm = _MILESTONE.search(t)
    if mm and find_dues(t[mm.end():], None):
        event = re.split(r"(?i)\s+(?:will|would|is)\s", mm.group(0))[0]
        hits.append(new_hit(seg, i, "milestone", 0.7, mm.start(), None, kind="milestone",
                         title="Hold the " + event[0].lower() + event[1:]))
    for m in islice(_MODAL.finditer(t), _MAX_PER_SENTENCE):
        hit = _modal(seg, i, m)
        if hit:
            hits.append(hit)
    m = _NOTE_STYLE.match(t)
    if m and is_action_verb(m.group("v")) and m.group("v").lower() not in NON_ACTION and not _imperative(t):
        c = verb_clause(t, m)
        if c:
            who = re.sub(r"(?i)^actions?(?:\s+points?)?\s*[:\-–—]\s*", "", t[:m.start("v")].strip()[:-2].strip())
            hits.append(new_hit(seg, i, "action_note", 0.8, m.start("v"), c, owner=who))
    if not hits:  # 'Members agreed the work programme, with the addition of a site visit to ...'
        hits.extend(resolutions.additions(seg, i))
    if _WORK_PROGRAMME.search(t) and _WP_PROPOSED.search(t) and not _WP_NOT.search(t) and not hits:
        hits.append(new_hit(seg, i, "work_programme", 0.7, 0, None, kind="work_programme_item"))
    return hits


def _imperative(t: str) -> bool:
    """'Arrange for the Panel to meet ...' is an action in the imperative, not 'owner to act'."""
    first = re.match(r"\W*([A-Za-z]+)", t)
    return bool(first) and first.group(1).lower() in VERBS and not re.match(r"(?i)\W*actions?\b", t)


def _modal(seg: Segment, i: int, m: re.Match[str]) -> Hit | None:
    """'would circulate', 'would be provided': an undertaking when the verb and its aim say so."""
    t, v = seg.text, m.group("v")
    if v.lower() in NON_ACTION or not is_action_verb(v) or v.lower() in ("continue", "need", "be", "not", "like", "want"):
        return None
    if m.group("short") and m.group("short")[1:].lower() == "d" and not m.group("be") and lemma(v) != v.lower():
        return None  # 'she'd shared': 'had', not 'would'
    if m.group("be") and not re.search(r"(?:ed|en)$", v.lower()) and v.lower() not in ("sent", "brought", "held", "made", "set", "put", "sought"):
        return None  # 'would be reviewing': a description of work, not a promise
    before = t[:m.start()]
    said = list(SAID.finditer(before))  # 'The officer confirmed the information would be sent': the clause after 'confirmed'
    clause_start = max([b.end() for b in BOUNDARY.finditer(before)] + [said[-1].end() if said else 0])
    if re.search(r"(?i)\b(?:whether|if|how|what|when|why|once|until|unless)\b", before[clause_start:]):
        return None
    end = clause_end(t, m.start("v"))
    c = clauses.analyse(t[clause_start:end]) if m.group("be") else verb_clause(t, m)
    if c is None or not c.action:
        return None
    aim = t[m.start():end]
    verb = c.verb
    needs_particle = {"come": r"back|to\s+the", "get": r"back|.*\bto\s+(?:you|members|councillors|the\s+(?:committee|panel|board|clerk))\b", "look": r"into|at", "find": r"out", "take": r"away|back|forward|\w+\s+(?:away|back)",
                      "pick": r"up|\w+\s+up", "feed": r"back", "follow": r"up|\w+\s+up", "let": r"\w+(?:\s+\w+)?\s+know",
                      "keep": r"\w+(?:\s+\w+)?\s+(?:informed|updated|posted|abreast)", "make": r".*\bavailable", "pass": r"on|back|to",
                      "give": r".*\b(?:to|members|committee|board|panel)\b", "meet": r"(?:with\s+)?(?:members|the|ward|councillors)"}
    if verb in needs_particle and not re.match(r"\s+(?:" + needs_particle[verb] + ")", c.particle and " " + c.particle + c.rest or c.rest):
        return None
    subject = c.subject if m.group("be") else subject_before(t, m.start())
    strong = is_strong(verb) and (verb != "provide" or not re.match(r"(?i)\s*(?:the\s+)?(?:opportunity|savings|cost|a\s+platform)", c.rest))
    passed_on = re.match(r"\s+(?:(?!to\b)[\w'’-]+\s+){1,10}?(?:to\s+(?P<v>[a-z]+)|for)\b", c.rest) \
        if verb in ("ask", "request") and not c.passive else None
    if passed_on and (not passed_on.group("v") or is_strong(passed_on.group("v"))):
        strong = True  # 'she would ask officers to provide a briefing': a request passed on is a promise to see it met
    cue = bool(COMMITTEE_CUE.search(aim)) or bool(re.search(r"(?i)\b(?:agreed|accepted|undertook|offered|promised)\b", before)) \
        or (verb == "invite" and bool(re.search(ROLE_NOUN, c.rest)))
    if not strong and not cue:
        return None
    conf = 0.75 if strong and cue else 0.65 if strong else 0.6
    # 'The Director said that this would be provided': the role that says a thing will be done, in answer, undertakes it.
    speaker = agreement.who(subject_before(t, said[-1].start())) if m.group("be") and said and said[-1].end() >= clause_start else ""
    h = new_hit(seg, i, "modal", conf, m.start(), c, owner=speaker if m.group("be") else subject, strong=strong and cue or strong)
    h.subject = subject
    return h

"""Sentence rules: commitments, 'would' clauses, 'it was agreed that', requests, action notes, work programme."""

from __future__ import annotations

import re
from itertools import islice

from tracker.minutes import clauses
from tracker.minutes.dues import find_dues
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import COMMITTEE_CUE, NON_ACTION, REQUESTER, ROLE_NOUN, is_action_verb, is_strong, lemma
from tracker.minutes.structure import Segment

_MAX_PER_SENTENCE = 6  # no real sentence holds more undertakings; a garbled one must not cost quadratic time
_COMMIT = re.compile(
    r"\b(?:undert(?:ook|akes)|agreed|agrees|offered|offers|promised|promises|committed|commits|pledged|volunteered|"
    r"(?:was|were|is|are|be)\s+(?:asked|requested|tasked)|(?:would\s+be|was|were|is|are)\s+(?:happy|pleased|willing|keen|glad)|"
    r"gave\s+(?:an?\s+|her\s+|his\s+|their\s+)?(?:undertaking|commitment|assurance)|made\s+a\s+commitment|"
    r"accepted\s+an?\s+action|took\s+(?:an|the)\s+action)\s+(?:(?:also|therefore|further|then|both|jointly)\s+)?to\s+"
    r"(?P<v>[a-z][a-z-]*)", re.I)
_BOARD = re.compile(r"\btook\s+on\s+board\s+(?:a|the|this|that)?\s*(?:request|suggestion|point|comment|concern|action)s?\b", re.I)
_MODAL = re.compile(r"\b(?:would|will|shall)\s+(?:(?:also|then|now|therefore|personally|certainly)\s+)?(?P<be>be\s+)?(?P<v>[a-z][a-z-]*)\b", re.I)
_AGREED_THAT = re.compile(r"\b(?:agreed|agrees|resolved|decided|it\s+(?:be|was|is)\s+(?:requested|asked))\s+that\b", re.I)
_MILESTONE = re.compile(
    r"(?i)\b(?:inaugural|first|initial|special|launch)\s+(?:meeting|event|session)\s+of\s+(?:the\s+)?[\w\s&'’()-]{2,80}?\s+"
    r"(?:will|would|is\s+to|is\s+scheduled\s+to|is\s+planned\s+to|is\s+due\s+to)\s+(?:be\s+held|take\s+place|meet)\b")
_REQUEST = re.compile(r"\b(?<!was )(?<!were )(?<!be )(?:requested|requests|request|asked|asks|sought|seeks|called\s+for|calls\s+for)\b\s+", re.I)
_NOTE_STYLE = re.compile(r"^(?:(?:the\s+)?(?:[A-Z][\w'’&/-]*|of|for|and|&|the|\([^)]*\))(?:\s+(?:[A-Z][\w'’&/-]*|of|for|and|&|the|\([^)]*\))){0,12}"
                         r"|officers|the\s+clerk|clerk)\s+to\s+(?P<v>[a-z][a-z-]*)\b")
_WORK_PROGRAMME = re.compile(
    r"(?i)\b(?:work\s*programme|work\s+plan|forward\s+(?:work\s+)?plan|standalone\s+item|stand-alone\s+item|"
    r"(?:specific|separate|dedicated|future|development|informal|joint|themed)\s+(?:development\s+)?session|"
    r"task\s+(?:and|&)\s+finish\s+group|future\s+(?:meeting|agenda)|(?:agenda|future)\s+item)\b")
_WP_NOT = re.compile(r"(?i)\b(?:presented|introduced|considered|discussed|reviewed|noted|approved|agreed|endorsed)\s+(?:the|its)\s+"
                     r"(?:draft\s+)?(?:\w+\s+)?(?:work\s*programme|work\s+plan|forward\s+plan)|work\s*programme(?:\s+\S+){0,6}\s+be\s+(?:approved|agreed|noted)"
                     r"|(?:programme|plan)\s+was\s+too\b|\bfelt\b|\b(?:cabinet|executive)['’]s\s+forward\s+plan\b|^it\s+was\s+noted\b")
_QUESTION_WORDS = re.compile(r"(?i)^\s*(?:about|whether|how|what|if|why|when|who|where|which|questions?|assurance|reassurance|clarity|views|comments)\b")
_INFO_NP = re.compile(r"(?i)^\s*(?:(?:a|an|the|some|more|further|any|all|up-to-date|latest|detailed|written)\s+)*(?:\w+\s+){0,3}?"
                      r"(?:breakdown|copy|copies|list|report|update|analysis|map|mapping|figures?|information|details|data|briefing|note|"
                      r"summary|comparison|review|evaluation|assessment|explanation|response|timetable|plan|paper|presentation|visit|"
                      r"numbers?|statistics|sight|feedback|evidence|examples)\b")
_SAID = re.compile(r"(?i)\b(?:said|explained|stated|confirmed|advised|reported|added|indicated|replied|responded|agreed|accepted|"
                   r"acknowledged|assured|promised|noted|suggested|felt)\s+(?:that\s+)?")
_BOUNDARY = re.compile(r"[;:]|\s[–—-]\s|\bthat\b|\bwho\b|,|\bbut\b|\bhowever\b|\bwhile\b|\bwhereas\b")
_LEAD_NP = re.compile(r"^\s*(?:(?:and|but|also|then|so|however)\s+)*(?P<np>(?:(?:the|a|an|both|all|our|their)\s+)?"
                      r"(?:[A-Z][\w'’&./-]*|[a-z]+)(?:\s+(?:[A-Z][\w'’&./-]*|of|for|and|the|in|on|with|&|\([^)]*\))){0,12})")


def subject_before(text: str, pos: int) -> str:
    """The words naming who does what follows `pos`: the noun phrase opening its clause."""
    pre = text[:pos]
    said = list(_SAID.finditer(pre))
    if said and said[-1].end() < pos:
        pre = pre[said[-1].end():]
    cuts = [m.end() for m in _BOUNDARY.finditer(pre)]
    chunk = pre[cuts[-1]:] if cuts else pre
    # '... was collected and she would': the subject after 'and'; '... accepted this and would': the sentence's own.
    tail = re.search(r"\band\s+((?:he|she|they|we|it|the\s+[A-Z]\w*|[a-z]+\s+)?[^,;]*)$", chunk)
    if tail and (not tail.group(1).strip() or re.match(r"(?:he|she|they|we|it|the\s+[A-Z])\b", tail.group(1))):
        chunk = tail.group(1) if tail.group(1).strip() else ""
        if not chunk:
            m = _LEAD_NP.match(text)
            return re.sub(r"\s+(?:and|of|for|the|with|in|on)$", "", m.group("np").strip()) if m else ""
    chunk = re.sub(r"\b(?:would|will|shall|had|has|have|was|were|did|could|also)\b.*$", "", chunk).strip()
    m = _LEAD_NP.match(chunk)
    np = m.group("np").strip() if m else ""
    if not np or np.split()[0].lower() in ("did", "was", "were", "had", "has", "explained", "said", "and"):
        m = _LEAD_NP.match(text)
        np = m.group("np").strip() if m else ""
    return re.sub(r"\s+(?:and|of|for|the|with|in|on)$", "", np)


def _clause_end(text: str, start: int) -> int:
    """Where the action clause that starts at `start` ends: before a new clause that is not part of it."""
    m = re.compile(r";|\s[–—]\s|,\s+(?:however|but|although|though|whereas|which|as)\b|\s+but\s+|\.\s*$").search(text, start)
    return m.start() if m else len(text.rstrip(" ."))


def _hit(seg: Segment, i: int, rule: str, conf: float, v_start: int, c: clauses.Clause | None = None, **kw: object) -> Hit:
    h = Hit(i, seg.start, seg.end, rule, conf, seg.start + v_start, resolution=seg.resolution, **kw)  # type: ignore[arg-type]
    if c is not None:
        h.verb, h.subject, h.rest, h.particle, h.passive = c.verb, c.subject, c.rest, c.particle, c.passive
    return h


def _verb_clause(text: str, m: re.Match[str], group: str = "v") -> clauses.Clause | None:
    end = _clause_end(text, m.start(group))
    return clauses.analyse(text[m.start(group):end])


def find(seg: Segment, i: int) -> list[Hit]:
    """Every rule that fires on one sentence, strongest first."""
    t = seg.text
    hits: list[Hit] = []
    for m in islice(_COMMIT.finditer(t), _MAX_PER_SENTENCE):
        v = m.group("v")
        if lemma(v) in ("do", "note") or v.lower() in NON_ACTION or not is_action_verb(v):
            continue
        if re.search(r"(?i)\b(?:not|declined|unable|refused)\b[^.]{0,20}$", t[:m.start()]):
            continue
        c = _verb_clause(t, m)
        if c is None:
            continue
        who = subject_before(t, m.start())
        asked = re.match(r"(?i)(?:was|were|is|are|be)\s+(?:asked|requested|tasked)", m.group(0))
        hits.append(_hit(seg, i, "commitment", 0.9 if not asked else 0.85, m.start("v"), c, owner=who))
    for m in _BOARD.finditer(t):
        rest = t[m.end():_clause_end(t, m.end())]
        pm = re.search(r"\bfor\s+(?P<obj>.{1,80}?)\s+to\s+be\s+(?P<v>\w+)(?:\s+(?P<p>out|up|back))?", rest)
        if pm:
            obj = pm.group("obj")
            c = clauses.Clause(lemma(pm.group("v")), 0, True, "" if obj.lower() in ("this", "it", "these") else obj,
                               rest[pm.end():], pm.group("p") or "", True)
        else:
            c = clauses.Clause("consider", 0, False, "", " " + rest.strip(), "", True)
        hits.append(_hit(seg, i, "took_on_board", 0.85, m.start(), c, owner=subject_before(t, m.start())))
    for m in _AGREED_THAT.finditer(t):
        for off, part in clauses.split(t[m.end():]):
            c = clauses.analyse(part)
            if c and c.action:
                h = _hit(seg, i, "agreed_that", 0.85, m.end() + off + c.verb_start, c)
                if off:
                    h.start = seg.start + m.end() + off
                h.end = seg.start + m.end() + off + len(part.rstrip())
                hits.append(h)
    hits.extend(_requests(seg, i))
    mm = _MILESTONE.search(t)
    if mm and find_dues(t[mm.end():], None):
        event = re.split(r"(?i)\s+(?:will|would|is)\s", mm.group(0))[0]
        hits.append(_hit(seg, i, "milestone", 0.7, mm.start(), None, kind="milestone",
                         title="Hold the " + event[0].lower() + event[1:]))
    for m in islice(_MODAL.finditer(t), _MAX_PER_SENTENCE):
        hit = _modal(seg, i, m)
        if hit:
            hits.append(hit)
    m = _NOTE_STYLE.match(t)
    if m and is_action_verb(m.group("v")) and m.group("v").lower() not in NON_ACTION:
        c = _verb_clause(t, m)
        if c:
            hits.append(_hit(seg, i, "action_note", 0.8, m.start("v"), c, owner=t[:m.start("v")].strip()[:-2].strip()))
    if _WORK_PROGRAMME.search(t) and not _WP_NOT.search(t) and not hits:
        hits.append(_hit(seg, i, "work_programme", 0.7, 0, None, kind="work_programme_item"))
    return hits


def _modal(seg: Segment, i: int, m: re.Match[str]) -> Hit | None:
    """'would circulate', 'would be provided': an undertaking when the verb and its aim say so."""
    t, v = seg.text, m.group("v")
    if v.lower() in NON_ACTION or not is_action_verb(v) or v.lower() in ("continue", "need", "be", "not", "like", "want"):
        return None
    if m.group("be") and not re.search(r"(?:ed|en)$", v.lower()) and v.lower() not in ("sent", "brought", "held", "made", "set", "put", "sought"):
        return None  # 'would be reviewing': a description of work, not a promise
    before = t[:m.start()]
    clause_start = max([b.end() for b in _BOUNDARY.finditer(before)] + [0])
    if re.search(r"(?i)\b(?:whether|if|how|what|when|why|once|until|unless)\b", before[clause_start:]):
        return None
    end = _clause_end(t, m.start("v"))
    c = clauses.analyse(t[clause_start:end]) if m.group("be") else _verb_clause(t, m)
    if c is None or not c.action:
        return None
    aim = t[m.start():end]
    verb = c.verb
    needs_particle = {"come": r"back|to\s+the", "get": r"back", "look": r"into|at", "find": r"out", "take": r"away|back|forward|\w+\s+(?:away|back)",
                      "pick": r"up|\w+\s+up", "feed": r"back", "follow": r"up|\w+\s+up", "let": r"\w+(?:\s+\w+)?\s+know",
                      "keep": r"\w+(?:\s+\w+)?\s+(?:informed|updated|posted|abreast)", "make": r".*\bavailable", "pass": r"on|back|to",
                      "give": r".*\b(?:to|members|committee|board|panel)\b", "meet": r"(?:with\s+)?(?:members|the|ward|councillors)"}
    if verb in needs_particle and not re.match(r"\s+(?:" + needs_particle[verb] + ")", c.particle and " " + c.particle + c.rest or c.rest):
        return None
    subject = c.subject if m.group("be") else subject_before(t, m.start())
    strong = is_strong(verb) and (verb != "provide" or not re.match(r"(?i)\s*(?:the\s+)?(?:opportunity|savings|cost|a\s+platform)", c.rest))
    cue = bool(COMMITTEE_CUE.search(aim)) or bool(re.search(r"(?i)\b(?:agreed|accepted|undertook|offered|promised)\b", before)) \
        or (verb == "invite" and bool(re.search(ROLE_NOUN, c.rest)))
    if not strong and not cue:
        return None
    conf = 0.75 if strong and cue else 0.65 if strong else 0.6
    h = _hit(seg, i, "modal", conf, m.start(), c, owner="" if m.group("be") else subject, strong=strong and cue or strong)
    h.subject = subject
    return h


_SHOULD_SHOW = re.compile(r"(?i)^(?P<np>(?:[\w'’-]+\s+){1,6}?)(?:should\s+)?(?P<v>show|include|contain|cover|reflect|set\s+out)\b")


def _document_wish(part: str) -> clauses.Clause | None:
    """'that future reports show the trend': a request about what a document will contain."""
    m = _SHOULD_SHOW.match(part)
    if not m:
        return None
    return clauses.Clause("ensure", 0, False, "", " " + part[:_clause_end(part, 0)], "", True)


def _requests(seg: Segment, i: int) -> list[Hit]:
    """'Members requested that ...', 'the Chair asked officers to ...', 'the Panel requested a breakdown of ...'."""
    t, out = seg.text, []
    for m in islice(_REQUEST.finditer(t), _MAX_PER_SENTENCE):
        rest = t[m.end():]
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
                    h = _hit(seg, i, "request", 0.85, m.end() + 5 + off + c.verb_start, c, raised_by=raised)
                    h.owner = "" if c.passive else c.subject
                    if off:
                        h.start = seg.start + m.end() + 5 + off
                    out.append(h)
            continue
        pm = re.match(r"(?i)to\s+be\s+(?P<v>\w+ed|sent|kept|given)\b", rest)
        if pm and is_action_verb(pm.group("v")):
            c = clauses.Clause(lemma(pm.group("v")), 0, True, raised or "the Committee", rest[pm.end():_clause_end(rest, pm.end())], "", True)
            out.append(_hit(seg, i, "request", 0.8, m.end(), c, raised_by=raised))
            continue
        tm = re.match(r"(?i)(?P<np>(?:the\s+|an?\s+)?[\w'’ ,&()-]{0,80}?)\s*\bto\s+(?P<v>[a-z][a-z-]*)", rest)
        if tm and is_action_verb(tm.group("v")) and tm.group("v").lower() not in NON_ACTION and len(tm.group("np").split()) <= 10:
            c = clauses.analyse(rest[tm.start("v"):_clause_end(rest, tm.start("v"))])
            if c and not c.action and c.verb in ("consider", "receive", "review"):
                c = clauses.Clause(c.verb, c.verb_start, c.passive, c.subject, c.rest, c.particle, True)
            if c and c.action:
                np = tm.group("np").strip()
                owner = np if re.search(ROLE_NOUN, np) or re.match(r"(?i)(?:the\s+)?(?:officers|clerk|council|trust|icb|ccg|cabinet|both|all)\b", np) \
                    or re.match(r"(?i)(?:the\s+)?(?:[A-Z][\w'’-]*\s*)+$", np) else ""
                out.append(_hit(seg, i, "request", 0.85, m.end() + tm.start("v"), c, owner=owner, raised_by=raised))
                continue
        if re.match(r"(?i)(?:for\s+)?(?:sight\s+of|a\s+copy|copies)\b", rest) or _INFO_NP.match(re.sub(r"(?i)^for\s+", "", rest)):
            np = re.sub(r"(?i)^for\s+", "", rest)
            verb = "share" if re.match(r"(?i)sight\s+of", np) else "provide"
            np = re.sub(r"(?i)^sight\s+of\s+", "", np)
            c = clauses.Clause(verb, 0, False, "", " " + np[:_clause_end(np, 0)], "", True)
            out.append(_hit(seg, i, "request", 0.8, m.end(), c, raised_by=raised))
            continue
        sm = re.match(r"(?i)(?P<np>(?:both|all|the|each)\s+[\w ]{0,60}?)\s+(?P<v>[a-z]+)\b", rest)
        if sm and is_action_verb(sm.group("v")) and not sm.group("v").lower().endswith(("ed", "ing", "s")):
            c = clauses.analyse(rest[sm.start("v"):_clause_end(rest, sm.start("v"))])
            if c and c.action:
                out.append(_hit(seg, i, "request", 0.85, m.end() + sm.start("v"), c, owner=sm.group("np"), raised_by=raised))
    return out

"""Near-misses: sentences that look like undertakings but are procedure, reports, other bodies' plans or views."""

from __future__ import annotations

import re

from tracker.minutes.clauses import FURTHER
from tracker.minutes.dues import find_dues
from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import COMMITTEE_CUE, ROLE_NOUN

# Business of the meeting itself: apologies, interests, the last minutes, the next meeting.
_PROCEDURAL = re.compile(
    r"(?i)\bapologies\b.*\breceived\b|\bdeclared\s+(?:an?\s+)?(?:\w+[- ])*interest|\bdeclarations?\s+of\s+interest"
    r"|\b(?:approved|confirmed|agreed|signed|accepted|recorded)\s+as\s+(?:an?\s+)?(?:correct|accurate|true)\s+record"
    r"|\bnext\s+meeting\b.*\b(?:be\s+held|take\s+place)\b|\bmeeting\s+(?:closed|ended)\b|\bpress\s+and\s+public\s+be\s+excluded"
    r"|\bsubstitut(?:e|ed)\s+(?:for|by)\b|\bwas\s+elected\b|\bbe\s+elected\b")
# Template and drafting instructions left in reports.
_TEMPLATE = re.compile(r"(?i)^\W*(?:please\b|\[|note\s+(?:for|to)\s+(?:report\s+)?authors?|report\s+authors?\b|insert\b|delete\s+as\s+appropriate)")
# Descriptions, expectations and aims: nobody has promised anything.
_DESCRIPTION = re.compile(
    r"(?i)^\W*there\s+(?:would|will)\s+(?:also\s+)?be\b|\bit\s+was\s+(?:expected|envisaged|anticipated|hoped|intended|"
    r"understood|likely)\s+that\b|\bthe\s+(?:aim|intention|ambition|vision|expectation)\s+(?:was|is|would\s+be)\b|\binitial\s+plans?\b"
    r"|\b(?:was|were)\s+due\s+to\b|\bwould\s+(?:continue|need|have)\s+to\b|\bwill\s+need\s+to\b")
# Views, concerns and advice.
_VIEW = re.compile(
    r"(?i)^\W*(?:(?:some\s+|board\s+|panel\s+)?members|the\s+(?:committee|panel|board|chair(?:man)?)|a\s+(?:\w+\s+)?member|councillors|"
    r"(?:cllr|councillor)\s+\w+|it|healthwatch[\w\s]{0,30}?|the\s+healthwatch\s+representative)\s+(?:also\s+|again\s+)?"
    r"(?:felt|believed|stressed|urged|commented|emphasised|emphasized|highlighted|expressed|welcomed|commended|made\s+clear|"
    r"were\s+of\s+the\s+view|was\s+of\s+the\s+view|were\s+concerned|was\s+concerned|raised\s+concerns?|cautioned|praised|"
    r"was\s+felt|were\s+pleased|was\s+pleased|suggested|considered\s+that|recognised|acknowledged)\b")
# Options and suggestions nobody took up.
_OPTION = re.compile(
    r"(?i)\b(?:discussed|considered|debated|explored|asked)\s+whether\b|\bwhether\s+to\b|\bone\s+of\s+(?:several|a\s+number\s+of)\s+options"
    r"|\bone\s+option\b|\bcould\s+potentially\b|\bdid\s+not\s+support\b|\bwas\s+not\s+supported\b|\bno\s+decision\b|\bnot\s+agreed\b"
    r"|\bwere\s+not\s+minded\b|\bdid\s+not\s+reach\s+a\s+view\b")
# National bodies and other organisations whose timetables are reported, not promised.
_THIRD_PARTY = re.compile(
    r"(?i)^(?:the\s+)?(?:government|parliament|minister|secretary\s+of\s+state|department\s+(?:for|of)\b.*|dhsc|nhs\s+england(?:\s+and\s+improvement)?"
    r"|nhse(?:/i)?|ofsted|cqc|care\s+quality\s+commission|inspectorates?|legislation|the\s+bill|bill|act|gps|cabinet|(?:the\s+)?council['’]s\s+cabinet"
    r"|office\s+for\s+national\s+statistics|ons|(?:national|regional)\s+[\w\s]*|operators?|contractors?|it|this|which|that|there|these)$")
_AGREED = re.compile(r"(?i)\b(?:agreed|accepted|undertook|offered|promised|committed|resolved|requested|asked)\b")


_COURTESY = re.compile(r"(?i)\b(?:thanks|gratitude|appreciation|congratulations|best\s+wishes|condolences|good\s+wishes)\b")


# A report's proposal to the committee, not its decision: 'The Committee is asked to recommend to Cabinet that ...'.
_PROPOSED = re.compile(r"(?i)\b(?:committee|panel|board|sub-committee|commission|members)\s+(?:is|are)\s+(?:asked|invited|requested)\s+"
                       r"to\s+(?:\w+\s+(?:and|or)\s+)?recommend\b|\bmay\s+wish\s+to\s+recommend\b")


# Agenda and report wording for the meeting's own business: 'The Board to receive a report on ...', 'The Committee is asked
# to review ...', 'Members were invited to consider ...'. The body is present and does this at the meeting itself.
_AGENDA = re.compile(r"(?i)^\W*(?:the\s+)?(?:[\w&'’-]+\s+){0,5}?(?:committee|board|panel|sub-committee|commission|cabinet|members|forum)\s+"
                     r"(?:(?:is|are|was|were)\s+(?:asked|invited|recommended|requested)\s+)?to\s+(?:\w+\s+(?:and|or)\s+)?"
                     r"(?P<v>receive|consider|review|note|discuss|scrutinise|scrutinize|examine|comment\s+on|debate|question|endorse|approve)\b")


def _own_business(hit: Hit, sentence: str) -> bool:
    """True for agenda wording: the body at the meeting is to receive, review or consider something there and then, with
    nothing said of a later meeting or a further report."""
    m = _AGENDA.match(sentence)
    if not m or hit.rule not in ("commitment", "action_note", "modal"):
        return False
    rest = sentence[m.end():]
    return not FURTHER.search(rest) and not find_dues(rest, None) and not re.search(r"(?i)\b(?:next|future|later|subsequent)\b", rest)


# An organisation other than the committee, named as such ('the ICB', 'the school', 'the contractor', 'GP practices').
_BODY = re.compile(r"(?i)^(?:the\s+|all\s+|each\s+)?(?:[\w&'’-]+\s+){0,5}?(?:icb|ccg|trust|council|schools?|practices?|contractors?|"
                   r"providers?|operators?|agency|authority|partnership|police|company|consortium|hospitals?|academy|academies|"
                   r"university|pharmacies|homes)$")


# Those an action is for, other than the committee: 'to all GP practices', 'to every household', 'to parents'.
_OTHERS = re.compile(r"(?i)\bto\s+(?:all|every|each|local|affected|the|their|its)?\s*[a-z][\w'’-]*")


def _other_body(hit: Hit) -> bool:
    """True for what another organisation will do for others, not for the committee: 'The ICB would write to all GP practices',
    'a letter would be sent to all parents by the school'. 'The Trust would send the figures to members' stands, and so
    does 'the CCG would confirm the timetable', which names nobody else it is for."""
    if COMMITTEE_CUE.search(hit.rest) or re.search(ROLE_NOUN, hit.subject):
        return False
    if hit.passive:
        by = re.search(r"\bby\s+((?:the\s+)?(?:[\w&'’-]+\s+){0,4}?[\w&'’-]+)\s*(?:[,.;]|\s+(?:in|on|at|by|before|after|from|during|over)\b|$)", hit.rest)
        return bool(by) and bool(_BODY.match(by.group(1)))
    return bool(_OTHERS.search(hit.rest)) and bool(_BODY.match(hit.subject.strip()))


def reject(hit: Hit, sentence: str) -> str:
    """Why a hit is a near-miss, or '' when it stands."""
    if _own_business(hit, sentence):
        return "the meeting's own business"
    if hit.verb == "recommend" and _PROPOSED.search(sentence):
        return "a report's proposal"
    if _TEMPLATE.match(sentence):
        return "template instruction"
    if _COURTESY.search(hit.subject + " " + hit.rest) or (hit.passive and _COURTESY.search(sentence[:200]) and hit.verb in ("pass", "convey", "send", "forward", "record", "place")):
        return "courtesy"
    if _PROCEDURAL.search(sentence) and hit.rule not in ("action_table", "marker"):
        if not re.search(r"(?i)\b(?:pursue|chase|write|circulate|provide)\b", hit.verb):
            return "procedural"
    if hit.rule in ("modal", "work_programme", "question_date"):
        if _DESCRIPTION.search(sentence):
            return "description or expectation"
        if _VIEW.match(sentence) and not _AGREED.search(sentence):
            return "view or advice"
        if _OPTION.search(sentence) and not re.search(r"(?i)\bit\s+was\s+agreed\b|\bmembers\s+agreed\b", sentence):
            return "option not agreed"
        if hit.rule == "modal" and hit.subject and _THIRD_PARTY.match(hit.subject.strip()) and not hit.passive:
            return "another body's plans"
        if hit.rule == "modal" and hit.passive and re.search(r"(?i)\bby\s+(?:the\s+)?(?:government|nhs\s+england|department|ofsted|cqc|icb|cabinet|national)\b", hit.rest):
            return "another body's plans"
        if hit.rule == "modal" and _other_body(hit):
            return "another body's plans"
    if hit.rule in ("request",) and _OPTION.search(sentence):
        return "option not agreed"
    return ""

"""What a clause asks to be done: its verb, whether passive, who does it, and what follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.minutes.lexicon import NON_ACTION, VERBS, is_action_verb, lemma

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MODAL = {"would", "will", "shall", "should", "must", "to", "may", "might", "can", "could"}
_PARTICLES = ("up", "out", "back", "on", "forward", "away", "off")
# Participles that do not end in -ed or -en.
_PARTICIPLES = {"sent", "brought", "held", "made", "set", "put", "sought", "taken", "given", "kept", "run", "met", "done",
                "found", "fed", "written", "undertaken"}
# A subject noun phrase begins with one of these (subjunctive clauses: 'that the Committee write to ...').
_NP_START = re.compile(r"(?i:the|a|an|both|all|each|officers|partners|members|it|this|these|they|he|she|we)\b|[A-Z]")
# 'Received' is an action only when something further is coming: a further report, an update, at a later meeting.
FURTHER = re.compile(r"(?i)\b(?:further|progress|an\s+update|draft|final|follow-up|at\s+(?:its|the|a)\s+(?:\w+\s+){0,3}meeting|"
                      r"within|in\s+\w+\s+months|next\s+year|in\s+the\s+new\s+year|back)\b")


@dataclass(frozen=True)
class Clause:
    """The action a clause carries; offsets are relative to the text given to `analyse`."""

    verb: str  # base form, e.g. 'circulate'
    verb_start: int
    passive: bool
    subject: str
    rest: str  # the words after the verb (and its particle)
    particle: str
    action: bool  # False for noting, approving, endorsing and other decisions with nothing to do


def _participle(word: str) -> bool:
    w = word.lower()
    return w.endswith("ed") or w.endswith("en") or w in _PARTICIPLES


def _clause(text: str, subject: str, m: re.Match[str], passive: bool, negated: bool) -> Clause:
    word = m.group(0)
    verb = lemma(word)
    rest = text[m.end():]
    particle = ""
    pm = re.match(r"\s+(" + "|".join(_PARTICLES) + r")\b", rest)
    if pm and verb in {"set", "map", "report", "come", "take", "follow", "pick", "feed", "bring", "carry", "look", "find",
                       "put", "get", "pass", "send"}:
        particle, rest = pm.group(1), rest[pm.end():]
    negated = negated or bool(re.match(r"\s+not\b", rest))  # 'that the Committee does not refer the matter'
    action = not negated and word.lower() not in NON_ACTION and verb not in NON_ACTION and verb in VERBS
    if verb == "agree":
        action = False  # 'be agreed', 'agrees the plan': a decision (agree to / agree that are read by the caller)
    if verb in {"receive", "consider"} and not FURTHER.search(subject + " " + rest):
        action = False  # 'the report be received' / 'considered' is noting; a further report to come is not
    if verb in ("update", "amend") and passive and re.match(r"(?i)\s*(?:accordingly|as\s+(?:amended|discussed|agreed))?\W*$", rest):
        action = False  # 'the work programme be updated accordingly': housekeeping, not a new undertaking
    if verb == "hold" and re.search(r"(?i)\bnext\s+meeting\b|\bmeeting\s+be\s+held\s+on\b", subject + rest):
        action = False
    subject = subject.strip(" ,")
    if re.fullmatch(r"(?i)(?:(?:the\s+)?(?:members|board|committee|panel|sub-committee)\s+)?(?:also\s+)?(?:agree[sd]?|to)", subject):
        subject = ""  # 'agrees to hold a session': the body that resolved is the one to act
    return Clause(verb, m.start(), passive, subject, rest, particle, action)


def _inflected(word: str, ending: tuple[str, ...]) -> bool:
    """True for '-ing'/'-ed' forms, but not for base forms that merely end so ('bring', 'feed')."""
    return word.endswith(ending) and word not in VERBS


# Subject then verb: 'that the Committee write to the LGA', 'the Director and the Place Director jointly develop'.
_HEAD = r"(?:[A-Z][\w'’-]*|local|authorities|officers|partners|members|councils?|organisations)"
_SUBJUNCTIVE = re.compile(
    rf"^\s*(?P<np>(?:(?:the|both|all|each|its|their)\s+)?{_HEAD}(?:\s+(?:{_HEAD}|of|for|and|&|the|\([^)]*\))){{0,14}})\s+"
    r"(?:\w+ly\s+)?(?P<v>[a-z][a-z-]*)\b")


def analyse(text: str) -> Clause | None:
    """Read the main verb group of a clause such as 'a note would be circulated to members'."""
    words = list(_WORD.finditer(text))
    lower = [w.group(0).lower() for w in words]
    sm = _SUBJUNCTIVE.match(text)
    if sm and (is_action_verb(sm.group("v")) or sm.group("v") in NON_ACTION) and not _inflected(sm.group("v"), ("ed", "ing")) \
            and not re.search(r"['’]s?\s*$", sm.group("np")) and not re.fullmatch(r"(?i)an?|the", sm.group("np")) \
            and (lemma(sm.group("v")) == sm.group("v").lower() or sm.group("v").lower().endswith("s")):  # not 'A written response'
        subjunctive: Clause | None = _clause(text, sm.group("np"), _match_at(words, sm.start("v")), False,
                                             bool(re.search(r"\bnot\s+$", text[:sm.start("v")])))
    else:
        subjunctive = None
    if words and (is_action_verb(lower[0]) or lower[0] in NON_ACTION) and not _inflected(lower[0], ("ed",)):
        return _clause(text, "", words[0], False, False)  # the verb opens the clause: 'notes the report'
    # A modal or passive verb group, which nouns such as 'note' or 'update' cannot imitate.
    for i, w in enumerate(lower):
        if subjunctive and words[i].start() > subjunctive.verb_start and subjunctive.action:
            return subjunctive
        negated = i > 0 and lower[i - 1] in ("not", "never")
        if (w == "be" or (w in ("is", "are") and not subjunctive)) and i + 1 < len(words):  # 'that X is presented to ...'
            if w != "be" and any(lw in _MODAL - {"to"} for lw in lower[:i]):
                continue
            j = i + 1
            while j < len(words) and lower[j] in ("not", "also", "then", "therefore", "further", "now"):
                negated = negated or lower[j] == "not"
                j += 1
            if j < len(words) and _participle(lower[j]):
                k = i
                while k > 0 and lower[k - 1] in _MODAL | {"not", "also", "therefore"}:
                    k -= 1
                if k > 0 and lower[k] == "to" and lower[k - 1] in ("was", "were", "is", "are"):
                    k -= 1  # 'Members were to be provided with': the subject is 'Members', not 'Members were'
                return _clause(text, text[:words[k].start()], words[j], True, negated)
        elif w in _MODAL and i + 1 < len(words):
            j = i + 1
            while j < len(words) and lower[j] in ("also", "then", "now", "therefore", "not"):
                negated = negated or lower[j] == "not"
                j += 1
            if j < len(words) and lower[j] != "be" and (is_action_verb(lower[j]) or lower[j] in NON_ACTION):
                if w == "to" and i > 0 and lower[i - 1] not in ("agreed", "agrees", "agree"):
                    continue  # 'a request to the Trust', 'to provide' after a noun: not this clause's verb
                return _clause(text, text[:words[i].start()], words[j], False, negated)
    return subjunctive


def _match_at(words: list[re.Match[str]], pos: int) -> re.Match[str]:
    return next(w for w in words if w.start() == pos)


_SPLIT = re.compile(r";\s*(?:and\s+)?(?:\(\w{1,4}\)\s+)?(?:that\s+)?|,?\s+(?:and|but)\s+(?:\(\w{1,4}\)\s+)?that\s+"
                    r"|,?\s+and\s+\(\w{1,4}\)\s+|,\s+and\s+(?=(?:a|an|the)\s+(?:\w+\s+){0,10}?be\s+\w+ed\b)")
# A part's own label at its start: '(a) the recommendations be accepted'.
_LABEL = re.compile(r"^\s*\(\w{1,4}\)\s+")


def split(text: str) -> list[tuple[int, str]]:
    """Split 'X be noted, and that Y be circulated; Z be invited' (or '(a) X be noted and (b) that Y be circulated') into its
    clauses, with their offsets and without their labels."""
    parts, pos = [], 0
    for m in _SPLIT.finditer(text):
        parts.append((pos, text[pos:m.start()]))
        pos = m.end()
    parts.append((pos, text[pos:]))
    out = []
    for p, t in parts:
        label = _LABEL.match(t)
        if label:
            p, t = p + label.end(), t[label.end():]
        if t.strip():
            out.append((p, t))
    return out

"""The verbs of undertakings, their forms, and the words that mark who is being asked."""

from __future__ import annotations

import re

# Verbs whose object is, by its nature, something owed to the committee.
STRONG = (
    "provide supply send forward circulate share distribute email e-mail report come get feed follow look find "
    "check confirm clarify ascertain obtain investigate pursue chase liaise write respond reply advise inform "
    "notify let keep pass take pick raise arrange bring return present update make ensure revise seek contact "
    "speak give discuss meet circulate recirculate brief facilitate"
).split()
# Verbs that describe work in general; an undertaking only when aimed at the committee.
WEAK = (
    "add include schedule invite hold host attend visit map analyse analyze model compile collate prepare produce "
    "draft submit develop review consider explore examine assess evaluate audit set establish organise organize "
    "undertake carry put work engage consult run identify highlight recommend request ask refer escalate publish "
    "convene receive look plan agree offer do refer commit amend strengthen improve clarify"
).split()
# Decisions that leave nobody anything to do.
NON_ACTION = (
    "note notes noted noting endorse endorses endorsed approve approves approved welcome welcomes welcomed "
    "thank thanks thanked accept accepts accepted support supports supported commend commends commended adopt "
    "adopts adopted ratify ratifies ratified elect elects elected appoint appoints appointed nominate nominates "
    "nominated delegate delegates delegated exclude excluded sign signed comment comments commented implemented "
    "congratulate congratulates congratulated acknowledge acknowledges acknowledged defer deferred"
).split()

_IRREGULAR = {
    "sent": "send", "brought": "bring", "written": "write", "wrote": "write", "taken": "take", "took": "take",
    "fed": "feed", "found": "find", "made": "make", "given": "give", "gave": "give", "held": "hold",
    "sought": "seek", "met": "meet", "came": "come", "kept": "keep", "put": "put", "set": "set", "run": "run",
    "ran": "run", "let": "let", "got": "get", "spoken": "speak", "spoke": "speak", "undertaken": "undertake",
    "undertook": "undertake", "done": "do", "did": "do", "e-mailed": "e-mail", "emailed": "email",
    "mapped": "map", "mapping": "map", "planned": "plan", "planning": "plan",
}
VERBS = frozenset(STRONG + WEAK)


def lemma(word: str) -> str:
    """The base form of a verb form we know ('circulated' -> 'circulate'), else the word lower-cased."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in VERBS or w in NON_ACTION:
        return w
    if len(w) > 5 and w.endswith(("ed", "ing")):
        stem = w[:-2] if w.endswith("ed") else w[:-3]
        if stem[-1] == stem[-2] and stem[:-1] in VERBS:
            return stem[:-1]  # submitted, committing, referred
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"), ("ed", ""), ("es", ""),
                         ("s", ""), ("d", "")):
        if w.endswith(suffix):
            base = w[: -len(suffix)] + repl
            if base in VERBS:
                return base
    return w


def is_action_verb(word: str) -> bool:
    """True for any form of a verb that can carry an undertaking."""
    return word.lower() not in NON_ACTION and lemma(word) in VERBS


def is_strong(word: str) -> bool:
    """True for verbs whose object is owed to the committee by nature (provide, circulate, report back...)."""
    return lemma(word) in STRONG


# Words that aim an action at the committee: a recipient, the next meeting, 'in writing'.
COMMITTEE_CUE = re.compile(
    r"(?i)\b(?:to|with|for|before|from|by)\s+(?:the\s+|all\s+|its\s+|committee\s+|board\s+|panel\s+)?(?:committee|panel|board|"
    r"sub-committee|commission|members?|councillors|chair(?:man|person)?|vice[- ]chair|clerk|scrutiny\s+officer|"
    r"democratic\s+services(?:\s+officer)?|ward\s+councillors|hosc|jhosc|osc|the\s+meeting)\b"
    r"|\b(?:the|a|its|their)\s+(?:next|future|later|subsequent|\w+\s+\d{4}|\w+)\s+(?:\w+\s+)?(?:meeting|session)\b"
    r"|\bmembers\b|\bcouncillors\b|\bin\s+writing\b|\bby\s+e-?mail\b|\bafter\s+the\s+meeting\b|\bwith\s+the\s+minutes\b"
    r"|\breport\s+back\b|\bwork\s*programme\b|\bwork\s+plan\b|\bforward\s+plan\b"
)
# The nouns that make a phrase a role: 'Head of Housing', 'Director of Public Health', 'Cabinet Member'.
ROLE_NOUN = (r"\b(?:Director|Manager|Officer|Head|Chief|Lead|Chair|Chairman|Chairperson|Consultant|Clerk|Commissioner|Inspector|"
             r"Superintendent|Representative|Executive|Secretary|Co-?ordinator|Adviser|Advisor|Worker|Nurse|Leader|Member|Holder|"
             r"Partner|Designate|Controller|Specialist|Analyst|Surgeon|Physician|Doctor|GP)s?\b")
# A role said after an organisation's possessive in lower case: "the Trust's representative", "the Council's housing lead".
POSSESSED_ROLE = (r"(?:[a-z][\w-]*\s+){0,2}?(?:representatives?|leads?|officers?|spokes(?:person|man|woman)|delegates?|nominees?|"
                  r"directors?|managers?|head|chair|clerk|advis[eo]rs?|team|colleagues?|solicitors?|consultants?|commissioners?|staff)\b")
# Who decides at a meeting, as minutes name it before 'RESOLVED' or 'agreed:': 'It was', 'Members', 'Cabinet', 'The Committee',
# 'The Health and Wellbeing Board', 'The Police and Crime Panel'.
DECIDER = (r"(?:It\s+was|Members|(?:[Tt]he\s+)?(?:(?:[A-Z][\w&'’-]*|and|&|of|for)\s+){0,6}?(?:Committee|Board|Panel|Sub-Committee|"
           r"Commission|Cabinet|Council|Executive|Forum|Partnership|Group|Authority|Assembly|Members))")
# Who asks: the committee, its chair, a member, a named councillor, a board member.
REQUESTER = (
    r"(?:(?:a|one|another|the)\s+(?:\w+\s+)?(?:member|councillor)(?:\s+of\s+the\s+\w+)?|(?:some\s+|board\s+|panel\s+|committee\s+)?members|"
    r"the\s+(?:committee|panel|board|sub-committee|commission|chair(?:man|person)?|vice[- ]chair(?:man)?|deputy\s+chair(?:man)?)|"
    r"(?:cllr|councillor)\s+[A-Z][\w'’-]+|healthwatch(?:\s+\w+)?|the\s+healthwatch\s+representative|councillors|"
    r"the\s+(?:chief\s+executive|director)\s+of\s+healthwatch|the\s+director\s+of\s+\w+(?:['’]s)?(?:\s+\w+){0,3})"
)

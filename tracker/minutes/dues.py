"""Due dates: the phrases minutes use for 'when', resolved against the meeting date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.minutes.due_dates import add_months, resolve
from tracker.minutes.lexicon import VERBS, lemma

__all__ = ["Due", "add_months", "find_dues", "pick_due"]  # add_months for the tests of due dates

# "May" only with a capital: lower-case "may" is the modal verb far more often than the month.
MONTH = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May)\b\.?\*?"
)
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of)"
_ORD = r"(?:st|nd|rd|th|<sup>(?:st|nd|rd|th)</sup>)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("next_meeting", re.compile(
        r"(?i:\b(?:by|to|at|before|for|in time for|until|ahead of)\s+)?\b(?i:the|its|their|our|your)"
        r"(?:\s+[A-Z][\w&-]*(?:\s+(?:[A-Z][\w&-]*|and|&|of))*?['’]s)?\s+"  # 'in time for the Board's next meeting'
        r"(?i:next\s+(?:(?:\w+\s+){0,2}?meeting|board|committee|panel|cabinet|session))\b")),
    ("meeting_in_month", re.compile(  # 'at its meeting in March 2024'
        rf"(?i:\b(?:at|to|for|before|by)\s+(?:its|the|their)\s+(?:\w+\s+)?meeting\s+in\s+)({MONTH})(?:\s+(\d{{4}}))?")),
    ("quarter", re.compile(  # financial quarters: Q1 April-June ... Q4 January-March; 'Q3 2024/25'
        r"(?i:\b(?:by|before|in|during|at|until)\s+(?:the\s+)?(?:end\s+of\s+)?|\bend\s+of\s+)(?i:the\s+)?"
        r"(?:Q([1-4])|(?i:quarter)\s+([1-4])|(?i:the\s+)?(?i:(first|second|third|fourth)\s+quarter))"
        r"(?:\s+(?:of\s+)?(\d{4})(?:/(\d{2}|\d{4}))?)?\b")),
    ("christmas", re.compile(r"(?i:\b(?:by|before|until|ahead\s+of)\s+)(?:the\s+)?Christmas(?:\s+(?i:break|holidays?|recess))?")),
    ("part_year", re.compile(r"(?i:\b(?:by|in|during|before|until)\s+(?:the\s+)?)(?i:(early|mid|late|end\s+of(?:\s+the)?)[\s-]+)(\d{4})\b")),
    ("next_month", re.compile(r"(?i:\b(?:by\s+|in\s+|during\s+)?(?:the\s+end\s+of\s+)?next\s+month\b)")),
    ("week_commencing", re.compile(
        rf"(?i:\b(?:by\s+|in\s+)?(?:the\s+)?(?:w/[cb]|w\.[cb]\.|wc|week\s+(?:commencing|beginning|starting))\s+)(\d{{1,2}}){_ORD}\s+({MONTH})"
        r"(?:\s*,?\s+(\d{4}))?")),
    ("day_month_year", re.compile(
        rf"\b(?i:(?:by|on|before|until|for|to|at|no later than)\s+)?(\d{{1,2}}){_ORD}\s+({MONTH})\s*,?\s+(\d{{4}})\b")),
    ("day_month", re.compile(rf"\b(?i:(?:by|on|before|until|no later than)\s+)(\d{{1,2}}){_ORD}\s+({MONTH})(?!\s*,?\s*\d)")),
    ("numeric", re.compile(r"\b(?i:(?:by|on|before)\s+)?(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")),
    ("end_month", re.compile(
        rf"(?i:\b(?:by|before|at|until)\s+)?(?i:the\s+)?(?i:end)\s+(?i:of)\s+({MONTH})(?:\s+(\d{{4}}))?")),
    ("month_meeting", re.compile(
        rf"(?i:\b(?:by|to|at|before|for|in time for)\s+)?(?i:the|its|their)\s+({MONTH})(?:\s+(\d{{4}}))?\s+(?:\w+\s+)?(?i:meeting|session)\b"
        r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?")),
    ("month_range", re.compile(rf"\b({MONTH})\s*[/–-]\s*({MONTH})\s+(\d{{4}})\b")),
    ("month_year", re.compile(rf"(?i:\b(?:by|in|during|for|before|until|from)\s+)?\b({MONTH})\s+(\d{{4}})\b")),
    ("season", re.compile(
        r"(?i:\b(?:by|in|during|over|before|for)\s+(?:the\s+)?(?:(?:early|late)\s+)?(spring|summer|autumn|winter)"
        r"(?:\s+(?:of\s+)?(\d{4}))?\b)")),
    ("new_year", re.compile(r"(?i:\b(?:in|by|early in|during|after)\s+the\s+new\s+year\b)")),
    ("end_year", re.compile(
        r"(?i:(?:\b(?:by|before|at)\s+)?(?:the\s+)?\bend\s+of\s+(?:the\s+|this\s+)?(calendar\s+|financial\s+|municipal\s+)?year\b)")),
    ("working_days", re.compile(rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+working\s+days?\b)")),
    ("fortnight", re.compile(rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+fortnights?(?:['’]s?\s+time)?\b)")),
    ("within", re.compile(
        rf"(?i:\b(?:within|in|after)\s+(?:the\s+next\s+)?({_NUM})\s+(day|week|month|year)s?(?:['’]s?\s+time)?\b)")),
    ("every", re.compile(rf"(?i:\bevery\s+({_NUM})\s+(week|month|year)s?\b)")),
    ("this_week", re.compile(r"(?i:\b(?:by\s+)?(?:the\s+end\s+of\s+)?(this|the|next)\s+week\b)")),
    ("end_month_plain", re.compile(r"(?i:\b(?:by\s+)?the\s+end\s+of\s+(?:the|this)\s+month\b)")),
    ("month_alone", re.compile(rf"(?i:\b(?:by|in|during|before|until|for)\s+)({MONTH})(?!\s*\d)")),
    ("future_meeting", re.compile(
        r"(?i:\b(?:at|to|for)\s+a\s+(?:future|later|subsequent)\s+(?:\w+\s+)?(?:meeting|session)\b)")),
    ("after_meeting", re.compile(r"(?i:\b(?:after|following)\s+the\s+meeting\b)")),
]


@dataclass(frozen=True)
class Due:
    """A due date found in text: the words, the date they give (if any), and whether it is 'the next meeting'."""

    text: str
    start: int
    end: int
    when: date | None
    next_meeting: bool = False


def find_dues(text: str, meeting: date | None) -> list[Due]:
    """Every due-date phrase in `text`, earliest first; overlapping weaker readings are dropped."""
    found: list[Due] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            phrase = m.group(0).strip()
            if name == "month_year" and phrase.lower().startswith("from "):
                continue  # 'from April 2021' is when something starts, not when it is due
            taken.append((m.start(), m.end()))
            phrase = phrase.rstrip(".") if not phrase.endswith("*") else phrase
            found.append(Due(phrase, m.start(), m.start() + len(phrase) + (len(m.group(0)) - len(m.group(0).lstrip())),
                             resolve(name, m, meeting), name == "next_meeting"))
    return sorted(found, key=lambda d: d.start)


# Where the clause holding a due phrase begins, and the words that put that clause in the past ('which had been requested
# in March', 'had been published on the website in July') or ahead ('would be sent in May', 'was due to report in June').
_CLAUSE_START = re.compile(r"[,;:(]|\b(?:and|but|which|that|who|when|while|as)\b")
# Minutes are reported speech ('it was expected in May' reports 'it is expected'): the perfect, or a participle of an
# action just before the phrase ('requested in March'), marks what is past.
_PERFECT = re.compile(r"(?i)\b(?:had|has|have)\b")
_LAST_WORD = re.compile(r"([a-z]+)\s*$")
_AHEAD = re.compile(r"(?i)\b(?:would|will|shall|be|to\s+[a-z]+)\b")


def _past(text: str, due: Due) -> bool:
    """True for a due phrase in a clause about the past: when something was asked for or done, not when it is due."""
    window = text[max([m.end() for m in _CLAUSE_START.finditer(text, 0, due.start)] + [0]):due.start]
    last = _LAST_WORD.search(window)
    done = bool(last) and last.group(1).endswith("ed") and lemma(last.group(1)) in VERBS
    return (bool(_PERFECT.search(window)) or done) and not _AHEAD.search(window)


def pick_due(text: str, anchor: int, meeting: date | None) -> Due | None:
    """The due phrase that belongs to the action starting at `anchor`: the first after it, else the last before; a date
    in a clause about the past is no due date."""
    dues = [d for d in find_dues(text, meeting) if not _past(text, d)]
    after = [d for d in dues if d.start >= anchor]
    if after:
        return after[0]
    before = [d for d in dues if d.end <= anchor]
    return before[-1] if before else None

"""One suggestion per undertaking: the same action stated twice (asked and agreed, discussed and resolved) is merged."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.minutes.lexicon import ROLE_NOUN
from tracker.minutes.likeness import RECOMMEND, contained, contrast, distinctive, similarity, stem, tokens, words_of
from tracker.minutes.model import Suggestion

# A reply that only agrees ('The Director agreed.', 'Officers to provide.') belongs to the request before it.
_REPLY = re.compile(r"^(?:A\.\s*)?(?:(?:[Tt]he\s+)?(?:[A-Z][\w'’]*\s+|of\s+|for\s+|and\s+|the\s+){0,9}(?:agreed|confirmed|accepted)"
                    r"(?:\s+to\s+do\s+so|\s+this\s+would\s+be\s+done|\s+that\s+this\s+would\s+be\s+\w+)?"
                    r"|[Oo]fficers\s+to\s+\w+|(?:[Tt]he\s+)?[\w'’ ]{0,60}\s+would\s+(?:supply|provide|send|circulate)\s+(?:this|it|these|them)(?:\s+\w+){0,4}"
                    r"|(?:[Tt]he\s+)?[\w'’ ]{0,60}\s+would\s+provide\s+this\s+information)\s*\.?$")
_TAKES_UP = re.compile(r"(?i)\b(?:accepted|agreed(?:\s+to)?|do)\s+(?:this|so|it)\b|\b(?:this|these)\s+(?:would|could|be)\b"
                       r"|\b(?:produce|provide|send|circulate|share|obtain|supply|find|get)\s+(?:it|this|these|them)\b")
_ANAPHORIC = re.compile(r"(?i)\b(?:this|it|these)\s+be\s+\w+ed\b|^(?:the\s+)?[\w'’ ]{0,60}\s+(?:agreed|undertook|offered)\s+to\s+(?:do\s+so|this)\b")
_AGREES = re.compile(r"(?i)\b(?:agreed|undertook|offered|accepted|promised)\s+to\b")
_ACCEPTING = ("commitment", "modal", "agreed_that", "took_on_board", "action_note")


@dataclass
class Found:
    """A suggestion with where it came from."""

    suggestion: Suggestion
    item: int
    block: int
    seg: int
    rule: str
    resolved: bool
    decision: int = -1  # which decision (a 'RESOLVED' and its listed parts) the statement is a part of; -1 for none
    words: frozenset[str] = frozenset()  # the words of the statement and of the question or request it answers


_ALIKE = ("information_request", "circulate_document", "mapping_or_analysis")


def _restates(decision: Suggestion, said: Found) -> bool:
    """True when a decision's distinctive words (three at least) nearly all occur in what was said and asked in discussion:
    'information on the trajectory for assessment waiting times be brought to the next meeting' restates 'asked about waiting
    times for assessments ... took on board a request to provide a trajectory for reducing them'."""
    own = {stem(w) for w in tokens(decision.title) if distinctive(w)}
    return len(own) >= 3 and len(own & said.words) >= 0.75 * len(own)


def _kinds_clash(a: Suggestion, b: Suggestion) -> bool:
    """True when two kinds cannot be one undertaking: a letter and a report, a work programme item and a briefing ('other'
    says nothing either way)."""
    return a.kind != b.kind and "other" not in (a.kind, b.kind) and not (a.kind in _ALIKE and b.kind in _ALIKE)


def _owner_words(owner: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", owner.split(",")[0].lower()) if w not in ("the", "of", "and", "for", "a")}


def _owners_clash(a: Suggestion, b: Suggestion) -> bool:
    """True when both name an owner and neither name is part of the other ('Chair' and 'Head of Commissioning'), unlike
    'Director' and 'Director of Operations, SWASFT'."""
    x, y = _owner_words(a.owner), _owner_words(b.owner)
    return bool(x and y) and not (x <= y or y <= x)


def _paragraph(ref: str) -> str:
    """A minute reference in one form: '5, para 3' and '5.3' -> '5.3'; 'Minute 12/23(b)' -> '12/23(b)'."""
    ref = re.sub(r"(?i)^(?:minute|item)\s+|\s+", "", ref)
    return re.sub(r"(?i),?para(?:graph)?", ".", ref).strip(".,")


def _points_at(row: Suggestion, said: Suggestion) -> bool:
    """True when an action table's row names the minute of an undertaking said earlier and shares a distinctive word with
    it (its title or its words): the table repeats what the discussion said ('5, para 3 | Provide readmission figures')."""
    a, b = _paragraph(row.minute_ref), _paragraph(said.minute_ref)
    if not a or not b:
        return False
    said_words = words_of(said.title + " " + said.source_text)
    row_words = words_of(row.title)
    if b == a or b.startswith((a + ".", a + "(", a + ",")):
        return bool(row_words & said_words)
    # The row's '4.1' lies under the discussion's 'Item 4': half the row's words at least, for an item's theme ('carers')
    # runs through all its rows.
    return a.startswith((b + ".", b + "(")) and len(row_words & said_words) >= max(2, len(row_words) / 2)


def _recipient(s: Suggestion) -> str:
    m = RECOMMEND.match(s.title)
    return re.sub(r"(?i)^(?:the|full)\s+", "", m.group("body")).lower() if m else ""


def _owner(keep: str, other: str) -> str:
    """The owner that names a role ('ICB Director of Strategy') over one that names only a body ('the ICB')."""
    if keep and (re.search(ROLE_NOUN, keep) or not re.search(ROLE_NOUN, other)):
        return keep
    return other or keep


def _combine(keep: Suggestion, other: Suggestion) -> Suggestion:
    # The due date and its words come from one statement: the one that gives a date, else the one that gives words.
    due = keep if keep.due_date or (not other.due_date and (keep.due_text or not other.due_text)) else other
    return replace(
        keep,
        owner=_owner(keep.owner, other.owner),
        raised_by=keep.raised_by or other.raised_by,
        due_date=due.due_date,
        due_text=due.due_text,
        due_next_meeting=keep.due_next_meeting or other.due_next_meeting,
        confidence=round(min(0.99, max(keep.confidence, other.confidence) + 0.03), 2),
        follow_up=keep.follow_up or other.follow_up,
        other_sources=keep.other_sources + ((other.source_start, other.source_end),) + other.other_sources,
        minute_ref=_finer(keep.minute_ref, other.minute_ref),
    )


def _finer(keep: str, other: str) -> str:
    """The more exact of two references to one place: '4.1' over 'Item 4'."""
    a, b = _paragraph(keep), _paragraph(other)
    return other if a and b != a and b.startswith((a + ".", a + "(")) else keep


def _same(f: Found, t: Found, last: bool) -> str:
    """How f repeats t: '' when it does not, else which of the two to keep ('new' or 'old')."""
    s, u = f.suggestion, t.suggestion
    if any(s.source_start < e and b < s.source_end for b, e in ((u.source_start, u.source_end), *u.other_sources)):
        return "old"
    if f.decision >= 0 and f.decision == t.decision:
        return ""  # two parts of one decision are two undertakings, however alike their words
    near = f.item == t.item and f.seg - t.seg <= 3
    if last and near and (_REPLY.match(s.source_text) or (_ANAPHORIC.search(s.source_text) and f.block == t.block)):
        return "old"
    if last and near and f.rule in _ACCEPTING and t.rule in ("request", "question_offer") and not f.resolved \
            and (similarity(s, u) >= 0.1 or _TAKES_UP.search(s.source_text)) and not contrast(s, u):
        return "new"  # asked, then agreed: the officer's own words name the owner
    if last and f.rule == "commitment" and t.rule == "request" and f.seg == t.seg + 1 and f.block == t.block \
            and not f.resolved and _AGREES.search(s.source_text) and not contrast(s, u):
        return "new"  # 'A member asked that ... . The Head of Service agreed to amend the template.': the reply takes it on
    if f.rule == "action_table" and (similarity(s, u) >= 0.35 or _points_at(s, u)) and not contrast(s, u):
        return "old"
    if f.item != t.item or _owners_clash(s, u) or _kinds_clash(s, u) or _recipient(s) != _recipient(u) or contrast(s, u):
        return ""  # a contrast is the same sort of thing, but not the same one: a visit to one place and to another
    if (f.resolved or t.resolved) and (contained(s, u) or (f.resolved and not t.resolved and _restates(s, t))):
        return "new" if f.resolved else "old"  # restated in the decision, or proposed in the report and then decided
    if f.rule in ("marker", "action_note") and s.owner and _owner_words(s.owner) == _owner_words(u.owner) and f.seg - t.seg <= 4:
        shared = words_of(s.title) & words_of(u.title)
        if len(shared) >= max(2, 2 * len(words_of(s.title)) / 3):
            return "old"  # an action note restating, in other words, what the same officer undertook just before
    if s.kind != u.kind:
        return ""
    if similarity(s, u) >= 0.4 or (s.kind == "milestone" and s.due_date is not None and s.due_date == u.due_date):
        return "new" if f.resolved and not t.resolved else "old"
    if s.kind == "further_update" and s.due_date and u.due_date and abs((s.due_date - u.due_date).days) <= 45 \
            and f.resolved != t.resolved:
        return "new" if f.resolved else "old"
    return ""


def merge(found: list[Found]) -> list[Suggestion]:
    """Merge repeats, keeping the clearer source (the resolution, else the first) and noting the other's offsets."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: (f.suggestion.source_start, -f.suggestion.source_end)):
        merged = -1  # where f has gone; a statement may repeat two earlier ones (proposed, asked for, then resolved)
        for n in range(len(out) - 1, -1, -1):
            keep = _same(f, out[n], n == len(out) - 1)
            if not keep:
                continue
            new, old = (f, out[n]) if keep == "new" else (out[n], f)
            if merged >= 0:
                new, old = (out[merged], out[n]) if keep == "new" else (out[n], out[merged])
                del out[merged]
            out[n] = replace(new, suggestion=_combine(new.suggestion, old.suggestion))
            merged, f = n, out[n]
            if keep == "old":
                break
        if merged < 0:
            out.append(f)
    return [f.suggestion for f in out]

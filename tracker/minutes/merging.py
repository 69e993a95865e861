"""One suggestion per undertaking: the same action stated in discussion and again in the resolution is merged."""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.minutes.model import Suggestion

_STOP = frozenset(
    "a an the of to on for and in with by at be this that it its their from as is are was were would will provide further "
    "committee board panel members member report update circulate share send information meeting next".split()
)
# A reply that only agrees ('The Director agreed.', 'Officers to provide.') belongs to the request before it.
_REPLY = re.compile(r"(?i)^(?:a\.\s*)?(?:(?:the\s+)?[\w'’ ]{0,60}\s+(?:agreed|confirmed|accepted)(?:\s+to\s+do\s+so|\s+this\s+would\s+be\s+done|\s+that\s+this\s+would\s+be\s+\w+)?"
                    r"|officers\s+to\s+\w+|(?:the\s+)?[\w'’ ]{0,60}\s+would\s+(?:supply|provide|send|circulate)\s+(?:this|it|these|them)(?:\s+\w+){0,4}"
                    r"|(?:the\s+)?[\w'’ ]{0,60}\s+would\s+provide\s+this\s+information)\s*\.?$")


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", title.lower()) if w not in _STOP and len(w) > 2}


def _similar(a: Suggestion, b: Suggestion) -> bool:
    wa, wb = _words(a.title), _words(b.title)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.4


def _combine(keep: Suggestion, other: Suggestion) -> Suggestion:
    return replace(
        keep,
        owner=keep.owner or other.owner,
        raised_by=keep.raised_by or other.raised_by,
        due_date=keep.due_date or other.due_date,
        due_text=keep.due_text or other.due_text,
        due_next_meeting=keep.due_next_meeting or other.due_next_meeting,
        confidence=round(min(0.99, max(keep.confidence, other.confidence) + 0.03), 2),
        follow_up=keep.follow_up or other.follow_up,
        other_sources=keep.other_sources + ((other.source_start, other.source_end),) + other.other_sources,
    )


def merge(found: list[tuple[Suggestion, int, bool]]) -> list[Suggestion]:
    """Merge duplicates among (suggestion, agenda item, from a resolution) triples, keeping the clearer source."""
    out: list[tuple[Suggestion, int, bool]] = []
    for s, item, resolved in sorted(found, key=lambda f: (f[0].source_start, -f[0].source_end)):
        for n, (t, t_item, t_resolved) in enumerate(out):
            overlap = s.source_start < t.source_end and t.source_start < s.source_end
            same_item = item == t_item
            reply = same_item and s.source_start - t.source_end < 400 and bool(_REPLY.match(s.source_text)) and n == len(out) - 1
            duplicate = same_item and s.kind == t.kind and (
                _similar(s, t)
                or (s.kind == "milestone" and s.due_date is not None and s.due_date == t.due_date)
                or (s.kind == "further_update" and s.due_date and t.due_date and abs((s.due_date - t.due_date).days) <= 45
                    and resolved != t_resolved))
            if overlap or reply or duplicate:
                if resolved and not t_resolved and not reply:
                    out[n] = (_combine(s, t), item, True)
                else:
                    out[n] = (_combine(t, s), t_item, t_resolved)
                break
        else:
            out.append((s, item, resolved))
    return [s for s, _, _ in out]

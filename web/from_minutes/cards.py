"""The suggestion cards a clerk edits: made from the extractor's suggestions, carried in the form, checked, logged."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from typing import Any

from werkzeug.datastructures import MultiDict

from tracker.minutes import Suggestion
from web.from_minutes.owners import best_owner
from web.pages.forms import DateEntry

MAX_CARDS = 300
LIKELY = 0.8  # the extractor's confidence from which a suggestion reads as "likely" rather than "possible"
DECISIONS = ("accept", "reject")


def clean(text: str | None) -> str:
    """Text as the extractor saw it: browsers send line breaks as CRLF, and NUL is never text."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


@dataclass
class Card:
    """One suggested undertaking as the clerk sees and edits it; field names are the form's (s<n>-<field>)."""

    n: int
    title: str = ""
    owner_id: str = ""
    kind: str = ""
    due_choice: str = ""
    due_date: DateEntry = DateEntry()  # as typed in its day, month and year boxes (s<n>-due_date-day and so on)
    minute_ref: str = ""
    raised_by: str = ""
    follows_up: str = ""  # the reference of the earlier action it follows up, chosen from the committee's log
    decision: str = ""
    # Carried in hidden fields: what the minutes said, for the clerk to compare against.
    owner_text: str = ""
    due_text: str = ""
    source_quote: str = ""
    start: int = -1
    end: int = -1
    confidence: str = "possible"
    follow_up: bool = False
    logged_ref: str = ""
    mark: str = ""  # the id of the highlight in the minutes this card links to; set by highlight()

    def name(self, field: str) -> str:
        """The form field's name for this card, which is also the key of its error."""
        return f"s{self.n}-{field}"

    def hidden(self) -> list[tuple[str, str]]:
        """The carried values as (name, value) pairs for hidden inputs."""
        carried = ("owner_text", "due_text", "source_quote", "start", "end", "confidence", "follow_up", "logged_ref")
        return [(self.name(f), _as_text(getattr(self, f))) for f in carried]


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def from_suggestion(n: int, found: Suggestion, people: list[dict[str, Any]], *, minutes: str,
                    committee: dict[str, Any], tied: Collection[str] = ()) -> Card:
    """A card pre-filled from the extractor: owner matched in the directory, due as the minutes put it."""
    due_choice = "next_meeting" if found.due_next_meeting else "date" if found.due_date else "none"
    return Card(
        n=n, title=found.title, kind=found.kind, due_choice=due_choice,
        owner_id=best_owner(found.owner, people, minutes=minutes, committee=committee, tied=tied) or "",
        due_date=DateEntry.of(None if found.due_next_meeting else found.due_date),
        minute_ref=found.minute_ref, raised_by=found.raised_by, owner_text=found.owner, due_text=found.due_text,
        source_quote=found.source_text, start=found.source_start, end=found.source_end,
        confidence="likely" if found.confidence >= LIKELY else "possible", follow_up=found.follow_up,
    )


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return -1


def from_form(form: MultiDict[str, str]) -> list[Card]:
    """The cards as the clerk sent them back; anything unexpected is read as blank, never trusted."""
    count = min(max(_int(form.get("count")), 0), MAX_CARDS)
    cards = []
    for n in range(1, count + 1):
        card = Card(n=n)
        for f in fields(Card):
            if f.name in ("n", "mark"):
                continue
            if f.name == "due_date":
                card.due_date = DateEntry.from_form(form, card.name("due_date"))
                continue
            value = clean(form.get(card.name(f.name), "")).strip() if f.name != "source_quote" else \
                clean(form.get(card.name(f.name), ""))
            if f.name in ("start", "end"):
                setattr(card, f.name, _int(value))
            elif f.name == "follow_up":
                card.follow_up = value == "yes"
            else:
                setattr(card, f.name, value)
        card.confidence = card.confidence if card.confidence in ("likely", "possible") else "possible"
        cards.append(card)
    return cards


def highlight(text: str, cards: list[Card]) -> list[tuple[str, int | None, list[int]]]:
    """The minutes as (segment, n, cards) triples: n is the card whose source the segment is (else None), and cards
    every card that links to that mark.

    A source that overlaps one already marked is not marked again: its card links to the mark it overlaps. A source
    whose offsets do not fit the text (a form sent back altered) is not marked at all.
    """
    marked: list[tuple[int, int, int]] = []
    at = 0
    for card in sorted(cards, key=lambda c: (c.start, c.n)):
        fits = 0 <= card.start < card.end <= len(text) and text[card.start:card.end] == card.source_quote
        if fits and card.start >= at:
            marked.append((card.start, card.end, card.n))
            at = card.end
    linked: dict[int, list[int]] = {n: [] for _, _, n in marked}
    for card in cards:
        card.mark = ""
        for start, end, n in marked:
            if start <= card.start < end:
                card.mark = f"s-{n}"
                linked[n].append(card.n)
    segments: list[tuple[str, int | None, list[int]]] = []
    at = 0
    for start, end, n in marked:
        segments += [(text[at:start], None, []), (text[start:end], n, sorted(linked[n]))]
        at = end
    segments.append((text[at:], None, []))
    return [segment for segment in segments if segment[0]]

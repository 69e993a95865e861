"""Accepted cards: checked together with the log form's own schema, then logged one by one against the meeting."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from web.from_minutes.cards import DECISIONS, Card
from web.pages.forms import DateProblem, attempt, due_from_entry
from web.schemas import LogActionSchema, load

# The order of a card's fields on the page, so the error summary lists them top to bottom.
FIELD_ORDER = ("title", "owner_id", "kind", "due_choice", "due_date", "minute_ref", "raised_by", "follows_up",
               "source_quote", "decision")
NOT_EARLIER = "Choose the earlier action it follows up from the list, or “Not a follow-up”."


def payload_of(card: Card, committee: str, meeting_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The log form's payload for a card, and the problems with when it is due, keyed "due_choice" or "due_date"
    (as `meetings.log` builds it)."""
    payload = {
        "committee": committee, "meeting_id": meeting_id, "minute_ref": card.minute_ref, "title": card.title,
        "source_quote": card.source_quote.strip(), "kind": card.kind, "raised_by": card.raised_by,
        "owner_id": card.owner_id or None, "follows_up": card.follows_up,
    }
    payload = {k: v for k, v in payload.items() if v not in ("", None)}  # blank means missing: "Choose who owes it."
    due, problems = due_from_entry(card.due_choice, card.due_date)
    if not problems:
        payload["due"] = due
    return payload, problems


def _card_errors(card: Card, committee: str, meeting_id: str, people: set[str], earlier: Collection[str]) -> dict[str, str]:
    if card.logged_ref:
        return {}
    if card.decision not in DECISIONS:
        return {"decision": "Accept or reject this suggestion."}
    if card.decision == "reject":
        return {}
    payload, problems = payload_of(card, committee, meeting_id)
    _, found, _ = attempt(lambda: load(LogActionSchema, payload))
    if "due" in found:
        found["due_date"] = found.pop("due")
    found.update(problems)
    if "owner_id" not in found and card.owner_id not in people:
        found["owner_id"] = "Choose who owes it from the list."
    if card.follows_up and card.follows_up not in earlier:
        found["follows_up"] = NOT_EARLIER
    return found


def check(cards: list[Card], committee: str, meeting_id: str, people: set[str],
          earlier: Collection[str] = ()) -> dict[str, str]:
    """Every problem with every card, keyed by field name (s<n>-<field>), in the order they appear on the page;
    `earlier` holds the references a card may say it follows up."""
    errors: dict[str, str] = {}
    for card in cards:
        found = _card_errors(card, committee, meeting_id, people, earlier)
        for field in sorted(found, key=lambda f: FIELD_ORDER.index(f) if f in FIELD_ORDER else len(FIELD_ORDER)):
            key = card.name(field) if field in FIELD_ORDER else card.name("decision")
            errors.setdefault(key, _numbered(card, found[field]))
    return errors


def _numbered(card: Card, message: str) -> str:
    """A card's message as the error summary lists it, saying which suggestion; a date's keeps its wrong boxes."""
    text = f"Suggestion {card.n}: {message}"
    return DateProblem(text, message.parts) if isinstance(message, DateProblem) else text


def log_accepted(cards: list[Card], committee: str, meeting_id: str,
                 log: Callable[[list[dict[str, Any]]], list[str]]) -> tuple[list[str], dict[str, str]]:
    """Log the accepted cards together, in one transaction: all of them or, if the save fails, none.

    Returns the references logged and, when the save failed, the message to show (nothing was logged).
    """
    chosen = [card for card in cards if card.decision == "accept" and not card.logged_ref]
    if not chosen:
        return [], {}
    references, errors, _ = attempt(lambda: log([payload_of(card, committee, meeting_id)[0] for card in chosen]))
    if errors:
        return [], {chosen[0].name("decision"): f"None of the accepted suggestions was logged: "
                                                 f"{' '.join(errors.values())}"}
    for card, reference in zip(chosen, references):
        card.logged_ref = reference
    return references, {}


def listing(references: list[str]) -> str:
    """References as a sentence's list: "A", "A and B", "A, B and C"."""
    if len(references) <= 1:
        return "".join(references)
    return f"{', '.join(references[:-1])} and {references[-1]}"

"""The boundary every entry point shares: validate outside input, then run the command."""

from __future__ import annotations

from typing import Any

from web.schemas import MOVES, LogActionSchema, load
from web.services import Services


def log_action(services: Services, payload: dict[str, Any], *, actor: str) -> str:
    """Validate and log an undertaking; returns its reference."""
    values = load(LogActionSchema, payload)
    return services.tracker.log_action(actor=actor, **values)


def log_actions(services: Services, payloads: list[dict[str, Any]], *, actor: str) -> list[str]:
    """Validate undertakings of one committee and log them in one transaction, all or none; their references."""
    values = [load(LogActionSchema, payload) for payload in payloads]
    committees = {v.pop("committee").upper() for v in values}
    if len(committees) != 1:
        raise ValueError("Undertakings logged together must be of one committee.")
    return services.tracker.log_actions(actor=actor, committee=committees.pop(), undertakings=values)


def make_move(services: Services, reference: str, move: str, payload: dict[str, Any], *, actor: str) -> int:
    """Validate and make one move on an action; returns its new version."""
    if move not in MOVES:
        raise KeyError(move)
    schema, method = MOVES[move]
    values = load(schema, payload)
    return getattr(services.tracker, method)(reference, actor=actor, **values)

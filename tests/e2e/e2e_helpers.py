"""What the web tests share besides fixtures: the demo users, CSRF tokens, signing in and posting forms."""

from __future__ import annotations

import re
from datetime import date

from flask.testing import FlaskClient

DEMO_USERS = {
    "admin": ("admin@example.org", "demo-admin"),
    "clerk": ("clerk.hosc@example.org", "demo-clerk"),
    "jhosc_clerk": ("clerk.jhosc@example.org", "demo-clerk"),
    "officer": ("director.ics@example.org", "demo-officer"),
    "chair": ("chair.hosc@example.org", "demo-chair"),
    "viewer": ("viewer@example.org", "demo-viewer"),
}


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token the page at path carries in its forms."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, who: str) -> FlaskClient:
    """Sign a demo user in through the real form."""
    email, password = DEMO_USERS[who]
    response = client.post("/sign-in", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def post_form(client: FlaskClient, path: str, data: dict, *, page: str | None = None):  # type: ignore[no-untyped-def]
    """Post a form with the CSRF token taken from the page it lives on (default: the same path)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def date_boxes(name: str, day: date | str) -> dict[str, str]:
    """A date as typed in a GOV.UK date input's day, month and year boxes ("<name>-day" and so on)."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    return {f"{name}-day": str(when.day), f"{name}-month": str(when.month), f"{name}-year": str(when.year)}


# Who may make which move, written out here from the rules of the service (not read from web/policy.py, so that a
# change to the policy shows up as a failing test): clerks manage their own committees' logs, every move but asking
# for more time, which is the owner's; the officer who owes an undertaking acknowledges it, updates it, completes it,
# asks for more time and comments; a chair comments and accepts at meetings for their committee; viewers, officers
# on what they do not owe and clerks of another committee make no move at all.
EVERY_MOVE = ("acknowledge", "note_progress", "complete", "close", "accept", "reopen", "change_due_date",
              "request_extension", "decide_extension", "reassign", "withdraw", "supersede", "comment")
MAY_MOVE: dict[str, tuple[str, str, frozenset[str]]] = {
    # role in the story: (demo user, the undertaking they act on, the moves they may make on it)
    "officer who owes it": ("officer", "HOSC-0001", frozenset(
        {"acknowledge", "note_progress", "complete", "request_extension", "comment"})),
    "officer who does not owe it": ("officer", "HOSC-0004", frozenset()),
    "chair of the committee": ("chair", "HOSC-0002", frozenset({"comment", "accept"})),
    "viewer": ("viewer", "HOSC-0004", frozenset()),
    "clerk of another committee": ("jhosc_clerk", "HOSC-0004", frozenset()),
    "clerk of the committee": ("clerk", "HOSC-0004", frozenset(EVERY_MOVE) - {"request_extension"}),
    "admin": ("admin", "HOSC-0004", frozenset(EVERY_MOVE) - {"request_extension"}),
}
ROLE_MOVES = [(role, name) for role in MAY_MOVE for name in EVERY_MOVE]

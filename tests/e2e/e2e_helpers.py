"""What the web tests share besides fixtures: the demo users, CSRF tokens, signing in and posting forms."""

from __future__ import annotations

import re

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

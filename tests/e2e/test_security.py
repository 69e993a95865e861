"""Security over HTTP on the demo: forged forms, headers, the session cookie, signing in, redirects, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import quote
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import DEMO_USERS, csrf_token, post_form
from limits.errors import ConfigurationError
from web import create_app, limiter
from tracker.domain.errors import NotFoundError

SCRIPT = '<script>alert("minutes")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;minutes&#34;)&lt;/script&gt;"


def version(app: Flask, reference: str) -> int:
    return app.extensions["tracker"].tracker.action(reference)["version"]


def hosc_meeting(app: Flask) -> dict[str, Any]:
    """The HOSC meeting held recently (where HOSC-0004 arose)."""
    read = app.extensions["tracker"].read
    committee = read.query("committee_by_short_name", "HOSC")
    return read.query("meetings", UUID(committee["id"]))[1]


def owner_id(app: Flask, name: str = "Alison Roberts") -> str:
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def sign_in_attempt(client: FlaskClient, who: str, password: str | None = None, query: str = ""):  # type: ignore[no-untyped-def]
    email, right = DEMO_USERS[who]
    return client.post(f"/sign-in{query}", data={"email": email, "password": right if password is None else password,
                                                  "csrf_token": csrf_token(client)})


# Forged forms


def test_a_move_posted_without_the_form_token_is_refused_and_nothing_is_written(app: Flask, signed_in) -> None:
    before = version(app, "HOSC-0004")
    response = signed_in("clerk").post("/actions/HOSC-0004/comment", data={"text": "Forged from another site."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form had expired or was sent from elsewhere." in page and 'class="govuk-template' in page
    assert version(app, "HOSC-0004") == before


def test_a_move_posted_with_a_made_up_token_is_refused(app: Flask, signed_in) -> None:
    before = version(app, "HOSC-0004")
    response = signed_in("clerk").post("/actions/HOSC-0004/comment", data={"text": "Forged.", "csrf_token": "guess"})
    assert response.status_code == 400
    assert version(app, "HOSC-0004") == before


def test_logging_an_undertaking_without_the_form_token_is_refused_and_nothing_is_logged(app: Flask, signed_in) -> None:
    meeting = hosc_meeting(app)
    response = signed_in("clerk").post(f"/meetings/{meeting['id']}/actions", data={
        "title": "Forged undertaking", "owner_id": owner_id(app), "kind": "other", "due_choice": "none"})
    assert response.status_code == 400
    with pytest.raises(NotFoundError):
        app.extensions["tracker"].tracker.action("HOSC-0005")


def test_adding_a_person_or_a_user_without_the_form_token_is_refused(app: Flask, signed_in) -> None:
    read = app.extensions["tracker"].read
    people, users = len(read.query("people")), len(read.query("users"))
    assert signed_in("clerk").post("/people", data={"name": "Forged Person"}).status_code == 400
    assert signed_in("admin").post("/admin/users", data={
        "email": "forged@example.org", "name": "Forged", "role": "admin", "password": "long-enough-1"}).status_code == 400
    assert (len(read.query("people")), len(read.query("users"))) == (people, users)


def test_signing_in_without_the_form_token_is_refused(app: Flask) -> None:
    email, password = DEMO_USERS["clerk"]
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 400
    assert client.get("/").status_code == 302, "no session was started"


# Headers


@pytest.mark.parametrize(("who", "path"), [
    (None, "/sign-in"),
    ("clerk", "/"),
    ("clerk", "/committees/HOSC"),
    ("clerk", "/actions/HOSC-0001"),
    ("admin", "/admin/users"),
    ("viewer", "/no/such/page"),
])
def test_pages_carry_the_security_headers(app: Flask, signed_in, who: str | None, path: str) -> None:
    client = signed_in(who) if who else app.test_client()
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/committees/HOSC", "/actions/HOSC-0001", "/people", "/admin/users"])
def test_signed_in_pages_are_not_kept_in_caches(signed_in, path: str) -> None:
    assert signed_in("admin").get(path).headers["Cache-Control"] == "no-store"


def script_policy(response) -> str:  # type: ignore[no-untyped-def]
    """The script-src directive of a response's content security policy."""
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";")]
    return next(d for d in directives if d.startswith("script-src"))


def scripts(page: str) -> list[str]:
    """The opening tags of every <script> on a page."""
    return re.findall(r"<script\b[^>]*>", page)


@pytest.mark.parametrize(("who", "path", "status"), [
    (None, "/sign-in", 200),
    (None, "/public", 200),
    (None, "/public/HOSC", 200),
    (None, "/calendar/owner/nobody.ics?token=forged", 403),
    ("clerk", "/", 200),
    ("clerk", "/committees/HOSC", 200),
    ("clerk", "/committees/HOSC?status=bogus", 400),
    ("clerk", "/actions/HOSC-0001", 200),
    ("chair", "/people", 200),
    ("admin", "/admin/users", 200),
    ("viewer", "/no/such/page", 404),
])
def test_no_page_has_an_inline_script_and_the_policy_allows_none(app: Flask, signed_in, who: str | None, path: str,
                                                                   status: int) -> None:
    response = (signed_in(who) if who else app.test_client()).get(path)
    assert response.status_code == status
    assert script_policy(response) == "script-src 'self'", "no nonce, no 'unsafe-inline', no other source"
    tags = scripts(response.get_data(as_text=True))
    assert tags and all(re.search(r'\bsrc="/assets/[\w.-]+\.js"', tag) for tag in tags), tags
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", response.get_data(as_text=True)), "a script with a body"


def test_the_page_says_javascript_runs_from_a_file_loaded_first_in_the_body(app: Flask) -> None:
    page = app.test_client().get("/sign-in").get_data(as_text=True)
    body = page.split("<body", 1)[1].split(">", 1)[1].lstrip()
    assert body.startswith('<script src="/assets/js-enabled.js"></script>'), body[:200]
    served = app.test_client().get("/assets/js-enabled.js")
    assert served.status_code == 200 and "javascript" in served.headers["Content-Type"]
    assert "js-enabled" in served.get_data(as_text=True) and "govuk-frontend-supported" in served.get_data(as_text=True)


def test_the_pages_for_an_expired_form_and_too_many_sign_ins_have_no_inline_script(app: Flask, signed_in) -> None:
    expired = signed_in("clerk").post("/actions/HOSC-0004/comment", data={"text": "No token."})
    assert expired.status_code == 400
    client = app.test_client()
    for n in range(11):
        limited = sign_in_attempt(client, "clerk", password=f"guess-{n}")
    assert limited.status_code == 429
    for response in (expired, limited):
        assert script_policy(response) == "script-src 'self'"
        assert all("src=" in tag for tag in scripts(response.get_data(as_text=True)))


# Signing out


def test_signing_out_with_the_form_token_ends_the_session_and_goes_to_sign_in(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    assert client.get("/").status_code == 200
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    with client.session_transaction() as session:
        assert "email" not in session, "the session still names the user"
    assert client.get("/").status_code == 302, "a page that needs signing in sends the user to sign in again"
    assert client.get("/").headers["Location"].startswith("/sign-in")
    assert "You have signed out." in client.get("/sign-in").get_data(as_text=True)


def test_signing_out_without_the_form_token_is_refused_and_the_user_stays_signed_in(signed_in) -> None:
    client = signed_in("clerk")
    response = client.post("/sign-out")
    assert response.status_code == 400
    assert "The form had expired or was sent from elsewhere." in response.get_data(as_text=True)
    assert client.get("/").status_code == 200, "a forged sign-out signed the user out"


def test_signing_out_is_only_by_the_form_so_a_link_or_image_cannot_sign_anyone_out(signed_in) -> None:
    client = signed_in("clerk")
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "That cannot be done here" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


# The session cookie


def test_the_session_cookie_is_http_only_and_same_site_lax(app: Flask) -> None:
    response = sign_in_attempt(app.test_client(), "clerk")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_outside_development_the_session_cookie_is_secure_too(app: Flask) -> None:
    for environment in ("production", "staging", "test", ""):
        settings = replace(app.extensions["settings"], environment=environment)
        served = create_app(settings, services=app.extensions["tracker"])
        response = served.test_client().get("/sign-in")  # the CSRF token starts a session
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
        assert "Secure" in cookie and "HttpOnly" in cookie, environment
    page = app.test_client().get("/sign-in")
    assert "Secure" not in next(c for c in page.headers.getlist("Set-Cookie") if c.startswith("session="))


# Signing in


def test_a_wrong_password_is_refused_with_a_message_and_no_session(app: Flask) -> None:
    client = app.test_client()
    response = sign_in_attempt(client, "clerk", password="not-the-password")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and "The e-mail address or password is not right" in page
    assert 'value="clerk.hosc@example.org"' in page, "the e-mail address is kept"
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=") and "email" in c]
    assert client.get("/").status_code == 302, "still not signed in"


def test_an_unknown_address_gets_the_same_message_as_a_wrong_password(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "nobody@example.org", "password": "whatever1",
                                             "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert "The e-mail address or password is not right" in response.get_data(as_text=True)


def test_signing_in_is_refused_after_ten_attempts_a_minute_even_with_the_right_password(app: Flask) -> None:
    client = app.test_client()
    codes = [sign_in_attempt(client, "clerk", password=f"guess-{n}").status_code for n in range(10)]
    assert codes == [400] * 10
    limited = sign_in_attempt(client, "clerk")
    assert limited.status_code == 429
    assert "Too many sign-in attempts. Wait a minute and try again." in limited.get_data(as_text=True)
    assert client.get("/").status_code == 302, "the right password did not sign in while limited"


def test_the_rate_limit_keeps_its_counts_where_the_setting_says(app: Flask) -> None:
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert type(limiter.storage).__name__ == "MemoryStorage"
    # A store the setting names is the one used: one that cannot be used stops the app at start, saying why.
    with pytest.raises(ConfigurationError, match="nosuchstore"):
        create_app(replace(app.extensions["settings"], ratelimit_storage_uri="nosuchstore://127.0.0.1"),
                   services=app.extensions["tracker"])


@pytest.mark.parametrize("target", [
    "//evil.example", "///evil.example", "https://evil.example/", "http:evil.example", "/\\evil.example",
    "\\\\evil.example", " //evil.example",
])
def test_signing_in_never_sends_the_user_to_another_site(app: Flask, target: str) -> None:
    response = sign_in_attempt(app.test_client(), "clerk", query=f"?next={quote(target, safe='')}")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), f"{target!r} sent the user to {location}"


def test_signing_in_returns_to_a_page_on_this_site(app: Flask) -> None:
    response = sign_in_attempt(app.test_client(), "clerk", query="?next=%2Factions%2FHOSC-0004")
    assert response.headers["Location"] == "/actions/HOSC-0004"


# Escaping what people typed


@pytest.fixture
def scripted(app: Flask, signed_in) -> dict[str, Any]:
    """An undertaking logged through the form with script in every field a clerk types from the minutes."""
    meeting = hosc_meeting(app)
    response = post_form(signed_in("clerk"), f"/meetings/{meeting['id']}/actions", {
        "minute_ref": "4<b>", "title": f"Report {SCRIPT}", "source_quote": f"The Chairman said {SCRIPT}",
        "detail": f"Detail {SCRIPT}", "raised_by": f"Cllr {SCRIPT}", "owner_id": owner_id(app), "kind": "other",
        "due_choice": "none",
    }, page=f"/meetings/{meeting['id']}")
    assert response.status_code == 302
    return meeting


@pytest.mark.parametrize("page", ["action", "log", "search", "meeting", "public log"])
def test_script_from_the_minutes_is_shown_as_text_not_run(app: Flask, signed_in, scripted: dict[str, Any],
                                                          page: str) -> None:
    path = {"action": "/actions/HOSC-0005", "log": "/committees/HOSC", "search": "/committees/HOSC?q=report",
            "meeting": f"/meetings/{scripted['id']}", "public log": "/public/HOSC"}[page]
    client = app.test_client() if page == "public log" else signed_in("clerk")
    html = client.get(path).get_data(as_text=True)
    assert "HOSC-0005" in html
    assert SCRIPT not in html and ESCAPED in html
    assert "4<b>" not in html


def test_script_in_a_progress_update_and_a_comment_is_shown_as_text(app: Flask, signed_in) -> None:
    officer, chair = signed_in("officer"), signed_in("chair")
    post_form(officer, "/actions/HOSC-0001/note_progress", {"text": f"Update {SCRIPT}"}, page="/actions/HOSC-0001")
    post_form(chair, "/actions/HOSC-0001/comment", {"text": f"Comment {SCRIPT}"}, page="/actions/HOSC-0001")
    html = signed_in("clerk").get("/actions/HOSC-0001").get_data(as_text=True)
    assert SCRIPT not in html and html.count(ESCAPED) >= 2


def test_a_persons_name_with_html_is_shown_as_text_wherever_it_appears(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    name = '<img src=x onerror="alert(1)">Ann'
    added = post_form(clerk, "/people", {"name": name, "organisation": "<b>Trust</b>", "email": "ann@example.org"})
    assert added.status_code == 302
    person_path = added.headers["Location"]
    new_id = person_path.rsplit("/", 1)[1]
    post_form(clerk, "/actions/HOSC-0004/reassign", {"owner_id": new_id, "reason": "Ann leads now."}, page="/actions/HOSC-0004")
    for path in ("/people", person_path, "/actions/HOSC-0004", "/committees/HOSC", "/meetings/" + hosc_meeting(app)["id"], "/"):
        html = clerk.get(path).get_data(as_text=True)
        assert "<img src=x" not in html and "<b>Trust</b>" not in html, path
        assert "&lt;img src=x onerror=" in html, path


def test_an_evidence_link_must_be_a_web_address(app: Flask, signed_in) -> None:
    before = version(app, "HOSC-0001")
    response = post_form(signed_in("officer"), "/actions/HOSC-0001/complete",
                         {"response": "Done.", "evidence": "javascript:alert(document.cookie)"}, page="/actions/HOSC-0001")
    assert response.status_code == 400
    assert "Each evidence link must be a web address starting http:// or https://." in response.get_data(as_text=True)
    assert version(app, "HOSC-0001") == before

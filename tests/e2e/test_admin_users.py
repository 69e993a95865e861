"""Admins manage accounts on the users pages: roles and directory entries, new passwords, API tokens, and
deactivating (after a confirmation) and reactivating; nobody else may, and no admin can lock themselves out."""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import DEMO_USERS, csrf_token, post_form
from tracker.domain.values import Role


def text(page: str) -> str:
    """What a reader sees: the page without tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def error_summary(page: str) -> list[tuple[str, str]]:
    """The GOV.UK error summary's messages, each with the field it links to."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    links = re.findall(r'<a href="(#[^"]*)">(.*?)</a>', found.group(1), re.S)
    return [(href, htmllib.unescape(message).strip()) for href, message in links]


def tracker(app: Flask) -> Any:
    return app.extensions["tracker"].tracker


def account(app: Flask, who: str) -> dict[str, Any]:
    return tracker(app).user(DEMO_USERS[who][0])


def page_of(app: Flask, who: str) -> str:
    return f"/admin/users/{account(app, who)['id']}"


def person(app: Flask, name: str) -> dict[str, Any]:
    return next(p for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def sign_in_with(app: Flask, email: str, password: str) -> tuple[int, str]:
    """Sign in through the real form: the status and the page."""
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
    return response.status_code, response.get_data(as_text=True)


def api_status(client: FlaskClient, token: str) -> int:
    return client.get("/api/v1/committees", headers={"Authorization": f"Bearer {token}"}).status_code


# Roles and directory entries


def test_an_admin_makes_the_viewer_a_clerk_of_the_hosc_and_the_viewer_acts_as_one_at_once(
    app: Flask, signed_in
) -> None:
    admin, viewer = signed_in("admin"), signed_in("viewer")
    before, path = account(app, "viewer"), page_of(app, "viewer")
    hosc_clerk = person(app, "HOSC Scrutiny Officer")["id"]
    response = post_form(admin, path + "/role", {
        "role": "clerk", "person_id": hosc_clerk, "expected_version": str(before["version"])}, page=path)
    assert response.status_code == 302
    said = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved the role and directory entry of viewer@example.org." in said
    after = account(app, "viewer")
    assert (after["role"], str(after["person_id"])) == ("clerk", hosc_clerk)
    listing = text(admin.get("/admin/users").get_data(as_text=True))
    assert "viewer@example.org Demo Viewer Clerk HOSC Scrutiny Officer Active" in listing
    assert "Signed in as Demo Viewer (clerk)" in text(viewer.get("/").get_data(as_text=True)), "no sign-in needed"


def test_a_role_change_without_a_role_asks_for_one_and_changes_nothing(app: Flask, signed_in) -> None:
    path = page_of(app, "viewer")
    response = post_form(signed_in("admin"), path + "/role", {"role": "", "person_id": ""}, page=path)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [("#role", "Choose a role.")]
    assert account(app, "viewer")["role"] == "viewer"


def test_an_admin_cannot_take_the_admin_role_from_themselves(app: Flask, signed_in) -> None:
    path = page_of(app, "admin")
    response = post_form(signed_in("admin"), path + "/role", {"role": "viewer", "person_id": ""}, page=path)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#role", "You cannot take the admin role from your own account: ask another admin to do it.")]
    assert account(app, "admin")["role"] == "admin"


def test_a_role_change_sent_against_a_stale_version_is_refused_and_keeps_what_was_chosen(app: Flask, signed_in) -> None:
    seen = account(app, "officer")["version"]
    # Another admin links the account to someone else in the directory meanwhile.
    tracker(app).change_role(DEMO_USERS["officer"][0], actor="user:head.of.service@example.org", role=Role.OFFICER,
                             person_id=UUID(person(app, "Alison Roberts")["id"]))
    path = page_of(app, "officer")
    response = post_form(signed_in("admin"), path + "/role",
                         {"role": "chair", "person_id": "", "expected_version": str(seen)}, page=path)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    [(href, message)] = error_summary(page)
    assert href == "#role" and "changed by someone else meanwhile" in message
    assert re.search(r'<option value="chair" selected', page), "the admin's choice is kept"
    assert account(app, "officer")["role"] == "officer"


# Passwords


def test_an_admin_sets_a_new_password_that_works_at_once_and_is_never_shown(app: Flask, signed_in) -> None:
    email, old = DEMO_USERS["chair"]
    path = page_of(app, "chair")
    response = post_form(signed_in("admin"), path + "/password", {"password": "a-fresh-password-9"}, page=path)
    assert response.status_code == 302
    shown = signed_in("admin").get(path).get_data(as_text=True)
    assert "a-fresh-password-9" not in shown
    assert sign_in_with(app, email, "a-fresh-password-9")[0] == 302
    assert sign_in_with(app, email, old)[0] == 400


def test_a_short_password_is_refused_never_shown_back_and_the_old_one_still_works(app: Flask, signed_in) -> None:
    email, old = DEMO_USERS["chair"]
    path = page_of(app, "chair")
    response = post_form(signed_in("admin"), path + "/password", {"password": "short"}, page=path)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [("#password", "Choose a password of 8 to 200 characters.")]
    assert 'value="short"' not in page
    assert sign_in_with(app, email, old)[0] == 302


# API tokens


def test_an_admin_sees_a_users_api_tokens_by_id_and_date_but_never_their_secrets(app: Flask, signed_in) -> None:
    email = DEMO_USERS["clerk"][0]
    token = tracker(app).issue_token(email, actor="cli:ops")
    _, token_id, secret = token.split(".")
    page = signed_in("admin").get(page_of(app, "clerk")).get_data(as_text=True)
    assert token_id in page and "ops (command line)" in text(page)
    assert secret not in page and token not in page


def test_a_token_revoked_on_the_users_page_is_refused_by_the_api(app: Flask, signed_in) -> None:
    email = DEMO_USERS["clerk"][0]
    token = tracker(app).issue_token(email, actor="cli:ops")
    token_id = token.split(".")[1]
    api = app.test_client()
    assert api_status(api, token) == 200
    path = page_of(app, "clerk")
    response = post_form(signed_in("admin"), f"{path}/tokens/{token_id}/revoke", {}, page=path)
    assert response.status_code == 302
    assert api_status(api, token) == 401
    assert tracker(app).api_tokens(email) == []


def test_revoking_a_token_the_user_does_not_hold_says_so(app: Flask, signed_in) -> None:
    path = page_of(app, "clerk")
    response = post_form(signed_in("admin"), f"{path}/tokens/nosuchtoken/revoke", {}, page=path)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#tokens", "The account clerk.hosc@example.org holds no token nosuchtoken: it may be revoked already.")]


# Deactivating and reactivating


def test_deactivating_asks_for_confirmation_first_and_changes_nothing_until_confirmed(app: Flask, signed_in) -> None:
    page = text(signed_in("admin").get(page_of(app, "officer") + "/deactivate").get_data(as_text=True))
    assert "Deactivate Director of ICS Development (director.ics@example.org)?" in page
    assert "Yes, deactivate the account" in page and "No, keep it active" in page
    assert account(app, "officer")["active"]


def test_a_deactivated_user_cannot_sign_in_is_signed_out_and_their_api_tokens_stop_working(
    app: Flask, signed_in
) -> None:
    email, password = DEMO_USERS["officer"]
    token = tracker(app).issue_token(email, actor="cli:ops")
    officer, api = signed_in("officer"), app.test_client()
    assert api_status(api, token) == 200
    path, admin = page_of(app, "officer"), signed_in("admin")
    response = post_form(admin, path + "/deactivate", {"expected_version": str(account(app, "officer")["version"])},
                         page=path + "/deactivate")
    assert response.status_code == 302
    assert "Deactivated director.ics@example.org" in admin.get(response.headers["Location"]).get_data(as_text=True)
    status, page = sign_in_with(app, email, password)
    assert status == 400 and "The e-mail address or password is not right" in page
    assert officer.get("/").status_code == 302, "the session they had is over"
    assert api_status(api, token) == 401
    assert tracker(app).api_tokens(email) == []
    assert "director.ics@example.org Director of ICS Development Officer David Mehaffey Deactivated" in text(
        admin.get("/admin/users").get_data(as_text=True))


def test_an_admin_cannot_deactivate_themselves(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    path = page_of(app, "admin")
    assert "You cannot deactivate your own account" in admin.get(path).get_data(as_text=True)
    confirm = admin.get(path + "/deactivate").get_data(as_text=True)
    assert "You cannot deactivate your own account" in confirm and "Yes, deactivate" not in confirm
    response = post_form(admin, path + "/deactivate", {}, page=path)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#status", "You cannot deactivate your own account: ask another admin to do it.")]
    assert account(app, "admin")["active"]


def test_a_reactivated_user_signs_in_again_but_their_old_tokens_stay_revoked(app: Flask, signed_in) -> None:
    email, password = DEMO_USERS["viewer"]
    token = tracker(app).issue_token(email, actor="cli:ops")
    tracker(app).deactivate_user(email, actor="user:admin@example.org")
    path = page_of(app, "viewer")
    admin = signed_in("admin")
    assert "Reactivate this account" in admin.get(path).get_data(as_text=True)
    response = post_form(admin, path + "/reactivate", {}, page=path)
    assert response.status_code == 302
    assert sign_in_with(app, email, password)[0] == 302
    assert api_status(app.test_client(), token) == 401


def test_reactivating_an_active_account_says_it_is_active_already(app: Flask, signed_in) -> None:
    path = page_of(app, "viewer")
    admin = signed_in("admin")
    response = admin.post(path + "/reactivate", data={"csrf_token": csrf_token(admin, path)})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#status", "The account viewer@example.org is active already.")]


# Who may


@pytest.mark.parametrize("who", ["clerk", "officer", "chair", "viewer"])
def test_nobody_but_an_admin_opens_or_changes_an_account(app: Flask, signed_in, who: str) -> None:
    client = signed_in(who)
    token = tracker(app).issue_token(DEMO_USERS["jhosc_clerk"][0], actor="cli:ops")
    path = f"/admin/users/{tracker(app).user(DEMO_USERS['jhosc_clerk'][0])['id']}"
    before = tracker(app).user(DEMO_USERS["jhosc_clerk"][0])
    form = {"csrf_token": csrf_token(client, "/people")}
    assert client.get(path).status_code == 403
    assert client.get(path + "/deactivate").status_code == 403
    for action, data in [("/role", {"role": "admin"}), ("/password", {"password": "taken-over-1"}), ("/deactivate", {}),
                         ("/reactivate", {}), (f"/tokens/{token.split('.')[1]}/revoke", {})]:
        assert client.post(path + action, data={**form, **data}).status_code == 403, action
    assert tracker(app).user(DEMO_USERS["jhosc_clerk"][0]) == before


def test_the_account_forms_need_their_form_token(app: Flask, signed_in) -> None:
    path = page_of(app, "viewer")
    admin = signed_in("admin")
    assert admin.post(path + "/role", data={"role": "admin"}).status_code == 400
    assert admin.post(path + "/deactivate", data={}).status_code == 400
    assert account(app, "viewer")["role"] == "viewer" and account(app, "viewer")["active"]


def test_an_unknown_account_is_not_found(signed_in) -> None:
    assert signed_in("admin").get("/admin/users/00000000-0000-0000-0000-000000000000").status_code == 404


# The command line


def run(instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_INSTANCE": str(instance)}
    env.pop("DATABASE_URL", None)
    tracker_command = str(Path(sys.executable).with_name("tracker"))
    return subprocess.run([tracker_command, *args], capture_output=True, text=True, env=env, timeout=120)


def test_the_command_line_changes_a_role_lists_and_revokes_tokens_and_deactivates(
    demo_instance: Path, tmp_path: Path
) -> None:
    instance = tmp_path / "instance"
    shutil.copytree(demo_instance, instance)
    email = DEMO_USERS["viewer"][0]
    assert run(instance, "users", "role", email, "--role", "chair").stdout.strip() == f"{email} is now chair."
    token_id = run(instance, "tokens", "create", email).stdout.strip().split(".")[1]
    listed = run(instance, "tokens", "list", email).stdout
    assert listed.startswith(token_id) and "issued" in listed
    assert run(instance, "tokens", "revoke", email, token_id).returncode == 0
    assert "holds no API tokens" in run(instance, "tokens", "list", email).stdout
    assert run(instance, "users", "deactivate", email).returncode == 0
    again = run(instance, "users", "deactivate", email)
    assert again.returncode == 1 and again.stderr.strip() == f"Error: The account {email} is already deactivated."
    assert run(instance, "users", "reactivate", email).returncode == 0

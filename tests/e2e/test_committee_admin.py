"""Admins register committees and change their details in the web; a change sent against a version someone else
has since changed is refused and explained, and nobody else may do either."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from e2e_helpers import csrf_token, post_form

ADMIN = "user:admin@example.org"


def text(page: str) -> str:
    """What a reader sees: the page without tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def error_summary(page: str) -> list[tuple[str, str]]:
    """The GOV.UK error summary's messages, each with the field it links to."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    links = re.findall(r'<a href="(#[^"]*)">(.*?)</a>', found.group(1), re.S)
    return [(href, htmllib.unescape(message).strip()) for href, message in links]


def field_value(page: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]*)"', page, re.S)
    return htmllib.unescape(found.group(1)) if found else None


def person_id(app: Flask, name: str) -> str:
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def committee(app: Flask, short_name: str) -> dict[str, Any]:
    return app.extensions["tracker"].tracker.committee(short_name)


def hosc_form(app: Flask, **changes: str) -> dict[str, str]:
    """The HOSC form as an admin sees it, with some fields changed."""
    hosc = committee(app, "HOSC")
    return {"name": hosc["name"], "authority": hosc["authority"], "chair_id": str(hosc["chair_id"]),
            "clerk_id": str(hosc["clerk_id"]), "public": "true", "expected_version": str(hosc["version"]), **changes}


# Registering


def test_an_admin_registers_a_committee_with_its_chair_and_clerk_and_its_log_opens(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    chair, clerk = person_id(app, "Cllr Adrian Hardman"), person_id(app, "HOSC Scrutiny Officer")
    response = post_form(admin, "/committees/new", {
        "short_name": "asc", "name": "Adult Social Care Scrutiny Panel", "authority": "Worcestershire County Council",
        "chair_id": chair, "clerk_id": clerk, "public": "false"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/committees/ASC")
    said = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Registered ASC: Adult Social Care Scrutiny Panel." in said
    asc = committee(app, "ASC")
    assert (str(asc["chair_id"]), str(asc["clerk_id"]), asc["public"]) == (chair, clerk, False)
    assert "Adult Social Care Scrutiny Panel (ASC)" in text(admin.get("/committees").get_data(as_text=True))
    assert "Add a meeting" in signed_in("clerk").get("/committees/ASC").get_data(as_text=True), "its clerk keeps it"


def test_registering_with_fields_missing_or_wrong_names_each_and_registers_nothing(app: Flask, signed_in) -> None:
    before = len(app.extensions["tracker"].read.query("committees"))
    response = post_form(signed_in("admin"), "/committees/new",
                         {"short_name": "1-bad", "name": "", "authority": "Barset"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [
        ("#short-name", "Use 2 to 10 letters or digits, starting with a letter, e.g. HOSC."),
        ("#name", "Enter the committee's name (at most 200 characters)."),
        ("#public", "Say whether the committee's action log is published."),
    ]
    assert 'id="public"' in page and 'id="short-name"' in page, "each message links to its field"
    assert field_value(page, "short_name") == "1-bad" and field_value(page, "authority") == "Barset"
    assert len(app.extensions["tracker"].read.query("committees")) == before


def test_a_short_name_in_use_is_refused_at_its_field(app: Flask, signed_in) -> None:
    hosc = committee(app, "HOSC")
    response = post_form(signed_in("admin"), "/committees/new",
                         {"short_name": "hosc", "name": "Another committee", "public": "true"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#short-name", "A committee with short name HOSC exists already: choose another.")]
    assert committee(app, "HOSC") == hosc


# Changing


def test_an_admin_changes_the_clerk_and_unpublishes_the_log(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    assert 'href="/committees/HOSC/change"' in admin.get("/committees").get_data(as_text=True)
    form = admin.get("/committees/HOSC/change").get_data(as_text=True)
    assert field_value(form, "name") == "Health Overview and Scrutiny Committee"
    jhosc_clerk = person_id(app, "JHOSC Scrutiny Officer")
    response = post_form(admin, "/committees/HOSC/change", hosc_form(app, clerk_id=jhosc_clerk, public="false"))
    assert response.status_code == 302
    assert "Saved the details of HOSC." in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert str(committee(app, "HOSC")["clerk_id"]) == jhosc_clerk and not committee(app, "HOSC")["public"]
    assert "(HOSC)" not in text(app.test_client().get("/public").get_data(as_text=True))
    assert "Add a meeting" in signed_in("jhosc_clerk").get("/committees/HOSC").get_data(as_text=True)
    assert "Add a meeting" not in signed_in("clerk").get("/committees/HOSC").get_data(as_text=True)


def test_a_change_with_a_blank_name_says_so_and_changes_nothing(app: Flask, signed_in) -> None:
    before = committee(app, "HOSC")
    response = post_form(signed_in("admin"), "/committees/HOSC/change", hosc_form(app, name="", authority="Barset"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [("#name", "Enter the committee's name (at most 200 characters).")]
    assert field_value(page, "authority") == "Barset"
    assert committee(app, "HOSC") == before


def test_a_stale_change_is_refused_lists_what_changed_and_keeps_what_was_typed(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    seen = hosc_form(app)
    # Someone else renames the committee while this admin has the form open.
    app.extensions["tracker"].tracker.change_committee("HOSC", actor=ADMIN, name="Health Scrutiny Committee")
    response = post_form(admin, "/committees/HOSC/change", {**seen, "authority": "Barsetshire County Council"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    said = text(page)
    assert "Someone else changed this committee while you were working on it" in said
    assert "Nothing you entered has been saved." in said
    assert ("Details changed by Demo Administrator" in said
            and "name: Health Overview and Scrutiny Committee → Health Scrutiny Committee" in said)
    assert field_value(page, "authority") == "Barsetshire County Council", "what the admin typed is kept"
    current = committee(app, "HOSC")
    assert (current["name"], current["authority"]) == ("Health Scrutiny Committee", "Worcestershire County Council")
    assert f'name="expected_version" value="{current["version"]}"' in page, "sending it again saves it"
    again = post_form(admin, "/committees/HOSC/change", {
        **seen, "name": current["name"], "authority": "Barsetshire County Council",
        "expected_version": str(current["version"])})
    assert again.status_code == 302 and committee(app, "HOSC")["authority"] == "Barsetshire County Council"


def test_an_undertaking_logged_meanwhile_is_no_conflict_with_a_change_of_details(app: Flask, signed_in) -> None:
    seen = hosc_form(app)
    app.extensions["tracker"].tracker.log_action(
        actor="user:clerk.hosc@example.org", committee="HOSC", title="Circulate the dementia strategy",
        owner_id=UUID(person_id(app, "Alison Roberts")), kind="circulate_document")
    response = post_form(signed_in("admin"), "/committees/HOSC/change", {**seen, "authority": "Barset Council"})
    assert response.status_code == 302
    assert committee(app, "HOSC")["authority"] == "Barset Council"


# Who may


@pytest.mark.parametrize("who", ["clerk", "officer", "chair", "viewer"])
def test_nobody_but_an_admin_registers_or_changes_a_committee(app: Flask, signed_in, who: str) -> None:
    client = signed_in(who)
    before = committee(app, "HOSC")
    listing = client.get("/committees").get_data(as_text=True)
    assert "Register a committee" not in listing and "/committees/HOSC/change" not in listing
    token = csrf_token(client, "/people")
    assert client.get("/committees/new").status_code == 403
    assert client.post("/committees/new", data={"csrf_token": token, "short_name": "TAKEN", "name": "Taken",
                                                "public": "true"}).status_code == 403
    assert client.get("/committees/HOSC/change").status_code == 403
    changed = {**hosc_form(app, name="Taken over"), "csrf_token": token}
    assert client.post("/committees/HOSC/change", data=changed).status_code == 403
    assert committee(app, "HOSC") == before
    assert app.extensions["tracker"].read.query("committee_by_short_name", "TAKEN") is None


def test_the_committee_forms_need_their_form_token(app: Flask, signed_in) -> None:
    admin = signed_in("admin")
    forged = {"short_name": "FORGED", "name": "Forged", "public": "true"}
    assert admin.post("/committees/new", data=forged).status_code == 400
    assert admin.post("/committees/HOSC/change", data=hosc_form(app, name="Forged")).status_code == 400
    assert app.extensions["tracker"].read.query("committee_by_short_name", "FORGED") is None
    assert committee(app, "HOSC")["name"] == "Health Overview and Scrutiny Committee"


def test_changing_an_unknown_committee_is_not_found(signed_in) -> None:
    assert signed_in("admin").get("/committees/NOPE/change").status_code == 404

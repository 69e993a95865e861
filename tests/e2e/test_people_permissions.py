"""Who may correct whom in the directory: an admin anyone; a clerk only people tied to committees they clerk (so
no clerk can redirect another committee's chasing e-mails); and the senior contact and the record of changes."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import csrf_token, post_form


def text(page: str) -> str:
    """What a reader sees: the page without tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def error_summary(page: str) -> list[tuple[str, str]]:
    """The GOV.UK error summary's messages, each with the field it links to."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    links = re.findall(r'<a href="(#[^"]*)">(.*?)</a>', found.group(1), re.S)
    return [(href, htmllib.unescape(message).strip()) for href, message in links]


def person(app: Flask, name: str) -> dict[str, Any]:
    return next(p for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def correct(client: FlaskClient, app: Flask, name: str, **changes: str):  # type: ignore[no-untyped-def]
    """Send the correction form for a person: their details as they are, with some changed."""
    p = person(app, name)
    fields = {k: p[k] or "" for k in ("name", "job_title", "organisation", "email")}
    fields["senior_contact_id"] = p["senior_contact_id"] or ""
    path = f"/people/{p['id']}"
    return client.post(path, data={**fields, "expected_version": str(p["version"]), **changes,
                                   "csrf_token": csrf_token(client, "/people")})


# Clerks and the committees people are tied to


def test_a_clerk_of_another_committee_may_not_change_the_e_mail_address_of_a_hosc_owner(app: Flask, signed_in) -> None:
    jhosc_clerk = signed_in("jhosc_clerk")
    before = person(app, "David Mehaffey")
    response = correct(jhosc_clerk, app, "David Mehaffey", email="someone.else@example.net")
    assert response.status_code == 403
    assert person(app, "David Mehaffey") == before
    page = text(jhosc_clerk.get(f"/people/{before['id']}").get_data(as_text=True))
    assert "Correct these details" not in page
    assert "Only an admin, or a clerk of every committee they are tied to (HOSC), can correct these details." in page


def test_the_hosc_clerk_corrects_a_hosc_owner(app: Flask, signed_in) -> None:
    response = correct(signed_in("clerk"), app, "David Mehaffey", email="d.mehaffey@example.nhs.uk")
    assert response.status_code == 302
    assert person(app, "David Mehaffey")["email"] == "d.mehaffey@example.nhs.uk"


def test_the_senior_contact_of_a_hosc_owner_is_tied_to_the_hosc_as_well_as_to_their_own_committee(
    app: Flask, signed_in
) -> None:
    # Simon Trickett owns an open HWB action and is the senior contact of a HOSC owner, so is copied into HOSC's
    # escalations: neither committee's clerk alone may change where they are written to.
    assert correct(signed_in("clerk"), app, "Simon Trickett", email="elsewhere@example.net").status_code == 403
    hwb_clerk = app.test_client()
    hwb_clerk.post("/sign-in", data={"email": "clerk.hwb@example.org", "password": "demo-clerk",
                                     "csrf_token": csrf_token(hwb_clerk)})
    assert correct(hwb_clerk, app, "Simon Trickett", email="elsewhere@example.net").status_code == 403
    assert correct(signed_in("admin"), app, "Simon Trickett", email="s.trickett@example.nhs.uk").status_code == 302
    assert person(app, "Simon Trickett")["email"] == "s.trickett@example.nhs.uk"


def test_a_committees_chair_is_tied_to_it(app: Flask, signed_in) -> None:
    assert correct(signed_in("jhosc_clerk"), app, "Chairman of the HOSC", job_title="Renamed").status_code == 403
    assert correct(signed_in("clerk"), app, "Chairman of the HOSC", job_title="Chairman").status_code == 302


def test_someone_tied_to_no_committee_may_be_corrected_by_any_clerk(app: Flask, signed_in) -> None:
    # Janet Cree owes nothing open, chairs and clerks nothing, and is nobody's senior contact.
    response = correct(signed_in("jhosc_clerk"), app, "Janet Cree", job_title="Director of Integration")
    assert response.status_code == 302
    assert person(app, "Janet Cree")["job_title"] == "Director of Integration"


def test_a_clerk_adds_anyone_to_the_directory(app: Flask, signed_in) -> None:
    response = post_form(signed_in("jhosc_clerk"), "/people", {"name": "Chief Nurse", "organisation": "Barset Trust"})
    assert response.status_code == 302
    assert person(app, "Chief Nurse")["organisation"] == "Barset Trust"


def test_an_admin_corrects_anyone(app: Flask, signed_in) -> None:
    assert correct(signed_in("admin"), app, "David Mehaffey", job_title="Chief Executive").status_code == 302


@pytest.mark.parametrize("who", ["officer", "chair", "viewer"])
def test_officers_chairs_and_viewers_may_not_correct_even_someone_tied_to_nothing(
    app: Flask, signed_in, who: str
) -> None:
    client = signed_in(who)
    before = person(app, "Janet Cree")
    assert correct(client, app, "Janet Cree", email="elsewhere@example.net").status_code == 403
    assert person(app, "Janet Cree") == before
    assert "Only an admin" not in client.get(f"/people/{before['id']}").get_data(as_text=True)


# The senior contact


def test_a_clerk_adds_a_person_with_a_senior_contact_and_their_page_shows_it(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    trickett = person(app, "Simon Trickett")
    assert 'name="senior_contact_id"' in clerk.get("/people").get_data(as_text=True)
    response = post_form(clerk, "/people", {
        "name": "Deputy Director of Nursing", "organisation": "Worcestershire Acute",
        "senior_contact_id": trickett["id"]})
    assert response.status_code == 302
    added = person(app, "Deputy Director of Nursing")
    assert added["senior_contact_id"] == trickett["id"]
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Senior contact Simon Trickett" in text(page)
    assert f'href="/people/{trickett["id"]}"' in page


def test_a_clerk_sets_and_then_clears_a_senior_contact(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    cree = person(app, "Janet Cree")
    assert correct(clerk, app, "Janet Cree", senior_contact_id=person(app, "Cllr Karen May")["id"]).status_code == 302
    assert person(app, "Janet Cree")["senior_contact_id"] == person(app, "Cllr Karen May")["id"]
    assert correct(clerk, app, "Janet Cree", senior_contact_id="").status_code == 302
    assert person(app, "Janet Cree")["senior_contact_id"] is None
    assert "Senior contact None recorded" in text(clerk.get(f"/people/{cree['id']}").get_data(as_text=True))


def test_a_person_cannot_be_their_own_senior_contact_and_nothing_changes(app: Flask, signed_in) -> None:
    cree = person(app, "Janet Cree")
    response = correct(signed_in("clerk"), app, "Janet Cree", senior_contact_id=cree["id"], job_title="Changed too")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#senior-contact-id", "A person cannot be their own senior contact: choose someone else or leave it blank.")]
    assert person(app, "Janet Cree") == cree


def test_a_senior_contact_who_is_not_in_the_directory_is_refused(app: Flask, signed_in) -> None:
    cree = person(app, "Janet Cree")
    response = correct(signed_in("clerk"), app, "Janet Cree", senior_contact_id="00000000-0000-0000-0000-000000000001")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        ("#senior-contact-id", "Choose the senior contact from the list.")]
    assert person(app, "Janet Cree") == cree


# Who changed what


def test_a_persons_page_shows_who_changed_their_details_when_and_from_what(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    old = person(app, "David Mehaffey")["email"]
    assert correct(clerk, app, "David Mehaffey", email="d.mehaffey@example.nhs.uk").status_code == 302
    page = text(clerk.get(f"/people/{person(app, 'David Mehaffey')['id']}").get_data(as_text=True))
    assert "Changes to these details" in page
    assert "Details corrected by HOSC Scrutiny Officer," in page
    assert f"E-mail: {old} → d.mehaffey@example.nhs.uk" in page
    assert "Senior contact: none → Simon Trickett" in page, "the demo's own correction, by name"


def test_a_persons_page_shows_only_the_last_five_changes_newest_first(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    for n in range(1, 7):
        assert correct(clerk, app, "Janet Cree", job_title=f"Title {n}").status_code == 302
    page = text(clerk.get(f"/people/{person(app, 'Janet Cree')['id']}").get_data(as_text=True))
    shown = re.findall(r"Job title: (?:none|Title \d|[^→]+?) → (Title \d)", page)
    assert shown == ["Title 6", "Title 5", "Title 4", "Title 3", "Title 2"]
    assert "Added to the directory" not in page


def test_a_person_can_be_added_without_an_e_mail_address(app: Flask, signed_in) -> None:
    response = post_form(signed_in("clerk"), "/people", {"name": "Board Secretary", "email": " "})
    assert response.status_code == 302
    assert person(app, "Board Secretary")["email"] == ""


def test_a_senior_contacts_name_and_the_changes_are_shown_escaped(app: Flask, signed_in) -> None:
    clerk = signed_in("clerk")
    added = post_form(clerk, "/people", {"name": '<script>alert("x")</script>', "job_title": "<b>Director</b>"})
    senior_id = added.headers["Location"].rsplit("/", 1)[1]
    junior = post_form(clerk, "/people", {"name": "Deputy", "senior_contact_id": senior_id})
    page = clerk.get(junior.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<b>Director" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page

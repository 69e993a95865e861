"""The public action logs and the calendar feeds, over HTTP on the demo, with no one signed in."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from flask import Flask
from icalendar import Calendar

from web.pages import public
from web.pages.ical import feed_url


def person_id(app: Flask, name: str) -> str:
    """A demo person's id, by name."""
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def signed_feed(app: Flask, kind: str, key: str) -> str:
    """The path and token of a feed, as the Subscribe link gives it."""
    with app.test_request_context():
        return feed_url(kind, key).removeprefix("http://localhost")


def events(body: bytes) -> dict[str, dict]:
    """The feed's events by UID, each with its summary, description and start."""
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): {"summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]),
                            "start": e.decoded("DTSTART"), "end": e.decoded("DTEND")}
            for e in calendar.walk("VEVENT")}


# The public log


def test_the_published_logs_list_only_public_committees(app: Flask) -> None:
    html = app.test_client().get("/public").get_data(as_text=True)
    for short in ("HOSC", "HWB", "JHOSC"):
        assert f'href="/public/{short}"' in html
    assert "AWSC" not in html and "HFHWB" not in html
    assert '<caption class="govuk-table__caption' in html and 'scope="col"' in html


def test_a_public_log_shows_titles_statuses_and_updates_but_nothing_internal(app: Flask) -> None:
    response = app.test_client().get("/public/HOSC")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Report back on ICS finances and any dips in service performance" in html
    assert "HOSC-0004" in html and "govuk-tag--red" in html and "Acknowledged" in html
    assert "Minute 4" in html and "Alison Roberts" in html
    assert "Finance section drafted" in html  # the owner's latest progress update is published
    assert "@example.org" not in html and "mailto:" not in html
    assert "This is now overdue. Please can the Associate Director" not in html  # a comment
    assert "The Place board that signs off the map" not in html  # an extension reason
    assert "A short briefing compares the ICS" not in html  # a completion response
    assert "/actions/" not in html  # internal pages are not linked


def test_a_public_log_is_paginated(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(public, "PER_PAGE", 3)
    client = app.test_client()
    first = client.get("/public/HOSC").get_data(as_text=True)
    assert "4 undertakings, page 1 of 2" in first and 'href="/public/HOSC?page=2"' in first
    second = client.get("/public/HOSC?page=2").get_data(as_text=True)
    assert "page 2 of 2" in second and len(re.findall(r">HOSC-\d{4}<", second)) == 1
    assert client.get("/public/HOSC?page=banana").status_code == 200


def test_a_committee_that_does_not_publish_is_not_found(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/public/AWSC").status_code == 404
    assert client.get("/public/NOPE").status_code == 404


def test_a_signed_in_user_sees_no_e_mail_addresses_on_a_public_log_either(signed_in) -> None:
    html = signed_in("viewer").get("/public/HOSC").get_data(as_text=True)
    assert "HOSC-0001" in html and "@example.org" not in html


def test_titles_are_escaped_on_the_public_log(app: Flask) -> None:
    tracker = app.extensions["tracker"].tracker
    tracker.log_action(actor="user:clerk.hosc@example.org", committee="HOSC", title="<script>alert(1)</script>",
                       owner_id=UUID(person_id(app, "Alison Roberts")), kind="other")
    html = app.test_client().get("/public/HOSC").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# The calendar feeds


def test_a_committee_feed_has_an_all_day_event_per_open_action_with_a_due_date(app: Flask) -> None:
    response = app.test_client().get(signed_feed(app, "committee", "HOSC"))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    found = events(response.get_data())
    # HOSC-0002 is completed and HOSC-0003 closed: only the open ones with due dates are in the feed.
    assert set(found) == {"hosc-0001@scrutiny-action-tracker", "hosc-0004@scrutiny-action-tracker"}
    overdue = found["hosc-0004@scrutiny-action-tracker"]
    assert overdue["summary"] == "HOSC-0004: Report back on ICS finances and any dips in service performance"
    assert "Alison Roberts" in overdue["description"]
    assert "http://localhost/actions/HOSC-0004" in overdue["description"]
    assert (overdue["end"] - overdue["start"]).days == 1 and not hasattr(overdue["start"], "hour")


def test_a_public_committee_feed_is_open_without_a_token(app: Flask) -> None:
    response = app.test_client().get("/calendar/committee/HOSC.ics")
    assert response.status_code == 200 and len(events(response.get_data())) == 2


def test_a_private_committee_feed_needs_its_token(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/calendar/committee/AWSC.ics").status_code == 403
    assert client.get(signed_feed(app, "committee", "AWSC")).status_code == 200


def test_an_owner_feed_lists_what_they_owe(app: Flask) -> None:
    mehaffey = person_id(app, "David Mehaffey")
    response = app.test_client().get(signed_feed(app, "owner", mehaffey))
    assert response.status_code == 200
    found = events(response.get_data())
    assert list(found) == ["hosc-0001@scrutiny-action-tracker"]  # HOSC-0002 is completed
    assert "David Mehaffey" in found["hosc-0001@scrutiny-action-tracker"]["description"]


def test_an_event_keeps_its_uid_when_the_due_date_changes(app: Flask) -> None:
    from datetime import date

    client = app.test_client()
    path = signed_feed(app, "committee", "HOSC")
    app.extensions["tracker"].tracker.change_due_date(
        "HOSC-0004", actor="user:clerk.hosc@example.org", due=date(2027, 1, 15), reason="Agreed at the meeting.")
    moved = events(client.get(path).get_data())["hosc-0004@scrutiny-action-tracker"]
    assert moved["start"] == date(2027, 1, 15)


@pytest.mark.parametrize("token", ["", "nonsense", "WyIvY2FsZW5kYXIvb3duZXIveC5pY3MiXQ.bad"])
def test_a_bad_feed_token_is_refused(app: Flask, token: str) -> None:
    mehaffey = person_id(app, "David Mehaffey")
    response = app.test_client().get(f"/calendar/owner/{mehaffey}.ics?token={token}")
    assert response.status_code == 403
    assert "This calendar link is not valid" in response.get_data(as_text=True)


def test_a_token_opens_only_the_feed_it_was_signed_for(app: Flask) -> None:
    other = person_id(app, "Alison Roberts")
    token = signed_feed(app, "owner", person_id(app, "David Mehaffey")).split("token=")[1]
    assert app.test_client().get(f"/calendar/owner/{other}.ics?token={token}").status_code == 403
    hosc_token = signed_feed(app, "committee", "HOSC").split("token=")[1]
    assert app.test_client().get(f"/calendar/committee/AWSC.ics?token={hosc_token}").status_code == 403


def test_the_public_log_and_the_review_offer_a_subscribe_link(app: Flask, signed_in) -> None:
    html = app.test_client().get("/public/HOSC").get_data(as_text=True)
    assert 'href="http://localhost/calendar/committee/HOSC.ics"' in html and "Subscribe" in html
    read = app.extensions["tracker"].read
    hosc = read.query("committee_by_short_name", "HOSC")
    meeting = [m for m in read.query("meetings", UUID(hosc["id"])) if m["status"] == "scheduled"][0]
    review = signed_in("chair").get(f"/meetings/{meeting['id']}/review").get_data(as_text=True)
    link = re.search(r'href="(http://localhost/calendar/committee/HOSC\.ics\?token=[^"]+)"', review)
    assert link and app.test_client().get(link.group(1).removeprefix("http://localhost")).status_code == 200

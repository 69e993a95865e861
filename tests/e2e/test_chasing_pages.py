"""E-mailed update links and the clerk's chasing pages, through the Flask client on a copy of the demo."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import csrf_token, post_form
from tracker.domain.calendar import LONDON, WorkingCalendar, london_today

OWNER = "Alison Roberts"  # owes HOSC-0004 in the demo


def person_id(app: Flask, name: str) -> str:
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def link(app: Flask, reference: str = "HOSC-0004", name: str = OWNER) -> str:
    return "/update/" + app.extensions["tracker"].links.token(person_id(app, name), reference)


def state(app: Flask, reference: str) -> dict[str, Any]:
    return app.extensions["tracker"].tracker.action(reference)


def text(page: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def error_summary(page: str) -> list[str]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return [htmllib.unescape(m).strip() for m in re.findall(r"<a href=\"#[^\"]*\">(.*?)</a>", found.group(1), re.S)]


def send(client: FlaskClient, url: str, move: str, app: Flask, data: dict[str, str]):  # type: ignore[no-untyped-def]
    version = str(state(app, "HOSC-0004")["version"])
    return post_form(client, f"{url}/{move}", {"expected_version": version, **data}, page=url)


# The page an e-mailed link opens


def test_the_owner_opens_the_link_without_signing_in_and_sees_what_they_owe(app: Flask) -> None:
    page = app.test_client().get(link(app)).get_data(as_text=True)
    assert "Report back on ICS finances and any dips in service performance" in page
    assert f"For {OWNER}. You do not need an account" in text(page)
    assert [h for h in ("Post a progress update", "Mark as complete", "Ask for more time") if h in page] == [
        "Post a progress update", "Mark as complete", "Ask for more time"]
    assert "Withdraw" not in page and "Reassign" not in page


def test_an_update_through_the_link_is_recorded_as_theirs_via_the_emailed_link(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    response = send(client, url, "note_progress", app, {"text": "Finance report goes to the ICB board in May."})
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "Thank you: your update was saved." in client.get(url).get_data(as_text=True)
    last = app.extensions["tracker"].history.timeline("HOSC-0004")[-1]
    assert (last["label"], last["actor"], last["actor_name"]) == (
        "Progress noted", f"person:{person_id(app, OWNER)}", f"{OWNER} (via e-mailed link)")


def test_the_owner_completes_it_through_the_link_and_is_then_offered_nothing_more(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    assert send(client, url, "complete", app, {"response": "Report attached.",
                                               "evidence": "https://example.org/finance.pdf"}).status_code == 302
    assert (state(app, "HOSC-0004")["status"], state(app, "HOSC-0004")["evidence"]) == (
        "completed", ["https://example.org/finance.pdf"])
    page = client.get(url).get_data(as_text=True)
    assert "Nothing more is needed from you on this one" in page and "<form method=\"post\" action=\"/update/" not in page


def summary_links(page: str) -> list[str]:
    """Where each link of the error summary goes."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return re.findall(r'<a href="#([^"]*)">', found.group(1))


def box(page: str, name: str) -> str:
    """The value a date box of the "ask for more time" form shows (name like "due_date-day")."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"there is no {name} box"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return htmllib.unescape(value.group(1)) if value else ""


def test_a_bad_extension_request_through_the_link_says_what_is_wrong_and_changes_nothing(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    before = state(app, "HOSC-0004")["version"]
    year = str(london_today().year + 1)
    response = send(client, url, "request_extension", app,
                    {"due_date-day": "31", "due_date-month": "6", "due_date-year": year, "reason": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["The date you can do it by must be a real date.", "Enter why more time is needed."]
    assert summary_links(page) == ["request-extension-due-date-day", "request-extension-reason"]
    assert 'id="request-extension-due-date-day"' in page, "the summary links to the day box"
    assert [box(page, f"due_date-{part}") for part in ("day", "month", "year")] == ["31", "6", year], "what they typed is kept"
    assert "YYYY" not in page and 'type="date"' not in page
    assert state(app, "HOSC-0004")["version"] == before
    assert state(app, "HOSC-0004")["extension"] is None


NEXT_YEAR = london_today().year + 1


@pytest.mark.parametrize(("day", "month", "year", "message", "first_wrong"), [
    ("32", "3", str(NEXT_YEAR), "The date you can do it by must be a real date.", "day"),
    ("1st", "3", str(NEXT_YEAR), "The date you can do it by must be a real date.", "day"),
    ("1", "Smarch", str(NEXT_YEAR), "The date you can do it by must be a real date.", "month"),
    ("1", "", str(NEXT_YEAR), "The date you can do it by must include a month.", "month"),
    ("1", "3", str(NEXT_YEAR)[2:],
     f"The year of the date you can do it by must have 4 numbers, for example {NEXT_YEAR}.", "year"),
    ("1", "3", "", "The date you can do it by must include a year.", "year"),
    ("", "", "", "Enter the date you can do it by.", "day"),
])
def test_a_bad_date_asked_for_through_the_link_is_told_by_its_first_wrong_box_and_kept(
        app: Flask, day: str, month: str, year: str, message: str, first_wrong: str) -> None:
    client, url = app.test_client(), link(app)
    before = state(app, "HOSC-0004")["version"]
    response = send(client, url, "request_extension", app, {
        "due_date-day": day, "due_date-month": month, "due_date-year": year, "reason": "The ICB board meets later."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [message]
    assert summary_links(page) == [f"request-extension-due-date-{first_wrong}"]
    assert re.search(rf'id="request-extension-due-date-{first_wrong}"[^>]*govuk-input--error|'
                     rf'govuk-input--error[^>]*id="request-extension-due-date-{first_wrong}"', page), "the wrong box is marked"
    assert [box(page, f"due_date-{part}") for part in ("day", "month", "year")] == [day, month, year]
    assert "The ICB board meets later." in page
    assert state(app, "HOSC-0004")["version"] == before


def test_more_time_asked_through_the_link_to_today_or_earlier_is_refused_by_the_date(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    before = state(app, "HOSC-0004")["version"]
    for day in (london_today(), london_today() - timedelta(days=3)):
        response = send(client, url, "request_extension", app, {
            "due_date-day": str(day.day), "due_date-month": str(day.month), "due_date-year": str(day.year),
            "reason": "The ICB board meets later."})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert error_summary(page) == ["The date you can do it by must be after today."]
        assert summary_links(page) == ["request-extension-due-date-day"]
    assert state(app, "HOSC-0004")["version"] == before


def test_more_time_through_the_link_to_a_date_not_after_the_current_due_date_is_refused_by_the_date(app: Flask) -> None:
    tracker = app.extensions["tracker"].tracker
    due = london_today() + timedelta(days=20)
    tracker.change_due_date("HOSC-0004", actor="user:clerk.hosc@example.org", due=due, reason="Board date known.")
    client, url = app.test_client(), link(app)
    before = state(app, "HOSC-0004")["version"]
    asked = due - timedelta(days=5)
    response = send(client, url, "request_extension", app, {
        "due_date-day": str(asked.day), "due_date-month": str(asked.month), "due_date-year": str(asked.year),
        "reason": "The ICB board meets later."})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        f"The date you can do it by must be after the current due date, {due:%-d %B %Y}."]
    assert state(app, "HOSC-0004")["version"] == before


@pytest.mark.parametrize("month", ["march", "Mar", "3", "03"])
def test_more_time_is_asked_through_the_link_with_the_month_as_a_number_or_its_name(app: Flask, month: str) -> None:
    client, url = app.test_client(), link(app)
    response = send(client, url, "request_extension", app, {
        "due_date-day": " 2 ", "due_date-month": month, "due_date-year": str(NEXT_YEAR),
        "reason": "The ICB board meets in February."})
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "Thank you: your request for more time was sent to the clerk." in client.get(url).get_data(as_text=True)
    extension = state(app, "HOSC-0004")["extension"]
    assert (extension["due_date"], extension["reason"]) == (date(NEXT_YEAR, 3, 2), "The ICB board meets in February.")


def test_a_link_cannot_make_any_other_move(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    before = state(app, "HOSC-0004")["version"]
    assert send(client, url, "withdraw", app, {"reason": "I would rather not"}).status_code == 404
    assert state(app, "HOSC-0004")["version"] == before


def test_a_changed_link_says_so_and_how_to_get_a_new_one(app: Flask) -> None:
    response = app.test_client().get(link(app)[:-3] + "xyz")
    assert response.status_code == 400
    page = text(response.get_data(as_text=True))
    assert "This link cannot be used" in page and "Nothing has been changed" in page
    assert "The next reminder e-mail will carry a new link" in page


def test_an_expired_link_says_so_and_names_the_clerk_to_ask(app: Flask) -> None:
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(days=31)):
        url = link(app)
    response = app.test_client().get(url)
    assert response.status_code == 410
    page = text(response.get_data(as_text=True))
    assert "This link has expired" in page and "clerk.hosc@example.org" in page


def test_a_withdrawn_link_and_a_link_to_an_action_now_with_someone_else_change_nothing(
        app: Flask, signed_in: Any) -> None:
    url = link(app)
    clerk = signed_in("clerk")
    response = post_form(clerk, "/actions/HOSC-0004/chasing", {"change": "revoke", "reason": "Sent to the wrong person",
                                                              "expected_version": str(state(app, "HOSC-0004")["version"])},
                         page="/actions/HOSC-0004")
    assert response.status_code == 302
    assert app.test_client().get(url).status_code == 410
    assert "This link has been withdrawn" in app.test_client().get(url).get_data(as_text=True)
    assert app.test_client().get(link(app)).status_code == 200  # a link made afterwards works

    app.extensions["tracker"].tracker.reassign("HOSC-0004", actor="user:clerk.hosc@example.org",
                                               owner_id=UUID(person_id(app, "David Mehaffey")), reason="Cover")
    response = app.test_client().get(link(app, name=OWNER))
    assert response.status_code == 403 and "now with someone else" in response.get_data(as_text=True)


def test_a_stale_form_sent_through_the_link_says_someone_else_changed_it(app: Flask) -> None:
    client, url = app.test_client(), link(app)
    token = csrf_token(client, url)
    seen = str(state(app, "HOSC-0004")["version"])
    app.extensions["tracker"].tracker.comment("HOSC-0004", actor="user:clerk.hosc@example.org", text="Any news?")
    response = client.post(f"{url}/note_progress", data={"csrf_token": token, "expected_version": seen,
                                                          "text": "Nearly there"})
    assert response.status_code == 409
    assert "Someone else changed this undertaking while you were writing" in response.get_data(as_text=True)
    assert state(app, "HOSC-0004")["last_update"] != "Nearly there"


# The clerk's chasing pages


def next_working_morning() -> datetime:
    day, calendar = london_today() + timedelta(days=1), WorkingCalendar("ENG")
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)


def test_the_clerk_sees_who_is_due_a_chase_and_what_was_sent(app: Flask, signed_in: Any) -> None:
    with time_machine.travel(next_working_morning()):
        page = text(signed_in("clerk").get("/committees/HOSC/chasing").get_data(as_text=True))
    assert "Chasing" in page and "Owners are reminded 5 working days before an action is due" in page
    assert re.search(r"HOSC-0004 Overdue \(1\) " + OWNER, page), page[:3000]
    assert "No e-mails yet." in page


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("jhosc_clerk", 403), ("officer", 403), ("chair", 200)])
def test_only_the_clerk_and_the_chair_see_a_committees_chasing_and_only_the_clerk_changes_it(
        signed_in: Any, who: str, status: int) -> None:
    client = signed_in(who)
    response = client.get("/committees/HOSC/chasing")
    assert response.status_code == status
    if status == 200:
        assert "Pause chasing" not in response.get_data(as_text=True)
        assert client.post("/committees/HOSC/chasing", data={"change": "pause", "reason": "x",
                                                              "csrf_token": csrf_token(client, "/committees/HOSC")}
                           ).status_code == 403


def test_the_clerk_pauses_and_resumes_chasing_for_the_committee_with_a_reason(app: Flask, signed_in: Any) -> None:
    clerk = signed_in("clerk")
    response = post_form(clerk, "/committees/HOSC/chasing", {"change": "pause", "reason": ""})
    assert response.status_code == 400 and error_summary(response.get_data(as_text=True)) == [
        "Enter a reason (at most 2000 characters)."]
    assert post_form(clerk, "/committees/HOSC/chasing", {"change": "pause", "reason": "Election period"}).status_code == 302
    assert "Chasing is paused" in clerk.get("/committees/HOSC/chasing").get_data(as_text=True)
    assert app.extensions["tracker"].tracker.committee("HOSC")["chasing_paused"] is True
    assert post_form(clerk, "/committees/HOSC/chasing", {"change": "resume"}).status_code == 302
    assert app.extensions["tracker"].tracker.committee("HOSC")["chasing_paused"] is False


def test_the_clerk_changes_the_chasing_policy_and_a_bad_value_is_explained(app: Flask, signed_in: Any) -> None:
    clerk = signed_in("clerk")
    bad = post_form(clerk, "/committees/HOSC/chasing", {"change": "policy", "remind_before": "3", "remind_on_due": "true",
                                                        "overdue_every": "0", "escalate_after": "two"})
    assert bad.status_code == 400
    assert error_summary(bad.get_data(as_text=True)) == [
        "Enter the working days between chases once overdue as a whole number from 1 to 20.",
        "Enter the number of overdue chases before escalating as a whole number from 0 to 10."]
    good = post_form(clerk, "/committees/HOSC/chasing", {"change": "policy", "remind_before": "3",
                                                         "overdue_every": "10", "escalate_after": "2"})
    assert good.status_code == 302
    assert app.extensions["tracker"].tracker.committee("HOSC")["chase_policy"] == {
        "remind_before": 3, "remind_on_due": False, "overdue_every": 10, "escalate_after": 2}


def test_the_clerk_pauses_chasing_one_action_and_its_history_says_why(app: Flask, signed_in: Any) -> None:
    clerk = signed_in("clerk")
    assert "Pause or resume chasing" in clerk.get("/actions/HOSC-0004").get_data(as_text=True)
    assert "Pause or resume chasing" not in signed_in("officer").get("/actions/HOSC-0004").get_data(as_text=True)
    assert 'value="send_link"' in clerk.get("/actions/HOSC-0004").get_data(as_text=True)
    missing = post_form(clerk, "/actions/HOSC-0004/chasing", {"change": "pause", "reason": "",
                                                              "expected_version": str(state(app, "HOSC-0004")["version"])},
                        page="/actions/HOSC-0004")
    assert missing.status_code == 400 and error_summary(missing.get_data(as_text=True)) == [
        "Enter a reason (at most 2000 characters)."]
    response = post_form(clerk, "/actions/HOSC-0004/chasing", {"change": "pause", "reason": "Owner on leave",
                                                               "expected_version": str(state(app, "HOSC-0004")["version"])},
                         page="/actions/HOSC-0004")
    assert response.status_code == 302
    page = text(clerk.get("/actions/HOSC-0004").get_data(as_text=True))
    assert "Chasing is paused for this undertaking" in page and "Chasing paused" in page and "Owner on leave" in page
    assert post_form(signed_in("officer"), "/actions/HOSC-0004/chasing", {"change": "resume"},
                     page="/actions/HOSC-0004").status_code == 403


# New links


def test_the_owner_of_an_expired_link_asks_for_a_new_one_and_it_is_queued_for_the_address_on_file(app: Flask) -> None:
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(days=31)):
        url = link(app)
    client = app.test_client()
    page = client.get(url).get_data(as_text=True)
    assert "Send me a new link" in page
    response = client.post(f"{url}/new-link", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 200 and "A new link is on its way" in response.get_data(as_text=True)
    last = app.extensions["tracker"].history.timeline("HOSC-0004")[-1]
    assert (last["label"], last["actor_name"]) == ("New update link e-mailed", f"{OWNER} (via e-mailed link)")
    box = app.extensions["tracker"].outbox
    box.catch_up()
    assert [row["reference"] for row in box.view.unsent_links()] == ["HOSC-0004"]
    again = client.post(f"{url}/new-link", data={"csrf_token": csrf_token(client, url)})
    assert again.status_code == 409 and "a few minutes ago" in again.get_data(as_text=True)


def test_no_new_link_is_sent_from_a_link_to_an_old_address_or_for_an_action_now_with_someone_else(
        app: Flask) -> None:
    services = app.extensions["tracker"]
    owner = person_id(app, OWNER)
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(days=31)):
        old_address = "/update/" + services.links.token(owner, "HOSC-0004", "alison.old@example.org")
    client = app.test_client()
    assert "Send me a new link" not in client.get(old_address).get_data(as_text=True)
    response = client.post(f"{old_address}/new-link", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 410 and "Send me a new link" not in response.get_data(as_text=True)
    before = state(app, "HOSC-0004")["version"]
    assert client.post(f"{link(app)}/new-link", data={"csrf_token": csrf_token(client, link(app))}).status_code == 400
    assert state(app, "HOSC-0004")["version"] == before


def test_the_clerk_emails_the_owner_a_new_link_from_the_action_page(app: Flask, signed_in: Any) -> None:
    clerk = signed_in("clerk")
    response = post_form(clerk, "/actions/HOSC-0004/chasing", {"change": "send_link",
                                                               "expected_version": str(state(app, "HOSC-0004")["version"])},
                         page="/actions/HOSC-0004")
    assert response.status_code == 302
    assert "A new update link is on its way to the owner" in clerk.get("/actions/HOSC-0004").get_data(as_text=True)
    assert app.extensions["tracker"].history.timeline("HOSC-0004")[-1]["actor_name"] == "HOSC Scrutiny Officer"


def test_the_clerk_sees_a_chase_that_was_not_sent_because_its_action_was_done_before_it_went(
        app: Flask, signed_in: Any) -> None:
    from events.chaser import CHASER, Chaser, as_if_at_ten
    from events.mail import MemoryMailer

    services = app.extensions["tracker"]
    services.outbox.mailer = MemoryMailer()
    day = next_working_morning().date()
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(hours=1)):  # a run that died before mailing
        planned, _ = Chaser(services, services.outbox).plan(as_if_at_ten(day))
        services.tracker.record_chases([p for p in planned if p.reference == "HOSC-0004"], actor=CHASER, on=day)
    services.tracker.complete("HOSC-0004", actor="user:clerk.hosc@example.org", response="Report received")
    services.outbox.flush(as_if_at_ten(day))
    assert services.outbox.mailer.sent == []
    page = text(signed_in("clerk").get("/committees/HOSC/chasing").get_data(as_text=True))
    assert re.search(r"Overdue: HOSC-0004 Report back on ICS finances[^.]*Alison Roberts <[^>]+> Not sent ?: HOSC-0004 "
                     r"is completed now: nothing more is owed", page), page[page.find("E-mails"):][:1500]

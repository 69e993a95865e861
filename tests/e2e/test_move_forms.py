"""The action page's move forms over HTTP on the demo: who sees which, each move made, refusals and conflicts.

In the demo, David Mehaffey (the officer, director.ics) owes HOSC-0001 (acknowledged, an extension waiting for a
decision) and HOSC-0002 (completed, awaiting acceptance); HOSC-0004 is overdue and owed by Alison Roberts; the HOSC
is clerked by clerk.hosc and chaired by chair.hosc; JHOSC's clerk has no say over HOSC.
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import EVERY_MOVE, MAY_MOVE, ROLE_MOVES, date_boxes, post_form
from tracker.domain.calendar import london_today
from tracker.domain.calendar import london_today, to_london

CLERK_MOVES_WHILE_OPEN = ["note_progress", "complete", "change_due_date", "reassign", "withdraw", "supersede", "comment"]


def moves_on(page: str) -> list[str]:
    """The moves whose forms the action page offers, in order (the chasing form is not a move)."""
    return [m for m in re.findall(r'<form method="post" action="/actions/[A-Z]+-\d+/(\w+)"', page) if m != "chasing"]


def error_summary(page: str) -> list[str]:
    """The messages in the GOV.UK error summary."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return [htmllib.unescape(m).strip() for m in re.findall(r"<a href=\"#[^\"]*\">(.*?)</a>", found.group(1), re.S)]


def state(app: Flask, reference: str) -> dict[str, Any]:
    """The action as the tracker holds it now."""
    return app.extensions["tracker"].tracker.action(reference)


def person_id(app: Flask, name: str) -> str:
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def next_meeting(app: Flask) -> dict[str, Any]:
    """HOSC's next scheduled meeting."""
    read = app.extensions["tracker"].read
    committee = read.query("committee_by_short_name", "HOSC")
    return [m for m in read.query("meetings", UUID(committee["id"])) if m["status"] == "scheduled"][-1]


def log_for_the_officer(app: Flask) -> str:
    """A new HOSC undertaking owed by the officer: logged, not yet acknowledged, nothing asked."""
    return app.extensions["tracker"].tracker.log_action(
        actor="user:clerk.hosc@example.org", committee="HOSC", title="Send the committee the winter plan",
        owner_id=UUID(person_id(app, "David Mehaffey")), kind="circulate_document",
        due=london_today() + timedelta(days=30))


def move(app: Flask, client: FlaskClient, reference: str, name: str, data: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Send one move's form as the page would: with the version the page showed."""
    data = {"expected_version": str(state(app, reference)["version"]), **(data or {})}
    return post_form(client, f"/actions/{reference}/{name}", data, page=f"/actions/{reference}")


def saved(client: FlaskClient, response, reference: str) -> str:  # type: ignore[no-untyped-def]
    """Assert the move was saved and return the action page shown after it."""
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"] == f"/actions/{reference}"
    return client.get(response.headers["Location"]).get_data(as_text=True)


# Which moves each user is offered


def test_an_officer_is_offered_the_owners_moves_on_a_new_undertaking_they_owe(app: Flask, signed_in) -> None:
    reference = log_for_the_officer(app)
    page = signed_in("officer").get(f"/actions/{reference}").get_data(as_text=True)
    assert moves_on(page) == ["acknowledge", "note_progress", "complete", "request_extension", "comment"]


def test_an_officer_waiting_on_an_extension_is_not_offered_another(signed_in) -> None:
    page = signed_in("officer").get("/actions/HOSC-0001").get_data(as_text=True)
    assert moves_on(page) == ["note_progress", "complete", "comment"]


def test_an_officer_may_only_comment_on_their_completed_undertaking(signed_in) -> None:
    assert moves_on(signed_in("officer").get("/actions/HOSC-0002").get_data(as_text=True)) == ["comment"]


def test_an_officer_is_offered_nothing_on_someone_elses_undertaking(signed_in) -> None:
    page = signed_in("officer").get("/actions/HOSC-0004").get_data(as_text=True)
    assert moves_on(page) == []
    assert "What you can do" not in page


@pytest.mark.parametrize(("reference", "expected"), [
    ("HOSC-0001", ["comment"]),
    ("HOSC-0002", ["accept", "comment"]),  # completed: the committee may accept it
    ("HOSC-0004", ["comment"]),
])
def test_the_chair_may_comment_and_accept_only_what_is_completed(signed_in, reference: str, expected: list[str]) -> None:
    assert moves_on(signed_in("chair").get(f"/actions/{reference}").get_data(as_text=True)) == expected


@pytest.mark.parametrize("reference", ["HOSC-0001", "HOSC-0002", "HOSC-0004", "JHOSC-0003"])
def test_a_viewer_is_offered_no_moves(signed_in, reference: str) -> None:
    response = signed_in("viewer").get(f"/actions/{reference}")
    assert response.status_code == 200
    assert moves_on(response.get_data(as_text=True)) == []


@pytest.mark.parametrize(("reference", "expected"), [
    ("HOSC-0001", ["note_progress", "complete", "change_due_date", "decide_extension", "reassign", "withdraw",
                   "supersede", "comment"]),
    ("HOSC-0002", ["close", "accept", "reopen", "comment"]),
    ("HOSC-0003", ["reopen", "comment"]),
    ("HOSC-0004", CLERK_MOVES_WHILE_OPEN),
])
def test_the_clerk_of_the_committee_is_offered_the_clerks_moves(signed_in, reference: str, expected: list[str]) -> None:
    assert moves_on(signed_in("clerk").get(f"/actions/{reference}").get_data(as_text=True)) == expected


@pytest.mark.parametrize("reference", ["HOSC-0001", "HOSC-0002", "HOSC-0004"])
def test_another_committees_clerk_is_offered_no_moves(signed_in, reference: str) -> None:
    assert moves_on(signed_in("jhosc_clerk").get(f"/actions/{reference}").get_data(as_text=True)) == []


def test_the_jhosc_clerk_owning_their_own_committees_undertaking_has_the_clerks_and_the_owners_moves(signed_in) -> None:
    page = signed_in("jhosc_clerk").get("/actions/JHOSC-0003").get_data(as_text=True)
    assert moves_on(page) == ["note_progress", "complete", "change_due_date", "request_extension", "reassign", "withdraw",
                              "supersede", "comment"]


# Each move, made by someone who may make it


def test_the_officer_acknowledges_a_new_undertaking(app: Flask, signed_in) -> None:
    reference = log_for_the_officer(app)
    client = signed_in("officer")
    page = saved(client, move(app, client, reference, "acknowledge"), reference)
    assert state(app, reference)["status"] == "acknowledged"
    assert f"Acknowledge: saved on {reference}." in page


def test_the_officer_posts_a_progress_update(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")["version"]
    client = signed_in("officer")
    page = saved(client, move(app, client, "HOSC-0001", "note_progress",
                                   {"text": "The Place board signed the map off on Tuesday."}), "HOSC-0001")
    after = state(app, "HOSC-0001")
    assert after["version"] == before + 1
    assert after["last_update"] == "The Place board signed the map off on Tuesday."
    assert "Post a progress update: saved on HOSC-0001." in page
    assert "by Director of ICS Development" in page.split('id="history"', 1)[1].split("</li>", 1)[0]


def test_the_officer_completes_with_one_evidence_link_a_line(app: Flask, signed_in) -> None:
    client = signed_in("officer")
    evidence = "https://example.org/pbp-map.pdf\n\n  https://example.org/pbp-briefing.docx  \n"
    page = saved(client, move(app, client, "HOSC-0001", "complete", {
        "response": "The map is published with the agenda.", "evidence": evidence}), "HOSC-0001")
    after = state(app, "HOSC-0001")
    assert after["status"] == "completed"
    assert after["response"] == "The map is published with the agenda."
    assert after["evidence"] == ["https://example.org/pbp-map.pdf", "https://example.org/pbp-briefing.docx"]
    assert 'href="https://example.org/pbp-briefing.docx"' in page


def test_completing_without_a_response_says_so_and_records_nothing(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")["version"]
    response = move(app, signed_in("officer"), "HOSC-0001", "complete", {"response": "", "evidence": "https://example.org/x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Enter the response."]
    assert "https://example.org/x" in page, "the typed evidence is kept"
    assert state(app, "HOSC-0001")["version"] == before


def test_the_officer_asks_for_more_time(app: Flask, signed_in) -> None:
    reference = log_for_the_officer(app)
    wanted = london_today() + timedelta(days=60)
    client = signed_in("officer")
    saved(client, move(app, client, reference, "request_extension",
                            {**date_boxes("due_date", wanted), "reason": "The plan goes to the ICB board first."}), reference)
    extension = state(app, reference)["extension"]
    assert extension is not None and extension["due_date"] == wanted
    assert extension["reason"] == "The plan goes to the ICB board first."
    assert moves_on(client.get(f"/actions/{reference}").get_data(as_text=True)) == [
        "acknowledge", "note_progress", "complete", "comment"]


def test_the_clerk_grants_an_extension_and_the_due_date_moves(app: Flask, signed_in) -> None:
    asked = state(app, "HOSC-0001")["extension"]["due_date"]
    client = signed_in("clerk")
    page = saved(client, move(app, client, "HOSC-0001", "decide_extension", {"grant": "true"}), "HOSC-0001")
    after = state(app, "HOSC-0001")
    assert after["extension"] is None and after["due_date"] == asked
    assert "Extension granted" in page


def test_the_clerk_refuses_an_extension_with_a_reason_and_the_due_date_stays(app: Flask, signed_in) -> None:
    due = state(app, "HOSC-0001")["due_date"]
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0001", "decide_extension",
                            {"grant": "false", "reason": "Members need the map before the meeting."}), "HOSC-0001")
    after = state(app, "HOSC-0001")
    assert after["extension"] is None and after["due_date"] == due


def test_refusing_an_extension_without_a_reason_asks_for_one_and_records_nothing(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")
    response = move(app, signed_in("clerk"), "HOSC-0001", "decide_extension", {"grant": "false", "reason": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == ["Say why the extension is refused."]
    assert re.search(r'value="false" checked', page), "the choice to refuse is kept"
    assert 'id="move-decide-extension" class="govuk-details" open' in page, "the form with the message is open"
    after = state(app, "HOSC-0001")
    assert (after["version"], after["extension"]) == (before["version"], before["extension"])


def test_deciding_an_extension_without_choosing_asks_for_the_decision(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0001", "decide_extension", {"reason": "Fine by me."})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Say whether the extension is granted."]
    assert state(app, "HOSC-0001")["version"] == before


def test_the_clerk_changes_the_due_date_to_a_date(app: Flask, signed_in) -> None:
    new_date = london_today() + timedelta(days=20)
    client = signed_in("clerk")
    page = saved(client, move(app, client, "HOSC-0004", "change_due_date", {
        "due_choice": "date", **date_boxes("due_date", new_date), "reason": "The finance report waits for month 8."}),
        "HOSC-0004")
    after = state(app, "HOSC-0004")
    assert (after["due_date"], after["due_next_meeting"]) == (new_date, False)
    assert "Due date changed" in page and "The finance report waits for month 8." in page


def test_the_clerk_changes_the_due_date_to_the_next_meeting(app: Flask, signed_in) -> None:
    meeting = next_meeting(app)
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0004", "change_due_date", {
        "due_choice": "next_meeting", "reason": "Members will take it at the meeting."}), "HOSC-0004")
    after = state(app, "HOSC-0004")
    assert after["due_next_meeting"] is True
    assert after["due_meeting_id"] == UUID(meeting["id"])
    assert after["due_date"] is not None and after["due_date"] > london_today()


def test_changing_the_due_date_without_choosing_when_changes_nothing(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")
    response = move(app, signed_in("clerk"), "HOSC-0004", "change_due_date", {"reason": "Chased by phone."})
    assert response.status_code == 400, "no choice made must not clear the due date"
    after = state(app, "HOSC-0004")
    assert (after["version"], after["due_date"]) == (before["version"], before["due_date"])
    assert "Chased by phone." in response.get_data(as_text=True)


def test_changing_the_due_date_to_a_date_without_one_asks_for_the_date(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0004", "change_due_date",
                    {"due_choice": "date", "due_date-day": "", "reason": "Later."})
    assert response.status_code == 400
    messages = error_summary(response.get_data(as_text=True))
    assert len(messages) == 1 and "due date" in messages[0]
    assert state(app, "HOSC-0004")["version"] == before


def test_a_date_typed_beside_another_choice_is_reported_not_dropped(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0004", "change_due_date",
                    {"due_choice": "none", **date_boxes("due_date", "2030-01-31"), "reason": "Later."})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "You entered a date but chose \u201cNo due date\u201d: choose \u201cBy a date\u201d, or clear the date."]
    assert state(app, "HOSC-0004")["version"] == before


@pytest.mark.parametrize(("name", "boxes", "field", "message", "box"), [
    ("request_extension", {"due_date-day": "30", "due_date-month": "2", "due_date-year": "2027"}, "due-date",
     "The date you can do it by must be a real date.", "day"),
    ("request_extension", {"due_date-day": "1", "due_date-year": "2027"}, "due-date",
     "The date you can do it by must include a month.", "month"),
    ("change_due_date", {"due_choice": "date", "due_date-day": "1", "due_date-month": "Juny", "due_date-year": "2027"},
     "due-date", "The due date must be a real date.", "month"),
])
def test_a_bad_date_in_a_move_form_is_told_in_the_forms_words_by_its_boxes_and_kept(
        app: Flask, signed_in, name: str, boxes: dict[str, str], field: str, message: str, box: str) -> None:
    reference = log_for_the_officer(app)
    who = "officer" if name == "request_extension" else "clerk"
    before = state(app, reference)["version"]
    response = move(app, signed_in(who), reference, name, {**boxes, "reason": "The board meets later."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [message]
    target = f"{name.replace('_', '-')}-{field}-{box}"  # the date's boxes have ids like request-extension-due-date-day
    assert f'href="#{target}"' in page and f'id="{target}"' in page, "the summary links to the wrong box"
    for key, typed in boxes.items():
        if key != "due_choice":
            assert re.search(rf'name="{key}"[^>]*value="{typed}"', page), f"{key} lost what was typed"
    assert "YYYY" not in page
    assert state(app, reference)["version"] == before


@pytest.mark.parametrize(("days", "message"), [
    (-1, "The date you can do it by must be after today."),
    (0, "The date you can do it by must be after today."),
    (10, "The date you can do it by must be after the current due date, {due}."),
])
def test_more_time_to_a_day_not_after_today_or_the_due_date_is_refused_by_the_date(
        app: Flask, signed_in, days: int, message: str) -> None:
    reference = log_for_the_officer(app)  # due in 30 days
    due = state(app, reference)["due_date"]
    response = move(app, signed_in("officer"), reference, "request_extension",
                    {**date_boxes("due_date", london_today() + timedelta(days=days)), "reason": "The board meets later."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_summary(page) == [message.format(due=f"{due:%-d %B %Y}")]
    assert 'href="#request-extension-due-date-day"' in page
    assert state(app, reference)["extension"] is None


def test_the_clerk_reassigns_an_undertaking_and_the_new_owner_may_act_on_it(app: Flask, signed_in) -> None:
    mehaffey = person_id(app, "David Mehaffey")
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0004", "reassign",
                            {"owner_id": mehaffey, "reason": "The Associate Director is on leave."}), "HOSC-0004")
    assert str(state(app, "HOSC-0004")["owner_id"]) == mehaffey
    assert moves_on(signed_in("officer").get("/actions/HOSC-0004").get_data(as_text=True)) == [
        "note_progress", "complete", "request_extension", "comment"]


def test_reassigning_without_choosing_someone_asks_for_the_new_owner(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0004", "reassign", {"owner_id": "", "reason": "On leave."})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Choose the new owner."]
    assert state(app, "HOSC-0004")["version"] == before


def test_the_clerk_withdraws_an_undertaking_and_reopens_it(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0004", "withdraw",
                            {"reason": "The committee dropped the item from its work programme."}), "HOSC-0004")
    assert state(app, "HOSC-0004")["status"] == "withdrawn"
    assert moves_on(client.get("/actions/HOSC-0004").get_data(as_text=True)) == ["reopen", "comment"]
    saved(client, move(app, client, "HOSC-0004", "reopen", {"reason": "Members asked for it back."}), "HOSC-0004")
    assert state(app, "HOSC-0004")["status"] == "logged"


def test_withdrawing_without_a_reason_asks_for_one(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0004", "withdraw", {"reason": "  "})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True))
    assert state(app, "HOSC-0004")["version"] == before


def test_the_clerk_closes_a_completed_undertaking(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0002", "close", {"note": "Briefing circulated to members."}), "HOSC-0002")
    after = state(app, "HOSC-0002")
    assert after["status"] == "closed" and after["closed_at"] is not None


def test_the_chair_records_acceptance_at_a_meeting(app: Flask, signed_in) -> None:
    meeting = next_meeting(app)
    client = signed_in("chair")
    page = client.get("/actions/HOSC-0002").get_data(as_text=True)
    assert f'<option value="{meeting["id"]}">' in page, "the meeting can be chosen"
    page = saved(client, move(app, client, "HOSC-0002", "accept", {"meeting_id": meeting["id"]}), "HOSC-0002")
    after = state(app, "HOSC-0002")
    assert after["status"] == "closed" and after["accepted_at_meeting_id"] == UUID(meeting["id"])
    row = re.search(r">\s*Accepted at\s*</dt>(.*?)</dd>", page, re.S)
    assert row, "the summary does not say at which meeting it was accepted"
    assert f"{meeting['title']}, {to_london(meeting['starts_at']):%-d %B %Y %H:%M}" in htmllib.unescape(row.group(1))


def test_an_undertaking_not_accepted_says_nothing_of_acceptance(signed_in) -> None:
    assert not re.search(r">\s*Accepted at\s*</dt>", signed_in("viewer").get("/actions/HOSC-0002").get_data(as_text=True))


def test_accepting_without_choosing_the_meeting_asks_for_it(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0002")["version"]
    response = move(app, signed_in("chair"), "HOSC-0002", "accept", {"meeting_id": ""})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Choose the meeting that accepted it."]
    assert state(app, "HOSC-0002")["version"] == before


def accept_choices(page: str) -> list[str]:
    """The meetings the accept form offers, by id."""
    select = re.search(r'<select[^>]*id="accept-meeting-id"[^>]*>(.*?)</select>', page, re.S)
    assert select, "there is no meeting to choose on the accept form"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]


def test_acceptance_is_offered_only_at_meetings_after_it_arose_up_to_the_committees_next(app: Flask, signed_in) -> None:
    # HOSC-0002 arose at the January 2022 meeting; HOSC met again recently and meets next in 25 days.
    tracker, hosc = app.extensions["tracker"].tracker, UUID(state(app, "HOSC-0002")["committee_id"].hex)
    read = app.extensions["tracker"].read
    everything = {m["title"]: m for m in read.query("meetings", hosc)}
    recent = next(m for t, m in everything.items() if t.endswith("further update"))
    upcoming = next_meeting(app)
    before_it = tracker.schedule_meeting(actor="system:test", committee="HOSC", title="A 2021 HOSC",
                                         starts_at=datetime(2021, 6, 1, 9, tzinfo=timezone.utc))
    far_ahead = tracker.schedule_meeting(actor="system:test", committee="HOSC", title="A later HOSC",
                                         starts_at=upcoming["starts_at"] + timedelta(days=60))
    called_off = tracker.schedule_meeting(actor="system:test", committee="HOSC", title="A called-off HOSC",
                                          starts_at=upcoming["starts_at"] - timedelta(days=7))
    tracker.cancel_meeting(called_off, actor="system:test", reason="Not quorate.")
    page = signed_in("chair").get("/actions/HOSC-0002").get_data(as_text=True)
    assert accept_choices(page) == [upcoming["id"], recent["id"]]
    assert not {str(before_it), str(far_ahead), str(called_off)} & set(accept_choices(page))


def test_a_meeting_before_the_undertaking_arose_cannot_accept_it(app: Flask, signed_in) -> None:
    earlier = app.extensions["tracker"].tracker.schedule_meeting(
        actor="system:test", committee="HOSC", title="A 2021 HOSC", starts_at=datetime(2021, 6, 1, 9, tzinfo=timezone.utc))
    before = state(app, "HOSC-0002")["version"]
    response = move(app, signed_in("chair"), "HOSC-0002", "accept", {"meeting_id": str(earlier)})
    assert response.status_code == 400
    [message] = error_summary(response.get_data(as_text=True))
    assert message == ("A 2021 HOSC (1 June 2021) was before the undertaking arose, so it cannot have accepted it: "
                       "choose a later meeting.")
    assert 'id="accept-form"' in response.get_data(as_text=True), "the message is by the accept form"
    assert state(app, "HOSC-0002")["version"] == before


def test_the_chair_comments_on_an_overdue_undertaking(app: Flask, signed_in) -> None:
    client = signed_in("chair")
    page = saved(client, move(app, client, "HOSC-0004", "comment",
                                   {"text": "Members expect this before the next meeting."}), "HOSC-0004")
    latest = page.split('id="history"', 1)[1].split("</li>", 1)[0]
    assert "Commented" in latest and "Members expect this before the next meeting." in latest
    assert "Chairman of the HOSC" in latest


def test_the_clerk_marks_an_undertaking_superseded_by_a_later_one(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    saved(client, move(app, client, "HOSC-0004", "supersede",
                            {"successor": "HOSC-0001", "reason": "Folded into the mapping work."}), "HOSC-0004")
    assert state(app, "HOSC-0004")["status"] == "superseded"


def test_the_timeline_and_the_summary_name_the_replacement_by_its_reference_and_link_it(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = saved(client, move(app, client, "HOSC-0004", "supersede",
                              {"successor": "HOSC-0001", "reason": "Folded into the mapping work."}), "HOSC-0004")
    successor_id = str(state(app, "HOSC-0001")["id"])
    assert successor_id not in page, "the replacement is shown by its id"
    latest = page.split('id="history"', 1)[1].split("app-timeline__entry")[1]
    assert "Superseded" in latest
    assert 'Replaced by: none → <a class="govuk-link" href="/actions/HOSC-0001">HOSC-0001</a>' in latest
    summary = page.split('id="history"', 1)[0]
    assert '<a class="govuk-link" href="/actions/HOSC-0001">HOSC-0001</a>' in summary


def test_an_undertaking_that_follows_up_another_links_to_it(signed_in) -> None:
    # In the demo, HOSC-0004 (the finance report) follows up HOSC-0003 (the further update on the ICS).
    page = signed_in("viewer").get("/actions/HOSC-0004").get_data(as_text=True)
    row = re.search(r">\s*Follows up\s*</dt>(.*?)</dd>", page, re.S)
    assert row, "the summary does not say what it follows up"
    assert '<a class="govuk-link" href="/actions/HOSC-0003">HOSC-0003</a>: Schedule a further update' in row.group(1)
    logged = page.split('id="history"', 1)[1].split("app-timeline__entry")[-1]
    assert "Logged" in logged and 'Follows up <a class="govuk-link" href="/actions/HOSC-0003">HOSC-0003</a>' in logged
    assert not re.search(r">\s*Follows up\s*</dt>", signed_in("viewer").get("/actions/HOSC-0003").get_data(as_text=True))


# Moves the user may not make


def form_for(app: Flask, name: str) -> dict[str, Any]:
    """A sensible entry in each move's form, so that a permitted move the status allows is saved."""
    return {
        "acknowledge": {}, "note_progress": {"text": "Drafting the reply."}, "complete": {"response": "Sent to members."},
        "close": {"note": "Noted at the meeting."}, "accept": {"meeting_id": next_meeting(app)["id"]},
        "reopen": {"reason": "Members asked again."}, "change_due_date": {"due_choice": "next_meeting", "reason": "Asked."},
        "request_extension": {**date_boxes("due_date", london_today() + timedelta(days=60)), "reason": "Data late."},
        "decide_extension": {"grant": "true"}, "reassign": {"owner_id": person_id(app, "David Mehaffey"), "reason": "Moved."},
        "withdraw": {"reason": "No longer needed."}, "supersede": {"successor": "HOSC-0001", "reason": "Folded in."},
        "comment": {"text": "Members will ask about this."},
    }[name]


@pytest.mark.parametrize(("role", "name"), ROLE_MOVES, ids=[f"{role}-{name}" for role, name in ROLE_MOVES])
def test_each_role_makes_the_moves_it_may_and_is_forbidden_the_rest_with_nothing_recorded(
        app: Flask, signed_in, role: str, name: str) -> None:
    who, reference, may = MAY_MOVE[role]
    before = state(app, reference)
    response = move(app, signed_in(who), reference, name, form_for(app, name))
    if name not in may:
        assert response.status_code == 403, f"{role} was not forbidden to {name} {reference}"
        page = response.get_data(as_text=True)
        assert "You do not have permission to do this" in page and 'class="govuk-template' in page
        assert state(app, reference)["version"] == before["version"], "a forbidden move recorded something"
    elif name in before["allowed_moves"]:
        assert response.status_code == 302, f"{role} could not {name} {reference}: {response.status_code}"
        assert state(app, reference)["version"] == before["version"] + 1
    else:  # permitted, but not from the status it is in
        assert response.status_code == 422, f"{role} {name} {reference}: {response.status_code}"
        assert state(app, reference)["version"] == before["version"]


def test_the_table_of_who_may_move_names_every_move_the_action_page_has_a_form_for() -> None:
    from web.pages.actions import MOVE_FORMS

    assert set(MOVE_FORMS) == set(EVERY_MOVE)


def test_an_unknown_move_is_not_found(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0004")["version"]
    assert move(app, signed_in("clerk"), "HOSC-0004", "escalate").status_code == 404
    assert state(app, "HOSC-0004")["version"] == before


def test_a_move_on_an_unknown_undertaking_is_not_found(signed_in) -> None:
    client = signed_in("clerk")
    response = post_form(client, "/actions/HOSC-9999/comment", {"text": "Hello?"}, page="/actions/HOSC-0004")
    assert response.status_code == 404


# A move the status does not allow


def test_a_move_the_status_does_not_allow_names_the_moves_that_are_and_records_nothing(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")["version"]
    response = move(app, signed_in("clerk"), "HOSC-0001", "close", {"note": "Tidying up."})
    assert response.status_code == 422
    [message] = error_summary(response.get_data(as_text=True))
    assert message.startswith("Cannot close HOSC-0001: it is acknowledged.")
    assert "Allowed now:" in message and "complete" in message and "note progress" in message
    assert state(app, "HOSC-0001")["version"] == before


def test_a_move_the_status_does_not_allow_is_shown_by_what_the_user_can_do(app: Flask, signed_in) -> None:
    response = move(app, signed_in("clerk"), "HOSC-0001", "close", {"note": "Tidying up."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S).group(1)
    [target] = re.findall(r'<a href="#([^"]+)"', summary)
    assert f'id="{target}"' in page, f"the error summary links to #{target}, which is not on the page"
    heading = page.split(f'id="{target}"', 1)[1].split("<details", 1)[0]
    assert "What you can do" in heading and "Cannot close HOSC-0001: it is acknowledged." in heading


@pytest.mark.parametrize(("reference", "name", "data", "message"), [
    ("HOSC-0001", "decide_extension", {"grant": "perhaps"}, "Say whether the extension is granted."),
    ("HOSC-0004", "reassign", {"owner_id": "not-a-person", "reason": "Moving on."}, "Choose the new owner from the list."),
    ("HOSC-0002", "accept", {"meeting_id": "last-week"}, "Choose the meeting that accepted it from the list."),
])
def test_a_choice_that_is_not_on_the_list_says_to_choose_from_it(
        app: Flask, signed_in, reference: str, name: str, data: dict[str, Any], message: str) -> None:
    before = state(app, reference)["version"]
    response = move(app, signed_in("chair" if name == "accept" else "clerk"), reference, name, data)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [message]
    assert state(app, reference)["version"] == before


def test_asking_again_for_more_time_while_a_request_waits_says_why_not(app: Flask, signed_in) -> None:
    before = state(app, "HOSC-0001")["version"]
    response = move(app, signed_in("officer"), "HOSC-0001", "request_extension",
                    {**date_boxes("due_date", "2027-03-31"), "reason": "Even more time."})
    assert response.status_code == 422
    [message] = error_summary(response.get_data(as_text=True))
    assert "An extension request is already waiting for a decision." in message
    assert state(app, "HOSC-0001")["version"] == before


# Someone else changed it meanwhile


def test_a_stale_form_is_refused_with_what_changed_and_keeps_what_was_typed(app: Flask, signed_in) -> None:
    officer, clerk = signed_in("officer"), signed_in("clerk")
    seen = state(app, "HOSC-0001")["version"]
    # The officer opens the page; meanwhile the clerk grants the extension.
    saved(clerk, move(app, clerk, "HOSC-0001", "decide_extension", {"grant": "true"}), "HOSC-0001")
    current = state(app, "HOSC-0001")["version"]
    assert current == seen + 1
    response = post_form(officer, "/actions/HOSC-0001/note_progress",
                         {"text": "Sign-off booked for the 3rd.", "expected_version": str(seen)}, page="/actions/HOSC-0001")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this undertaking while you were working on it" in page
    assert "Nothing you entered has been saved." in page
    changes = page.split("What changed meanwhile:", 1)[1].split("</ul>", 1)[0]
    assert "Extension granted by HOSC Scrutiny Officer" in changes
    assert "{" not in changes and "datetime" not in changes, "changes are shown in words, not as program values"
    assert re.search(r'<textarea[^>]*name="text"[^>]*>Sign-off booked for the 3rd\.</textarea>', page)
    assert 'id="move-note-progress" class="govuk-details" open' in page
    assert state(app, "HOSC-0001")["version"] == current
    assert state(app, "HOSC-0001")["last_update"] != "Sign-off booked for the 3rd."


def test_after_a_conflict_sending_the_kept_entry_again_saves_it(app: Flask, signed_in) -> None:
    officer, chair = signed_in("officer"), signed_in("chair")
    seen = state(app, "HOSC-0001")["version"]
    saved(chair, move(app, chair, "HOSC-0001", "comment", {"text": "Please share the draft."}), "HOSC-0001")
    conflict = post_form(officer, "/actions/HOSC-0001/note_progress",
                         {"text": "Draft shared.", "expected_version": str(seen)}, page="/actions/HOSC-0001").get_data(as_text=True)
    form = conflict.split('action="/actions/HOSC-0001/note_progress"', 1)[1].split("</form>", 1)[0]
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)
    assert version == str(seen + 1), "the form sent back carries the version the officer has now seen"
    response = post_form(officer, "/actions/HOSC-0001/note_progress",
                         {"text": "Draft shared.", "expected_version": version}, page="/actions/HOSC-0001")
    saved(officer, response, "HOSC-0001")
    assert state(app, "HOSC-0001")["last_update"] == "Draft shared."


def test_a_message_on_a_form_keeps_the_version_first_seen_so_a_later_change_is_still_caught(app: Flask, signed_in) -> None:
    officer, chair = signed_in("officer"), signed_in("chair")
    seen = state(app, "HOSC-0001")["version"]
    blank = post_form(officer, "/actions/HOSC-0001/note_progress", {"text": "", "expected_version": str(seen)},
                      page="/actions/HOSC-0001")
    assert blank.status_code == 400
    form = blank.get_data(as_text=True).split('action="/actions/HOSC-0001/note_progress"', 1)[1].split("</form>", 1)[0]
    assert f'name="expected_version" value="{seen}"' in form
    saved(chair, move(app, chair, "HOSC-0001", "comment", {"text": "Any news?"}), "HOSC-0001")
    again = post_form(officer, "/actions/HOSC-0001/note_progress", {"text": "Now typed.", "expected_version": str(seen)},
                      page="/actions/HOSC-0001")
    assert again.status_code == 409


def test_the_history_shows_an_extension_request_in_words(app: Flask, signed_in) -> None:
    asked: date = state(app, "HOSC-0001")["extension"]["due_date"]
    history = signed_in("clerk").get("/actions/HOSC-0001").get_data(as_text=True).split('id="history"', 1)[1]
    latest = history.split("</li>", 1)[0]
    assert "Extension requested" in latest
    assert "datetime.date" not in history and "{&#39;" not in history, "the history shows no program values"
    assert f"Extension request: none → to {asked:%-d %B %Y}" in latest


def test_a_closed_undertaking_says_once_why_it_is_not_chased(signed_in) -> None:
    page = signed_in("viewer").get("/actions/HOSC-0003").get_data(as_text=True)
    section = page.split('id="chasing-section"', 1)[1].split("</p>", 1)[0]
    assert "Not chased: nothing more is owed." in section and "Not chased yet" not in section


def test_an_undertaking_due_a_chase_already_says_the_next_run_looks_at_it_not_a_day_gone_by(
        app: Flask, signed_in) -> None:
    # HWB-0001 is overdue: the first day the chaser could look at it is past, and the demo has run no chase yet.
    chasing = app.extensions["tracker"].read.query("action_by_id", str(state(app, "HWB-0001")["id"]))
    assert chasing["next_chase_on"] < london_today()
    page = signed_in("viewer").get("/actions/HWB-0001").get_data(as_text=True)
    section = page.split('id="chasing-section"', 1)[1].split("</p>", 1)[0]
    assert "The chaser looks at it on its next run" in section and "next looks at it on" not in section
    # JHOSC-0003 is due weeks ahead: the page names the first day the chaser will look at it.
    ahead = app.extensions["tracker"].read.query("action_by_id", str(state(app, "JHOSC-0003")["id"]))["next_chase_on"]
    assert ahead > london_today()
    later = signed_in("viewer").get("/actions/JHOSC-0003").get_data(as_text=True)
    assert f"The chaser next looks at it on {ahead.day} {ahead:%B %Y}." in later

"""The JSON API over HTTP (the Flask test client) on the demo: every route, every role, every kind of error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from apispec_webframeworks.flask import FlaskPlugin
from eventsourcing.persistence import IntegrityError
from flask import Flask
from werkzeug.test import TestResponse

from e2e_helpers import DEMO_USERS, EVERY_MOVE, MAY_MOVE, ROLE_MOVES
from tracker.domain.calendar import london_today, to_london
from web.api.schemas import MOVE_NAMES

Api = Callable[..., TestResponse]
MEHAFFEY = "director.ics@example.org"  # the demo officer's person, owner of HOSC-0001 and HOSC-0002


@pytest.fixture
def api(app: Flask) -> Api:
    """Call the API as a demo user: api("GET", "/actions", "clerk", json=..., headers=...)."""
    tracker = app.extensions["tracker"].tracker
    client = app.test_client()
    tokens: dict[str, str] = {}

    def call(method: str, path: str, who: str | None = None, *, headers: dict[str, str] | None = None,
             **kwargs: Any) -> TestResponse:
        sent = dict(headers or {})
        if who is not None:
            if who not in tokens:
                tokens[who] = tracker.issue_token(DEMO_USERS[who][0], actor="test")
            sent["Authorization"] = f"Bearer {tokens[who]}"
        return client.open(f"/api/v1{path}", method=method, headers=sent, **kwargs)

    return call


def person_id(api: Api, email: str) -> str:
    return next(p["id"] for p in api("GET", "/people", "clerk").json if p["email"] == email)


def next_meeting(api: Api, committee: str) -> dict[str, Any]:
    return next(m for m in api("GET", f"/meetings?committee={committee}", "clerk").json if m["status"] == "scheduled")


def log_for_the_officer(api: Api, **extra: Any) -> TestResponse:
    payload = {"committee": "HOSC", "title": "Send the committee the winter plan", "kind": "circulate_document",
               "owner_id": person_id(api, MEHAFFEY), "due": "2027-01-29", **extra}
    return api("POST", "/actions", "clerk", json=payload)


# The document and the door


def test_the_openapi_document_is_public_and_lists_every_api_route(app: Flask, api: Api) -> None:
    response = api("GET", "/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearer"]["description"]
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = FlaskPlugin.flaskpath2openapi(rule.rule)
            assert path in spec["paths"], path
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in spec["paths"][path], (path, method)
    assert "/api/v1/actions/{reference}/change-due-date" in spec["paths"]
    assert spec["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_the_openapi_document_validates_as_openapi_3(api: Api) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(api("GET", "/openapi.json").json)


def test_a_request_without_a_token_gets_401_with_a_bearer_challenge(api: Api) -> None:
    response = api("GET", "/actions")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "tokens create" in response.json["message"]


@pytest.mark.parametrize("token", ["nonsense", "a.b.c", "0" * 32 + ".abc.def", ""])
def test_a_request_with_an_invalid_token_gets_401(api: Api, token: str) -> None:
    response = api("POST", "/actions/HOSC-0001/comment", headers={"Authorization": f"Bearer {token}"}, json={"text": "x"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# Committees, meetings and people


def test_committees_are_listed_with_their_counts(api: Api) -> None:
    response = api("GET", "/committees", "viewer")
    assert response.status_code == 200
    hosc = next(c for c in response.json if c["short_name"] == "HOSC")
    assert hosc["public"] is True and hosc["overdue"] >= 1 and sum(hosc["counts"].values()) == 4
    assert api("GET", "/committees/hosc", "viewer").json["id"] == hosc["id"]


def test_an_admin_registers_a_committee_and_no_one_else_may(api: Api) -> None:
    payload = {"short_name": "CYPSC", "name": "Children and Young People Scrutiny Committee", "authority": "A Council"}
    assert api("POST", "/committees", "clerk", json=payload).status_code == 403
    created = api("POST", "/committees", "admin", json=payload)
    assert created.status_code == 201, created.json
    assert created.headers["Location"] == "/api/v1/committees/CYPSC"
    assert created.json["short_name"] == "CYPSC" and created.json["public"] is False
    assert api("GET", "/committees/CYPSC", "viewer").json["name"] == payload["name"]
    again = api("POST", "/committees", "admin", json=payload)
    assert again.status_code == 409 and "exists already" in again.json["message"]
    bad = api("POST", "/committees", "admin", json={"short_name": "1!", "name": ""})
    assert bad.status_code == 400 and set(bad.json["errors"]) == {"short_name", "name"}


def test_meetings_are_listed_by_committee_and_an_unknown_committee_is_a_bad_filter(api: Api) -> None:
    hosc = api("GET", "/meetings?committee=HOSC", "officer")
    assert hosc.status_code == 200 and hosc.json and {m["committee"] for m in hosc.json} == {"HOSC"}
    assert len(api("GET", "/meetings", "officer").json) > len(hosc.json)
    assert api("GET", f"/meetings/{hosc.json[0]['id']}", "officer").json["title"] == hosc.json[0]["title"]
    unknown = api("GET", "/meetings?committee=NOPE", "officer")
    assert unknown.status_code == 400 and "committee" in unknown.json["errors"]
    assert api("GET", "/meetings?committee=1", "officer").status_code == 400


def test_the_clerk_schedules_meetings_for_their_own_committee_only(api: Api) -> None:
    payload = {"committee": "HOSC", "starts_at": "2027-03-04T10:00", "title": "HOSC: the winter review"}
    created = api("POST", "/meetings", "clerk", json=payload)
    assert created.status_code == 201, created.json
    assert created.json["starts_at"] == "2027-03-04T10:00:00+00:00"  # GMT in March
    assert api("GET", created.headers["Location"].removeprefix("/api/v1"), "viewer").json["id"] == created.json["id"]
    assert api("POST", "/meetings", "jhosc_clerk", json=payload).status_code == 403
    assert api("POST", "/meetings", "chair", json=payload).status_code == 403
    missing = api("POST", "/meetings", "clerk", json={"committee": "HOSC"})
    assert missing.status_code == 400 and {"starts_at", "title"} <= set(missing.json["errors"])
    assert api("POST", "/meetings", "clerk", json={**payload, "committee": "NOPE"}).status_code == 404
    ancient = api("POST", "/meetings", "clerk", json={**payload, "starts_at": "0001-01-01T00:00"})
    assert ancient.status_code == 400 and "starts_at" in ancient.json["errors"]
    held_early = api("POST", "/meetings", "clerk", json={**payload, "status": "held"})
    assert held_early.status_code == 422 and "has not begun cannot have been held" in held_early.json["message"]


def test_a_calendar_change_the_action_log_cannot_yet_check_is_refused_with_503_and_changes_nothing(
        app: Flask, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.domain.errors import UnavailableError

    read = app.extensions["tracker"].read

    def behind(*, strict: bool = False) -> None:  # the projection process has stopped, say
        if strict:
            raise UnavailableError("The action log is behind the record of changes: nothing was changed.")

    meeting = next_meeting(api, "HOSC")
    monkeypatch.setattr(read, "sync", behind)
    added = api("POST", "/meetings", "clerk", json={"committee": "HOSC", "starts_at": "2027-03-04T10:00",
                                                    "title": "HOSC: the winter review"})
    assert added.status_code == 503 and added.headers["Retry-After"] == "60"
    assert added.json["message"] == "The action log is behind the record of changes: nothing was changed."
    monkeypatch.undo()
    assert [m["id"] for m in api("GET", "/meetings?committee=HOSC", "clerk").json].count(meeting["id"]) == 1
    assert not any(m["title"] == "HOSC: the winter review" for m in api("GET", "/meetings?committee=HOSC", "clerk").json)


def test_people_are_listed_with_their_email_and_clerks_add_people(api: Api) -> None:
    people = api("GET", "/people", "viewer").json
    assert any(p["email"] == MEHAFFEY for p in people)
    assert [p["name"] for p in api("GET", "/people?q=mehaffey", "viewer").json] == ["David Mehaffey"]
    payload = {"name": "Pat Example", "organisation": "Public Health", "email": "pat@example.org"}
    assert api("POST", "/people", "officer", json=payload).status_code == 403
    created = api("POST", "/people", "clerk", json=payload)
    assert created.status_code == 201 and created.json["email"] == "pat@example.org"
    assert api("GET", created.headers["Location"].removeprefix("/api/v1"), "viewer").json["name"] == "Pat Example"
    bad = api("POST", "/people", "clerk", json={"name": "", "email": "not an address"})
    assert bad.status_code == 400 and set(bad.json["errors"]) == {"name", "email"}


# The action log


def test_the_action_log_filters_sorts_and_paginates_with_each_actions_rag(api: Api) -> None:
    response = api("GET", "/actions?committee=HOSC&status=open&sort=reference&order=desc&per_page=2", "viewer")
    assert response.status_code == 200
    body = response.json
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (2, 1, 2, 1)
    assert [a["reference"] for a in body["items"]] == ["HOSC-0004", "HOSC-0001"]
    overdue = body["items"][0]
    assert overdue["rag"] == "red" and overdue["overdue"] is True and overdue["days_overdue"] > 0
    assert body["items"][1]["working_days_until_due"] is not None
    page_two = api("GET", "/actions?per_page=5&page=2&status=closed&status=completed", "viewer").json
    assert page_two["page"] == 2 and page_two["total"] == 9 and len(page_two["items"]) == 4
    overdue = [a["reference"] for a in api("GET", "/actions?overdue=true", "viewer").json["items"]]
    assert overdue == ["HOSC-0004", "HWB-0001"]  # the HOSC finance report and the HWB's development sessions
    assert "HWB-0003" in [a["reference"] for a in api("GET", "/actions?q=ICP+assembly", "viewer").json["items"]]


@pytest.mark.parametrize(
    "query, field",
    [("per_page=101", "per_page"), ("page=0", "page"), ("status=pending", "status"), ("due_from=31/12/2026", "due_from"),
     ("sort=colour", "sort"), ("order=up", "order"), ("committee=NOPE", "committee"), ("owner=bob", "owner"),
     ("overdue=maybe", "overdue"), ("kind=gossip", "kind"), ("colour=red", "colour"), ("as_of=yesterday", "as_of"),
     ("as_of=0001-01-01T00:00", "as_of"),
     ("due_from=2026-12-01&due_to=2026-11-01", "due_to")],
)
def test_bad_filter_values_get_400_naming_the_field(api: Api, query: str, field: str) -> None:
    response = api("GET", f"/actions?{query}", "viewer")
    assert response.status_code == 400
    assert field in response.json["errors"] and all(response.json["errors"][field])


def test_the_clerk_logs_an_undertaking_and_is_told_where_it_lives(api: Api) -> None:
    response = log_for_the_officer(api)
    assert response.status_code == 201, response.json
    assert response.headers["Location"] == "/api/v1/actions/HOSC-0005"
    assert response.headers["ETag"] == '"1"'
    assert response.json["status"] == "logged" and response.json["owner_name"] == "David Mehaffey"
    assert response.json["due_date"] == "2027-01-29"
    history = api("GET", "/actions/HOSC-0005/history", "viewer").json
    assert history["entries"][0]["actor"] == "user:clerk.hosc@example.org"


def test_logging_is_for_the_committees_clerk_or_an_admin(api: Api) -> None:
    assert log_for_the_officer(api).status_code == 201
    payload = {"committee": "HOSC", "title": "T", "kind": "other", "owner_id": person_id(api, MEHAFFEY)}
    assert api("POST", "/actions", "admin", json=payload).status_code == 201
    for who in ("jhosc_clerk", "chair", "officer", "viewer"):
        assert api("POST", "/actions", who, json=payload).status_code == 403, who


def test_logging_with_missing_or_wrong_fields_gets_a_message_per_field(api: Api) -> None:
    response = api("POST", "/actions", "clerk", json={"committee": "HOSC", "kind": "gossip", "due": "soon", "extra": 1})
    assert response.status_code == 400
    errors = response.json["errors"]
    assert {"title", "kind", "owner_id", "due", "extra"} <= set(errors)
    assert errors["due"] == ['Give the due date as YYYY-MM-DD, or "next_meeting".']


@pytest.mark.parametrize("body", ['{"text": ', "[1, 2]", '"text"', "\xff\xfe"])
def test_a_body_that_is_not_a_json_object_gets_400(api: Api, body: str) -> None:
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", data=body.encode("latin-1"),
                   content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json["errors"]


DEEP = "[" * 100_000 + "]" * 100_000
JSON_POSTS = ["/actions", "/actions/HOSC-0001/comment", "/actions/HOSC-0001/acknowledge", "/committees", "/meetings",
              "/people"]


@pytest.mark.parametrize("path", JSON_POSTS)
def test_a_body_nested_a_hundred_thousand_deep_gets_400_saying_so_and_changes_nothing(api: Api, path: str) -> None:
    before = api("GET", "/actions/HOSC-0001", "admin").json["version"]
    counts = [len(api("GET", what, "admin").json) for what in ("/committees", "/meetings", "/people")]
    response = api("POST", path, "admin", data='{"text": ' + DEEP + "}", content_type="application/json")
    assert response.status_code == 400
    assert response.json["errors"]["body"] == ['The JSON is nested too deeply. Send a JSON object, e.g. {"text": "..."}.']
    assert api("GET", "/actions/HOSC-0001", "admin").json["version"] == before
    assert [len(api("GET", what, "admin").json) for what in ("/committees", "/meetings", "/people")] == counts


def test_a_body_larger_than_any_command_needs_gets_413_saying_how_much_is_allowed(api: Api) -> None:
    before = api("GET", "/actions/HOSC-0001", "clerk").json["version"]
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "x" * 300_000})
    assert response.status_code == 413
    assert response.json["message"].startswith("Send a JSON body of at most 256 KB")
    assert api("GET", "/actions/HOSC-0001", "clerk").json["version"] == before
    # Just under the limit, the body is read and the field's own limit speaks.
    long = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "x" * 200_000})
    assert long.status_code == 400 and long.json["errors"]["text"] == ["Enter the comment (at most 5000 characters)."]


# Types: dates only as text in YYYY-MM-DD (or a date and time in ISO form), whole numbers only as whole numbers


@pytest.mark.parametrize("due", [20270129, "20270129", "2027-W05-5", "2027-1-29", "29/01/2027", "2027-01-29T00:00",
                                 True, ["2027-01-29"], {"date": "2027-01-29"}], ids=repr)
def test_a_due_date_is_taken_only_as_text_in_yyyy_mm_dd(api: Api, due: Any) -> None:
    response = log_for_the_officer(api, due=due)
    assert response.status_code == 400, response.json
    assert response.json["errors"] == {"due": ['Give the due date as YYYY-MM-DD, or "next_meeting".']}
    assert api("GET", "/actions/HOSC-0005", "clerk").status_code == 404


@pytest.mark.parametrize("due_date", [20270601, "20270601", "2027-W22-2", "2027-6-1", 1.5], ids=repr)
def test_the_date_of_an_extension_is_taken_only_as_text_in_yyyy_mm_dd(api: Api, due_date: Any) -> None:
    assert log_for_the_officer(api).status_code == 201
    response = api("POST", "/actions/HOSC-0005/request-extension", "officer",
                   json={"due_date": due_date, "reason": "The data is late."})
    assert response.status_code == 400
    assert response.json["errors"] == {"due_date": ["Enter the date as YYYY-MM-DD."]}
    assert api("GET", "/actions/HOSC-0005", "officer").json["extension"] is None


@pytest.mark.parametrize("starts_at", [1804154400, "20270304T1000", "2027-W09-4T10:00", "2027-03-04", "2027-3-4T10:00",
                                       "2027-03-04T10"], ids=repr)
def test_a_meetings_date_and_time_is_taken_only_as_iso_text(api: Api, starts_at: Any) -> None:
    before = len(api("GET", "/meetings?committee=HOSC", "clerk").json)
    response = api("POST", "/meetings", "clerk", json={"committee": "HOSC", "starts_at": starts_at, "title": "HOSC"})
    assert response.status_code == 400
    assert response.json["errors"] == {"starts_at": ["Enter the date and time as YYYY-MM-DDTHH:MM."]}
    assert len(api("GET", "/meetings?committee=HOSC", "clerk").json) == before


@pytest.mark.parametrize("version", [1e30, 3.0, 2.5, True, "1e3", "+3", "\u0663", -1, 0, 10**12], ids=repr)
def test_an_expected_version_is_taken_only_as_a_whole_number_in_range(api: Api, version: Any) -> None:
    before = api("GET", "/actions/HOSC-0001", "clerk").json["version"]
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi", "expected_version": version})
    assert response.status_code == 400, response.json
    [message] = response.json["errors"]["expected_version"]
    assert message.startswith("The version must be a whole number")
    assert api("GET", "/actions/HOSC-0001", "clerk").json["version"] == before


def test_an_expected_version_given_as_digits_in_text_is_read_as_the_number(api: Api) -> None:
    version = api("GET", "/actions/HOSC-0001", "clerk").json["version"]
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi", "expected_version": str(version)})
    assert response.status_code == 200 and response.json["version"] == version + 1


@pytest.mark.parametrize(("query", "field"), [
    ("due_from=20261201", "due_from"), ("due_to=2026-W49-1", "due_to"), ("due_from=1066-10-14", "due_from"),
    ("page=1e3", "page"), ("page=2.0", "page"), ("per_page=%2B5", "per_page"), ("page=99999999999999999999", "page"),
    ("as_of=20260101T0000", "as_of"), ("as_of=2026-01-01", "as_of"), ("as_of=2026-W01-1T10:00", "as_of"),
])
def test_dates_and_numbers_in_the_query_string_are_taken_only_in_their_plain_forms(api: Api, query: str, field: str) -> None:
    response = api("GET", f"/actions?{query}", "viewer")
    assert response.status_code == 400
    assert list(response.json["errors"]) == [field] and all(response.json["errors"][field])


# One action


def test_an_action_carries_its_version_as_etag_its_standing_and_your_moves(api: Api) -> None:
    response = api("GET", "/actions/hosc-0001", "officer")
    assert response.status_code == 200
    body = response.json
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["reference"] == "HOSC-0001" and body["committee"] == "HOSC" and body["rag"] == "amber"
    assert body["extension"]["due_date"] > body["due_date"]
    assert "decide-extension" in body["allowed_moves"]
    assert body["available_moves"] == ["progress", "complete", "comment"]
    assert body["logged_at"].endswith("+00:00")


def test_unknown_things_are_404(api: Api) -> None:
    for path in ("/actions/HOSC-9999", "/actions/nonsense/history", "/meetings/not-an-id", "/people/not-an-id",
                 f"/meetings/{'0' * 8}-0000-0000-0000-{'0' * 12}/review", "/committees/NOPE", "/no-such-route"):
        assert api("GET", path, "viewer").status_code == 404, path
    assert api("POST", "/actions/HOSC-9999/comment", "clerk", json={"text": "Hello"}).status_code == 404
    response = api("POST", "/actions", "clerk", json={"committee": "HOSC", "title": "T", "kind": "other",
                                                      "owner_id": "00000000-0000-4000-8000-000000000000"})
    assert response.status_code == 404 and "owner" in response.json["message"]


def test_history_lists_every_change_oldest_first(api: Api) -> None:
    response = api("GET", "/actions/HOSC-0001/history", "viewer")
    assert response.status_code == 200
    entries = response.json["entries"]
    assert entries[0]["event"] == "Logged" and [e["version"] for e in entries] == list(range(1, len(entries) + 1))
    requested = next(e for e in entries if e["event"] == "ExtensionRequested")
    assert requested["actor"] == f"user:{MEHAFFEY}" and requested["reason"]
    change = next(c for c in requested["changes"] if c["field"] == "extension")
    assert change["from"] is None and len(change["to"]["due_date"]) == 10


def test_history_carries_the_actions_version_as_etag_and_it_serves_as_if_match(api: Api) -> None:
    history = api("GET", "/actions/HOSC-0001/history", "clerk")
    action = api("GET", "/actions/HOSC-0001", "clerk")
    latest = history.json["entries"][-1]["version"]
    assert history.headers["ETag"] == action.headers["ETag"] == f'"{latest}"'
    saved = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Seen the history."},
                headers={"If-Match": history.headers["ETag"]})
    assert saved.status_code == 200
    after = api("GET", "/actions/HOSC-0001/history", "clerk")
    assert after.headers["ETag"] == saved.headers["ETag"] != history.headers["ETag"]
    stale = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Again."},
                headers={"If-Match": history.headers["ETag"]})
    assert stale.status_code == 412


def test_time_travel_shows_the_action_as_it_stood_before_a_change(api: Api) -> None:
    before = datetime.now(timezone.utc)
    done = api("POST", "/actions/HOSC-0004/complete", "clerk", json={"response": "The report is on the agenda."})
    assert done.status_code == 200 and done.json["status"] == "completed"
    then = api("GET", f"/actions/HOSC-0004?as_of={before.isoformat().replace('+', '%2B')}", "viewer")
    assert then.status_code == 200
    assert then.json["status"] == "acknowledged" and then.json["version"] == done.json["version"] - 1
    assert then.headers["ETag"] == f'"{then.json["version"]}"'
    naive_london = to_london(before).replace(tzinfo=None).isoformat()
    assert api("GET", f"/actions/HOSC-0004?as_of={naive_london}", "viewer").json["status"] == "acknowledged"
    assert api("GET", "/actions/HOSC-0004?as_of=2000-01-01T00:00", "viewer").status_code == 404
    assert api("GET", "/actions/HOSC-0004?as_of=soon", "viewer").status_code == 400
    log = api("GET", f"/actions?committee=HOSC&status=completed&as_of={naive_london}", "viewer").json
    assert "HOSC-0004" not in [a["reference"] for a in log["items"]]


# Moves and who may make them


def test_the_owner_and_the_chair_carry_an_undertaking_through_its_life(api: Api) -> None:
    # The clerk logs it; the officer who owes it acknowledges, updates, asks for time, and completes it.
    assert log_for_the_officer(api).status_code == 201
    ref = "/actions/HOSC-0005"
    assert api("POST", f"{ref}/acknowledge", "officer").json["status"] == "acknowledged"
    assert api("POST", f"{ref}/progress", "officer", json={"text": "Drafting."}).json["last_update"] == "Drafting."
    asked = api("POST", f"{ref}/request-extension", "officer", json={"due_date": "2027-02-26", "reason": "Data late."})
    assert asked.status_code == 200 and asked.json["extension"]["due_date"] == "2027-02-26"
    # The clerk grants it; the officer completes; the chair accepts it at the next meeting.
    granted = api("POST", f"{ref}/decide-extension", "clerk", json={"grant": True})
    assert granted.json["due_date"] == "2027-02-26" and granted.json["extension"] is None
    done = api("POST", f"{ref}/complete", "officer", json={"response": "Sent.", "evidence": ["https://example.org/plan"]})
    assert done.json["status"] == "completed" and done.json["evidence"] == ["https://example.org/plan"]
    accepted = api("POST", f"{ref}/accept", "chair", json={"meeting_id": next_meeting(api, "HOSC")["id"]})
    assert accepted.status_code == 200 and accepted.json["status"] == "closed"
    actors = [e["actor"] for e in api("GET", f"{ref}/history", "viewer").json["entries"]]
    assert actors == ["user:clerk.hosc@example.org"] + [f"user:{MEHAFFEY}"] * 3 + [
        "user:clerk.hosc@example.org", f"user:{MEHAFFEY}", "user:chair.hosc@example.org"]


def test_the_clerk_makes_every_other_move_on_their_committees_actions(api: Api) -> None:
    assert log_for_the_officer(api).status_code == 201
    assert log_for_the_officer(api, title="A second").status_code == 201
    ref, roberts = "/actions/HOSC-0005", person_id(api, "associate.director.ics@example.org")
    steps = [
        ("change-due-date", {"due": "next_meeting", "reason": "The committee asked."}, "logged"),
        ("reassign", {"owner_id": roberts, "reason": "She leads on it."}, "logged"),
        ("comment", {"text": "Chased by phone."}, "logged"),
        ("withdraw", {"reason": "No longer needed."}, "withdrawn"),
        ("reopen", {"reason": "Needed after all."}, "logged"),
        ("supersede", {"successor": "HOSC-0006", "reason": "Folded into the second."}, "superseded"),
    ]
    for move, payload, status in steps:
        response = api("POST", f"{ref}/{move}", "clerk", json=payload)
        assert response.status_code == 200, (move, response.json)
        assert response.json["status"] == status, (move, response.json["status"])
    assert api("GET", ref, "clerk").json["successor_id"] is not None
    closed = api("POST", "/actions/HOSC-0002/close", "clerk", json={"note": "Noted at the meeting."})
    assert closed.status_code == 200 and closed.json["status"] == "closed"


def body_for(api: Api, name: str) -> dict[str, Any]:
    """A sensible body for each move, so that a permitted move the status allows is saved."""
    return {
        "acknowledge": {}, "note_progress": {"text": "Drafting the reply."}, "complete": {"response": "Sent to members."},
        "close": {"note": "Noted at the meeting."}, "accept": {"meeting_id": next_meeting(api, "HOSC")["id"]},
        "reopen": {"reason": "Members asked again."}, "change_due_date": {"due": "next_meeting", "reason": "Asked."},
        "request_extension": {"due_date": "2027-06-01", "reason": "Data late."}, "decide_extension": {"grant": True},
        "reassign": {"owner_id": person_id(api, MEHAFFEY), "reason": "Moved."}, "withdraw": {"reason": "No longer needed."},
        "supersede": {"successor": "HOSC-0001", "reason": "Folded in."}, "comment": {"text": "Members will ask."},
    }[name]


@pytest.mark.parametrize(("role", "name"), ROLE_MOVES, ids=[f"{role}-{name}" for role, name in ROLE_MOVES])
def test_each_role_makes_the_moves_it_may_and_gets_403_for_the_rest_with_nothing_recorded(
        api: Api, role: str, name: str) -> None:
    who, reference, may = MAY_MOVE[role]
    before = api("GET", f"/actions/{reference}", "admin").json
    response = api("POST", f"/actions/{reference}/{MOVE_NAMES[name]}", who, json=body_for(api, name))
    after = api("GET", f"/actions/{reference}", "admin").json
    if name not in may:
        assert response.status_code == 403, f"{role} was not forbidden to {name} {reference}"
        assert response.json["message"].startswith("Your account may not")
        assert after["version"] == before["version"], "a forbidden move recorded something"
    elif MOVE_NAMES[name] in before["allowed_moves"]:
        assert response.status_code == 200, (role, name, response.json)
        assert after["version"] == before["version"] + 1
    else:  # permitted, but not from the status it is in
        assert response.status_code == 422, (role, name, response.json)
        assert after["version"] == before["version"]


def test_the_table_of_who_may_move_names_every_move_the_api_has() -> None:
    assert set(MOVE_NAMES) == set(EVERY_MOVE)


def test_a_chair_comments_and_an_admin_may_do_anything(api: Api) -> None:
    assert api("POST", "/actions/HOSC-0004/comment", "chair", json={"text": "We will ask."}).status_code == 200
    assert api("POST", "/actions/JHOSC-0003/withdraw", "admin", json={"reason": "Not needed."}).json["status"] == "withdrawn"
    assert api("POST", "/actions/JHOSC-0003/comment", "jhosc_clerk", json={"text": "Agreed."}).status_code == 200


def test_a_move_not_allowed_now_gets_422_saying_which_moves_are(api: Api) -> None:
    response = api("POST", "/actions/HOSC-0003/complete", "clerk", json={"response": "Again?"})
    assert response.status_code == 422
    assert response.json["allowed"] == ["reopen", "comment"]
    assert "HOSC-0003" in response.json["message"]
    # The owner asking again while a request waits is refused by the domain's rule, allowed moves listed.
    again = api("POST", "/actions/HOSC-0001/request-extension", "officer", json={"due_date": "2027-06-01", "reason": "R"})
    assert again.status_code == 422 and "request-extension" not in again.json["allowed"]


@pytest.mark.parametrize("days", [-1, 0])
def test_more_time_to_a_day_not_after_today_gets_422_saying_so(api: Api, days: int) -> None:
    assert log_for_the_officer(api, due=None).status_code == 201  # nothing is due yet, so only today bounds it
    asked = london_today() + timedelta(days=days)
    response = api("POST", "/actions/HOSC-0005/request-extension", "officer",
                   json={"due_date": asked.isoformat(), "reason": "Data late."})
    assert response.status_code == 422
    assert "An extension must be to a date after the day it is asked for" in response.json["message"]
    assert api("GET", "/actions/HOSC-0005", "officer").json["extension"] is None


def test_any_other_broken_rule_gets_422_with_its_message(api: Api) -> None:
    jhosc = next_meeting(api, "JHOSC")
    response = api("POST", "/actions/HOSC-0002/accept", "clerk", json={"meeting_id": jhosc["id"]})
    assert response.status_code == 422
    assert "own committee" in response.json["message"] and "allowed" not in response.json


def test_a_moves_fields_are_validated_with_a_message_each(api: Api) -> None:
    refused = api("POST", "/actions/HOSC-0001/decide-extension", "clerk", json={"grant": False})
    assert refused.status_code == 400 and refused.json["errors"] == {"reason": ["Say why the extension is refused."]}
    bad = api("POST", "/actions/HOSC-0001/complete", "officer", json={"response": "", "evidence": ["ftp:/x"]})
    assert bad.status_code == 400 and set(bad.json["errors"]) == {"response", "evidence"}
    assert api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "x", "expected_version": "six"}).status_code == 400


# Versions: If-Match, expected_version and lost races


def test_a_stale_if_match_gets_412_with_the_current_version(api: Api) -> None:
    current = api("GET", "/actions/HOSC-0001", "clerk")
    etag = current.headers["ETag"]
    stale = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json["current_version"] == current.json["version"] and stale.headers["ETag"] == etag
    fresh = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi"}, headers={"If-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] == f'"{current.json["version"] + 1}"'
    assert api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi"}, headers={"If-Match": etag}).status_code == 412


def test_if_match_and_expected_version_must_agree(api: Api) -> None:
    etag = api("GET", "/actions/HOSC-0001", "clerk").headers["ETag"]
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Hi", "expected_version": 1},
                   headers={"If-Match": etag})
    assert response.status_code == 400 and "expected_version" in response.json["errors"]


def test_two_writes_made_against_the_same_version_lose_the_second_with_409(api: Api) -> None:
    version = api("GET", "/actions/HOSC-0001", "clerk").json["version"]
    first = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "One", "expected_version": version})
    assert first.status_code == 200
    second = api("POST", "/actions/HOSC-0001/comment", "officer", json={"text": "Two", "expected_version": version})
    assert second.status_code == 409
    assert second.json["current_version"] == version + 1 and second.headers["ETag"] == f'"{version + 1}"'


def test_a_race_lost_at_save_gets_409_with_the_current_version(app: Flask, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = app.extensions["tracker"].tracker
    version = api("GET", "/actions/HOSC-0001", "clerk").json["version"]
    api("GET", "/actions", "clerk")  # issue the token before the store starts refusing writes

    def lost_the_race(*aggregates: Any, **kwargs: Any) -> Any:
        raise IntegrityError("someone else saved first")

    monkeypatch.setattr(tracker, "save", lost_the_race)
    response = api("POST", "/actions/HOSC-0001/comment", "clerk", json={"text": "Too late"})
    assert response.status_code == 409
    assert response.json["current_version"] == version and "changed by someone else" in response.json["message"]


# The chair's review


def test_the_chair_reviews_the_next_meeting(app: Flask, api: Api) -> None:
    meeting = next_meeting(api, "HOSC")
    response = api("GET", f"/meetings/{meeting['id']}/review", "chair")
    assert response.status_code == 200
    review = response.json
    assert review["meeting"]["id"] == meeting["id"] and review["committee"]["short_name"] == "HOSC"
    assert [(a["reference"], a["days_overdue"] > 0) for a in review["overdue"]] == [("HOSC-0004", True)]
    assert review["overdue"][0]["last_update"]
    assert [a["reference"] for a in review["due"]] == ["HOSC-0001"]
    assert [a["reference"] for a in review["awaiting_acceptance"]] == ["HOSC-0002"]
    assert [a["reference"] for a in review["extensions_requested"]] == ["HOSC-0001"]
    assert review["extensions_requested"][0]["extension_due"] > review["extensions_requested"][0]["due_date"]
    for who in ("clerk", "admin"):
        assert api("GET", f"/meetings/{meeting['id']}/review", who).status_code == 200
    for who in ("officer", "viewer", "jhosc_clerk"):
        assert api("GET", f"/meetings/{meeting['id']}/review", who).status_code == 403, who


def test_the_review_data_is_plain_data_for_the_html_page_to_reuse(app: Flask) -> None:
    from web.api.review import review_data

    services = app.extensions["tracker"]
    hosc = services.read.query("committee_by_short_name", "HOSC")
    meeting = next(m for m in services.read.query("meetings") if m["committee_id"] == hosc["id"] and m["status"] == "scheduled")
    data = review_data(services, meeting, today=to_london(meeting["starts_at"]).date() + timedelta(days=1))
    assert set(data) == {"meeting", "committee", "today", "meeting_date", "overdue", "due", "awaiting_acceptance",
                         "extensions_requested"}
    # The day after the meeting, what was due by it is overdue too.
    assert {a["reference"] for a in data["overdue"]} == {"HOSC-0001", "HOSC-0004"} and data["due"] == []

"""Suggesting undertakings from the minutes, through the Flask client: paste or upload, check the suggestions, log the
accepted ones; bad files, unanswered and invalid cards, failures at save time, permissions and escaping."""

from __future__ import annotations

import html as htmllib
import io
import re
from datetime import date
from html.parser import HTMLParser
from uuid import UUID

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import csrf_token, post_form
from events.view import ActionFilter
from tracker.domain.calendar import london_today, to_london
from tracker.domain.errors import ConflictError
from tracker.minutes import extract

MINUTES = """Agenda item 5: Integrated Care System winter pressures

In attendance for this item were the Director of Integrated Care System Development (the Director), Herefordshire and \
Worcestershire Clinical Commissioning Group, and the Managing Director of Healthwatch Worcestershire.

5.1 A HOSC member asked how ambulance handover delays at each acute hospital compared with neighbouring systems. \
The Director undertook to provide further information on handover times at each acute hospital by the next meeting.

5.2 RESOLVED that the Committee write to the Local Government Association to ask for guidance on consulting \
residents about service changes.

5.3 The Chairman requested a further update on winter pressures be scheduled for the Committee within six months.
"""
HANDOVER = ("The Director undertook to provide further information on handover times at each acute hospital by the "
            "next meeting.")
LETTER = ("RESOLVED that the Committee write to the Local Government Association to ask for guidance on consulting "
          "residents about service changes")
UPDATE = "The Chairman requested a further update on winter pressures be scheduled for the Committee within six months."


# The meeting, the directory and the log


def hosc(app: Flask) -> dict:
    return app.extensions["tracker"].read.query("committee_by_short_name", "HOSC")


def held_meeting(app: Flask) -> dict:
    """HOSC's latest meeting held: the one whose minutes the clerk has just written."""
    found = app.extensions["tracker"].read.query("meetings", UUID(hosc(app)["id"]))
    return next(m for m in found if m["status"] == "held")


def person_id(app: Flask, name: str) -> str:
    return next(p["id"] for p in app.extensions["tracker"].read.query("people") if p["name"] == name)


def hosc_actions(app: Flask) -> list[dict]:
    page = app.extensions["tracker"].read.list_actions(ActionFilter(committee_id=UUID(hosc(app)["id"]), per_page=500))
    return page.rows


def path(app: Flask, step: str = "") -> str:
    return f"/meetings/{held_meeting(app)['id']}/minutes{step}"


# Reading the pages


class FormReader(HTMLParser):
    """What a browser would send from a page's last form: inputs, checked radios, selected options, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.fields = {}
        elif tag == "input" and a.get("name") and (a.get("type") != "radio" or "checked" in a):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.fields[a["name"]] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("textarea", "select"):
            self._textarea = self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(page: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(page)
    return reader.fields


def marks(page: str) -> dict[str, str]:
    """The highlighted sentences of the minutes, by their id."""
    return {m.group(1): htmllib.unescape(m.group(2)) for m in re.finditer(r'<mark class="app-mark" id="(s-\d+)">(.*?)</mark>', page, re.S)}


def error_summary(page: str) -> dict[str, str]:
    """The GOV.UK error summary's messages by the field they link to."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return {m.group(1): htmllib.unescape(m.group(2)).strip() for m in re.finditer(r'<a href="#([^"]+)">(.*?)</a>', found.group(1), re.S)}


def due_boxes(fields: dict[str, str], n: int) -> list[str]:
    """What card n's due date's day, month and year boxes hold."""
    return [fields[f"s{n}-due_date-{part}"] for part in ("day", "month", "year")]


def paste(client: FlaskClient, app: Flask, minutes: str = MINUTES):  # type: ignore[no-untyped-def]
    return post_form(client, path(app), {"minutes": minutes})


def upload(client: FlaskClient, app: Flask, name: str, data: bytes):  # type: ignore[no-untyped-def]
    token = csrf_token(client, path(app))
    return client.post(path(app), data={"csrf_token": token, "minutes_file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def send_cards(client: FlaskClient, app: Flask, page: str, **changes: str):  # type: ignore[no-untyped-def]
    """Send the review form as shown, with some fields changed: send_cards(..., **{"s1-decision": "accept"})."""
    return client.post(path(app, "/log"), data={**form_of(page), **changes})


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Step 1 and 2: from the minutes to suggestions


def test_pasted_minutes_are_shown_with_each_suggested_sentence_highlighted(app: Flask, signed_in) -> None:
    page = paste(signed_in("clerk"), app).get_data(as_text=True)
    fields = form_of(page)
    assert fields["count"] == "3"
    assert list(marks(page).values()) == [HANDOVER, LETTER, UPDATE]
    for n in (1, 2, 3):
        start, end = int(fields[f"s{n}-start"]), int(fields[f"s{n}-end"])
        assert marks(page)[f"s-{n}"] == fields[f"s{n}-source_quote"] == MINUTES[start:end]
        assert f'href="#s-{n}"' in page, "each card links to its highlight"
    assert fields["minutes"] == MINUTES, "the minutes are carried to the next step in the form"
    assert [fields[f"s{n}-minute_ref"] for n in (1, 2, 3)] == ["5.1", "5.2", "5.3"]
    assert [fields[f"s{n}-decision"] if f"s{n}-decision" in fields else None for n in (1, 2, 3)] == [None] * 3


def test_a_suggested_owner_is_chosen_from_the_directory_only_when_the_minutes_name_their_post(app: Flask, signed_in) -> None:
    page = paste(signed_in("clerk"), app).get_data(as_text=True)
    fields = form_of(page)
    assert fields["s1-owner_id"] == person_id(app, "David Mehaffey")
    assert fields["s2-owner_id"] == "" and fields["s3-owner_id"] == "", "nobody is guessed for 'the Committee' or no one"
    assert "The minutes name: “the Committee”" in page


def test_a_post_named_alone_is_matched_only_to_someone_tied_to_the_committee(app: Flask, signed_in) -> None:
    minutes = ("8.1 The Democratic Services Officer undertook to circulate the scrutiny work programme to members.\n\n"
               "8.2 The Director of ICS Development undertook to share the engagement plan with members.\n")
    page = paste(signed_in("clerk"), app, minutes).get_data(as_text=True)
    fields = form_of(page)
    # The directory's only Democratic Services Officer clerks Herefordshire's committee: not HOSC's.
    assert fields["s1-owner_id"] == "" and "The minutes name: “Democratic Services Officer”" in page
    # The Director owes HOSC actions already: the post alone is enough.
    assert fields["s2-owner_id"] == person_id(app, "David Mehaffey")


def test_due_dates_are_worked_out_from_the_meetings_own_date(app: Flask, signed_in) -> None:
    fields = form_of(paste(signed_in("clerk"), app).get_data(as_text=True))
    meeting_day = to_london(held_meeting(app)["starts_at"]).date()
    six_months_on = extract(MINUTES, meeting_day)[2].due_date
    assert six_months_on and extract(MINUTES)[2].due_date is None
    assert (fields["s1-due_choice"], due_boxes(fields, 1)) == ("next_meeting", ["", "", ""])
    assert (fields["s3-due_choice"], due_boxes(fields, 3)) == (
        "date", [str(six_months_on.day), str(six_months_on.month), str(six_months_on.year)])
    assert "s3-due_date" not in fields, "the due date is typed in its day, month and year boxes"
    assert fields["s2-due_choice"] == "none"


def test_an_uploaded_text_file_is_read_like_pasted_minutes(app: Flask, signed_in) -> None:
    page = upload(signed_in("clerk"), app, "minutes.txt", MINUTES.replace("\n", "\r\n").encode("cp1252")).get_data(as_text=True)
    assert list(marks(page).values()) == [HANDOVER, LETTER, UPDATE]


def test_an_uploaded_word_document_is_read_paragraph_by_paragraph(app: Flask, signed_in) -> None:
    data = docx_bytes(*[p for p in MINUTES.split("\n\n")])
    page = upload(signed_in("clerk"), app, "Minutes 5 March.DOCX", data).get_data(as_text=True)
    assert list(marks(page).values()) == [HANDOVER, LETTER, UPDATE]


BAD_UPLOADS = {
    "empty": ("minutes.txt", b"", "minutes.txt is empty. Choose the file the minutes are in."),
    "old Word": ("minutes.doc", b"\xd0\xcf\x11\xe0 not docx", "minutes.doc is not a .txt, .docx or .pdf file."),
    "no extension": ("minutes", b"text", "minutes is not a .txt, .docx or .pdf file."),
    "damaged Word": ("minutes.docx", b"PK\x03\x04 not really a zip", "minutes.docx could not be read as a Word file"),
    "not a PDF": ("minutes.pdf", b"%PDF-1.4 garbage", "minutes.pdf could not be read as a PDF file"),
    "blank Word": ("minutes.docx", docx_bytes("   "), "No text could be read from minutes.docx."),
    "too large": ("minutes.txt", b"a" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_gets_a_message_by_the_file_field_and_no_suggestions(app: Flask, signed_in, case: str) -> None:
    name, data, message = BAD_UPLOADS[case]
    response = upload(signed_in("clerk"), app, name, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page)["minutes-file"].startswith(message)
    assert "upload" not in error_summary(page)["minutes-file"].replace("minutes", ""), "the message names the clerk's file"
    assert 'class="app-mark"' not in page


def test_a_file_over_the_servers_limit_gets_the_same_form_with_a_message(app: Flask, signed_in) -> None:
    response = upload(signed_in("clerk"), app, "minutes.pdf", b"%PDF" + b"0" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert error_summary(response.get_data(as_text=True)) == {"minutes-file": "The file is larger than 5 MB. Save the "
                                                              "minutes as a .txt file, or paste the text instead."}


@pytest.mark.parametrize("data, message", [
    ({"minutes": "   "}, "Paste the minutes, or choose the file they are in."),
    ({"minutes": "x" * 200_001}, "The minutes are longer than 200,000 characters. Give the minutes of one meeting at a time."),
])
def test_no_minutes_or_too_many_get_a_message_by_the_text_box(app: Flask, signed_in, data: dict, message: str) -> None:
    response = post_form(signed_in("clerk"), path(app), data)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == {"minutes": message}


def test_pasted_minutes_and_a_file_together_are_refused(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    response = client.post(path(app), data={"csrf_token": csrf_token(client, path(app)), "minutes": MINUTES,
                                            "minutes_file": (io.BytesIO(b"other minutes"), "minutes.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == {"minutes": "Paste the minutes or choose a file, not both."}


def test_minutes_without_undertakings_say_so_and_link_back(app: Flask, signed_in) -> None:
    page = paste(signed_in("clerk"), app, "5. Apologies\n\nApologies were received from two members.").get_data(as_text=True)
    assert "No undertakings were found in these minutes." in page
    assert f'href="{path(app)}"' in page
    assert "Log the accepted undertakings" not in page


def test_minutes_with_markup_are_shown_escaped_and_never_run(app: Flask, signed_in) -> None:
    hostile = MINUTES.replace("5.2 RESOLVED", '<script>alert("minutes")</script> <b>5.2</b> RESOLVED').replace(
        "handover times", "handover <img src=x onerror=alert(1)> times")
    page = paste(signed_in("clerk"), app, hostile).get_data(as_text=True)
    assert '<script>alert("minutes")' not in page and "<img src=x" not in page and "<b>5.2" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert any("<img src=x onerror=alert(1)>" in text for text in marks(page).values()), "the sentence is still marked"


# Step 3: logging the accepted ones


def test_a_suggestion_neither_accepted_nor_rejected_is_reported_and_nothing_is_logged(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = len(hosc_actions(app))
    response = send_cards(client, app, page, **{"s1-decision": "accept", "s3-decision": "reject"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == {
        "s2-decision": "Suggestion 2: Accept or reject this suggestion."}
    assert len(hosc_actions(app)) == before


def test_an_invalid_accepted_card_logs_nothing_and_keeps_what_the_clerk_typed(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = len(hosc_actions(app))
    response = send_cards(client, app, page, **{
        "s1-decision": "accept", "s1-title": "Send the handover times for each hospital",
        "s2-decision": "accept", "s2-owner_id": "", "s2-due_choice": "date",
        "s2-due_date-day": "", "s2-due_date-month": "", "s2-due_date-year": "",
        "s3-decision": "accept", "s3-title": "", "s3-owner_id": person_id(app, "HOSC Scrutiny Officer")})
    again = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(again) == {
        "s2-owner-id": "Suggestion 2: Choose who owes it.",
        "s2-due-date-day": "Suggestion 2: Enter the due date, or choose another option.",
        "s3-title": "Suggestion 3: Enter what was undertaken, as a short title.",
    }
    assert len(hosc_actions(app)) == before, "one bad card stops them all"
    kept = form_of(again)
    assert kept["s1-title"] == "Send the handover times for each hospital" and kept["s1-decision"] == "accept"
    assert kept["s3-owner_id"] == person_id(app, "HOSC Scrutiny Officer")
    assert 'id="s2-owner-id"' in again and 'id="s2-due-date-day"' in again and 'id="s3-title"' in again
    assert list(marks(again).values()) == [HANDOVER, LETTER, UPDATE], "the highlights are shown again"


@pytest.mark.parametrize(("boxes", "message", "first_wrong"), [
    (("31", "9", "2027"), "The due date must be a real date.", "day"),
    (("1", "Smarch", "2027"), "The due date must be a real date.", "month"),
    (("1", "9", "27"), f"The year of the due date must have 4 numbers, for example {london_today().year + 1}.", "year"),
    (("1", "", ""), "The due date must include a month and a year.", "month"),
])
def test_a_cards_bad_due_date_is_its_own_error_by_its_first_wrong_box_and_what_was_typed_is_kept(
        app: Flask, signed_in, boxes: tuple[str, str, str], message: str, first_wrong: str) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = len(hosc_actions(app))
    day, month, year = boxes
    response = send_cards(client, app, page, **{
        "s1-decision": "reject", "s2-decision": "reject", "s3-decision": "accept",
        "s3-owner_id": person_id(app, "HOSC Scrutiny Officer"),
        "s3-due_date-day": day, "s3-due_date-month": month, "s3-due_date-year": year})
    again = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(again) == {f"s3-due-date-{first_wrong}": f"Suggestion 3: {message}"}
    assert f'id="s3-due-date-{first_wrong}"' in again
    assert re.search(rf'govuk-input--error"[^>]*id="s3-due-date-{first_wrong}"', again), "the wrong box is marked"
    assert due_boxes(form_of(again), 3) == [day, month, year], "what the clerk typed is kept"
    assert due_boxes(form_of(again), 1) == ["", "", ""], "another card's boxes are its own"
    assert "YYYY" not in again and 'type="date"' not in again
    assert len(hosc_actions(app)) == before


def test_a_cards_due_date_typed_with_the_month_by_name_is_logged(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = {row["reference"] for row in hosc_actions(app)}
    year = london_today().year + 1
    response = send_cards(client, app, page, **{
        "s1-decision": "reject", "s2-decision": "reject", "s3-decision": "accept",
        "s3-owner_id": person_id(app, "HOSC Scrutiny Officer"),
        "s3-due_date-day": "30", "s3-due_date-month": "Sept", "s3-due_date-year": str(year)})
    assert response.status_code == 302
    [new] = {row["reference"] for row in hosc_actions(app)} - before
    assert app.extensions["tracker"].tracker.action(new)["due_date"] == date(year, 9, 30)


def test_accepting_two_and_rejecting_one_logs_exactly_the_two_with_their_quotes_and_minute_references(
    app: Flask, signed_in
) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = {row["reference"] for row in hosc_actions(app)}
    clerk_id = person_id(app, "HOSC Scrutiny Officer")
    response = send_cards(client, app, page, **{
        "s1-decision": "accept", "s2-decision": "reject", "s3-decision": "accept", "s3-owner_id": clerk_id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{held_meeting(app)['id']}#arising")
    new = sorted({row["reference"] for row in hosc_actions(app)} - before)
    assert len(new) == 2
    banner = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Logged {new[0]} and {new[1]}." in banner
    tracker = app.extensions["tracker"].tracker
    handover, update = (tracker.action(ref) for ref in new)
    assert (handover["source_quote"], handover["minute_ref"], handover["raised_by"]) == (HANDOVER, "5.1", "a HOSC member")
    assert handover["owner_id"] == UUID(person_id(app, "David Mehaffey")) and handover["due_next_meeting"]
    assert (update["source_quote"], update["minute_ref"], update["owner_id"]) == (UPDATE, "5.3", UUID(clerk_id))
    due = update["due_date"]
    assert update["kind"] == "further_update" and due_boxes(form_of(page), 3) == [str(due.day), str(due.month), str(due.year)]
    assert {handover["meeting_id"], update["meeting_id"]} == {UUID(held_meeting(app)["id"])}
    assert not [r for r in hosc_actions(app) if r["title"].startswith("Write to the Local Government Association")]


def test_rejecting_every_suggestion_logs_nothing_and_says_so(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = len(hosc_actions(app))
    response = send_cards(client, app, page, **{f"s{n}-decision": "reject" for n in (1, 2, 3)})
    assert "Nothing was logged: every suggestion was rejected." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(hosc_actions(app)) == before


def test_a_failure_at_save_time_logs_none_of_them_and_sending_again_logs_them_all(
    app: Flask, signed_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    before = {row["reference"] for row in hosc_actions(app)}
    tracker = app.extensions["tracker"].tracker
    real = type(tracker).log_actions

    def losing_every_race(self, **kwargs):  # type: ignore[no-untyped-def]
        raise ConflictError("Committee HOSC", 7, 8)

    monkeypatch.setattr(type(tracker), "log_actions", losing_every_race)
    choices = {"s1-decision": "accept", "s2-decision": "accept", "s3-decision": "accept",
               "s2-owner_id": person_id(app, "HOSC Scrutiny Officer"), "s3-owner_id": person_id(app, "HOSC Scrutiny Officer")}
    response = send_cards(client, app, page, **choices)
    again = response.get_data(as_text=True)
    assert response.status_code == 409 and {row["reference"] for row in hosc_actions(app)} == before
    assert list(error_summary(again)) == ["s1-decision"]
    assert error_summary(again)["s1-decision"].startswith("None of the accepted suggestions was logged: Committee HOSC")

    monkeypatch.setattr(type(tracker), "log_actions", real)
    response = client.post(path(app, "/log"), data=form_of(again))
    logged = sorted({row["reference"] for row in hosc_actions(app)} - before)
    assert len(logged) == 3
    assert f"Logged {logged[0]}, {logged[1]} and {logged[2]}." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_offsets_that_do_not_fit_the_minutes_lose_the_highlight_not_the_card(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app).get_data(as_text=True)
    response = send_cards(client, app, page, **{"s1-start": "99999", "s2-start": "x", "s3-end": "-4"})
    again = response.get_data(as_text=True)
    assert response.status_code == 400 and marks(again) == {}
    assert set(error_summary(again)) == {"s1-decision", "s2-decision", "s3-decision"}


# Who may use it


@pytest.mark.parametrize("who", ["viewer", "officer", "chair", "jhosc_clerk"])
def test_only_the_committees_clerk_or_an_admin_may_use_the_page(app: Flask, signed_in, who: str) -> None:
    clerk = signed_in("clerk")
    review = paste(clerk, app).get_data(as_text=True)
    client = signed_in(who)
    token = csrf_token(client, "/")
    before = len(hosc_actions(app))
    assert client.get(path(app)).status_code == 403
    assert client.post(path(app), data={"csrf_token": token, "minutes": MINUTES}).status_code == 403
    decided = {**form_of(review), "csrf_token": token, **{f"s{n}-decision": "accept" for n in (1, 2, 3)}}
    assert client.post(path(app, "/log"), data=decided).status_code == 403
    assert len(hosc_actions(app)) == before
    assert "Suggest undertakings from the minutes" not in client.get(f"/meetings/{held_meeting(app)['id']}").get_data(as_text=True)


def test_an_admin_and_the_clerk_are_offered_the_page_from_the_meeting(app: Flask, signed_in) -> None:
    for who in ("clerk", "admin"):
        client = signed_in(who)
        meeting_page = client.get(f"/meetings/{held_meeting(app)['id']}").get_data(as_text=True)
        assert f'<a class="govuk-link" href="{path(app)}">Suggest undertakings from the minutes</a>' in meeting_page
        assert client.get(path(app)).status_code == 200


def test_the_forms_carry_the_csrf_token_and_refuse_without_it(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    assert 'name="csrf_token"' in client.get(path(app)).get_data(as_text=True)
    page = paste(client, app).get_data(as_text=True)
    assert form_of(page)["csrf_token"]
    without = {k: v for k, v in form_of(page).items() if k != "csrf_token"}
    assert client.post(path(app, "/log"), data={**without, "s1-decision": "reject"}).status_code == 400
    assert client.post(path(app), data={"minutes": MINUTES}).status_code == 400


# A follow-up of an earlier request: which earlier action it follows up

FOLLOW_UP = ("6.1 Following up the earlier request, the Director undertook to circulate the handover figures by the "
             "next meeting.\n\n6.2 The Chairman requested a briefing note on stroke services within six months.\n")


def select_options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, text) of each option of the select with that name."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select, f"no select named {name}"
    return [(v, htmllib.unescape(t).strip()) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>',
                                                                     select.group(0), re.S)]


def earlier_in_order(app: Flask) -> list[str]:
    """HOSC's actions other than those of this meeting: open ones first, then the rest, each newest first."""
    rows = [r for r in hosc_actions(app) if r["meeting_id"] != held_meeting(app)["id"]]
    newest = sorted(rows, key=lambda r: r["number"], reverse=True)
    return [r["reference"] for r in newest if r["active"]] + [r["reference"] for r in newest if not r["active"]]


def test_a_follow_up_offers_the_committees_earlier_actions_open_ones_first_with_a_label_and_hint(
    app: Flask, signed_in
) -> None:
    page = paste(signed_in("clerk"), app, FOLLOW_UP).get_data(as_text=True)
    assert "A <strong>follow-up of an earlier request</strong>." in page
    options = select_options(page, "s1-follows_up")
    assert options[0] == ("", "Not a follow-up: a new request")
    assert [value for value, _ in options[1:]] == earlier_in_order(app) and len(options) > 2
    first = app.extensions["tracker"].tracker.action(options[1][0])
    assert options[1][1] == f"{first['reference']}: {first['title']} (open)"
    assert not any(v.startswith("JHOSC") for v, _ in options)  # only this committee's
    # Labelled and hinted, for a screen reader as for the eye.
    assert '<label class="govuk-label" for="s1-follows-up">' in page
    assert re.search(r'<select class="govuk-select[^"]*" id="s1-follows-up" name="s1-follows_up" '
                     r'aria-describedby="s1-follows-up-hint"', page)
    hint = re.search(r'<div id="s1-follows-up-hint" class="govuk-hint">(.*?)</div>', page, re.S)
    assert hint and "The minutes refer to an earlier request. Open actions first, newest first." in htmllib.unescape(hint.group(1))
    # A card not flagged as a follow-up offers the same list, folded away.
    folded = re.search(r'<details class="govuk-details">.*?</details>', page[page.index('id="suggestion-2"'):], re.S)
    assert folded and "Does it follow up an earlier action?" in folded.group(0) and 'name="s2-follows_up"' in folded.group(0)


def test_the_earlier_action_chosen_is_logged_as_what_it_follows_up(app: Flask, signed_in) -> None:
    client = signed_in("clerk")
    page = paste(client, app, FOLLOW_UP).get_data(as_text=True)
    earlier = earlier_in_order(app)[0]
    before = {r["reference"] for r in hosc_actions(app)}
    response = send_cards(client, app, page, **{"s1-decision": "accept", "s1-follows_up": earlier,
                                                "s1-owner_id": person_id(app, "David Mehaffey"),
                                                "s2-decision": "reject"})
    assert response.status_code == 302, error_summary(response.get_data(as_text=True))
    [new] = sorted({r["reference"] for r in hosc_actions(app)} - before)
    tracker = app.extensions["tracker"].tracker
    assert tracker.action(new)["follows_up_id"] == tracker.action(earlier)["id"]
    action_page = client.get(f"/actions/{new}").get_data(as_text=True)
    assert "Follows up" in action_page and f"/actions/{earlier}" in action_page


@pytest.mark.parametrize("choice", ["JHOSC-0001", "HOSC-9999", "<script>alert(1)</script>"])
def test_a_follow_up_not_in_the_list_is_a_field_error_and_nothing_is_logged(app: Flask, signed_in, choice: str) -> None:
    client = signed_in("clerk")
    page = paste(client, app, FOLLOW_UP).get_data(as_text=True)
    before = len(hosc_actions(app))
    response = send_cards(client, app, page, **{"s1-decision": "reject", "s2-decision": "accept",
                                                "s2-follows_up": choice,
                                                "s2-owner_id": person_id(app, "HOSC Scrutiny Officer")})
    again = response.get_data(as_text=True)
    assert response.status_code == 400 and len(hosc_actions(app)) == before
    assert error_summary(again) == {"s2-follows-up": "Suggestion 2: Choose the earlier action it follows up from the "
                                                     "list, or “Not a follow-up”."}
    # The list is shown unfolded beside its error, and what was sent is not echoed as markup.
    card = again[again.index('id="suggestion-2"'):]
    assert 'id="s2-follows-up-error"' in card and "<details" not in card.split("</section>")[0]
    assert "<script>alert(1)" not in again


def test_a_long_log_lists_the_newest_actions_and_says_how_to_follow_up_an_older_one(
    app: Flask, signed_in, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.from_minutes.followups as followups

    monkeypatch.setattr(followups, "MOST", 2)  # as if the log were longer than the page carries
    page = paste(signed_in("clerk"), app, FOLLOW_UP).get_data(as_text=True)
    assert [value for value, _ in select_options(page, "s1-follows_up")[1:]] == earlier_in_order(app)[:2]
    hint = re.search(r'<div id="s1-follows-up-hint" class="govuk-hint">(.*?)</div>', page, re.S)
    assert hint and ("older ones are not listed (to follow up one of those, log this undertaking from the "
                     "meeting’s page, giving its reference)") in htmllib.unescape(hint.group(1))

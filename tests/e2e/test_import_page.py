"""Importing an existing action log through the Flask client: upload, the columns and the preview, changing a
column, importing, bad files and bad rows, and who may do it."""

from __future__ import annotations

import html as htmllib
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from uuid import UUID

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from e2e_helpers import csrf_token
from events.view import ActionFilter

URL = "/committees/HOSC/import"
HEADERS = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Update/Comments", "Officer contact"]
ROWS = [
    ["7.1", "Director to provide the handover figures for each hospital", "Head of Urgent Care", date(2021, 3, 31),
     "Complete", "Sent to members", "David Mehaffey"],
    ["7.2", "Circulate the <script>alert(1)</script> winter plan", "Head of Urgent Care", "Next meeting", "Open", "",
     "David Mehaffey"],
    ["7.3", "Arrange a visit to the ambulance hub", "Head of Urgent Care", "ongoing", "Withdrawn", "", "David Mehaffey"],
]


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["HOSC action log"])
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def error_summary(page: str) -> list[str]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "there is no GOV.UK error summary on the page"
    return [htmllib.unescape(m).strip() for m in re.findall(r"<a href=\"#[^\"]*\">(.*?)</a>", found.group(1), re.S)]


def selected(page: str, field: str) -> str:
    """The text of the option chosen in a column select."""
    select = re.search(rf'<select[^>]*name="map_{field}".*?</select>', page, re.S)
    assert select, f"no select for {field}"
    chosen = re.search(r"<option[^>]*selected[^>]*>(.*?)</option>", select.group(0), re.S)
    return htmllib.unescape(chosen.group(1)).strip() if chosen else ""


def upload(client: FlaskClient, data: bytes, name: str = "log.xlsx") -> object:
    return client.post(URL, data={"file": (io.BytesIO(data), name), "csrf_token": csrf_token(client, URL)},
                       content_type="multipart/form-data")


def columns_form(page: str) -> dict[str, str]:
    """The column choices and the preview marker as the page would send them back."""
    form = {f"map_{f}": "" for f in re.findall(r'name="map_(\w+)"', page)}
    for field in form:
        select = re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.S).group(0)  # type: ignore[union-attr]
        chosen = re.search(r'<option value="(\d*)" selected', select)
        form[field] = chosen.group(1) if chosen else ""
    form["previewed"] = re.search(r'name="previewed" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return form


def hosc_rows(app: Flask) -> list[dict]:
    read = app.extensions["tracker"].read
    committee = read.query("committee_by_short_name", "HOSC")
    return read.list_actions(ActionFilter(committee_id=UUID(committee["id"]), sort="reference", per_page=100)).rows


def test_the_committee_log_offers_the_import_to_its_clerk_only(signed_in: Callable[[str], FlaskClient]) -> None:
    assert "Import an existing action log" in signed_in("clerk").get("/committees/HOSC").get_data(as_text=True)
    assert "Import an existing action log" not in signed_in("viewer").get("/committees/HOSC").get_data(as_text=True)
    assert "Import an existing action log" not in signed_in("jhosc_clerk").get("/committees/HOSC").get_data(as_text=True)


@pytest.mark.parametrize("who", ["viewer", "officer", "chair", "jhosc_clerk"])
def test_only_the_committees_clerk_may_import(signed_in: Callable[[str], FlaskClient], who: str) -> None:
    client = signed_in(who)
    assert client.get(URL).status_code == 403
    token = csrf_token(client, "/committees/HOSC")
    posted = client.post(URL, data={"file": (io.BytesIO(xlsx(ROWS)), "log.xlsx"), "csrf_token": token},
                         content_type="multipart/form-data")
    assert posted.status_code == 403


def test_a_clerk_uploads_checks_the_preview_changes_a_column_and_imports(app: Flask,
                                                                         signed_in: Callable[[str], FlaskClient]) -> None:
    client = signed_in("clerk")
    before = hosc_rows(app)
    uploaded = upload(client, xlsx(ROWS))
    assert uploaded.status_code == 302
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    seen = text(page)
    # The columns as guessed, and the first rows as they will be imported.
    assert (selected(page, "owner"), selected(page, "due"), selected(page, "rag")) == ("Lead Officer", "Due Date", "Not in this file")
    assert "log.xlsx: sheet “Sheet”, headers in row 2, 3 rows of actions below them." in seen
    assert "Provide the handover figures for each hospital" in seen and "Head of Urgent Care New person" in seen
    assert "3 new actions will be imported: 1 closed, 1 logged, 1 withdrawn." in seen
    assert ("Rows without a completion date are recorded as completed (or withdrawn) on the day of the import: "
            "2 rows here have none. The log as at any earlier moment shows them open.") in seen
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Import 3 actions" in seen and not hosc_rows(app)[len(before):]

    # The owner is in another column: the clerk chooses it and checks the preview again.
    form = columns_form(page)
    form.update(map_owner=str(HEADERS.index("Officer contact")), step="preview")
    again = client.post(uploaded.headers["Location"], data=form)
    assert again.status_code == 200
    page = again.get_data(as_text=True)
    assert selected(page, "owner") == "Officer contact" and "New person" not in page

    # Importing with a column changed since the preview shown is refused: the clerk must see what they import.
    changed = {**columns_form(page), "map_update": "", "step": "import"}
    refused = client.post(uploaded.headers["Location"], data=changed)
    assert refused.status_code == 400
    assert error_summary(refused.get_data(as_text=True)) == ["You changed the columns: check the preview with them below, then import."]

    done = client.post(uploaded.headers["Location"], data={**columns_form(page), "step": "import"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/done")
    confirmation = text(client.get(done.headers["Location"]).get_data(as_text=True))
    new = hosc_rows(app)[len(before):]
    assert [r["status"] for r in new] == ["closed", "logged", "withdrawn"] and all(r["imported"] for r in new)
    assert {r["owner_name"] for r in new} == {"David Mehaffey"}
    assert "3 actions imported" in confirmation and f"as {new[0]['reference']} to {new[-1]['reference']}" in confirmation
    assert "Go to the HOSC action log" in confirmation
    # The file is gone once imported; the upload cannot be imported again.
    assert not list((Path(app.extensions["settings"].instance) / "imports").glob("*.xlsx"))
    assert client.post(uploaded.headers["Location"], data={**columns_form(page), "step": "import"}).status_code == 404


def test_uploading_the_same_log_again_says_there_is_nothing_new(app: Flask, signed_in: Callable[[str], FlaskClient]) -> None:
    client = signed_in("clerk")
    first = upload(client, xlsx(ROWS))
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert client.post(first.headers["Location"], data={**columns_form(page), "step": "import"}).status_code == 302
    count = len(hosc_rows(app))
    second = upload(client, xlsx(ROWS))
    seen = text(client.get(second.headers["Location"]).get_data(as_text=True))
    assert "Every row of this file was imported before: there is nothing new to import." in seen
    assert "3 rows were imported by an earlier import" in seen and "Import 3 actions" not in seen
    assert len(hosc_rows(app)) == count


@pytest.mark.parametrize("name,data,message", [
    ("minutes.docx", b"PK\x03\x04 not a log", "minutes.docx must be a CSV or XLSX file"),
    ("log.xlsx", b"", "log.xlsx is empty"),
    ("log.xlsx", b"this is not a workbook at all", "could not be read as an Excel workbook"),
    ("log.csv", "Notes\nnothing like a log\n".encode(), "No header row was found in the first 30 rows of log.csv"),
    ("log.csv", "Action,Owner\n".encode(), "has headers in row 1 but no actions below them"),
])
def test_a_bad_file_is_refused_with_a_message_saying_what_to_do(app: Flask, signed_in: Callable[[str], FlaskClient],
                                                                name: str, data: bytes, message: str) -> None:
    refused = upload(signed_in("clerk"), data, name)
    assert refused.status_code == 400
    [summary] = error_summary(refused.get_data(as_text=True))
    assert message in summary
    assert not list((Path(app.extensions["settings"].instance) / "imports").glob(f"*{Path(name).suffix}"))


def test_no_file_chosen_and_a_file_over_the_limit_are_refused_on_the_form(signed_in: Callable[[str], FlaskClient]) -> None:
    client = signed_in("clerk")
    missing = client.post(URL, data={"csrf_token": csrf_token(client, URL)}, content_type="multipart/form-data")
    assert missing.status_code == 400 and error_summary(missing.get_data(as_text=True)) == ["Select a CSV or XLSX file of the action log."]
    huge = upload(client, b"Action,Owner\n" + b"x" * (10 * 1024 * 1024), "log.csv")
    assert huge.status_code == 413
    assert "The selected file must be smaller than 10 MB" in text(huge.get_data(as_text=True))


def test_bad_rows_are_each_named_and_the_log_cannot_be_imported(app: Flask, signed_in: Callable[[str], FlaskClient]) -> None:
    client = signed_in("clerk")
    bad = [*ROWS, ["7.4", "", "Head of Urgent Care", "", "Open", "", ""], ["7.5", "Report back", "Head of Urgent Care",
                                                                           "31/02/2021", "Parked", "", ""]]
    uploaded = upload(client, xlsx(bad))
    response = client.get(uploaded.headers["Location"])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page) == [
        "Nothing was imported: 2 rows have problems. Correct the file and import it again.",
        "Row 6: no action text",
        "Row 7: the due date '31/02/2021' is not a date; the status 'Parked' is not one the import knows: "
        "write Open, Completed or Withdrawn",
    ]
    assert 'id="row-6"' in page and "Import " not in re.sub(r"Import an existing action log", "", text(page))
    count = len(hosc_rows(app))
    forced = client.post(uploaded.headers["Location"], data={**columns_form(page), "step": "import"})
    assert forced.status_code == 400 and len(hosc_rows(app)) == count


def test_a_mapping_without_an_owner_column_asks_for_one(signed_in: Callable[[str], FlaskClient]) -> None:
    client = signed_in("clerk")
    uploaded = upload(client, xlsx(ROWS))
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    response = client.post(uploaded.headers["Location"], data={**columns_form(page), "map_owner": "", "step": "preview"})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Choose the column that holds the owner."]


def test_an_upload_is_only_for_the_clerk_who_made_it(signed_in: Callable[[str], FlaskClient]) -> None:
    uploaded = upload(signed_in("clerk"), xlsx(ROWS))
    admin = signed_in("admin")
    assert admin.get(uploaded.headers["Location"]).status_code == 404
    assert admin.get("/committees/HOSC/import/not-an-upload-id").status_code == 404


HISTORY = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Meeting Date"]


def test_an_old_row_due_next_meeting_is_previewed_due_at_the_files_next_meeting_and_imported_so(
    app: Flask, signed_in: Callable[[str], FlaskClient]
) -> None:
    # HOSC's calendar holds none of 2023's meetings; the log's own meeting dates do.
    rows = [
        ["12", "Provide the stroke audit", "Scrutiny Officer", "Next meeting", "Open", date(2023, 7, 12)],
        ["13", "Circulate the dental access figures", "Scrutiny Officer", date(2023, 12, 4), "Complete",
         date(2023, 9, 13)],
        ["14", "Report back on the estates review", "Scrutiny Officer", "Next meeting", "Complete", date(2023, 9, 13)],
    ]
    rows.append(list(rows[-1]))  # the same row again: shown due as the row it repeats
    client = signed_in("clerk")
    uploaded = upload(client, xlsx(rows, HISTORY))
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    seen = text(page)
    # The preview shows each due date in the house style, and where "Next meeting" was found.
    assert "13 September 2023 “Next meeting”: the next in this file’s meeting dates" in seen
    assert "4 December 2023" in seen and "04/12/2023" not in seen
    assert ("Not set “Next meeting”: no meeting within six months after 13 September 2023 in the calendar or this "
            "file") in seen
    repeated = text(re.search(r'id="preview-row-6".*?</tr>', page, re.S).group(0))  # type: ignore[union-attr]
    assert "Not set “Next meeting”: no meeting within six months" in repeated and "The same as row 5" in repeated
    assert "Due “Next meeting”: row 3 takes the date of the next meeting in this file’s meeting dates" in seen
    assert ("neither the committee’s calendar nor this file has a meeting within six months after the one it arose "
            "at: row 5 has no due date, so it is not chased.") in seen

    done = client.post(uploaded.headers["Location"], data={**columns_form(page), "step": "import"})
    assert done.status_code == 302
    confirmation = text(client.get(done.headers["Location"]).get_data(as_text=True))
    stroke, _, estates = [r for r in hosc_rows(app) if r["minute_ref"] in ("12", "13", "14") and r["imported"]]
    # Once imported, the notes name the references the rows became.
    assert f"row 3 ({stroke['reference']}) takes the date of the next meeting" in confirmation
    assert f"row 5 ({estates['reference']}) has no due date" in confirmation
    assert (stroke["due_date"], stroke["due_next_meeting"]) == (date(2023, 9, 13), False)
    assert (estates["due_date"], estates["due_next_meeting"]) == (None, False)
    action = text(client.get(f"/actions/{stroke['reference']}").get_data(as_text=True))
    assert "the next meeting in it after 12 July 2023 was on 13 September 2023" in action


def test_a_post_held_in_another_council_is_a_new_person_not_that_councils_officer(
    signed_in: Callable[[str], FlaskClient]
) -> None:
    # The directory's only "Democratic Services Officer" clerks Herefordshire's committee, not Worcestershire's.
    rows = [["7.1", "Circulate the scrutiny work programme", "Democratic Services Officer", "", "Open", "", ""],
            ["7.2", "Share the ICS engagement plan", "Director of Integrated Care System Development", "", "Open", "",
             ""]]
    client = signed_in("clerk")
    page = client.get(upload(client, xlsx(rows)).headers["Location"]).get_data(as_text=True)
    seen = text(page)
    assert "Democratic Services Officer New person" in seen and "AWSC" not in seen
    # The HOSC's own director, who owes its actions, is found by the post alone.
    assert "Director of Integrated Care System Development New person" not in seen
    assert "1 owner is not in the people directory and will be added as new: Democratic Services Officer." in seen


def test_rows_repeated_word_for_word_are_one_action_and_are_not_said_to_be_imported_before(
    app: Flask, signed_in: Callable[[str], FlaskClient]
) -> None:
    headers = ["Minute No", "Action", "Lead Officer", "Due Date", "Status", "Date Raised"]
    rows = [["9", "Provide the quarterly figures", "Scrutiny Officer", "", "Open", date(2023, 3, 1)],
            ["9", "Provide the quarterly figures", "Scrutiny Officer", "", "Open", date(2023, 6, 7)],
            ["9", "Provide the quarterly figures", "Scrutiny Officer", "", "Open", date(2023, 3, 1)]]
    client = signed_in("clerk")
    uploaded = upload(client, xlsx(rows, headers))
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    seen = text(page)
    assert "2 new actions will be imported" in seen  # two dates raised: two undertakings
    assert "The same as row 3: imported once, with it" in seen
    assert ("1 row of this file repeats an earlier row in every cell: one undertaking, imported once (row 5 repeats "
            "row 3).") in seen
    assert "imported before" not in seen and "earlier import" not in seen
    before = len(hosc_rows(app))
    assert client.post(uploaded.headers["Location"], data={**columns_form(page), "step": "import"}).status_code == 302
    assert len(hosc_rows(app)) == before + 2


def test_rows_that_disagree_about_one_undertaking_are_a_row_problem(signed_in: Callable[[str], FlaskClient]) -> None:
    rows = [["9", "Provide the quarterly figures", "Scrutiny Officer", "", "Open", "", ""],
            ["9", "Provide the quarterly figures", "Scrutiny Officer", "", "Complete", "Sent", ""]]
    client = signed_in("clerk")
    response = client.get(upload(client, xlsx(rows)).headers["Location"])
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True))[1] == (
        "Row 4: it gives the same minute reference, action, owner and dates as row 3 but a different status and "
        "latest update: delete the row that is out of date, or, if they are two undertakings, tell them apart by "
        "their dates")

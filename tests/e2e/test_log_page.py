"""The plain action log page, through the Flask test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from config.settings import Settings
from web import create_app
from web.demo import DemoLoader


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    app = create_app(Settings(instance=tmp_path, database_url="", bank_holiday_region="ENG", secret_key="t"))
    DemoLoader(app.extensions["tracker"]).load()
    return app.test_client()


def test_the_log_page_lists_the_demo_undertakings(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "13 undertakings" in html and "JHOSC-0001" in html and 'lang="en-GB"' in html


def test_an_action_page_shows_its_timeline_and_an_unknown_one_is_not_found(client: FlaskClient) -> None:
    html = client.get("/actions/JHOSC-0001").get_data(as_text=True)
    assert "Due date changed" in html and "The plan was delayed" in html
    assert client.get("/actions/JHOSC-9999").status_code == 404


def test_text_from_the_minutes_is_escaped(client: FlaskClient, tmp_path: Path) -> None:
    services = client.application.extensions["tracker"]
    owner = services.tracker.add_person(actor="t", name="<b>Owner</b>")
    ref = services.tracker.log_action(actor="t", committee="HOSC", title="<script>alert(1)</script>", owner_id=owner,
                                      kind="other")
    html = client.get(f"/actions/{ref}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

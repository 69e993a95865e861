"""Fixtures for the web: an app with the demo loaded (copied per test from one load), and signed-in clients."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config.settings import Settings
from web import create_app, limiter

DEMO_USERS = {
    "admin": ("admin@example.org", "demo-admin"),
    "clerk": ("clerk.hosc@example.org", "demo-clerk"),
    "jhosc_clerk": ("clerk.jhosc@example.org", "demo-clerk"),
    "officer": ("director.ics@example.org", "demo-officer"),
    "chair": ("chair.hosc@example.org", "demo-chair"),
    "viewer": ("viewer@example.org", "demo-viewer"),
}


def _settings(instance: Path) -> Settings:
    return Settings(instance=instance, database_url="", bank_holiday_region="ENG", secret_key="test-secret")


@pytest.fixture(scope="session")
def demo_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo loaded once per test session; tests get copies."""
    from web.demo import DemoLoader
    from web.services import build_services

    path = tmp_path_factory.mktemp("demo") / "instance"
    services = build_services(_settings(path))
    DemoLoader(services).load()
    services.close()
    return path


@pytest.fixture
def app(demo_instance: Path, tmp_path: Path) -> Iterator[Flask]:
    """A fresh copy of the demo, served by the real app."""
    instance = tmp_path / "instance"
    shutil.copytree(demo_instance, instance)
    application = create_app(_settings(instance))
    application.config["TESTING"] = True
    limiter.reset()
    yield application
    application.extensions["tracker"].close()


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token the page at path carries in its forms."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, who: str) -> FlaskClient:
    """Sign a demo user in through the real form."""
    email, password = DEMO_USERS[who]
    response = client.post("/sign-in", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def signed_in(app: Flask) -> Callable[[str], FlaskClient]:
    """A client signed in as one of the demo users: signed_in("clerk")."""
    return lambda who: sign_in(app.test_client(), who)


def post_form(client: FlaskClient, path: str, data: dict, *, page: str | None = None):  # type: ignore[no-untyped-def]
    """Post a form with the CSRF token taken from the page it lives on (default: the same path)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})

"""Fixtures for the web: an app with the demo loaded (copied per test from one load), and signed-in clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config.settings import Settings
from web import create_app, limiter

from e2e_helpers import sign_in


def _settings(instance: Path) -> Settings:
    return Settings(instance=instance, database_url="", bank_holiday_region="ENG", secret_key="test-secret",
                    environment="development")


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


@pytest.fixture
def signed_in(app: Flask) -> Callable[[str], FlaskClient]:
    """A client signed in as one of the demo users: signed_in("clerk")."""
    return lambda who: sign_in(app.test_client(), who)

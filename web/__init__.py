"""The web: the Flask app factory (the composition root), the CLI built on it, and the demo loader."""

from __future__ import annotations

from flask import Flask

from config.settings import Settings
from web.services import Services, build_services


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the Flask app and wire the tracker, its read side and the settings into it."""
    settings = settings or Settings()
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key or "development-only-key-not-secret"
    app.extensions["tracker"] = services or build_services(settings)

    from tracker.domain.calendar import to_london
    from web.views import bp

    app.jinja_env.filters["london"] = lambda moment: f"{to_london(moment):%d %B %Y %H:%M}"
    app.register_blueprint(bp)
    return app

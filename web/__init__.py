"""The web: the Flask app factory (the composition root), the CLI built on it, and the demo loader."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from config.settings import Settings
from web.services import Services, build_services

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])  # its storage: RATELIMIT_STORAGE_URI


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the Flask app and wire the tracker, its read side and the settings into it."""
    settings = settings or Settings()
    app = Flask(__name__, static_folder="static", static_url_path="/assets")
    app.config.update(
        SECRET_KEY=settings.signing_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
    )
    app.extensions["tracker"] = services or build_services(settings)
    app.extensions["settings"] = settings
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("web"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    _security_headers(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from web import filters
    from web.api import bp as api
    from web.auth import bp as auth
    from web.errors import register_error_pages
    from web.pages import register_pages

    filters.register(app)
    app.register_blueprint(auth)
    register_pages(app)
    csrf.exempt(api)
    app.register_blueprint(api, url_prefix="/api/v1")
    register_error_pages(app)
    return app


# No inline script at all: the GOV.UK template's one line lives in /assets/js-enabled.js.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def _security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response):  # type: ignore[no-untyped-def]
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith("/api/") or request.endpoint not in (None, "static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

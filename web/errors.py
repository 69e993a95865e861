"""Error pages in the service's own style; never a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker.domain.errors import UnavailableError

TITLES = {
    400: "There is a problem with the request",
    401: "You need to sign in",
    403: "You do not have permission to do this",
    404: "Page not found",
    405: "That cannot be done here",
    413: "The file is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, this cannot be done just now",
}


def register_error_pages(app: Flask) -> None:
    """Render every HTTP error as a page (or JSON under /api/)."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        message = "The form had expired or was sent from elsewhere. Go back, reload the page and try again."
        return _render(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        # Werkzeug's stock descriptions are for developers; only a message of ours is shown.
        custom = error.description if error.description != type(error).description else ""
        return _render(error.code or 500, custom or "")

    @app.errorhandler(UnavailableError)
    def unavailable(error: UnavailableError) -> Any:
        # The read side is behind and the command could not be checked: nothing was written, try again.
        app.logger.warning("%s", error)
        response = _render(503, str(error))
        response[0].headers["Retry-After"] = "60"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("Unhandled error")
        return _render(500, "Try again later. If it keeps happening, tell the scrutiny team.")


def _render(code: int, description: str) -> tuple[Response, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": TITLES.get(code, "Error"), "message": description}), code
    page = render_template("errors/error.html", code=code, title=TITLES.get(code, "Error"), description=description)
    return make_response(page), code

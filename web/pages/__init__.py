"""The server-rendered pages, one blueprint a module."""

from __future__ import annotations

from flask import Flask


def register_pages(app: Flask) -> None:
    """Register every page blueprint."""
    from web.pages import actions, admin, chasing, home, ical, importing, log, meetings, minutes, people, public, review, update
    from web.pages import committee_admin

    for module in (home, log, meetings, minutes, actions, people, admin, review, public, ical, chasing, update, importing,
                   committee_admin):
        app.register_blueprint(module.bp)

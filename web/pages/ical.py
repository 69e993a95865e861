"""iCalendar feeds of due dates, for a committee or an owner, to subscribe to from Outlook or any calendar.

A calendar that subscribes sends no cookies, so a feed cannot rely on the session: its address carries a
token signed (with the app's secret key) over the feed's path. Anyone with the address can read that feed
and no other; changing the secret key revokes every address. A public committee's feed is also open
without a token, as its log is published anyway.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, request, url_for
from icalendar import Calendar, Event
from itsdangerous import BadSignature, URLSafeSerializer

from events.view import ActionFilter
from web.pages.common import services

bp = Blueprint("ical", __name__)

# Each kind of feed: its endpoint and the name of the URL argument that picks the committee or owner.
FEEDS = {"committee": ("ical.committee", "short_name"), "owner": ("ical.owner", "person_id")}
BAD_LINK = "This calendar link is not valid. Copy the Subscribe link again from the tracker."


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="ical")


@bp.app_template_global("feed_url")
def feed_url(kind: str, key: str) -> str:
    """The address to subscribe to a feed ("committee" and a short name, or "owner" and a person id)."""
    endpoint, argument = FEEDS[kind]
    key = key.upper() if kind == "committee" else str(key)
    path = url_for(endpoint, **{argument: key})
    return url_for(endpoint, **{argument: key}, token=_serializer().dumps(path), _external=True)


def _signed() -> bool:
    """True when the request's token was signed over this very path."""
    try:
        return _serializer().loads(request.args.get("token", "")) == request.script_root + request.path
    except BadSignature:
        return False


@bp.get("/calendar/committee/<short_name>.ics")
def committee(short_name: str) -> Response:
    """A committee's open undertakings, each on its due date."""
    c = services().read.query("committee_by_short_name", short_name)
    if not _signed() and not (c and c["public"]):
        abort(403, BAD_LINK)
    if c is None:
        abort(404, f"There is no committee with the short name {short_name.upper()}.")
    rows = _open_with_due_date(ActionFilter(committee_id=UUID(c["id"])))
    return _feed(f"{c['short_name']} action log: due dates", rows)


@bp.get("/calendar/owner/<person_id>.ics")
def owner(person_id: str) -> Response:
    """One owner's open undertakings across committees, each on its due date."""
    if not _signed():
        abort(403, BAD_LINK)
    try:
        person = services().read.query("person_by_id", str(UUID(person_id)))
    except ValueError:
        person = None
    if person is None:
        abort(404, "There is no such person.")
    rows = _open_with_due_date(ActionFilter(owner_id=UUID(person["id"])))
    return _feed(f"Undertakings owed by {person['name']}: due dates", rows)


def _open_with_due_date(f: ActionFilter) -> list[dict[str, Any]]:
    read = services().read
    f.statuses, f.per_page, f.page = ("open",), 500, 1
    page = read.list_actions(f)
    rows = list(page.rows)
    while f.page < page.pages:
        f.page += 1
        rows += read.list_actions(f).rows
    return [r for r in rows if r["due_date"] is not None]


def _feed(name: str, rows: list[dict[str, Any]]) -> Response:
    calendar = Calendar()
    calendar.add("prodid", "-//Scrutiny action tracker//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for row in rows:
        calendar.add_component(_event(row))
    response = Response(calendar.to_ical(), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="due-dates.ics"'
    return response


def _event(row: dict[str, Any]) -> Event:
    """One all-day event on the due date; its UID stays the same for the action's whole life."""
    link = url_for("actions.show", reference=row["reference"], _external=True)
    owner = row["owner_name"] + (f" ({row['owner_organisation']})" if row["owner_organisation"] else "")
    event = Event()
    event.add("uid", f"{row['reference'].lower()}@scrutiny-action-tracker")
    event.add("dtstamp", row["modified_at"] or datetime.now(timezone.utc))
    event.add("sequence", row["version"])
    event.add("dtstart", row["due_date"])
    event.add("dtend", row["due_date"] + timedelta(days=1))
    event.add("summary", f"{row['reference']}: {row['title']}")
    event.add("description", f"Owner: {owner}\n{link}")
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event

"""The e-mails the chaser sends, in plain English: plain text and HTML from the same plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from events.links import LINK_DAYS
from tracker.domain.chasing import Stage

_env = Environment(
    loader=PackageLoader("events", "templates/mail"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
SEVERITY = [Stage.REMINDER, Stage.DUE, Stage.OVERDUE, Stage.ESCALATION]


def day(value: date) -> str:
    """A date as people write it: 4 December 2026."""
    return f"{value.day} {value:%B %Y}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when_text(stage: Stage, number: int, due: date, today: date) -> str:
    """What the chase says about timing."""
    if stage is Stage.REMINDER:
        return f"Due on {day(due)}: this is a reminder."
    if stage is Stage.DUE:
        return "Due today." if due == today else f"Due on {day(due)}."
    days = (today - due).days
    count = f"the {ordinal(number)} reminder since it fell due"
    return f"Overdue: it was due on {day(due)}, {days} day{'s' if days != 1 else ''} ago. This is {count}."


@dataclass(frozen=True)
class Letter:
    """A composed e-mail's subject and bodies."""

    subject: str
    text: str
    html: str


def chase_letter(
    *, owner: dict[str, Any], items: list[dict[str, Any]], escalated: bool, escalate_after: int, senior: bool,
    clerk: dict[str, Any] | None, authority: str,
) -> Letter:
    """One e-mail to one owner listing every action chased in one batch.

    Each item: reference, title, stage (Stage), committee_name, origin ("HOSC, 26 January 2022" or ""),
    minute_ref, source_quote, last_update, when (from when_text) and link.
    """
    lead = max((item["stage"] for item in items), key=SEVERITY.index)
    if len(items) == 1:
        only = items[0]
        subject = f"{lead.label}: {only['reference']} {only['title']}"
        intro = f"This is about something you undertook to do for the {only['committee_name']}."
    else:
        committees = sorted({item["committee_name"] for item in items})
        where = f"the {committees[0]}" if len(committees) == 1 else "council committees"
        subject = f"{lead.label}: {len(items)} actions you owe to {where}"
        intro = f"This is about {len(items)} things you undertook to do for {where}."
    context = {
        "owner": owner, "items": items, "escalated": escalated, "escalate_after": escalate_after, "senior": senior,
        "clerk": clerk, "authority": authority, "link_days": LINK_DAYS, "intro": intro, "subject": subject,
    }
    return Letter(subject[:200], _env.get_template("chase.txt").render(context),
                  _env.get_template("chase.html").render(context))


def digest_letter(context: dict[str, Any]) -> Letter:
    """The clerk's daily digest of one committee's log (see the digest templates for what context holds)."""
    subject = f"Action log digest: {context['committee']['name']}, {context['day_text']}"
    context = {**context, "subject": subject}
    return Letter(subject[:200], _env.get_template("digest.txt").render(context),
                  _env.get_template("digest.html").render(context))


def notice_letter(*, owner: dict[str, Any], items: list[dict[str, Any]], escalate_after: int,
                  clerk: dict[str, Any] | None, committee_name: str, page_url: str) -> Letter:
    """The notice to those copied in on an escalation: what is overdue and how often chased, without the
    owner's update links."""
    who = ", ".join(p for p in (owner.get("name"), owner.get("job_title"), owner.get("organisation")) if p)
    if len(items) == 1:
        subject = f"Escalated to you: {items[0]['reference']} {items[0]['title']}"
    else:
        subject = f"Escalated to you: {len(items)} overdue actions owed to the {committee_name}"
    intro = (f"{'This undertaking' if len(items) == 1 else 'These undertakings'}, owed by {who} to the "
             f"{committee_name}, {'is' if len(items) == 1 else 'are'} overdue and {'has' if len(items) == 1 else 'have'} "
             "been escalated to you.")
    context = {"owner": owner, "items": items, "escalate_after": escalate_after, "clerk": clerk, "intro": intro,
               "page_url": page_url, "subject": subject}
    return Letter(subject[:200], _env.get_template("notice.txt").render(context),
                  _env.get_template("notice.html").render(context))


def link_letter(*, person: dict[str, Any], reference: str, title: str, committee_name: str, due: date | None,
                link: str, clerk: dict[str, Any] | None) -> Letter:
    """A new update link, sent outside the chasing."""
    subject = f"Your link to update {reference}: {title}"
    context = {"person": person, "reference": reference, "title": title, "committee_name": committee_name,
               "due": day(due) if due else "", "link": link, "clerk": clerk, "link_days": LINK_DAYS, "subject": subject}
    return Letter(subject[:200], _env.get_template("link.txt").render(context),
                  _env.get_template("link.html").render(context))

"""The e-mails the chaser sends, in plain English: plain text and HTML from the same plain data.

A letter is made from plain, JSON-ready data (the outbox keeps it beside the message) and the day it goes: a
message held up by a mail server that was down is worded again for the day it is sent, so "Due today" is only
ever said on the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
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
ROLES = {"clerk": "the committee's clerk", "chair": "the committee's chair", "senior contact": "your senior contact"}
NOTICE_ROLES = {"clerk": "the committee's clerk", "chair": "the committee's chair",
                "senior contact": "the owner's senior contact"}


def day(value: date) -> str:
    """A date as people write it: 4 December 2026."""
    return f"{value.day} {value:%B %Y}"


def weekday(value: date, today: date | None = None) -> str:
    """A date with its weekday: Saturday 14 January (and the year, unless it is this year's)."""
    year = "" if today is not None and today.year == value.year else f" {value.year}"
    return f"{value:%A} {value.day} {value:%B}{year}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """1 day, 2 days; 1 time, 3 times."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def listed(parts: list[str]) -> str:
    """a; a and b; a, b and c."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when_text(stage: Stage, number: int, due: date, today: date) -> str:
    """What the chase says about timing, on the day it goes."""
    days = (today - due).days
    if stage in (Stage.OVERDUE, Stage.ESCALATION):
        return (f"Overdue: it was due on {day(due)}, {plural(days, 'day')} ago. "
                f"This is the {ordinal(number)} reminder since it fell due.")
    if days > 0:  # a reminder that went late
        return f"Overdue: it was due on {day(due)}, {plural(days, 'day')} ago."
    if days == 0:
        return "Due today."
    if days == -1:
        return f"Due tomorrow, {weekday(due)}."
    return f"Due on {day(due)}: this is a reminder." if stage is Stage.REMINDER else f"Due on {weekday(due)}."


def headline(stage: Stage, due: date, today: date) -> str:
    """A subject's first words for the most pressing chase in it, on the day it goes."""
    if stage is Stage.ESCALATION:
        return "Escalated"
    if stage is Stage.OVERDUE or due < today:
        return "Overdue"
    if stage is Stage.REMINDER:
        return "Reminder"
    if due == today:
        return "Due today"
    return "Due tomorrow" if due == today + timedelta(days=1) else f"Due on {weekday(due, today)}"


_DATED = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b|\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")


def origin_text(title: str, held_on: date) -> str:
    """Where an undertaking was given: the meeting's title, and its date unless the title says it already."""
    for m in _DATED.finditer(title):
        if m.group(1):
            if (int(m.group(1)), m.group(3)[:3].lower(), int(m.group(4))) == (
                    held_on.day, f"{held_on:%b}".lower(), held_on.year):
                return title
        elif (int(m.group(5)), int(m.group(6))) == (held_on.day, held_on.month) and m.group(7)[-2:] == f"{held_on:%y}":
            return title
    return f"{title}, {day(held_on)}"


@dataclass(frozen=True)
class Letter:
    """A composed e-mail's subject and bodies."""

    subject: str
    text: str
    html: str


def render(letter: dict[str, Any], today: date) -> Letter:
    """A letter from the plain data the outbox keeps, worded for the day it goes."""
    makers = {"chase": chase_letter, "notice": notice_letter, "link": link_letter}
    return makers[letter["kind"]](**letter["args"], today=today)


def _items(committees: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for committee in committees for item in committee["items"]]


def _lead(items: list[dict[str, Any]], today: date) -> str:
    stage = max((Stage(i["stage"]) for i in items), key=SEVERITY.index)
    due = min(date.fromisoformat(i["due"]) for i in items if Stage(i["stage"]) is stage)
    return headline(stage, due, today)


def _escalated(item: dict[str, Any], roles: dict[str, str]) -> str:
    """Who was told of an escalated chase, and why ("" if nobody could be)."""
    told = [f"{p['name']} ({roles[p['as']]})" for p in item.get("copied", ())]
    if Stage(item["stage"]) is not Stage.ESCALATION or not told:
        return ""
    before = int(item["number"]) - 1
    why = "it is overdue" if before < 1 else f"it is still outstanding after {plural(before, 'reminder')}"
    return f"Because {why}, {listed(told)} {'has' if len(told) == 1 else 'have'} been told."


def notice_when(stage: Stage, number: int, due: date, today: date) -> str:
    """What a notice says about timing: how late, and how often the owner was reminded."""
    days = (today - due).days
    return (f"Overdue: it was due on {day(due)}, {plural(days, 'day')} ago. Its owner has been reminded "
            f"{plural(number, 'time')} since it fell due.")


def _worded(committees: list[dict[str, Any]], today: date, roles: dict[str, str], when: Any = when_text,
            **extra: Any) -> list[dict[str, Any]]:
    """Copies of the committees with each item's timing and escalation worded for today."""
    worded, n = [], 0
    for c in committees:
        items = []
        for i in c["items"]:
            n += 1
            items.append({**i, "n": n, "escalated": _escalated(i, roles), **{k: f(i) for k, f in extra.items()},
                          "when": when(Stage(i["stage"]), int(i["number"]), date.fromisoformat(i["due"]), today)})
        worded.append({**c, "items": items})
    return worded


def chase_letter(*, owner: dict[str, Any], committees: list[dict[str, Any]], today: date) -> Letter:
    """One e-mail to one owner listing every action chased in one run, grouped by committee.

    Each committee: name, authority, clerk ({name, email} or None) and items. Each item: reference, title, stage,
    number, due (YYYY-MM-DD), origin ("HOSC, 26 January 2022" or ""), minute_ref, source_quote, last_update,
    link, and for an escalation who was copied in (copied: [{name, as}]).
    """
    items = _items(committees)
    lead = _lead(items, today)
    if len(items) == 1:
        subject = f"{lead}: {items[0]['reference']} {items[0]['title']}"
        intro = f"This is about something you undertook to do for the {committees[0]['name']}."
    elif len(committees) == 1:
        subject = f"{lead}: {len(items)} actions you owe to the {committees[0]['name']}"
        intro = f"This is about {len(items)} things you undertook to do for the {committees[0]['name']}."
    else:
        subject = f"{lead}: {len(items)} actions you owe to {len(committees)} committees"
        intro = f"This is about {len(items)} things you undertook to do for {len(committees)} committees."
    clerks = [c["clerk"] for c in committees if c.get("clerk")]
    context = {
        "owner": owner, "committees": _worded(committees, today, ROLES), "intro": intro, "subject": subject,
        "single": len(items) == 1, "grouped": len(committees) > 1, "clerks": clerks, "link_days": LINK_DAYS,
        "authorities": listed(sorted({c["authority"] for c in committees if c.get("authority")}) or [""]),
    }
    return Letter(subject[:200], _env.get_template("chase.txt").render(context),
                  _env.get_template("chase.html").render(context))


def notice_letter(*, recipient: dict[str, Any], committees: list[dict[str, Any]], page_url: str,
                  today: date) -> Letter:
    """The notice to someone copied in on escalations: what is overdue, whose it is and how often chased,
    without the owners' update links (a link lets whoever holds it act as the owner).

    Each item as for chase_letter, with owner ({name, job_title, organisation}), told_as (clerk, chair or senior
    contact) and copied (the others told); no link.
    """
    items = _items(committees)
    if len(items) == 1:
        subject = f"Escalated to you: {items[0]['reference']} {items[0]['title']}"
        intro = "The undertaking below is overdue and has been escalated to you."
    else:
        where = f" owed to the {committees[0]['name']}" if len(committees) == 1 else ""
        subject = f"Escalated to you: {len(items)} overdue actions{where}"
        intro = f"These {len(items)} undertakings are overdue and have been escalated to you."
    owners = sorted({i["owner"]["name"] for i in items})
    clerks = [c["clerk"] for c in committees if c.get("clerk") and c["clerk"].get("email")
              and c["clerk"]["email"] != recipient.get("email")]
    worded = _worded(
        committees, today, NOTICE_ROLES, notice_when,
        owner_text=lambda i: ", ".join(p for p in (i["owner"].get("name"), i["owner"].get("job_title"),
                                                   i["owner"].get("organisation")) if p),
        told_as_text=lambda i: NOTICE_ROLES[i["told_as"]],
        also_told=lambda i: listed([f"{p['name']} ({NOTICE_ROLES[p['as']]})" for p in i.get("copied", ())] or [""]),
    )
    context = {"recipient": recipient, "committees": worded, "intro": intro,
               "subject": subject, "page_url": page_url, "owners": listed(owners), "one_owner": len(owners) == 1,
               "single": len(items) == 1, "clerks": clerks}
    return Letter(subject[:200], _env.get_template("notice.txt").render(context),
                  _env.get_template("notice.html").render(context))


def digest_letter(context: dict[str, Any]) -> Letter:
    """The clerk's daily digest of one committee's log (see the digest templates for what context holds)."""
    subject = f"Action log digest: {context['committee']['name']}, {context['day_text']}"
    context = {**context, "subject": subject}
    return Letter(subject[:200], _env.get_template("digest.txt").render(context),
                  _env.get_template("digest.html").render(context))


def link_letter(*, person: dict[str, Any], reference: str, title: str, committee_name: str, due: str | None,
                link: str, clerk: dict[str, Any] | None, today: date | None = None) -> Letter:
    """A new update link, sent outside the chasing (due: YYYY-MM-DD or None)."""
    subject = f"Your link to update {reference}: {title}"
    context = {"person": person, "reference": reference, "title": title, "committee_name": committee_name,
               "due": day(date.fromisoformat(due)) if due else "", "link": link, "clerk": clerk,
               "link_days": LINK_DAYS, "subject": subject}
    return Letter(subject[:200], _env.get_template("link.txt").render(context),
                  _env.get_template("link.html").render(context))


_env.filters["plural"] = plural

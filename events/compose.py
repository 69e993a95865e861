"""Composing the outbox's messages from what it holds: chases, digests and new links.

One batch of chases (one owner, one committee, one run) makes one e-mail to the owner, with an update link for
each action. When some of them are escalated, the people copied in (clerk, chair, senior contact) get a notice
of their own, without the owner's links: a link lets whoever holds it act as the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from email.utils import parseaddr
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from events.digest import digest_context
from events.letters import Letter, chase_letter, digest_letter, link_letter, notice_letter, when_text
from events.links import UpdateLinks
from events.outbox import OutboxView
from events.view import ActionLogView, committee_policy, stamp
from tracker.domain.calendar import WorkingCalendar, to_london
from tracker.domain.chasing import Stage

MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/message")


class Composer:
    """Turns the outbox's rows into messages (plain dicts for the outbox's messages table)."""

    def __init__(self, read: ActionLogView, outbox: OutboxView, links: UpdateLinks, *, sender: str,
                 calendar: WorkingCalendar, catch_up: Callable[[], None] = lambda: None) -> None:
        self.read = read
        self.catch_up = catch_up  # brings the view up to every event recorded, when it lacks a row it needs
        self.outbox = outbox
        self.links = links
        self.sender = sender
        self.calendar = calendar
        self._rows: dict[tuple[str, str], dict[str, Any] | None] = {}  # people, meetings, committees read this pass
        self._caught_up = False

    def _lagging(self) -> bool:
        """The view lacks a row the outbox names (an action logged a moment ago, say): catch it up, once a pass,
        and forget what was read; True if it was caught up, so the caller reads again."""
        if self._caught_up:
            return False
        self.catch_up()
        self._caught_up = True
        self._rows.clear()
        return True

    def _row(self, kind: str, row_id: str | None) -> dict[str, Any] | None:
        """A person, meeting or committee, read once per pass."""
        if not row_id:
            return None
        key = (kind, str(row_id))
        if key not in self._rows:
            self._rows[key] = getattr(self.read, f"{kind}_by_id")(str(row_id))
        return self._rows[key]

    def chases(self, batch: str, rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
        """The owner's e-mail, and for escalated chases the notice to those copied in."""
        owner_id = next(r["person_id"] for r in rows[0]["recipients"] if r["as"] == "owner")
        people = self._people(rows)
        actions = self.read.actions_by_ids([row["action_id"] for row in rows])
        if (owner_id not in people or len(actions) < len({r["action_id"] for r in rows})) and self._lagging():
            people = self._people(rows)
            actions = self.read.actions_by_ids([row["action_id"] for row in rows])
        owner = people.get(owner_id) or {"name": "colleague", "email": ""}
        committee = self._row("committee", rows[0]["committee_id"]) or {}
        clerk = self._row("person", committee.get("clerk_id"))
        items = [self._item(row, actions.get(row["action_id"]) or {}, committee, owner_id, owner["email"]) for row in rows]
        escalated = [item for item in items if item["stage"] is Stage.ESCALATION]
        copies = [people[p] for p in sorted({r["person_id"] for row in rows for r in row["recipients"]
                                             if r["as"] != "owner"}) if p in people]
        senior = any(r["as"] == "senior contact" for row in rows for r in row["recipients"])
        escalate_after = committee_policy(committee).escalate_after if committee else 3
        reply_to = (clerk or {}).get("email") or ""
        keys = sorted(f"{r['action_id']}/{r['due_date']}/{r['stage']}/{r['number']}" for r in rows)
        letter = chase_letter(owner=owner, items=items, escalated=bool(escalated), escalate_after=escalate_after,
                              senior=senior, clerk=clerk, authority=committee.get("authority", ""))
        messages = [self.message("chase", batch, keys, letter, now, to=[owner["email"]], reply_to=reply_to)]
        if escalated and copies:
            notice = notice_letter(owner=owner, items=escalated, escalate_after=escalate_after, clerk=clerk,
                                   committee_name=committee.get("name", ""),
                                   page_url=f"{self.links.base_url}/actions/")
            messages.append(self.message("notice", batch, [*keys, "notice"], notice, now,
                                         to=[p["email"] for p in copies], reply_to=reply_to))
        return messages

    def _item(self, row: dict[str, Any], action: dict[str, Any], committee: dict[str, Any], owner_id: str,
              email: str) -> dict[str, Any]:
        origin = self._row("meeting", action.get("meeting_id"))
        stage = Stage(row["stage"])
        return {
            "reference": row["reference"], "title": action.get("title", row["reference"]), "stage": stage,
            "committee_name": committee.get("name", ""),
            "origin": f"{origin['title']}, {to_london(origin['starts_at']):%-d %B %Y}" if origin else "",
            "minute_ref": action.get("minute_ref") or "", "source_quote": action.get("source_quote") or "",
            "last_update": action.get("last_update") or "",
            "when": when_text(stage, row["number"], date.fromisoformat(row["due_date"]), date.fromisoformat(row["on_day"])),
            "link": self.links.url(owner_id, row["reference"], email),
        }

    def digest(self, digest: dict[str, Any], now: datetime) -> dict[str, Any]:
        """The clerk's daily digest."""
        committee = self.read.committee_by_id(digest["committee_id"])
        people = self._people([digest])
        day = date.fromisoformat(digest["day"])
        context = digest_context(self.read, self.outbox, self.calendar, committee, day,
                                 log_url=f"{self.links.base_url}/committees/{committee['short_name']}")
        return self.message("digest", f"{digest['committee_id']}/{digest['day']}", [digest["day"]],
                            digest_letter(context), now, to=[p["email"] for p in people.values()])

    def link(self, row: dict[str, Any], now: datetime) -> dict[str, Any]:
        """A new update link for an action's owner."""
        person, action = self.read.person_by_id(row["person_id"]), self.read.action_by_id(row["action_id"])
        if (person is None or action is None) and self._lagging():
            person, action = self.read.person_by_id(row["person_id"]), self.read.action_by_id(row["action_id"])
        person = person or {"name": "colleague", "email": ""}
        action = action or {"title": row["reference"], "due_date": None}
        committee = self.read.committee_by_id(row["committee_id"]) or {}
        clerk = self.read.person_by_id(str(committee.get("clerk_id"))) if committee.get("clerk_id") else None
        letter = link_letter(person=person, reference=row["reference"], title=action["title"],
                             committee_name=committee.get("name", ""), due=action.get("due_date"),
                             link=self.links.url(row["person_id"], row["reference"], person["email"] or ""),
                             clerk=clerk)
        return self.message("link", f"{row['action_id']}/link/{row['version']}", [], letter, now,
                            to=[person["email"]], reply_to=(clerk or {}).get("email") or "")

    def _people(self, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        found = {}
        for person_id in {r["person_id"] for row in rows for r in row["recipients"]}:
            person = self._row("person", person_id)
            if person:
                found[person_id] = person
        return found

    def message(self, kind: str, batch: str, keys: list[str], letter: Letter, moment: datetime, *,
                to: list[str], reply_to: str = "") -> dict[str, Any]:
        """A message row, its Message-ID made from what it carries, so composing it again makes the same one."""
        to = [address for address in to if address]
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "scrutiny-tracker.invalid"
        now = stamp(moment)
        return {
            "id": f"<{uuid5(MESSAGE_NAMESPACE, batch + '|' + '|'.join(keys))}@{domain}>", "kind": kind, "batch": batch,
            "sender": self.sender, "to_addrs": ", ".join(to), "cc_addrs": "", "reply_to": reply_to,
            "subject": letter.subject, "text_body": letter.text, "html_body": letter.html, "created_at": now,
            "status": "queued" if to else "failed", "attempts": 0, "next_attempt_at": now,
            "last_error": None if to else "nobody to send it to: the directory has no e-mail address for them",
            "note": None, "sent_at": None, "lease_until": None,
        }

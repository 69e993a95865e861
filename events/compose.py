"""Composing the outbox's messages from what it holds: chases, digests and new links.

Everything an owner is chased for in one pass makes one e-mail to them, grouped by committee, with an update
link for each action and replies going to the committees' clerks. Each person copied in on escalations (clerk,
chair, senior contact) gets one notice of their own for the pass, without the owners' links: a link lets
whoever holds it act as the owner. A chase that reaches the outbox late is still sent, unless what it chases is
no longer owed (completed, withdrawn, given a new date, waiting for an extension decision, paused): then it is
filed as not sent, with the reason, where the clerk sees it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from events.digest import digest_context
from events.letters import Letter, digest_letter, origin_text, render
from events.links import UpdateLinks
from events.outbox import Claim, OutboxView
from events.view import ActionLogView, stamp
from tracker.domain.calendar import WorkingCalendar, to_london
from tracker.domain.chasing import Stage

MESSAGE_NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/message")
SEVERITY = [Stage.REMINDER, Stage.DUE, Stage.OVERDUE, Stage.ESCALATION]


def address(person: dict[str, Any] | None) -> str:
    """A person as an e-mail header names them: "Name <address>" ("" without an address)."""
    if not person or not person.get("email"):
        return ""
    try:
        return str(Address(display_name=person.get("name") or "", addr_spec=person["email"]))
    except (ValueError, IndexError):  # an address the header classes cannot parse: send it bare
        return person["email"]


def chase_key(row: dict[str, Any]) -> str:
    """One chase's key in the outbox."""
    return f"{row['action_id']}/{row['due_date']}/{row['stage']}/{row['number']}"


def no_longer_owed(reference: str, *, action: dict[str, Any] | None, committee: dict[str, Any] | None,
                   due_date: str, owner_id: str) -> str:
    """Why a chase of an action should not go now ("" if it should)."""
    if action is None:
        return ""
    if not action["active"]:
        return f"{reference} is {action['status']} now: nothing more is owed"
    if (action["due_date"].isoformat() if action["due_date"] else "") != due_date:
        now_due = f"due on {action['due_date'].day} {action['due_date']:%B %Y}" if action["due_date"] else "not dated"
        return f"{reference} is {now_due} now, not on the date it was chased for"
    if str(action["owner_id"]) != owner_id:
        return f"{reference} is with someone else now"
    if action["extension_pending"]:
        return f"{reference} has an extension request waiting for a decision"
    if action["chasing_paused"]:
        return f"chasing {reference} is paused"
    if committee and committee.get("chasing_paused"):
        return f"chasing is paused for the {committee['name']}"
    return ""


@dataclass
class Composed:
    """Messages to queue (or file as not sent) and the outbox rows each carries."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def queued(self) -> int:
        """How many of the messages are to be sent."""
        return sum(1 for m in self.messages if m["status"] != "dropped")


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
        """The view lacks a row the outbox names, or is behind a chase: catch it up, once a pass, and forget
        what was read; True if it was caught up, so the caller reads again."""
        if self._caught_up:
            return False
        self.catch_up()
        self._caught_up = True
        self._rows.clear()
        return True

    def _row(self, kind: str, row_id: Any) -> dict[str, Any] | None:
        """A person, meeting or committee, read once per pass."""
        if not row_id:
            return None
        key = (kind, str(row_id))
        if key not in self._rows:
            self._rows[key] = getattr(self.read, f"{kind}_by_id")(str(row_id))
        return self._rows[key]

    # Chases

    def chases(self, rows: list[dict[str, Any]], now: datetime) -> Composed:
        """One e-mail per owner for every chase in `rows`, a notice per person copied in, and a note for each
        chase no longer owed."""
        today = to_london(now).date()
        owners = {row["action_id"]: _owner_id(row) for row in rows}
        actions = self._actions(rows, owners)
        composed = Composed()
        kept: list[dict[str, Any]] = []
        for row, why in self._sift(rows, actions, owners):
            if why:
                composed.messages.append(self._dropped(row, actions.get(row["action_id"]), owners[row["action_id"]],
                                                       why, now))
                composed.claims.append(Claim("chases", _key(row), composed.messages[-1]["id"]))
            else:
                kept.append(row)
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in kept:
            by_owner[owners[row["action_id"]]].append(row)
        for owner_id, mine in by_owner.items():
            message = self._owner_email(owner_id, mine, actions, now, today)
            composed.messages.append(message)
            composed.claims += [Claim("chases", _key(row), message["id"]) for row in mine]
        composed.messages += self._notices(kept, actions, owners, now, today)
        return composed

    def _actions(self, rows: list[dict[str, Any]], owners: dict[str, str]) -> dict[str, dict[str, Any]]:
        """The view's rows of the chased actions, caught up first if it lacks one of them or an owner."""
        ids = list({row["action_id"] for row in rows})
        actions = self.read.actions_by_ids(ids)
        if (len(actions) < len(ids) or any(self._row("person", p) is None for p in set(owners.values()))) \
                and self._lagging():
            actions = self.read.actions_by_ids(ids)
        return actions

    def _sift(self, rows: list[dict[str, Any]], actions: dict[str, dict[str, Any]],
              owners: dict[str, str]) -> list[tuple[dict[str, Any], str]]:
        """Each chase with why it should not go ("" if it should): at most one chase per action goes."""
        latest: dict[str, dict[str, Any]] = {}
        for row in rows:
            best = latest.get(row["action_id"])
            if best is None or _rank(row) > _rank(best):
                latest[row["action_id"]] = row
        sifted = [(row, self._why_not(row, actions, owners)) for row in rows if latest[row["action_id"]] is row]
        behind = any(why and (action := actions.get(row["action_id"])) and action["version"] < (row.get("version") or 0)
                     for row, why in sifted)
        if behind and self._lagging():
            # The view has not yet seen a chase it would drop, so what it says of the action may be out of date.
            actions.update(self.read.actions_by_ids(list(actions)))
            sifted = [(row, self._why_not(row, actions, owners)) for row, _ in sifted]
        replaced = [(row, f"a later chase of {row['reference']} replaced it") for row in rows
                    if latest[row["action_id"]] is not row]
        return replaced + sifted

    def _why_not(self, row: dict[str, Any], actions: dict[str, dict[str, Any]], owners: dict[str, str]) -> str:
        return no_longer_owed(row["reference"], action=actions.get(row["action_id"]),
                              committee=self._row("committee", row["committee_id"]), due_date=row["due_date"],
                              owner_id=owners[row["action_id"]])

    def _owner_email(self, owner_id: str, rows: list[dict[str, Any]], actions: dict[str, dict[str, Any]],
                     now: datetime, today: date) -> dict[str, Any]:
        owner = self._row("person", owner_id) or {"name": "colleague", "email": ""}
        committees = []
        for committee_id, group in _by_committee(rows):
            committee = self._row("committee", committee_id) or {}
            clerk = self._row("person", committee.get("clerk_id"))
            committees.append({
                "id": committee_id, "name": committee.get("name", ""), "authority": committee.get("authority") or "",
                "clerk": _contact(clerk),
                "items": [self._item(row, actions.get(row["action_id"]) or {}, owner_id,
                                     link=self.links.url(owner_id, row["reference"], owner.get("email") or ""),
                                     copied=self._copied(row, skip={owner_id})) for row in group],
            })
        committees.sort(key=lambda c: c["name"])
        letter = {"kind": "chase", "args": {"owner": {"name": owner["name"]}, "committees": committees}}
        clerks = [c["clerk"] for c in committees if c["clerk"] and c["clerk"]["email"] != owner.get("email")]
        return self.message("chase", rows[0]["batch"], f"owner|{owner_id}", [chase_key(r) for r in rows], letter,
                            now, today, to=[address(owner)], reply_to=_unique(address(c) for c in clerks),
                            committees=[c["id"] for c in committees])

    def _notices(self, rows: list[dict[str, Any]], actions: dict[str, dict[str, Any]], owners: dict[str, str],
                 now: datetime, today: date) -> list[dict[str, Any]]:
        """One notice for each person copied in on the escalated chases of the pass."""
        told: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
        for row in rows:
            if Stage(row["stage"]) is Stage.ESCALATION:
                for r in row["recipients"]:
                    if r["as"] != "owner" and (self._row("person", r["person_id"]) or {}).get("email"):
                        told[r["person_id"]].append((row, r["as"]))
        notices = []
        for person_id, mine in told.items():
            person = self._row("person", person_id) or {}
            committees = []
            for committee_id, group in _by_committee([row for row, _ in mine]):
                committee = self._row("committee", committee_id) or {}
                roles = {row["action_id"]: role for row, role in mine}
                committees.append({
                    "id": committee_id, "name": committee.get("name", ""),
                    "clerk": _contact(self._row("person", committee.get("clerk_id"))),
                    "items": [{**self._item(row, actions.get(row["action_id"]) or {}, owners[row["action_id"]],
                                            copied=self._copied(row, skip={owners[row["action_id"]], person_id})),
                               "owner": _public(self._row("person", owners[row["action_id"]])),
                               "told_as": roles[row["action_id"]]} for row in group],
                })
            committees.sort(key=lambda c: c["name"])
            letter = {"kind": "notice", "args": {"recipient": {"name": person.get("name", ""), "email": person["email"]},
                                                 "committees": committees, "page_url": f"{self.links.base_url}/actions/"}}
            clerks = [c["clerk"] for c in committees if c["clerk"] and c["clerk"]["email"] != person["email"]]
            notices.append(self.message("notice", mine[0][0]["batch"], f"notice|{person_id}",
                                        [chase_key(row) for row, _ in mine], letter, now, today,
                                        to=[address(person)], reply_to=_unique(address(c) for c in clerks),
                                        committees=[c["id"] for c in committees]))
        return notices

    def _copied(self, row: dict[str, Any], *, skip: set[str]) -> list[dict[str, str]]:
        """Those told of an escalated chase who could be (they have an e-mail address)."""
        if Stage(row["stage"]) is not Stage.ESCALATION:
            return []
        found = []
        for r in row["recipients"]:
            person = self._row("person", r["person_id"])
            if r["as"] != "owner" and r["person_id"] not in skip and person and person.get("email"):
                found.append({"name": person["name"], "as": r["as"]})
        return found

    def _item(self, row: dict[str, Any], action: dict[str, Any], owner_id: str, **extra: Any) -> dict[str, Any]:
        origin = self._row("meeting", action.get("meeting_id"))
        return {
            "action_id": row["action_id"], "committee_id": row["committee_id"], "owner_id": owner_id,
            "reference": row["reference"], "title": action.get("title", row["reference"]), "stage": row["stage"],
            "number": row["number"], "due": row["due_date"],
            "origin": origin_text(origin["title"], to_london(origin["starts_at"]).date()) if origin else "",
            "minute_ref": action.get("minute_ref") or "", "source_quote": action.get("source_quote") or "",
            "last_update": action.get("last_update") or "", **extra,
        }

    def _dropped(self, row: dict[str, Any], action: dict[str, Any] | None, owner_id: str, why: str,
                 now: datetime) -> dict[str, Any]:
        """A chase filed as not sent, with the reason, where `tracker outbox --all` and the clerk see it."""
        title = (action or {}).get("title", "")
        subject = f"{Stage(row['stage']).label}: {row['reference']} {title}".strip()
        message = self.message("chase", row["batch"], "dropped", [chase_key(row)], Letter(subject, "", ""), now,
                               None, to=[address(self._row("person", owner_id))], committees=[row["committee_id"]])
        return {**message, "status": "dropped", "note": why, "last_error": None}

    # Digests and links

    def digest(self, digest: dict[str, Any], now: datetime, *, replaced_by: str = "") -> dict[str, Any]:
        """The clerk's daily digest; one that reaches the outbox on a later day tells the log as it is then,
        and one a later digest replaces is filed as not sent."""
        committee = self.read.committee_by_id(digest["committee_id"]) or {"name": "", "short_name": ""}
        people = {r["person_id"]: self._row("person", r["person_id"]) for r in digest["recipients"]}
        to = [address(p) for p in people.values()]
        if replaced_by:
            letter = Letter(f"Action log digest: {committee['name']}, {digest['day']}", "", "")
            message = self.message("digest", f"{digest['committee_id']}/{digest['day']}", "digest", [digest["day"]],
                                   letter, now, None, to=to, committees=[digest["committee_id"]])
            return {**message, "status": "dropped", "note": f"the digest of {replaced_by} replaces it", "last_error": None}
        day = max(date.fromisoformat(digest["day"]), to_london(now).date())
        context = digest_context(self.read, self.outbox, self.calendar, committee, day,
                                 log_url=f"{self.links.base_url}/committees/{committee['short_name']}")
        return self.message("digest", f"{digest['committee_id']}/{digest['day']}", "digest", [digest["day"]],
                            digest_letter(context), now, None, to=to, committees=[digest["committee_id"]])

    def link(self, row: dict[str, Any], now: datetime) -> dict[str, Any]:
        """A new update link for an action's owner (filed as not sent if nothing is owed by them now)."""
        person, action = self.read.person_by_id(row["person_id"]), self.read.action_by_id(row["action_id"])
        if (person is None or action is None) and self._lagging():
            person, action = self.read.person_by_id(row["person_id"]), self.read.action_by_id(row["action_id"])
        person = person or {"name": "colleague", "email": ""}
        committee = self.read.committee_by_id(row["committee_id"]) or {}
        clerk = self._row("person", committee.get("clerk_id"))
        due = (action or {}).get("due_date")
        letter = {"kind": "link", "args": {
            "person": {"name": person["name"]}, "reference": row["reference"],
            "title": (action or {}).get("title", row["reference"]), "committee_name": committee.get("name", ""),
            "due": due.isoformat() if due else None, "clerk": _contact(clerk),
            "link": self.links.url(row["person_id"], row["reference"], person["email"] or ""),
        }}
        message = self.message("link", f"{row['action_id']}/link/{row['version']}", "", [], letter, now,
                               to_london(now).date(), to=[address(person)], reply_to=[address(clerk)],
                               committees=[row["committee_id"]])
        why = _link_not_owed(row, action)
        return {**message, "status": "dropped", "note": why, "last_error": None} if why else message

    # Messages

    def message(self, kind: str, batch: str, scope: str, keys: list[str], letter: dict[str, Any] | Letter,
                moment: datetime, today: date | None, *, to: list[str], reply_to: Iterable[str] = (),
                committees: Iterable[str] = ()) -> dict[str, Any]:
        """A message row, its Message-ID made from what it carries, so composing it again makes the same one.
        `letter` is a composed Letter, or the plain data to word one from (kept, to word it again on the day
        it goes, should that be later)."""
        to = [a for a in to if a]
        words = letter if isinstance(letter, Letter) else render(letter, today or to_london(moment).date())
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "scrutiny-tracker.invalid"
        now = stamp(moment)
        seed = "|".join([scope, batch, *keys])
        return {
            "id": f"<{uuid5(MESSAGE_NAMESPACE, seed)}@{domain}>", "kind": kind, "batch": batch,
            "sender": self.sender, "to_addrs": ", ".join(to), "cc_addrs": "", "reply_to": ", ".join(a for a in reply_to if a),
            "subject": words.subject, "text_body": words.text, "html_body": words.html, "created_at": now,
            "status": "queued" if to else "failed", "attempts": 0, "next_attempt_at": now,
            "last_error": None if to else "nobody to send it to: the directory has no e-mail address for them",
            "note": None, "sent_at": None, "lease_until": None,
            "letter": None if isinstance(letter, Letter) else json.dumps(letter),
            "_committees": sorted(set(committees)),
        }


def _owner_id(row: dict[str, Any]) -> str:
    return next(r["person_id"] for r in row["recipients"] if r["as"] == "owner")


def _key(row: dict[str, Any]) -> dict[str, Any]:
    return {"action_id": row["action_id"], "due_date": row["due_date"], "stage": row["stage"], "number": row["number"]}


def _rank(row: dict[str, Any]) -> tuple[str, str, int, int]:
    return (row["on_day"], row["due_date"], SEVERITY.index(Stage(row["stage"])), row["number"])


def _by_committee(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["reference"]):
        groups[row["committee_id"]].append(row)
    return list(groups.items())


def _contact(person: dict[str, Any] | None) -> dict[str, str] | None:
    return {"name": person["name"], "email": person.get("email") or ""} if person else None


def _public(person: dict[str, Any] | None) -> dict[str, str]:
    person = person or {}
    return {k: person.get(k) or "" for k in ("name", "job_title", "organisation")}


def _unique(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a for a in addresses if a))


def _link_not_owed(row: dict[str, Any], action: dict[str, Any] | None) -> str:
    if action is None:
        return ""
    if not action["active"]:
        return f"{row['reference']} is {action['status']} now: nothing more is owed"
    if str(action["owner_id"]) != str(row["person_id"]):
        return f"{row['reference']} is with someone else now"
    return ""

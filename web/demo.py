"""Loads the demo: the committees, meetings, people and undertakings of the sample minutes."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any
from uuid import UUID

from tracker.application import NEXT_MEETING
from tracker.domain.calendar import LONDON, from_london, london_today
from tracker.domain.values import MeetingStatus, Role
from web.services import Services

ACTOR = "system:demo"
RELATIVE = re.compile(r"^([+-]\d+)d$")


def demo_data() -> dict[str, Any]:
    """The demo data file shipped with the package."""
    return json.loads(resources.files("web").joinpath("demo_data.json").read_text(encoding="utf-8"))


class DemoLoader:
    """Replays the demo's story through the tracker's own commands, dated as the story says."""

    def __init__(self, services: Services, today: date | None = None) -> None:
        self.tracker = services.tracker
        self.read = services.read
        self.today = today or london_today()
        self.people: dict[str, UUID] = {}
        self.meetings: dict[str, UUID] = {}
        self.actions: dict[str, str] = {}

    def is_loaded(self) -> bool:
        """True when the store already has committees, so the demo is not loaded twice."""
        return bool(self.read.query("committees"))

    def load(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Load everything; returns the demo users with their passwords."""
        data = data or demo_data()
        for p in data["people"]:
            self.people[p["key"]] = self.tracker.add_person(
                actor=ACTOR, name=p["name"], job_title=p["job_title"], organisation=p["organisation"], email=p["email"]
            )
        for p in data["people"]:
            if p.get("senior_contact"):
                self.tracker.correct_person(
                    self.people[p["key"]], actor=ACTOR, senior_contact_id=self.people[p["senior_contact"]]
                )
        for c in data["committees"]:
            self.tracker.register_committee(
                actor=ACTOR, short_name=c["short"], name=c["name"], authority=c["authority"],
                chair_id=self.people.get(c.get("chair") or ""), clerk_id=self.people.get(c.get("clerk") or ""),
                public=bool(c.get("public")),
            )
        for m in data["meetings"]:
            self.meetings[m["key"]] = self.tracker.schedule_meeting(
                actor=ACTOR, committee=m["committee"], starts_at=self.moment(m["starts_at"]), title=m["title"],
                status=MeetingStatus(m["status"]),
            )
        for u in data["users"]:
            self.tracker.register_user(
                actor=ACTOR, email=u["email"], name=u["name"], role=Role(u["role"]), password=u["password"],
                person_id=self.people.get(u.get("person") or ""),
            )
        for a in data["actions"]:
            self.log(a)
        for a in data["actions"]:
            for step in a.get("life", []):
                self.move(self.actions[a["key"]], step)
        return {"users": [{k: u[k] for k in ("email", "role", "password")} for u in data["users"]]}

    def log(self, a: dict[str, Any]) -> None:
        follows = self.actions.get(a.get("follows_up") or "")
        self.actions[a["key"]] = self.tracker.log_action(
            actor=ACTOR, committee=a["committee"], title=a["title"], owner_id=self.people[a["owner"]],
            kind=a["kind"], meeting_id=self.meetings.get(a.get("meeting") or ""), minute_ref=a.get("minute_ref", ""),
            detail=a.get("detail", ""), source_quote=a.get("source_quote", ""), raised_by=a.get("raised_by", ""),
            due=self.due(a.get("due")), follows_up=follows, at=self.moment(a["logged_at"]),
        )

    def move(self, ref: str, step: dict[str, Any]) -> None:
        t = self.tracker
        who = self.actor(step["by"])
        at = self.moment(step["at"])
        move = step["move"]
        if move == "acknowledge":
            t.acknowledge(ref, actor=who, at=at)
        elif move == "note_progress":
            t.note_progress(ref, actor=who, text=step["text"], at=at)
        elif move == "complete":
            t.complete(ref, actor=who, response=step["response"], evidence=step.get("evidence", []), at=at)
        elif move == "close":
            t.close_action(ref, actor=who, note=step.get("note", ""), at=at)
        elif move == "accept":
            t.accept(ref, actor=who, meeting_id=self.meetings[step["meeting"]], at=at)
        elif move == "reopen":
            t.reopen(ref, actor=who, reason=step["reason"], at=at)
        elif move == "change_due_date":
            t.change_due_date(ref, actor=who, due=self.due(step["due"]), reason=step["reason"], at=at)
        elif move == "request_extension":
            t.request_extension(ref, actor=who, due_date=self.day(step["due"]), reason=step["reason"], at=at)
        elif move == "decide_extension":
            t.decide_extension(ref, actor=who, grant=bool(step["grant"]), reason=step.get("reason", ""), at=at)
        elif move == "reassign":
            t.reassign(ref, actor=who, owner_id=self.people[step["owner"]], reason=step["reason"], at=at)
        elif move == "withdraw":
            t.withdraw(ref, actor=who, reason=step["reason"], at=at)
        elif move == "comment":
            t.comment(ref, actor=who, text=step["text"], at=at)
        else:
            raise ValueError(f"Unknown move in demo data: {move}")

    def actor(self, by: str) -> str:
        if by.startswith("person:"):
            return f"person:{self.people[by.split(':', 1)[1]]}"
        return f"user:{by.lower()}"

    def day(self, text: str) -> date:
        found = RELATIVE.match(text)
        return self.today + timedelta(days=int(found.group(1))) if found else date.fromisoformat(text)

    def due(self, text: str | None) -> date | str | None:
        if text in (None, ""):
            return None
        return NEXT_MEETING if text == NEXT_MEETING else self.day(text)

    def moment(self, text: str) -> datetime:
        if RELATIVE.match(text):
            return from_london(datetime.combine(self.day(text), time(10, 0), LONDON))
        return from_london(datetime.fromisoformat(text))

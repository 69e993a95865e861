"""The chaser: on working days, in office hours, reminds owners of what they owe, chases what is overdue,
and escalates; each chase recorded on its action, exactly once, and mailed through the outbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, uuid5

from events.delivery import Delivered, Outbox, held_text
from events.digest import digest_context
from events.view import committee_policy
from tracker.domain.calendar import LONDON, from_london, to_london
from tracker.domain.chasing import ChaseRecord, PlannedChase, Stage, in_office_hours, next_chase

if TYPE_CHECKING:
    from web.services import Services

CHASER = "system:chaser"
BATCH_NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/chase-batch")


def as_if_at_ten(day: date) -> datetime:
    """10:00 on a day in Europe/London, as UTC: when `tracker chase --today` pretends to run."""
    return from_london(datetime.combine(day, time(10, 0), LONDON))


@dataclass
class ChaseRun:
    """What one chase pass found and did."""

    now: datetime
    planned: list[PlannedChase] = field(default_factory=list)
    recorded: list[PlannedChase] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, why it was not chased)
    held: str = ""  # why nothing was chased at all
    delivered: Delivered | None = None


class Chaser:
    """Plans chases from the view's index, records them on the actions, and flushes the outbox."""

    def __init__(self, services: Services, outbox: Outbox, *, every_minutes: int = 15) -> None:
        self.services = services
        self.outbox = outbox
        self.every = every_minutes

    def run(self, now: datetime, *, dry_run: bool = False) -> ChaseRun:
        """One chase pass as at `now`: plan, record (unless a dry run), and send what it queued."""
        report = ChaseRun(now)
        if not in_office_hours(now, self.services.calendar):
            report.held = held_text(now, self.services.calendar, "nobody is chased")
            return report
        report.planned, report.skipped = self.plan(now)
        if dry_run:
            return report
        today = to_london(now).date()
        report.recorded = self.services.tracker.record_chases(report.planned, actor=CHASER, on=today)
        report.delivered = self.outbox.flush(now)
        return report

    def plan(self, now: datetime) -> tuple[list[PlannedChase], list[tuple[str, str]]]:
        """The chases due at `now`, one e-mail batch per owner, read from the view (the actions decide again
        when each chase is recorded, and the outbox once more when it composes the e-mail)."""
        s = self.services
        s.read.sync()
        view = s.read.view
        today = to_london(now).date()
        candidates = view.chase_candidates(today)
        if not candidates:
            return [], []
        records = self._records(view, today)
        committees = {c["id"]: c for c in view.committees()}
        people: dict[str, dict[str, Any] | None] = {}

        def person(person_id: str | None) -> dict[str, Any] | None:
            if person_id and person_id not in people:
                people[person_id] = view.person_by_id(person_id)
            return people.get(person_id) if person_id else None

        slot = self._slot(now)
        planned: list[PlannedChase] = []
        skipped: list[tuple[str, str]] = []
        for row in candidates:
            committee = committees[row["committee_id"]]
            due = date.fromisoformat(row["due_date"]) if row["due_date"] else None
            chase = next_chase(policy=committee_policy(committee), calendar=s.calendar, due_date=due,
                               chases=records.get(row["id"], ()), today=today)
            if chase is None:
                continue
            owner = person(row["owner_id"])
            if not owner or not owner["email"]:
                skipped.append((row["reference"], f"{owner['name'] if owner else 'The owner'} has no e-mail address "
                                                  "in the directory"))
                continue
            recipients = [{"person_id": row["owner_id"], "as": "owner"}]
            if chase.stage is Stage.ESCALATION:
                recipients += self._escalation(committee, owner, person)
            # One e-mail per owner per run, whatever committees they owe: each committee's clerk is named in it.
            batch = str(uuid5(BATCH_NAMESPACE, f"{row['owner_id']}|{slot}"))
            planned.append(PlannedChase(row["reference"], chase, recipients, batch))
        return planned, skipped

    @staticmethod
    def _records(view: Any, today: date) -> dict[str, list[ChaseRecord]]:
        found: dict[str, list[ChaseRecord]] = defaultdict(list)
        for r in view.candidate_chase_records(today):
            found[r["action_id"]].append(ChaseRecord(date.fromisoformat(r["due_date"]), Stage(r["stage"]), r["number"],
                                                     date.fromisoformat(r["on_day"])))
        return found

    @staticmethod
    def _escalation(committee: dict[str, Any], owner: dict[str, Any], person: Any) -> list[dict[str, str]]:
        copies = [(committee.get("clerk_id"), "clerk"), (committee.get("chair_id"), "chair"),
                  (owner.get("senior_contact_id"), "senior contact")]
        seen = {owner["id"]}
        found = []
        for person_id, role in copies:
            if person_id and person_id not in seen and person(person_id):
                seen.add(person_id)
                found.append({"person_id": person_id, "as": role})
        return found

    def _slot(self, now: datetime) -> str:
        """The run's time slot: two passes in the same slot put an owner's chases in the same e-mail."""
        local = to_london(now)
        minutes = (local.hour * 60 + local.minute) // self.every * self.every
        return f"{local.date().isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}"

    # The clerk's daily digest

    def digest(self, now: datetime) -> list[str]:
        """Queue each committee's digest for its clerk, once a working day, and send it; returns the committees.
        Safe to run as often as the scheduler likes in office hours: a committee digested today is passed over."""
        s = self.services
        if not in_office_hours(now, s.calendar):
            return []
        today = to_london(now).date()
        self.outbox.catch_up()
        done = self.outbox.view.digested_on(today.isoformat())
        s.read.sync()
        queued = []
        for committee in s.read.view.committees():
            if committee["id"] in done:
                continue
            clerk = s.read.view.person_by_id(committee["clerk_id"]) if committee["clerk_id"] else None
            if not clerk or not clerk["email"] or not self._worth_a_digest(committee, today):
                continue
            if s.tracker.record_digest(committee["short_name"], actor=CHASER, day=today,
                                       recipients=[{"person_id": clerk["id"], "as": "clerk"}]):
                queued.append(committee["short_name"])
        if queued:
            self.outbox.flush(now)
        return queued

    def _worth_a_digest(self, committee: dict[str, Any], day: date) -> bool:
        """Whether there is anything to tell the clerk: a digest of nothing every morning is noise."""
        found = digest_context(self.services.read.view, self.outbox.view, self.services.calendar, committee, day,
                               log_url="")
        return any(found[k] for k in ("overdue", "due_soon", "extensions", "chases", "stuck"))

"""Core benchmark of the tracker, against a bare eventsourcing baseline measured in the same run.

    PYTHONPATH=. .venv/bin/python -m bench.bench_core [--actions N]

Phases (all SQLite files in a fresh temporary directory, never ./instance):

1. commands: N actions of 5 commands each through the product path (Tracker via
   build_services, embedded projection catch-up after every command) and the same
   5N commands on a bare eventsourcing Application with a plain Aggregate
   (get -> trigger -> save per event, no projection); commands/s and the ratio.
2. list query p50/p95 over the N-action view (filtered, paginated, variants).
3. projection rebuild over the whole event log, events/s.
4. timeline of one action with 500 events, and time travel (as_of) on it.
5. peak memory (ru_maxrss per phase; tracemalloc peaks on small separate runs).

Results are printed as a table and written to bench/results/core.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from config.settings import Settings
from events.view import ActionFilter
from web.services import Services, build_services

RESULTS = Path(__file__).resolve().parent / "results" / "core.json"

TARGETS = {
    "ratio": 1.5,  # product time / baseline time for the same commands, at most
    "list_p95_ms": 25.0,  # at most
    "rebuild_events_per_s": 5000.0,  # at least
    "timeline_p95_ms": 30.0,  # at most
}

ACTOR = "user:clerk@example.gov.uk"
COMMITTEES = [
    ("HOSC", "Health Overview and Scrutiny Committee"),
    ("OSB", "Overview and Scrutiny Board"),
    ("CYPS", "Children and Young People Scrutiny Panel"),
    ("ECON", "Economy and Environment Scrutiny Panel"),
]
ORGANISATIONS = [
    "NHS Herefordshire and Worcestershire",
    "Worcestershire County Council",
    "West Midlands Ambulance Service",
    "Healthwatch Worcestershire",
    "Worcestershire Acute Hospitals NHS Trust",
]
OWNERS = 30
MEETINGS_PER_COMMITTEE = 24
TITLES = [
    "Map the routes patients take between the acute hospitals",
    "Provide figures on ambulance handover delays at the Alexandra Hospital",
    "Circulate the briefing note on the dental access plan to members",
    "Report back on the recruitment of school nurses across the county",
    "Write to the ICB about the closure of the minor injuries unit",
    "Send the members the draft work programme for the coming year",
    "Give a further update on the stroke services reconfiguration",
]
DETAIL = (
    "Members asked for a written answer before the next meeting, with the figures broken down by district "
    "and by month, and with the comparison against the regional average that was mentioned at the meeting."
)
QUOTE = "The Director agreed to come back to the committee with the detail in writing."
KINDS = ["information_request", "mapping_or_analysis", "further_update", "circulate_document", "letter_or_response"]


# ---------------------------------------------------------------------------------------------------------------
# Timing helpers


class Timer:
    """Accumulates time (and calls) by name; one perf_counter pair per call."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        seconds, calls, clock = self.seconds, self.calls, time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return func(*args, **kwargs)
            finally:
                seconds[name] += clock() - t0
                calls[name] += 1

        return timed


def pct(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def summary_ms(samples: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {
        "runs": len(ms),
        "p50_ms": round(statistics.median(ms), 3),
        "p95_ms": round(pct(ms, 95), 3),
        "max_ms": round(max(ms), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def repeat(func: Callable[[], Any], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        func()
    out = []
    clock = time.perf_counter
    for _ in range(runs):
        t0 = clock()
        func()
        out.append(clock() - t0)
    return out


def guarded(func: Callable[[], Any]) -> Any:
    """The result, or the product's error as text (a failing query is reported, not hidden)."""
    try:
        return func()
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {e}"}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The workload: the same plan drives the product and the baseline


def action_plan(i: int, today: date) -> dict[str, Any]:
    """What the i-th action looks like and what happens to it (5 commands).

    Actions go round the committees; j, the action's place within its committee, drives the rest so
    that every committee gets the same mix (open and closed, overdue, next-meeting, owners, titles).
    """
    j = i // len(COMMITTEES)
    if j % 20 == 7:
        due: Any = "next_meeting"
    elif j % 3 == 0:
        due = today - timedelta(days=1 + j % 180)  # in the past: overdue while open
    else:
        due = today + timedelta(days=1 + j % 300)
    return {
        "committee": i % len(COMMITTEES),
        "owner": (j * 7 + i) % OWNERS,
        "meeting": j % MEETINGS_PER_COMMITTEE,
        "title": TITLES[j % len(TITLES)],
        "kind": KINDS[j % len(KINDS)],
        "minute_ref": f"Minute {i % 900 + 100}/{23 + i % 3}",
        "raised_by": "Cllr Brunner" if i % 2 else "Cllr Hodgson",
        "due": due,
        # Half go the whole way to closed; half stay open (acknowledged) so "open" and "overdue" find rows.
        "closes": j % 2 == 0,
        "progress": f"Work is under way; the first draft of the analysis is with the team ({i}).",
        "progress2": f"Figures gathered for most districts; the rest are due within a fortnight ({i}).",
        "response": f"The figures were sent to members on the date shown, with the analysis attached ({i}).",
        "evidence": [f"https://example.gov.uk/documents/{i}.pdf"],
        "note": "Closed by the clerk after the response was circulated.",
        "comment": f"Chased by e-mail; the owner promised the remainder by the end of the month ({i}).",
    }


# ---------------------------------------------------------------------------------------------------------------
# Baseline: a bare Application and a plain Aggregate with events of similar size


class Item(Aggregate):
    """A plain aggregate carrying the same fields as the tracker's Action events."""

    class Created(Aggregate.Created):
        actor: str
        reference: str
        committee_id: UUID
        meeting_id: UUID | None
        minute_ref: str
        title: str
        detail: str
        source_quote: str
        kind: str
        raised_by: str
        owner_id: UUID
        due_date: str | None
        due_meeting_id: UUID | None
        due_next_meeting: bool
        follows_up_id: UUID | None
        imported: bool

    class Acknowledged(Aggregate.Event):
        actor: str

        def apply(self, item: Item) -> None:
            item.status = "acknowledged"

    class ProgressNoted(Aggregate.Event):
        actor: str
        text: str

        def apply(self, item: Item) -> None:
            item.last_update = self.text

    class Completed(Aggregate.Event):
        actor: str
        response: str
        evidence: list[str]

        def apply(self, item: Item) -> None:
            item.status = "completed"
            item.response = self.response

    class Closed(Aggregate.Event):
        actor: str
        note: str

        def apply(self, item: Item) -> None:
            item.status = "closed"

    class Commented(Aggregate.Event):
        actor: str
        text: str

    @staticmethod
    def create_id(reference: str, **_: Any) -> UUID:  # noqa: ARG004
        return uuid5(NAMESPACE_URL, f"bench/{reference}")

    def __init__(
        self, actor: str, reference: str, committee_id: UUID, meeting_id: UUID | None, minute_ref: str, title: str,
        detail: str, source_quote: str, kind: str, raised_by: str, owner_id: UUID, due_date: str | None,
        due_meeting_id: UUID | None, due_next_meeting: bool, follows_up_id: UUID | None, imported: bool,
    ) -> None:
        self.reference = reference
        self.committee_id = committee_id
        self.meeting_id = meeting_id
        self.minute_ref = minute_ref
        self.title = title
        self.detail = detail
        self.source_quote = source_quote
        self.kind = kind
        self.raised_by = raised_by
        self.owner_id = owner_id
        self.due_date = due_date
        self.due_meeting_id = due_meeting_id
        self.due_next_meeting = due_next_meeting
        self.follows_up_id = follows_up_id
        self.imported = imported
        self.status = "logged"
        self.last_update: str | None = None
        self.response: str | None = None


class Baseline(Application):
    name = "baseline"


def sqlite_env(db: Path, prefix: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        f"{prefix}_SQLITE_DBNAME": str(db),
        "SQLITE_LOCK_TIMEOUT": "30",
    }


class BaselineRunner:
    """The baseline's side of the command phase: same plan, plain Aggregate, bare Application, no projection."""

    def __init__(self, tmp: Path, timer: Timer) -> None:
        self.db = tmp / "baseline.sqlite3"
        self.app = Baseline(env=sqlite_env(self.db, "BASELINE"))
        self.committee_ids = [uuid5(NAMESPACE_URL, f"c/{s}") for s, _ in COMMITTEES]
        self.owner_ids = [uuid5(NAMESPACE_URL, f"p/{k}") for k in range(OWNERS)]
        self.meeting_ids = [
            [uuid5(NAMESPACE_URL, f"m/{c}/{k}") for k in range(MEETINGS_PER_COMMITTEE)] for c in range(len(COMMITTEES))
        ]
        self.counters = [0] * len(COMMITTEES)
        self.save = timer.wrap("base.save", self.app.save)
        self.get = timer.wrap("base.load", self.app.repository.get)

    def _step(self, per_kind: dict[str, float], kind: str, item_id: UUID, cls: type, **kw: Any) -> None:
        t0 = time.perf_counter()
        item = self.get(item_id)
        item.trigger_event(cls, actor=ACTOR, **kw)
        self.save(item)
        per_kind[kind] += time.perf_counter() - t0

    def run_action(self, i: int, today: date, per_kind: dict[str, float]) -> None:
        p = action_plan(i, today)
        c = p["committee"]
        self.counters[c] += 1
        t0 = time.perf_counter()
        due, mids = p["due"], self.meeting_ids[c]
        item = Item(
            actor=ACTOR, reference=f"{COMMITTEES[c][0]}-{self.counters[c]:04d}", committee_id=self.committee_ids[c],
            meeting_id=mids[p["meeting"]], minute_ref=p["minute_ref"], title=p["title"], detail=DETAIL,
            source_quote=QUOTE, kind=p["kind"], raised_by=p["raised_by"], owner_id=self.owner_ids[p["owner"]],
            due_date=None if due == "next_meeting" else due.isoformat(),
            due_meeting_id=mids[(p["meeting"] + 1) % MEETINGS_PER_COMMITTEE] if due == "next_meeting" else None,
            due_next_meeting=due == "next_meeting", follows_up_id=None, imported=False,
        )
        self.save(item)
        per_kind["log"] += time.perf_counter() - t0
        self._step(per_kind, "acknowledge", item.id, Item.Acknowledged)
        self._step(per_kind, "note_progress", item.id, Item.ProgressNoted, text=p["progress"])
        if p["closes"]:
            self._step(per_kind, "complete", item.id, Item.Completed, response=p["response"], evidence=p["evidence"])
            self._step(per_kind, "close", item.id, Item.Closed, note=p["note"])
        else:
            self._step(per_kind, "note_progress", item.id, Item.ProgressNoted, text=p["progress2"])
            self._step(per_kind, "comment", item.id, Item.Commented, text=p["comment"])

    def close(self) -> None:
        self.app.close()


def write_bytes() -> int:
    """Bytes this process has caused to be written to storage so far (Linux), or -1."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def store_stats(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        n, avg = conn.execute("SELECT COUNT(*), AVG(LENGTH(state)) FROM stored_events").fetchone()
        snaps = 0
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'stored_snapshots'").fetchone():
            snaps = conn.execute("SELECT COUNT(*) FROM stored_snapshots").fetchone()[0]
    return {"events_stored": n, "avg_event_state_bytes": round(avg or 0, 1), "snapshots_stored": snaps}


# ---------------------------------------------------------------------------------------------------------------
# Product


class Product:
    """The tracker as the product runs it, with instrumentation wrapped around its seams."""

    def __init__(self, tmp: Path, timer: Timer) -> None:
        self.dir = tmp / "product"
        self.services: Services = build_services(
            Settings(instance=self.dir, database_url="", bank_holiday_region="ENG", secret_key="bench")
        )
        self.timer = timer
        s = self.services
        t, read = s.tracker, s.read
        # Instance attributes shadow the methods; the product calls them through self.*, so every call is seen.
        read.catch_up = timer.wrap("catch_up", read.catch_up)  # type: ignore[method-assign]
        read.view.max_tracking_id = timer.wrap("catch_up.max_tracking_id", read.view.max_tracking_id)  # type: ignore
        t.recorder.select_notifications = timer.wrap(  # type: ignore[method-assign]
            "catch_up.select_notifications", t.recorder.select_notifications
        )
        read.projection.process_batch = timer.wrap("catch_up.process_batch", read.projection.process_batch)  # type: ignore
        self._inside_save = False
        raw_save, raw_get = t.save, t.repository.get

        def save(*args: Any, **kwargs: Any) -> Any:
            self._inside_save = True
            try:
                return raw_save(*args, **kwargs)
            finally:
                self._inside_save = False

        def get(*args: Any, **kwargs: Any) -> Any:
            if self._inside_save:  # snapshotting re-reads an aggregate: count it with the save
                return raw_get(*args, **kwargs)
            return timed_get(*args, **kwargs)

        timed_get = timer.wrap("command.load", raw_get)
        t.save = timer.wrap("command.save", save)  # type: ignore[method-assign]
        t.repository.get = get  # type: ignore[method-assign]
        self.committee_ids: list[UUID] = []
        self.owner_ids: list[UUID] = []
        self.meeting_ids: list[list[UUID]] = []

    def setup(self, today: date) -> None:
        t = self.services.tracker
        people = []
        for k in range(OWNERS):
            people.append(t.add_person(
                actor=ACTOR, name=f"Officer {k:02d} {['Smith', 'Jones', 'Patel', 'Khan', 'Evans'][k % 5]}",
                job_title="Director" if k % 6 == 0 else "Head of Service",
                organisation=ORGANISATIONS[k % len(ORGANISATIONS)], email=f"officer{k}@example.gov.uk",
            ))
        self.owner_ids = people
        for c, (short, name) in enumerate(COMMITTEES):
            self.committee_ids.append(t.register_committee(
                actor=ACTOR, short_name=short, name=name, authority="Worcestershire County Council", clerk_id=people[c],
            ))
            first = datetime.combine(today - timedelta(days=365), datetime.min.time(), timezone.utc) + timedelta(hours=10)
            self.meeting_ids.append([
                t.schedule_meeting(
                    actor=ACTOR, committee=short, starts_at=first + timedelta(days=31 * k + 7 * c),
                    title=f"{short} meeting {k + 1}",
                )
                for k in range(MEETINGS_PER_COMMITTEE)
            ])

    def run_action(self, i: int, today: date, per_kind: dict[str, float]) -> str:
        t = self.services.tracker
        p = action_plan(i, today)
        c = p["committee"]
        clock = time.perf_counter
        t0 = clock()
        ref = t.log_action(
            actor=ACTOR, committee=COMMITTEES[c][0], title=p["title"], owner_id=self.owner_ids[p["owner"]],
            kind=p["kind"], meeting_id=self.meeting_ids[c][p["meeting"]], minute_ref=p["minute_ref"], detail=DETAIL,
            source_quote=QUOTE, raised_by=p["raised_by"], due=p["due"],
        )
        t1 = clock()
        t.acknowledge(ref, actor=ACTOR)
        t2 = clock()
        t.note_progress(ref, actor=ACTOR, text=p["progress"])
        t3 = clock()
        if p["closes"]:
            t.complete(ref, actor=ACTOR, response=p["response"], evidence=p["evidence"])
            t4 = clock()
            t.close_action(ref, actor=ACTOR, note=p["note"])
            t5 = clock()
            per_kind["complete"] += t4 - t3
            per_kind["close"] += t5 - t4
        else:
            t.note_progress(ref, actor=ACTOR, text=p["progress2"])
            t4 = clock()
            t.comment(ref, actor=ACTOR, text=p["comment"])
            t5 = clock()
            per_kind["note_progress"] += t4 - t3
            per_kind["comment"] += t5 - t4
        per_kind["log"] += t1 - t0
        per_kind["acknowledge"] += t2 - t1
        per_kind["note_progress"] += t3 - t2
        return ref


    def bulk_fill(self, start: int, stop: int, today: date, batch: int = 100) -> dict[str, Any]:
        """Untimed filler: the same actions and events through the product's domain model and event store,
        saved many to a transaction without the per-command catch-up; the view then catches up in batches.

        Only used to bring the log up to N when the command path is over its time budget, so that the
        queries, history and rebuild run over an N-action view. Not a measurement of the product's commands.
        """
        from tracker.domain.action import Action
        from tracker.domain.calendar import to_london

        t, read = self.services.tracker, self.services.read
        hooks = list(t.after_save)
        t.after_save.clear()
        try:
            committees = [t.repository.get(cid) for cid in self.committee_ids]
            slots = [read.view.meetings_of(cid) for cid in self.committee_ids]
            starts = {m.id: m.starts_at for ss in slots for m in ss}
            t0 = time.perf_counter()
            pending: list[Any] = []
            for i in range(start, stop):
                p = action_plan(i, today)
                c = p["committee"]
                committee = committees[c]
                meeting_id = self.meeting_ids[c][p["meeting"]]
                due_date, due_meeting_id, next_meeting = p["due"], None, False
                if p["due"] == "next_meeting":
                    target = committee.next_meeting(starts[meeting_id])
                    due_date = to_london(target.starts_at).date() if target else None
                    due_meeting_id, next_meeting = (target.id if target else None), True
                ref = committee.allocate_reference(actor=ACTOR)
                a = Action.log(
                    actor=ACTOR, reference=ref, committee_id=committee.id, meeting_id=meeting_id,
                    minute_ref=p["minute_ref"], title=p["title"], detail=DETAIL, source_quote=QUOTE, kind=p["kind"],
                    raised_by=p["raised_by"], owner_id=self.owner_ids[p["owner"]], due_date=due_date,
                    due_meeting_id=due_meeting_id, due_next_meeting=next_meeting, follows_up_id=None, imported=False,
                )
                a.acknowledge(actor=ACTOR)
                a.note_progress(actor=ACTOR, text=p["progress"])
                if p["closes"]:
                    a.complete(actor=ACTOR, response=p["response"], evidence=p["evidence"])
                    a.close(actor=ACTOR, note=p["note"])
                else:
                    a.note_progress(actor=ACTOR, text=p["progress2"])
                    a.comment(actor=ACTOR, text=p["comment"])
                pending.append(a)
                if len(pending) >= batch or i == stop - 1:
                    t.save(*committees, *pending)
                    pending = []
            write_s = time.perf_counter() - t0
        finally:
            t.after_save[:] = hooks
        t1 = time.perf_counter()
        applied = read.catch_up()
        catch_s = time.perf_counter() - t1
        return {"actions": stop - start, "write_s": write_s, "catch_up_events": applied, "catch_up_s": catch_s,
                "catch_up_events_per_s": applied / catch_s if catch_s else None}


def run_commands_interleaved(
    product: Product, baseline: BaselineRunner, n: int, today: date, max_seconds: float | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both sides in alternating rounds of the same actions (the order swapped every round), so that
    whatever else the machine is doing, and the growth of the stores, weigh on both alike."""
    size = max(1, min(500, n // 40))
    sides: dict[str, dict[str, Any]] = {
        name: {"seconds": 0.0, "per_kind_s": defaultdict(float), "write_bytes": 0}
        for name in ("product", "baseline")
    }
    runners = {"product": product.run_action, "baseline": baseline.run_action}
    rounds: list[dict[str, Any]] = []
    clock = time.perf_counter
    t_start = clock()
    done, report_every = 0, max(1, n // 20)
    while done < n:
        stop = min(n, done + size)
        order = ("product", "baseline") if len(rounds) % 2 == 0 else ("baseline", "product")
        entry: dict[str, Any] = {"from": done, "to": stop, "loadavg_1m": os.getloadavg()[0]}
        for name in order:
            side, run = sides[name], runners[name]
            w0, t0 = write_bytes(), clock()
            for i in range(done, stop):
                run(i, today, side["per_kind_s"])
            if name == "product":
                product.services.read.sync()  # the round ends when the view has every event of it
            dt = clock() - t0
            side["seconds"] += dt
            side["write_bytes"] += write_bytes() - w0
            entry[f"{name}_s"] = dt
        rounds.append(entry)
        done = stop
        if done % report_every < size or done == n:
            ps, bs = sides["product"]["seconds"], sides["baseline"]["seconds"]
            log(f"commands: {done}/{n} actions; product {5 * done / ps:.0f}/s, baseline {5 * done / bs:.0f}/s, "
                f"ratio {ps / bs:.2f} so far; {clock() - t_start:.0f} s; load average {os.getloadavg()[0]:.2f}")
        if max_seconds is not None and clock() - t_start > max_seconds and done < n:
            log(f"commands: stopping at {done} actions, over the --max-build-seconds budget")
            break
    out = []
    for name in ("product", "baseline"):
        side = sides[name]
        side.update(actions=done, commands=5 * done, per_kind_s=dict(side["per_kind_s"]))
        out.append(side)
    out[0]["rounds"] = rounds
    return out[0], out[1]


# ---------------------------------------------------------------------------------------------------------------
# Main


def machine() -> dict[str, Any]:
    import eventsourcing

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": affinity,
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": getattr(eventsourcing, "__version__", "9.5.6"),
    }


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actions", "-n", type=int, default=100_000, help="actions to log (5 commands each)")
    ap.add_argument("--query-runs", type=int, default=200, help="runs per query variant (at least 200 for p95)")
    ap.add_argument("--history-events", type=int, default=500, help="events on the one action whose history is read")
    ap.add_argument("--max-build-seconds", type=float, default=400.0,
                    help="stop the timed command phase (product and baseline rounds together) after this long "
                         "(default 400 s, so N=100000 fits ~15 min on 2 cores), compare on what was built, and "
                         "fill the product log up to N untimed; 0 = no limit (the full N through commands)")
    ap.add_argument("--sql-runs", type=int, default=50, help="runs per variant of the view's SQL alone (diagnostic)")
    ap.add_argument("--tmpdir", default=None, help="where to make the temporary directory (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--out", default=str(RESULTS), help="JSON results file")
    args = ap.parse_args(list(argv) if argv is not None else None)
    n = args.actions
    wall0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bench_core_", dir=args.tmpdir))
    today = date.today()
    res: dict[str, Any] = {"started": datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                           "n_requested": n, "tmpdir": str(tmp), "targets": TARGETS, "rss_mb_after": {},
                           "loadavg_start": os.getloadavg()}
    log(f"temporary directory {tmp}")
    try:
        timer = Timer()

        # 1. Commands: product and baseline in alternating rounds of the same actions.
        product = Product(tmp, timer)
        t0 = time.perf_counter()
        product.setup(today)
        res["product_setup_s"] = time.perf_counter() - t0
        setup_timer = dict(timer.seconds)
        timer.seconds.clear()
        timer.calls.clear()
        log(f"product setup done in {res['product_setup_s']:.1f} s; logging {n} actions on each side")
        base_timer = Timer()
        baseline = BaselineRunner(tmp, base_timer)
        prod, base = run_commands_interleaved(product, baseline, n, today, args.max_build_seconds or None)
        base["instrumented_s"] = dict(base_timer.seconds)
        base.update(store_stats(baseline.db))
        baseline.close()
        res["baseline"] = base
        prod["instrumented_s"] = dict(timer.seconds)
        prod["instrumented_calls"] = dict(timer.calls)
        prod.update(store_stats(product.dir / "events.sqlite3"))
        res["product"] = prod
        res["rss_mb_after"]["commands"] = maxrss_mb()
        n_used = prod["actions"]
        res["n_used"] = n_used
        del setup_timer
        res["ratio"] = prod["seconds"] / base["seconds"]
        res["ratio_median_of_rounds"] = statistics.median(
            r["product_s"] / r["baseline_s"] for r in prod["rounds"] if r["baseline_s"] > 0
        )
        log(f"product {prod['seconds']:.1f} s, baseline {base['seconds']:.1f} s, ratio {res['ratio']:.2f}")

        s = product.services
        t, read = s.tracker, s.read
        if n_used < n:
            log(f"filling the log from {n_used} to {n} actions (untimed bulk path), then catching the view up")
            res["bulk_fill"] = product.bulk_fill(n_used, n, today)
            res["rss_mb_after"]["bulk_fill"] = maxrss_mb()
        res["view_actions"] = read.view.count_actions()

        # 4a. One action with many events (built here, so it sits in the big log), timed as well.
        timer.seconds.clear()
        timer.calls.clear()
        hist_ref = t.log_action(
            actor=ACTOR, committee=COMMITTEES[0][0], title="Map every comment on one long-running action",
            owner_id=product.owner_ids[0], kind="further_update", meeting_id=product.meeting_ids[0][0],
            detail=DETAIL, due=today - timedelta(days=10),
        )
        comment_times = []
        marks: list[datetime] = []
        for k in range(args.history_events - 1):
            c0 = time.perf_counter()
            t.comment(hist_ref, actor=ACTOR, text=f"Comment number {k}: the owner replied with a short note ({k}).")
            comment_times.append(time.perf_counter() - c0)
            if k == args.history_events // 2:
                marks.append(datetime.now(timezone.utc))
        res["history_build"] = {"reference": hist_ref, "events": args.history_events,
                                "comment_command": summary_ms(comment_times)}

        # 2. List queries over the N-action view.
        log("list queries")
        cid = product.committee_ids[0]
        base_filter = dict(committee_id=cid, statuses=("open",), sort="due", page=2, per_page=25)
        variants = {
            "committee+open, due, page 2": ActionFilter(**base_filter),
            "  + overdue": ActionFilter(**base_filter, overdue=True),
            "  + text 'map'": ActionFilter(**base_filter, text="map"),
            "  + organisation": ActionFilter(**base_filter, organisation=ORGANISATIONS[1]),
            "all committees, overdue, page 2": ActionFilter(overdue=True, sort="due", page=2, per_page=25),
        }
        queries = {}
        for label, f in variants.items():
            page = read.list_actions(f)
            product_path = repeat(lambda f=f: read.list_actions(f), args.query_runs)
            raw = repeat(lambda f=f: read.view.list_actions(f), args.sql_runs)
            queries[label] = {"total_rows": page.total, "rows_on_page": len(page.rows),
                              "product": summary_ms(product_path), "view_sql_only": summary_ms(raw)}
        res["list_queries"] = queries
        res["rss_mb_after"]["list_queries"] = maxrss_mb()

        # 4b. History timeline and time travel.
        log("history")
        timeline = s.history.timeline(hist_ref)
        as_of = marks[0] if marks else datetime.now(timezone.utc)
        res["history"] = {
            "timeline_entries": len(timeline),
            "timeline": summary_ms(repeat(lambda: s.history.timeline(hist_ref), args.query_runs)),
            "action_as_of_mid": summary_ms(repeat(lambda: t.action(hist_ref, as_of=as_of), args.query_runs)),
            "action_as_of_version": t.action(hist_ref, as_of=as_of)["version"],
            "action_now": guarded(lambda: summary_ms(repeat(lambda: t.action(hist_ref), args.query_runs))),
            "action_events_only": summary_ms(repeat(lambda: t.action_events(hist_ref), args.query_runs)),
            "names_only": summary_ms(repeat(lambda: s.history._names(), args.query_runs)),  # noqa: SLF001
        }
        res["rss_mb_after"]["history"] = maxrss_mb()

        # 3. Rebuild the projection from the whole event log.
        log("rebuild")
        counts_before = read.view.counts()
        rows_before = read.view.count_actions()
        gc.collect()
        r0 = time.perf_counter()
        applied = read.rebuild()
        r_s = time.perf_counter() - r0
        res["rebuild"] = {
            "events": applied, "seconds": r_s, "events_per_s": applied / r_s,
            "view_matches": read.view.counts() == counts_before and read.view.count_actions() == rows_before,
            "action_rows": rows_before,
        }
        res["rss_mb_after"]["rebuild"] = maxrss_mb()
        log(f"rebuild: {applied} events in {r_s:.1f} s")

        # 5. tracemalloc peaks, on separate small runs (tracemalloc slows Python down, so never in timed phases).
        log("tracemalloc")
        res["tracemalloc_peak_mb"] = tracemalloc_peaks(product, today, variants, hist_ref, as_of, n_used)
        res["rss_mb_after"]["tracemalloc"] = maxrss_mb()
        s.close()
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    res["wall_s"] = time.perf_counter() - wall0
    res["loadavg_end"] = os.getloadavg()
    res["peak_rss_mb"] = maxrss_mb()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, default=str))
    print(render(res))
    print(f"\nJSON: {out}")
    return 0


class _Stop(Exception):
    pass


def tracemalloc_peaks(
    product: Product, today: date, variants: dict[str, ActionFilter], ref: str, as_of: datetime, n_used: int
) -> dict[str, Any]:
    s = product.services
    out: dict[str, Any] = {}

    def peak(func: Callable[[], Any]) -> float:
        gc.collect()
        tracemalloc.start()
        try:
            func()
            return round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        finally:
            tracemalloc.stop()

    out["list_query (each variant once)"] = peak(lambda: [s.read.list_actions(f) for f in variants.values()])
    out["timeline (500 events)"] = peak(lambda: s.history.timeline(ref))
    out["action as_of"] = peak(lambda: s.tracker.action(ref, as_of=as_of))
    per_kind: dict[str, float] = defaultdict(float)
    out["100 actions of commands"] = peak(
        lambda: [product.run_action(n_used + 1000 + k, today, per_kind) for k in range(100)]
    )
    batches = 20

    def partial_rebuild() -> None:
        seen = [0]

        def progress(k: int) -> None:
            seen[0] += 1
            if seen[0] >= batches:
                raise _Stop

        try:
            s.read.rebuild(progress=progress)
        except _Stop:
            pass

    out[f"rebuild (first {batches} batches of 1000)"] = peak(partial_rebuild)
    s.read.catch_up()
    return out


# ---------------------------------------------------------------------------------------------------------------
# Rendering


def render(r: dict[str, Any]) -> str:
    lines: list[str] = []
    w = lines.append
    m = r["machine"]
    prod, base = r["product"], r["baseline"]

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISS"

    w("=" * 100)
    w(f"bench_core  {r['started']}   wall {r['wall_s']:.1f} s")
    w(f"machine: nproc={m['nproc']}  cpu={m['cpu']}  python {m['python']}  sqlite {m['sqlite']}  "
      f"eventsourcing {m['eventsourcing']}")
    w(f"platform: {m['platform']}")
    la0, la1 = r.get("loadavg_start"), r.get("loadavg_end")
    if la0 and la1:
        chunk_la = [c.get("loadavg_1m") for c in r["product"]["rounds"] if c.get("loadavg_1m") is not None]
        w(f"load average (1/5/15 min) at start {la0[0]:.2f}/{la0[1]:.2f}/{la0[2]:.2f}, at end "
          f"{la1[0]:.2f}/{la1[1]:.2f}/{la1[2]:.2f}"
          + (f"; during the command phase {min(chunk_la):.2f}..{max(chunk_la):.2f}" if chunk_la else "")
          + f" (on {m['nproc']} cores: other work on the machine shows here)")
    w(f"N = {r['n_requested']} actions; {r['n_used']} of them built through the timed command path "
      f"(x5 commands); view holds {r['view_actions']:,} actions")
    if "bulk_fill" in r:
        b = r["bulk_fill"]
        w(f"NOTE: building N={r['n_requested']:,} through commands does not fit the time budget: the timed command "
          f"phase was cut at {r['n_used']:,} actions after {prod_seconds(r):.0f} s (--max-build-seconds), "
          "and section 1 compares that many actions;")
        w(f"      the remaining {b['actions']:,} actions were written untimed through the domain model in batches "
          f"({b['write_s']:.0f} s) and the view caught up ({b['catch_up_events']:,} events, {b['catch_up_s']:.0f} s, "
          f"{b['catch_up_events_per_s']:,.0f} events/s).")
        est = r["n_requested"] * r["product"]["seconds"] / r["n_used"]
        est_b = r["n_requested"] * r["baseline"]["seconds"] / r["n_used"]
        w(f"      at the measured rates the full N through commands would take about {est / 60:.0f} min for the "
          f"product (+{est_b / 60:.0f} min baseline); run with --max-build-seconds 0 for that.")
    w("=" * 100)

    w("\n1. Commands (5 per action)                      product       baseline")
    w(f"   commands                              {prod['commands']:>14,} {base['commands']:>14,}")
    w(f"   seconds                               {prod['seconds']:>14.1f} {base['seconds']:>14.1f}")
    w(f"   commands/s                            {prod['commands'] / prod['seconds']:>14,.0f} "
      f"{base['commands'] / base['seconds']:>14,.0f}")
    w(f"   ms/command (mean)                     {1000 * prod['seconds'] / prod['commands']:>14.3f} "
      f"{1000 * base['seconds'] / base['commands']:>14.3f}")
    w(f"   events stored                         {prod['events_stored']:>14,} {base['events_stored']:>14,}")
    w(f"   snapshots stored                      {prod['snapshots_stored']:>14,} {base['snapshots_stored']:>14,}")
    w(f"   mean stored event state (bytes)       {prod['avg_event_state_bytes']:>14.1f} "
      f"{base['avg_event_state_bytes']:>14.1f}")
    w(f"   RATIO product/baseline time           {r['ratio']:>14.2f}x   target <= {TARGETS['ratio']}x  "
      f"[{verdict(r['ratio'] <= TARGETS['ratio'])}]")
    w(f"   median of per-round ratios            {r['ratio_median_of_rounds']:>14.2f}x   "
      f"({len(prod['rounds'])} alternating rounds of {prod['rounds'][0]['to'] - prod['rounds'][0]['from']} actions)")
    if prod["write_bytes"] >= 0:
        w(f"   bytes written to disk per command     {prod['write_bytes'] / prod['commands'] / 1024:>11.1f} KiB "
          f"{base['write_bytes'] / base['commands'] / 1024:>10.1f} KiB")
    w("   as the stores grow (actions done: product/s, baseline/s, ratio, load average):")
    groups = 10
    rounds = prod["rounds"]
    per = max(1, -(-len(rounds) // groups))
    cells = []
    for g in range(0, len(rounds), per):
        part = rounds[g:g + per]
        k = part[-1]["to"] - part[0]["from"]
        ps, bs = sum(x["product_s"] for x in part), sum(x["baseline_s"] for x in part)
        la = max(x["loadavg_1m"] for x in part)
        cells.append(f"{part[-1]['to']:>7,}: {5 * k / ps:5.0f} {5 * k / bs:5.0f} {ps / bs:5.2f}x la {la:4.2f}")
    for c in cells:
        w(f"     {c}")

    w("\n   Per command kind (mean ms)          product   baseline   ratio")
    counts = per_kind_counts(r["n_used"])
    for kind in ("log", "acknowledge", "note_progress", "complete", "close", "comment"):
        k = counts[kind]
        if not k:
            continue
        pm, bm = 1000 * prod["per_kind_s"][kind] / k, 1000 * base["per_kind_s"][kind] / k
        w(f"   {kind:<15} x{k:<10,}          {pm:>8.3f} {bm:>10.3f} {pm / bm:>7.2f}x")

    ins, total = prod["instrumented_s"], prod["seconds"]
    cu = ins.get("catch_up", 0.0)
    load, save = ins.get("command.load", 0.0), ins.get("command.save", 0.0)
    other = total - cu - load - save
    w("\n   Breakdown of product time            seconds   share   per command (ms)")
    for label, sec in (
        ("command: load aggregates", load),
        ("command: save (incl. snapshots)", save),
        ("command: other (domain, checks)", other),
        ("view: waiting for it at round ends", cu),
    ):
        w(f"   {label:<35} {sec:>8.1f} {100 * sec / total:>6.1f}%   {1000 * sec / prod['commands']:>8.3f}")
    applied = ins.get("catch_up.process_batch", 0.0)
    calls = prod["instrumented_calls"]
    w(f"   the view's follower thread applied the events in {calls.get('catch_up.process_batch', 0):,} transactions "
      f"taking {applied:.1f} s in all, alongside the commands (its time is in the rows above only where it held "
      "the interpreter or the round waited for it)")
    bins = base["instrumented_s"]
    bo = base["seconds"] - bins.get("base.load", 0) - bins.get("base.save", 0)
    w(f"   baseline: load {bins.get('base.load', 0):.1f} s, save {bins.get('base.save', 0):.1f} s, "
      f"other {bo:.1f} s")
    hb = r["history_build"]["comment_command"]
    w(f"   comment on a growing 500-event action: p50 {hb['p50_ms']:.2f} ms, p95 {hb['p95_ms']:.2f} ms")

    first = next(iter(r["list_queries"].values()))
    w(f"\n2. List query (ActionFilter), ms; product path (read.list_actions, with its catch-up check) "
      f"{first['product']['runs']} runs, view SQL alone {first['view_sql_only']['runs']} runs")
    w("                                            rows   product p50   p95 |  view-SQL p50   p95")
    worst = 0.0
    for label, q in r["list_queries"].items():
        p, v = q["product"], q["view_sql_only"]
        worst = max(worst, p["p95_ms"])
        w(f"   {label:<36} {q['total_rows']:>8,}   {p['p50_ms']:>9.2f} {p['p95_ms']:>7.2f} |"
          f"   {v['p50_ms']:>9.2f} {v['p95_ms']:>7.2f}")
    w(f"   worst p95 {worst:.2f} ms   target <= {TARGETS['list_p95_ms']} ms  "
      f"[{verdict(worst <= TARGETS['list_p95_ms'])}]")

    rb = r["rebuild"]
    w(f"\n3. Projection rebuild: {rb['events']:,} events in {rb['seconds']:.1f} s = {rb['events_per_s']:,.0f} events/s"
      f"   target >= {TARGETS['rebuild_events_per_s']:,.0f}  [{verdict(rb['events_per_s'] >= TARGETS['rebuild_events_per_s'])}]"
      f"   (view identical after rebuild: {rb['view_matches']})")

    h = r["history"]
    w(f"\n4. History of {r['history_build']['reference']} ({h['timeline_entries']} events), ms   p50      p95      max")
    for label, key in (
        ("History.timeline(ref)", "timeline"),
        ("  of which action_events(ref)", "action_events_only"),
        ("  of which _names() (3 view queries)", "names_only"),
        (f"tracker.action(ref, as_of=mid) -> v{h['action_as_of_version']}", "action_as_of_mid"),
        ("tracker.action(ref) (now, snapshot)", "action_now"),
    ):
        x = h[key]
        if "error" in x:
            w(f"   {label:<42} FAILS: {x['error']}")
            continue
        w(f"   {label:<42} {x['p50_ms']:>8.2f} {x['p95_ms']:>8.2f} {x['max_ms']:>8.2f}")
    w(f"   timeline p95 target <= {TARGETS['timeline_p95_ms']} ms  "
      f"[{verdict(h['timeline']['p95_ms'] <= TARGETS['timeline_p95_ms'])}]")

    w("\n5. Memory")
    w(f"   peak RSS (ru_maxrss) {r['peak_rss_mb']:.0f} MB; after each phase: "
      + ", ".join(f"{k} {v:.0f}" for k, v in r["rss_mb_after"].items()))
    w("   tracemalloc peak (separate untimed runs): "
      + ", ".join(f"{k} {v} MB" for k, v in r["tracemalloc_peak_mb"].items()))
    w("=" * 100)
    return "\n".join(lines)


def prod_seconds(r: dict[str, Any]) -> float:
    return float(r["product"]["seconds"] + r["baseline"]["seconds"])


def per_kind_counts(n: int) -> dict[str, int]:
    closes = sum(1 for i in range(n) if action_plan(i, date.today())["closes"])
    opens = n - closes
    return {"log": n, "acknowledge": n, "note_progress": n + opens, "complete": closes, "close": closes,
            "comment": opens}


if __name__ == "__main__":
    raise SystemExit(main())

"""The tracker and its action log view, on SQLite and on PostgreSQL: one test body, two backends."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

import pytest

from events.view import ActionFilter
from tracker.domain.calendar import london_today, to_london
from tracker.domain.errors import ConflictError, MoveNotAllowedError, NotFoundError, UnavailableError
from web.services import Services

CLERK = "user:clerk@example.org"
OFFICER = "user:officer@example.org"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def hosc(services: Services) -> dict:
    """A committee with a clerk, two owners in two organisations, and two meetings."""
    t = services.tracker
    director = t.add_person(actor=CLERK, name="Director of ICS Development", organisation="H&W CCG",
                            email="director@example.org")
    healthwatch = t.add_person(actor=CLERK, name="Chief Executive", organisation="Healthwatch Worcestershire",
                               email="hw@example.org")
    clerk = t.add_person(actor=CLERK, name="Scrutiny Officer", organisation="Worcestershire County Council")
    t.register_committee(actor=CLERK, short_name="HOSC", name="Health Overview and Scrutiny Committee",
                         authority="Worcestershire County Council", clerk_id=clerk, public=True)
    january = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=utc(2022, 1, 26, 10), title="HOSC 26 January 2022")
    march = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=utc(2022, 3, 16, 10), title="HOSC 16 March 2022")
    return {"director": director, "healthwatch": healthwatch, "clerk": clerk, "january": january, "march": march}


def test_an_undertaking_due_by_the_next_meeting_follows_the_calendar(services: Services, hosc: dict) -> None:
    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], minute_ref="5",
                       title="Map out the Place Based Partnerships", owner_id=hosc["director"],
                       kind="mapping_or_analysis", due="next_meeting")
    assert ref == "HOSC-0001"
    assert t.action(ref)["due_date"] == date(2022, 3, 16)

    # The March meeting moves a week: the action moves with it, and says why.
    t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 23, 10), reason="Room unavailable")
    assert t.action(ref)["due_date"] == date(2022, 3, 23)
    change = services.history.timeline(ref)[-1]
    assert change["label"] == "Due date changed"
    assert "moved from 16 March 2022 to 23 March 2022" in change["reason"]

    # A meeting is added before it: that is now the next meeting.
    february = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=utc(2022, 2, 23, 10), title="HOSC 23 February 2022")
    assert t.action(ref)["due_date"] == date(2022, 2, 23)
    assert t.action(ref)["due_meeting_id"] == february

    # It is cancelled: the action falls due at the meeting after.
    t.cancel_meeting(february, actor=CLERK, reason="Not quorate")
    assert t.action(ref)["due_date"] == date(2022, 3, 23)

    # The view agrees with the event store.
    row = services.read.list_actions(ActionFilter(text="place based")).rows[0]
    assert (row["reference"], row["due_date"], row["due_meeting_id"]) == (ref, date(2022, 3, 23), str(hosc["march"]))


def test_the_life_of_an_undertaking_is_recorded_and_listed(services: Services, hosc: dict) -> None:
    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Provide comparative performance data",
                       owner_id=hosc["director"], kind="information_request", due=date(2022, 3, 1),
                       source_quote="the Director undertook to provide further information")
    t.acknowledge(ref, actor=OFFICER, at=utc(2022, 2, 1, 9))
    t.note_progress(ref, actor=OFFICER, text="Collating figures from NHS England", at=utc(2022, 2, 7, 9))
    t.request_extension(ref, actor=OFFICER, due_date=date(2022, 3, 31), reason="Figures published late",
                        at=utc(2022, 2, 21, 9))
    row = services.read.list_actions(ActionFilter()).rows[0]
    assert row["extension_pending"] and row["extension_due"] == "2022-03-31"
    t.decide_extension(ref, actor=CLERK, grant=True, reason="Reasonable", at=utc(2022, 2, 22, 9))
    t.complete(ref, actor=OFFICER, response="Data attached", evidence=["https://example.org/perf.pdf"],
               at=utc(2022, 3, 10, 9))
    t.accept(ref, actor="user:chair@example.org", meeting_id=hosc["march"])

    state = t.action(ref)
    assert state["status"] == "closed"
    assert state["accepted_at_meeting_id"] == hosc["march"]
    assert state["due_date"] == date(2022, 3, 31)
    labels = [e["label"] for e in services.history.timeline(ref)]
    assert labels == ["Logged", "Acknowledged", "Progress noted", "Extension requested", "Extension granted",
                      "Completed", "Accepted by the committee"]
    assert services.history.timeline(ref)[1]["actor"] == OFFICER
    row = services.read.list_actions(ActionFilter(statuses=("closed",))).rows[0]
    assert (row["status"], row["active"], row["extension_pending"], row["version"]) == ("closed", False, False, 7)
    assert services.read.query("counts")[str(state["committee_id"])] == {"closed": 1}

    with pytest.raises(MoveNotAllowedError, match="Allowed now: comment, reopen"):
        t.complete(ref, actor=OFFICER, response="again")


def test_the_log_filters_sorts_and_paginates(services: Services, hosc: dict) -> None:
    t = services.tracker
    today = london_today()
    refs = []
    for i in range(12):
        refs.append(t.log_action(
            actor=CLERK, committee="HOSC", title="Write to the LGA" if i == 11 else f"Undertaking number {i}", kind="information_request" if i % 2 else "milestone",
            owner_id=hosc["director"] if i < 8 else hosc["healthwatch"], due=today + timedelta(days=i - 4),
        ))
    t.withdraw(refs[0], actor=CLERK, reason="Overtaken by events")

    def refs_of(**kw) -> list[str]:
        return [r["reference"] for r in services.read.list_actions(ActionFilter(**kw)).rows]

    assert refs_of(overdue=True) == refs[1:4]  # due 3, 2 and 1 days ago; the withdrawn one is not overdue
    assert refs_of(organisation="healthwatch worcestershire", per_page=50) == refs[8:]
    assert refs_of(kind="milestone", statuses=("open",), per_page=50) == refs[2:12:2]
    assert refs_of(statuses=("withdrawn",)) == [refs[0]]
    assert refs_of(text="lga write") == [refs[11]]  # every word, in any order
    assert refs_of(text="hosc-0011") == [refs[10]]  # the reference too
    t.note_progress(refs[5], actor=OFFICER, text="Waiting on the ambulance trust")
    t.note_progress(refs[5], actor=OFFICER, text="Figures now promised for Friday")
    assert refs_of(text="ambulance friday") == [refs[5]]  # words from any of its updates
    assert refs_of(text="ambulance", statuses=("open",), owner_id=hosc["director"]) == [refs[5]]
    assert refs_of(text="chief executive", per_page=50) == refs[8:]  # the owner's name too
    assert refs_of(text="am") == [refs[5]]  # shorter than the index's trigrams, and still found
    for odd in ('o"brien', "map*", "(lga", "AND", "NEAR(x)", "'"):  # the index's query syntax is inert
        assert refs_of(text=odd) == [], odd
    assert refs_of(text="LGA*") == [] and refs_of(text='"lga"') == []
    assert refs_of(due_from=today, due_to=today + timedelta(days=2)) == refs[4:7]
    assert refs_of(owner_id=hosc["healthwatch"], sort="due", descending=True) == refs[8:][::-1]
    page = services.read.list_actions(ActionFilter(per_page=5, page=3))
    assert (page.total, page.pages, len(page.rows)) == (12, 3, 2)
    assert refs_of(committee_id=t.committee("HOSC")["id"], per_page=100)[0] == refs[1]  # the most overdue first


def test_the_log_and_an_action_can_be_shown_as_they_stood(services: Services, hosc: dict) -> None:
    t = services.tracker
    march_1 = utc(2022, 3, 1, 9)
    ref = t.log_action(actor=CLERK, committee="HOSC", title="Publish the engagement plan", owner_id=hosc["director"],
                       kind="information_request", due=date(2022, 3, 31), at=utc(2022, 1, 26, 12))
    other = t.log_action(actor=CLERK, committee="HOSC", title="Write to the LGA", owner_id=hosc["clerk"],
                         kind="letter_or_response", at=utc(2022, 4, 1, 12))
    t.acknowledge(ref, actor=OFFICER, at=utc(2022, 2, 1, 9))
    then = t.action(ref)
    t.change_due_date(ref, actor=CLERK, due=date(2022, 5, 31), reason="Plan delayed", at=utc(2022, 3, 10, 9))
    t.complete(ref, actor=OFFICER, response="Published", at=utc(2022, 5, 20, 9))

    past = t.action(ref, as_of=march_1)
    assert past == then  # exactly the earlier state, field for field
    assert (past["status"], past["due_date"]) == ("acknowledged", date(2022, 3, 31))
    assert t.action(ref)["status"] == "completed"

    log = services.read.list_actions(ActionFilter(), as_of=march_1)
    assert [(r["reference"], r["status"], r["due_date"]) for r in log.rows] == [(ref, "acknowledged", date(2022, 3, 31))]
    assert other not in [r["reference"] for r in log.rows]
    with pytest.raises(NotFoundError, match="did not exist yet"):
        t.action(other, as_of=march_1)


def test_two_writers_on_one_action_get_one_conflict_and_lose_nothing(services: Services, hosc: dict) -> None:
    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", title="Provide the board minutes", owner_id=hosc["director"],
                       kind="circulate_document")
    seen = t.action(ref)["version"]

    # Both saw version 1; the first write wins, the second is told what the version is now.
    t.note_progress(ref, actor=OFFICER, text="Asked the board secretary", expected_version=seen)
    with pytest.raises(ConflictError) as conflict:
        t.comment(ref, actor=CLERK, text="Any news?", expected_version=seen)
    assert conflict.value.current_version == 2

    # A race lost at save (both loaded before either saved) is a conflict too, not an overwrite.
    first = t.repository.get(t.action(ref)["id"])
    second = t.repository.get(t.action(ref)["id"])
    first.comment(actor=CLERK, text="First")
    second.comment(actor=OFFICER, text="Second")
    t._save(first, what=ref)
    with pytest.raises(ConflictError) as race:
        t._save(second, what=ref)
    assert race.value.current_version == 3

    # The retry on the fresh version succeeds, and every event is kept.
    t.comment(ref, actor=CLERK, text="Any news?", expected_version=conflict.value.current_version + 1)
    assert [e["label"] for e in services.history.timeline(ref)] == ["Logged", "Progress noted", "Commented", "Commented"]
    assert services.read.list_actions(ActionFilter()).rows[0]["version"] == 4


def test_a_projection_interrupted_mid_batch_resumes_without_applying_anything_twice(
    embedded_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from events import projection as module
    from tracker.domain.action import Action

    s = embedded_services
    t = s.tracker
    owner = t.add_person(actor=CLERK, name="Owner")
    t.register_committee(actor=CLERK, short_name="JHOSC", name="Joint HOSC", authority="Shropshire")
    refs = [t.log_action(actor=CLERK, committee="JHOSC", title=f"Item {i}", owner_id=owner, kind="other") for i in range(5)]
    for ref in refs:
        t.acknowledge(ref, actor=OFFICER)
    s.read.sync()  # the view has followed every command so far
    tracked = s.read.view.max_tracking_id(t.name)

    # Events recorded while the view is not catching up (as if the process had stopped).
    t.after_save.clear()
    for ref in refs:
        t.complete(ref, actor=OFFICER, response="Done")

    # The view crashes on the third completion of the batch: nothing of the batch is kept.
    original = module.HANDLERS[Action.Completed]
    calls = {"n": 0}

    def crash_on_third(view, c, e):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        original(view, c, e)

    monkeypatch.setitem(module.HANDLERS, Action.Completed, crash_on_third)
    with pytest.raises(RuntimeError):
        s.read.catch_up()
    assert s.read.view.max_tracking_id(t.name) == tracked
    assert s.read.view.counts()[str(t.committee("JHOSC")["id"])] == {"acknowledged": 5}

    # Restarted, it applies each event once: five completed, none counted twice.
    monkeypatch.setitem(module.HANDLERS, Action.Completed, original)
    assert s.read.catch_up() == 5
    assert s.read.catch_up() == 0
    assert s.read.view.counts()[str(t.committee("JHOSC")["id"])] == {"completed": 5}


def test_rebuilding_the_view_gives_the_same_log(embedded_services: Services) -> None:
    s = embedded_services
    t = s.tracker
    owner = t.add_person(actor=CLERK, name="Owner", organisation="NHS")
    t.register_committee(actor=CLERK, short_name="HWB", name="Health and Well Being Board", authority="Herefordshire")
    for i in range(30):
        ref = t.log_action(actor=CLERK, committee="HWB", title=f"Milestone {i}", owner_id=owner, kind="milestone",
                           due=date(2022, 6, 1) + timedelta(days=i))
        if i % 3 == 0:
            t.complete(ref, actor=OFFICER, response="Met")
    before = s.read.list_actions(ActionFilter(per_page=100)).rows
    counts = s.read.view.counts()
    applied = s.read.rebuild()
    assert applied == t.recorder.max_notification_id()
    assert s.read.list_actions(ActionFilter(per_page=100)).rows == before
    assert s.read.view.counts() == counts


def test_a_write_while_the_view_is_being_rebuilt_leaves_the_view_whole(embedded_services: Services, settings) -> None:
    from web.services import build_services

    s = embedded_services
    t = s.tracker
    owner = t.add_person(actor=CLERK, name="Owner", organisation="NHS")
    t.register_committee(actor=CLERK, short_name="HWB", name="Health and Well Being Board", authority="Herefordshire")
    for i in range(5):
        t.log_action(actor=CLERK, committee="HWB", title=f"Milestone {i}", owner_id=owner, kind="milestone")
    s.read.sync()
    rebuilding = build_services(settings, embedded=True)  # `tracker projections rebuild`, in another process
    try:
        rebuilding.read.view.clear()  # the rebuild has emptied the view ...
        t.add_person(actor=CLERK, name="Late comer")  # ... when a web worker writes and its view follows at once
        s.read.sync()
        rebuilding.read.catch_up()  # the rest of the rebuild
    finally:
        rebuilding.close()
    assert s.read.list_actions(ActionFilter(per_page=100)).total == 5
    assert s.read.backlog() == 0
    assert s.read.view.counts()[str(t.committee("HWB")["id"])] == {"logged": 5}


@pytest.mark.postgres
def test_with_postgresql_one_process_at_a_time_keeps_a_schemas_view(pg_schema: str) -> None:
    from events.sqlview import ViewsBusyError, keeping_views

    url = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    schema_url = f"{url}{'&' if '?' in url else '?'}schema={pg_schema}"
    with keeping_views(schema_url, "start the projection process"):
        with pytest.raises(ViewsBusyError, match="Cannot rebuild the action log: another process keeps"):
            with keeping_views(schema_url, "rebuild the action log"):
                pass
        with keeping_views(f"{url}{'&' if '?' in url else '?'}schema={pg_schema}_other", "rebuild the action log"):
            pass  # another schema's view is another matter
    with keeping_views(schema_url, "rebuild the action log"):
        pass  # free again once the first has stopped


def test_an_action_restored_from_a_snapshot_keeps_its_status_and_kind(services: Services, hosc: dict) -> None:
    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", title="Report on every bed", owner_id=hosc["director"],
                       kind="further_update", due=date(2022, 3, 1))
    for n in range(120):  # past the snapshotting interval, so the next load starts from a snapshot
        t.comment(ref, actor=CLERK, text=f"Note {n}")
    assert list(t.snapshots.get(t.action(ref)["id"]))  # a snapshot was taken
    state = t.action(ref)
    assert (state["status"], state["kind"]) == ("logged", "further_update")
    t.complete(ref, actor=OFFICER, response="All beds counted")
    with pytest.raises(MoveNotAllowedError):
        t.complete(ref, actor=OFFICER, response="Again")
    assert t.action(ref)["status"] == "completed"


def test_clerks_logging_at_the_same_moment_each_get_a_reference_of_their_own(
        services: Services, settings, hosc: dict) -> None:
    import threading

    from web.services import build_services

    other = build_services(settings)  # a second web worker, with its own connections and cache
    made: list[str] = []
    errors: list[BaseException] = []

    def clerk(s: Services, n: int) -> None:
        try:
            for k in range(6):
                made.append(s.tracker.log_action(actor=CLERK, committee="HOSC", title=f"Item {n}.{k}",
                                                 owner_id=hosc["director"], kind="other"))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    try:
        threads = [threading.Thread(target=clerk, args=(s, n)) for n, s in enumerate([services, other, services, other])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        other.close()
    assert errors == []
    assert sorted(made) == [f"HOSC-{n:04d}" for n in range(1, 25)]


def test_undertakings_logged_together_are_all_logged_or_none(services: Services, hosc: dict) -> None:
    t = services.tracker
    good = {"title": "Send the figures", "owner_id": hosc["director"], "kind": "information_request"}
    with pytest.raises(Exception, match="title cannot be blank"):
        t.log_actions(actor=CLERK, committee="HOSC", undertakings=[good, {**good, "title": " "}])
    assert t.committee("HOSC")["actions_logged"] == 0
    assert t.log_actions(actor=CLERK, committee="HOSC", undertakings=[good, {**good, "title": "Map it"}]) == [
        "HOSC-0001", "HOSC-0002"]


@pytest.mark.postgres
def test_without_the_projection_process_writes_stand_and_stop_waiting_for_it(pg_schema: str, tmp_path) -> None:
    import os
    import time

    from config.settings import Settings
    from web.services import build_services

    url = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    settings = Settings(instance=tmp_path / "instance", database_url=f"{url}{'&' if '?' in url else '?'}schema={pg_schema}",
                        secret_key="test")
    s = build_services(settings)  # no `tracker projections run` beside it
    s.read.wait_timeout = 0.5
    try:
        t0 = time.monotonic()
        owner = s.tracker.add_person(actor=CLERK, name="Owner")
        first = time.monotonic() - t0
        t1 = time.monotonic()
        for n in range(5):
            s.tracker.add_person(actor=CLERK, name=f"Owner {n}")
        assert first >= 0.5 and time.monotonic() - t1 < 0.5  # one wait, then none
        assert s.tracker.person(owner)["name"] == "Owner"  # the write stands
        # "By the next meeting" is resolved from the committee's own calendar, not from the lagging view.
        soon = datetime.now(timezone.utc) + timedelta(days=10)
        setup = build_services(settings, embedded=True)  # a calendar made while the view was kept
        try:
            setup.tracker.register_committee(actor=CLERK, short_name="HOSC", name="HOSC", authority="Worcestershire")
            meeting = setup.tracker.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=soon, title="Next")
        finally:
            setup.close()
        ref = s.tracker.log_action(actor=CLERK, committee="HOSC", title="Map it", owner_id=owner, kind="other",
                                   due="next_meeting")
        assert (s.tracker.action(ref)["due_meeting_id"], s.tracker.action(ref)["due_date"]) == (meeting, to_london(soon).date())
        # A calendar change re-dates what the view lists as due by the next meeting: without the view it is
        # refused, and nothing is written.
        with pytest.raises(UnavailableError, match="nothing was changed"):
            s.tracker.move_meeting(meeting, actor=CLERK, starts_at=soon + timedelta(days=7), reason="Room unavailable")
        assert s.tracker.meeting(meeting)["version"] == 1
    finally:
        s.close()


def test_by_the_next_meeting_chosen_later_counts_from_then_and_keeps_in_step_with_the_calendar(
        services: Services, hosc: dict) -> None:
    t = services.tracker
    # Logged at the January 2022 meeting with a date; long after, the clerk makes it due by the next meeting.
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Send the winter plan",
                       owner_id=hosc["director"], kind="circulate_document", due=date(2022, 2, 1))
    soon = datetime.now(timezone.utc) + timedelta(days=30)
    coming = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=soon, title="HOSC, next month")
    t.change_due_date(ref, actor=CLERK, due="next_meeting", reason="Members asked for it at the next meeting")
    assert t.action(ref)["due_meeting_id"] == coming  # not March 2022, the meeting after it arose

    # The coming meeting moves: the action moves with it, still counted from the clerk's change.
    later = soon + timedelta(days=7)
    t.move_meeting(coming, actor=CLERK, starts_at=later, reason="Room unavailable")
    assert (t.action(ref)["due_meeting_id"], t.action(ref)["due_date"]) == (coming, to_london(later).date())


# The calendar and "by the next meeting" under concurrent writes: the committee holds both, so one save conflicts.


def test_an_undertaking_logged_by_a_worker_that_missed_a_meeting_move_is_due_by_the_moved_meeting(
        services: Services, settings, hosc: dict) -> None:
    from web.services import build_services

    t = services.tracker
    t.log_action(actor=CLERK, committee="HOSC", title="Warm the cache", owner_id=hosc["director"], kind="other")
    other = build_services(settings)  # a second web worker
    try:
        # This worker's copy of the committee still has March on the 16th when the other worker moves it.
        other.tracker.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 30, 10), reason="Room unavailable")
    finally:
        other.close()
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Map it",
                       owner_id=hosc["director"], kind="mapping_or_analysis", due="next_meeting")
    assert (t.action(ref)["due_meeting_id"], t.action(ref)["due_date"]) == (hosc["march"], date(2022, 3, 30))


def test_a_meeting_moved_while_an_undertaking_is_made_due_by_it_leaves_neither_out_of_step(
        services: Services, settings, hosc: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.application import Tracker
    from web.services import build_services

    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Send the winter plan",
                       owner_id=hosc["director"], kind="circulate_document", due=date(2022, 2, 1))
    soon = datetime.now(timezone.utc) + timedelta(days=30)
    coming = t.schedule_meeting(actor=CLERK, committee="HOSC", starts_at=soon, title="HOSC, next month")
    other = build_services(settings)  # another clerk, in another worker
    resolve, moved = Tracker._resolve_due, []

    def another_clerk_moves_the_meeting_meanwhile(committee, due, counted_from):  # noqa: ANN001, ANN202
        found = resolve(committee, due, counted_from)
        if not moved:
            moved.append(other.tracker.move_meeting(coming, actor=CLERK, starts_at=soon + timedelta(days=7),
                                                    reason="Room unavailable"))
        return found

    monkeypatch.setattr(Tracker, "_resolve_due", staticmethod(another_clerk_moves_the_meeting_meanwhile))
    try:
        t.change_due_date(ref, actor=CLERK, due="next_meeting", reason="Members asked for it at the next meeting")
    finally:
        other.close()
    assert moved
    state = t.action(ref)
    assert (state["due_meeting_id"], state["due_date"]) == (coming, to_london(soon + timedelta(days=7)).date())


def test_a_meeting_move_that_races_a_change_to_an_action_due_by_it_is_tried_again_and_loses_nothing(
        services: Services, settings, hosc: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.application import Tracker
    from web.services import build_services

    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Map it",
                       owner_id=hosc["director"], kind="mapping_or_analysis", due="next_meeting")
    other = build_services(settings)  # the owner, updating through another worker
    restep, updated = Tracker._restep, []

    def the_owner_posts_an_update_meanwhile(self, committee, actor, why):  # noqa: ANN001, ANN202
        changed = restep(self, committee, actor, why)
        if not updated:
            updated.append(other.tracker.note_progress(ref, actor=OFFICER, text="Draft map ready"))
        return changed

    monkeypatch.setattr(Tracker, "_restep", the_owner_posts_an_update_meanwhile)
    try:
        version = t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 23, 10), reason="Room unavailable")
    finally:
        other.close()
    assert version == 2  # the meeting moved once, though the save was tried twice
    state = t.action(ref)
    assert (state["due_date"], state["last_update"]) == (date(2022, 3, 23), "Draft map ready")


def test_a_meeting_moved_by_someone_else_meanwhile_is_reported_as_the_meetings_own_conflict(
        services: Services, hosc: dict) -> None:
    t = services.tracker
    t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 23, 10), reason="Room unavailable")
    with pytest.raises(ConflictError) as raised:
        t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 30, 10), reason="Chair away",
                       expected_version=1)
    assert raised.value.current_version == 2


def test_an_undertaking_no_longer_due_by_the_next_meeting_or_no_longer_open_stops_following_the_calendar(
        services: Services, hosc: dict) -> None:
    t = services.tracker
    dated, done = (t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title=title,
                                owner_id=hosc["director"], kind="other", due="next_meeting")
                   for title in ("Send the plan", "Send the figures"))
    t.change_due_date(dated, actor=CLERK, due=date(2022, 4, 1), reason="The plan is due at the April board")
    t.complete(done, actor=OFFICER, response="Figures sent to members")

    t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 23, 10), reason="Room unavailable")

    assert t.action(dated)["due_date"] == date(2022, 4, 1)
    assert (t.action(done)["due_date"], t.action(done)["version"]) == (date(2022, 3, 16), 2)


def test_a_chase_planned_before_its_committee_was_paused_is_not_recorded(services: Services, hosc: dict) -> None:
    from tracker.domain.chasing import ChaseDue, PlannedChase, Stage

    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", title="Send the figures", owner_id=hosc["director"],
                       kind="information_request", due=date(2022, 3, 1))
    planned = [PlannedChase(ref, ChaseDue(date(2022, 3, 1), Stage.OVERDUE, 1, 5),
                            [{"person_id": str(hosc["director"]), "as": "owner"}], "batch-1")]
    # The chaser planned the chase from the view; the clerk pauses the committee before it is recorded.
    t.pause_committee_chasing("HOSC", actor=CLERK, reason="Migrating the log")
    assert t.record_chases(planned, actor="system:chaser", on=date(2022, 3, 8)) == []
    assert t.action(ref)["chases"] == []

    t.resume_committee_chasing("HOSC", actor=CLERK)
    assert t.record_chases(planned, actor="system:chaser", on=date(2022, 3, 8)) == planned
    assert len(t.action(ref)["chases"]) == 1


def test_a_committee_registered_before_committees_kept_calendars_starts_keeping_its_own_when_next_used(
        services: Services, hosc: dict) -> None:
    from tracker.domain.committee import Committee
    from tracker.domain.meeting import Meeting
    from tracker.domain.values import MeetingStatus

    t = services.tracker
    # A store written before: the committee's registration and its meetings, and nothing of a calendar.
    old = Committee._create(Committee.Registered, actor=CLERK, short_name="OLD", name="Older Committee",  # noqa: SLF001
                            authority="A council", chair_id=None, clerk_id=None, public=False)
    soon, later = (datetime.now(timezone.utc) + timedelta(days=d) for d in (10, 40))
    meetings = [Meeting.schedule(actor=CLERK, committee_id=old.id, starts_at=at, title=title,
                                 status=MeetingStatus.SCHEDULED) for at, title in ((soon, "Soon"), (later, "Later"))]
    t.save(old, *meetings)
    assert not t.repository.get(old.id).calendar_kept

    ref = t.log_action(actor=CLERK, committee="OLD", title="Map it", owner_id=hosc["director"], kind="other",
                       due="next_meeting")
    assert (t.action(ref)["due_meeting_id"], t.action(ref)["due_date"]) == (meetings[0].id, to_london(soon).date())
    kept = t.repository.get(old.id)
    assert kept.calendar_kept and {s.id for s in kept.meeting_slots()} == {m.id for m in meetings}

    t.cancel_meeting(meetings[0].id, actor=CLERK, reason="Not quorate")
    assert (t.action(ref)["due_meeting_id"], t.action(ref)["due_date"]) == (meetings[1].id, to_london(later).date())


def test_an_undertaking_reopened_while_due_by_the_next_meeting_is_due_by_the_next_meeting_the_calendar_has_now(
        services: Services, hosc: dict) -> None:
    t = services.tracker
    ref = t.log_action(actor=CLERK, committee="HOSC", meeting_id=hosc["january"], title="Map it",
                       owner_id=hosc["director"], kind="mapping_or_analysis", due="next_meeting")
    t.complete(ref, actor=OFFICER, response="Map sent")
    # While it was done, the March meeting moved; a done action is not re-dated.
    t.move_meeting(hosc["march"], actor=CLERK, starts_at=utc(2022, 3, 30, 10), reason="Room unavailable")
    assert t.action(ref)["due_date"] == date(2022, 3, 16)

    t.reopen(ref, actor=CLERK, reason="Members found the map incomplete")
    state = t.action(ref)
    assert (state["status"], state["due_meeting_id"], state["due_date"]) == ("logged", hosc["march"], date(2022, 3, 30))
    assert services.history.timeline(ref)[-1]["reason"] == ("Reopened while due by the next meeting, which is now "
                                                            "30 March 2022")

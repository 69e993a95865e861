"""Events keep their dates as dates and their ids as ids once stored and read back (in memory, no database)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import UUID, uuid4

import pytest

from tracker.application import Tracker
from tracker.domain.action import Action
from tracker.domain.meeting import Meeting
from tracker.domain.values import MeetingStatus


@pytest.fixture
def app() -> Tracker:
    return Tracker(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def round_trip(app: Tracker, event: object) -> object:
    return app.mapper.to_domain_event(app.mapper.to_stored_event(event))


def test_a_logged_actions_due_date_comes_back_as_a_date_and_its_ids_as_uuids(app: Tracker) -> None:
    committee, owner, meeting = uuid4(), uuid4(), uuid4()
    action = Action.log(
        actor="clerk@council.gov.uk", reference="HOSC-0001", committee_id=committee, meeting_id=meeting,
        minute_ref="12/24", title="Send the waiting-list figures", detail="", source_quote="",
        kind="information_request", raised_by="Cllr Patel", owner_id=owner, due_date=date(2024, 3, 1),
        due_meeting_id=None, due_next_meeting=False, follows_up_id=None, imported=False,
    )
    [logged] = action.collect_events()

    copy = round_trip(app, logged)

    assert isinstance(copy, Action.Logged)
    assert type(copy.due_date) is date and copy.due_date == date(2024, 3, 1)
    assert (copy.committee_id, copy.owner_id, copy.meeting_id, copy.originator_id) == (committee, owner, meeting, action.id)
    assert all(type(i) is UUID for i in (copy.committee_id, copy.owner_id, copy.meeting_id, copy.originator_id))
    assert (copy.actor, copy.reference, copy.due_meeting_id) == ("clerk@council.gov.uk", "HOSC-0001", None)
    assert copy.timestamp == logged.timestamp
    assert Action.Logged.mutate(copy, None).due_date == date(2024, 3, 1)


def test_an_extension_request_keeps_its_date_as_a_date(app: Tracker) -> None:
    action = Action.log(
        actor="clerk@council.gov.uk", reference="HOSC-0002", committee_id=uuid4(), meeting_id=None,
        minute_ref="13/24", title="Map the GP vacancies", detail="", source_quote="", kind="mapping_or_analysis",
        raised_by="Cllr Patel", owner_id=uuid4(), due_date=None, due_meeting_id=None, due_next_meeting=True,
        follows_up_id=None, imported=False,
    )
    action.request_extension(actor="officer@nhs.net", due_date=date(2024, 4, 30), reason="Audit not finished.",
                             at=datetime(2024, 3, 1, 10, tzinfo=timezone.utc))
    logged, requested = action.collect_events()

    assert round_trip(app, logged).due_date is None
    copy = round_trip(app, requested)
    assert type(copy.due_date) is date and (copy.due_date, copy.reason) == (date(2024, 4, 30), "Audit not finished.")


def test_a_meetings_start_time_still_comes_back_as_an_aware_datetime(app: Tracker) -> None:
    # A datetime is also a date: the date transcoding must not swallow it.
    starts_at = datetime(2024, 3, 14, 18, 0, tzinfo=timezone.utc)
    meeting = Meeting.schedule(
        actor="clerk@council.gov.uk", committee_id=uuid4(), starts_at=starts_at, title="HOSC March",
        status=MeetingStatus.SCHEDULED,
    )
    [scheduled] = meeting.collect_events()

    copy = round_trip(app, scheduled)

    assert type(copy.starts_at) is datetime and copy.starts_at == starts_at and copy.starts_at.tzinfo is not None


def test_a_committees_calendar_comes_back_with_ids_as_uuids_and_times_as_datetimes(app: Tracker) -> None:
    from tracker.domain.committee import Committee, MeetingSlot

    starts_at = datetime(2024, 3, 14, 18, 0, tzinfo=timezone.utc)
    meeting = uuid4()
    committee = Committee.register(actor="clerk@council.gov.uk", short_name="HOSC", name="HOSC", authority="Barset",
                                   chair_id=None, clerk_id=None, public=False)
    committee.collect_events()
    committee.note_meeting(actor="clerk@council.gov.uk", meeting_id=meeting, starts_at=starts_at, active=True)
    [changed] = committee.collect_events()
    copy = round_trip(app, changed)
    assert (type(copy.meeting_id), type(copy.starts_at)) == (UUID, datetime) and copy.starts_at == starts_at

    old = Committee._create(Committee.Registered, actor="clerk@council.gov.uk", short_name="OLD", name="Old",  # noqa: SLF001
                            authority="Barset", chair_id=None, clerk_id=None, public=False)
    old.start_calendar(actor="clerk@council.gov.uk", meetings=[MeetingSlot(meeting, starts_at, True)])
    registered, started = old.collect_events()
    restored = round_trip(app, started).mutate(round_trip(app, registered).mutate(None))
    assert restored.calendar_kept and restored.meeting_slots() == [MeetingSlot(meeting, starts_at, True)]

"""Committees number their actions, meetings keep their rules, people and users are who they say."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from tracker.domain.committee import Committee, committee_id, reference
from tracker.domain.errors import RuleError
from tracker.domain.meeting import Meeting
from tracker.domain.person import Person
from tracker.domain.user import User, user_id
from tracker.domain.values import MeetingStatus, Role

CLERK = "clerk@council.gov.uk"
MARCH = datetime(2024, 3, 14, 18, 0, tzinfo=timezone.utc)
APRIL = datetime(2024, 4, 11, 17, 0, tzinfo=timezone.utc)


def hosc(short_name: str = "hosc") -> Committee:
    committee = Committee.register(
        actor=CLERK, short_name=short_name, name="Health Overview and Scrutiny Committee",
        authority="Barsetshire County Council", chair_id=None, clerk_id=None, public=True,
    )
    committee.collect_events()
    return committee


def march_meeting(status: MeetingStatus = MeetingStatus.SCHEDULED) -> Meeting:
    meeting = Meeting.schedule(actor=CLERK, committee_id=uuid4(), starts_at=MARCH, title="HOSC March", status=status)
    meeting.collect_events()
    return meeting


def a_person(**changes: object) -> Person:
    details: dict[str, object] = dict(
        name="Dr Ann Smith", job_title="Director of Public Health", organisation="Barsetshire CC",
        email="ann.smith@barset.gov.uk", senior_contact_id=None,
    )
    person = Person.add(actor=CLERK, **{**details, **changes})
    person.collect_events()
    return person


# Committees


def test_a_committee_is_known_by_its_short_name_in_any_case() -> None:
    committee = hosc(" hosc ")
    assert committee.short_name == "HOSC"
    assert committee.id == committee_id("HOSC") == committee_id("Hosc")
    assert committee_id("HOSC") != committee_id("ASC")


def test_a_committee_numbers_its_actions_in_order() -> None:
    committee = hosc()
    assert [committee.allocate_reference(actor=CLERK) for _ in range(3)] == ["HOSC-0001", "HOSC-0002", "HOSC-0003"]
    events = committee.collect_events()
    assert [(type(e), e.number, e.actor) for e in events] == [(Committee.ReferenceAllocated, n, CLERK) for n in (1, 2, 3)]
    assert committee.last_number == 3
    assert reference("HOSC", 42) == "HOSC-0042"


def test_changing_a_committees_details_records_only_what_really_changed() -> None:
    committee = hosc()
    chair = uuid4()
    committee.change_details(actor=CLERK, name=committee.name, authority="Barset Council", chair_id=chair)
    [event] = committee.collect_events()
    assert isinstance(event, Committee.DetailsChanged)
    assert event.changes == {"authority": "Barset Council", "chair_id": chair}
    assert (committee.authority, committee.chair_id) == ("Barset Council", chair)


def test_changing_a_committees_details_to_what_they_are_records_nothing() -> None:
    committee = hosc()
    committee.change_details(actor=CLERK, name=committee.name, public=True)
    assert committee.collect_events() == []


def test_a_committees_short_name_or_an_unknown_detail_cannot_be_changed() -> None:
    committee = hosc()
    with pytest.raises(ValueError, match="Not editable: colour, short_name"):
        committee.change_details(actor=CLERK, short_name="ASC", colour="red", name="Adults")
    assert (committee.name, committee.collect_events()) == ("Health Overview and Scrutiny Committee", [])


# A committee's calendar and the actions due by its next meeting


def test_the_next_meeting_is_the_first_one_not_cancelled_after_the_moment_counted_from() -> None:
    committee = hosc()
    march, april, may = uuid4(), uuid4(), uuid4()
    committee.note_meeting(actor=CLERK, meeting_id=march, starts_at=MARCH, active=True)
    committee.note_meeting(actor=CLERK, meeting_id=april, starts_at=APRIL, active=False)  # cancelled
    committee.note_meeting(actor=CLERK, meeting_id=may, starts_at=APRIL + timedelta(days=28), active=True)
    assert committee.next_meeting(MARCH - timedelta(days=1)).id == march
    assert committee.next_meeting(MARCH).id == may  # a meeting is not its own next meeting
    assert committee.next_meeting(APRIL + timedelta(days=28)) is None
    # Noting a meeting as it already stands records nothing.
    before = len(committee.collect_events())
    committee.note_meeting(actor=CLERK, meeting_id=march, starts_at=MARCH, active=True)
    assert (before, committee.collect_events()) == (3, [])


def test_a_committee_restored_from_a_snapshot_keeps_its_calendar() -> None:
    from tracker.application import Tracker

    app = Tracker(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    committee = hosc()
    march, april = uuid4(), uuid4()
    committee.note_meeting(actor=CLERK, meeting_id=march, starts_at=MARCH, active=True)
    committee.note_meeting(actor=CLERK, meeting_id=april, starts_at=APRIL, active=False)
    snapshot = app.mapper.to_domain_event(app.mapper.to_stored_event(Committee.Snapshot.take(committee)))
    restored = snapshot.mutate(None)
    assert restored.meeting_slots() == committee.meeting_slots()
    assert all(type(slot.starts_at) is datetime for slot in restored.meeting_slots())
    assert restored.next_meeting(MARCH - timedelta(days=1)).id == march


# Meetings


def test_a_meeting_must_be_scheduled_with_a_time_zone() -> None:
    with pytest.raises(RuleError, match="time zone"):
        Meeting.schedule(
            actor=CLERK, committee_id=uuid4(), starts_at=datetime(2024, 3, 14, 18), title="HOSC",
            status=MeetingStatus.SCHEDULED,
        )


def test_a_meeting_recorded_as_held_must_have_begun() -> None:
    with pytest.raises(RuleError, match="has not begun cannot have been held"):
        Meeting.schedule(actor=CLERK, committee_id=uuid4(), starts_at=MARCH, title="HOSC March",
                         status=MeetingStatus.HELD, now=MARCH - timedelta(minutes=1))
    held = Meeting.schedule(actor=CLERK, committee_id=uuid4(), starts_at=MARCH, title="HOSC March",
                            status=MeetingStatus.HELD, now=MARCH)
    assert held.status is MeetingStatus.HELD


def test_a_held_meeting_can_be_put_right_but_not_moved_to_a_time_to_come() -> None:
    meeting = march_meeting(MeetingStatus.HELD)
    with pytest.raises(RuleError, match="only be moved to put right when it was held"):
        meeting.move(actor=CLERK, starts_at=APRIL, reason="Wrong date", now=MARCH + timedelta(days=1))
    assert meeting.collect_events() == []
    meeting.move(actor=CLERK, starts_at=MARCH - timedelta(days=1), reason="Recorded a day late", now=MARCH)
    assert meeting.starts_at == MARCH - timedelta(days=1)


def test_a_meeting_can_be_moved_with_a_reason() -> None:
    meeting = march_meeting()
    meeting.move(actor=CLERK, starts_at=APRIL, reason="Chair unavailable.")
    [event] = meeting.collect_events()
    assert isinstance(event, Meeting.Moved) and (event.actor, event.starts_at, event.reason) == (CLERK, APRIL, "Chair unavailable.")
    assert meeting.starts_at == APRIL


def test_moving_a_meeting_to_when_it_already_is_records_nothing() -> None:
    meeting = march_meeting()
    meeting.move(actor=CLERK, starts_at=MARCH, reason="Confirming.")
    assert meeting.collect_events() == []


def test_a_meeting_cannot_be_moved_without_a_reason_or_to_a_time_with_no_time_zone() -> None:
    meeting = march_meeting()
    with pytest.raises(RuleError, match="Give a reason for moving"):
        meeting.move(actor=CLERK, starts_at=APRIL, reason="  ")
    with pytest.raises(RuleError, match="time zone"):
        meeting.move(actor=CLERK, starts_at=datetime(2024, 4, 11, 18), reason="Chair unavailable.")
    assert (meeting.starts_at, meeting.collect_events()) == (MARCH, [])


def test_a_cancelled_meeting_cannot_be_moved_or_marked_held() -> None:
    meeting = march_meeting()
    meeting.cancel(actor=CLERK, reason="Not quorate.")
    [event] = meeting.collect_events()
    assert isinstance(event, Meeting.Cancelled) and event.reason == "Not quorate."
    assert meeting.status is MeetingStatus.CANCELLED and not meeting.is_active

    with pytest.raises(RuleError, match="cancelled, so it cannot be moved"):
        meeting.move(actor=CLERK, starts_at=APRIL, reason="Rearranged.")
    with pytest.raises(RuleError, match="cancelled, so it cannot be marked as held"):
        meeting.mark_held(actor=CLERK, now=APRIL)
    assert (meeting.starts_at, meeting.collect_events()) == (MARCH, [])


def test_a_meeting_can_be_marked_held_once_it_has_begun_and_not_before() -> None:
    meeting = march_meeting()
    with pytest.raises(RuleError, match="can be marked as held once it has begun"):
        meeting.mark_held(actor=CLERK, now=MARCH - timedelta(minutes=1))
    assert meeting.status is MeetingStatus.SCHEDULED and meeting.collect_events() == []
    meeting.mark_held(actor=CLERK, now=MARCH)  # at the moment it starts
    assert meeting.status is MeetingStatus.HELD and [type(e) for e in meeting.collect_events()] == [Meeting.Held]


def test_a_held_meeting_cannot_be_cancelled() -> None:
    meeting = march_meeting()
    meeting.mark_held(actor=CLERK, now=APRIL)
    meeting.mark_held(actor=CLERK, now=APRIL)  # marking it twice records it once
    assert [type(e) for e in meeting.collect_events()] == [Meeting.Held]
    with pytest.raises(RuleError, match="already been held"):
        meeting.cancel(actor=CLERK, reason="Too late.")
    assert meeting.status is MeetingStatus.HELD and meeting.collect_events() == []


def test_a_meeting_cannot_be_cancelled_without_a_reason() -> None:
    meeting = march_meeting()
    with pytest.raises(RuleError, match="Give a reason for cancelling"):
        meeting.cancel(actor=CLERK, reason="")
    assert meeting.status is MeetingStatus.SCHEDULED and meeting.collect_events() == []


# People


def test_a_persons_details_can_be_corrected_and_only_real_changes_are_recorded() -> None:
    person = a_person()
    senior = a_person(name="Mr Bob Jones")
    person.correct(actor=CLERK, name="Dr Ann Smith", job_title="Interim Director", senior_contact_id=senior.id)
    [event] = person.collect_events()
    assert isinstance(event, Person.DetailsCorrected)
    assert event.changes == {"job_title": "Interim Director", "senior_contact_id": senior.id}
    assert (person.job_title, person.senior_contact_id) == ("Interim Director", senior.id)


def test_a_person_cannot_be_their_own_senior_contact() -> None:
    person = a_person()
    with pytest.raises(RuleError, match="their own senior contact"):
        person.correct(actor=CLERK, senior_contact_id=person.id)
    assert person.senior_contact_id is None and person.collect_events() == []


def test_only_a_persons_contact_details_can_be_corrected() -> None:
    person = a_person()
    with pytest.raises(ValueError, match="Not editable: salary"):
        person.correct(actor=CLERK, salary=1)
    assert person.collect_events() == []


# Users


def test_a_user_is_known_by_their_lower_cased_email() -> None:
    user = User.register(
        actor=CLERK, email=" Jo.Clerk@Barset.GOV.uk ", name="Jo Clerk", role="clerk", person_id=None, password_hash="h",
    )
    assert user.email == "jo.clerk@barset.gov.uk"
    assert user.id == user_id("jo.clerk@barset.gov.uk") == user_id("JO.CLERK@BARSET.GOV.UK")
    assert user.role is Role.CLERK and user.active


def test_api_tokens_are_issued_and_revoked_and_revoking_an_unknown_one_records_nothing() -> None:
    user = User.register(actor=CLERK, email="jo@barset.gov.uk", name="Jo", role="officer", person_id=None, password_hash="h")
    user.collect_events()
    user.issue_token(actor=CLERK, token_id="t1", token_hash="hash-1")
    user.issue_token(actor=CLERK, token_id="t2", token_hash="hash-2")
    user.revoke_token(actor=CLERK, token_id="t1")
    user.revoke_token(actor=CLERK, token_id="never-issued")
    assert user.tokens == {"t2": "hash-2"}
    assert [type(e) for e in user.collect_events()] == [User.TokenIssued, User.TokenIssued, User.TokenRevoked]


def test_giving_a_user_the_role_they_have_records_nothing() -> None:
    user = User.register(actor=CLERK, email="jo@barset.gov.uk", name="Jo", role="officer", person_id=None, password_hash="h")
    user.collect_events()
    user.change_role(actor=CLERK, role=Role.OFFICER)
    user.change_role(actor=CLERK, role=Role.CHAIR)
    [event] = user.collect_events()
    assert (type(event), event.role, user.role) == (User.RoleChanged, "chair", Role.CHAIR)

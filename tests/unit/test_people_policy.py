"""Who may add people to the directory and correct their details: a clerk only those tied to committees they
clerk, so that no clerk can redirect another committee's chasing e-mails."""

from __future__ import annotations

import pytest

from tracker.domain.values import Role
from web.policy import Viewer, administers, may_add_people, may_edit_person

HOSC_CLERK_ENTRY, JHOSC_CLERK_ENTRY = "person-hosc-clerk", "person-jhosc-clerk"
HOSC = {"short_name": "HOSC", "clerk_id": HOSC_CLERK_ENTRY, "chair_id": "person-hosc-chair"}
HWB = {"short_name": "HWB", "clerk_id": "person-hwb-clerk", "chair_id": "person-hwb-chair"}
JHOSC = {"short_name": "JHOSC", "clerk_id": JHOSC_CLERK_ENTRY, "chair_id": None}


def someone(role: Role, person_id: str | None = None) -> Viewer:
    return Viewer(f"{role.value}@council.gov.uk", role.value.capitalize(), role, person_id)


HOSC_CLERK = someone(Role.CLERK, HOSC_CLERK_ENTRY)
JHOSC_CLERK = someone(Role.CLERK, JHOSC_CLERK_ENTRY)


def test_an_admin_may_correct_anyone() -> None:
    assert may_edit_person(someone(Role.ADMIN), [HOSC, HWB, JHOSC])
    assert may_edit_person(someone(Role.ADMIN), [])


def test_a_clerk_may_correct_someone_tied_only_to_committees_they_clerk() -> None:
    assert may_edit_person(HOSC_CLERK, [HOSC])


def test_a_clerk_may_not_correct_someone_tied_to_another_committee() -> None:
    assert not may_edit_person(JHOSC_CLERK, [HOSC])


def test_a_clerk_may_not_correct_someone_tied_to_their_committee_and_another() -> None:
    assert not may_edit_person(HOSC_CLERK, [HOSC, HWB])


def test_any_clerk_may_correct_someone_tied_to_no_committee() -> None:
    assert may_edit_person(JHOSC_CLERK, [])
    assert may_edit_person(someone(Role.CLERK, None), [])


def test_a_clerk_not_in_the_directory_may_correct_nobody_tied_to_a_committee() -> None:
    assert not may_edit_person(someone(Role.CLERK, None), [JHOSC])


@pytest.mark.parametrize("role", [Role.CHAIR, Role.OFFICER, Role.VIEWER])
def test_chairs_officers_and_viewers_may_neither_add_nor_correct_anyone(role: Role) -> None:
    who = someone(role, HOSC_CLERK_ENTRY)
    assert not may_edit_person(who, [])
    assert not may_edit_person(who, [HOSC])
    assert not may_add_people(who)


def test_clerks_and_admins_add_people_and_only_admins_administer() -> None:
    assert may_add_people(JHOSC_CLERK) and may_add_people(someone(Role.ADMIN))
    assert not may_add_people(None) and not may_edit_person(None, [])
    assert administers(someone(Role.ADMIN)) and not administers(HOSC_CLERK) and not administers(None)

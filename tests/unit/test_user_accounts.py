"""Accounts as admins manage them: roles, directory entries, deactivating and reactivating, and nobody locks
themselves out."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tracker.domain.errors import RuleError
from tracker.domain.user import User
from tracker.domain.values import Role

ADMIN = "user:admin@council.gov.uk"
OTHER_ADMIN = "user:head.of.democratic.services@council.gov.uk"


def account(email: str = "jo@council.gov.uk", role: str = "officer", tokens: int = 0) -> User:
    user = User.register(actor=ADMIN, email=email, name="Jo", role=role, person_id=None, password_hash="h")
    for n in range(tokens):
        user.issue_token(actor=ADMIN, token_id=f"t{n}", token_hash=f"hash-{n}")
    user.collect_events()
    return user


def the_admin() -> User:
    return account("admin@council.gov.uk", role="admin")


def test_an_account_records_its_events_as_user_and_e_mail_address() -> None:
    assert account().actor == "user:jo@council.gov.uk"


def test_deactivating_an_account_revokes_every_api_token_it_holds() -> None:
    user = account(tokens=2)
    user.deactivate(actor=ADMIN)
    events = user.collect_events()
    assert [type(e) for e in events] == [User.Deactivated, User.TokenRevoked, User.TokenRevoked]
    assert [e.actor for e in events] == [ADMIN] * 3
    assert not user.active and user.tokens == {}


def test_an_account_deactivated_already_is_not_deactivated_again() -> None:
    user = account()
    user.deactivate(actor=ADMIN)
    user.collect_events()
    with pytest.raises(RuleError, match="already deactivated"):
        user.deactivate(actor=ADMIN)
    assert user.collect_events() == []


def test_an_admin_cannot_deactivate_their_own_account() -> None:
    admin = the_admin()
    with pytest.raises(RuleError, match="You cannot deactivate your own account: ask another admin"):
        admin.deactivate(actor=ADMIN)
    assert admin.active and admin.collect_events() == []
    admin.deactivate(actor=OTHER_ADMIN)
    assert not admin.active


def test_a_reactivated_account_is_active_and_its_old_tokens_stay_revoked() -> None:
    user = account(tokens=1)
    user.deactivate(actor=ADMIN)
    user.reactivate(actor=ADMIN)
    assert user.active and user.tokens == {}
    assert type(user.collect_events()[-1]) is User.Reactivated


def test_an_active_account_cannot_be_reactivated() -> None:
    user = account()
    with pytest.raises(RuleError, match="active already"):
        user.reactivate(actor=ADMIN)
    assert user.collect_events() == []


def test_a_deactivated_account_is_issued_no_api_token() -> None:
    user = account()
    user.deactivate(actor=ADMIN)
    with pytest.raises(RuleError, match="reactivate it before issuing a token"):
        user.issue_token(actor=ADMIN, token_id="t9", token_hash="hash-9")
    assert user.tokens == {}


def test_an_admin_cannot_take_the_admin_role_from_themselves_but_another_admin_can() -> None:
    admin = the_admin()
    with pytest.raises(RuleError, match="You cannot take the admin role from your own account"):
        admin.change_role(actor=ADMIN, role=Role.CLERK)
    assert admin.role is Role.ADMIN and admin.collect_events() == []
    admin.change_role(actor=ADMIN, role=Role.ADMIN)  # keeping it is no demotion, and records nothing
    assert admin.collect_events() == []
    admin.change_role(actor=OTHER_ADMIN, role=Role.CLERK)
    assert admin.role is Role.CLERK


def test_linking_an_account_to_a_directory_entry_records_only_a_real_change() -> None:
    user = account()
    person = uuid4()
    user.link_person(actor=ADMIN, person_id=person)
    user.link_person(actor=ADMIN, person_id=person)
    user.link_person(actor=ADMIN, person_id=None)
    events = user.collect_events()
    assert [(type(e), e.person_id) for e in events] == [(User.PersonLinked, person), (User.PersonLinked, None)]
    assert user.person_id is None


# Signing in


class CountingHasher:
    """A password hasher that counts the slow checks it is asked for (a fake: no real hashing)."""

    def __init__(self) -> None:
        self.checks: list[str] = []

    def hash(self, password: str) -> str:
        return f"hashed:{password}"

    def verify(self, stored: str, password: str) -> bool:
        from argon2.exceptions import VerifyMismatchError

        self.checks.append(stored)
        if stored != f"hashed:{password}":
            raise VerifyMismatchError
        return True


def test_signing_in_with_an_unknown_e_mail_costs_the_same_check_as_a_wrong_password() -> None:
    from tracker.application import Tracker

    app = Tracker(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.hasher = CountingHasher()  # type: ignore[assignment]
    app.register_user(actor=ADMIN, email="jo@council.gov.uk", name="Jo", role=Role.OFFICER, password="a good password")
    app.hasher.checks.clear()

    assert app.authenticate("jo@council.gov.uk", "a good password")["email"] == "jo@council.gov.uk"
    assert app.authenticate("jo@council.gov.uk", "wrong") is None
    assert app.authenticate("nobody@council.gov.uk", "a good password") is None
    assert len(app.hasher.checks) == 3  # one slow check each, whether or not the account exists

    app.deactivate_user("jo@council.gov.uk", actor=ADMIN)
    assert app.authenticate("jo@council.gov.uk", "a good password") is None
    assert len(app.hasher.checks) == 4

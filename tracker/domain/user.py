"""Someone who signs in: a clerk, chair, officer, viewer or admin."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.domain.base import TrackedAggregate
from tracker.domain.errors import RuleError
from tracker.domain.values import Role

NAMESPACE = uuid5(NAMESPACE_URL, "https://scrutiny-action-tracker.invalid/user")


def user_id(email: str) -> UUID:
    """The id an e-mail address always maps to, so an e-mail address is unique."""
    return uuid5(NAMESPACE, email.strip().lower())


class User(TrackedAggregate):
    """An account: e-mail, name, role, the person it is in the directory, and hashed secrets."""

    ENUMS = {"role": Role}

    class Registered(TrackedAggregate.Created):
        email: str
        name: str
        role: str
        person_id: UUID | None
        password_hash: str

    class RoleChanged(TrackedAggregate.Event):
        role: str

        def apply(self, user: User) -> None:
            user.role = Role(self.role)

    class PasswordChanged(TrackedAggregate.Event):
        password_hash: str

        def apply(self, user: User) -> None:
            user.password_hash = self.password_hash

    class TokenIssued(TrackedAggregate.Event):
        token_id: str
        token_hash: str

        def apply(self, user: User) -> None:
            user.tokens[self.token_id] = self.token_hash

    class TokenRevoked(TrackedAggregate.Event):
        token_id: str

        def apply(self, user: User) -> None:
            user.tokens.pop(self.token_id, None)

    class Deactivated(TrackedAggregate.Event):
        def apply(self, user: User) -> None:
            user.active = False

    class Reactivated(TrackedAggregate.Event):
        def apply(self, user: User) -> None:
            user.active = True

    class PersonLinked(TrackedAggregate.Event):
        """The user is now this person in the directory (None: nobody)."""

        person_id: UUID | None

        def apply(self, user: User) -> None:
            user.person_id = None if self.person_id is None else UUID(str(self.person_id))

    @staticmethod
    def create_id(email: str) -> UUID:
        """Users are keyed on their e-mail address."""
        return user_id(email)

    def __init__(self, email: str, name: str, role: str, person_id: UUID | None, password_hash: str) -> None:
        self.email = email
        self.name = name
        self.role = Role(role)
        self.person_id = person_id
        self.password_hash = password_hash
        self.tokens: dict[str, str] = {}
        self.active = True

    @classmethod
    def register(cls, *, actor: str, email: str, **details: object) -> User:
        """Create an account."""
        return cls._create(cls.Registered, actor=actor, email=email.strip().lower(), **details)

    @property
    def actor(self) -> str:
        """How the events this user makes record them."""
        return f"user:{self.email}"

    def check_not_self(self, actor: str, doing: str) -> None:
        """Raise RuleError when a user would do this to their own account."""
        if actor == self.actor:
            raise RuleError(f"You cannot {doing} your own account: ask another admin to do it.")

    def change_role(self, *, actor: str, role: Role) -> None:
        """Give the user another role; an admin cannot demote themselves."""
        if role is self.role:
            return
        if self.role is Role.ADMIN:
            self.check_not_self(actor, "take the admin role from")
        self.trigger_event(self.RoleChanged, actor=actor, role=role.value)

    def link_person(self, *, actor: str, person_id: UUID | None) -> None:
        """Say which directory entry the user is (None: nobody); linking to the same one records nothing."""
        if person_id != self.person_id:
            self.trigger_event(self.PersonLinked, actor=actor, person_id=person_id)

    def deactivate(self, *, actor: str) -> None:
        """Stop the user signing in, and revoke every API token they hold; nobody deactivates themselves."""
        self.check_not_self(actor, "deactivate")
        if not self.active:
            raise RuleError(f"The account {self.email} is already deactivated.")
        self.trigger_event(self.Deactivated, actor=actor)
        for token_id in sorted(self.tokens):
            self.trigger_event(self.TokenRevoked, actor=actor, token_id=token_id)

    def reactivate(self, *, actor: str) -> None:
        """Let a deactivated user sign in again (their old API tokens stay revoked)."""
        if self.active:
            raise RuleError(f"The account {self.email} is active already.")
        self.trigger_event(self.Reactivated, actor=actor)

    def change_password(self, *, actor: str, password_hash: str) -> None:
        """Store a new password hash."""
        self.trigger_event(self.PasswordChanged, actor=actor, password_hash=password_hash)

    def issue_token(self, *, actor: str, token_id: str, token_hash: str) -> None:
        """Record a new API token's hash (the token itself is shown once and never stored)."""
        if not self.active:
            raise RuleError(f"The account {self.email} is deactivated: reactivate it before issuing a token.")
        self.trigger_event(self.TokenIssued, actor=actor, token_id=token_id, token_hash=token_hash)

    def revoke_token(self, *, actor: str, token_id: str) -> None:
        """Revoke an API token."""
        if token_id in self.tokens:
            self.trigger_event(self.TokenRevoked, actor=actor, token_id=token_id)

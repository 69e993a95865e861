"""Someone who signs in: a clerk, chair, officer, viewer or admin."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.domain.base import TrackedAggregate
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

    def change_role(self, *, actor: str, role: Role) -> None:
        """Give the user another role."""
        if role is not self.role:
            self.trigger_event(self.RoleChanged, actor=actor, role=role.value)

    def change_password(self, *, actor: str, password_hash: str) -> None:
        """Store a new password hash."""
        self.trigger_event(self.PasswordChanged, actor=actor, password_hash=password_hash)

    def issue_token(self, *, actor: str, token_id: str, token_hash: str) -> None:
        """Record a new API token's hash (the token itself is shown once and never stored)."""
        self.trigger_event(self.TokenIssued, actor=actor, token_id=token_id, token_hash=token_hash)

    def revoke_token(self, *, actor: str, token_id: str) -> None:
        """Revoke an API token."""
        if token_id in self.tokens:
            self.trigger_event(self.TokenRevoked, actor=actor, token_id=token_id)

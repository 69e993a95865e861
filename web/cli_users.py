"""`tracker users role|deactivate|reactivate` and `tracker tokens list|revoke`: accounts from the command line."""

from __future__ import annotations

import getpass
from typing import Any
from uuid import UUID

import click

from tracker.domain.calendar import to_london
from tracker.domain.values import Role


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _services() -> Any:
    from web.cli import Context

    return click.get_current_context().ensure_object(Context).services


def _person(_ctx: click.Context, _param: click.Parameter, value: str | None) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a person's id from the directory.") from None


@click.command("role")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--person-id", callback=_person, default=None,
              help="The directory entry the user is (kept if not given).")
@click.option("--no-person", is_flag=True, help="The user is nobody in the directory.")
def change_role(email: str, role: str, person_id: UUID | None, no_person: bool) -> None:
    """Give a user another role (and, if given, another directory entry)."""
    tracker = _services().tracker
    account = tracker.user(email)
    person = None if no_person else person_id or account["person_id"]
    tracker.change_role(email, actor=_actor(), role=Role(role), person_id=person, expected_version=account["version"])
    click.echo(f"{account['email']} is now {role}.")


@click.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop a user signing in, and revoke every API token they hold."""
    _services().tracker.deactivate_user(email, actor=_actor())
    click.echo(f"Deactivated {email.strip().lower()}; their API tokens were revoked.")


@click.command("reactivate")
@click.argument("email")
def reactivate(email: str) -> None:
    """Let a deactivated user sign in again (their old API tokens stay revoked)."""
    _services().tracker.reactivate_user(email, actor=_actor())
    click.echo(f"Reactivated {email.strip().lower()}.")


@click.command("list")
@click.argument("email")
def list_tokens(email: str) -> None:
    """List a user's working API tokens: id and when issued (never the secret)."""
    tokens = _services().tracker.api_tokens(email)
    for t in tokens:
        click.echo(f"{t['id']}  issued {to_london(t['issued_at']):%Y-%m-%d %H:%M} by {t['issued_by']}")
    if not tokens:
        click.echo(f"{email.strip().lower()} holds no API tokens.")


@click.command("revoke")
@click.argument("email")
@click.argument("token_id")
def revoke_token(email: str, token_id: str) -> None:
    """Make one of a user's API tokens stop working."""
    _services().tracker.revoke_token(email, actor=_actor(), token_id=token_id)
    click.echo(f"Revoked token {token_id} of {email.strip().lower()}.")


USER_COMMANDS = (change_role, deactivate, reactivate)
TOKEN_COMMANDS = (list_tokens, revoke_token)

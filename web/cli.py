"""The `tracker` command: demo data, users, tokens, the action log, projections and the server."""

from __future__ import annotations

import getpass
import json
import logging
import sys
from datetime import date, datetime
from typing import Any
from uuid import UUID

import click
from marshmallow import ValidationError

from config.settings import Settings
from events.sqlview import ViewsBusyError
from events.standing import with_standing
from events.view import ActionFilter
from tracker.domain.calendar import from_london, london_today, to_london
from tracker.domain.errors import TrackerError
from tracker.domain.values import Status
from web.schemas import UserSchema, check_exists_in_london, load
from web.services import Services, build_services


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


class Context:
    """Opens the stores on first use, so `tracker --help` touches nothing."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            self._services = build_services(Settings())
        return self._services


pass_ctx = click.make_pass_decorator(Context, ensure=True)


@click.group()
def cli() -> None:
    """Scrutiny action tracker: undertakings given to committees, and what became of them."""


@cli.command()
@click.option("--if-empty", is_flag=True, help="Say nothing and change nothing when data is already loaded.")
@pass_ctx
def demo(ctx: Context, if_empty: bool) -> None:
    """Load the demo committees, meetings, people, users and undertakings."""
    from web.demo import DemoLoader

    loader = DemoLoader(ctx.services)
    if loader.is_loaded():
        if not if_empty:
            click.echo("The demo data is already loaded (the store has committees); nothing was changed.")
        return
    result = loader.load()
    count = ctx.services.read.query("count_actions")
    click.echo(f"Loaded the demo: {count} undertakings. Demo users (demo passwords only):")
    for user in result["users"]:
        click.echo(f"  {user['role']:<8} {user['email']:<34} password: {user['password']}")


@cli.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "clerk", "chair", "officer", "viewer"]))
@click.option("--person-id", default=None, help="The directory entry this user is, if they own actions.")
@pass_ctx
def create_user(ctx: Context, email: str, name: str, role: str, person_id: str | None) -> None:
    """Create a user; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("Password: ")
    values = load(UserSchema, {"email": email, "name": name, "role": role, "password": password, "person_id": person_id})
    ctx.services.tracker.register_user(actor=_actor(), **values)
    click.echo(f"Created {values['role'].value} {values['email'].lower()}.")


@cli.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.argument("email")
@pass_ctx
def create_token(ctx: Context, email: str) -> None:
    """Print a new API token for a user (shown once; only its hash is kept)."""
    click.echo(ctx.services.tracker.issue_token(email, actor=_actor()))


@cli.group()
def actions() -> None:
    """Read the action log."""


@actions.command("list")
@click.option("--committee", default=None, help="Short name, e.g. HOSC.")
@click.option("--status", default=None, type=click.Choice(["open"] + [s.value for s in Status]),
              help='One status, or "open" for logged or acknowledged.')
@click.option("--overdue", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--per-page", default=100, show_default=True, type=click.IntRange(1, 500), help="Rows a page, 1 to 500.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@pass_ctx
def list_actions(
    ctx: Context, committee: str | None, status: str | None, overdue: bool, as_json: bool, per_page: int, page: int
) -> None:
    """List actions, filtered."""
    s = ctx.services
    committee_id = UUID(str(s.tracker.committee(committee)["id"])) if committee else None
    result = s.read.list_actions(
        ActionFilter(committee_id=committee_id, statuses=(status,) if status else (), overdue=overdue,
                     page=page, per_page=per_page)
    )
    today = london_today()
    rows = with_standing(result.rows, today, s.calendar)
    if as_json:
        click.echo(json.dumps({"total": result.total, "page": result.page, "actions": rows}, default=_plain, indent=2))
        return
    if not rows:
        click.echo("No actions match.")
        return
    for r in rows:
        due = r["due_date"].isoformat() if r["due_date"] else ("next meeting" if r["due_next_meeting"] else "-")
        click.echo(f"{r['reference']:<11} {r['rag'].upper():<6} {r['status']:<12} {due:<12} {r['owner_name'][:24]:<24} {r['title'][:70]}")
    click.echo(f"{result.total} action(s); page {result.page} of {result.pages}.")


@actions.command("show")
@click.argument("reference")
@click.option("--history", is_flag=True, help="Show the whole timeline.")
@click.option("--as-of", default=None, help="Show it as it stood then: an ISO date-time (Europe/London unless it says).")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def show_action(ctx: Context, reference: str, history: bool, as_of: str | None, as_json: bool) -> None:
    """Show one action, now or as it stood at a past moment."""
    s = ctx.services
    moment = _parse_moment(as_of) if as_of else None
    state = s.tracker.action(reference, as_of=moment)
    owner = s.tracker.person(state["owner_id"])
    state["owner_name"] = owner["name"]
    timeline = s.history.timeline(reference) if history else None
    if moment and timeline is not None:
        timeline = [e for e in timeline if e["at"] <= moment]
    if as_json:
        click.echo(json.dumps({"action": state, "history": timeline}, default=_plain, indent=2))
        return
    when = f" as at {to_london(moment):%d %B %Y %H:%M}" if moment else ""
    click.echo(f"{state['reference']}{when}: {state['title']}")
    due = state["due_date"].isoformat() if state["due_date"] else ("by the next meeting" if state["due_next_meeting"] else "no due date")
    click.echo(f"  status {state['status']}; owner {owner['name']} ({owner['organisation']}); due {due}; version {state['version']}")
    if state["last_update"]:
        click.echo(f"  latest update: {state['last_update']}")
    for e in timeline or []:
        click.echo(f"  {to_london(e['at']):%Y-%m-%d %H:%M}  {e['label']} by {e['actor_name']}")
        for ch in e["changes"]:
            if ch["field"] not in ("last_update", "response"):
                click.echo(f"      {ch['field'].replace('_', ' ')}: {_show(ch['from'])} -> {_show(ch['to'])}")
        for word in ("summary", "reason", "text", "response", "note"):
            if e.get(word):
                click.echo(f"      {word}: {e[word]}")


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict) and "due_date" in value:  # an extension asked for (its reason is shown below)
        return f"asked to {_show(value['due_date'])}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value) or "(none)"
    return str(value)


def _parse_moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("Give an ISO date-time such as 2022-03-14T10:00.", param_hint="--as-of") from None
    if value.tzinfo is None:
        try:
            check_exists_in_london(value)
        except ValidationError as e:
            raise click.BadParameter(" ".join(map(str, e.messages)), param_hint="--as-of") from None
    return from_london(value)


@cli.group()
def projections() -> None:
    """Keep the read models."""


@projections.command("rebuild")
@pass_ctx
def rebuild(ctx: Context) -> None:
    """Rebuild every view from the event log, with a progress bar."""
    from tqdm import tqdm

    from events.sqlview import keeping_views

    settings = Settings()
    read = ctx.services.read
    total = ctx.services.tracker.recorder.max_notification_id() or 0
    with keeping_views(settings.database_url if settings.uses_postgres else "", "rebuild the action log"):
        with tqdm(total=total, unit="event", desc="Rebuilding the action log") as bar:
            applied = read.rebuild(progress=bar.update)
    click.echo(f"Rebuilt the action log from {applied} events.")


@projections.command("run")
def run_projections() -> None:
    """Keep the views up to date from PostgreSQL, in this process, until stopped."""
    from events.runner import run_forever

    run_forever(Settings())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app under gunicorn, a production WSGI server."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            from web import create_app

            return create_app()

    click.echo(f"Serving on http://{host}:{port} with {workers} worker(s); Ctrl-C to stop.")
    Server().run()


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(type(value).__name__)


from web.cli_chasing import chase, outbox, scheduler  # noqa: E402  (registered here, beside the others)
from web.cli_import import import_log  # noqa: E402
from web.cli_minutes import extract  # noqa: E402
from web.cli_users import TOKEN_COMMANDS, USER_COMMANDS  # noqa: E402

for command in (extract, chase, outbox, scheduler, import_log):
    cli.add_command(command)
for command in USER_COMMANDS:
    users.add_command(command)
for command in TOKEN_COMMANDS:
    tokens.add_command(command)


class _OneLine(logging.Formatter):
    """Warnings on the command line as one line each, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        cause = f": {_one_line(record.exc_info[1])}" if record.exc_info and record.exc_info[1] else ""
        return f"Warning: {_one_line(record.getMessage())}{cause}"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


SERVICES = (["serve"], ["scheduler"], ["projections", "run"])  # long-running processes, with logs of their own


def _set_up_logging(args: list[str]) -> None:
    """A command's warnings as one line each; a service's log as a log: timestamps, INFO, tracebacks."""
    words = [a for a in args if not a.startswith("-")]
    if any(words[:len(service)] == service for service in SERVICES):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", force=True)
        return
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def main() -> None:
    """Run the CLI; errors are one clear line on stderr and a non-zero exit, never a traceback."""
    _set_up_logging(sys.argv[1:])
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.UsageError as e:  # a bad option or argument: one line, saying where the help is
        help_hint = f" See '{e.ctx.command_path} --help'." if e.ctx else ""
        click.echo(f"Error: {e.format_message()}{help_hint}", err=True)
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except ValidationError as e:
        messages = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in e.messages_dict.items())
        click.echo(f"Error: {messages}", err=True)
        sys.exit(2)
    except (TrackerError, ViewsBusyError) as e:
        click.echo(f"Error: {_one_line(e)}", err=True)
        sys.exit(1)
    except Exception as e:  # a store that cannot be opened, a full disk: one line, not a traceback
        click.echo(f"Error: {type(e).__name__}: {_one_line(e)}", err=True)
        sys.exit(1)

"""Every setting the tracker reads, from environment variables, with its default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


@dataclass(frozen=True)
class Settings:
    """The tracker's settings.

    TRACKER_INSTANCE   folder for the SQLite files (default ./instance)
    DATABASE_URL       postgresql://user:password@host:port/dbname[?schema=name]; unset means SQLite
    BANK_HOLIDAY_REGION  England and Wales by default (ENG); WLS, SCT or NIR
    SECRET_KEY         signs sessions and links; unset means a random key kept in the instance folder
    TRACKER_ENV        development (default) or anything else (production, staging ...): outside development
                       session cookies are Secure (HTTPS only)
    SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS
                       the mail server the chaser sends through (default localhost:25, no login, no STARTTLS)
    MAIL_FROM          the From address of the chaser's e-mails
    PUBLIC_BASE_URL    where the web app is reached from outside, for links in e-mails
    CHASE_EVERY_MINUTES  how often the scheduler's chase run goes (default 15)
    RATELIMIT_STORAGE_URI  where the sign-in rate limit keeps its counts (default memory://, one count per
                       worker process); e.g. redis://127.0.0.1:6379 to share one count between workers
    """

    instance: Path = field(default_factory=lambda: Path(os.environ.get("TRACKER_INSTANCE", "instance")))
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL", ""))
    bank_holiday_region: str = field(default_factory=lambda: _region(os.environ.get("BANK_HOLIDAY_REGION", "ENG")))
    secret_key: str = field(default_factory=lambda: os.environ.get("SECRET_KEY", ""))
    environment: str = field(default_factory=lambda: os.environ.get("TRACKER_ENV", "development"))
    smtp_host: str = field(default_factory=lambda: os.environ.get("SMTP_HOST", "localhost"))
    smtp_port: int = field(default_factory=lambda: _int("SMTP_PORT", 25))
    smtp_username: str = field(default_factory=lambda: os.environ.get("SMTP_USERNAME", ""))
    smtp_password: str = field(default_factory=lambda: os.environ.get("SMTP_PASSWORD", ""))
    smtp_starttls: bool = field(default_factory=lambda: _flag(os.environ.get("SMTP_STARTTLS", "")))
    mail_from: str = field(
        default_factory=lambda: os.environ.get("MAIL_FROM", "Scrutiny action tracker <scrutiny-tracker@localhost>")
    )
    public_base_url: str = field(default_factory=lambda: os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"))
    chase_every_minutes: int = field(default_factory=lambda: _int("CHASE_EVERY_MINUTES", 15))
    ratelimit_storage_uri: str = field(
        default_factory=lambda: os.environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    )

    @property
    def is_production(self) -> bool:
        """True when cookies must be Secure (served over HTTPS): everywhere but development."""
        return self.environment.strip().lower() != "development"

    def signing_key(self) -> str:
        """SECRET_KEY, or a random key made once and kept in the instance folder (never in the repository)."""
        if self.secret_key:
            return self.secret_key
        self.instance.mkdir(parents=True, exist_ok=True)
        path = self.instance / "secret_key"
        if not path.exists():
            import secrets

            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def uses_postgres(self) -> bool:
        """True when DATABASE_URL names a PostgreSQL database."""
        return self.database_url.startswith(("postgres://", "postgresql://"))

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the eventsourcing library reads to choose and open its stores."""
        # Aggregates are kept in memory between commands; each load still reads any newer events
        # ("fast-forward"), so another process's writes are never missed.
        cache = {"AGGREGATE_CACHE_MAXSIZE": "1000"}
        if not self.uses_postgres:
            self.instance.mkdir(parents=True, exist_ok=True)
            return {
                **cache,
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "TRACKER_SQLITE_DBNAME": str(self.instance / "events.sqlite3"),
                "ACTION_LOG_SQLITE_DBNAME": str(self.instance / "action_log.sqlite3"),
                "OUTBOX_SQLITE_DBNAME": str(self.instance / "outbox.sqlite3"),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        url = urlparse(self.database_url)
        env = {
            **cache,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
        }
        schema = parse_qs(url.query).get("schema", [""])[0]
        if schema:
            env["POSTGRES_SCHEMA"] = schema
        return env


REGIONS = {"ENG": "England and Wales", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


def _region(text: str) -> str:
    region = text.strip().upper()
    if region not in REGIONS:
        raise ValueError(f"The setting BANK_HOLIDAY_REGION must be one of {', '.join(REGIONS)} (the UK's bank holiday "
                         f"regions; ENG is England and Wales), not {text!r}: fix it and try again.")
    return region


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) == 0:
        raise ValueError(f"The setting {name} must be a whole number above 0, not {text!r}: fix it and try again.")
    return int(text)

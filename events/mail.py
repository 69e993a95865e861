"""E-mail leaving the tracker: the message, the Mailer port, an SMTP mailer and an in-memory fake."""

from __future__ import annotations

import smtplib
import ssl
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, getaddresses
from typing import Protocol

SMTP_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Message:
    """One e-mail, composed once and sent (perhaps more than once) with the same Message-ID."""

    message_id: str  # "<...@...>": a resend is recognisable as the same message
    sender: str
    to: tuple[str, ...]  # each "Name <address>" or a bare address
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str
    reply_to: str = ""

    @property
    def recipients(self) -> list[str]:
        """The bare addresses it goes to, for the SMTP envelope."""
        return [address for _, address in getaddresses([*self.to, *self.cc]) if address]

    def as_email(self) -> EmailMessage:
        """The message as MIME: plain text with an HTML alternative."""
        # Lines up to RFC 5322's limit: the default 78 makes Python fold a long subject onto a line of its
        # own, which mail programs then show with a leading space.
        email = EmailMessage(policy=SMTP_POLICY)
        email["Message-ID"] = self.message_id
        email["Date"] = formatdate(localtime=False, usegmt=True)
        email.set_raw("From", _addresses([self.sender]))
        email.set_raw("To", _addresses(self.to))
        if self.cc:
            email.set_raw("Cc", _addresses(self.cc))
        if self.reply_to:
            email.set_raw("Reply-To", _addresses([self.reply_to]))
        email["Subject"] = self.subject
        email["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies should not answer it
        email.set_content(self.text)
        email.add_alternative(self.html, subtype="html")
        return email


def _addresses(written: Sequence[str]) -> str:
    """Addresses as a header's value, each "Name <address>", names encoded as RFC 2047 asks when not ASCII.

    Set raw: the header classes would parse every address again, which costs more than the rest of the message.
    A line break in a name could start a header of its own, so names are kept to one line.
    """
    return ", ".join(formataddr((" ".join(name.split()), address), charset="utf-8")
                     for name, address in getaddresses(list(written)) if address)


class MailError(Exception):
    """Raised when a message could not be handed over; `permanent` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Mailer(Protocol):
    """Hands messages to a mail server."""

    def batch(self) -> AbstractContextManager[None]:
        """Send the messages of one delivery pass over one connection where the mailer can."""

    def send(self, message: Message) -> str:
        """Send one message; returns a note of any recipients refused while others took it ("" if none).
        Raises MailError when nobody took it."""


@dataclass
class SMTPSettings:
    """Where mail goes: SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS."""

    host: str = "localhost"
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 20.0


class SMTPMailer:
    """Sends through an SMTP server: inside batch(), over one connection for the whole pass (opened again
    after a failure, so a broken connection never takes the next message with it); otherwise one a message."""

    def __init__(self, settings: SMTPSettings) -> None:
        self.settings = settings
        self._local = threading.local()  # each thread its own connection

    @property
    def _smtp(self) -> smtplib.SMTP | None:
        return getattr(self._local, "smtp", None)

    @_smtp.setter
    def _smtp(self, value: smtplib.SMTP | None) -> None:
        self._local.smtp = value

    @property
    def _batching(self) -> bool:
        return getattr(self._local, "batching", False)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Keep one connection open while the block sends."""
        self._local.batching = True
        try:
            yield
        finally:
            self._local.batching = False
            self._close()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            s = self.settings
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.username:
                    smtp.login(s.username, s.password)
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, message: Message) -> str:
        """Send one message through the configured server."""
        s = self.settings
        try:
            refused = self._connection().send_message(message.as_email(), to_addrs=message.recipients)
        except smtplib.SMTPRecipientsRefused as e:
            self._close()
            raise MailError(f"every recipient was refused: {_refusals(e.recipients)}", permanent=True) from None
        except smtplib.SMTPResponseException as e:
            self._close()
            raise MailError(f"the server said {e.smtp_code} {_text(e.smtp_error)}", permanent=500 <= e.smtp_code < 600
                            and e.smtp_code not in (552,)) from None
        except (smtplib.SMTPException, OSError) as e:
            self._close()
            raise MailError(f"could not reach {s.host}:{s.port}: {e}") from None
        finally:
            if not self._batching:
                self._close()
        # Some recipients may have been refused while others took it: retrying would send it to them again,
        # so it counts as sent, with the refusals noted for the clerk.
        return f"refused: {_refusals(refused)}" if refused else ""


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{address} ({code} {_text(reason)})" for address, (code, reason) in recipients.items())


@dataclass
class MemoryMailer:
    """A fake mailer for unit tests: keeps what it was given in `.sent`; `.fail` makes every send fail."""

    sent: list[Message] = field(default_factory=list)
    fail: str = ""

    def batch(self) -> AbstractContextManager[None]:
        """Nothing to keep open."""
        return nullcontext()

    def send(self, message: Message) -> str:
        """Keep the message, or fail as told."""
        if self.fail:
            raise MailError(self.fail)
        self.sent.append(message)
        return ""

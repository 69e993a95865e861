"""A real SMTP server on localhost (aiosmtpd) that keeps every message it accepts, for the tests.

It can be stopped and started again on the same port (the mail server is down, then back), and told to hold
the n-th message without answering, so a test can kill the sender while that message is in flight; a held
message is then refused, never kept, as a real server would drop a half-sent message.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message the server accepted."""

    rcpt_tos: list[str]
    email: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.email["Message-ID"])

    @property
    def subject(self) -> str:
        return str(self.email["Subject"])

    @property
    def text(self) -> str:
        return self.email.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]

    @property
    def html(self) -> str:
        return self.email.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MailCatcher:
    """An SMTP server on 127.0.0.1 keeping what it accepts in `.messages`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Received] = []
        self.hold_at: int | None = None  # hold the n-th DATA (1-based) until released
        self.holding = threading.Event()
        self.release = threading.Event()
        self._seen = 0
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        with self._lock:
            self._seen += 1
            hold = self.hold_at is not None and self._seen == self.hold_at
        if hold:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
            return "451 Requested action aborted: the sender went away"
        email = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        with self._lock:
            self.messages.append(Received(list(envelope.rcpt_tos), email))  # type: ignore[attr-defined,arg-type]
        return "250 Message accepted for delivery"

    def start(self) -> MailCatcher:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The messages, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)

"""Starting the real server (`tracker serve`, gunicorn) on a copy of the demo, for the browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SECRET_KEY = "browser-tests-only"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_demo(folder: Path) -> None:
    """The demo data, loaded into a new instance folder."""
    from config.settings import Settings
    from web.demo import DemoLoader
    from web.services import build_services

    services = build_services(Settings(instance=folder, database_url="", bank_holiday_region="ENG",
                                       secret_key=SECRET_KEY))
    try:
        DemoLoader(services).load()
    finally:
        services.close()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`tracker serve` stopped with exit code {process.returncode} before it served {url}:\n"
                        f"{log.read_text(errors='replace')[-3000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"`tracker serve` did not answer {url} within {timeout:.0f}s:\n"
                f"{log.read_text(errors='replace')[-3000:]}", pytrace=False)


def tracker_env(instance: Path, **extra: str) -> dict[str, str]:
    """The environment of a `tracker` process on this instance folder (always SQLite)."""
    env = {**os.environ, "TRACKER_INSTANCE": str(instance), "SECRET_KEY": SECRET_KEY,
           "TRACKER_ENV": "development", "BANK_HOLIDAY_REGION": "ENG", **extra}
    env.pop("DATABASE_URL", None)  # the copy of the demo is SQLite, whatever the caller's shell says
    return env


def tracker_command() -> str:
    return str(Path(sys.executable).parent / "tracker")


@contextmanager
def serving(demo: Path, instance: Path) -> Iterator[str]:
    """gunicorn with two workers on a copy of the demo folder; yields its base URL, stops it afterwards."""
    shutil.copytree(demo, instance)
    port = free_port()
    log = instance.parent / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([tracker_command(), "serve", "--port", str(port), "--workers", "2"],
                                   env=tracker_env(instance), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(f"{base}/sign-in", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

"""Web benchmark: the committee log page, an action page and the API list, server-side and under load.

    PYTHONPATH=. .venv/bin/python -m bench.bench_web [--actions 2000] [--events 200] [--runs 300]

On SQLite in a fresh temporary instance: a committee with `--actions` actions (logged through the product's
commands), one action with `--events` events, a clerk with a password and an API token.

1. Server-side p95 (the app handling the request, no network) through Flask's test client: the committee log
   page (default view, a filtered view, page 40), the action page with many events, and the API list; beside
   a baseline in the same run: the sign-in page (one small template, no queries).
2. Requests per second under a load generator on loopback (wrk, 8 connections, 10 s) against `tracker serve`
   (gunicorn, 2 workers), signed in: the committee log page, and the sign-in page as the baseline.

Results go to bench/results/web.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from config.settings import Settings
from tests.mailcatcher import free_port
from tracker.domain.values import Role
from web import create_app, limiter
from web.services import build_services

RESULTS = Path(__file__).resolve().parent / "results" / "web.json"
TARGETS_MS = {"log page": 50.0, "action page": 50.0, "api list": 30.0}
CLERK, PASSWORD = "clerk@bench.test", "bench-password"
ACTOR = "user:clerk@bench.test"


def build(instance: Path, actions: int, events: int) -> tuple[str, str]:
    """The log and the users; returns (reference of the long action, API token)."""
    s = build_services(Settings(instance=instance, database_url="", secret_key="bench"))
    t = s.tracker
    owners = [t.add_person(actor=ACTOR, name=f"Officer {k:02d}", job_title="Head of Service",
                           organisation=["NHS Herefordshire and Worcestershire", "Healthwatch", "County Council"][k % 3],
                           email=f"officer{k}@bench.test") for k in range(40)]
    clerk = t.add_person(actor=ACTOR, name="Scrutiny Officer", email=CLERK)
    t.register_committee(actor=ACTOR, short_name="HOSC", name="Health Overview and Scrutiny Committee",
                         authority="A county council", clerk_id=clerk)
    t.register_user(actor=ACTOR, email=CLERK, name="Scrutiny Officer", role=Role.CLERK, password=PASSWORD,
                    person_id=clerk)
    today = date.today()
    kinds = ["information_request", "further_update", "mapping_or_analysis", "circulate_document", "milestone"]
    for i in range(actions):
        ref = t.log_action(actor=ACTOR, committee="HOSC", title=f"Provide further information on item {i}",
                           owner_id=owners[i % 40], kind=kinds[i % 5], minute_ref=f"{i // 10}.{i % 10}",
                           due=today + timedelta(days=(i % 120) - 40),
                           source_quote="the Director undertook to provide further information")
        if i % 3 == 0:
            t.note_progress(ref, actor=ACTOR, text=f"Figures for item {i} requested from the data team")
        if i % 4 == 0:
            t.complete(ref, actor=ACTOR, response="Sent to members")
    long = t.log_action(actor=ACTOR, committee="HOSC", title="Report monthly on waiting times",
                        owner_id=owners[0], kind="further_update", due=today + timedelta(days=10))
    for n in range(events - 1):
        t.comment(long, actor=ACTOR, text=f"Monthly note {n}: figures received and circulated to members.")
    token = t.issue_token(CLERK, actor=ACTOR)
    s.close()
    return long, token


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(client: Any, url: str, runs: int, **kw: Any) -> dict[str, float]:
    for _ in range(5):
        assert client.get(url, **kw).status_code == 200, url
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url, **kw)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return {"p50": statistics.median(samples), "p95": p(samples, 0.95), "max": max(samples)}


def server_side(instance: Path, long_ref: str, token: str, runs: int) -> dict[str, Any]:
    app = create_app(Settings(instance=instance, database_url="", secret_key="bench"))
    app.config["TESTING"] = True
    limiter.reset()
    client = app.test_client()
    html = client.get("/sign-in").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert client.post("/sign-in", data={"email": CLERK, "password": PASSWORD, "csrf_token": csrf}).status_code == 302
    bearer = {"headers": {"Authorization": f"Bearer {token}"}}
    result = {
        "log page": timed(client, "/committees/HOSC", runs),
        "log page, filtered (open, overdue, text)": timed(client, "/committees/HOSC?status=open&overdue=true&q=item", runs),
        "log page 40": timed(client, "/committees/HOSC?page=40", runs),
        "action page": timed(client, f"/actions/{long_ref}", runs),
        "api list": timed(client, "/api/v1/actions?committee=HOSC&status=open&per_page=25", runs, **bearer),
        "baseline: sign-in page": timed(app.test_client(), "/sign-in", runs),
    }
    app.extensions["tracker"].close()
    return result


def under_load(instance: Path, seconds: int) -> dict[str, Any]:
    if not shutil.which("wrk"):
        raise SystemExit("The load test needs wrk (Debian's package wrk): apt-get install -y wrk")
    port = free_port()
    env = {**os.environ, "TRACKER_INSTANCE": str(instance), "SECRET_KEY": "bench", "TRACKER_ENV": "development"}
    env.pop("DATABASE_URL", None)
    tracker = str(Path(sys.executable).parent / "tracker")
    server = subprocess.Popen([tracker, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        cookie = _sign_in(base)
        results = {}
        for label, path, headers in [("log page", "/committees/HOSC", ["-H", f"Cookie: {cookie}"]),
                                     ("baseline: sign-in page", "/sign-in", [])]:
            run = subprocess.run(["wrk", "-t", "2", "-c", "8", "-d", f"{seconds}s", "--latency", *headers,
                                  base + path], capture_output=True, text=True, check=True)
            results[label] = _parse_wrk(run.stdout)
        return results
    finally:
        server.terminate()
        server.wait(15)


def _sign_in(base: str) -> str:
    deadline = time.monotonic() + 30
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    while True:
        try:
            html = opener.open(base + "/sign-in", timeout=2).read().decode()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode({"email": CLERK, "password": PASSWORD, "csrf_token": csrf}).encode()
    opener.open(base + "/sign-in", data=data, timeout=10).read()
    page = opener.open(base + "/committees/HOSC", timeout=10)
    assert "action log" in page.read().decode()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _parse_wrk(text: str) -> dict[str, Any]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    latency = {q: m for q, m in re.findall(r"\s+(50|90|99)%\s+([\d.]+\w+)", text)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"requests_per_s": rps, "latency": latency, "non_2xx": int(errors.group(1)) if errors else 0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actions", type=int, default=2000)
    ap.add_argument("--events", type=int, default=200)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--load-seconds", type=int, default=10)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_web_"))
    try:
        instance = tmp / "instance"
        t0 = time.perf_counter()
        long_ref, token = build(instance, args.actions, args.events)
        res: dict[str, Any] = {"actions": args.actions, "events": args.events, "build_s": time.perf_counter() - t0,
                               "server_side_ms": server_side(instance, long_ref, token, args.runs),
                               "under_load": under_load(instance, args.load_seconds), "targets_ms": TARGETS_MS}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(res, indent=2))
    print(render(res))
    return 0


def render(r: dict[str, Any]) -> str:
    lines = ["", f"Web ({r['actions']:,} actions in the committee; one action with {r['events']} events; SQLite)",
             "1. Server-side, ms (Flask test client, no network)      p50      p95      max   target"]
    for label, t in r["server_side_ms"].items():
        target = TARGETS_MS.get(label)
        verdict = f"<= {target:.0f}  [{'ok' if t['p95'] <= target else 'MISS'}]" if target else ""
        lines.append(f"   {label:<50} {t['p50']:>7.1f}  {t['p95']:>7.1f}  {t['max']:>7.1f}   {verdict}")
    lines.append("2. Under load: wrk, 8 connections, against `tracker serve` (gunicorn, 2 workers) on loopback")
    for label, t in r["under_load"].items():
        lines.append(f"   {label:<50} {t['requests_per_s']:>7.0f} requests/s; latency p50 {t['latency'].get('50')}, "
                     f"p99 {t['latency'].get('99')}; non-2xx {t['non_2xx']}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

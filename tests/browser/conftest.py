"""Fixtures for the browser tests: the real server (gunicorn, via `tracker serve`) on a copy of the demo, Debian's
Chromium driven by Playwright, signing in as a demo user, full-page screenshots and axe-core accessibility checks.

No browser is ever downloaded: the tests use /usr/bin/chromium and fail (never skip) when it cannot start,
because CI must run them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_server import load_demo, serving
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SCREENSHOT_PREFIX = "browser-"
DEMO_USERS = {
    "clerk": ("clerk.hosc@example.org", "demo-clerk"),
    "officer": ("director.ics@example.org", "demo-officer"),
    "chair": ("chair.hosc@example.org", "demo-chair"),
}
# WCAG 2.2 AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")


# The server


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo loaded once; servers run on copies of it."""
    demo = tmp_path_factory.mktemp("browser-demo") / "instance"
    load_demo(demo)
    return demo


@pytest.fixture(scope="session")
def server(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the real server, gunicorn with two workers, on a copy of the demo; stopped afterwards."""
    with serving(demo_folder, tmp_path_factory.mktemp("browser-served") / "instance") as base:
        yield base


# The browser


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless. Fails with a clear message, rather than skipping, when it cannot start."""
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}, which is missing. Install it with "
                    "`apt-get update && apt-get install -y chromium` (.ci/run does this); the tests never "
                    "download a browser.", pytrace=False)
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception as e:  # Playwright raises its own Error with the browser's log in the message
        pytest.fail(f"Chromium at {CHROMIUM} could not be started by Playwright: {e}", pytrace=False)
    yield browser
    browser.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots() -> None:
    """Remove the screenshots of an earlier run, so every file in the folder is from this one."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{SCREENSHOT_PREFIX}*.png"):
        old.unlink()


@pytest.fixture
def open_page(browser: Browser, server: str) -> Iterator[Callable[[], Page]]:
    """open_page(): a new page in a browser context of its own (its own cookies), closed after the test."""
    contexts = []

    def new() -> Page:
        context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale="en-GB",
                                      timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def _sign_in_with_the_form(page: Page, who: str) -> None:
    email, password = DEMO_USERS[who]
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, ")


@pytest.fixture
def sign_in() -> Callable[[Page, str], None]:
    """sign_in(page, "clerk"): a demo user signs in through the real form on the sign-in page, and lands home."""
    return _sign_in_with_the_form


# Accessibility


@dataclass
class AxeFinding:
    """One axe-core rule that failed on one page, with the elements it failed on."""

    page: str
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[str]

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING_IMPACTS

    def line(self) -> str:
        where = "; ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.page} ({self.url}): {self.rule}: {self.help} — {where} ({self.help_url})"


@dataclass
class AxeReport:
    """Every page checked this session and every violation found, for the assertions and the run's summary."""

    checked: list[tuple[str, str]] = field(default_factory=list)
    findings: list[AxeFinding] = field(default_factory=list)
    version: str = ""

    def check(self, page: Page, name: str) -> list[AxeFinding]:
        """Run axe-core (WCAG 2.2 AA rules) on the page as it is now; returns what it found there."""
        from axe_playwright_python.sync_playwright import Axe

        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        response = Axe().run(page, options=options).response
        self.version = response.get("testEngine", {}).get("version", "")
        found = []
        for v in response["violations"]:
            targets = [", ".join(map(str, node["target"])) for node in v["nodes"]]
            found.append(AxeFinding(page=name, url=page.url, rule=v["id"], impact=v.get("impact") or "unknown",
                                    help=v["help"], help_url=v.get("helpUrl", ""), targets=targets))
        self.checked.append((name, page.url))
        self.findings += found
        for finding in found:
            print("axe:", finding.line())
        return found


_report = AxeReport()


@pytest.fixture
def axe() -> AxeReport:
    """The session's accessibility report: axe.check(page, "meeting")."""
    return _report


# A journey: a user's walk through the pages, photographed and checked for accessibility at each step


@dataclass
class Journey:
    """Takes a full-page screenshot at each step (browser-<name>-<nn>-<step>.png) and runs axe on the pages."""

    name: str
    report: AxeReport
    screenshots: list[Path] = field(default_factory=list)
    findings: list[AxeFinding] = field(default_factory=list)

    def step(self, page: Page, step: str, *, axe: str | None = None) -> Path:
        """Photograph the page; with axe="<kind of page>", also check it for accessibility."""
        page.wait_for_load_state("load")
        path = SCREENSHOTS / f"{SCREENSHOT_PREFIX}{self.name}-{len(self.screenshots) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.screenshots.append(path)
        if axe:
            self.findings += self.report.check(page, axe)
        return path

    def assert_no_serious_accessibility_violations(self) -> None:
        """Fail on any serious or critical axe violation seen on this journey's pages (moderate ones are printed)."""
        blocking = [f for f in self.findings if f.blocking]
        assert not blocking, "axe-core found serious or critical WCAG 2.2 AA violations:\n" + "\n".join(
            f.line() for f in blocking)


@pytest.fixture
def journey(axe: AxeReport) -> Callable[[str], Journey]:
    """journey("clerk"): screenshots named for the journey, and its own list of accessibility findings."""
    return lambda name: Journey(name, axe)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _report.checked:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-browser.json").write_text(json.dumps(
        {"axe_core": _report.version, "tags": WCAG_TAGS, "checked": _report.checked,
         "violations": [f.__dict__ for f in _report.findings]}, indent=2))
    terminalreporter.section("accessibility (axe-core)")
    terminalreporter.write_line(
        f"axe-core {_report.version}, WCAG 2.2 AA rules: {len(_report.checked)} page views checked "
        f"({', '.join(sorted({name for name, _ in _report.checked}))}); "
        f"{len(_report.findings)} violation(s); report in {ARTIFACTS / 'axe-browser.json'}")
    for finding in _report.findings:
        terminalreporter.write_line(finding.line(), red=finding.blocking, yellow=not finding.blocking)

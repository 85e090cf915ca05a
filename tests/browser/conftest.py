"""A real Awaaz server and Debian's Chromium, for the browser tests (`make test-browser`).

The server is gunicorn over a fresh SQLite database in a temporary directory, set up with
`awaaz setup` exactly as a newcomer's machine would be. Chromium is the one Debian ships (never a
browser downloaded by Playwright), started with everything that phones home turned off.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from awaaz.core.testing import SmtpSink, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("AWAAZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A common small Android phone.
PHONE = {"width": 360, "height": 740}


def _server_env(var_dir: Path) -> dict[str, str]:
    # The server is a separate process with its own database: nothing of the test run's
    # environment (a PostgreSQL DATABASE_URL, the test-only settings) may leak into it.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "AWAAZ_TESTING", "CACHE_URL", "AWAAZ_PRODUCTION"}
    }
    env.update(
        {
            "AWAAZ_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "awaaz.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url}:\n{log.read_text(errors='replace')}")


@dataclass
class LiveServer:
    """A gunicorn serving a freshly set-up Awaaz, whose mail goes to a real local SMTP sink."""

    url: str
    env: dict[str, str]
    smtp: SmtpSink

    def manage(self, *args: str) -> None:
        """Run a management command against the server's own database (e.g. to seed a chapter)."""
        subprocess.run(  # noqa: S603 - this interpreter running our own commands
            [sys.executable, "-m", "awaaz.cli", *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            timeout=300,
        )


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    var_dir = tmp_path_factory.mktemp("awaaz-var")
    smtp = SmtpSink().start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _server_env(var_dir)
    env.update(
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "AWAAZ_PUBLIC_URL": base,
            "AWAAZ_SMS_BACKEND": "file",
        }
    )
    server = LiveServer(url=base, env=env, smtp=smtp)
    server.manage("setup", "--no-demo", "-v", "0")
    log = var_dir / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own server
            [
                sys.executable,
                "-m",
                "gunicorn",
                "awaaz.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{base}/robots.txt", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        smtp.stop()


@pytest.fixture(scope="session")
def live_url(live: LiveServer) -> str:
    """The base URL of the live server, e.g. http://127.0.0.1:8123."""
    return live.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A page with everything it did recorded: requests, console errors, CSP violations."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__awaazCspViolations || []")
        return found


# Runs before any page script, through the DevTools protocol (so the page's CSP does not apply
# to it): it records every Content-Security-Policy violation the page causes.
_CSP_LISTENER = """
window.__awaazCspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__awaazCspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def watched(browser: Any, live_url: str) -> Iterator[Watched]:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_url,
        service_workers="block",
    )
    page = context.new_page()
    page.add_init_script(_CSP_LISTENER)
    record = Watched(page)
    page.on("request", lambda request: record.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            record.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    try:
        yield record
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

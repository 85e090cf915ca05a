"""Taking the pledge in Urdu on a phone, in Debian's Chromium, against a real gunicorn.

The server sends its confirmation email through Django's SMTP backend to a real SMTP sink on
127.0.0.1; the test reads that email, opens the link, confirms, and sees the pledge counted on
the wall and a chapter near the pledger suggested. The proof-of-work runs in the page's own
script (static/movement/pledges.js), as on a visitor's phone.

The shared `live_url` server has no SMTP sink of its own, so this module starts its own server
(with conftest's helpers) whose EMAIL_PORT points at the sink.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from awaaz.core.testing import SmtpSink
from tests.browser.conftest import (
    PHONE,
    ROOT,
    _free_port,
    _server_env,
    _wait_until_up,
)

pytestmark = pytest.mark.browser

CHAPTER_UR = "نسٹ آواز براؤزر"
SEED_CHAPTER = f"""
from awaaz.movement.models import Chapter
from awaaz.places.models import District
Chapter.objects.get_or_create(slug="nust-browser", defaults=dict(
    name_en="NUST Awaaz (browser)", name_ur="{CHAPTER_UR}", kind="university",
    district=District.objects.get(code="is-islamabad"), status="active"))
"""


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    smtp = SmtpSink().start()
    try:
        yield smtp
    finally:
        smtp.stop()


@pytest.fixture(scope="module")
def pledge_url(tmp_path_factory: pytest.TempPathFactory, sink: SmtpSink) -> Iterator[str]:
    """A gunicorn whose mail goes to `sink`, set up with the pledge text and one chapter."""
    var_dir = tmp_path_factory.mktemp("awaaz-pledge")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _server_env(var_dir)
    env.update(
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "AWAAZ_PUBLIC_URL": base,
            "AWAAZ_SMS_BACKEND": "file",
        }
    )
    cli = [sys.executable, "-m", "awaaz.cli"]
    for args in (["setup", "-v", "0"], ["movement_pledges_load", "-v", "0"]):
        subprocess.run([*cli, *args], env=env, cwd=ROOT, check=True, timeout=300)  # noqa: S603
    # This interpreter running our own commands, with fixed arguments.
    subprocess.run([*cli, "shell", "-c", SEED_CHAPTER], env=env, cwd=ROOT, check=True, timeout=60)  # noqa: S603
    log = var_dir / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own server
            [sys.executable, "-m", "gunicorn", "awaaz.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2"],
            env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_until_up(f"{base}/robots.txt", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _counter(page: Any) -> int:
    page.goto("/ur/pledges/", wait_until="load")
    text = page.locator("#pledge-total").inner_text()
    # Urdu pages may print digits in Urdu; read them either way.
    digits = "".join(str(int(c)) for c in text if c.isdigit())
    return int(digits or "0")


def test_pledge_in_urdu_confirmed_by_email(
    browser: Any, pledge_url: str, sink: SmtpSink, artifacts: Path
) -> None:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=pledge_url, service_workers="block", locale="ur-PK",
    )  # fmt: skip
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        before = _counter(page)

        page.goto("/ur/pledge/", wait_until="load")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "قصور زیادتی کرنے والے کا ہے" in page.locator("blockquote").inner_text()
        opened = time.monotonic()
        page.get_by_label("آپ کا نام").fill("ذیشان احمد")
        page.get_by_label("میرا پہلا نام اور ضلع دکھائیں").check()
        page.get_by_label("ای میل").fill("zeeshan.browser@example.org")
        page.get_by_label("آپ کا ضلع").select_option("is-islamabad")
        page.locator("input[name=consent]").check()
        # The page's script solves the proof-of-work in the background.
        page.wait_for_function(
            "document.querySelector('input[name=work]').value !== ''", timeout=30_000
        )
        time.sleep(max(0.0, 3.5 - (time.monotonic() - opened)))
        page.screenshot(path=str(artifacts / "pledge-form-ur.png"), full_page=True)
        page.get_by_role("button", name="عہد کریں").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "اپنے پیغامات دیکھیں"

        deadline = time.monotonic() + 10
        while not sink.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        (message,) = sink.messages
        assert message["To"] == "zeeshan.browser@example.org"
        assert str(message["Subject"]).strip() == "براہِ کرم اپنے عہد کی تصدیق کریں"
        link = re.search(r"https?://\S+/pledge/confirm/\S+/", sink.bodies()[0])
        assert link, sink.bodies()[0]
        assert urlsplit(link.group(0)).netloc == urlsplit(pledge_url).netloc

        page.goto(link.group(0), wait_until="load")
        page.get_by_role("button", name="میرے عہد کی تصدیق کریں").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "شکریہ: آپ کا عہد شمار ہو گیا"
        assert CHAPTER_UR in page.locator("main").inner_text()
        share = page.get_by_role("link", name="واٹس ایپ پر بھیجیں").get_attribute("href")
        assert share is not None
        assert share.startswith("https://wa.me/?text=")
        page.screenshot(path=str(artifacts / "pledge-thanks-ur.png"), full_page=True)

        assert _counter(page) == before + 1
        assert "ذیشان" in page.locator("ul.recent").inner_text()
        assert "احمد" not in page.locator("ul.recent").inner_text()
        page.screenshot(path=str(artifacts / "pledge-wall-ur.png"), full_page=True)
    finally:
        context.close()
    here = urlsplit(pledge_url).netloc
    assert all(urlsplit(u).netloc in {here, ""} for u in requests), requests
    assert not errors, errors

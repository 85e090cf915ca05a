"""Taking the pledge in Urdu on a phone, in Debian's Chromium, against a real gunicorn.

The server sends its confirmation email through Django's SMTP backend to a real SMTP sink on
127.0.0.1; the test reads that email, opens the link, confirms, and sees the pledge counted on
the wall and a chapter near the pledger suggested. The proof-of-work runs in the page's own
script (static/movement/pledges.js), as on a visitor's phone.

The shared live server (tests/browser/conftest.py) sends its mail to that sink.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE, LiveServer

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
def pledge_url(live: LiveServer) -> str:
    """The shared live server, with one chapter in Islamabad to suggest."""
    live.manage("shell", "-c", SEED_CHAPTER)
    return live.url


def _counter(page: Any) -> int:
    page.goto("/ur/pledges/", wait_until="load")
    text = page.locator("#pledge-total").inner_text()
    # Urdu pages may print digits in Urdu; read them either way.
    digits = "".join(str(int(c)) for c in text if c.isdigit())
    return int(digits or "0")


def test_pledge_in_urdu_confirmed_by_email(
    browser: Any, pledge_url: str, live: LiveServer, artifacts: Path
) -> None:
    sink = live.smtp
    address = "zeeshan.browser@example.org"
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
        page.get_by_label("ای میل").fill(address)
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
        while not sink.messages_to(address) and time.monotonic() < deadline:
            time.sleep(0.1)
        (message,) = sink.messages_to(address)
        assert str(message["Subject"]).strip() == "براہِ کرم اپنے عہد کی تصدیق کریں"
        part = message.get_body(preferencelist=("plain",))
        assert part is not None
        body = part.get_content()
        link = re.search(r"https?://\S+/pledge/confirm/\S+/", body)
        assert link, body
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

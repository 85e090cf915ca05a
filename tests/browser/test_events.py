"""A visitor RSVPs to an event and the host checks them in at the door, on a phone.

Debian's Chromium against a real gunicorn (tests/browser/conftest.py). The event is seeded on
the server's own database; the seed writes the host's signed check-in link to a file, as the
focal person would copy it from his event page. The visitor's confirmation email arrives at the
live server's SMTP sink and carries the check-in code the host then types.
(The whole path, from planning the event to the closing report: test_event_report.py.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _CSP_LISTENER, PHONE, LiveServer

pytestmark = pytest.mark.browser

SEED_EVENT = """
import datetime
from django.utils import timezone
from awaaz.activities.services import events as services
from awaaz.movement.models import Chapter
from awaaz.places.models import District
district = District.objects.get(code="is-islamabad")
chapter, _ = Chapter.objects.get_or_create(slug="events-browser", defaults=dict(
    name_en="Events Browser Chapter", name_ur="ایونٹس براؤزر چیپٹر", kind="university",
    district=district, status="active"))
start = timezone.now() + datetime.timedelta(days=3)
event = services.event_create(actor=None, chapter=chapter, kind="awareness",
    title_en="Browser session on consent", title_ur="رضامندی پر براؤزر نشست",
    starts_at=start, ends_at=start + datetime.timedelta(hours=2), district=district,
    venue_kind="university", venue_name="Fictional Hall", description_en="", description_ur="",
    speakers="", partner_organisations="", is_public=True, capacity=20)
door = "/en/events/%s/door/%s/" % (event.slug, services.checkin_token(event))
open(OUT, "w").write(event.slug + "\\n" + door)
"""


@pytest.fixture(scope="module")
def seeded(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("events") / "event.txt"
    live.manage("shell", "-c", f"OUT = {str(out)!r}\n" + SEED_EVENT)
    slug, door = out.read_text().splitlines()
    return slug, door


def test_visitor_rsvps_and_host_checks_in_on_a_phone(
    browser: Any, live: LiveServer, seeded: tuple[str, str], artifacts: Path
) -> None:
    slug, door = seeded
    address = "hina.browser@example.org"
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=live.url, service_workers="block",
    )  # fmt: skip
    page = context.new_page()
    page.add_init_script(_CSP_LISTENER)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    # The visitor finds the event on the calendar and answers.
    page.goto("/en/events/", wait_until="load")
    page.get_by_role("link", name="Browser session on consent").click()
    page.wait_for_load_state("load")
    assert slug in page.url
    assert "wa.me" in (
        page.get_by_role("link", name="Share on WhatsApp").get_attribute("href") or ""
    )
    page.get_by_label("Your name").fill("Hina Fictional")
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="I am coming").click()
    page.wait_for_load_state("load")
    assert "You are registered for Browser session on consent." in page.content()
    code = page.locator(".ev-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    page.screenshot(path=str(artifacts / "events-rsvp-phone.png"), full_page=True)
    assert page.evaluate("window.__awaazCspViolations") == []

    # The confirmation email carries the same code and a cancel link.
    deadline = 50
    while not live.smtp.messages_to(address) and deadline:
        page.wait_for_timeout(200)
        deadline -= 1
    part = live.smtp.messages_to(address)[0].get_body(preferencelist=("plain",))
    assert part is not None
    body = part.get_content()
    assert code in body
    assert "/events/rsvp/cancel/" in body

    # The host, on another phone without an account, opens the door link and checks her in.
    host = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=live.url, service_workers="block",
    )  # fmt: skip
    door_page = host.new_page()
    door_page.goto(door, wait_until="load")
    assert "Checked in: 0 of 1" in door_page.content()
    door_page.get_by_label("Check-in code or name").fill(code.lower())
    door_page.get_by_role("button", name="Find").click()
    door_page.get_by_role("button", name="Check in Hina Fictional").click()
    door_page.wait_for_load_state("load")
    assert "Hina Fictional is checked in." in door_page.content()
    assert "Checked in: 1 of 1" in door_page.content()
    door_page.screenshot(path=str(artifacts / "events-door-phone.png"), full_page=True)

    # A tampered link is refused.
    door_page.goto(door.rstrip("/") + "x/", wait_until="load")
    assert "Check-in link not valid" in door_page.content()

    # Nothing was loaded from anywhere but our own server.
    assert all(url.startswith(live.url) for url in requests), requests
    context.close()
    host.close()

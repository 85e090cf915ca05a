"""The focal person files an event's closing report with a photo on a phone; the public event page
shows it, and the photo the site serves carries no EXIF.

Debian's Chromium against a real gunicorn (tests/browser/conftest.py). The focal person signs in
with his password and a TOTP code computed here from his device's key (the RFC 6238 test
secret). The photo is generated here with a phone make and a GPS position in its EXIF.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import _CSP_LISTENER, PHONE, LiveServer

pytestmark = pytest.mark.browser

USERNAME = "zafar_browser_focal"
PASSWORD = "amber-lantern-orchard-47"  # a fictional test password
TOTP_KEY = "3132333435363738393031323334353637383930"
SLUG = "browser-closing-report"

SEED = f"""
import datetime
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from awaaz.activities.models import Event
from awaaz.core.models import User
from awaaz.movement.models import Chapter, ChapterRoleKind, Member
from awaaz.movement.services.chapters import chapter_role_appoint
from awaaz.places.models import District
district = District.objects.get(code="is-islamabad")
chapter, _ = Chapter.objects.get_or_create(slug="reports-browser", defaults=dict(
    name_en="Reports Browser Chapter", name_ur="رپورٹس براؤزر چیپٹر", kind="university",
    district=district, status="active"))
user, created = User.objects.get_or_create(username="{USERNAME}", defaults=dict(
    email="zafar.focal@example.org", is_staff=True))
if created:
    user.set_password("{PASSWORD}")
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True, key="{TOTP_KEY}")
    member = Member.objects.create(user=user, display_name="Zafar Fictional",
        email="zafar.focal@example.org", district=district, language="en")
    chapter_role_appoint(actor=None, chapter=chapter, member=member,
        kind=ChapterRoleKind.FOCAL_PERSON,
        starts_on=timezone.localdate() - datetime.timedelta(days=30))
ends = timezone.now() - datetime.timedelta(hours=3)
Event.objects.get_or_create(slug="{SLUG}", defaults=dict(chapter=chapter, kind="awareness",
    title_en="Browser report session", title_ur="براؤزر رپورٹ نشست",
    starts_at=ends - datetime.timedelta(hours=2), ends_at=ends, district=district,
    venue_kind="university", venue_name="Fictional Hall", is_public=True))
"""


def _totp_now() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def _phone_photo(path: Path) -> Path:
    image = Image.new("RGB", (2400, 1800), (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "BrowserPhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (33.0, 42.0, 0.0), 3: "E", 4: (73.0, 4.0, 0.0)})
    image.save(path, "JPEG", quality=80, exif=exif)
    return path


@pytest.fixture(scope="module")
def seeded(live: LiveServer) -> str:
    live.manage("shell", "-c", SEED)
    return SLUG


def test_focal_person_files_a_report_with_a_photo_and_the_public_sees_it(
    browser: Any, live: LiveServer, seeded: str, artifacts: Path, tmp_path: Path
) -> None:
    report_path = f"/en/events/{seeded}/report/"
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=live.url, service_workers="block",
    )  # fmt: skip
    page = context.new_page()
    page.add_init_script(_CSP_LISTENER)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    # Password, then the code from his authenticator app.
    page.goto(f"/en/admin/login/?next={report_path}", wait_until="load")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_load_state("load")
    if report_path not in page.url:
        page.goto(report_path, wait_until="load")
    if "otp" in page.url or "verify" in page.url:
        page.locator("input[name=token]").fill(_totp_now())
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_load_state("load")
    if report_path not in page.url:
        page.goto(report_path, wait_until="load")
    assert page.get_by_role("heading", name="Report on Browser report session").is_visible()

    page.locator("input[name=men]").fill("25")
    page.locator("input[name=women]").fill("14")
    page.locator("input[name=transgender]").fill("1")
    page.locator("input[name=total]").fill("40")
    page.locator("input[name=audience][value=students]").check()
    page.locator("textarea[name=outcomes]").fill(
        "The students' union asked for a follow-up session."
    )
    page.locator("textarea[name=follow_ups]").fill("Phone the union secretary.")
    page.locator("input[name=photo]").set_input_files(str(_phone_photo(tmp_path / "hall.jpg")))
    page.locator("input[name=photo_caption]").fill("The hall after the session")
    page.locator("input[name=photo_consent]").check()
    page.screenshot(path=str(artifacts / "event-report-form-phone.png"), full_page=True)
    page.get_by_role("button", name="File the report").click()
    page.wait_for_load_state("load")
    assert "Thank you: the report is filed." in page.content()
    page.screenshot(path=str(artifacts / "event-report-filed-phone.png"), full_page=True)

    # A visitor, not signed in, opens the public event page.
    visitor = browser.new_context(viewport=PHONE, base_url=live.url, service_workers="block")
    public = visitor.new_page()
    public.add_init_script(_CSP_LISTENER)
    public.goto(f"/en/events/{seeded}/", wait_until="load")
    html = public.content()
    assert "40 people attended" in html
    assert "asked for a follow-up session" in html
    assert "Phone the union secretary" not in html
    image = public.locator(".reports-public img").first
    assert image.is_visible()
    src = image.get_attribute("src") or ""
    assert re.search(r"/reports/photos/\d+\.jpg$", src), src
    served = visitor.request.get(src)
    assert served.ok
    with Image.open(io.BytesIO(served.body())) as stored:
        assert len(stored.getexif()) == 0
        assert max(stored.size) == 1600
    assert b"BrowserPhoneMaker" not in served.body()
    public.screenshot(path=str(artifacts / "event-report-public-phone.png"), full_page=True)
    for p in (page, public):
        assert p.evaluate("window.__awaazCspViolations || []") == []
    assert all(url.startswith(live.url) for url in requests)
    context.close()
    visitor.close()

"""The issue's acceptance, in one Chromium run: a focal person plans an event in the browser, a
visitor RSVPs, the host checks the visitor in at the door on a 360 px phone through the signed
link, the focal person files the closing report with two GPS-tagged photos (each with its own
consent), and the public event page shows the report with the consented photo, which carries no
EXIF (neither stored photo does).

Debian's Chromium against a real gunicorn (tests/browser/conftest.py). Only the chapter and the
focal person's account are seeded; everything else happens in the browser. The focal person signs
in with his password and a TOTP code computed here from his device's key (the RFC 6238 test
secret). One thing cannot happen in a browser: time passing between the door and the report. The
test moves the event's start and end into the past on the server's database (the event "took
place"), exactly as the clock would.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.browser.conftest import _CSP_LISTENER, PHONE, LiveServer

pytestmark = pytest.mark.browser

USERNAME = "zafar_browser_focal"
PASSWORD = "amber-lantern-orchard-47"  # a fictional test password
TOTP_KEY = "3132333435363738393031323334353637383930"
CHAPTER = "reports-browser"
TITLE = "Browser session on safe campuses"
KARACHI = ZoneInfo("Asia/Karachi")

SEED = f"""
import datetime
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from awaaz.core.models import User
from awaaz.movement.models import Chapter, ChapterRoleKind, Member
from awaaz.movement.services.chapters import chapter_role_appoint
from awaaz.places.models import District
district = District.objects.get(code="is-islamabad")
chapter, _ = Chapter.objects.get_or_create(slug="{CHAPTER}", defaults=dict(
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
"""

# The event took place: it started three hours ago and ended an hour ago.
PAST = """
import datetime
from django.utils import timezone
from awaaz.activities.models import Event
now = timezone.now()
Event.objects.filter(slug=SLUG).update(
    starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=1))
"""


# What the server stored (not only what it serves): the photo file's EXIF and its first bytes.
STORED = """
from PIL import Image
from awaaz.activities.models import ReportPhoto
tags = traces = 0
photos = ReportPhoto.objects.filter(report__event__slug=SLUG)
for photo in photos:
    with photo.image.open("rb") as handle:
        traces += b"BrowserPhoneMaker" in handle.read()
    with Image.open(photo.image.path) as stored:
        tags += len(stored.getexif())
open(OUT, "w").write("%d %d %d" % (len(photos), tags, traces))
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


def _phone(browser: Any, live: LiveServer) -> Any:
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=live.url, service_workers="block",
    )  # fmt: skip


def _sign_in(page: Any, target: str) -> None:
    """Password, then the code from his authenticator app; ends on `target`."""
    page.goto(f"/en/admin/login/?next={target}", wait_until="load")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_load_state("load")
    if target not in page.url:
        page.goto(target, wait_until="load")
    if "otp" in page.url or "verify" in page.url:
        page.locator("input[name=token]").fill(_totp_now())
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_load_state("load")
    if target not in page.url:
        page.goto(target, wait_until="load")


@pytest.fixture(scope="module")
def seeded(live: LiveServer) -> str:
    live.manage("shell", "-c", SEED)
    return CHAPTER


def test_focal_person_plans_hosts_and_reports_an_event_and_the_public_sees_it(
    browser: Any, live: LiveServer, seeded: str, artifacts: Path, tmp_path: Path
) -> None:
    requests: list[str] = []
    focal = _phone(browser, live)
    page = focal.new_page()
    page.add_init_script(_CSP_LISTENER)
    page.on("request", lambda request: requests.append(request.url))

    # 1. The focal person plans the event from his chapter's events page.
    _sign_in(page, f"/en/events/manage/{seeded}/")
    page.get_by_role("link", name="Plan an event").click()
    page.wait_for_load_state("load")
    starts = datetime.datetime.now(KARACHI).replace(second=0, microsecond=0)
    starts += datetime.timedelta(days=2)
    page.get_by_label("Title (English)").fill(TITLE)
    page.get_by_label("Title (Urdu)").fill("محفوظ کیمپس پر براؤزر نشست")
    page.get_by_label("Type").select_option("awareness")
    page.get_by_label("Starts (Pakistan time)").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    ends = starts + datetime.timedelta(hours=2)
    page.get_by_label("Ends (Pakistan time)").fill(ends.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Kind of venue").select_option("university")
    page.locator("input[name=venue_name]").fill("Fictional Hall")
    page.get_by_label("Capacity (leave empty for no limit)").fill("30")
    page.screenshot(path=str(artifacts / "event-plan-phone.png"), full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    assert "The event is planned." in page.content()
    slug = re.search(r"/events/([^/]+)/rsvps/", page.url)
    assert slug, page.url
    slug_text = slug.group(1)
    door = page.locator("#door-link").get_attribute("href") or ""
    assert f"/events/{slug_text}/door/" in door

    # 2. A visitor finds it on the public calendar and RSVPs.
    visitor = _phone(browser, live)
    public = visitor.new_page()
    public.add_init_script(_CSP_LISTENER)
    public.on("request", lambda request: requests.append(request.url))
    public.goto("/en/events/", wait_until="load")
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_load_state("load")
    public.get_by_label("Your name").fill("Sana Fictional")
    public.get_by_label("Email").fill("sana.browser@example.org")
    public.get_by_role("button", name="I am coming").click()
    public.wait_for_load_state("load")
    assert f"You are registered for {TITLE}." in public.content()
    code = public.locator(".ev-code").inner_text().strip()

    # 3. The host, on a 360 px phone without an account, checks her in through the link.
    host = _phone(browser, live)
    door_page = host.new_page()
    door_page.add_init_script(_CSP_LISTENER)
    door_page.on("request", lambda request: requests.append(request.url))
    door_page.goto(door, wait_until="load")
    assert door_page.viewport_size["width"] == 360
    assert "Checked in: 0 of 1" in door_page.content()
    door_page.get_by_label("Check-in code or name").fill(code.lower())
    door_page.get_by_role("button", name="Find").click()
    door_page.get_by_role("button", name="Check in Sana Fictional").click()
    door_page.wait_for_load_state("load")
    assert "Sana Fictional is checked in." in door_page.content()
    assert "Checked in: 1 of 1" in door_page.content()
    # Nothing on the door page is wider than the phone.
    assert door_page.evaluate("document.documentElement.scrollWidth") <= 360
    door_page.screenshot(path=str(artifacts / "event-door-360.png"), full_page=True)

    # 4. The event takes place; the focal person files the report with a GPS-tagged photo.
    live.manage("shell", "-c", f"SLUG = {slug_text!r}\n" + PAST)
    page.goto(f"/en/events/{slug_text}/rsvps/", wait_until="load")
    assert "checked in: 1" in page.content()
    page.get_by_role("link", name="The closing report").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name=f"Report on {TITLE}").is_visible()
    page.locator("input[name=men]").fill("25")
    page.locator("input[name=women]").fill("14")
    page.locator("input[name=transgender]").fill("1")
    page.locator("input[name=total]").fill("40")
    page.locator("input[name=audience][value=students]").check()
    page.locator("textarea[name=outcomes]").fill(
        "The students' union asked for a follow-up session."
    )
    page.locator("textarea[name=follow_ups]").fill("Phone the union secretary.")
    # Too much for one upload, then one photo too large: the page says so as soon as they are
    # chosen, and the button sends nothing (a phone must not upload 52 MB to hear it).
    posts: list[str] = []

    def note_post(request: Any) -> None:
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", note_post)
    problem = page.locator(".reports-photo-problem")
    assert problem.is_hidden()
    megabyte = 1024 * 1024

    def gallery_file(name: str, size: int) -> str:
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(size)  # its size is what the page checks
        return str(path)

    page.locator("input[name=photo]").set_input_files(
        [gallery_file(f"gallery-{n}.jpg", 13 * megabyte) for n in range(4)]
    )
    assert problem.is_visible()
    assert "These photos are 52.0 MB together, and at most 48 MB" in problem.inner_text()
    page.get_by_role("button", name="File the report").click()
    page.wait_for_timeout(500)
    assert posts == []
    assert page.get_by_role("heading", name=f"Report on {TITLE}").is_visible()
    page.locator("input[name=photo]").set_input_files(gallery_file("huge.jpg", 16 * megabyte))
    assert "huge.jpg is 16.0 MB, and photos can be at most 15 MB" in problem.inner_text()
    # Two photos from the gallery at once, both with the phone's make and GPS position; each
    # gets its own caption and consent box: the people in the hall agreed, those on stage not.
    page.locator("input[name=photo]").set_input_files(
        [str(_phone_photo(tmp_path / name)) for name in ("hall.jpg", "stage.jpg")]
    )
    assert problem.is_hidden()
    assert page.locator("input[name=photo_caption]").is_hidden()
    page.locator("input[name=photo_caption_0]").fill("The hall after the session")
    page.locator("input[name=photo_consent_0]").check()
    page.locator("input[name=photo_caption_1]").fill("The speakers on stage")
    page.screenshot(path=str(artifacts / "event-report-form-phone.png"), full_page=True)
    page.get_by_role("button", name="File the report").click()
    page.wait_for_load_state("load")
    assert "Thank you: the report is filed." in page.content()
    page.screenshot(path=str(artifacts / "event-report-filed-phone.png"), full_page=True)
    # The focal person sees both photos, each with its own consent.
    assert page.get_by_text("Public: consent given").count() == 1
    assert page.get_by_text("Not public: no consent").count() == 1

    # 5. The public event page shows the report; the photo it serves has no EXIF.
    public.goto(f"/en/events/{slug_text}/", wait_until="load")
    html = public.content()
    assert "40 people attended" in html
    assert "asked for a follow-up session" in html
    assert "Phone the union secretary" not in html
    assert public.locator(".reports-public img").count() == 1  # the consented photo only
    assert "The hall after the session" in html
    assert "The speakers on stage" not in html
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
    out = tmp_path / "stored.txt"
    live.manage("shell", "-c", f"SLUG = {slug_text!r}\nOUT = {str(out)!r}\n" + STORED)
    # Two photos stored; no EXIF tag and no trace of the phone in either file.
    assert out.read_text() == "2 0 0"

    for p in (page, public, door_page):
        assert p.evaluate("window.__awaazCspViolations || []") == []
    assert all(url.startswith(live.url) for url in requests), requests
    for context in (focal, visitor, host):
        context.close()

"""The acceptance test of safe reporting, in Urdu, in Debian's Chromium with JavaScript OFF.

A reporter files a report (a man, as male survivors are the ones least heard), gets the receipt;
a case worker signs in with her password and a TOTP code computed here from her device's key,
unlocks her keys, finds the report, reads it and replies; the reporter opens the report with the
receipt, reads the reply, then withdraws and deletes it, and the case worker can no longer open it.

Both people use browsers with JavaScript disabled: without the page's proof-of-work script the
intake asks for a few seconds between opening a form and sending it, so the test waits as a
person would. Every name and word here is fictional.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser

USERNAME = "farah_browser_cw"
PASSWORD = "violet-harbour-lantern-92"  # a fictional test password
TOTP_KEY = "3132333435363738393031323334353637383930"  # the RFC 6238 test secret, as hex
CANARY = "نیلی پتنگ والا واقعہ — the blue kite evening, told for the browser test"
REPLY = "آپ کا شکریہ، ہم آپ پر یقین کرتے ہیں۔ We believe you."

SEED_CASE_WORKER = f"""
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from awaaz.core.models import User
from awaaz.safety import services
user, created = User.objects.get_or_create(
    username="{USERNAME}",
    defaults=dict(first_name="Farah", email="farah.cw@example.org", is_staff=True),
)
if created:
    user.set_password("{PASSWORD}")
    user.save()
    user.groups.add(Group.objects.get(name="case worker"))
    TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True, key="{TOTP_KEY}")
    services.caseworker_keys_create(user=user, password="{PASSWORD}", receives_new_reports=True)
"""

# Without the proof-of-work script, a form must have been open this long (views_intake).
NO_SCRIPT_WAIT_REPORT = 10.5
NO_SCRIPT_WAIT_RECEIPT = 5.5


@pytest.fixture(scope="module")
def report_url(live: LiveServer) -> str:
    live.manage("shell", "-c", SEED_CASE_WORKER)
    return live.url


def _context(browser: Any, base_url: str) -> Any:
    return browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        base_url=base_url, service_workers="block", locale="ur-PK",
        java_script_enabled=False,
    )  # fmt: skip


def _wait_since(started: float, seconds: float) -> None:
    # A person takes this long; the page has no script to do the proof-of-work instead.
    remaining = seconds - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def _unlock_if_asked(console: Any) -> None:
    """Her keys are unlocked with her password once per session, when a report is first opened."""
    if "/keys/unlock/" not in console.url:
        return
    console.locator("input[name=password]").fill(PASSWORD)
    console.locator("form:has(input[name=password]) button[type=submit]").first.click()
    console.wait_for_load_state("load")


def _totp_now() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def test_report_in_urdu_without_javascript(
    browser: Any, report_url: str, live: LiveServer, artifacts: Path
) -> None:
    reporter = _context(browser, report_url)
    worker = _context(browser, report_url)
    page = reporter.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        # --- The reporter: first page, then the form ---------------------------------------
        response = page.goto("/ur/report/", wait_until="load")
        assert response is not None
        assert "no-store" in response.headers["cache-control"]
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.title() == "آواز — معلومات"
        exit_link = page.locator("#quick-exit")
        assert exit_link.inner_text() == "یہ صفحہ فوراً چھوڑیں"
        assert (exit_link.get_attribute("href") or "").startswith("https://")
        page.get_by_role("link", name="رپورٹ شروع کریں").click()
        page.wait_for_load_state("load")
        opened = time.monotonic()

        page.locator("input[name=reporter_role][value='survivor']").check()
        page.locator("input[name=incident_type][value='rape']").check()
        page.locator("input[name=when][value='within_month']").check()
        page.locator("select[name=district]").select_option("is-islamabad")
        page.locator("input[name=survivor_gender][value='man']").check()
        page.locator("input[name=survivor_age][value='18_24']").check()
        page.locator("input[name=perpetrator_count][value='one']").check()
        page.locator("input[name=help_wanted][value='counselling']").check()
        page.get_by_label("اپنے الفاظ میں").fill(CANARY)
        consent = page.locator("input[name=consent_statistics]")
        consent.check()
        # The consent says, before it is given, that a count once made outlives the report.
        consent_text = page.locator("#f-consent_statistics").inner_text()
        assert "رپورٹ مٹانے کے بعد بھی باقی رہتی ہے" in consent_text
        page.screenshot(path=str(artifacts / "report-form-ur.png"), full_page=True)
        _wait_since(opened, NO_SCRIPT_WAIT_REPORT)
        page.get_by_role("button", name="رپورٹ بھیجیں").click()
        page.wait_for_load_state("load")

        assert page.get_by_role("heading", name="آپ کی رپورٹ مل گئی").is_visible()
        grouped = page.locator(".receipt-number").inner_text().strip()
        assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", grouped), grouped
        receipt = grouped.replace(" ", "")
        assert receipt not in page.url
        page.screenshot(path=str(artifacts / "report-receipt-ur.png"), full_page=True)
        cookies = reporter.cookies()
        assert [c["name"] for c in cookies] == ["csrftoken"]
        assert cookies[0]["expires"] == -1  # gone when the browser closes

        # --- The case worker: password, TOTP code, unlock, read, reply -----------------------
        console = worker.new_page()
        console.goto("/ur/admin/login/?next=/ur/console/", wait_until="load")
        console.locator("input[name=username]").fill(USERNAME)
        console.locator("input[name=password]").fill(PASSWORD)
        console.locator("input[type=submit], button[type=submit]").first.click()
        console.wait_for_load_state("load")
        assert "/otp/" in console.url or "verify" in console.url, console.url
        console.locator("input[name=token]").fill(_totp_now())
        console.locator("form button[type=submit], form input[type=submit]").first.click()
        console.wait_for_load_state("load")
        console.goto("/ur/console/", wait_until="load")
        _unlock_if_asked(console)
        links = console.locator("a[href*='/console/reports/']")
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        report_path = ""
        for href in dict.fromkeys(hrefs):
            console.goto(href, wait_until="load")
            _unlock_if_asked(console)
            if CANARY in console.content():
                report_path = href
                break
        if not report_path:
            console.screenshot(path=str(artifacts / "report-console-missing.png"), full_page=True)
        assert report_path, f"the report is not readable: {hrefs} {console.url}"
        console.locator("textarea[name=message]").fill(REPLY)
        console.locator("form:has(textarea[name=message]) button[type=submit]").first.click()
        console.wait_for_load_state("load")
        assert REPLY in console.content()

        # --- The reporter again: the receipt, the reply, then delete ------------------------
        page.goto("/ur/report/follow-up/", wait_until="load")
        opened = time.monotonic()
        page.get_by_label("آپ کا 16 ہندسوں کا رسید نمبر").fill(grouped)
        _wait_since(opened, NO_SCRIPT_WAIT_RECEIPT)
        page.get_by_role("button", name="کھولیں").click()
        page.wait_for_load_state("load")
        body = page.content()
        assert REPLY in body
        assert CANARY in body
        assert "کیس ورکر Farah نے لکھا" in body
        page.screenshot(path=str(artifacts / "report-thread-ur.png"), full_page=True)

        page.get_by_role("button", name="میری رپورٹ مٹائیں…").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="اپنی رپورٹ مٹا دیں؟").is_visible()
        assert page.get_by_text("یہ گنتی ابھی نہیں ہوئی").is_visible()  # not yet counted
        page.get_by_role("button", name="ہاں، اسے ہمیشہ کے لیے مٹا دیں").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="آپ کی رپورٹ مٹا دی گئی").is_visible()

        # Gone for the case worker too, and the receipt no longer opens anything.
        gone = console.goto(report_path, wait_until="load")
        assert gone is not None
        assert gone.status == 404
        page.goto("/ur/report/follow-up/", wait_until="load")
        opened = time.monotonic()
        page.get_by_label("آپ کا 16 ہندسوں کا رسید نمبر").fill(receipt)
        _wait_since(opened, NO_SCRIPT_WAIT_RECEIPT)
        page.get_by_role("button", name="کھولیں").click()
        page.wait_for_load_state("load")
        assert page.locator(".errorlist").count() > 0

        # Nothing was loaded from anywhere but the site itself.
        assert all(url.startswith(report_url) for url in requests), requests
        server_log = Path(live.env["AWAAZ_VAR_DIR"]) / "gunicorn.log"
        if server_log.exists():
            assert CANARY not in server_log.read_text(errors="replace")
    finally:
        reporter.close()
        worker.close()


def test_quick_exit_and_proof_of_work_with_javascript(watched: Any) -> None:
    """With JavaScript on: the page's script solves the proof-of-work, Esc twice leaves the site
    by replacing the page (Back does not return to it), and no page breaks its CSP."""
    page = watched.page
    # The neutral site is answered here: the test never reaches the internet.
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>weather</p>"),
    )
    page.goto("/en/report/", wait_until="load")
    page.goto("/en/report/new/", wait_until="load")
    size = len(page.content().encode())
    assert size < 60_000, f"the report form weighs {size} bytes"
    page.wait_for_function(
        "document.querySelector('input[name=work]').value !== ''", timeout=30_000
    )
    assert watched.csp_violations() == []
    page.locator("body").press("Escape")
    page.locator("body").press("Escape")
    page.wait_for_url("https://www.google.com/**")
    page.go_back(wait_until="load")
    # Back leads to the first page, not to the form that was open.
    assert not page.url.endswith("/report/new/"), page.url
    assert watched.page_errors == []

"""Console pages as a case worker meets them: Urdu, right to left, light, and the unlock form
that brings her back to the report she asked for."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from awaaz.core.testing import PERSONA_PASSWORD
from awaaz.safety.tests.test_console_base import CANARY, ConsoleTestCase, report_make


class ConsolePageTests(ConsoleTestCase):
    def test_urdu_console_is_right_to_left_and_translated(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        with translation.override("ur"):
            inbox_url = reverse("safety:console_inbox")
            report_url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        assert inbox_url.startswith("/ur/")
        inbox = client.get(inbox_url).content.decode()
        assert 'dir="rtl"' in inbox
        assert "آپ کے سپرد رپورٹیں" in inbox
        page = client.get(report_url).content.decode()
        assert "جواب" in page
        assert "بھیجیں" in page
        assert CANARY in page

    def test_unlock_form_returns_to_the_report_asked_for(self) -> None:
        report, _receipt = report_make()
        client = self.verified_client_for(self.case_worker)
        report_url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        unlock_url = client.get(report_url)["Location"]
        form = client.get(unlock_url).content.decode()
        hidden = re.search(r'name="next" value="([^"]*)"', form)
        assert hidden is not None
        assert hidden.group(1) == report_url
        response = client.post(
            reverse("safety:console_unlock"),
            {"password": PERSONA_PASSWORD, "next": hidden.group(1)},
        )
        assert response["Location"] == report_url

    def test_unlock_never_redirects_off_the_console(self) -> None:
        client = self.verified_client_for(self.case_worker)
        for target in (
            "https://evil.example/",
            "//evil.example/",
            "/en/admin/",
            "/en/console/\\\\x",
        ):
            response = client.post(
                reverse("safety:console_unlock"), {"password": PERSONA_PASSWORD, "next": target}
            )
            assert response["Location"] == reverse("safety:console_inbox"), target

    def test_pages_are_light_and_carry_no_inline_style_or_script(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        for url in (
            reverse("safety:console_inbox"),
            reverse("safety:console_report", kwargs={"public_id": report.public_id}),
            reverse("safety:console_delete", kwargs={"public_id": report.public_id}),
            reverse("safety:console_unassigned"),
        ):
            body = client.get(url).content
            assert len(body) < 40_000, (url, len(body))
            assert b"style=" not in body
            assert b"<script" not in body
            assert b"http://" not in body.replace(b"http://www.w3.org", b"")

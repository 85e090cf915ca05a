"""After a report with a unique canary sentence: no trace of it, or of the reporter's address or
browser, in a full database dump, the safety files folder, the media folder or the logs."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from awaaz.core.testing import PersonasTestCase
from awaaz.safety.models import Report
from awaaz.safety.tests.test_intake_report import receipt_in, report_data, solved, token_in, url

ADDRESS = "203.0.113.77"
BROWSER = "CanaryPhone/7.7 (Android; Example)"
REFERRER = "https://referrer.example/secret-page"
CANARY = "the violet tortoise counted nine silver buttons"
FILE_CANARY = b"amber lighthouse whispering seventeen"


def _everything_on_disk(folder: Path) -> bytes:
    if not folder.exists():
        return b""
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


class NoTraceTests(PersonasTestCase):
    @pytest.fixture(autouse=True)
    def _logs(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    def test_the_canary_and_the_reporter_leave_no_trace(self) -> None:
        cache.clear()
        self.caplog.set_level(logging.DEBUG)
        client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER, HTTP_REFERER=REFERRER)
        client.get(url("safety:intake_report", "ur"))
        response = client.post(
            url("safety:intake_report", "ur"),
            report_data(
                narrative=CANARY,
                attachments=[SimpleUploadedFile("notes.txt", FILE_CANARY)],
                consent_contact="on",
                contact_channel="sms",
                contact_detail="0300 0000000",
                contact_safe_time=f"after four; say it is about {CANARY}",
            ),
        )
        assert response.status_code == 200
        receipt = receipt_in(response.content.decode())
        opened = client.post(
            url("safety:intake_followup", "ur"),
            {"receipt": receipt, "website": "", **solved("safety-receipt")},
        )
        assert CANARY in opened.content.decode()  # the reporter can read it back...
        client.post(
            url("safety:intake_add", "ur"),
            {"token": token_in(opened.content.decode()), "text": f"more: {CANARY}"},
        )
        client.get("/ur/report/no-such-page/")

        dump = io.StringIO()
        call_command("dumpdata", stdout=dump)
        database = dump.getvalue()
        assert Report.objects.count() == 1
        # ...but nothing stored or logged holds it, the receipt, or who sent it.
        for secret in (CANARY, receipt, ADDRESS, BROWSER, REFERRER, "0300 0000000"):
            assert secret not in database, secret
            assert secret not in self.caplog.text, secret
        files = _everything_on_disk(Path(settings.AWAAZ_SAFETY_FILES_DIR))
        files += _everything_on_disk(Path(settings.MEDIA_ROOT))
        assert FILE_CANARY not in files
        assert CANARY.encode() not in files
        assert "/report/" not in self.caplog.text

"""The canary test: a report with a unique sentence leaves no readable trace anywhere.

A reporter files a report through the intake pages (with a file, contact details, and from a
distinctive address, browser and referrer); a case worker reads it, replies and writes a note;
the reporter reads the reply and adds to the report. Then every place a seized server or a
curious administrator could look is searched: every column of every table, SQLite's own dump and
the raw bytes of the database file, the files under MEDIA_ROOT and AWAAZ_SAFETY_FILES_DIR, the
cache, and every log line. The canary (English and Urdu), the reply, the receipt, the contact
details, and the reporter's address, browser and referrer must be in none of them.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from awaaz.core.models import OutboxEmail, User
from awaaz.core.roles import CASE_WORKER
from awaaz.safety import services
from awaaz.safety.models import Attachment, Message, Report
from awaaz.safety.tests.test_intake_report import receipt_in, report_data, solved, token_in, url

pytestmark = pytest.mark.django_db(transaction=True)

# Fictional, and unlike anything else in the code or data, so that a match means a leak.
CANARY = "Qudsia's seventh marigold umbrella hums in Thatta — ساتویں گیندے کی چھتری گنگناتی ہے"
CANARY_PARTS = ("marigold umbrella hums", "ساتویں گیندے کی چھتری")
REPLY = "Reply: the indigo camel of Multan waits by platform nine"
FILE_CANARY = b"copper heron counting forty-one lanterns"
CONTACT = "0300 7654321 ask for Apa Gulnar"
ADDRESS = "198.51.100.123"
BROWSER = "CanaryBrowser/9.9.9 (KaiOS; Nokia 8110 test)"
REFERRER = "https://canary-referrer.example/where-she-came-from"
CASE_WORKER_PASSWORD = "a long fictional passphrase for tests"


def _needles(receipt: str) -> dict[str, bytes]:
    found = {
        "canary": CANARY.encode(),
        "reply": REPLY.encode(),
        "file": FILE_CANARY,
        "contact": CONTACT.encode(),
        "receipt": receipt.encode(),
        "address": ADDRESS.encode(),
        "browser": BROWSER.encode(),
        "referrer": REFERRER.encode(),
    }
    for n, part in enumerate(CANARY_PARTS):
        found[f"canary part {n}"] = part.encode()
        # SQLite may keep text as UTF-16 in some databases; look for that too.
        found[f"canary part {n} (UTF-16)"] = part.encode("utf-16-le")
    return found


def _leaks(blob: bytes, needles: dict[str, bytes]) -> list[str]:
    return [name for name, needle in needles.items() if needle in blob]


def _every_cell() -> bytes:
    """Every value of every column of every table, as bytes, one after the other."""
    out = bytearray()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=True):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names come from the database itself
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        out += bytes(value)
                    elif value is not None:
                        out += str(value).encode()
                    out += b"\x00"
    return bytes(out)


def _files_under(folder: Path) -> bytes:
    if not folder.exists():
        return b""
    return b"".join(p.read_bytes() + p.name.encode() for p in folder.rglob("*") if p.is_file())


def _case_worker() -> User:
    user = User.objects.create_user(
        username="canary_case_worker",
        email="canary.cw@example.org",
        password=CASE_WORKER_PASSWORD,
        is_staff=True,
    )
    group, _ = Group.objects.get_or_create(name=CASE_WORKER)
    user.groups.add(group)
    services.caseworker_keys_create(
        user=user, password=CASE_WORKER_PASSWORD, receives_new_reports=True
    )
    return user


def test_the_canary_and_the_reporter_leave_no_trace(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AWAAZ_SAFETY_FILES_DIR = tmp_path / "safety-files"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    caplog.set_level(logging.DEBUG)
    # The case worker's notice stays queued in the mail outbox, so the search covers it too.
    settings.AWAAZ_OUTBOX_WAKE = "off"
    case_worker = _case_worker()

    # 1. The reporter files the report through the intake pages, attachment and contact included.
    reporter = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER, HTTP_REFERER=REFERRER)
    reporter.get(url("safety:intake_report", "ur"))
    filed = reporter.post(
        url("safety:intake_report", "ur"),
        report_data(
            narrative=CANARY,
            attachments=[SimpleUploadedFile("canary-notes.txt", FILE_CANARY)],
            consent_contact="on",
            contact_channel="sms",
            contact_detail=CONTACT,
            contact_safe_time="after four",
        ),
    )
    assert filed.status_code == 200
    receipt = receipt_in(filed.content.decode())
    report = Report.objects.get()
    assert Attachment.objects.filter(report=report).count() == 1
    assert OutboxEmail.objects.filter(recipient="canary.cw@example.org").count() == 1

    # 2. The case worker reads it (proof that it was really stored), replies and notes.
    key = services.caseworker_keys_unlock(user=case_worker, password=CASE_WORKER_PASSWORD)
    contents = services.report_read(actor=case_worker, key=key, report=report)
    assert contents.narrative == CANARY
    services.message_send(actor=case_worker, report=report, text=REPLY)
    services.note_add(actor=case_worker, report=report, text=f"note: {CANARY}")

    # 3. The reporter reads the reply with the receipt and adds to the report.
    opened = reporter.post(
        url("safety:intake_followup", "ur"),
        {"receipt": receipt, "website": "", **solved("safety-receipt")},
    )
    thread = opened.content.decode()
    assert REPLY in thread
    reporter.post(
        url("safety:intake_add", "ur"),
        {"token": token_in(thread), "text": f"and also: {CANARY}"},
    )
    assert Message.objects.filter(report=report).count() == 2

    needles = _needles(receipt)
    # The search itself works: the report's public reference is in the database, as it should be.
    cells = _every_cell()
    assert report.public_id.encode() in cells

    # 4. Every column of every table.
    assert _leaks(cells, needles) == []
    # 5. SQLite's own full dump, and the raw bytes of a page-by-page copy of the database file
    #    (free pages included, where deleted rows linger).
    if connection.vendor == "sqlite":
        raw = connection.connection
        assert isinstance(raw, sqlite3.Connection)
        dump = "\n".join(raw.iterdump()).encode()
        assert report.public_id.encode() in dump
        assert _leaks(dump, needles) == []
        copy_path = tmp_path / "copy.sqlite3"
        copy = sqlite3.connect(copy_path)
        try:
            raw.backup(copy)
        finally:
            copy.close()
        copied = copy_path.read_bytes()
        assert report.public_id.encode() in copied
        assert _leaks(copied, needles) == []
    # 6. Files: the encrypted attachments and anything under MEDIA_ROOT.
    stored = _files_under(Path(settings.AWAAZ_SAFETY_FILES_DIR))
    assert stored, "the attachment should be stored (encrypted)"
    assert _leaks(stored + _files_under(Path(settings.MEDIA_ROOT)), needles) == []
    # 7. The cache (rate limits, used challenges) and the logs.
    local = getattr(cache, "_cache", {})
    cached = b"".join(str(k).encode() + bytes(v) for k, v in local.items())
    assert _leaks(cached, needles) == []
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {getattr(r, 'request', '')}" for r in caplog.records
    )
    assert _leaks(logged.encode() + caplog.text.encode(), needles) == []

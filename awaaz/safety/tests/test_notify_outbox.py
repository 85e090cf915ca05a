"""A survivor never waits for the mail server: case workers' notices go through the outbox."""

from __future__ import annotations

import datetime
import socket
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from awaaz.core import outbox
from awaaz.core.models import OutboxEmail, User
from awaaz.core.roles import CASE_WORKER
from awaaz.core.testing import PERSONA_PASSWORD, SmtpSink, free_port
from awaaz.safety import services
from awaaz.safety.models import Report
from awaaz.safety.tests.test_intake_report import receipt_in, report_data, url

NARRATIVE = "Tamarind-Lantern-4417 was said at the bus stand"
ADDRESS = "rubina.cw@example.org"


@pytest.fixture
def case_worker() -> User:
    cache.clear()
    user = User.objects.create_user(
        username="rubina_cw", email=ADDRESS, password=PERSONA_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name=CASE_WORKER)[0])
    services.caseworker_keys_create(user=user, password=PERSONA_PASSWORD, receives_new_reports=True)
    return user


def _file(language: str = "en") -> str:
    response = Client().post(
        url("safety:intake_report", language), report_data(narrative=NARRATIVE)
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    return receipt_in(response.content.decode())


def _assert_content_free(row: OutboxEmail, receipt: str) -> None:
    report = Report.objects.get()
    held = f"{row.recipient}\n{row.subject}\n{row.body}"
    for secret in (
        NARRATIVE,
        "Tamarind",
        receipt,
        receipt[:4] + " " + receipt[4:8],
        report.public_id,
    ):
        assert secret not in held


@pytest.mark.django_db
def test_unreachable_mail_server_still_gives_the_receipt_and_the_notice_waits(
    case_worker: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens: the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _file("ur")
    assert len(receipt) == 16
    (row,) = OutboxEmail.objects.all()
    assert row.recipient == ADDRESS
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    _assert_content_free(row, receipt)

    # The server is back; a minute later cron's outbox_send delivers the notice and forgets it.
    sink = SmtpSink().start()
    try:
        settings.EMAIL_PORT = sink.port
        OutboxEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
        call_command("outbox_send", stdout=StringIO())
    finally:
        sink.stop()
    assert len(sink.messages_to(ADDRESS)) == 1
    assert "console" in sink.bodies()[0]
    assert NARRATIVE not in sink.bodies()[0]
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db
def test_no_email_address_no_row(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    cache.clear()
    user = User.objects.create_user(username="no_mail_cw", password=PERSONA_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=CASE_WORKER)[0])
    services.caseworker_keys_create(user=user, password=PERSONA_PASSWORD, receives_new_reports=True)
    with django_capture_on_commit_callbacks(execute=True):
        _file()
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_with_a_hung_mail_server_the_receipt_comes_while_the_notice_is_still_pending(
    case_worker: User, hanging_mail_server: socket.socket, settings: Any
) -> None:
    """The real path: after the commit a background thread, not the request, talks to SMTP."""
    settings.AWAAZ_OUTBOX_WAKE = "thread"
    receipt = _file()
    # The page is back while the delivery thread still waits for the server's first word.
    assert not outbox.outbox_background_idle(timeout=0)
    (row,) = OutboxEmail.objects.all()
    _assert_content_free(row, receipt)
    hanging_mail_server.close()
    assert outbox.outbox_background_idle(timeout=60)
    row.refresh_from_db()
    assert row.attempts == 1  # it will be tried again; nothing is lost


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_delivers_the_assignment_notice(
    case_worker: User, smtp_sink: SmtpSink, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "thread"
    with transaction.atomic():
        services.console_assignment_notify(case_workers=[case_worker])
    assert outbox.outbox_background_idle(timeout=60)
    (message,) = smtp_sink.messages_to(ADDRESS)
    assert str(message["Subject"]) == "Awaaz: a report is assigned to you"
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db
def test_the_notice_is_stored_with_the_report_or_not_at_all(case_worker: User) -> None:
    """The notice is queued in the report's own transaction: a report that rolls back leaves no
    notice behind, and a stored report always has its notice waiting (no crash can come between)."""
    fields: dict[str, Any] = {
        "reporter_role": "survivor",
        "incident_type": "rape",
        "when": "within_month",
        "district": None,
        "survivor_gender": "man",
        "survivor_age": "18_24",
        "perpetrator_count": "two",
        "perpetrator_relationship": "acquaintance",
        "police_told": "no",
        "fir_registered": "no",
        "help_wanted": ["counselling"],
        "narrative": NARRATIVE,
        "consent_statistics": False,
        "consent_share": False,
        "share_service": None,
        "consent_contact": False,
        "contact": None,
    }

    def fails_after_writing() -> None:
        with transaction.atomic():
            services.report_create(**fields)
            raise RuntimeError("the request fails after the report was written")

    with pytest.raises(RuntimeError):
        fails_after_writing()
    assert not Report.objects.exists()
    assert not OutboxEmail.objects.exists()
    _report, receipt = services.report_create(**fields)
    (row,) = OutboxEmail.objects.all()
    assert row.recipient == ADDRESS
    _assert_content_free(row, receipt)

"""The mail outbox: queued in the transaction, sent after it, retried, never sent twice."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from awaaz.core import outbox
from awaaz.core.models import OutboxEmail
from awaaz.core.testing import SmtpSink, free_port

ADDRESS = "farida.cw@example.org"


def _queue(recipient: str = ADDRESS, body: str = "A report is waiting.") -> OutboxEmail:
    return outbox.email_queue(recipient=recipient, subject="Awaaz", body=body, language="en")


def _make_due(row: OutboxEmail) -> None:
    """As if the wait had passed (a minute, an hour): the row is due again."""
    OutboxEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.fixture
def no_mail_server(settings: Any) -> None:
    """Mail goes to a port nothing listens on: every connection is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()


@pytest.mark.django_db
def test_queued_in_the_transaction_and_sent_after_it(
    smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _queue()
        assert smtp_sink.messages == []  # nothing leaves before the commit
    (message,) = smtp_sink.messages_to(ADDRESS)
    assert str(message["Subject"]) == "Awaaz"
    assert OutboxEmail.objects.count() == 0  # nothing kept once sent


@pytest.mark.django_db
def test_a_rolled_back_transaction_queues_and_sends_nothing(
    smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    def assignment_that_fails() -> None:
        with transaction.atomic():
            _queue()
            raise RuntimeError("the assignment failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="the assignment failed"),
    ):
        assignment_that_fails()
    assert callbacks == []
    assert OutboxEmail.objects.count() == 0
    assert smtp_sink.messages == []


@pytest.mark.django_db
def test_a_failure_backs_off_and_gives_up_after_a_day(
    no_mail_server: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "off"
    caplog.set_level(logging.DEBUG)
    row = _queue()

    before = timezone.now()
    result = outbox.outbox_deliver()
    assert result == outbox.DeliveryResult(failed=1)
    row.refresh_from_db()
    assert row.attempts == 1
    assert before + datetime.timedelta(minutes=1) <= row.next_attempt_at
    assert row.next_attempt_at <= timezone.now() + datetime.timedelta(minutes=1)

    # Not due yet: a second deliverer right away does not hammer the server.
    assert outbox.outbox_deliver() == outbox.DeliveryResult()
    row.refresh_from_db()
    assert row.attempts == 1

    # Each further failure waits longer: 5, then 15, then 60 minutes, then hourly.
    for attempts, minutes in ((2, 5), (3, 15), (4, 60), (5, 60)):
        _make_due(row)
        before = timezone.now()
        assert outbox.outbox_deliver() == outbox.DeliveryResult(failed=1)
        row.refresh_from_db()
        assert row.attempts == attempts
        assert row.next_attempt_at >= before + datetime.timedelta(minutes=minutes)

    # A day after it was queued, the next failure drops it, and says so without the address.
    OutboxEmail.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    _make_due(row)
    assert outbox.outbox_deliver() == outbox.DeliveryResult(given_up=1)
    assert OutboxEmail.objects.count() == 0
    assert "gave up" in caplog.text
    assert ADDRESS not in caplog.text
    assert "farida" not in caplog.text


@pytest.mark.django_db
def test_when_the_server_is_back_outbox_send_delivers_and_forgets(
    no_mail_server: None, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "off"
    rows = [_queue(f"cw{n}@example.org") for n in range(3)]
    out = StringIO()
    call_command("outbox_send", stdout=out)
    assert "0 sent, 3 to retry" in out.getvalue()
    assert OutboxEmail.objects.count() == 3

    sink = SmtpSink().start()
    try:
        settings.EMAIL_PORT = sink.port
        for row in rows:
            _make_due(row)
        out = StringIO()
        call_command("outbox_send", stdout=out)
    finally:
        sink.stop()
    assert "3 sent" in out.getvalue()
    assert sorted(str(m["To"]) for m in sink.messages) == [f"cw{n}@example.org" for n in range(3)]
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db
def test_an_email_that_cannot_be_sent_does_not_hold_up_the_others(
    smtp_sink: SmtpSink, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "off"
    _queue("first@example.org")
    # An address no email can carry (a line break in a header).
    OutboxEmail.objects.create(
        recipient="bad@example.org>\r\nX:",
        subject="Awaaz",
        body="-",
        next_attempt_at=timezone.now(),
    )
    _queue("third@example.org")
    result = outbox.outbox_deliver()
    assert result.sent == 2
    assert result.failed == 1
    assert {str(m["To"]) for m in smtp_sink.messages} == {"first@example.org", "third@example.org"}
    assert OutboxEmail.objects.count() == 1


@pytest.mark.django_db
def test_a_claimed_email_is_not_sent_by_a_second_deliverer(
    smtp_sink: SmtpSink, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "off"
    for n in range(4):
        _queue(f"cw{n}@example.org")
    first = outbox.outbox_claim(limit=2)
    assert len(first) == 2
    # A second deliverer (cron) starts while the first is still sending: it takes the others.
    assert outbox.outbox_deliver() == outbox.DeliveryResult(sent=2)
    assert outbox.outbox_deliver() == outbox.DeliveryResult()
    assert outbox.outbox_send_claimed(first) == outbox.DeliveryResult(sent=2)
    counts = Counter(str(m["To"]) for m in smtp_sink.messages)
    assert counts == {f"cw{n}@example.org": 1 for n in range(4)}
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_deliverers_at_once_send_each_email_once(smtp_sink: SmtpSink, settings: Any) -> None:
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory with a shared cache, whose table locks are not
        # waited for; the file database of a real server is covered by the test below.
        pytest.skip("concurrent writers need PostgreSQL or a SQLite file")
    settings.AWAAZ_OUTBOX_WAKE = "off"
    addresses = [f"cw{n}@example.org" for n in range(24)]
    for address in addresses:
        _queue(address)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def deliverer() -> None:
        try:
            start.wait()
            while outbox.outbox_deliver(limit=3).sent:
                pass
        except BaseException as error:  # reported in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = Counter(str(m["To"]) for m in smtp_sink.messages)
    assert counts == dict.fromkeys(addresses, 1)
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_delivers_after_the_commit(
    smtp_sink: SmtpSink, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "thread"
    with transaction.atomic():
        _queue()
    assert outbox.outbox_background_idle(timeout=60)
    assert len(smtp_sink.messages_to(ADDRESS)) == 1
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_tries_again_when_the_database_is_busy(
    smtp_sink: SmtpSink, settings: Any
) -> None:
    """A reader holds the outbox table when the thread wants to claim (on the test suite's shared
    in-memory SQLite that refuses at once; PostgreSQL lets the claim through): the thread pauses
    and tries again instead of leaving the notices for the next cron run."""
    settings.AWAAZ_OUTBOX_WAKE = "off"
    rows = [_queue(), _queue()]
    reader = connection.cursor()
    reader.execute("SELECT id FROM core_outboxemail ORDER BY id")
    assert reader.fetchone() is not None  # the statement is still open on the second row
    settings.AWAAZ_OUTBOX_WAKE = "thread"
    outbox._wake([row.pk for row in rows])
    time.sleep(0.1)
    reader.fetchall()
    reader.close()
    assert outbox.outbox_background_idle(timeout=60)
    assert len(smtp_sink.messages_to(ADDRESS)) == 2
    assert OutboxEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_caller_does_not_wait_for_a_silent_mail_server(
    hanging_mail_server: socket.socket, settings: Any
) -> None:
    settings.AWAAZ_OUTBOX_WAKE = "thread"
    with transaction.atomic():
        row = _queue()
    # The commit has returned while the delivery thread still waits for the server's greeting
    # (which never comes): the caller did not wait for it.
    assert not outbox.outbox_background_idle(timeout=0)
    hanging_mail_server.close()  # the server goes away; the thread gives up on this attempt
    assert outbox.outbox_background_idle(timeout=60)
    row.refresh_from_db()
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()


def test_two_outbox_send_commands_on_a_sqlite_file_send_each_email_once(
    smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    """Two cron runs at once, as separate processes on the server's own SQLite file (WAL)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "AWAAZ_TESTING", "CACHE_URL", "AWAAZ_PRODUCTION"}
    }
    env.update(
        {
            "AWAAZ_VAR_DIR": str(tmp_path),
            "AWAAZ_OUTBOX_WAKE": "off",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_sink.port),
        }
    )

    def awaaz(*args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 - this interpreter running our own commands
            [sys.executable, "-m", "awaaz.cli", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def finish(process: subprocess.Popen[bytes]) -> str:
        output = process.communicate(timeout=300)[0].decode()
        assert process.returncode == 0, output
        return output

    finish(awaaz("migrate", "-v", "0"))
    addresses = [f"cw{n}@example.org" for n in range(150)]
    finish(
        awaaz(
            "shell",
            "-c",
            "from awaaz.core.outbox import email_queue\n"
            f"for address in {addresses!r}:\n"
            "    email_queue(recipient=address, subject='Awaaz', body='-')",
        )
    )
    runs = [awaaz("outbox_send", "--limit", "1", "-v", "2") for _ in range(2)]
    outputs = [finish(run) for run in runs]
    counts = Counter(str(m["To"]) for m in smtp_sink.messages)
    assert counts == dict.fromkeys(addresses, 1), outputs

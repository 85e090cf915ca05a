"""RSVPs with a phone number only: the confirmation, the waitlist move and the day-before
reminder arrive by SMS through the site's gateway (awaaz.lib.sms, the file backend here)."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from awaaz.activities.models import Rsvp, RsvpStatus
from awaaz.activities.services import events as services
from awaaz.activities.tests.events_support import EventWorld
from awaaz.core.testing import SmtpSink
from awaaz.lib import sms

PHONE = "+923001234567"  # a fictional number in the Pakistani format


class SmsTests(EventWorld):
    sink: SmtpSink
    outbox_dir: Path

    @pytest.fixture(autouse=True)
    def _delivery(self, smtp_sink: SmtpSink, settings: Any, tmp_path: Path) -> None:
        self.sink = smtp_sink
        settings.AWAAZ_SMS_BACKEND = "file"
        settings.AWAAZ_SMS_DIR = tmp_path / "sms"
        self.outbox_dir = tmp_path / "sms"
        cache.clear()

    def outbox(self) -> list[dict[str, str]]:
        return sms.outbox(self.outbox_dir)

    def rsvp(self, slug: str, name: str, email: str = "", phone: str = "") -> Any:
        data = {"name": name, "email": email, "phone": phone}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/en/events/{slug}/rsvp/", data)

    def test_a_phone_only_rsvp_gets_its_code_and_cancel_link_by_sms(self) -> None:
        response = self.rsvp(self.session.slug, "Hamza Fictional", phone="0300 1234567")
        assert response.status_code == 200
        rsvp = Rsvp.objects.get()
        (message,) = self.outbox()
        assert message["to"] == PHONE
        assert rsvp.code in message["body"]
        assert "Consent and courage" in message["body"]
        assert "/events/rsvp/cancel/" in message["body"]
        assert self.sink.messages == []
        # The link in the SMS cancels the RSVP.
        link = message["body"].rsplit(" ", 1)[-1]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(link[link.index("/en/") :])
        rsvp.refresh_from_db()
        assert rsvp.status == RsvpStatus.CANCELLED

    def test_an_rsvp_with_an_email_gets_email_and_no_sms(self) -> None:
        self.rsvp(self.session.slug, "Iqra Fictional", email="iqra@example.org", phone=PHONE)
        assert self.outbox() == []
        assert len(self.sink.messages_to("iqra@example.org")) == 1

    def test_the_sms_is_in_urdu_for_an_urdu_page(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/ur/events/{self.session.slug}/rsvp/", {"name": "جمیل فرضی", "phone": PHONE}
            )
        (message,) = self.outbox()
        assert "رضامندی اور ہمت" in message["body"]
        assert "آواز" in message["body"]

    def test_waitlisted_then_moved_up_by_sms(self) -> None:
        small = self.make_event(title_en="Small workshop", capacity=1)
        self.rsvp(small.slug, "Kamal Fictional", email="kamal@example.org")
        self.rsvp(small.slug, "Laila Fictional", phone=PHONE)
        laila = Rsvp.objects.get(name="Laila Fictional")
        assert laila.status == RsvpStatus.WAITLISTED
        assert "waitlist" in self.outbox()[-1]["body"]
        kamal = Rsvp.objects.get(name="Kamal Fictional")
        with self.captureOnCommitCallbacks(execute=True):
            services.rsvp_cancel(rsvp=kamal)
        laila.refresh_from_db()
        assert laila.status == RsvpStatus.GOING
        moved = self.outbox()[-1]
        assert moved["to"] == PHONE
        assert "a place is free for you" in moved["body"]
        assert laila.code in moved["body"]

    def test_the_day_before_a_phone_only_rsvp_is_reminded_once_by_sms(self) -> None:
        soon = self.make_event(
            title_en="Tomorrow's session",
            starts_at=timezone.now() + datetime.timedelta(hours=20),
            ends_at=timezone.now() + datetime.timedelta(hours=22),
        )
        self.rsvp(soon.slug, "Mehr Fictional", phone=PHONE)
        self.rsvp(soon.slug, "Nida Fictional", email="nida@example.org")
        before = len(self.outbox())
        self.sink.messages.clear()
        for _ in range(3):
            with self.captureOnCommitCallbacks(execute=True):
                call_command("activities_events_remind", verbosity=0)
        reminders = self.outbox()[before:]
        assert len(reminders) == 1
        assert reminders[0]["to"] == PHONE
        assert "reminder" in reminders[0]["body"]
        assert "Tomorrow's session" in reminders[0]["body"]
        assert [str(m["Subject"]) for m in self.sink.messages] == ["Tomorrow: Tomorrow's session"]
        assert Rsvp.objects.filter(reminded_at__isnull=True).count() == 0

    def test_a_gateway_that_is_down_keeps_the_rsvp_and_logs_no_number(self) -> None:
        failing = mock.Mock(side_effect=sms.SmsError("http backend: the gateway answered 503"))
        with (
            mock.patch.object(services, "sms_send", failing),
            self.assertLogs("awaaz.activities.services.events", logging.ERROR) as logs,
        ):
            response = self.rsvp(self.session.slug, "Omar Fictional", phone=PHONE)
        assert response.status_code == 200
        assert Rsvp.objects.get().code in response.content.decode()
        assert failing.called
        assert all("300" not in line and "Omar" not in line for line in logs.output)

"""Reminders for missing reports: once per stage, through a real SMTP conversation."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from awaaz.activities.models import ReportReminder
from awaaz.activities.services import reports as services
from awaaz.activities.tests.reports_support import ReportsWorld
from awaaz.core.testing import SmtpSink


class ReminderTests(ReportsWorld):
    sink: SmtpSink

    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_sink: SmtpSink) -> None:
        self.sink = smtp_sink

    def test_one_hour_then_three_days_and_never_twice(self) -> None:
        now = timezone.now()
        sent = services.reports_remind(now=now)
        # The Islamabad event ended two hours ago; the Lahore one too; the later one has not.
        assert {r.event.slug for r in sent} == {"session-isb", "session-lhr"}
        assert all(r.stage == "1h" for r in sent)
        to_bilal = self.sink.messages_to("bilal.focal@example.org")
        assert len(to_bilal) == 1
        assert "Awareness session session-isb" in str(to_bilal[0]["Subject"])
        body = to_bilal[0].get_body(preferencelist=("plain",))
        assert body is not None
        assert "/en/events/session-isb/report/" in body.get_content()
        # Running again changes nothing.
        assert services.reports_remind(now=now) == []
        assert len(self.sink.messages_to("bilal.focal@example.org")) == 1
        later = now + datetime.timedelta(days=3)
        stages = {(r.event.slug, r.stage) for r in services.reports_remind(now=later)}
        # The event that was still to come has now ended a day ago: its first reminder.
        assert stages == {("session-isb", "3d"), ("session-lhr", "3d"), ("session-later", "1h")}
        assert services.reports_remind(now=later) == []
        # Bilal: the first reminder, the three-day one, and the later event's first.
        assert len(self.sink.messages_to("bilal.focal@example.org")) == 3

    def test_the_urdu_speaking_focal_person_gets_urdu(self) -> None:
        services.reports_remind()
        (message,) = self.sink.messages_to("kamran.focal@example.org")
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        assert "/ur/events/session-lhr/report/" in body.get_content()

    def test_no_reminder_once_the_report_is_filed(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=1, women=1, transgender=0, total=2
        )
        call_command("activities_reports_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard output
        assert not ReportReminder.objects.filter(event=self.ended).exists()
        assert self.sink.messages_to("bilal.focal@example.org") == []

    def test_a_failed_email_is_tried_again_next_time(self) -> None:
        with override_settings(EMAIL_PORT=1):  # nothing listens there
            assert services.reports_remind() == []
        assert not ReportReminder.objects.exists()
        assert len(services.reports_remind()) == 2

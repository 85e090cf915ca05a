"""The test SMTP sink receives mail through Django's real SMTP backend."""

from __future__ import annotations

from django.core.mail import send_mail

from awaaz.core.testing import SmtpSink


def test_mail_travels_over_smtp_to_the_sink(smtp_sink: SmtpSink) -> None:
    send_mail("سلام", "پہلی سطر\nsecond line", "Awaaz <no-reply@example.org>", ["a@example.org"])
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0]["Subject"] == "سلام"
    assert smtp_sink.bodies()[0].splitlines() == ["پہلی سطر", "second line"]

"""A report in the console: decrypted for its case workers, every action audited, bad input
refused kindly, CSRF on every POST, and nothing readable by anyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awaaz.core.models import AuditEvent, User
from awaaz.core.otp import otp_verify_client
from awaaz.core.testing import PERSONA_PASSWORD, SmtpSink
from awaaz.safety import services
from awaaz.safety.models import Message, Note, Referral, Report, ReportKey, Service
from awaaz.safety.tests.test_console_base import CANARY, ConsoleTestCase, report_make

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _url(name: str, report: Report, **extra: Any) -> str:
    return reverse(f"safety:console_{name}", kwargs={"public_id": report.public_id, **extra})


def _actions(actor: User) -> list[str]:
    return list(AuditEvent.objects.filter(actor=actor).values_list("action", flat=True))


class ReportPageTests(ConsoleTestCase):
    def setUp(self) -> None:
        self.report, self.receipt = report_make(
            uploads=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")]
        )
        self.client = self.unlocked_client_for(self.case_worker)

    def test_open_decrypts_the_account_and_is_audited(self) -> None:
        response = self.client.get(_url("report", self.report))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        body = response.content.decode()
        assert CANARY in body
        assert "photo.png" in body
        assert "report.read" in _actions(self.case_worker)
        self.report.refresh_from_db()
        assert not self.report.is_unread
        # Stable labels for the acceptance test in the browser.
        assert ">Reply<" in body
        assert ">Send<" in body
        assert "Reply to the reporter" in body

    def test_reply_reaches_the_reporter_encrypted_and_is_audited(self) -> None:
        text = "Thank you for telling us. You are believed. شکریہ"
        response = self.client.post(_url("reply", self.report), {"message": text})
        assert response.status_code == 302
        message = Message.objects.get(report=self.report)
        assert text.encode() not in bytes(message.ciphertext)
        assert "message.sent" in _actions(self.case_worker)
        seen = services.reporter_read(access=services.report_open_by_receipt(receipt=self.receipt))
        assert [m.text for m in seen.messages] == [text]
        page = self.client.get(_url("report", self.report)).content.decode()
        assert "Your reply was sent" in page

    def test_oversized_and_bidi_messages_are_refused_kindly_and_nothing_is_saved(self) -> None:
        too_long = "ا" * 4001
        response = self.client.post(_url("reply", self.report), {"message": too_long})
        assert response.status_code == 400
        assert "Please keep this under 4000 characters" in response.content.decode()
        # What she typed is still in the box.
        assert too_long in response.content.decode()
        response = self.client.post(
            _url("reply", self.report), {"message": "see the file \u202egnp.exe"}
        )
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        response = self.client.post(_url("reply", self.report), {"message": ""})
        assert response.status_code == 400
        assert "Please write a message." in response.content.decode()
        assert not Message.objects.filter(report=self.report).exists()
        assert "message.sent" not in _actions(self.case_worker)

    def test_internal_note_is_encrypted_hidden_from_the_reporter_and_audited(self) -> None:
        note = "Internal: call back after Friday. فالو اپ"
        response = self.client.post(_url("note", self.report), {"note": note})
        assert response.status_code == 302
        stored = Note.objects.get(report=self.report)
        assert note.encode() not in bytes(stored.ciphertext)
        assert note in self.client.get(_url("report", self.report)).content.decode()
        assert "note.added" in _actions(self.case_worker)
        seen = services.reporter_read(access=services.report_open_by_receipt(receipt=self.receipt))
        assert note not in repr(seen)

    def test_status_labels_and_referral(self) -> None:
        response = self.client.post(_url("status", self.report), {"status": "in_progress"})
        assert response.status_code == 302
        response = self.client.post(_url("status", self.report), {"status": "deleted"})
        assert response.status_code == 400
        assert "Please choose one of the statuses" in response.content.decode()
        response = self.client.post(_url("labels", self.report), {"new_label": "urgent \u202e"})
        assert response.status_code == 400
        response = self.client.post(_url("labels", self.report), {"new_label": "follow-up"})
        assert response.status_code == 302
        page = self.client.get(_url("report", self.report)).content.decode()
        assert "did not agree to their report being shared" in page
        service = Service.objects.create(kind="helpline", name_en="Fictional Helpline 0000")
        response = self.client.post(_url("refer", self.report), {"service": service.pk})
        assert response.status_code == 302
        self.report.refresh_from_db()
        assert self.report.status == "referred"
        assert [label.name for label in self.report.labels.all()] == ["follow-up"]
        assert Referral.objects.filter(report=self.report, service=service).exists()
        actions = _actions(self.case_worker)
        for action in ("report.status", "report.labelled", "report.referred"):
            assert action in actions

    def test_closing_shows_when_the_report_will_be_deleted(self) -> None:
        page = self.client.get(_url("report", self.report)).content.decode()
        assert "will be deleted for good" not in page
        self.client.post(_url("status", self.report), {"status": "closed"})
        response = self.client.get(_url("report", self.report))
        self.report.refresh_from_db()
        assert self.report.closed_at is not None
        assert response.context["deleted_on"] is not None
        closed_day = timezone.localtime(self.report.closed_at).date()
        assert (response.context["deleted_on"] - closed_day).days == 91
        assert "will be deleted for good" in response.content.decode()
        # Reopening stops the clock.
        self.client.post(_url("status", self.report), {"status": "in_progress"})
        page = self.client.get(_url("report", self.report)).content.decode()
        assert "will be deleted for good" not in page

    def test_attachment_downloads_decrypted_as_an_attachment_and_is_audited(self) -> None:
        page = self.client.get(_url("report", self.report))
        attachment = page.context["contents"].attachments[0]
        response = self.client.get(_url("attachment", self.report, attachment_id=attachment.id))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "photo.png" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]  # a StreamingHttpResponse
        assert "attachment.opened" in _actions(self.case_worker)
        # Another case worker cannot download it, even knowing the numbers.
        colleague = self.unlocked_client_for(self.other_case_worker)
        response = colleague.get(_url("attachment", self.report, attachment_id=attachment.id))
        assert response.status_code == 404

    def test_delete_needs_the_reference_then_crypto_shreds(self) -> None:
        page = self.client.get(_url("delete", self.report))
        assert page.status_code == 200
        assert CANARY not in page.content.decode()
        response = self.client.post(_url("delete", self.report), {"reference": "WRONG"})
        assert response.status_code == 400
        assert "Nothing was deleted" in response.content.decode()
        assert Report.objects.filter(pk=self.report.pk).exists()
        response = self.client.post(
            _url("delete", self.report), {"reference": self.report.public_id.lower()}
        )
        assert response.status_code == 302
        assert not Report.objects.filter(pk=self.report.pk).exists()
        assert not ReportKey.objects.filter(report_id=self.report.pk).exists()
        assert "report.deleted" in _actions(self.case_worker)
        with pytest.raises(services.ReceiptNotFound):
            services.report_open_by_receipt(receipt=self.receipt)

    def test_audit_events_carry_no_content(self) -> None:
        self.client.get(_url("report", self.report))
        self.client.post(_url("reply", self.report), {"message": CANARY})
        self.client.post(_url("note", self.report), {"note": CANARY})
        for event in AuditEvent.objects.all():
            assert CANARY not in str(event.detail)
            assert CANARY not in str(event)


class SharingTests(ConsoleTestCase):
    @pytest.fixture(autouse=True)
    def _sink(self, smtp_sink: SmtpSink) -> None:
        self.sink = smtp_sink

    def test_sharing_reseals_the_key_and_the_email_says_nothing(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(
                _url("assign", report), {"case_worker": self.other_case_worker.pk}
            )
        assert response.status_code == 302
        assert ReportKey.objects.filter(report=report, user=self.other_case_worker).exists()
        assert "report.assigned" in _actions(self.case_worker)
        mails = self.sink.messages_to(self.other_case_worker.email)
        assert len(mails) == 1
        body = self.sink.bodies()[-1]
        assert "A new report is assigned to you" in body
        assert "/en/console/" in body
        for secret in (CANARY, report.public_id, "sexual", "man", "assault"):
            assert secret not in body
            assert secret not in str(mails[0]["Subject"])
        # And she can now read it.
        colleague = self.unlocked_client_for(self.other_case_worker)
        assert CANARY in colleague.get(_url("report", report)).content.decode()

    def test_handing_over_moves_the_report_to_the_colleague(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(
                _url("assign", report),
                {"case_worker": self.other_case_worker.pk, "hand_over": "on"},
            )
        assert response.status_code == 302
        assert response["Location"] == reverse("safety:console_inbox")
        holders = set(ReportKey.objects.filter(report=report).values_list("user", flat=True))
        assert holders == {self.other_case_worker.pk}
        assert "report.unassigned" in _actions(self.case_worker)
        assert client.get(_url("report", report)).status_code == 404
        assert len(self.sink.messages_to(self.other_case_worker.email)) == 1

    def test_only_a_holder_can_share_and_only_with_case_workers_who_have_keys(self) -> None:
        report, _receipt = report_make()
        colleague = self.unlocked_client_for(self.other_case_worker)
        response = colleague.post(
            _url("assign", report), {"case_worker": self.other_case_worker.pk}
        )
        assert response.status_code == 404
        client = self.unlocked_client_for(self.case_worker)
        response = client.post(_url("assign", report), {"case_worker": self.outsider.pk})
        assert response.status_code == 400
        assert "Please choose a case worker from the list" in response.content.decode()
        assert not ReportKey.objects.filter(report=report, user=self.outsider).exists()
        assert self.sink.messages == []


class AdministratorTests(ConsoleTestCase):
    def test_administrator_cannot_read_contents_even_through_the_admin(self) -> None:
        report, _receipt = report_make()
        boss = User.objects.create_superuser(
            username="superuser", email="superuser@example.org", password=PERSONA_PASSWORD
        )
        for person in (self.administrator, boss):
            client = Client()
            otp_verify_client(client, person)
            for url in (
                reverse("admin:index"),
                "/en/admin/safety/",
                "/en/admin/safety/report/",
                f"/en/admin/safety/report/{report.pk}/change/",
                "/en/admin/safety/message/",
                "/en/admin/safety/note/",
                "/en/admin/safety/attachment/",
            ):
                response = client.get(url, follow=True)
                assert CANARY not in response.content.decode(), (person.username, url)
            # The console refuses anyone outside the case-worker group, superusers included.
            for url in (_url("report", report), reverse("safety:console_inbox")):
                response = client.get(url)
                assert response.status_code == 403, (person.username, url)
                assert CANARY not in response.content.decode()


class CsrfTests(ConsoleTestCase):
    def test_every_console_post_needs_the_csrf_token(self) -> None:
        report, _receipt = report_make()
        client = Client(enforce_csrf_checks=True)
        otp_verify_client(client, self.case_worker)
        posts = {
            reverse("safety:console_keys_setup"): {"password": PERSONA_PASSWORD},
            reverse("safety:console_unlock"): {"password": PERSONA_PASSWORD},
            reverse("safety:console_recover"): {"recovery_key": "x", "password": "y"},
            reverse("safety:console_keys_replace"): {"password": "x", "confirm": "on"},
            reverse("safety:console_lock"): {},
            _url("reply", report): {"message": "hello"},
            _url("note", report): {"note": "hello"},
            _url("status", report): {"status": "closed"},
            _url("labels", report): {"new_label": "x"},
            _url("refer", report): {"service": "1"},
            _url("assign", report): {"case_worker": str(self.other_case_worker.pk)},
            _url("delete", report): {"reference": report.public_id},
        }
        for url, data in posts.items():
            response = client.post(url, data)
            assert response.status_code == 403, url
        assert Report.objects.filter(pk=report.pk, status="new").exists()
        assert not Message.objects.exists()

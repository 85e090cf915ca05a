"""The safety core services: a report's life, who can read it, and what is left after deletion."""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from awaaz.core.models import AuditEvent, User
from awaaz.core.testing import PERSONA_PASSWORD, PersonasTestCase
from awaaz.safety import services
from awaaz.safety.models import Attachment, Message, Report, ReportKey, ReportStatus, Service

CANARY = "The blue heron sings over Lake Saiful Muluk at noon 7731"
URDU_CANARY = "نیلا بگلا دوپہر کو گاتا ہے ۷۷۳۱"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(name: str = "photo.txt", content: bytes = PNG) -> SimpleUploadedFile:
    # The name and the declared type lie: the content is a PNG.
    return SimpleUploadedFile(name, content, content_type="text/plain")


def _report(**overrides: Any) -> tuple[Report, str]:
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
        "help_wanted": ["counselling", "legal"],
        "narrative": f"{CANARY}\n{URDU_CANARY}",
        "consent_statistics": True,
        "consent_share": False,
        "share_service": None,
        "consent_contact": True,
        "contact": services.Contact(
            channel="SMS", details="0300 0000000 (fictional)", safe_time="after 8 pm"
        ),
        "uploads": [],
    }
    fields.update(overrides)
    return services.report_create(**fields)


class SafetyServicesTestCase(PersonasTestCase):
    second_worker: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second_worker = User.objects.create_user(
            username="second_worker", password=PERSONA_PASSWORD, is_staff=True
        )
        cls.second_worker.groups.add(*cls.case_worker.groups.all())

    def setUp(self) -> None:
        super().setUp()
        files = tempfile.mkdtemp(prefix="awaaz-safety-")
        self.files_dir = Path(files)
        self.addCleanup(shutil.rmtree, files, True)
        override = override_settings(AWAAZ_SAFETY_FILES_DIR=self.files_dir)
        override.enable()
        self.addCleanup(override.disable)
        self.recovery = services.caseworker_keys_create(
            user=self.case_worker, password=PERSONA_PASSWORD, receives_new_reports=True
        )
        services.caseworker_keys_create(user=self.second_worker, password=PERSONA_PASSWORD)

    def unlock(self, user: User) -> services.UnlockedKey:
        return services.caseworker_keys_unlock(user=user, password=PERSONA_PASSWORD)


class ReportLifecycleTests(SafetyServicesTestCase):
    def test_full_lifecycle_from_report_to_withdrawal(self) -> None:
        report, receipt = _report(uploads=[_upload()])
        assert re.search(r"^\d{16}$", receipt)
        assert report.status == ReportStatus.NEW
        assert report.is_unread
        assert report.received_on == timezone.localdate()

        # The case worker who takes in new reports reads it all, and the file's real type.
        key = self.unlock(self.case_worker)
        contents = services.report_read(actor=self.case_worker, key=key, report=report)
        assert CANARY in contents.narrative
        assert URDU_CANARY in contents.narrative
        assert contents.contact is not None
        assert contents.contact.safe_time == "after 8 pm"
        [attachment] = contents.attachments
        assert (attachment.name, attachment.content_type) == ("photo.txt", "image/png")
        _view, stream = services.attachment_open(
            actor=self.case_worker, key=key, attachment=Attachment.objects.get()
        )
        assert b"".join(stream) == PNG
        report.refresh_from_db()
        assert not report.is_unread

        # She replies; the reporter, with the receipt typed with spaces, reads the reply.
        services.message_send(actor=self.case_worker, report=report, text="We believe you.")
        services.note_add(actor=self.case_worker, report=report, text="Internal: call back")
        access = services.report_open_by_receipt(receipt=" ".join([receipt[:8], receipt[8:]]))
        seen = services.reporter_read(access=access)
        assert seen.status == ReportStatus.IN_PROGRESS
        assert [m.text for m in seen.messages] == ["We believe you."]
        assert "Internal" not in repr(seen)

        # The reporter adds information; the report is unread again, and the thread shows it.
        services.reporter_add(access=access, text="One more thing.", uploads=[_upload("b.bin")])
        report.refresh_from_db()
        assert report.is_unread
        contents = services.report_read(actor=self.case_worker, key=key, report=report)
        assert [(m.sender, m.text) for m in contents.messages] == [
            ("case_worker", "We believe you."),
            ("reporter", "One more thing."),
        ]
        assert [n.text for n in contents.notes] == ["Internal: call back"]

        # Status, labels and a referral.
        service = Service.objects.create(kind="helpline", name_en="Fictional Helpline")
        services.report_label(actor=self.case_worker, report=report, names=["urgent", "urgent"])
        assert [label.name for label in report.labels.all()] == ["urgent"]
        services.report_refer(actor=self.case_worker, report=report, service=service)
        report.refresh_from_db()
        assert report.status == ReportStatus.REFERRED

        # The reporter withdraws: rows and encrypted files are gone, the receipt opens nothing.
        assert len(list(self.files_dir.iterdir())) == 2
        with self.captureOnCommitCallbacks(execute=True):
            services.reporter_delete(
                access=services.reporter_token_open(
                    token=services.reporter_token_issue(access=access)
                )
            )
        assert not Report.objects.exists()
        assert not (ReportKey.objects.exists())
        assert not (Message.objects.exists())
        assert list(self.files_dir.iterdir()) == []
        with pytest.raises(services.ReceiptNotFound):
            services.report_open_by_receipt(receipt=receipt)

        # Every staff action is in the audit log, by action name, with no content.
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {
            "report.read",
            "attachment.opened",
            "message.sent",
            "note.added",
            "report.labelled",
            "report.referred",
            "report.withdrawn",
        } <= actions
        for event in AuditEvent.objects.all():
            assert "heron" not in str(event.detail) + event.object_id

    def test_bad_input_saves_nothing(self) -> None:
        with pytest.raises(services.ReportEmpty):
            _report(narrative="   ", uploads=[])
        with pytest.raises(services.UnsafeText):
            _report(narrative="file name \u202egnp.exe")
        with (
            override_settings(AWAAZ_REPORT_MAX_ATTACHMENT_BYTES=16),
            pytest.raises(services.AttachmentTooLarge) as raised,
        ):
            _report(uploads=[_upload("small.png", PNG[:8]), _upload("big.png")])
        assert "16" in str(raised.value)
        assert not Report.objects.exists()
        assert list(self.files_dir.iterdir()) == []

    def test_contact_details_are_dropped_without_consent(self) -> None:
        report, _receipt = _report(consent_contact=False)
        assert bytes(report.contact_ciphertext) == b""
        contents = services.report_read(
            actor=self.case_worker, key=self.unlock(self.case_worker), report=report
        )
        assert contents.contact is None

    def test_wrong_receipts_are_refused_with_one_message(self) -> None:
        report, receipt = _report()
        last = str((int(receipt[-1]) + 1) % 10)
        for wrong in [receipt[:-1] + last, "0000000000000000", "12345", "abcdabcdabcdabcd", ""]:
            with pytest.raises(services.ReceiptNotFound) as raised:
                services.report_open_by_receipt(receipt=wrong)
            assert "16 digits" in str(raised.value)
        # Urdu digits are the same receipt.
        urdu = receipt.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert services.report_open_by_receipt(receipt=urdu).report == report

    def test_reporter_token_expires_and_cannot_be_forged(self) -> None:
        _report_row, receipt = _report()
        token = services.reporter_token_issue(
            access=services.report_open_by_receipt(receipt=receipt)
        )
        assert receipt not in token
        forged = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        for bad in [forged, "garbage", ""]:
            with pytest.raises(services.AccessExpired):
                services.reporter_token_open(token=bad)
        later = time.time() + services.REPORTER_TOKEN_SECONDS + 1
        with mock.patch("time.time", return_value=later), pytest.raises(services.AccessExpired):
            services.reporter_token_open(token=token)
        assert services.reporter_token_open(token=token).report == _report_row


class PermissionTests(SafetyServicesTestCase):
    def test_a_case_worker_not_assigned_cannot_read_until_assigned(self) -> None:
        report, _receipt = _report()
        second_key = self.unlock(self.second_worker)
        with pytest.raises(services.NotAssigned):
            services.report_read(actor=self.second_worker, key=second_key, report=report)
        with pytest.raises(services.NotAssigned):
            services.message_send(actor=self.second_worker, report=report, text="hello")
        with pytest.raises(services.NotAssigned):
            services.report_delete(actor=self.second_worker, report=report)

        services.report_assign(
            actor=self.case_worker,
            key=self.unlock(self.case_worker),
            report=report,
            case_worker=self.second_worker,
        )
        contents = services.report_read(actor=self.second_worker, key=second_key, report=report)
        assert CANARY in contents.narrative
        # Unassigning the first leaves the second; the last holder cannot be removed.
        services.report_unassign(
            actor=self.second_worker, report=report, case_worker=self.case_worker
        )
        with pytest.raises(services.NotAssigned):
            services.report_read(
                actor=self.case_worker, key=self.unlock(self.case_worker), report=report
            )
        with pytest.raises(services.LastKeyHolder):
            services.report_unassign(
                actor=self.second_worker, report=report, case_worker=self.second_worker
            )

    def test_a_key_of_another_case_worker_does_not_open_the_report(self) -> None:
        report, _receipt = _report()
        with pytest.raises(services.KeysLocked):
            services.report_read(
                actor=self.case_worker, key=self.unlock(self.second_worker), report=report
            )

    def test_administrator_and_outsider_cannot_read_contents(self) -> None:
        report, _receipt = _report()
        key = self.unlock(self.case_worker)
        for person in (self.administrator, self.coordinator, self.outsider):
            with pytest.raises(services.NotACaseWorker):
                services.report_read(actor=person, key=key, report=report)
            with pytest.raises(services.NotACaseWorker):
                services.caseworker_keys_create(user=person, password=PERSONA_PASSWORD)
        # Even an administrator who adds herself to the case-worker group gets no envelope.
        self.administrator.groups.add(*self.case_worker.groups.all())
        with pytest.raises(services.NotAssigned):
            services.report_read(actor=self.administrator, key=key, report=report)
        assert not ReportKey.objects.filter(user=self.administrator).exists()

    def test_new_reports_go_to_every_case_worker_when_nobody_takes_them_in(self) -> None:
        from awaaz.safety.models import CaseWorkerKey

        CaseWorkerKey.objects.update(receives_new_reports=False)
        report, _receipt = _report()
        assert set(report.keys.values_list("user__username", flat=True)) == {
            "case_worker",
            "second_worker",
        }


class CaseWorkerKeyTests(SafetyServicesTestCase):
    def test_admin_password_reset_then_recovery_key(self) -> None:
        report, _receipt = _report()
        self.case_worker.set_password("a new password set by the administrator")
        self.case_worker.save()
        with pytest.raises(services.KeysLocked):
            services.caseworker_keys_unlock(
                user=self.case_worker, password="a new password set by the administrator"
            )
        with pytest.raises(services.RecoveryKeyWrong):
            services.caseworker_keys_recover(
                user=self.case_worker, recovery_key="AAAA-" * 7 + "AAAA", new_password="x" * 12
            )
        new_recovery = services.caseworker_keys_recover(
            user=self.case_worker, recovery_key=self.recovery.lower(), new_password="her own pw 42"
        )
        assert new_recovery != self.recovery
        self.case_worker.refresh_from_db()
        assert self.case_worker.check_password("her own pw 42")
        key = services.caseworker_keys_unlock(user=self.case_worker, password="her own pw 42")
        assert (
            CANARY in services.report_read(actor=self.case_worker, key=key, report=report).narrative
        )
        # The used recovery key is spent.
        with pytest.raises(services.RecoveryKeyWrong):
            services.caseworker_keys_recover(
                user=self.case_worker, recovery_key=self.recovery, new_password="y" * 12
            )

    def test_lost_recovery_key_means_new_keys_and_a_colleague_shares_again(self) -> None:
        report, _receipt = _report()
        services.report_assign(
            actor=self.case_worker,
            key=self.unlock(self.case_worker),
            report=report,
            case_worker=self.second_worker,
        )
        self.case_worker.set_password("reset by admin 1")
        self.case_worker.save()
        with pytest.raises(services.KeysExist):
            services.caseworker_keys_create(user=self.case_worker, password="reset by admin 1")
        services.caseworker_keys_create(
            user=self.case_worker, password="reset by admin 1", replace=True
        )
        fresh = services.caseworker_keys_unlock(user=self.case_worker, password="reset by admin 1")
        with pytest.raises(services.NotAssigned):
            services.report_read(actor=self.case_worker, key=fresh, report=report)
        event = AuditEvent.objects.get(action="caseworker.keys_replaced")
        assert event.detail == {"reports_lost": 1}

        services.report_share(
            actor=self.second_worker,
            key=self.unlock(self.second_worker),
            report=report,
            case_worker=self.case_worker,
        )
        contents = services.report_read(actor=self.case_worker, key=fresh, report=report)
        assert CANARY in contents.narrative

    def test_password_change_rewraps_the_key(self) -> None:
        with pytest.raises(services.PasswordWrong):
            services.caseworker_password_change(
                user=self.case_worker, old_password="wrong", new_password="n" * 12
            )
        services.caseworker_password_change(
            user=self.case_worker, old_password=PERSONA_PASSWORD, new_password="n" * 12
        )
        services.caseworker_keys_unlock(user=self.case_worker, password="n" * 12)
        with pytest.raises(services.KeysLocked):
            services.caseworker_keys_unlock(user=self.case_worker, password=PERSONA_PASSWORD)

    def test_console_key_is_split_between_session_and_cookie(self) -> None:
        from django.contrib.sessions.backends.db import SessionStore
        from django.contrib.sessions.models import Session

        key = self.unlock(self.case_worker)
        request = RequestFactory().get("/")
        request.session = SessionStore()
        response = HttpResponse()
        services.console_key_put(request=request, response=response, key=key)
        request.session.save()
        cookie = response.cookies[services.CONSOLE_KEY_COOKIE]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Strict"

        # The session row alone does not hold the key; with the cookie it does.
        stored = Session.objects.get(session_key=request.session.session_key).session_data
        assert bytes(key).hex() not in stored
        assert services.console_key_get(request=request) is None
        request.COOKIES[services.CONSOLE_KEY_COOKIE] = cookie.value
        got = services.console_key_get(request=request)
        assert got is not None
        assert bytes(got) == bytes(key)

        request.COOKIES[services.CONSOLE_KEY_COOKIE] = "AAAA" + cookie.value[4:]
        assert services.console_key_get(request=request) is None
        services.console_key_forget(request=request, response=response)
        request.COOKIES[services.CONSOLE_KEY_COOKIE] = cookie.value
        assert services.console_key_get(request=request) is None


class ShreddingTests(SafetyServicesTestCase):
    def _dump(self) -> str:
        """Every value of every table, as text and as raw bytes decoded leniently."""
        parts: list[str] = []
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
                for row in cursor.fetchall():
                    for value in row:
                        if isinstance(value, (bytes, memoryview)):
                            parts.append(bytes(value).decode("utf-8", "replace"))
                        else:
                            parts.append(str(value))
        return "\n".join(parts)

    def test_database_rows_and_files_hold_no_plaintext(self) -> None:
        report, receipt = _report(uploads=[_upload("x.txt", CANARY.encode() * 3)])
        services.message_send(actor=self.case_worker, report=report, text=f"reply {CANARY}")
        services.note_add(actor=self.case_worker, report=report, text=f"note {CANARY}")
        access = services.report_open_by_receipt(receipt=receipt)
        services.reporter_add(access=access, text=URDU_CANARY)
        dump = self._dump()
        # The whole number: "0300" alone turns up by chance in timestamps and hex values.
        for secret in (CANARY, URDU_CANARY, "heron", "بگلا", receipt, "after 8 pm", "0300 0000000"):
            assert secret not in dump
        for path in self.files_dir.iterdir():
            assert b"heron" not in path.read_bytes()

    def test_shredded_report_is_unreadable_even_with_the_right_keys(self) -> None:
        report, receipt = _report(uploads=[_upload()])
        envelope = bytes(
            ReportKey.objects.get(report=report, user=self.case_worker).sealed_private_key
        )
        narrative = bytes(report.narrative_ciphertext)
        with self.captureOnCommitCallbacks(execute=True):
            services.report_delete(actor=self.case_worker, report=report)
        assert not Report.objects.filter(pk=report.pk).exists()
        assert list(self.files_dir.iterdir()) == []
        with pytest.raises(services.ReceiptNotFound):
            services.report_open_by_receipt(receipt=receipt)
        # The case worker's key still opens an old copy of her envelope, but nothing it could
        # decrypt is left in the database: the dump holds neither ciphertext nor envelope.
        dump = self._dump()
        assert narrative.decode("utf-8", "replace") not in dump
        assert envelope.decode("utf-8", "replace") not in dump
        assert AuditEvent.objects.filter(action="report.deleted").exists()
        assert not ReportKey.objects.filter(user=self.case_worker).exists()


class RetentionTests(SafetyServicesTestCase):
    def test_closed_reports_are_purged_after_the_retention_period(self) -> None:
        old, _r1 = _report()
        recent, _r2 = _report()
        still_open, _r3 = _report()
        services.report_status_set(actor=self.case_worker, report=old, status=ReportStatus.CLOSED)
        services.report_status_set(
            actor=self.case_worker, report=recent, status=ReportStatus.CLOSED
        )
        now = timezone.now()
        Report.objects.filter(pk=old.pk).update(closed_at=now - datetime.timedelta(days=91))
        Report.objects.filter(pk=recent.pk).update(closed_at=now - datetime.timedelta(days=89))
        Report.objects.filter(pk=still_open.pk).update(received_on=datetime.date(2020, 1, 1))
        with self.captureOnCommitCallbacks(execute=True):
            call_command("safety_retention_purge", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert set(Report.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
        assert AuditEvent.objects.filter(action="report.purged").count() == 1
        # Reopening stops the clock.
        services.report_status_set(
            actor=self.case_worker, report=recent, status=ReportStatus.IN_PROGRESS
        )
        recent.refresh_from_db()
        assert recent.closed_at is None
        with override_settings(AWAAZ_REPORT_RETENTION_DAYS=0):
            assert services.reports_retention_purge() == 0


class MixedTextTests(SafetyServicesTestCase):
    """Urdu, English, Roman Urdu and odd Unicode together: kept exactly, or refused kindly."""

    def test_mixed_scripts_round_trip_and_hidden_characters_are_refused(self) -> None:
        from awaaz.lib.text import normalise_text, text_problem

        samples = [
            "Mere saath zyadti hui — میرے ساتھ زیادتی ہوئی، 2 لوگ تھے\nدوسری لائن",
            "emoji 🙏🏽 and combining e\u0301 and ZWJ family 👨\u200d👩\u200d👦",
            "ایف آئی آر FIR نہیں\tہوئی (tab)",
            "zero width non-joiner: می\u200cخواهم",
        ]
        key = self.unlock(self.case_worker)
        for text in samples:
            assert text_problem(text, multiline=True) is None
            report, receipt = _report(narrative=text)
            contents = services.report_read(actor=self.case_worker, key=key, report=report)
            assert contents.narrative == normalise_text(text)
            access = services.report_open_by_receipt(receipt=receipt)
            assert services.reporter_read(access=access).narrative == normalise_text(text)
        for hidden in ["abc\u202edcba", "isolate \u2067x\u2069", "bell \x07", "nul \x00"]:
            with pytest.raises(services.UnsafeText):
                _report(narrative=hidden)
            with pytest.raises(services.UnsafeText):
                services.message_send(actor=self.case_worker, report=report, text=hidden)
        assert Report.objects.count() == len(samples)
        assert Message.objects.count() == 0

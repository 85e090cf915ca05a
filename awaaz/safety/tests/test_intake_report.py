"""The report, the receipt and follow-up, through the views, in English and Urdu, with bad input."""

from __future__ import annotations

import io
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from awaaz.core.testing import PersonasTestCase
from awaaz.lib import abuse
from awaaz.safety.models import Attachment, Message, Report

CANARY = "Zubeida's kite flew over the orange canal at noon"


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def solved(purpose: str, *, age: float = 60) -> dict[str, str]:
    """A challenge issued `age` seconds ago, with its proof-of-work done (as the script does)."""
    challenge = abuse.challenge_issue(purpose=purpose, issued_at=time.time() - age)
    return {"challenge": challenge, "work": abuse.work_solve(challenge)}


def report_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reporter_role": "survivor",
        "incident_type": "rape",
        "when": "within_month",
        "district": "",
        "survivor_gender": "man",
        "survivor_age": "18_24",
        "perpetrator_count": "one",
        "perpetrator_relationship": "acquaintance",
        "police_told": "no",
        "fir_registered": "no",
        "help_wanted": ["counselling", "legal"],
        "narrative": CANARY,
        "website": "",
        **solved("safety-report"),
    }
    data.update(overrides)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (120, 30, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def receipt_in(page: str) -> str:
    found = re.search(r"\b(\d{4}) (\d{4}) (\d{4}) (\d{4})\b", page)
    assert found, "no receipt on the page"
    return "".join(found.groups())


def token_in(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "no token on the page"
    return found.group(1)


class IntakeTestCase(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Rate-limit counters and used challenges live in the cache: start each test afresh.
        cache.clear()

    def file_report(self, client: Client, language: str = "en", **overrides: Any) -> str:
        response = client.post(url("safety:intake_report", language), report_data(**overrides))
        assert response.status_code == 200, response.content.decode()[:3000]
        return receipt_in(response.content.decode())

    def open_report(self, client: Client, receipt: str, language: str = "en") -> Any:
        return client.post(
            url("safety:intake_followup", language),
            {"receipt": receipt, "website": "", **solved("safety-receipt")},
        )


class WholeFlowTests(IntakeTestCase):
    def test_report_receipt_follow_up_add_and_delete_in_both_languages(self) -> None:
        for language in ("en", "ur"):
            client = Client()
            form_page = client.get(url("safety:intake_report", language)).content.decode()
            assert f'lang="{language}"' in form_page
            if language == "ur":
                assert 'dir="rtl"' in form_page
            response = client.post(
                url("safety:intake_report", language),
                report_data(attachments=[SimpleUploadedFile("photo.png", png_bytes())]),
            )
            assert response.status_code == 200
            page = response.content.decode()
            receipt = receipt_in(page)
            assert len(receipt) == 16
            assert receipt not in response.headers.get("Location", "")
            report = Report.objects.latest("id")
            assert report.survivor_gender == "man"
            assert report.incident_type == "rape"
            assert report.help_wanted == ["counselling", "legal"] or set(report.help_wanted) == {
                "counselling",
                "legal",
            }
            assert Attachment.objects.filter(report=report).count() == 1

            opened = self.open_report(
                client, f"{receipt[:4]}-{receipt[4:8]} {receipt[8:]}", language
            )
            assert opened.status_code == 200
            thread = opened.content.decode()
            assert CANARY.replace("'", "&#x27;") in thread
            assert "photo.png" in thread
            token = token_in(thread)

            added = client.post(
                url("safety:intake_add", language),
                {"token": token, "text": "یہ بات بھی بتانی تھی — and one more thing."},
            )
            assert added.status_code == 200
            assert "یہ بات بھی بتانی تھی" in added.content.decode()
            assert Message.objects.filter(report=report).count() == 1

            ask = client.post(url("safety:intake_delete", language), {"token": token})
            assert ask.status_code == 200
            assert Report.objects.filter(pk=report.pk).exists()  # only asked, not yet deleted
            done = client.post(
                url("safety:intake_delete", language),
                {"token": token_in(ask.content.decode()), "confirm": "yes"},
            )
            assert done.status_code == 200
            assert not Report.objects.filter(pk=report.pk).exists()
            assert self.open_report(client, receipt, language).status_code == 400

    def test_the_receipt_saves_as_a_phone_contact_made_on_the_spot(self) -> None:
        client = Client()
        receipt = self.file_report(client)
        before = Report.objects.count()
        response = client.post(
            url("safety:intake_contact_card"), {"receipt": receipt, "name": "Tailor; Saddar"}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/vcard")
        assert "attachment" in response["Content-Disposition"]
        card = response.content.decode()
        assert f"TEL;TYPE=CELL:{receipt}" in card
        assert "FN:Tailor\\; Saddar" in card
        assert Report.objects.count() == before

    def test_nothing_but_the_csrf_cookie_is_ever_set(self) -> None:
        client = Client()
        names: set[str] = set()
        names |= set(client.get(url("safety:intake_report")).cookies)
        response = client.post(url("safety:intake_report"), report_data())
        names |= set(response.cookies)
        receipt = receipt_in(response.content.decode())
        names |= set(self.open_report(client, receipt).cookies)
        assert names <= {settings.CSRF_COOKIE_NAME}


class BadInputTests(IntakeTestCase):
    def post(self, **overrides: Any) -> Any:
        return Client().post(url("safety:intake_report"), report_data(**overrides))

    def test_an_empty_report_is_refused_kindly_and_nothing_is_saved(self) -> None:
        response = Client().post(url("safety:intake_report"), {})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Please say who is reporting" in page
        assert "Please write a few words about what happened" in page
        assert "Nothing has been saved yet." in page
        assert Report.objects.count() == 0

    def test_a_file_that_lies_about_its_type_is_refused(self) -> None:
        response = self.post(attachments=[SimpleUploadedFile("holiday.jpg", PDF_BYTES)])
        assert response.status_code == 400
        assert "is not what its name says" in response.content.decode()
        assert Report.objects.count() == 0

    def test_a_program_is_refused_even_when_named_as_a_document(self) -> None:
        exe = b"MZ" + b"\x90" * 200
        response = self.post(attachments=[SimpleUploadedFile("letter.pdf", exe)])
        assert response.status_code == 400
        assert Report.objects.count() == 0

    @override_settings(AWAAZ_REPORT_MAX_ATTACHMENT_BYTES=1024)
    def test_a_file_over_the_attachment_limit_is_refused(self) -> None:
        big = png_bytes() + b"\0" * 4096
        response = self.post(attachments=[SimpleUploadedFile("photo.png", big)])
        assert response.status_code == 400
        assert "is larger than" in response.content.decode()
        assert Report.objects.count() == 0

    def test_a_100_mb_upload_is_refused_before_it_is_read(self) -> None:
        response = Client().generic(
            "POST",
            url("safety:intake_report"),
            b"x" * 1024,
            content_type="multipart/form-data; boundary=xyz",
            CONTENT_LENGTH=str(100 * 1024 * 1024),
        )
        assert response.status_code == 413
        assert Report.objects.count() == 0

    def test_bidi_overrides_are_refused_but_mixed_urdu_and_english_is_welcome(self) -> None:
        response = self.post(narrative="He said \u202eevil\u202c to me")
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        assert Report.objects.count() == 0

        mixed = "Mujhe dar lag raha tha — مجھے ڈر لگ رہا تھا 🙏 café e\u0301"
        client = Client()
        receipt = self.file_report(client, narrative=mixed)
        page = self.open_report(client, receipt).content.decode()
        assert "مجھے ڈر لگ رہا تھا 🙏 café" in page
        assert "e\u0301" not in page  # stored in NFC: the accent joined its letter

    def test_the_honeypot_saves_nothing(self) -> None:
        response = self.post(website="http://spam.example")
        assert response.status_code == 400
        assert Report.objects.count() == 0

    def test_too_fast_without_proof_of_work_asks_to_wait_and_keeps_the_words(self) -> None:
        challenge = abuse.challenge_issue(purpose="safety-report")
        response = self.post(challenge=challenge, work="")
        assert response.status_code == 200
        page = response.content.decode()
        assert "That was very quick" in page
        assert "Zubeida" in page
        assert Report.objects.count() == 0

    def test_a_form_sent_twice_makes_one_report(self) -> None:
        data = report_data()
        client = Client()
        assert client.post(url("safety:intake_report"), data).status_code == 200
        again = client.post(url("safety:intake_report"), data)
        page = again.content.decode()
        assert "That was very quick" in page
        assert Report.objects.count() == 1
        # The used challenge is replaced, so pressing again later does send (no dead end).
        assert f'value="{data["challenge"]}"' not in page


class ReceiptTests(IntakeTestCase):
    def test_a_wrong_receipt_gets_a_kind_message(self) -> None:
        client = Client()
        self.file_report(client)
        response = self.open_report(client, "1234567812345678")
        assert response.status_code == 400
        assert 'class="errorlist"' in response.content.decode()

    def test_a_malformed_receipt_says_what_a_receipt_looks_like(self) -> None:
        response = self.open_report(Client(), "12345")
        assert response.status_code == 400
        assert "A receipt has 16 digits" in response.content.decode()

    def test_urdu_digits_open_the_report(self) -> None:
        client = Client()
        receipt = self.file_report(client)
        urdu = receipt.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert self.open_report(client, urdu, "ur").status_code == 200

    @override_settings(AWAAZ_TRIES_PER_RECEIPT_PER_HOUR=3)
    def test_one_receipt_tried_many_times_is_stopped(self) -> None:
        statuses = [self.open_report(Client(), "9999888877776666").status_code for _ in range(5)]
        assert statuses[:3] == [400, 400, 400]
        assert statuses[3:] == [429, 429]

    @override_settings(AWAAZ_TRIES_PER_RECEIPT_PER_HOUR=3)
    def test_one_receipt_tried_from_many_places_is_stopped_and_others_still_open(self) -> None:
        receipt = self.file_report(Client())
        guessed = "9999888877776666"
        # The same receipt, written five ways: they count as one receipt.
        spellings = [
            guessed,
            "9999-8888-7777-6666",
            "9999 8888 7777 6666",
            guessed.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
            " 99998888 77776666 ",
        ]
        statuses = []
        for n, spelling in enumerate(spellings):
            # Each try from another address, proxy chain and phone: none of it counts.
            place = Client(
                REMOTE_ADDR=f"203.0.113.{n}",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
                HTTP_USER_AGENT=f"Fictional Phone {n}",
            )
            statuses.append(self.open_report(place, spelling).status_code)
        assert statuses == [400, 400, 400, 429, 429]
        stopped = self.open_report(Client(REMOTE_ADDR="203.0.113.99"), guessed).content.decode()
        assert "too many tries" in stopped
        assert "Your report is safe and nothing was changed." in stopped
        # The limit is on that receipt, not on a place or on everyone: another reporter opens hers.
        assert self.open_report(Client(REMOTE_ADDR="203.0.113.0"), receipt).status_code == 200
        # What counts the tries keeps no address, no browser and not the receipt itself.
        kept = repr(getattr(cache, "_cache", {}))
        for trace in ("203.0.113", "198.51.100", "Fictional Phone", guessed, receipt):
            assert trace not in kept

    @override_settings(AWAAZ_RECEIPT_TRIES_PER_HOUR=4)
    def test_many_receipts_from_anywhere_are_stopped_without_any_address(self) -> None:
        statuses = []
        for n in range(6):
            client = Client(REMOTE_ADDR=f"198.51.100.{n}")
            statuses.append(self.open_report(client, f"{n:016d}").status_code)
        assert statuses[:4] == [400] * 4
        assert statuses[4:] == [429, 429]

    def test_a_receipt_without_proof_of_work_must_wait(self) -> None:
        response = Client().post(
            url("safety:intake_followup"),
            {
                "receipt": "1234567812345678",
                "challenge": abuse.challenge_issue(purpose="safety-receipt"),
            },
        )
        assert response.status_code == 200
        assert "That was very quick" in response.content.decode()

    def test_a_forged_or_old_token_asks_for_the_receipt_again(self) -> None:
        response = Client().post(url("safety:intake_add"), {"token": "forged", "text": "hello"})
        assert response.status_code == 403
        assert "Please type your receipt again" in response.content.decode()
        assert Message.objects.count() == 0

    def test_adding_nothing_is_refused(self) -> None:
        client = Client()
        receipt = self.file_report(client)
        token = token_in(self.open_report(client, receipt).content.decode())
        response = client.post(url("safety:intake_add"), {"token": token, "text": ""})
        assert response.status_code == 400
        assert "Write something or choose a file" in response.content.decode()


class FollowUpFileTests(IntakeTestCase):
    def test_a_file_can_be_added_later_and_a_lying_one_is_refused(self) -> None:
        client = Client()
        receipt = self.file_report(client)
        report = Report.objects.get()
        token = token_in(self.open_report(client, receipt).content.decode())

        refused = client.post(
            url("safety:intake_add"),
            {"token": token, "attachments": [SimpleUploadedFile("voice.mp3", PDF_BYTES)]},
        )
        assert refused.status_code == 400
        assert "is not what its name says" in refused.content.decode()
        assert Attachment.objects.filter(report=report).count() == 0

        added = client.post(
            url("safety:intake_add"),
            {
                "token": token_in(refused.content.decode()),
                "attachments": [SimpleUploadedFile("scan.pdf", PDF_BYTES)],
            },
        )
        assert added.status_code == 200
        assert "scan.pdf" in added.content.decode()
        assert Attachment.objects.filter(report=report).count() == 1

    def test_contact_details_are_asked_for_only_with_consent(self) -> None:
        response = Client().post(
            url("safety:intake_report"), report_data(consent_contact="on", contact_channel="")
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Choose how we may contact you." in page
        assert "Write the number or address to use" in page
        assert Report.objects.count() == 0

        client = Client()
        self.file_report(client, contact_detail="0300 0000000")  # no consent: not kept
        report = Report.objects.get()
        assert report.consent_contact is False
        assert bytes(report.contact_ciphertext) == b""


class ShareWithServiceTests(IntakeTestCase):
    def test_the_service_is_named_in_the_page_language_and_kept_with_consent(self) -> None:
        from awaaz.safety.models import Service

        service = Service.objects.create(
            kind="helpline", name_en="Example Helpline", name_ur="مثالی ہیلپ لائن"
        )
        assert "Example Helpline" in Client().get(url("safety:intake_report")).content.decode()
        assert "مثالی ہیلپ لائن" in Client().get(url("safety:intake_report", "ur")).content.decode()

        missing = Client().post(url("safety:intake_report"), report_data(consent_share="on"))
        assert missing.status_code == 400
        assert "Choose the service to share with" in missing.content.decode()

        self.file_report(Client(), consent_share="on", share_service=str(service.pk))
        report = Report.objects.get()
        assert report.consent_share is True
        assert report.share_service == service


class NewReportNotificationTests(IntakeTestCase):
    def test_the_case_worker_is_told_a_report_waits_and_nothing_else(self) -> None:
        from django.test import override_settings

        from awaaz.core.testing import PERSONA_PASSWORD, SmtpSink
        from awaaz.safety import services

        services.caseworker_keys_create(
            user=self.case_worker, password=PERSONA_PASSWORD, receives_new_reports=True
        )
        sink = SmtpSink().start()
        try:
            with (
                override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                    EMAIL_HOST="127.0.0.1",
                    EMAIL_PORT=sink.port,
                ),
                self.captureOnCommitCallbacks(execute=True),
            ):
                receipt = self.file_report(Client(), narrative="Canary-Notify-7731 happened")
        finally:
            sink.stop()
        (message,) = sink.messages_to(self.case_worker.email)
        body = sink.bodies()[0]
        assert "console" in body
        for secret in ("Canary-Notify-7731", receipt, receipt[:4] + " " + receipt[4:8]):
            assert secret not in body
            assert secret not in str(message["Subject"])

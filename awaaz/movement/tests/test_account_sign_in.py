"""Members sign in without a password: a link by email (real SMTP) or a code by SMS."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awaaz.core.testing import PersonasTestCase, SmtpSink
from awaaz.lib.sms import outbox
from awaaz.movement.models import Member, Verification, VerificationPurpose


class SignInTests(PersonasTestCase):
    bilal: ClassVar[Member]
    kamran: ClassVar[Member]
    sink: SmtpSink
    sms_dir: Path

    @pytest.fixture(autouse=True)
    def _delivery(self, smtp_sink: SmtpSink, settings: Any, tmp_path: Path) -> None:
        self.sink = smtp_sink
        self.sms_dir = tmp_path / "sms"
        settings.AWAAZ_SMS_BACKEND = "file"
        settings.AWAAZ_SMS_DIR = self.sms_dir
        cache.clear()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.bilal = Member.objects.create(
            display_name="Bilal Qureshi", email="bilal@example.org", language="ur"
        )
        cls.kamran = Member.objects.create(
            display_name="Kamran Baig", phone="+923000000101", language="en"
        )

    def _ask(self, client: Client, identifier: str) -> Any:
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(reverse("movement:sign_in"), {"identifier": identifier})

    def _link(self) -> str:
        match = re.search(r"https?://\S+", self.sink.bodies()[-1])
        assert match
        return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]

    def _code(self) -> str:
        match = re.search(r"\b(\d{6})\b", outbox(self.sms_dir)[-1]["body"])
        assert match
        return match.group(1)

    def test_email_link_signs_in_and_creates_the_account(self) -> None:
        client = Client()
        response = self._ask(client, "  Bilal@Example.org ")
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("movement:sign_in_sent"))
        assert len(self.sink.messages) == 1
        assert self.sink.messages[0]["To"] == "bilal@example.org"
        link = self._link()
        # Opening the link shows a button; only the POST uses it (mail scanners open links).
        assert client.get(link).status_code == 200
        assert Member.objects.get(pk=self.bilal.pk).user is None
        response = client.post(link)
        assert response.status_code == 302
        # Language preference from the profile: Urdu.
        assert response["Location"].startswith("/ur/")
        member = Member.objects.get(pk=self.bilal.pk)
        assert member.user is not None
        assert not member.user.has_usable_password()
        assert member.email_verified_at is not None
        page = client.get(reverse("movement:profile"))
        assert page.status_code == 200
        assert "Bilal Qureshi" in page.content.decode()

    def test_only_hashes_are_stored(self) -> None:
        self._ask(Client(), "bilal@example.org")
        link = self._link()
        token = link.rstrip("/").rsplit("/", 1)[1]
        stored = Verification.objects.get(member=self.bilal)
        assert token not in stored.token_hash
        assert stored.purpose == VerificationPurpose.SIGN_IN

    def test_a_link_works_once(self) -> None:
        self._ask(Client(), "bilal@example.org")
        link = self._link()
        assert Client().post(link).status_code == 302
        response = Client().post(link)
        assert response.status_code == 400
        # Bilal reads Urdu: the link in his email opens the Urdu page.
        assert "پہلے ہی استعمال ہو چکا" in response.content.decode()

    def test_an_expired_link_says_so(self) -> None:
        self._ask(Client(), "bilal@example.org")
        Verification.objects.filter(member=self.bilal).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        response = Client().post(self._link())
        assert response.status_code == 400
        assert "مدت ختم ہو چکی" in response.content.decode()
        assert Member.objects.get(pk=self.bilal.pk).user is None

    def test_a_made_up_link_is_refused(self) -> None:
        url = reverse("movement:sign_in_link", kwargs={"token": "x" * 43})
        response = Client().post(url)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()

    def test_unknown_and_known_addresses_get_the_same_answer(self) -> None:
        known = self._ask(Client(), "bilal@example.org")
        unknown = self._ask(Client(), "nobody@example.org")
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"]
        assert len(self.sink.messages) == 1
        known_page = Client().get(known["Location"]).content
        unknown_page = Client().get(unknown["Location"]).content
        assert known_page == unknown_page

    def test_sms_code_signs_in(self) -> None:
        client = Client()
        response = self._ask(client, "0300 0000101")
        assert response["Location"].endswith(reverse("movement:sign_in_code"))
        assert outbox(self.sms_dir)[-1]["to"] == "+923000000101"
        response = client.post(reverse("movement:sign_in_code"), {"code": self._code()})
        assert response.status_code == 302
        assert response["Location"].startswith("/en/")
        assert Member.objects.get(pk=self.kamran.pk).phone_verified_at is not None

    def test_five_wrong_codes_lock_the_code(self) -> None:
        client = Client()
        self._ask(client, "03000000101")
        code = self._code()
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(5):
            response = client.post(reverse("movement:sign_in_code"), {"code": wrong})
            assert response.status_code == 400
            assert "not right" in response.content.decode()
        response = client.post(reverse("movement:sign_in_code"), {"code": code})
        assert response.status_code == 400
        assert "locked" in response.content.decode()
        assert Member.objects.get(pk=self.kamran.pk).user is None
        # The lock is on the code itself, not only in this browser's session.
        assert Verification.objects.get(member=self.kamran).attempts == 5

    def test_an_unknown_number_locks_the_same_way(self) -> None:
        client = Client()
        self._ask(client, "03000000999")
        assert outbox(self.sms_dir) == []
        for _ in range(5):
            assert (
                "not right"
                in client.post(
                    reverse("movement:sign_in_code"), {"code": "123456"}
                ).content.decode()
            )
        assert (
            "locked"
            in client.post(reverse("movement:sign_in_code"), {"code": "123456"}).content.decode()
        )

    def test_bad_input_gets_a_clear_message(self) -> None:
        for value, words in [
            ("bilal@", "not complete"),
            ("someone@mailinator.com", "throwaway"),
            ("+44 20 7946 0958", "Only Pakistani"),
            ("12", "not a phone number"),
        ]:
            response = Client().post(reverse("movement:sign_in"), {"identifier": value})
            assert response.status_code == 400, value
            assert words in response.content.decode(), value

    def test_messages_in_urdu(self) -> None:
        response = Client().post("/ur/account/sign-in/", {"identifier": "12"})
        assert response.status_code == 400
        assert 'dir="rtl"' in response.content.decode()
        assert "This is not a phone number" not in response.content.decode()

    def test_requests_per_hour_are_limited(self) -> None:
        for _ in range(8):
            self._ask(Client(), "bilal@example.org")
        assert len(self.sink.messages) == 5

    def test_sign_out(self) -> None:
        client = Client()
        self._ask(client, "bilal@example.org")
        client.post(self._link())
        assert client.post(reverse("movement:sign_out")).status_code == 302
        assert client.get(reverse("movement:profile")).status_code == 302

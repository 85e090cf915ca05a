"""Who gets into the case-worker console, and how keys are set up, unlocked and recovered."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from awaaz.core.models import AuditEvent, User
from awaaz.core.testing import PERSONA_PASSWORD
from awaaz.safety.models import CaseWorkerKey, ReportKey
from awaaz.safety.tests.test_console_base import CANARY, ConsoleTestCase, report_make

INBOX = "safety:console_inbox"


class ConsoleDoorTests(ConsoleTestCase):
    def test_signed_out_visitor_is_sent_to_sign_in(self) -> None:
        response = Client().get(reverse(INBOX))
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_people_who_are_not_case_workers_are_refused(self) -> None:
        report, _receipt = report_make()
        report_url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        for persona in (self.outsider, self.member, self.administrator, self.coordinator):
            client = self.verified_client_for(persona)
            for url in (reverse(INBOX), report_url):
                response = client.get(url)
                assert response.status_code == 403, (persona.username, url)
                assert CANARY.encode() not in response.content

    def test_case_worker_without_a_verified_second_factor_is_sent_to_verify(self) -> None:
        client = self.client_for(self.case_worker)  # password only
        response = client.get(reverse(INBOX))
        assert response.status_code == 302
        assert reverse("core:otp_enrol") in response["Location"]

    def test_case_worker_with_a_device_but_unverified_session_is_sent_to_verification(
        self,
    ) -> None:
        self.verified_client_for(self.case_worker)  # gives her a confirmed device
        client = self.client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        assert response.status_code == 302
        assert reverse("core:otp_verify") in response["Location"]

    def test_console_pages_are_never_cached(self) -> None:
        client = self.verified_client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        assert "no-store" in response["Cache-Control"]

    def test_later_visits_unlock_the_key_once_per_session(self) -> None:
        client = self.verified_client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("safety:console_unlock"))
        response = client.post(response["Location"], {"password": PERSONA_PASSWORD})
        assert response["Location"] == reverse(INBOX)
        assert client.get(reverse(INBOX)).status_code == 200
        assert client.get(reverse(INBOX)).status_code == 200  # no password asked again

    def test_report_page_asks_for_the_password_first(self) -> None:
        report, _receipt = report_make()
        client = self.verified_client_for(self.case_worker)
        url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("safety:console_unlock"))
        response = client.post(response["Location"], {"password": PERSONA_PASSWORD, "next": url})
        assert response.status_code == 302
        assert response["Location"] == url
        page = client.get(url)
        assert page.status_code == 200
        assert CANARY in page.content.decode()


class FirstVisitTests(ConsoleTestCase):
    def setUp(self) -> None:
        self.newcomer = User.objects.create_user(
            username="newcomer",
            email="newcomer@example.org",
            password=PERSONA_PASSWORD,
            is_staff=True,
        )
        self.newcomer.groups.add(self.case_worker.groups.get())
        self.client = self.verified_client_for(self.newcomer)

    def test_first_visit_creates_keys_and_shows_the_recovery_key_once(self) -> None:
        response = self.client.get(reverse(INBOX))
        assert response["Location"] == reverse("safety:console_keys_setup")
        page = self.client.get(reverse("safety:console_keys_setup"))
        assert "Your password" in page.content.decode()
        response = self.client.post(
            reverse("safety:console_keys_setup"), {"password": PERSONA_PASSWORD}
        )
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        key_text = response.context["recovery_key"]
        assert key_text
        assert key_text in response.content.decode()
        assert CaseWorkerKey.objects.filter(user=self.newcomer).exists()
        assert AuditEvent.objects.filter(
            actor=self.newcomer, action="caseworker.keys_created"
        ).exists()
        # Still signed in, with the key unlocked: the inbox opens.
        assert self.client.get(reverse(INBOX)).status_code == 200
        # The recovery key is never shown again.
        again = self.client.get(reverse("safety:console_keys_setup"))
        assert again.status_code == 302
        assert key_text not in self.client.get(reverse(INBOX)).content.decode()

    def test_wrong_password_creates_nothing_and_says_so(self) -> None:
        response = self.client.post(
            reverse("safety:console_keys_setup"), {"password": "not my password at all"}
        )
        assert response.status_code == 400
        assert "That is not your password" in response.content.decode()
        assert not CaseWorkerKey.objects.filter(user=self.newcomer).exists()


class UnlockAndRecoveryTests(ConsoleTestCase):
    def test_wrong_password_is_refused_kindly(self) -> None:
        client = self.verified_client_for(self.case_worker)
        response = client.post(reverse("safety:console_unlock"), {"password": "wrong guess 123"})
        assert response.status_code == 400
        assert "That is not your password" in response.content.decode()
        assert not response.context["password_changed"]

    def test_wrong_tries_are_audited_and_limited(self) -> None:
        client = self.verified_client_for(self.case_worker)
        for _attempt in range(5):
            response = client.post(reverse("safety:console_unlock"), {"password": "guess 1234"})
            assert response.status_code == 400
        failures = AuditEvent.objects.filter(
            actor=self.case_worker, action="caseworker.unlock_failed"
        )
        assert failures.count() == 5
        assert all("guess" not in str(event.detail) for event in failures)
        # Now even the right password is not tried for a while, and she is told why.
        response = client.post(reverse("safety:console_unlock"), {"password": PERSONA_PASSWORD})
        assert response.status_code == 400
        assert "Too many wrong tries" in response.content.decode()
        assert not AuditEvent.objects.filter(
            actor=self.case_worker, action="caseworker.keys_unlocked"
        ).exists()
        # The recovery page counts and stops the same way.
        response = client.post(
            reverse("safety:console_recover"),
            {"recovery_key": self.recovery_key, "password": PERSONA_PASSWORD},
        )
        assert "Too many wrong tries" in response.content.decode()

    def test_password_reset_by_an_administrator_is_explained_and_recovery_restores_access(
        self,
    ) -> None:
        report, _receipt = report_make()
        # An administrator sets a new password; the key envelope still needs the old one.
        self.case_worker.set_password("a brand new password 2026")
        self.case_worker.save()
        client = self.verified_client_for(self.case_worker)
        response = client.post(
            reverse("safety:console_unlock"), {"password": "a brand new password 2026"}
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "Your password has changed" in body
        assert reverse("safety:console_recover") in body
        # The recovery key opens the key again and locks it with the new password.
        response = client.post(
            reverse("safety:console_recover"),
            {"recovery_key": self.recovery_key, "password": "a brand new password 2026"},
        )
        assert response.status_code == 200
        new_key = response.context["recovery_key"]
        assert new_key
        assert new_key != self.recovery_key
        page = client.get(reverse("safety:console_report", kwargs={"public_id": report.public_id}))
        assert page.status_code == 200
        assert CANARY in page.content.decode()
        # Next session: the new password unlocks directly.
        other = self.verified_client_for(self.case_worker)
        response = other.post(
            reverse("safety:console_unlock"), {"password": "a brand new password 2026"}
        )
        assert response.status_code == 302

    def test_a_password_reset_ends_the_open_console_session_and_its_key(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        assert client.get(url).status_code == 200
        # An administrator resets her password (e.g. she reported her phone stolen).
        self.case_worker.set_password("reset after a stolen phone 7")
        self.case_worker.save()
        # The session that held the unlocked key is over: signed out, nothing readable.
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("safety:console_unlock") not in response["Location"]
        assert self._sessions_holding_a_console_key() == 0

    def test_wrong_recovery_key_is_refused_and_changes_nothing(self) -> None:
        self.case_worker.set_password("a brand new password 2026")
        self.case_worker.save()
        before = bytes(CaseWorkerKey.objects.get(user=self.case_worker).wrapped_private_key)
        client = self.verified_client_for(self.case_worker)
        response = client.post(
            reverse("safety:console_recover"),
            {
                "recovery_key": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH",
                "password": "a brand new password 2026",
            },
        )
        assert response.status_code == 400
        assert "recovery key is not right" in response.content.decode()
        after = bytes(CaseWorkerKey.objects.get(user=self.case_worker).wrapped_private_key)
        assert before == after

    def test_lost_recovery_key_starts_again_and_colleague_shares_back(self) -> None:
        report, _receipt = report_make()
        # Both case workers hold the report.
        colleague = self.unlocked_client_for(self.other_case_worker)
        holder = self.unlocked_client_for(self.case_worker)
        holder.post(
            reverse("safety:console_assign", kwargs={"public_id": report.public_id}),
            {"case_worker": self.other_case_worker.pk},
        )
        assert ReportKey.objects.filter(report=report, user=self.other_case_worker).exists()
        # The case worker's password is reset and her recovery key lost.
        self.case_worker.set_password("a brand new password 2026")
        self.case_worker.save()
        client = self.verified_client_for(self.case_worker)
        response = client.post(
            reverse("safety:console_keys_replace"),
            {"password": "a brand new password 2026", "confirm": "on"},
        )
        assert response.status_code == 200
        assert not ReportKey.objects.filter(report=report, user=self.case_worker).exists()
        assert AuditEvent.objects.filter(action="caseworker.keys_replaced").exists()
        # Her colleague shares the report with her new key; she can read it again.
        colleague.post(
            reverse("safety:console_assign", kwargs={"public_id": report.public_id}),
            {"case_worker": self.case_worker.pk},
        )
        page = client.get(reverse("safety:console_report", kwargs={"public_id": report.public_id}))
        assert page.status_code == 200
        assert CANARY in page.content.decode()

    def test_replacing_keys_needs_the_confirmation(self) -> None:
        client = self.verified_client_for(self.case_worker)
        before = bytes(CaseWorkerKey.objects.get(user=self.case_worker).public_key)
        response = client.post(
            reverse("safety:console_keys_replace"), {"password": PERSONA_PASSWORD}
        )
        assert response.status_code == 400
        assert "tick the box" in response.content.decode()
        assert bytes(CaseWorkerKey.objects.get(user=self.case_worker).public_key) == before

    def test_locking_the_console_forgets_the_key(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        assert client.get(url).status_code == 200
        response = client.post(reverse("safety:console_lock"))
        assert response.status_code == 302
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("safety:console_unlock"))

    def _sessions_holding_a_console_key(self) -> int:
        from django.contrib.sessions.models import Session

        return sum(
            "safety_console_key" in session.get_decoded() for session in Session.objects.all()
        )

    def test_signing_out_forgets_the_key(self) -> None:
        from awaaz.safety import services

        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        url = reverse("safety:console_report", kwargs={"public_id": report.public_id})
        page = client.get(url)
        assert page.status_code == 200
        assert reverse("safety:console_sign_out") in page.content.decode()
        cookie = client.cookies[services.CONSOLE_KEY_COOKIE].value
        assert self._sessions_holding_a_console_key() == 1

        response = client.post(reverse("safety:console_sign_out"))
        assert response.status_code == 302
        # Both halves are gone: the browser is told to drop the cookie, the session is destroyed.
        dropped = response.cookies[services.CONSOLE_KEY_COOKIE]
        assert dropped.value == ""
        assert dropped["max-age"] == 0
        assert self._sessions_holding_a_console_key() == 0
        assert client.get(url).status_code == 302  # signed out

        # Signing in again in the same browser, even with the old cookie put back, reads nothing
        # until the password is typed again.
        again = self.verified_client_for(self.case_worker)
        again.cookies[services.CONSOLE_KEY_COOKIE] = cookie
        response = again.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("safety:console_unlock"))
        assert AuditEvent.objects.filter(action="report.read").count() == 1

    def test_signing_out_elsewhere_forgets_the_key_too(self) -> None:
        client = self.unlocked_client_for(self.case_worker)
        assert self._sessions_holding_a_console_key() == 1
        response = client.post(reverse("admin:logout"))
        assert response.status_code in (200, 302)
        assert self._sessions_holding_a_console_key() == 0

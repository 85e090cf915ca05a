"""Two factors for staff: enrolment, verification, backup codes, the decorator and the admin."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLResolver, include, path, reverse
from django.urls.resolvers import LocalePrefixPattern
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from awaaz import urls as project_urls
from awaaz.core import otp, urls_otp
from awaaz.core import urls as core_urls
from awaaz.core.models import AuditEvent, User
from awaaz.core.testing import PersonasTestCase


def urlconf_with_otp(*, rebuild_admin: bool = False) -> object:
    """The project's URLconf with the two-factor pages in the "core" namespace.

    Until awaaz/core/urls.py includes urls_otp (one line), the tests add it themselves; once it
    does, this returns the project's own URLconf unchanged. `rebuild_admin` takes the admin's
    URLs afresh, after a test has made the admin require two factors.
    """
    try:
        reverse("core:otp_verify", urlconf="awaaz.urls")
    except NoReverseMatch:
        pass
    else:
        if not rebuild_admin:
            return project_urls
    localised = next(
        p
        for p in project_urls.urlpatterns
        if isinstance(p, URLResolver) and isinstance(p.pattern, LocalePrefixPattern)
    )
    patterns = []
    for pattern in localised.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "core":
            pattern = path("", include(([*core_urls.urlpatterns, *urls_otp.urlpatterns], "core")))
        elif isinstance(pattern, URLResolver) and pattern.app_name == "admin" and rebuild_admin:
            pattern = path(settings.ADMIN_URL, admin.site.urls)
        patterns.append(pattern)
    module = types.ModuleType("awaaz_urls_with_otp")
    module.urlpatterns = [  # type: ignore[attr-defined]
        *[p for p in project_urls.urlpatterns if p is not localised],
        *i18n_patterns(*patterns, prefix_default_language=True),
    ]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, name, getattr(project_urls, name))
    return module


URLCONF = urlconf_with_otp()


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


@override_settings(ROOT_URLCONF=URLCONF, OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
class EnrolmentTests(PersonasTestCase):
    def signed_in(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def test_a_staff_user_without_a_device_is_sent_to_enrolment(self) -> None:
        response = self.signed_in(self.coordinator).get("/en/two-factor/backup-codes/")
        assert response.status_code == 302
        assert response["Location"] == (
            "/en/two-factor/enrol/?next=%2Fen%2Ftwo-factor%2Fbackup-codes%2F"
        )

    def test_signed_out_visitors_are_sent_to_sign_in(self) -> None:
        response = Client().get("/en/two-factor/backup-codes/")
        assert response.status_code == 302
        assert "next=/en/two-factor/backup-codes/" in response["Location"]
        assert "two-factor" not in response["Location"].split("?")[0]

    def test_enrolment_shows_the_secret_as_text_and_a_qr_code_drawn_here(self) -> None:
        response = self.signed_in(self.coordinator).get("/en/two-factor/enrol/")
        html = response.content.decode()
        assert response.status_code == 200
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)
        secret = re.search(r'<code dir="ltr" lang="en">([A-Z2-7 ]+)</code>', html)
        assert secret is not None
        assert secret.group(1).replace(" ", "") in device.config_url
        assert '<svg width="' in html
        assert "<title>QR code for your authenticator app</title>" in html
        # Nothing is fetched from elsewhere and nothing breaks the strict CSP.
        assert "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html
        assert "style=" not in html
        assert "<script" not in html

    def test_the_same_secret_is_shown_until_it_is_confirmed(self) -> None:
        client = self.signed_in(self.coordinator)
        client.get("/en/two-factor/enrol/")
        client.get("/en/two-factor/enrol/")
        assert TOTPDevice.objects.filter(user=self.coordinator).count() == 1

    def test_a_wrong_first_code_confirms_nothing_in_english_and_in_urdu(self) -> None:
        client = self.signed_in(self.coordinator)
        response = client.post("/en/two-factor/enrol/", {"token": "000000"})
        assert response.status_code == 400
        assert "That code is not right." in response.content.decode()
        response = client.post("/ur/two-factor/enrol/", {"token": "000000"})
        assert "یہ کوڈ درست نہیں" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=self.coordinator, confirmed=True).exists()
        assert not StaticToken.objects.filter(device__user=self.coordinator).exists()

    def test_the_right_code_confirms_shows_ten_backup_codes_once_and_verifies(self) -> None:
        client = self.signed_in(self.coordinator)
        client.get("/en/two-factor/enrol/")
        device = TOTPDevice.objects.get(user=self.coordinator)
        response = client.post(
            "/en/two-factor/enrol/", {"token": current_code(device), "next": "/en/"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)
        assert len(codes) == 10
        assert set(codes) == set(
            StaticToken.objects.filter(device__user=self.coordinator).values_list(
                "token", flat=True
            )
        )
        device.refresh_from_db()
        assert device.confirmed
        # The session is verified: the decorated page opens, and enrolment is not offered again.
        assert client.get("/en/two-factor/backup-codes/").status_code == 200
        assert client.get("/en/two-factor/enrol/").status_code == 302
        assert AuditEvent.objects.filter(actor=self.coordinator, action="otp.enrolled").exists()
        # No secret and no code reaches the audit log.
        for event in AuditEvent.objects.all():
            assert not any(code in str(event.detail) for code in codes)

    def test_new_backup_codes_replace_the_old_ones(self) -> None:
        client = Client()
        otp.otp_verify_client(client, self.coordinator)
        first = otp.otp_backup_codes_replace(user=self.coordinator)
        response = client.post("/en/two-factor/backup-codes/")
        second = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
        assert len(second) == 10
        stored = set(
            StaticToken.objects.filter(device__user=self.coordinator).values_list(
                "token", flat=True
            )
        )
        assert stored == set(second)
        assert not stored & set(first)


@override_settings(ROOT_URLCONF=URLCONF, OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
class VerificationTests(PersonasTestCase):
    def setUp(self) -> None:
        self.device = TOTPDevice.objects.create(user=self.focal_person, confirmed=True)
        self.codes = otp.otp_backup_codes_replace(user=self.focal_person, audit=False)
        self.client = Client()
        self.client.force_login(self.focal_person)

    def test_a_user_with_a_device_is_asked_for_a_code_not_a_new_device(self) -> None:
        response = self.client.get("/en/two-factor/backup-codes/")
        assert response["Location"].startswith("/en/two-factor/verify/?next=")
        assert self.client.get("/en/two-factor/enrol/")["Location"].startswith(
            "/en/two-factor/verify/"
        )

    def test_a_code_from_the_app_verifies_the_session_and_goes_back(self) -> None:
        response = self.client.post(
            "/en/two-factor/verify/",
            {"token": current_code(self.device), "next": "/en/two-factor/backup-codes/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/en/two-factor/backup-codes/"
        assert self.client.get("/en/two-factor/backup-codes/").status_code == 200
        assert AuditEvent.objects.filter(actor=self.focal_person, action="otp.verified").exists()

    def test_a_wrong_code_is_refused_and_recorded(self) -> None:
        response = self.client.post("/ur/two-factor/verify/", {"token": "123456"})
        assert response.status_code == 400
        assert "یہ کوڈ درست نہیں" in response.content.decode()
        assert self.client.get("/en/two-factor/backup-codes/").status_code == 302
        assert AuditEvent.objects.filter(actor=self.focal_person, action="otp.failed").exists()

    def test_a_backup_code_works_once(self) -> None:
        code = self.codes[0]
        assert self.client.post("/en/two-factor/verify/", {"token": code}).status_code == 302
        other = Client()
        other.force_login(self.focal_person)
        assert other.post("/en/two-factor/verify/", {"token": code}).status_code == 400

    def test_next_may_not_point_to_another_site(self) -> None:
        response = self.client.post(
            "/en/two-factor/verify/",
            {"token": current_code(self.device), "next": "https://evil.example/"},
        )
        assert response["Location"] == "/"

    def test_another_users_device_does_not_verify(self) -> None:
        other_device = TOTPDevice.objects.create(user=self.other_focal_person, confirmed=True)
        response = self.client.post("/en/two-factor/verify/", {"token": current_code(other_device)})
        assert response.status_code == 400


@pytest.fixture
def otp_admin() -> Iterator[None]:
    # As awaaz/urls.py does it: the admin requires two factors before its URLs are built.
    original = admin.site.__class__
    otp.admin_site_require_otp(admin.site)
    try:
        with override_settings(ROOT_URLCONF=urlconf_with_otp(rebuild_admin=True)):
            yield
    finally:
        admin.site.__class__ = original


@pytest.mark.usefixtures("otp_admin")
class AdminTests(PersonasTestCase):
    def test_staff_without_a_second_factor_are_sent_to_enrolment(self) -> None:
        client = Client()
        client.force_login(self.administrator)
        response = client.get("/en/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/en/two-factor/enrol/?next=")
        assert response.status_code == 200

    def test_staff_with_a_device_are_asked_for_a_code(self) -> None:
        TOTPDevice.objects.create(user=self.administrator, confirmed=True)
        client = Client()
        client.force_login(self.administrator)
        response = client.get("/en/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/en/two-factor/verify/?next=")

    def test_verified_staff_reach_the_admin(self) -> None:
        client = Client()
        otp.otp_verify_client(client, self.administrator)
        assert client.get("/en/admin/").status_code == 200

    def test_people_who_are_not_staff_get_the_sign_in_form(self) -> None:
        client = Client()
        otp.otp_verify_client(client, self.member)
        response = client.get("/en/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/en/admin/login/")

"""The pledge as a visitor meets it: the form, the real email or SMS, the confirmation, the wall."""

from __future__ import annotations

import datetime
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from awaaz.core.testing import SmtpSink
from awaaz.lib import abuse, sms
from awaaz.movement.models import (
    Chapter,
    JoinRequest,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
    Verification,
)
from awaaz.movement.services.pledges import pledge_text_load
from awaaz.places.models import District, Province
from awaaz.places.services import DATA_DIR, places_load

pytestmark = pytest.mark.django_db

PHONE = "0300 1234567"
PHONE_E164 = "+923001234567"
LINK = re.compile(r"https?://[^/\s]+(/\S+/pledge/confirm/\S+/)")


@pytest.fixture(autouse=True)
def _world(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Islamabad from the reference data, the pledge text, an empty cache and SMS outbox."""
    places_load(files=[DATA_DIR / "provinces" / "islamabad.json"])
    pledge_text_load()
    settings.AWAAZ_SMS_BACKEND = "file"
    settings.AWAAZ_SMS_DIR = tmp_path / "sms"
    cache.clear()
    yield
    cache.clear()


def islamabad() -> District:
    return District.objects.get(code="is-islamabad")


def make_chapter(district: District, slug: str = "nust", status: str = "active") -> Chapter:
    return Chapter.objects.create(
        slug=slug,
        name_en="NUST Awaaz",
        name_ur="نسٹ آواز",
        kind="university",
        district=district,
        status=status,
    )


def url(name: str, lang: str = "en", **kwargs: str) -> str:
    with translation.override(lang):
        return reverse(f"movement:{name}", kwargs=kwargs or None)


def form_data(**overrides: str) -> dict[str, str]:
    text = PledgeText.objects.get(version=1)
    challenge = abuse.challenge_issue(purpose="pledge", issued_at=time.time() - 30)
    data = {
        "display_name": "Kamran Aslam",
        "name_choice": "private",
        "phone": "",
        "email": "",
        "district": "is-islamabad",
        "chapter": "",
        "consent": "on",
        "text_version": str(text.version),
        "website": "",
        "challenge": challenge,
        "work": abuse.work_solve(challenge),
    }
    data.update(overrides)
    return data


def post_pledge(client: Client, lang: str = "en", **overrides: str) -> Any:
    return client.post(url("pledge", lang), form_data(**overrides))


def counter(client: Client) -> int:
    html = client.get(url("pledge_wall")).content.decode()
    match = re.search(r'id="pledge-total">([\d,]+)<', html)
    assert match, html
    return int(match.group(1).replace(",", ""))


def confirm_path(sink: SmtpSink, index: int = -1) -> str:
    match = LINK.search(sink.bodies()[index])
    assert match, sink.bodies()[index]
    return match.group(1)


def nothing_saved() -> bool:
    return not (Member.objects.exists() or Pledge.objects.exists() or Verification.objects.exists())


# --- The whole flow -------------------------------------------------------------------------


def test_form_page_shows_the_pledge_consent_and_districts_in_both_languages(
    client: Client,
) -> None:
    html = client.get(url("pledge")).content.decode()
    assert "blame lies with the rapist" in html
    assert "never published" in html
    assert '<option value="is-islamabad">Islamabad</option>' in html
    assert 'name="website"' in html
    assert 'name="challenge"' in html
    assert "style=" not in html
    assert "<script>" not in html
    response = client.get(url("pledge", "ur"))
    # The site-wide policy holds here too: CSRF accepts the browser's same-origin "Origin: null".
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "قصور زیادتی کرنے والے کا ہے" in html
    assert '<option value="is-islamabad">اسلام آباد</option>' in html


def test_email_flow_from_form_to_counted_pledge(client: Client, smtp_sink: SmtpSink) -> None:
    make_chapter(islamabad())
    assert counter(client) == 0
    response = post_pledge(client, email="Kamran.Aslam@Example.org")
    assert response.status_code == 302
    assert response["Location"] == url("pledge_sent")
    page = client.get(response["Location"]).content.decode()
    assert "Check your messages" in page

    # The email really went through SMTP; nothing counts until the link is followed.
    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "kamran.aslam@example.org"
    assert message["Subject"] == "Please confirm your pledge"
    assert counter(client) == 0
    member = Member.objects.get()
    assert member.email == "kamran.aslam@example.org"
    assert member.email_verified_at is None
    # Only the hash of the link is stored.
    path = confirm_path(smtp_sink)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Verification.objects.filter(token_hash__contains=token).exists()

    # Opening the link shows a button (mail scanners open links); pressing it confirms.
    page = client.get(path).content.decode()
    assert "Confirm my pledge" in page
    assert Pledge.objects.get().status == PledgeStatus.PENDING
    response = client.post(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you: your pledge counts" in html
    assert "NUST Awaaz" in html
    assert 'href="https://wa.me/?text=I%20pledge%20to%20raise' in html
    assert counter(client) == 1
    pledge = Pledge.objects.get()
    assert pledge.status == PledgeStatus.CONFIRMED
    assert pledge.consent_version == 1
    assert PledgeTally.objects.get(district=islamabad()).count == 1
    assert Member.objects.get().email_verified_at is not None

    # The link is one-time.
    assert client.post(path).status_code == 410
    assert counter(client) == 1


def test_sms_flow_with_the_file_backend(client: Client, settings: Any) -> None:
    response = post_pledge(client, phone=PHONE)
    assert response.status_code == 302
    assert "/pledge/code/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "6-digit code" in page
    (message,) = sms.outbox(settings.AWAAZ_SMS_DIR)
    assert message["to"] == PHONE_E164
    code = re.search(r"\b(\d{6})\b", message["body"])
    assert code
    assert Member.objects.get().phone == PHONE_E164
    response = client.post(response["Location"], {"code": code.group(1)}, follow=True)
    assert "Thank you: your pledge counts" in response.content.decode()
    assert counter(client) == 1
    assert Member.objects.get().phone_verified_at is not None


class _Gateway(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(settings: Any) -> Iterator[list[tuple[str, dict[str, str]]]]:
    """A local HTTP server that plays the SMS provider."""
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    _Gateway.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AWAAZ_SMS_BACKEND = "http"
    settings.AWAAZ_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.AWAAZ_SMS_HTTP_TOKEN = "test-token"
    try:
        yield _Gateway.received
    finally:
        server.shutdown()
        server.server_close()


def test_sms_flow_through_the_http_gateway(
    client: Client, gateway: list[tuple[str, dict[str, str]]]
) -> None:
    response = post_pledge(client, phone="+92 321 7654321")
    assert response.status_code == 302
    ((auth, payload),) = gateway
    assert auth == "Bearer test-token"
    assert payload["to"] == "+923217654321"
    code = re.search(r"\b(\d{6})\b", payload["body"])
    assert code
    response = client.post(response["Location"], {"code": code.group(1)}, follow=True)
    assert "Thank you: your pledge counts" in response.content.decode()
    assert counter(client) == 1


def test_gateway_down_saves_nothing_and_says_so(client: Client, settings: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.AWAAZ_SMS_BACKEND = "http"
    settings.AWAAZ_SMS_HTTP_URL = f"http://127.0.0.1:{port}/send"
    response = post_pledge(client, phone=PHONE)
    assert response.status_code == 503
    assert "could not send the message" in response.content.decode()
    assert nothing_saved()


def test_mail_server_down_saves_nothing(client: Client, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    response = post_pledge(client, email="kamran@example.org")
    assert response.status_code == 503
    assert nothing_saved()


# --- Codes and links that go wrong ----------------------------------------------------------


def test_five_wrong_codes_lock_the_code(client: Client, settings: Any) -> None:
    location = post_pledge(client, phone=PHONE)["Location"]
    (message,) = sms.outbox(settings.AWAAZ_SMS_DIR)
    right = re.search(r"\b(\d{6})\b", message["body"])
    assert right
    wrong = "000000" if right.group(1) != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = client.post(location, {"code": wrong})
        assert response.status_code == 400
        assert f"You have {left} more tr" in response.content.decode()
    response = client.post(location, {"code": wrong})
    assert response.status_code == 403
    assert "typed wrong five times" in response.content.decode()
    # Even the right code no longer works, and nothing was counted.
    response = client.post(location, {"code": right.group(1)})
    assert response.status_code == 403
    assert Pledge.objects.get().status == PledgeStatus.PENDING
    assert counter(client) == 0


def test_code_must_look_like_a_code(client: Client) -> None:
    location = post_pledge(client, phone=PHONE)["Location"]
    response = client.post(location, {"code": "12ab"})
    assert response.status_code == 400
    assert "The code has 6 digits" in response.content.decode()
    assert Verification.objects.get().attempts == 0


def test_forged_ticket_is_refused(client: Client) -> None:
    response = client.post(url("pledge_code", ticket="1:forged"), {"code": "123456"})
    assert response.status_code == 404


def test_expired_link_says_so_and_sends_a_new_one(client: Client, smtp_sink: SmtpSink) -> None:
    post_pledge(client, email="kamran@example.org")
    old_path = confirm_path(smtp_sink)
    past = timezone.now() - datetime.timedelta(hours=1)
    Verification.objects.update(expires_at=past)
    Pledge.objects.update(expires_at=past)
    call_command("movement_pledges_expire", verbosity=0)
    assert Pledge.objects.get().status == PledgeStatus.EXPIRED

    response = client.get(old_path)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This confirmation link is too old" in html
    assert "Send me a new link" in html
    token = old_path.rstrip("/").rsplit("/", 1)[1]
    response = client.post(url("pledge_resend", token=token))
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 2
    new_path = confirm_path(smtp_sink)
    assert new_path != old_path
    assert "Thank you: your pledge counts" in client.post(new_path, follow=True).content.decode()
    assert counter(client) == 1
    # The old link stays dead.
    assert client.post(old_path).status_code == 410


def test_expire_forgets_people_who_never_confirmed(client: Client) -> None:
    post_pledge(client, phone=PHONE)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Pledge.objects.update(expires_at=long_ago)
    call_command("movement_pledges_expire", verbosity=0)
    assert not Member.objects.exists()
    assert not Pledge.objects.exists()


def test_unknown_link_is_not_valid(client: Client) -> None:
    response = client.get(url("pledge_confirm", token="nothing-like-this"))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


# --- The same person twice ------------------------------------------------------------------


def test_pledging_twice_is_recognised_without_telling_the_page(
    client: Client, smtp_sink: SmtpSink
) -> None:
    first = post_pledge(client, email="kamran@example.org")
    client.post(confirm_path(smtp_sink), follow=True)
    assert counter(client) == 1

    # Someone types the same address again (case and spaces differ): the page is the same...
    second = post_pledge(client, email="  KAMRAN@example.org ", display_name="Somebody Else")
    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]
    # ...and the news is in the message, which only the owner of the inbox reads.
    assert smtp_sink.messages[-1]["Subject"] == "You have already taken the pledge"
    assert "You already took the pledge" in smtp_sink.bodies()[-1]
    assert Member.objects.count() == 1
    assert Pledge.objects.count() == 1
    # The owner's link leads to the chapters near him; nothing is counted twice.
    html = client.post(confirm_path(smtp_sink), follow=True).content.decode()
    assert "You had already taken the pledge" in html
    assert counter(client) == 1


def test_a_new_email_next_to_a_known_phone_learns_nothing(
    client: Client, smtp_sink: SmtpSink, settings: Any
) -> None:
    location = post_pledge(client, phone=PHONE)["Location"]
    (message,) = sms.outbox(settings.AWAAZ_SMS_DIR)
    code = re.search(r"\b(\d{6})\b", message["body"])
    assert code
    client.post(location, {"code": code.group(1)})
    # A stranger types that phone number and his own email: no email reaches him.
    post_pledge(client, phone="+923001234567", email="stranger@example.org")
    assert smtp_sink.messages == []
    assert len(sms.outbox(settings.AWAAZ_SMS_DIR)) == 2
    assert Member.objects.get().email is None


def test_two_pending_links_count_once(client: Client, smtp_sink: SmtpSink) -> None:
    post_pledge(client, email="kamran@example.org")
    post_pledge(client, email="kamran@example.org")
    first, second = confirm_path(smtp_sink, 0), confirm_path(smtp_sink, 1)
    client.post(second)
    assert "already" in client.post(first, follow=True).content.decode()
    assert counter(client) == 1
    assert Pledge.objects.filter(status=PledgeStatus.CONFIRMED).count() == 1


# --- Spam -----------------------------------------------------------------------------------


def test_honeypot_saves_and_sends_nothing(client: Client, smtp_sink: SmtpSink) -> None:
    response = post_pledge(client, email="kamran@example.org", website="http://spam.example")
    assert response.status_code == 302
    assert nothing_saved()
    assert smtp_sink.messages == []


def test_too_fast_without_work_gets_the_wait_page_then_goes_through(
    client: Client, smtp_sink: SmtpSink
) -> None:
    challenge = abuse.challenge_issue(purpose="pledge")
    response = post_pledge(client, email="kamran@example.org", challenge=challenge, work="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "please wait a few seconds" in html
    assert 'value="kamran@example.org"' in html  # nothing typed is lost
    assert nothing_saved()
    # Pressing again after the wait (here: a challenge from a while ago) goes through.
    later = abuse.challenge_issue(purpose="pledge", issued_at=time.time() - 9)
    response = post_pledge(client, email="kamran@example.org", challenge=later, work="")
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1


def test_forged_or_replayed_challenge_is_not_accepted(client: Client, smtp_sink: SmtpSink) -> None:
    response = post_pledge(client, email="kamran@example.org", challenge="forged:x", work="1")
    assert "please wait a few seconds" in response.content.decode()
    data = form_data(email="kamran@example.org")
    assert client.post(url("pledge"), data).status_code == 302
    replay = client.post(url("pledge"), data)
    assert "please wait a few seconds" in replay.content.decode()
    assert len(smtp_sink.messages) == 1


def test_network_rate_limit(client: Client, settings: Any, smtp_sink: SmtpSink) -> None:
    settings.AWAAZ_PLEDGE_RATE_PER_ADDRESS = 2
    for n in range(2):
        assert post_pledge(client, email=f"person{n}@example.org").status_code == 302
    response = post_pledge(client, email="person9@example.org")
    assert response.status_code == 429
    assert "Too many pledges at once" in response.content.decode()
    assert Member.objects.count() == 2


def test_behind_the_proxy_each_visitor_address_has_its_own_limit(
    client: Client, settings: Any, smtp_sink: SmtpSink
) -> None:
    """Every request reaches gunicorn from nginx on 127.0.0.1; nginx names the visitor in
    X-Real-IP (docs/deployment.md). One busy address is stopped, the next visitor is not."""
    settings.AWAAZ_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.AWAAZ_PLEDGE_RATE_PER_ADDRESS = 2
    campus = {"X-Real-IP": "203.0.113.7"}  # the test client's REMOTE_ADDR is 127.0.0.1
    for n in range(2):
        data = form_data(email=f"student{n}@example.org")
        assert client.post(url("pledge"), data, headers=campus).status_code == 302
    assert (
        client.post(url("pledge"), form_data(email="s9@example.org"), headers=campus).status_code
        == 429
    )
    elsewhere = {"X-Real-IP": "198.51.100.20"}
    response = client.post(url("pledge"), form_data(email="farmer@example.org"), headers=elsewhere)
    assert response.status_code == 302
    assert Member.objects.count() == 3


def test_contact_rate_limit(client: Client, settings: Any) -> None:
    for _ in range(5):
        assert post_pledge(client, phone=PHONE).status_code == 302
    response = post_pledge(client, phone=PHONE)
    assert response.status_code == 429
    assert "several messages to this phone or email today" in response.content.decode()
    assert len(sms.outbox(settings.AWAAZ_SMS_DIR)) == 5


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "12345"}, "This phone number is not valid"),
        ({"phone": "+44 7700 900123"}, "only to Pakistani mobile numbers"),
        ({"phone": "051 2345678"}, "This looks like a landline"),
        ({"email": "kamran@@example"}, "This email address is not valid"),
        ({"email": "kamran@mailinator.com"}, "not a throw-away one"),
        ({"email": "kamran@eu.yopmail.net"}, "not a throw-away one"),
        ({}, "Give a mobile number or an email address"),
        ({"email": "k@example.org", "district": "atlantis"}, "Choose your district"),
        ({"email": "k@example.org", "consent": ""}, "Please tick the box to agree"),
        ({"email": "k@example.org", "name_choice": "public", "display_name": ""}, "name to show"),
        ({"email": "k@example.org", "display_name": "Kam\u202eran"}, "reverses the direction"),
        ({"email": "k@example.org", "text_version": "99"}, "pledge text has just changed"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    client: Client, smtp_sink: SmtpSink, fields: dict[str, str], message: str
) -> None:
    response = post_pledge(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_saved()
    assert smtp_sink.messages == []


def test_messages_are_in_urdu_in_urdu(client: Client) -> None:
    response = post_pledge(client, "ur", phone="+44 7700 900123")
    html = response.content.decode()
    assert response.status_code == 400
    assert "صرف پاکستانی موبائل نمبروں" in html
    response = post_pledge(client, "ur", email="k@example.org", display_name="Kam\u202eran")
    assert "لکھنے کی سمت الٹ" in response.content.decode()


def test_urdu_pledge_gets_an_urdu_sms_and_thanks(client: Client, settings: Any) -> None:
    location = post_pledge(client, "ur", phone="۰۳۰۰ ۱۲۳۴۵۶۷", district="اسلام آباد")["Location"]
    (message,) = sms.outbox(settings.AWAAZ_SMS_DIR)
    assert message["to"] == PHONE_E164
    assert "عہد" in message["body"]
    code = re.search(r"\b(\d{6})\b", message["body"])
    assert code
    html = client.post(location, {"code": code.group(1)}, follow=True).content.decode()
    assert "شکریہ" in html
    assert Pledge.objects.get().language == "ur"


def test_odd_but_honest_unicode_in_a_name_is_kept_in_nfc(client: Client) -> None:
    # A zero-width non-joiner (common in Urdu typing) and a decomposed é are fine.
    post_pledge(client, phone=PHONE, display_name="Zu\u200cbair Ame\u0301r")
    assert Member.objects.get().display_name == "Zu\u200cbair Amér"


def test_district_may_be_typed_by_name_and_chapter_must_be_in_it(client: Client) -> None:
    other = District.objects.create(
        code="test-elsewhere", province=Province.objects.get(code="PK-IS"), name_en="Elsewhere",
        name_ur="کہیں اور",
    )  # fmt: skip
    chapter = make_chapter(other, slug="elsewhere")
    response = post_pledge(client, phone=PHONE, district="islamabad", chapter=str(chapter.pk))
    assert response.status_code == 400
    assert "not in the district you chose" in response.content.decode()
    assert nothing_saved()


def test_chosen_chapter_becomes_a_join_request_on_confirmation(
    client: Client, settings: Any
) -> None:
    chapter = make_chapter(islamabad())
    location = post_pledge(client, phone=PHONE, chapter=str(chapter.pk))["Location"]
    assert not JoinRequest.objects.exists()
    (message,) = sms.outbox(settings.AWAAZ_SMS_DIR)
    code = re.search(r"\b(\d{6})\b", message["body"])
    assert code
    client.post(location, {"code": code.group(1)})
    request = JoinRequest.objects.get()
    assert request.chapter == chapter
    assert request.status == "pending"

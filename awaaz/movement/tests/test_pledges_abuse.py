"""The spam tools in awaaz.lib.abuse and the SMS gateways in awaaz.lib.sms, on their own."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from awaaz.lib import abuse, sms


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_solved_challenge_passes_once() -> None:
    challenge = abuse.challenge_issue(purpose="pledge", issued_at=time.time() - 5)
    work = abuse.work_solve(challenge)
    check = abuse.challenge_check(challenge, work, purpose="pledge")
    assert check.valid
    assert check.work_done
    assert check.passes(min_seconds=3, min_seconds_without_work=8)
    # The same challenge again is a replay.
    assert abuse.challenge_check(challenge, work, purpose="pledge").replayed


def test_wrong_work_needs_the_longer_wait() -> None:
    challenge = abuse.challenge_issue(purpose="pledge", issued_at=time.time() - 5)
    check = abuse.challenge_check(challenge, "not-a-number", purpose="pledge", consume=False)
    assert check.valid
    assert not check.work_done
    assert not check.passes(min_seconds=3, min_seconds_without_work=8)
    later = abuse.challenge_check(challenge, "", purpose="pledge", now=time.time() + 10)
    assert later.passes(min_seconds=3, min_seconds_without_work=8)


def test_tampered_or_foreign_challenge_is_not_valid() -> None:
    challenge = abuse.challenge_issue(purpose="pledge", difficulty=1)
    body, signature = challenge.split(":", 1)
    assert not abuse.challenge_check(body + "x:" + signature, "1", purpose="pledge").valid
    # A challenge for another form does not work here.
    other = abuse.challenge_issue(purpose="report", issued_at=time.time() - 60)
    assert not abuse.challenge_check(other, abuse.work_solve(other), purpose="pledge").valid


def test_old_challenge_expires() -> None:
    old = abuse.challenge_issue(purpose="pledge", issued_at=time.time() - 3 * 3600)
    check = abuse.challenge_check(old, abuse.work_solve(old), purpose="pledge")
    assert not check.valid


def test_rate_limit_counts_per_key() -> None:
    hits = [abuse.rate_limit_hit(scope="t", key="a", limit=3, window=60) for _ in range(4)]
    assert hits == [False, False, False, True]
    assert not abuse.rate_limit_hit(scope="t", key="b", limit=3, window=60)


def test_network_key_is_a_keyed_hash_that_rotates_with_the_salt() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    key = abuse.network_key(request)
    assert "203.0.113.7" not in key
    assert key == abuse.network_key(request)
    cache.clear()  # a new day's salt
    assert key != abuse.network_key(request)


@pytest.mark.parametrize(
    ("address", "disposable"),
    [
        ("a@mailinator.com", True),
        ("a@sub.guerrillamail.com", True),
        ("a@MAILINATOR.COM", True),
        ("a@example.org", False),
        ("a@gmail.com", False),
        ("a@notmailinator.com", False),
    ],
)
def test_disposable_domains(address: str, disposable: bool) -> None:
    assert abuse.is_disposable_email(address) is disposable


def test_file_backend_writes_one_json_file_per_message(settings: Any, tmp_path: Path) -> None:
    settings.AWAAZ_SMS_BACKEND = "file"
    settings.AWAAZ_SMS_DIR = tmp_path
    sms.sms_send(to="+923001234567", body="کوڈ 123456")
    sms.sms_send(to="+923001234568", body="second")
    messages = sms.outbox(tmp_path)
    assert [m["to"] for m in messages] == ["+923001234567", "+923001234568"]
    assert messages[0]["body"] == "کوڈ 123456"
    assert messages[0]["from"] == settings.AWAAZ_SMS_SENDER


class _Provider(BaseHTTPRequestHandler):
    status = 200
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Provider.seen.append(
            {
                "auth": self.headers["Authorization"],
                "type": self.headers["Content-Type"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(_Provider.status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def provider() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    _Provider.seen = []
    _Provider.status = 200
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/messages"
    finally:
        server.shutdown()
        server.server_close()


def test_http_backend_posts_json_with_a_bearer_token(provider: str) -> None:
    sms.HttpBackend(url=provider, token="s3cret").send(
        sms.SmsMessage(to="+923001234567", body="Awaaz: 123456", sender="AWAAZ")
    )
    (seen,) = _Provider.seen
    assert seen["auth"] == "Bearer s3cret"
    assert seen["type"].startswith("application/json")
    assert seen["json"] == {"to": "+923001234567", "from": "AWAAZ", "body": "Awaaz: 123456"}


def test_http_backend_raises_when_the_provider_refuses(provider: str) -> None:
    _Provider.status = 500
    with pytest.raises(sms.SmsError, match="500"):
        sms.HttpBackend(url=provider, token="t").send(sms.SmsMessage(to="+92", body="x"))


def test_http_backend_refuses_a_non_http_url() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        sms.HttpBackend(url="file:///etc/passwd", token="t")

"""Sending SMS through a pluggable gateway, chosen by settings.AWAAZ_SMS_BACKEND.

* ``file`` (development and tests): each message becomes one JSON file in settings.AWAAZ_SMS_DIR,
  so a developer can read the code that "was sent" without any provider.
* ``http``: each message is POSTed as JSON ({"to", "from", "body"}) to AWAAZ_SMS_HTTP_URL with
  ``Authorization: Bearer <AWAAZ_SMS_HTTP_TOKEN>``. A small adapter in front of a Pakistani
  provider's API (or the provider itself, if it accepts this shape) receives it.

Phone numbers and message bodies are never logged: a failure says which backend failed and how,
nothing about whom the message was for.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SmsError(Exception):
    """The message could not be handed to the gateway."""


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. +923001234567
    body: str
    sender: str = ""


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class FileBackend:
    """Writes each message to its own JSON file (written whole, then renamed into place)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.AWAAZ_SMS_DIR)

    def send(self, message: SmsMessage) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.json"
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".sms-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(
                    {"to": message.to, "from": message.sender, "body": message.body},
                    handle,
                    ensure_ascii=False,
                )
            os.replace(tmp, self.directory / name)
        except OSError as exc:
            raise SmsError(f"file backend could not write: {exc.strerror}") from exc


class HttpBackend:
    """POSTs each message as JSON to a provider's HTTP API with a bearer token."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 10):
        self.url = url if url is not None else settings.AWAAZ_SMS_HTTP_URL
        self.token = token if token is not None else settings.AWAAZ_SMS_HTTP_TOKEN
        self.timeout = timeout
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("AWAAZ_SMS_HTTP_URL must be an http(s) URL")

    def send(self, message: SmsMessage) -> None:
        data = json.dumps(
            {"to": message.to, "from": message.sender, "body": message.body}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
                "User-Agent": "Awaaz-SMS/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"http backend: the gateway answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError("http backend: the gateway could not be reached") from exc
        if not 200 <= status < 300:
            raise SmsError(f"http backend: the gateway answered {status}")


def get_backend() -> SmsBackend:
    name = settings.AWAAZ_SMS_BACKEND
    if name == "file":
        return FileBackend()
    if name == "http":
        return HttpBackend()
    raise ImproperlyConfigured(f"AWAAZ_SMS_BACKEND must be 'file' or 'http', not {name!r}")


def sms_send(*, to: str, body: str) -> None:
    """Send one SMS through the configured backend; raises SmsError if the gateway refuses."""
    get_backend().send(SmsMessage(to=to, body=body, sender=settings.AWAAZ_SMS_SENDER))


def outbox(directory: Path | None = None) -> list[dict[str, str]]:
    """The messages the file backend wrote, oldest first (for development and tests)."""
    folder = Path(directory or settings.AWAAZ_SMS_DIR)
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.glob("*.json")):
        messages.append(json.loads(path.read_text(encoding="utf-8")))
    return messages

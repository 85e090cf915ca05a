"""Test-wide set-up. The test environment itself is set in pyproject.toml (pytest env)."""

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from awaaz.core.testing import SmtpSink


def pytest_configure() -> None:
    from awaaz.lib.i18n import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # A request in an earlier test leaves its language active in the worker thread; every test
    # starts from the site's default language instead, as a new visitor would.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _reference_cache_empty() -> Iterator[None]:
    # Rows kept by awaaz.lib.refcache belong to the test that read them (their ids may be reused).
    from awaaz.lib import refcache

    refcache.clear_all()
    yield
    refcache.clear_all()


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SmtpSink]:
    """A real local SMTP server; Django's SMTP backend is pointed at it for the test."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def hanging_mail_server(settings: Any) -> Iterator[socket.socket]:
    """A mail server that takes the connection and never says a word (until it is closed)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.getsockname()[1]
    settings.EMAIL_TIMEOUT = 30
    try:
        yield server
    finally:
        server.close()

"""The intake leaves no trace: headers, cookies, sessions, request metadata and logs."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, reverse
from django.utils import translation

from awaaz.core.testing import PersonasTestCase
from awaaz.safety import urls_intake
from awaaz.safety.intake_guard import IntakeLogFilter, intake_view, is_intake_path

PAGES = ["safety:intake_start", "safety:intake_report", "safety:intake_followup"]


class IntakeHeadersTests(PersonasTestCase):
    def test_every_intake_page_says_no_store_and_no_referrer(self) -> None:
        for language in ("en", "ur"):
            for name in PAGES:
                with translation.override(language):
                    url = reverse(name)
                response = Client().get(url)
                assert response.status_code == 200, url
                cache_control = response.headers["Cache-Control"]
                assert "no-store" in cache_control, url
                assert "private" in cache_control, url
                assert response.headers["Referrer-Policy"] == "no-referrer"
                assert "noarchive" in response.headers["X-Robots-Tag"]

    def test_every_intake_url_is_guarded(self) -> None:
        for pattern in urls_intake.urlpatterns:
            assert isinstance(pattern, URLPattern)
            assert getattr(pattern.callback, "intake", False), pattern.name
            assert str(pattern.pattern).startswith("report/"), pattern.name

    def test_neutral_title_and_quick_exit_on_every_page(self) -> None:
        for language, title in (
            ("en", "<title>Awaaz — information</title>"),
            ("ur", "<title>آواز — معلومات</title>"),
        ):
            for name in PAGES:
                with translation.override(language):
                    url = reverse(name)
                body = Client().get(url).content.decode()
                assert title in body
                assert 'id="quick-exit"' in body
                assert 'href="https://' in body  # the plain link that needs no script
                assert "quick-exit.js" in body
                assert "<script>" not in body
                assert "style=" not in body

    def test_only_a_browser_session_csrf_cookie_is_set(self) -> None:
        response = Client().get(reverse("safety:intake_report"))
        assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
        morsel = response.cookies[settings.CSRF_COOKIE_NAME]
        assert morsel["max-age"] == ""
        assert morsel["expires"] == ""

    def test_a_signed_in_session_is_dropped_not_used(self) -> None:
        client = self.client_for(self.case_worker)
        response = client.get(reverse("safety:intake_start"))
        assert response.status_code == 200
        # The session cookie is deleted on the way out; the page never knew who was signed in.
        morsel = response.cookies[settings.SESSION_COOKIE_NAME]
        assert morsel.value == ""
        assert "case_worker" not in response.content.decode()


def _echo_meta(request: HttpRequest) -> HttpResponse:
    keys = ["REMOTE_ADDR", "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR"]
    return JsonResponse(
        {
            "meta": {k: request.META.get(k) for k in keys},
            "user": request.user.is_authenticated,
            "session": dict(request.session.items()),
        }
    )


def test_the_view_never_sees_address_browser_or_referrer(rf: RequestFactory) -> None:
    request = rf.get(
        "/en/report/",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="ExampleBrowser/1.0",
        HTTP_REFERER="https://example.org/page",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {"_auth_user_id": "1"}  # type: ignore[assignment]
    response = intake_view(_echo_meta)(request)
    import json

    body: dict[str, Any] = json.loads(response.content)
    assert body["meta"] == {
        "REMOTE_ADDR": "0.0.0.0",  # noqa: S104 - the placeholder address, not a bind
        "HTTP_USER_AGENT": None,
        "HTTP_REFERER": None,
        "HTTP_X_FORWARDED_FOR": None,
    }
    assert body["user"] is False
    assert body["session"] == {}
    assert "no-store" in response.headers["Cache-Control"]


@override_settings(AWAAZ_REPORT_MAX_ATTACHMENT_BYTES=100)
def test_uploads_stay_in_memory_and_keep_their_real_size(rf: RequestFactory) -> None:
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        upload = request.FILES.get("files")
        assert isinstance(upload, UploadedFile)
        seen["size"] = upload.size
        seen["kept"] = len(upload.read())
        seen["class"] = type(upload).__name__
        return HttpResponse("ok")

    request = rf.post("/en/report/new/", {"files": SimpleUploadedFile("big.txt", b"a" * 5000)})
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    intake_view(view)(request)
    assert seen == {"size": 5000, "kept": 101, "class": "InMemoryUploadedFile"}


def test_intake_paths_are_recognised() -> None:
    assert is_intake_path("/ur/report/")
    assert is_intake_path("/en/report/follow-up/open/")
    assert not is_intake_path("/en/reports/")
    assert not is_intake_path("/en/console/report/1/")
    assert not is_intake_path("/en/pledge/")


def _record(name: str, level: int, msg: str, *args: Any, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_access_lines_about_the_intake_are_dropped() -> None:
    log_filter = IntakeLogFilter()
    intake = _record(
        "django.server", logging.INFO, '"%s" %s %s', "POST /ur/report/new/ HTTP/1.1", 200, 5120
    )
    other = _record(
        "django.server", logging.INFO, '"%s" %s %s', "GET /ur/pledge/ HTTP/1.1", 200, 5120
    )
    assert log_filter.filter(intake) is False
    assert log_filter.filter(other) is True
    warning = _record("django.request", logging.WARNING, "Not Found: %s", "/en/report/nothing/")
    assert log_filter.filter(warning) is False


def test_errors_in_the_intake_are_logged_without_path_request_or_message(
    rf: RequestFactory,
) -> None:
    request = rf.post("/en/report/new/", REMOTE_ADDR="203.0.113.9")
    try:
        typed = "a canary sentence the reporter typed"
        raise ValueError(typed)
    except ValueError:
        exc_info = sys.exc_info()
    record = _record(
        "django.request",
        logging.ERROR,
        "Internal Server Error: %s",
        request.path,
        request=request,
        status_code=500,
    )
    record.exc_info = exc_info
    assert IntakeLogFilter().filter(record) is True
    handler_output = logging.Formatter("%(message)s").format(record)
    assert "/report/" not in handler_output
    assert "canary" not in handler_output
    assert "ValueError: (message withheld)" in handler_output
    assert record.request is None  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_filter_is_installed_on_django_loggers(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/en/report/no-such-page/", REMOTE_ADDR="203.0.113.9")
        Client().get("/en/no-such-page/")
    text = caplog.text
    assert "/report/" not in text
    assert "203.0.113.9" not in text
    assert "/en/no-such-page/" in text  # other pages are still logged as before


class ExpiredFormTests(PersonasTestCase):
    def test_a_form_whose_csrf_cookie_is_gone_gives_the_words_back_and_saves_nothing(self) -> None:
        from awaaz.safety.models import Report

        client = Client(enforce_csrf_checks=True)
        response = client.post(
            reverse("safety:intake_report"),
            {"reporter_role": "witness", "narrative": "Words typed before the browser closed"},
        )
        assert response.status_code == 403
        page = response.content.decode()
        assert "This page was open for a long time" in page
        assert "Words typed before the browser closed" in page
        assert 'id="quick-exit"' in page
        assert "no-store" in response.headers["Cache-Control"]
        assert Report.objects.count() == 0


class FirstPageTests(PersonasTestCase):
    @override_settings(AWAAZ_REPORT_RETENTION_DAYS=30)
    def test_the_first_page_states_the_configured_retention(self) -> None:
        page = Client().get(reverse("safety:intake_start")).content.decode()
        assert "Reports are deleted 30 days after they are closed" in page
        assert "You do not need to give your name" in page

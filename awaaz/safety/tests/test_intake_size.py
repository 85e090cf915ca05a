"""An oversized report is refused on a neutral, uncached intake page, before it is read."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@override_settings(AWAAZ_INTAKE_MAX_REQUEST_BYTES=4096, AWAAZ_MAX_REQUEST_BYTES=1024)
def test_an_oversized_report_gets_the_intake_page_not_the_sites() -> None:
    response = Client().post("/ur/report/new/", data="x" * 8000, content_type="text/plain")
    assert response.status_code == 413
    html = response.content.decode()
    assert "بہت بڑا" in html
    assert "no-store" in response["Cache-Control"]
    # The quick exit is on it, as on every intake page.
    assert "quick-exit" in html


@pytest.mark.django_db
@override_settings(AWAAZ_INTAKE_MAX_REQUEST_BYTES=4096)
def test_the_oversized_page_has_the_security_headers_of_every_page() -> None:
    # It is answered before the body is read, so before the middleware that usually adds them.
    response = Client().post("/ur/report/new/", data="x" * 8000, content_type="text/plain")
    assert response.status_code == 413
    page = Client().get("/ur/report/new/")
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Resource-Policy",
    ):
        assert response.headers.get(header) == page.headers[header], header


@pytest.mark.django_db
@override_settings(AWAAZ_INTAKE_MAX_REQUEST_BYTES=4096, AWAAZ_MAX_REQUEST_BYTES=1024)
def test_a_report_between_the_two_limits_reaches_the_form() -> None:
    # Larger than the site's limit but within the intake's: the intake's own checks answer.
    response = Client().post("/en/report/new/", data="x" * 2000, content_type="text/plain")
    assert response.status_code != 413


@override_settings(AWAAZ_INTAKE_MAX_REQUEST_BYTES=4096, AWAAZ_MAX_REQUEST_BYTES=1024)
def test_other_pages_keep_the_sites_limit() -> None:
    response = Client().post("/en/pledge/", data="x" * 2000, content_type="text/plain")
    assert response.status_code == 413
    assert "quick-exit" not in response.content.decode()

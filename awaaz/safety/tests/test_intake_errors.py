"""Error pages under the intake URL space are neutral intake pages, never the site's error page.

A phone's history or a glance over the shoulder must not show more than the intake pages do:
the neutral title, the quick exit, no site navigation or description, nothing cached.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.test import Client

from awaaz.core.testing import PersonasTestCase

TITLES = {"en": "<title>Awaaz — information</title>", "ur": "<title>آواز — معلومات</title>"}


class IntakeErrorPageTests(PersonasTestCase):
    def assert_neutral(self, response: Any, language: str, status: int) -> str:
        assert response.status_code == status
        body: str = response.content.decode()
        assert TITLES[language] in body
        assert 'id="quick-exit"' in body
        assert 'class="intake"' in body
        # Not the site's error page: no main navigation, no description of the campaign.
        assert 'aria-label="Main"' not in body
        assert 'name="description"' not in body
        assert "sexual violence" not in body
        assert "/report/" in body  # the way back to the first page
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Content-Security-Policy" in response.headers
        assert response.headers["X-Frame-Options"] == "DENY"
        # No cookie is set by an error page (not even a lasting CSRF cookie).
        assert not response.cookies
        return body

    def test_an_unknown_address_under_the_intake_is_a_neutral_404(self) -> None:
        for language in ("en", "ur"):
            for path in (f"/{language}/report/nothing-here/", f"/{language}/report/follow-up/x/"):
                body = self.assert_neutral(Client().get(path), language, 404)
                assert f'lang="{language}"' in body
        body = Client().get("/en/report/nothing-here/").content.decode()
        assert "This page does not exist" in body
        assert "یہ صفحہ موجود نہیں" in Client().get("/ur/report/nothing/").content.decode()

    def test_a_wrong_method_is_a_neutral_page(self) -> None:
        # The contact card is made from a POST only; a GET (e.g. from the history) gets a page.
        response = Client().get("/en/report/contact/")
        body = self.assert_neutral(response, "en", 405)
        assert response.headers["Allow"] == "POST"
        assert "nothing was changed" in body

    def test_a_signed_in_staff_member_gets_the_neutral_page_too(self) -> None:
        client = self.verified_client_for(self.case_worker)
        body = self.assert_neutral(client.get("/en/report/nothing-here/"), "en", 404)
        assert "My account" not in body
        assert self.case_worker.username not in body

    def test_an_error_in_an_intake_view_is_a_neutral_500(self) -> None:
        client = Client(raise_request_exception=False)
        with mock.patch(
            "awaaz.safety.views_intake._page", side_effect=RuntimeError("fictional failure")
        ):
            pages = {
                language: self.assert_neutral(client.get(f"/{language}/report/"), language, 500)
                for language in ("en", "ur")
            }
        assert all("fictional failure" not in body for body in pages.values())
        assert "a report is saved only when you see its receipt" in pages["en"]
        assert "رسید" in pages["ur"]

    def test_pages_outside_the_intake_keep_the_site_error_page(self) -> None:
        body = Client().get("/en/reports-not-intake/").content.decode()
        assert 'aria-label="Main"' in body
        assert 'id="quick-exit"' not in body

    def test_a_malformed_post_is_a_neutral_400(self) -> None:
        # Far more fields than any form has: Django refuses the body as suspicious.
        fields = {f"field{n}": "x" for n in range(5000)}
        response = Client().post("/ur/report/new/", fields)
        body = self.assert_neutral(response, "ur", 400)
        assert "field1" not in body

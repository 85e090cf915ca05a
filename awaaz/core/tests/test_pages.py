"""The home page and the error pages, as a visitor sees them in English and in Urdu."""

from __future__ import annotations

from django.test import Client, override_settings

from awaaz.core.testing import PersonasTestCase


class HomePageTests(PersonasTestCase):
    def test_root_redirects_to_a_language(self) -> None:
        response = Client().get("/")
        assert response.status_code == 302
        assert response["Location"] == "/en/"

    def test_root_honours_an_urdu_browser(self) -> None:
        response = Client(headers={"accept-language": "ur-PK,ur;q=0.9"}).get("/")
        assert response["Location"] == "/ur/"

    def test_english_home_says_what_awaaz_is_for(self) -> None:
        response = Client().get("/en/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en" dir="ltr">' in html
        assert "Blame the rapist, not the victim." in html
        assert "khawaja sira" in html
        assert "without giving your name" in html

    def test_urdu_home_is_right_to_left_and_in_urdu(self) -> None:
        response = Client().get("/ur/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="ur" dir="rtl">' in html
        assert "ریپ کرنے والے کو الزام دیں، متاثرہ کو نہیں۔" in html
        assert "Blame the rapist, not the victim." not in html

    def test_language_switch_links_to_the_same_page_in_the_other_language(self) -> None:
        html = Client().get("/en/").content.decode()
        assert 'href="/ur/" hreflang="ur" lang="ur" dir="rtl"' in html
        html = Client().get("/ur/").content.decode()
        assert 'href="/en/" hreflang="en" lang="en" dir="ltr"' in html

    def test_skip_link_comes_first_and_targets_main(self) -> None:
        html = Client().get("/en/").content.decode()
        body = html.split("<body>", 1)[1]
        assert body.lstrip().startswith('<a class="skip" href="#main">')
        assert '<main id="main"' in html

    def test_home_is_the_same_for_every_persona(self) -> None:
        # The home page is public: signing in changes nothing and reveals nothing.
        for persona in (self.outsider, self.member, self.coordinator):
            assert self.client_for(persona).get("/en/").status_code == 200

    def test_home_refuses_post(self) -> None:
        assert Client().post("/en/").status_code == 405


class ErrorPageTests(PersonasTestCase):
    def test_unknown_page_is_a_404_in_english(self) -> None:
        response = Client().get("/en/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page not found" in html
        assert 'dir="ltr"' in html

    def test_unknown_page_is_a_404_in_urdu(self) -> None:
        response = Client().get("/ur/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "صفحہ نہیں ملا" in html
        assert 'dir="rtl"' in html

    def test_unknown_language_prefix_is_a_clear_404_in_the_visitors_language(self) -> None:
        response = Client(headers={"accept-language": "ur"}).get("/fr/")
        assert response.status_code == 404
        assert "صفحہ نہیں ملا" in response.content.decode()
        response = Client(headers={"accept-language": "en"}).get("/xx/law/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_malformed_and_invalid_unicode_urls_get_a_page_not_a_crash(self) -> None:
        for path in ("/en/%ff%fe/", "/en/%E2%80%AE/", "/ur/%00/", "/en/" + "a" * 3000 + "/"):
            response = Client().get(path)
            assert response.status_code in (400, 404), path
            assert "<html" in response.content.decode()

    @override_settings(AWAAZ_MAX_REQUEST_BYTES=1000)
    def test_oversized_request_is_refused_before_it_is_read(self) -> None:
        response = Client().post(
            "/ur/", data="x" * 5000, content_type="text/plain", headers={"accept-language": "ur"}
        )
        assert response.status_code == 413
        assert "بہت بڑا" in response.content.decode()
        response = Client().post("/en/", data="x" * 5000, content_type="text/plain")
        assert response.status_code == 413
        assert "too large" in response.content.decode()

    @override_settings(DEBUG=False)
    def test_server_error_page_is_plain_and_translated(self) -> None:
        from django.test import RequestFactory
        from django.utils import translation

        from awaaz.core.views import server_error

        with translation.override("ur"):
            response = server_error(RequestFactory().get("/ur/"))
        assert response.status_code == 500
        assert "ہماری طرف" in response.content.decode()


class UploadLimitTests(PersonasTestCase):
    @override_settings(AWAAZ_MAX_REQUEST_BYTES=1000)
    def test_pages_that_take_photos_accept_more_than_the_sites_limit(self) -> None:
        # A 5 KB body passes the guard on the report-photo page (the view then answers) ...
        response = Client().post(
            "/en/events/some-event/report/photos/", data="x" * 5000, content_type="text/plain"
        )
        assert response.status_code != 413
        # ... and is still refused on an ordinary page.
        response = Client().post("/en/", data="x" * 5000, content_type="text/plain")
        assert response.status_code == 413

    @override_settings(AWAAZ_UPLOAD_REQUEST_LIMITS=[(r"^/[a-z]{2}/events/[^/]+/report/", 3000)])
    def test_a_body_above_the_upload_limit_is_refused_on_those_pages_too(self) -> None:
        response = Client().post(
            "/en/events/some-event/report/photos/", data="x" * 5000, content_type="text/plain"
        )
        assert response.status_code == 413
        assert "too large" in response.content.decode()

"""The public pages, in English and Urdu, as a reader on a phone would see them."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from awaaz.content.models import Amendment, Source
from awaaz.content.services import content_load
from awaaz.content.tests.helpers import make_law, make_myth, make_page

# A page may link out, but never load anything (script, style, image, frame) from another host.
EXTERNAL_RESOURCE = re.compile(
    r"<(script|link|img|iframe|source|video|audio)\b[^>]*(src|href)=\"(https?:)?//"
)


class SeededPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        content_load()

    def get(self, name: str, lang: str, **kwargs: str) -> str:
        with translation.override(lang):
            url = reverse(f"content:{name}", kwargs=kwargs or None)
        assert url.startswith(f"/{lang}/")
        response = self.client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ur" else "ltr"}">' in html
        assert EXTERNAL_RESOURCE.search(html) is None, url
        assert "style=" not in html
        assert "<script" not in html
        assert len(response.content) < 60000, f"{url} is too heavy for a slow phone"
        return html

    def test_law_library_groups_entries_by_kind_in_both_languages(self) -> None:
        html = self.get("law_list", "en")
        assert "Pakistan Penal Code sections" in html
        assert "Acts of Parliament" in html
        assert "PPC 375" in html
        assert "Gang rape" in html
        assert 'datetime="2026-11-21"' in html
        assert reverse("content:law_detail", kwargs={"slug": "ppc-377"}) in html
        assert "not legal advice" in html
        # PPC sections come before the Acts, as in LawKind.
        assert html.index("PPC 375") < html.index("Anti-Rape Act 2021")

        html = self.get("law_list", "ur")
        assert "دفعہ 375 تعزیراتِ پاکستان" in html
        assert "اجتماعی زیادتی" in html

    def test_law_entry_shows_body_history_sources_and_review_date(self) -> None:
        html = self.get("law_detail", "en", slug="ppc-375")
        assert "male, female or transgender" in html
        assert "<caption>Amendment history of PPC 375</caption>" in html
        assert '<th scope="col">What changed</th>' in html
        assert "Criminal Laws (Amendment) Act, 2021" in html
        assert 'datetime="2026-11-21"' in html
        links = re.findall(r"<a href=\"https?://[^\"]+\"[^>]*>", html)
        assert links
        for link in links:
            assert 'rel="noreferrer noopener"' in link

        html = self.get("law_detail", "ur", slug="ppc-375")
        assert "مرد، عورت یا ٹرانس جینڈر" in html
        assert "فوجداری قوانین (ترمیمی) ایکٹ 2021" in html

    def test_anti_rape_act_entry_states_the_gap(self) -> None:
        html = self.get("law_detail", "en", slug="anti-rape-act-2021")
        assert "a woman or child" in html
        assert "adult man" in html
        html = self.get("law_detail", "ur", slug="anti-rape-act-2021")
        assert "عورت یا بچہ" in html

    def test_myths_include_men_boys_and_transgender_people(self) -> None:
        html = self.get("myth_list", "en")
        assert html.count('class="myth"') >= 12
        assert "Men cannot be raped." in html
        assert "A boy who was abused will grow up to become an abuser." in html
        assert "It only happens to women who go out." in html
        assert "Khawaja sira" in html

        html = self.get("myth_list", "ur")
        assert "مردوں کے ساتھ ریپ نہیں ہو سکتا۔" in html
        assert "خواجہ سرا" in html

    def test_campaign_and_about_pages(self) -> None:
        html = self.get("page", "en", slug="campaign")
        assert "Blame the rapist, not the victim" in html
        assert "25 November" in html
        assert "The pledge" in html
        html = self.get("page", "ur", slug="campaign")
        assert "ریپ کرنے والے کو قصوروار ٹھہرائیں، متاثرہ فرد کو نہیں" in html
        self.get("page", "en", slug="about")
        html = self.get("page", "ur", slug="about")
        assert "آواز کے بارے میں" in html


class VisibilityTest(TestCase):
    def test_unknown_and_unpublished_slugs_are_not_found(self) -> None:
        make_law(slug="draft-section", published=False)
        make_page(slug="draft-page", published=False)
        for lang in ("en", "ur"):
            with translation.override(lang):
                urls = [
                    reverse("content:law_detail", kwargs={"slug": "draft-section"}),
                    reverse("content:law_detail", kwargs={"slug": "no-such-section"}),
                    reverse("content:page", kwargs={"slug": "draft-page"}),
                    reverse("content:page", kwargs={"slug": "no-such-page"}),
                ]
            for url in urls:
                assert self.client.get(url).status_code == 404, url

    def test_unpublished_entries_are_left_out_of_the_lists(self) -> None:
        make_law(slug="draft-section", reference_en="PPC 998", published=False)
        make_myth(slug="draft-myth", myth_en="A draft myth nobody should see.", published=False)
        self.assertNotContains(self.client.get(reverse("content:law_list")), "PPC 998")
        self.assertNotContains(
            self.client.get(reverse("content:myth_list")), "A draft myth nobody should see."
        )

    def test_pages_only_accept_get(self) -> None:
        make_page()
        response = self.client.post(reverse("content:page", kwargs={"slug": "test-page"}))
        assert response.status_code == 405


class FallbackTest(TestCase):
    def test_untranslated_urdu_falls_back_to_english_with_a_note(self) -> None:
        entry = make_law(title_ur="", summary_ur="", body_ur="")
        with translation.override("ur"):
            url = reverse("content:law_detail", kwargs={"slug": entry.slug})
            note = gettext("This text is not yet translated into Urdu, so it is shown in English.")
        assert note != "This text is not yet translated into Urdu, so it is shown in English."
        html = self.client.get(url).content.decode()
        assert note in html
        assert '<span lang="en" dir="ltr">A fictional section</span>' in html
        assert "First paragraph." in html

    def test_translated_entry_has_no_note(self) -> None:
        entry = make_law()
        with translation.override("ur"):
            url = reverse("content:law_detail", kwargs={"slug": entry.slug})
            note = gettext("This text is not yet translated into Urdu, so it is shown in English.")
        html = self.client.get(url).content.decode()
        assert note not in html
        assert "ایک فرضی دفعہ" in html


class InjectionTest(TestCase):
    """Text typed in the admin is shown as text: it can never become markup or a script."""

    HOSTILE = (
        "<script>alert('x')</script>\n\n"
        "[click me](javascript:alert(1))\n\n"
        '<a href="javascript:alert(2)">link</a> <img src=x onerror=alert(3)>\n\n'
        "- <b>bold</b>\n\n"
        "## <iframe src=//evil.example>"
    )

    def assert_neutralised(self, html: str) -> None:
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        assert "<img src=x" not in html
        assert "<iframe" not in html
        assert "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html

    def test_law_body_and_summary(self) -> None:
        entry = make_law(body_en=self.HOSTILE, summary_en="<script>alert(4)</script>")
        html = self.client.get(reverse("content:law_detail", kwargs={"slug": entry.slug}))
        self.assert_neutralised(html.content.decode())
        self.assertNotContains(html, "<script>alert(4)")

    def test_page_body_and_myth_explanation(self) -> None:
        make_page(body_en=self.HOSTILE)
        make_myth(explanation_en=self.HOSTILE)
        html = self.client.get(reverse("content:page", kwargs={"slug": "test-page"}))
        self.assert_neutralised(html.content.decode())
        html = self.client.get(reverse("content:myth_list"))
        self.assert_neutralised(html.content.decode())

    def test_amendment_text_is_escaped(self) -> None:
        entry = make_law()
        Amendment.objects.create(
            law=entry, date=entry.last_reviewed, act_en="<script>x()</script>", change_en="c"
        )
        response = self.client.get(reverse("content:law_detail", kwargs={"slug": entry.slug}))
        self.assertNotContains(response, "<script>x()")
        self.assertContains(response, "&lt;script&gt;x()")

    def test_a_source_link_is_never_a_script(self) -> None:
        entry = make_law()
        # Written past the validators, as a broken import might: the template must still escape.
        source = Source.objects.create(
            key="odd", title='"><script>y()</script>', url="https://e.x/"
        )
        entry.sources.add(source)
        response = self.client.get(reverse("content:law_detail", kwargs={"slug": entry.slug}))
        self.assertNotContains(response, "<script>y()")

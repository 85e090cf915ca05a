"""The public help directory page: honest filtering, survivor-safe like the intake."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from awaaz.core.testing import PersonasTestCase
from awaaz.safety import services
from awaaz.safety.admin import ServiceAdminForm
from awaaz.safety.models import Service
from awaaz.safety.tests.test_directory_world import world_create


def url(lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("safety:directory")


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by `heading_id` ("" when there is none)."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


class DirectoryPageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world_create()
        services.directory_load()

    def get(self, lang: str = "en", **params: str) -> str:
        response = Client().get(url(lang), params)
        assert response.status_code == 200
        return response.content.decode()

    def test_everything_is_listed_without_a_filter(self) -> None:
        html = self.get()
        for service in Service.objects.all():
            assert service.name_en.replace("&", "&amp;") in html, service.slug

    def test_a_man_in_lahore_is_told_honestly_what_is_for_him(self) -> None:
        html = self.get(who="man", district="pb-lahore")
        mine, other = section(html, "serving-heading"), section(html, "not-serving-heading")
        assert "Services for a man" in mine
        assert "Legal Advisory Call Centre" in mine
        assert "Police emergency" in mine
        # The Anti-Rape Act's crisis cells are for women and children: shown apart, with why.
        assert "Anti-Rape Crisis Cells (public hospitals, other provinces)" in other
        assert "for women and for children under 18" in other
        assert "Punjab Women Helpline" in other
        # Sindh's cells do not work in Lahore at all.
        assert "Anti-Rape Crisis Cells, Sindh" not in html

    def test_a_man_in_karachi_finds_the_sindh_crisis_cells(self) -> None:
        html = self.get(who="man", district="sd-karachi-south")
        assert "Anti-Rape Crisis Cells, Sindh" in section(html, "serving-heading")
        assert "Sindh Women Helpline" in section(html, "not-serving-heading")
        assert "Punjab Women Helpline" not in html

    def test_a_transgender_person_in_rawalpindi_finds_the_tahaffuz_centres(self) -> None:
        html = self.get(who="transgender", district="pb-rawalpindi")
        mine = section(html, "serving-heading")
        assert "Tahaffuz centres for transgender persons" in mine
        assert "Madadgaar" not in mine
        # The Islamabad desk is named for Islamabad only.
        assert "Gender Protection Unit" not in html

    def test_a_boy_in_peshawar_and_a_helper(self) -> None:
        html = self.get(who="boy", district="kp-peshawar")
        assert "Madadgaar National Helpline" in section(html, "serving-heading")
        helper = self.get(who="helper", district="kp-peshawar")
        assert "not-serving-heading" not in helper
        assert "Victim support desk, Gulbahar" in section(helper, "serving-heading")

    def test_a_desk_named_for_one_district_is_not_offered_elsewhere_in_its_province(
        self,
    ) -> None:
        swat = self.get(who="transgender", district="kp-swat")
        assert "Victim support desk, Gulbahar" not in swat
        # ...while the province-wide helpline of the same province is.
        assert "Bolo Helpline" in swat
        assert "Victim support desk, Gulbahar" in self.get(
            who="transgender", district="kp-peshawar"
        )

    def test_unverified_entries_say_so_and_the_page_explains(self) -> None:
        html = self.get(who="boy", district="is-islamabad")
        entry = html.split("<h3>Sahil</h3>", 1)[1].split("</li>", 1)[0]
        assert "Unverified" in entry
        assert "tel:" not in entry
        assert "has not been confirmed by any dated source" in html
        verified = html.split("<h3>Madadgaar National Helpline (LHRLA)</h3>", 1)[1]
        assert "Verified on 9 September 2017" in verified.split("</li>", 1)[0]
        assert 'href="tel:1098"' in verified

    def test_a_wrong_filter_value_gets_a_message_and_the_rest_still_works(self) -> None:
        html = self.get(who="man", district="nowhere-at-all")
        assert "Please choose a district from the list." in html
        assert "Services for a man" in html
        assert "Anti-Rape Crisis Cells, Sindh" in html  # no district: the whole country
        html = self.get(who="alien")
        assert "Please choose who you are from the list." in html

    def test_urdu_page_is_right_to_left_with_urdu_names_and_notes(self) -> None:
        html = self.get("ur", who="man", district="pb-lahore")
        assert 'dir="rtl"' in html
        assert "اینٹی ریپ کرائسس سیل (سرکاری ہسپتال، دوسرے صوبے)" in html
        assert "18 سال سے کم عمر بچوں" in html
        assert "لاہور" in html
        assert "مرد کے لیے خدمات" in html
        assert "وہ خدمات جو یہ نہیں کہتیں کہ وہ مرد کی مدد کرتی ہیں" in html
        assert "غیر تصدیق شدہ" in html
        # Lists use the Urdu comma; English pages the Latin one.
        assert "خواتین، مرد، لڑکیاں، لڑکے" in html
        assert "women, men, girls, boys" in self.get(who="man", district="pb-lahore")

    def test_survivor_safety_headers_quick_exit_and_no_session(self) -> None:
        client = Client()
        client.cookies["sessionid"] = "someone-elses-session"
        response = client.get(url(), {"who": "woman"}, REMOTE_ADDR="203.0.113.9")
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        html = response.content.decode()
        # A quick exit that is a plain link (works without JavaScript) to another site.
        exit_link = re.search(r'<a id="quick-exit"[^>]* href="(https://[^"]+)"', html)
        assert exit_link is not None
        assert "quick-exit.js" in html
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None
        for word in ("rape", "abuse", "help", "report", "violence"):
            assert word not in title.group(1).lower()
        # Works without JavaScript: a plain GET form, no inline script or style anywhere.
        assert re.search(r'<form method="get"', html)
        assert "<script>" not in html
        assert "style=" not in html
        assert "onclick" not in html
        # No session is kept or set for the visitor (an old one is removed).
        assert response.cookies.get("sessionid") is None or not response.cookies["sessionid"].value
        assert len(response.content) < 60_000

    def test_unpublished_services_are_not_shown(self) -> None:
        Service.objects.filter(slug="rozan").update(published=False)
        assert "Rozan" not in self.get()


class ServiceAdminTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world_create()

    def form_data(self, **overrides: object) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": "helpline",
            "name_en": "Test helpline",
            "name_ur": "ٹیسٹ ہیلپ لائن",
            "published": "on",
            "serves": ["women", "men"],
            "nationwide": "on",
            "phone": "0800-00000",
            "languages": ["ur"],
            "is_verified": "on",
            "last_verified": "",
            "verified_source": "",
        }
        data.update(overrides)
        return data

    def test_marking_verified_needs_a_date_and_how_it_was_checked(self) -> None:
        form = ServiceAdminForm(data=self.form_data())
        assert not form.is_valid()
        assert "last_verified" in form.errors
        assert "verified_source" in form.errors
        form = ServiceAdminForm(
            data=self.form_data(last_verified="2026-11-01", verified_source="We called it")
        )
        assert form.is_valid(), form.errors
        service = form.save()
        assert service.serves == ["women", "men"]
        assert service.languages == ["ur"]

    def test_a_service_must_say_where_it_works(self) -> None:
        form = ServiceAdminForm(data=self.form_data(nationwide="", is_verified=""))
        assert not form.is_valid()
        assert "nationwide" in form.errors

    def test_the_admin_lists_services_for_staff_with_two_factors_and_refuses_outsiders(
        self,
    ) -> None:
        services.directory_load()
        changelist = reverse("admin:safety_service_changelist")
        assert self.client_for(self.outsider).get(changelist).status_code in (302, 403)
        self.administrator.is_superuser = True
        self.administrator.save()
        response = self.verified_client_for(self.administrator).get(changelist)
        assert response.status_code == 200
        assert "Madadgaar National Helpline" in response.content.decode()

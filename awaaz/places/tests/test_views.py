"""The public places pages: the map in both languages, provinces, districts, and 404s."""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.test import TestCase
from django.urls import reverse

from awaaz.places.models import District, Province
from awaaz.places.services import DATA_DIR, places_load

# A fictional province with fictional districts, so that the figures in the assertions are
# known whatever the reference files say.
TEST_PROVINCE: dict[str, Any] = {
    "province": {
        "code": "PK-ZZ",
        "slug": "testland",
        "name_en": "Testland",
        "name_ur": "ٹیسٹ لینڈ",
        "kind": "province",
        "sort_order": 90,
    },
    "districts": [
        {
            "code": "zz-north",
            "name_en": "North Vale",
            "name_ur": "شمالی وادی",
            "division": "Upper",
            "lat": 34.0,
            "lon": 71.0,
            "population_2023": 1234567,
            "places": [{"name_en": "Kalaghar", "name_ur": "کالا گھر", "kind": "tehsil"}],
        },
        {
            "code": "zz-south",
            "name_en": "South Vale",
            "name_ur": "جنوبی وادی",
            "division": "Lower",
            "lat": 33.2,
            "lon": 71.4,
            "population_2023": None,
        },
        {
            "code": "zz-old",
            "name_en": "Old Vale",
            "name_ur": "پرانی وادی",
            "lat": 33.6,
            "lon": 71.2,
            "population_2023": 900,
            "valid_from": None,
            "valid_to": "2019-07-01",
            "successors": ["zz-north", "zz-south"],
        },
    ],
}


def _load(data: dict[str, Any]) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "testland.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        places_load(files=[path])


class PlacesPagesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        places_load(files=[DATA_DIR / "provinces" / "islamabad.json"])
        _load(TEST_PROVINCE)

    def test_the_map_shows_provinces_by_default(self) -> None:
        response = self.client.get(reverse("places:map"))
        self.assertContains(response, "<svg", count=1)
        self.assertContains(response, '<span aria-current="page">Provinces</span>', html=True)

    def test_the_district_map_has_a_table_of_every_figure(self) -> None:
        response = self.client.get(reverse("places:map"), {"view": "districts"})
        self.assertContains(response, "<svg", count=1)
        self.assertContains(response, '<span aria-current="page">Districts</span>', html=True)
        self.assertContains(response, "1,234,567")  # North Vale, in the table and its desc
        self.assertContains(
            response, reverse("places:district_detail", args=["testland", "zz-north"])
        )
        # South Vale has no population figure: "no data", never zero.
        self.assertContains(response, 'fill="url(#map-nd)"')
        self.assertContains(response, '<td class="num">no data</td>', html=True)
        # An ended district is not drawn on today's map.
        self.assertNotContains(response, "Old Vale")
        self.assertContains(response, "Schematic map")

    def test_the_map_switches_views_and_ignores_an_unknown_one(self) -> None:
        url = reverse("places:map")
        provinces = self.client.get(url, {"view": "provinces"})
        self.assertContains(provinces, '<span aria-current="page">Provinces</span>', html=True)
        self.assertContains(provinces, reverse("places:province_detail", args=["testland"]))
        # A province with a district of unknown population is "no data", not a partial sum,
        # unless the census published the province's total.
        self.assertContains(provinces, "2,363,863")  # Islamabad, the published total
        self.assertContains(provinces, '<td class="num">no data</td>', html=True)  # Testland
        symbols = self.client.get(url, {"view": "symbols"})
        self.assertContains(symbols, '<circle class="sym"')
        unknown = self.client.get(url, {"view": "<script>"})
        assert unknown.status_code == 200
        self.assertContains(unknown, '<span aria-current="page">Provinces</span>', html=True)
        self.assertNotContains(unknown, "<script>")

    def test_the_map_in_urdu_is_right_to_left_with_urdu_names(self) -> None:
        response = self.client.get("/ur/places/map/", {"view": "districts"})
        self.assertContains(response, 'lang="ur" dir="rtl"')
        self.assertContains(response, "شمالی وادی")
        self.assertContains(response, "12,34,567")  # lakh grouping

    def test_pages_carry_no_inline_style_or_script_and_stay_small(self) -> None:
        # About as many districts as Pakistan has, so that the size is what visitors will get.
        province = Province.objects.get(code="PK-ZZ")
        District.objects.bulk_create(
            District(
                code=f"zz-filler-{i}",
                province=province,
                name_en=f"Filler {i}",
                name_ur=f"ضلع {i}",
                latitude=24 + (i % 13),
                longitude=61 + (i // 13) * 1.3,
                population=50_000 + i * 37_000,
            )
            for i in range(160)
        )
        for view in ("districts", "provinces", "symbols"):
            response = self.client.get(reverse("places:map"), {"view": view})
            body = response.content.decode()
            assert "style=" not in body
            assert "<script" not in body
            assert "http://" not in body.replace('xmlns="http://www.w3.org/2000/svg"', "")
            assert "https://" not in body
            assert len(gzip.compress(response.content)) < 50 * 1024, view

    def test_province_page_lists_its_districts_current_and_ended(self) -> None:
        response = self.client.get(reverse("places:province_detail", args=["testland"]))
        self.assertContains(response, "<h1>Testland</h1>", html=True)
        self.assertContains(response, "North Vale")
        self.assertContains(response, "ٹیسٹ لینڈ")
        self.assertContains(response, "ended on 1 July 2019")
        self.assertContains(response, "Testland: 3 districts")

    def test_district_page_shows_both_scripts_division_places_and_lineage(self) -> None:
        north = self.client.get(reverse("places:district_detail", args=["testland", "zz-north"]))
        self.assertContains(north, "North Vale")
        self.assertContains(north, '<span lang="ur" dir="rtl">شمالی وادی</span>', html=True)
        self.assertContains(north, "Upper")
        self.assertContains(north, "Kalaghar")
        self.assertContains(north, "Formed from")
        self.assertContains(north, reverse("places:district_detail", args=["testland", "zz-old"]))
        old = self.client.get(reverse("places:district_detail", args=["testland", "zz-old"]))
        self.assertContains(old, "Succeeded by")
        self.assertContains(old, "it ended on 1 July 2019")
        assert District.objects.get(code="zz-old").valid_to == datetime.date(2019, 7, 1)

    def test_unknown_places_are_404_in_both_languages(self) -> None:
        for url in (
            "/en/places/atlantis/",
            "/ur/places/atlantis/",
            "/en/places/testland/zz-nowhere/",
            "/en/places/islamabad/zz-north/",  # a real district under the wrong province
        ):
            assert self.client.get(url).status_code == 404, url

    def test_pages_only_answer_reads(self) -> None:
        response = self.client.post(reverse("places:map"))
        assert response.status_code == 405


class PublishedProvinceTotalTest(TestCase):
    def test_a_published_province_total_is_shown_even_if_districts_lack_figures(self) -> None:
        data = json.loads(json.dumps(TEST_PROVINCE))
        data["province"]["population_2023"] = 5_000_000
        _load(data)
        response = self.client.get(reverse("places:map"), {"view": "provinces"})
        self.assertContains(response, "5,000,000")

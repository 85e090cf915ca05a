"""The public statistics pages, as a reader sees them, in English and Urdu."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from django.test import TestCase
from django.utils import timezone
from PIL import Image

from awaaz.evidence.models import AreaLevel, FigureUnit, OfficialFigure
from awaaz.places.services import places_load
from awaaz.stats.models import PublishedTable, Release, ReleaseStatus


def cell(year: int, province: str, value: int | None, display: str = "") -> dict[str, Any]:
    return {
        "stream": "*",
        "year": year,
        "province": province,
        "quarter": "*",
        "value": value,
        "suppressed": value is None,
        "display": display or f"{value:,}",
    }


def make_release(version: int = 3, *, status: str = ReleaseStatus.PUBLISHED) -> Release:
    release = Release.objects.create(
        version=version,
        status=status,
        published_at=timezone.now() if status == ReleaseStatus.PUBLISHED else None,
    )
    cells = [
        cell(2022, "*", 1_460),
        cell(2023, "*", None, "x"),
        cell(2024, "*", 4_380),
        cell(2024, "PK-PB", 3_100),
        cell(2024, "PK-SD", 900),
        cell(2024, "PK-BA", None, "<10"),
        # A news-only cell must not be taken for the all-streams total.
        {**cell(2024, "*", 999), "stream": "news"},
    ]
    PublishedTable.objects.create(
        release=release,
        key="quarter_by_province",
        dimensions=["stream", "year", "province", "quarter"],
        row_dimension="province",
        column_dimension="quarter",
        cells=cells,
    )
    return release


class StatisticsHomeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        places_load()

    def test_before_any_release_the_page_says_so(self) -> None:
        make_release(9, status=ReleaseStatus.DRAFT)  # a draft is never shown
        response = self.client.get("/en/statistics/")
        self.assertContains(response, "No statistics have been published yet")
        self.assertNotContains(response, "4,380")

    def test_headline_trend_and_map_come_from_the_latest_published_release(self) -> None:
        make_release()
        response = self.client.get("/en/statistics/")
        self.assertContains(response, "On record in 2024")
        self.assertContains(response, "4,380 incidents")
        self.assertContains(response, "one every 2 hours")
        self.assertNotContains(response, "999")
        body = response.content.decode()
        # The trend chart: accessible SVG, its table with the unpublished year, its downloads.
        assert 'role="img" aria-labelledby="trend-title trend-desc"' in body
        assert '<th scope="row">2023</th><td class="num">not published</td>' in body
        assert "/en/statistics/charts/trend.svg" in body
        assert "/en/statistics/charts/trend.png" in body
        assert "Source: Awaaz statistics, release 3" in body
        # The province map with its table: Punjab's count, Balochistan's suppressed cell.
        assert "Incidents on record by province, 2024" in body
        assert "3,100" in body
        assert 'style="' not in body
        # Light enough for a slow phone: chart, map and tables together stay in tens of KB.
        assert len(response.content) < 60_000

    def test_the_publication_lag_is_stated_and_a_part_year_is_not_the_headline(self) -> None:
        release = make_release()
        release.parameters = {"lag_days": 30, "published_until": "2024-09-30"}
        release.save()
        response = self.client.get("/en/statistics/")
        self.assertContains(response, "A month is published 30 days after it ends")
        # 2024 is counted up to September only: the headline is the last whole year.
        self.assertContains(response, "On record in 2023")
        self.assertNotContains(response, "one every 2 hours")
        # Nor is it a point of the trend, where it would look like a fall.
        self.assertNotContains(response, '<th scope="row">2024</th>')
        self.assertContains(response, '<th scope="row">2022</th>')
        ur = self.client.get("/ur/statistics/")
        self.assertNotContains(ur, "A month is published")
        self.assertContains(ur, "30 دن")

    def test_urdu_page_is_right_to_left_and_in_urdu(self) -> None:
        make_release()
        response = self.client.get("/ur/statistics/")
        self.assertContains(response, 'dir="rtl"')
        self.assertContains(response, 'role="img"')
        self.assertNotContains(response, "On record in 2024")
        self.assertContains(response, "2024 میں ریکارڈ پر")
        self.assertContains(response, "صوبہ وار ریکارڈ شدہ واقعات، 2024")


class ChartDownloadTests(TestCase):
    def test_trend_chart_downloads_as_svg_and_png(self) -> None:
        make_release()
        svg = self.client.get("/en/statistics/charts/trend.svg")
        assert svg["Content-Type"] == "image/svg+xml"
        assert "attachment" in svg["Content-Disposition"]
        assert b"Source: Awaaz statistics, release 3" in svg.content
        png = self.client.get("/ur/statistics/charts/trend.png")
        assert png["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(png.content)).size == (1280, 720)

    def test_unknown_chart_or_no_release_is_404(self) -> None:
        assert self.client.get("/en/statistics/charts/trend.svg").status_code == 404
        assert self.client.get("/en/statistics/charts/nothing.svg").status_code == 404
        assert self.client.get("/en/statistics/charts/trend.gif").status_code == 404

    def test_estimate_chart_follows_the_scenario(self) -> None:
        response = self.client.get(
            "/en/statistics/charts/estimate.svg",
            {"observed": "4175", "kind": "fixed", "rate": "10"},
        )
        assert response.status_code == 200
        assert b"if 10% of incidents are reported" in response.content
        bad = self.client.get(
            "/en/statistics/charts/estimate.svg", {"observed": "4175", "kind": "fixed", "rate": "0"}
        )
        assert bad.status_code == 404


class EstimatePageTests(TestCase):
    def test_opens_on_the_worked_example_as_a_labelled_scenario(self) -> None:
        response = self.client.get("/en/statistics/estimate/")
        self.assertContains(response, "Scenario")
        self.assertContains(response, "if 10% of incidents are reported (one in 10)")
        self.assertContains(response, "one every 12.6 minutes")
        self.assertContains(response, "41,750")
        self.assertContains(response, '<form method="get"')

    def test_a_range_scenario(self) -> None:
        response = self.client.get(
            "/en/statistics/estimate/",
            {"observed": "4175", "kind": "range", "low": "5", "high": "20"},
        )
        self.assertContains(response, "between 5% and 20%")
        assert re.search(r"About 33,[3-5]00 a year", response.content.decode())
        # Three significant figures: the worked example's 21,200–77,700 within simulation noise.
        assert re.search(r"From 21,[23]00 to 77,[4-9]00 a year", response.content.decode())

    def test_impossible_rates_are_explained_and_nothing_is_estimated(self) -> None:
        for rate, words in ((0, "0% is impossible"), (150, "150% is impossible")):
            response = self.client.get(
                "/en/statistics/estimate/", {"observed": "4175", "kind": "fixed", "rate": str(rate)}
            )
            assert response.status_code == 200
            self.assertContains(response, words)
            self.assertNotContains(response, "Likely true count")

    def test_bad_input_gets_clear_messages(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"observed": -3, "kind": "fixed", "rate": 10}, "cannot be negative"),
            ({"observed": "many", "kind": "fixed", "rate": 10}, "Enter a whole number"),
            ({"observed": 10, "kind": "beta", "a": 0, "b": 4}, "does not exist"),
            ({"observed": 10, "kind": "range", "low": 30, "high": 10}, "is above the highest"),
            ({"observed": 10, "kind": "range", "low": 5}, "Enter a number for this scenario"),
            ({"observed": 10, "kind": "nonsense"}, "Select a valid choice"),
        ]
        for params, words in cases:
            response = self.client.get("/en/statistics/estimate/", params)
            assert response.status_code == 200, params
            self.assertContains(response, words)
            self.assertNotContains(response, "Likely true count")

    def test_urdu_form_states_its_assumption_in_urdu(self) -> None:
        response = self.client.get("/ur/statistics/estimate/")
        self.assertContains(response, 'dir="rtl"')
        self.assertNotContains(response, "if 10% of incidents are reported")
        self.assertContains(response, "اگر 10% واقعات کی اطلاع دی جاتی ہو")
        self.assertContains(response, "ہر 12.6 منٹ میں ایک")


class OfficialFiguresTests(TestCase):
    def test_figures_sit_beside_our_count_of_the_same_year_with_their_definitions(self) -> None:
        make_release()
        common: dict[str, Any] = {
            "publisher": "Sahil",
            "area_level": AreaLevel.NATIONAL,
            "unit": FigureUnit.CASES,
        }
        OfficialFigure.objects.create(
            **common,
            source="Cruel Numbers 2024 (fictional test figure)",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            category="child abuse cases",
            definition="Cases found in newspapers; children up to 18.",
            value=Decimal("3832"),
        )
        OfficialFigure.objects.create(
            **common,
            source="Half-year report",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 6, 30),
            category="boys",
            value=Decimal("1004"),
        )
        response = self.client.get("/en/statistics/official-figures/")
        body = response.content.decode()
        assert "Cases found in newspapers; children up to 18." in body
        assert "3,832" in body
        assert '<td class="num">4,380</td>' in body  # our 2024 count beside Sahil's
        assert "not comparable" in body  # a half year is not set beside a year
        assert "First Information Reports" in body
        # While 2024 is counted only up to September, our count is not set beside a year.
        release = Release.objects.get()
        release.parameters = {"lag_days": 30, "published_until": "2024-09-30"}
        release.save()
        body = self.client.get("/en/statistics/official-figures/").content.decode()
        assert '<td class="num">4,380</td>' not in body


class MethodPageTests(TestCase):
    def test_method_explains_estimates_and_known_biases_in_both_languages(self) -> None:
        en = self.client.get("/en/statistics/method/")
        self.assertContains(en, '<h2 id="estimates">Estimates</h2>', html=False)
        self.assertContains(en, "Known biases")
        self.assertContains(en, "377-B")
        self.assertContains(en, "one every 12.6 minutes")
        self.assertContains(en, "Publication lag")
        self.assertContains(en, "“other districts”")
        self.assertContains(en, "Garwood")
        ur = self.client.get("/ur/statistics/method/")
        self.assertContains(ur, 'dir="rtl"')
        self.assertNotContains(ur, "Known biases")
        self.assertContains(ur, "معلوم جانبداریاں")


class ChapmanCheckTests(TestCase):
    def test_two_overlapping_lists_give_a_labelled_cross_check(self) -> None:
        response = self.client.get(
            "/en/statistics/estimate/", {"cr-first": "100", "cr-second": "80", "cr-both": "40"}
        )
        self.assertContains(response, "sensitivity check only")
        # (101 × 81) / 41 − 1 = 198.5 → about 199; 140 distinct cases are in a list.
        self.assertContains(response, "About 199 cases in all")
        self.assertContains(response, "of which 140 are in at least one list")
        # The scenario form still shows the worked example beside it.
        self.assertContains(response, "one every 12.6 minutes")

    def test_an_overlap_larger_than_a_list_is_refused(self) -> None:
        response = self.client.get(
            "/en/statistics/estimate/", {"cr-first": "10", "cr-second": "5", "cr-both": "6"}
        )
        self.assertContains(response, "cannot outnumber those in the smaller list")
        self.assertNotContains(response, "cases in all")


class ChildrenBySexChartTests(TestCase):
    def test_sahil_girls_and_boys_are_charted_with_a_table_and_downloads(self) -> None:
        for category, value in (("Girls", "1738"), ("Boys", "2094")):
            OfficialFigure.objects.create(
                publisher="Sahil",
                source="Cruel Numbers 2018",
                area_level=AreaLevel.NATIONAL,
                unit=FigureUnit.CASES,
                period_start=datetime.date(2018, 1, 1),
                period_end=datetime.date(2018, 12, 31),
                category=category,
                value=Decimal(value),
            )
        response = self.client.get("/en/statistics/official-figures/")
        body = response.content.decode()
        assert 'aria-labelledby="sahil-title sahil-desc"' in body
        assert (
            '<th scope="row">2018</th><td class="num">1,738</td><td class="num">2,094</td>' in body
        )
        png = self.client.get("/en/statistics/charts/children-by-sex.png")
        assert png["Content-Type"] == "image/png"

    def test_without_both_counts_there_is_no_chart(self) -> None:
        response = self.client.get("/en/statistics/official-figures/")
        assert "sahil-title" not in response.content.decode()
        assert self.client.get("/en/statistics/charts/children-by-sex.svg").status_code == 404

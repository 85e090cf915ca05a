"""Open-data downloads: every published table in CSV, JSON and XLSX with its dictionary, licence,
version and checksum; spreadsheets that never run a formula; a page in English and Urdu."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from decimal import Decimal
from unittest import mock

from django.core.cache import cache
from django.test import TestCase
from openpyxl import load_workbook

from awaaz.evidence.models import AreaLevel, FigureUnit, OfficialFigure
from awaaz.stats import opendata
from awaaz.stats.models import ReleaseStatus
from awaaz.stats.tests.test_api_tables import make_release

BASE = "/en/statistics/open-data/"


class DownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_release(1)
        make_release(2, status=ReleaseStatus.DRAFT)
        OfficialFigure.objects.create(
            source='=HYPERLINK("http://example.org")',
            publisher="Sahil",
            area_level=AreaLevel.NATIONAL,
            period_start=datetime.date(2018, 1, 1),
            period_end=datetime.date(2018, 12, 31),
            category="+cases",
            definition="@SUM(A1:A9)",
            value=Decimal("3832"),
            unit=FigureUnit.CASES,
        )

    def setUp(self) -> None:
        cache.clear()

    def download(self, url: str) -> bytes:
        response = self.client.get(url)
        assert response.status_code == 200, url
        data = response.content
        assert response["X-Checksum-SHA256"] == hashlib.sha256(data).hexdigest()
        assert "attachment" in response["Content-Disposition"]
        return data

    def test_csv_has_every_cell_and_suppression_marks(self) -> None:
        data = self.download(BASE + "1/quarter_by_province.csv")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 6
        assert list(rows[0])[:4] == ["stream", "year", "province", "quarter"]
        hidden = [r for r in rows if r["suppressed"] == "true"]
        assert {r["display"] for r in hidden} == {"<5", "x"}
        assert all(r["value"] == "" for r in hidden)

    def test_json_carries_dictionary_licence_and_version(self) -> None:
        data = json.loads(self.download(BASE + "1/quarter_by_province.json"))
        assert data["meta"]["release"] == "1"
        assert data["meta"]["licence"]["id"] == "CC-BY-4.0"
        assert "CC BY 4.0" in data["meta"]["attribution"]
        assert {c["column"] for c in data["dictionary"]} >= {"province", "value", "suppressed"}
        assert len(data["rows"]) == 6

    def test_xlsx_has_data_dictionary_and_licence_sheets(self) -> None:
        book = load_workbook(io.BytesIO(self.download(BASE + "1/quarter_by_province.xlsx")))
        assert book.sheetnames == ["data", "dictionary", "about"]
        data = list(book["data"].values)
        assert data[0][:4] == ("stream", "year", "province", "quarter")
        assert len(data) == 7
        about = dict(book["about"].values)
        assert about["release"] == "1"
        assert "CC BY 4.0" in str(about["licence"])

    def test_no_formula_reaches_a_spreadsheet(self) -> None:
        version = opendata.official_figures_table().version
        text = self.download(f"{BASE}{version}/official-figures.csv").decode("utf-8-sig")
        row = next(csv.DictReader(io.StringIO(text)))
        assert row["source"].startswith("'=")
        assert row["category"] == "'+cases"
        assert row["definition"] == "'@SUM(A1:A9)"
        assert row["value"] == "3832.00"
        book = load_workbook(io.BytesIO(self.download(f"{BASE}{version}/official-figures.xlsx")))
        for cells in book["data"].iter_rows(min_row=2):
            for cell in cells:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert not re.match(r"^[=+@\t\r]", cell.value)

    def test_files_are_stable_so_checksums_mean_something(self) -> None:
        table = opendata.release_table("1", "quarter_by_province")
        assert table is not None
        for fmt in opendata.FORMATS:
            assert opendata.render(table, fmt) == opendata.render(table, fmt), fmt
        # openpyxl stamps the time of saving into the workbook: a later save is still the same.
        first = opendata.render(table, "xlsx")
        later = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
        with mock.patch("openpyxl.writer.excel.datetime") as clock:
            clock.datetime.now.return_value = later
            clock.timezone = datetime.timezone
            assert opendata.render(table, "xlsx") == first
            assert clock.datetime.now.called

    def test_page_lists_files_with_checksums_in_both_languages(self) -> None:
        for language in ("en", "ur"):
            with self.subTest(language=language):
                response = self.client.get(f"/{language}/statistics/open-data/")
                assert response.status_code == 200
                html = response.content.decode()
                assert 'style="' not in html
                assert "<script" not in html
                assert html.count("<h1") == 1
                assert f"/{language}/statistics/open-data/1/quarter_by_province.xlsx" in html
                digest = hashlib.sha256(
                    opendata.render(opendata.release_table("1", "quarter_by_province"), "csv")  # type: ignore[arg-type]
                ).hexdigest()
                if language == "en":
                    assert digest in html
                assert "official-figures.csv" in html
                if language == "ur":
                    assert "اوپن ڈیٹا" in html
                    assert 'dir="rtl"' in html

    def test_sha256sums_match_the_files(self) -> None:
        sums = self.client.get(BASE + "1/SHA256SUMS").content.decode()
        lines: dict[str, str] = {}
        for line in sums.strip().splitlines():
            digest, name = line.split("  ")
            lines[name] = digest
        assert len(lines) == 3
        for name, digest in lines.items():
            fmt = name.rsplit(".", 1)[1]
            data = self.download(f"{BASE}1/quarter_by_province.{fmt}")
            assert hashlib.sha256(data).hexdigest() == digest

    def test_dictionary_page(self) -> None:
        response = self.client.get(BASE + "1/quarter_by_province/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<caption>" in html
        assert "suppressed" in html

    def test_drafts_unknown_tables_and_formats_are_not_found(self) -> None:
        for url in (
            BASE + "2/quarter_by_province.csv",
            BASE + "2/",
            BASE + "1/no_such_table.csv",
            BASE + "1/quarter_by_province.exe",
            BASE + "figures-000000000000/official-figures.csv",
            BASE + "1/no_such_table/",
        ):
            with self.subTest(url=url):
                assert self.client.get(url).status_code == 404

    def test_api_docs_page(self) -> None:
        for language in ("en", "ur"):
            response = self.client.get(f"/{language}/statistics/api/")
            assert response.status_code == 200
            html = response.content.decode()
            assert "/api/v1/releases/{version}/tables/{slug}/" in html
            assert 'style="' not in html

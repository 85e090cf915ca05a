"""The API's releases and tables: only published releases, cells with suppression marks,
filters on the table's own dimensions, and clear errors for unknown tables, filters, versions."""

from __future__ import annotations

import gzip
from typing import Any

from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from awaaz.stats.models import PublishedTable, Release, ReleaseStatus


def cell(
    stream: str, province: str, quarter: str, value: int | None, display: str
) -> dict[str, Any]:
    return {
        "stream": stream,
        "year": 2024,
        "province": province,
        "quarter": quarter,
        "value": value,
        "suppressed": value is None,
        "display": display,
    }


def make_release(version: int, status: str = ReleaseStatus.PUBLISHED) -> Release:
    release = Release.objects.create(
        version=version,
        status=status,
        published_at=timezone.now() if status == ReleaseStatus.PUBLISHED else None,
        checksum="ab" * 32,
    )
    PublishedTable.objects.create(
        release=release,
        key="quarter_by_province",
        dimensions=["stream", "year", "province", "quarter"],
        row_dimension="province",
        column_dimension="quarter",
        cells=[
            cell("news", "PK-PB", "Q1", 40, "40"),
            cell("news", "PK-PB", "Q2", None, "<5"),
            cell("news", "PK-PB", "Q3", None, "x"),
            cell("news", "PK-PB", "*", 61, "61"),
            cell("news", "PK-SD", "Q1", 12, "12"),
            cell("news", "PK-SD", "*", 12, "12"),
        ],
    )
    return release


class ReleaseApiTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_release(1)
        make_release(2)
        make_release(3, status=ReleaseStatus.DRAFT)

    def setUp(self) -> None:
        cache.clear()

    def test_lists_only_published_releases_newest_first(self) -> None:
        data = self.client.get("/api/v1/releases/").json()
        assert [r["version"] for r in data["results"]] == ["2", "1"]

    def test_a_draft_release_is_not_found(self) -> None:
        response = self.client.get("/api/v1/releases/3/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "release_not_found"

    def test_latest_names_the_newest_published_release(self) -> None:
        data = self.client.get("/api/v1/releases/latest/").json()
        assert data["version"] == "2"
        assert [t["slug"] for t in data["tables"]] == ["quarter_by_province"]
        assert data["tables"][0]["dimensions"] == ["stream", "year", "province", "quarter"]

    def test_table_cells_keep_their_suppression_marks(self) -> None:
        data = self.client.get("/api/v1/releases/1/tables/quarter_by_province/").json()
        assert data["count"] == 6
        hidden = [r for r in data["rows"] if r["suppressed"]]
        assert {r["display"] for r in hidden} == {"<5", "x"}
        assert all(r["value"] is None for r in hidden)
        assert data["meta"]["release"] == "1"
        assert data["meta"]["licence"]["id"] == "CC-BY-4.0"
        columns = {c["column"]: c for c in data["dictionary"]}
        assert {"stream", "province", "quarter", "value", "suppressed", "display"} <= set(columns)
        province_codes = {c["code"] for c in columns["province"]["codes"]}
        assert "*" in province_codes

    def test_filters_on_dimensions(self) -> None:
        url = "/api/v1/releases/1/tables/quarter_by_province/"
        data = self.client.get(url, {"province": "PK-SD"}).json()
        assert data["count"] == 2
        assert {r["province"] for r in data["rows"]} == {"PK-SD"}
        total = self.client.get(url, {"province": "PK-PB", "quarter": "*"}).json()
        assert [r["value"] for r in total["rows"]] == [61]
        by_year = self.client.get(url, {"year": "2024", "page_size": "1"}).json()
        assert (by_year["count"], len(by_year["rows"])) == (6, 1)

    def test_unknown_filter_or_value_is_a_400(self) -> None:
        url = "/api/v1/releases/1/tables/quarter_by_province/"
        for query, code in (
            ({"gender": "woman"}, "unknown_filter"),
            ({"province": "PK-XX"}, "invalid_filter"),
            ({"year": "1900"}, "invalid_filter"),
            ({"page_size": "100000"}, "page_size_too_large"),
            ({"page": "x"}, "invalid_parameter"),
        ):
            with self.subTest(query=query):
                response = self.client.get(url, query)
                assert response.status_code == 400
                assert response.json()["error"]["code"] == code

    def test_unknown_table_or_version(self) -> None:
        for url, code in (
            ("/api/v1/releases/1/tables/no_such_table/", "table_not_found"),
            ("/api/v1/releases/99/tables/quarter_by_province/", "release_not_found"),
            ("/api/v1/releases/not-a-version/", "release_not_found"),
            ("/api/v1/releases/99999999999999999999/", "release_not_found"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code == 404
                assert response.json()["error"]["code"] == code

    def test_a_table_comes_compressed_and_a_client_with_it_gets_304(self) -> None:
        url = "/api/v1/releases/1/tables/quarter_by_province/?page_size=500"
        plain = self.client.get(url)
        for _ in range(2):  # made once, then served from the cache
            packed = self.client.get(url, headers={"Accept-Encoding": "gzip, br"})
            assert packed["Content-Encoding"] == "gzip"
            assert gzip.decompress(packed.content) == plain.content
            assert packed["ETag"] == "W/" + plain["ETag"]
            assert "Accept-Encoding" in packed["Vary"]
        for etag in (plain["ETag"], packed["ETag"], f'"other", {packed["ETag"]}'):
            again = self.client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
            assert (again.status_code, again.content) == (304, b"")
        other = self.client.get(url, headers={"If-None-Match": '"other"'})
        assert other.status_code == 200
        assert other.json()["count"] == 6

    def test_table_list(self) -> None:
        data = self.client.get("/api/v1/releases/2/tables/").json()
        assert data["count"] == 1
        assert data["results"][0]["url"] == "/api/v1/releases/2/tables/quarter_by_province/"
        assert data["results"][0]["rows"] == 6

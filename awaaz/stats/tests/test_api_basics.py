"""The JSON API: JSON errors for bad input, pagination limits, ETag/304, CORS, rate limit."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.test import TestCase, override_settings

from awaaz.evidence.models import AreaLevel, FigureUnit, OfficialFigure
from awaaz.stats.api import MAX_PAGE_SIZE


def figure(**overrides: Any) -> OfficialFigure:
    data: dict[str, Any] = {
        "source": "Cruel Numbers 2018",
        "publisher": "Sahil",
        "area_level": AreaLevel.NATIONAL,
        "period_start": datetime.date(2018, 1, 1),
        "period_end": datetime.date(2018, 12, 31),
        "category": "child abuse cases",
        "definition": "Cases reported in 84 newspapers; children up to 18.",
        "value": Decimal("3832"),
        "unit": FigureUnit.CASES,
    }
    data.update(overrides)
    return OfficialFigure.objects.create(**data)


class ApiTestCase(TestCase):
    def setUp(self) -> None:
        cache.clear()

    def assert_error(self, response: Any, status: int, code: str) -> dict[str, Any]:
        assert response.status_code == status, response.content
        assert response["Content-Type"] == "application/json"
        error: dict[str, Any] = response.json()["error"]
        assert error["code"] == code
        assert error["message"]
        return error


class OfficialFiguresTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        figure()
        figure(
            source="Cruel Numbers 2017",
            period_start=datetime.date(2017, 1, 1),
            period_end=datetime.date(2017, 12, 31),
            value=Decimal("3445"),
        )
        figure(
            publisher="HRCP",
            source="State of Human Rights 2024",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            category="reported rapes",
            value=Decimal("4175"),
        )

    def test_lists_figures_with_source_and_licence(self) -> None:
        response = self.client.get("/api/v1/official-figures/")
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == 3
        assert data["meta"]["licence"]["id"] == "CC-BY-4.0"
        values = sorted(float(row["value"]) for row in data["rows"])
        assert values == [3445.0, 3832.0, 4175.0]

    def test_filters_by_publisher_and_year(self) -> None:
        data = self.client.get("/api/v1/official-figures/?publisher=Sahil&year=2018").json()
        assert data["count"] == 1
        assert data["rows"][0]["source"] == "Cruel Numbers 2018"
        assert data["filters"] == {"publisher": "Sahil", "year": "2018"}

    def test_unknown_publisher_is_a_clear_400(self) -> None:
        error = self.assert_error(
            self.client.get("/api/v1/official-figures/?publisher=Nobody"), 400, "invalid_filter"
        )
        assert "publisher" in error["message"]

    def test_malformed_year_is_400(self) -> None:
        self.assert_error(
            self.client.get("/api/v1/official-figures/?year=20x8"), 400, "invalid_filter"
        )

    def test_unknown_parameter_is_400(self) -> None:
        self.assert_error(
            self.client.get("/api/v1/official-figures/?publsher=Sahil"), 400, "unknown_parameter"
        )

    def test_pagination_and_its_maximum(self) -> None:
        data = self.client.get("/api/v1/official-figures/?page_size=2").json()
        assert (data["count"], data["pages"], len(data["rows"])) == (3, 2, 2)
        assert "page=2" in data["next"]
        second = self.client.get(data["next"]).json()
        assert len(second["rows"]) == 1
        assert second["next"] is None
        self.assert_error(
            self.client.get(f"/api/v1/official-figures/?page_size={MAX_PAGE_SIZE + 1}"),
            400,
            "page_size_too_large",
        )
        self.assert_error(
            self.client.get("/api/v1/official-figures/?page_size=99999999999999999999"),
            400,
            "invalid_parameter",
        )
        for bad in ("0", "-1", "abc", "1.5", "", "١"):
            with self.subTest(page=bad):
                self.assert_error(
                    self.client.get("/api/v1/official-figures/", {"page": bad}),
                    400,
                    "invalid_parameter",
                )
        self.assert_error(
            self.client.get("/api/v1/official-figures/?page=3&page_size=2"), 404, "page_not_found"
        )

    def test_repeated_parameter_is_400(self) -> None:
        self.assert_error(
            self.client.get("/api/v1/official-figures/?page=1&page=2"), 400, "repeated_parameter"
        )

    def test_etag_gives_304_and_changes_with_the_data(self) -> None:
        first = self.client.get("/api/v1/official-figures/")
        etag = first["ETag"]
        assert "max-age" in first["Cache-Control"]
        again = self.client.get("/api/v1/official-figures/", headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        figure(
            publisher="SSDO",
            source="Police data 2024",
            value=Decimal("5339"),
            category="rapes",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
        )
        changed = self.client.get("/api/v1/official-figures/", headers={"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed["ETag"] != etag

    def test_cors_is_open_for_reads(self) -> None:
        response = self.client.get(
            "/api/v1/official-figures/", headers={"Origin": "https://example.org"}
        )
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        preflight = self.client.options("/api/v1/official-figures/")
        assert preflight.status_code == 204
        assert "GET" in preflight["Access-Control-Allow-Methods"]

    def test_writes_are_refused_in_json(self) -> None:
        response = self.client.post("/api/v1/official-figures/", {"value": "1"})
        self.assert_error(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"]


class ReleaseErrorsTests(ApiTestCase):
    def test_unknown_release_is_a_json_404(self) -> None:
        self.assert_error(self.client.get("/api/v1/releases/1999.9/"), 404, "release_not_found")
        self.assert_error(
            self.client.get("/api/v1/releases/1999.9/tables/x/"), 404, "release_not_found"
        )

    def test_index_and_openapi(self) -> None:
        index = self.client.get("/api/v1/").json()
        assert index["openapi"] == "/api/v1/openapi.json"
        spec = self.client.get("/api/v1/openapi.json").json()
        assert spec["openapi"] == "3.0.3"
        assert "/releases/{version}/tables/{slug}/" in spec["paths"]


@override_settings(AWAAZ_API_RATE_PER_MINUTE=3)
class RateLimitTests(ApiTestCase):
    def test_a_client_over_the_limit_gets_429_with_retry_after(self) -> None:
        for _ in range(3):
            assert self.client.get("/api/v1/").status_code == 200
        response = self.client.get("/api/v1/")
        self.assert_error(response, 429, "rate_limited")
        assert response["Retry-After"] == "60"
        other = self.client.get("/api/v1/", REMOTE_ADDR="192.0.2.9")
        assert other.status_code == 200

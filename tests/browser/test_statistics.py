"""The statistics pages in Chromium: charts and the map in English and Urdu, and the estimate
form working with JavaScript turned off and stating its assumption.

The live server starts empty, so each session publishes one small fictional release into the
server's own database (through `awaaz shell`) before the pages are opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer, Watched
from tests.browser.test_pages import assert_clean, open_page

pytestmark = pytest.mark.browser

# A fictional published release: national totals for three years, and provinces for the last.
SEED = """
from django.utils import timezone
from awaaz.stats.models import PublishedTable, Release, ReleaseStatus
def cell(year, province, value, display=None):
    return {"stream": "*", "year": year, "province": province, "quarter": "*", "value": value,
            "suppressed": value is None, "display": display or f"{value:,}"}
release, _ = Release.objects.get_or_create(version=900, defaults={
    "status": ReleaseStatus.PUBLISHED, "published_at": timezone.now()})
PublishedTable.objects.get_or_create(release=release, key="quarter_by_province", defaults={
    "dimensions": ["stream", "year", "province", "quarter"], "row_dimension": "province",
    "column_dimension": "quarter", "cells": [
        cell(2022, "*", 1460), cell(2023, "*", 2920), cell(2024, "*", 4380),
        cell(2024, "PK-PB", 3100), cell(2024, "PK-SD", 900), cell(2024, "PK-KP", 370),
        cell(2024, "PK-BA", None, "<10")]})
"""


@pytest.fixture(scope="module")
def seeded(live: LiveServer) -> LiveServer:
    live.manage("shell", "-c", SEED)
    return live


@pytest.fixture
def no_script_page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, base_url=live_url, service_workers="block"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_statistics_page_shows_the_chart_and_the_map_with_their_tables(
    seeded: LiveServer, watched: Watched, live_url: str, artifacts: Path, language: str
) -> None:
    page = watched.page
    open_page(watched, f"/{language}/statistics/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    chart = page.locator('svg[role="img"][aria-labelledby="trend-title trend-desc"]')
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None
    assert 200 < box["width"] <= PHONE["width"]
    assert page.locator("#trend-table tbody tr").count() == 3
    assert page.locator("svg.awaaz-map").is_visible()
    assert page.locator("#provinces-table").is_visible()
    assert "4,380" in page.locator(".headline").inner_text()
    if language == "ur":
        assert "ریکارڈ پر" in page.locator("h2#headline-h").inner_text()
    else:
        assert page.locator("h2#headline-h").inner_text() == "On record in 2024"
    page.screenshot(path=str(artifacts / f"statistics-{language}.png"), full_page=True)
    # The downloads are real files from this server.
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        response = page.request.get(f"/{language}/statistics/charts/trend.{fmt}")
        assert response.status == 200
        assert response.headers["content-type"] == kind
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_clean(watched, live_url)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_estimate_form_works_without_javascript_and_states_its_assumption(
    no_script_page: Any, artifacts: Path, language: str
) -> None:
    page = no_script_page
    page.goto(f"/{language}/statistics/estimate/", wait_until="load")
    page.locator("#id_kind_1").check()  # a range
    page.locator("#id_low").fill("5")
    page.locator("#id_high").fill("20")
    page.locator("#id_observed").fill("4175")
    page.locator('#scenario-form button[type="submit"]').click()
    page.wait_for_load_state("load")
    assert "kind=range" in page.url
    result = page.locator("section.scenario").inner_text()
    if language == "en":
        assert "Scenario" in result
        assert "between 5% and 20% of incidents are reported" in result
        assert "About 33," in result
    else:
        assert "منظرنامہ" in result
        assert "5% سے 20%" in result
    page.screenshot(path=str(artifacts / f"estimate-{language}.png"), full_page=True)

    # An impossible rate is refused with an explanation, and no scenario is shown.
    page.locator("#id_kind_0").check()
    page.locator("#id_rate").fill("0")
    page.locator('#scenario-form button[type="submit"]').click()
    page.wait_for_load_state("load")
    assert page.locator("section.scenario").count() == 0
    errors = page.locator(".errors").inner_text()
    assert ("impossible" in errors) if language == "en" else ("ناممکن" in errors)

"""The SVG map renderer: classes, legend, table, no-data, hex layout and outlines.

These tests need no database: the renderer takes plain data.
"""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from awaaz.places import maps
from awaaz.places.maps import MapArea, MapGeography

SVG = "{http://www.w3.org/2000/svg}"


def _geo() -> MapGeography:
    provinces = (
        MapArea("PK-AA", "Alpha", "PK-AA", "Alpha", url="/p/alpha/"),
        MapArea("PK-BB", "Beta", "PK-BB", "Beta", url="/p/beta/"),
    )
    districts = (
        MapArea("aa-one", "One", "PK-AA", "Alpha", 31.5, 74.3, "/d/one/"),
        MapArea("aa-two", "Two", "PK-AA", "Alpha", 30.2, 71.5, "/d/two/"),
        MapArea("aa-three", "Three", "PK-AA", "Alpha", 32.1, 72.7, "/d/three/"),
        MapArea("bb-four", "Four", "PK-BB", "Beta", 25.4, 68.4, "/d/four/"),
        MapArea("bb-five", "Five", "PK-BB", "Beta", 24.9, 67.0, "/d/five/"),
        MapArea("bb-six", "Six", "PK-BB", "Beta", 27.7, 68.9, ""),
    )
    return MapGeography(provinces, districts)


VALUES = {
    "aa-one": 11_000_000,
    "aa-two": 2_000_000,
    "aa-three": 600_000,
    "bb-four": 0,
    "bb-five": 16_000_000,
    # bb-six has no figure
}


def _areas(svg: str) -> dict[str, ET.Element]:
    """Each linked area of the SVG by its href, and the unlinked ones by their title."""
    root = ET.fromstring(str(svg))  # noqa: S314 - our own renderer's output, not untrusted
    found = {}
    for element in root.iter():
        if element.tag in (f"{SVG}a", f"{SVG}g"):
            title = element.find(f"{SVG}title")
            key = element.get("href") or (title.text if title is not None else "")
            found[key or ""] = element
    return found


def _shape(area: ET.Element) -> ET.Element:
    return next(c for c in area if c.tag in (f"{SVG}use", f"{SVG}path", f"{SVG}circle"))


def test_the_largest_value_gets_the_darkest_class_and_the_smallest_the_lightest() -> None:
    m = maps.district_choropleth(_geo(), VALUES, title="People", value_label="Population")
    areas = _areas(m.svg)
    assert _shape(areas["/d/five/"]).get("class") == "q5"
    assert _shape(areas["/d/three/"]).get("class") == "q1"
    assert _shape(areas["/d/four/"]).get("class") == "zero"
    assert _shape(areas["Six, Beta"]).get("class") == "nodata"


def test_no_data_is_drawn_and_labelled_differently_from_zero() -> None:
    m = maps.district_choropleth(_geo(), VALUES, title="People", value_label="Population")
    areas = _areas(m.svg)
    zero, missing = _shape(areas["/d/four/"]), _shape(areas["Six, Beta"])
    assert missing.get("fill") == "url(#map-nd)"  # the hatch
    assert zero.get("fill") is None  # a flat colour from the stylesheet
    labels = {e.css: e.label for e in m.legend}
    assert labels["zero"] == "0"
    assert labels["nodata"] == "no data"
    rows = {r.code: r for r in m.rows}
    assert (rows["bb-four"].display, rows["bb-six"].display) == ("0", "no data")


def test_legend_and_table_agree() -> None:
    m = maps.district_choropleth(_geo(), VALUES, title="People", value_label="Population")
    legend = {e.css: e for e in m.legend}
    for row in m.rows:
        assert row.class_label == legend[row.css].label
    for entry in m.legend:
        assert entry.count == sum(1 for r in m.rows if r.css == entry.css)
    # Every area drawn has a row, and every row with a page links to it.
    assert {r.url for r in m.rows if r.url} == {k for k in _areas(m.svg) if k.startswith("/")}


def test_each_area_has_a_title_and_a_description_with_its_value() -> None:
    m = maps.district_choropleth(_geo(), VALUES, title="People", value_label="Population")
    area = _areas(m.svg)["/d/one/"]
    assert area.find(f"{SVG}title").text == "One, Alpha"  # type: ignore[union-attr]
    assert area.find(f"{SVG}desc").text == "Population: 11,000,000"  # type: ignore[union-attr]


def test_class_ranges_cover_the_values_in_order() -> None:
    breaks = maps.class_breaks([1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000])
    assert breaks == sorted(breaks)
    assert len(breaks) == 4
    assert maps.class_breaks([7, 7, 7]) == []  # one distinct value, one class


def test_names_are_escaped_in_the_svg() -> None:
    geo = MapGeography(
        (MapArea("PK-AA", "A", "PK-AA", "A"),),
        (MapArea("x", "<script>alert(1)</script>", "PK-AA", "A", 30, 70, '/d/"x"/'),),
    )
    m = maps.district_choropleth(geo, {"x": 1}, title="T & U", value_label="V")
    assert "<script>" not in m.svg
    assert "&lt;script&gt;" in m.svg
    ET.fromstring(str(m.svg))  # noqa: S314 - our own output; still well-formed


def test_numbers_follow_the_language() -> None:
    with translation.override("ur"):
        m = maps.district_choropleth(_geo(), VALUES, title="T", value_label="V")
    rows = {r.code: r for r in m.rows}
    assert rows["aa-one"].display == "1,10,00,000"  # lakh and crore grouping


def test_province_choropleth_colours_each_provinces_tiles_alike() -> None:
    m = maps.province_choropleth(_geo(), {"PK-AA": 5, "PK-BB": None}, title="T", value_label="V")
    areas = _areas(m.svg)
    alpha = [u.get("class") for u in areas["/p/alpha/"].iter(f"{SVG}use")]
    beta = [u.get("class") for u in areas["/p/beta/"].iter(f"{SVG}use")]
    assert len(alpha) == 3
    assert set(alpha) == {alpha[0]}
    assert str(alpha[0]).startswith("q")
    assert beta == ["nodata"] * 3
    assert [r.code for r in m.rows] == ["PK-AA", "PK-BB"]
    assert m.level == "province"


def test_proportional_symbols_have_area_proportional_to_value() -> None:
    assert maps.symbol_radius(400, 400) == pytest.approx(2 * maps.symbol_radius(100, 400))
    m = maps.proportional_symbols(_geo(), VALUES, title="T", value_label="V")
    areas = _areas(m.svg)
    r_five = float(_shape(areas["/d/five/"]).get("r") or 0)
    r_two = float(_shape(areas["/d/two/"]).get("r") or 0)
    assert r_five**2 / r_two**2 == pytest.approx(16 / 2, rel=0.05)
    kinds = {e.kind for e in m.legend}
    assert {maps.ClassKind.SYMBOL, maps.ClassKind.ZERO, maps.ClassKind.NO_DATA} <= kinds


def test_hex_layout_gives_every_district_its_own_cell_near_its_place() -> None:
    rng = random.Random(7)
    sites = tuple(
        (f"d{i}", f"P{i % 7}", rng.uniform(66.0, 75.0), rng.uniform(24.5, 36.0)) for i in range(170)
    )
    cells = maps.hex_layout(sites)
    assert len(cells) == 170
    assert len(set(cells.values())) == 170
    assert maps.hex_layout(sites) == cells  # deterministic
    spacing = maps.HEX_RADIUS * math.sqrt(3)
    for code, _province, lon, lat in sites:
        distance = math.dist(maps.project(lon, lat), maps.cell_centre(cells[code]))
        assert distance < 6 * spacing


def test_a_district_without_a_position_is_listed_not_drawn() -> None:
    geo = MapGeography(
        (MapArea("PK-AA", "A", "PK-AA", "A"),),
        (MapArea("x", "Nowhere", "PK-AA", "A", None, None, "/d/x/"),),
    )
    m = maps.district_choropleth(geo, {"x": 3}, title="T", value_label="V")
    assert m.not_drawn == ("Nowhere",)
    assert [r.code for r in m.rows] == ["x"]


def test_real_outlines_replace_the_tiles_when_every_area_has_one() -> None:
    square = maps.rings_to_path([[(70, 30), (71, 30), (71, 31), (70, 31), (70, 30)]])
    assert square.startswith("M")
    assert square.endswith("z")
    outlines = {d.code: square for d in _geo().districts}
    geo = _geo()
    geo = MapGeography(geo.provinces, geo.districts, {}, outlines, ("Test source (CC0)",))
    m = maps.district_choropleth(geo, VALUES, title="T", value_label="V")
    assert not m.schematic
    assert m.attributions == ("Test source (CC0)",)
    assert _shape(_areas(m.svg)["/d/five/"]).get("d") == square
    # One outline missing: the whole map falls back to the honest tiles.
    partial = MapGeography(geo.provinces, geo.districts, {}, {"aa-one": square})
    assert maps.district_choropleth(partial, VALUES, title="T", value_label="V").schematic


def test_rings_too_small_for_the_map_are_dropped() -> None:
    tiny = [(70.0, 30.0), (70.001, 30.0), (70.001, 30.001), (70.0, 30.0)]
    assert maps.rings_to_path([tiny]) == ""

"""Charts drawn on the server: accessible SVG with a table alternative; a PNG with the source."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from PIL import Image

from awaaz.stats.charts import (
    Chart,
    Series,
    bar_chart,
    chart_png,
    line_chart,
    nice_step,
    png_can_shape_urdu,
    standalone_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def sahil_chart() -> Chart:
    return bar_chart(
        title="Children's cases by sex, Sahil",
        description="In 2018 boys (2,094) outnumbered girls (1,738).",
        categories=["2017", "2018"],
        series=[Series("Girls", (2077, 1738)), Series("Boys", (1368, 2094))],
        value_label="cases",
        source="Sahil, Cruel Numbers 2017 and 2018",
        id_prefix="sahil",
    )


def test_svg_has_a_title_a_description_and_the_source_and_no_style() -> None:
    chart = sahil_chart()
    svg = str(chart.svg)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "sahil-title sahil-desc"
    assert root.find(f"{SVG}title").text == "Children's cases by sex, Sahil"  # type: ignore[union-attr]
    assert "boys (2,094)" in root.find(f"{SVG}desc").text  # type: ignore[union-attr, operator]
    assert "Source: Sahil, Cruel Numbers 2017 and 2018" in svg
    assert "style" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Four bars, the tallest one the boys of 2018.
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("stroke") == "none"]
    assert len(bars) == 4
    heights = [float(r.get("height", 0)) for r in bars]
    assert max(heights) == heights[3]


def test_table_alternative_has_every_value_and_marks_unpublished_ones() -> None:
    chart = line_chart(
        title="Incidents on record",
        description="By year.",
        categories=["2022", "2023", "2024"],
        series=[Series("News", (1200, None, 7))],
        value_label="incidents",
        source="Awaaz release 3",
    )
    assert [(r.category, r.cells) for r in chart.rows] == [
        ("2022", ("1,200",)),
        ("2023", ("not published",)),
        ("2024", ("7",)),
    ]
    # A gap is not bridged: each published point is its own run.
    svg = str(chart.svg)
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 2


def test_text_is_escaped() -> None:
    chart = line_chart(
        title="<script>x</script>",
        description="a & b",
        categories=["<b>"],
        series=[Series("s", (1,))],
        value_label="v",
        source="s",
    )
    svg = str(chart.svg)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg


def test_urdu_chart_is_labelled_in_urdu_and_right_to_left() -> None:
    with translation.override("ur"):
        chart = line_chart(
            title="ریکارڈ پر واقعات",
            description="سال بہ سال",
            categories=["2023", "2024"],
            series=[Series("خبریں", (10, 12))],
            value_label="واقعات",
            source="آواز",
        )
        svg = str(chart.svg)
    assert "ریکارڈ پر واقعات" in svg
    assert 'text-anchor="end"' in svg


@pytest.mark.parametrize(
    ("values", "message"),
    [((1, 2), "values for"), ((-1,), "not negative"), ((float("nan"),), "not negative")],
)
def test_bad_series_are_refused(values: tuple[float, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        line_chart(
            title="t",
            description="d",
            categories=["a"],
            series=[Series("s", values)],
            value_label="v",
            source="s",
        )


def test_gridline_steps_are_round() -> None:
    assert nice_step(2094) == 500
    assert nice_step(41_750) == 10_000
    assert nice_step(0) == 1


def test_png_is_a_real_image_of_the_chart_size() -> None:
    data = chart_png(sahil_chart(), scale=1)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (640, 360)
    # The bars are drawn in the palette's blue and orange.
    colours = {c for _, c in image.getcolors(maxcolors=100_000) or []}
    assert (0x00, 0x72, 0xB2) in colours
    assert (0xD5, 0x5E, 0x00) in colours


def test_png_in_urdu_draws_when_urdu_can_be_shaped() -> None:
    if not png_can_shape_urdu():
        pytest.skip("no libraqm or no Naskh font: the PNG is drawn in English")
    with translation.override("ur"):
        chart = line_chart(
            title="ریکارڈ پر واقعات",
            description="سال بہ سال",
            categories=["2023", "2024"],
            series=[Series("خبریں", (10, 12))],
            value_label="واقعات",
            source="آواز",
        )
        data = chart_png(chart, scale=1)
    assert Image.open(io.BytesIO(data)).size == (640, 360)


def test_standalone_svg_is_a_file() -> None:
    data = standalone_svg(sahil_chart())
    assert data.startswith(b"<?xml")
    assert re.search(rb"<svg [^>]*xmlns=", data)

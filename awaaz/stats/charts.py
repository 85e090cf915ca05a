"""Charts drawn on the server: accessible SVG for the page and for download, and the same as PNG.

    chart = line_chart(title=..., description=..., categories=["2022", "2023"],
                       series=[Series(label=..., values=(12, None))], value_label=..., source=...)
    chart.svg         # safe markup: role="img", <title>, <desc>, the source line drawn in
    chart.rows        # the table alternative: one row per category, one column per series
    chart_png(chart)  # bytes of a PNG with the same bars or lines, title and source line

A value of None is "not published" (suppressed or no data): it is left out of the drawing, shown
as a gap, and written "not published" in the table, never as zero. Colours are SVG presentation
attributes (allowed by the Content Security Policy, unlike style attributes) so a downloaded SVG
looks the same outside the site. Labels are whatever the caller passes, in the active language.
"""

from __future__ import annotations

import enum
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 48, 72
# Okabe–Ito: distinguishable with the common colour-blindnesses and in greyscale print.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
INK, MUTED, GRID = "#1d1b22", "#57515f", "#ddd6e3"
SVG_FONTS = "system-ui, 'Noto Naskh Arabic', 'Noto Sans', sans-serif"

# Debian's fonts-noto-core: Naskh shapes Urdu legibly at chart sizes with libraqm (Nastaliq's
# tall ascenders collide at 13 px). If neither file exists the PNG is drawn in English.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
)
LATIN_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)


class ChartKind(enum.StrEnum):
    LINE = "line"
    BAR = "bar"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class TableRow:
    category: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_label: str
    source: str
    id_prefix: str

    @property
    def step(self) -> float:
        values = [v for s in self.series for v in s.values if v is not None]
        return nice_step(max(values, default=0.0))

    @property
    def top(self) -> float:
        values = [v for s in self.series for v in s.values if v is not None]
        step = self.step
        return step * max(1, math.ceil(max(values, default=0.0) / step))

    @property
    def ticks(self) -> list[float]:
        step = self.step
        return [step * i for i in range(round(self.top / step) + 1)]

    @property
    def rows(self) -> tuple[TableRow, ...]:
        return tuple(
            TableRow(
                category=category,
                cells=tuple(format_value(s.values[i]) for s in self.series),
            )
            for i, category in enumerate(self.categories)
        )

    @property
    def svg(self) -> SafeString:
        return render_svg(self)


def nice_step(value: float) -> float:
    """A gridline step of 1, 2, 2.5 or 5 × 10^k giving at most six intervals up to `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** (math.floor(math.log10(value)) - 1)
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0):
        if math.ceil(value / (factor * magnitude)) <= 6:
            return factor * magnitude
    return 100.0 * magnitude  # pragma: no cover - 100 × magnitude always gives at most 6


def format_value(value: float | None) -> str:
    if value is None:
        return _("not published")
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=1, force_grouping=True)


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("a chart needs at least one series")
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(f"series {s.label!r} has {len(s.values)} values for {len(categories)}")
        if any(v is not None and (v < 0 or not math.isfinite(v)) for v in s.values):
            raise ValueError("chart values must be finite and not negative")


def line_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: str,
    source: str,
    id_prefix: str = "chart",
) -> Chart:
    """A line per series over ordered categories (years, quarters)."""
    _check(categories, series)
    return Chart(
        ChartKind.LINE,
        title,
        description,
        tuple(categories),
        tuple(series),
        value_label,
        source,
        id_prefix,
    )


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: str,
    source: str,
    id_prefix: str = "chart",
) -> Chart:
    """Grouped vertical bars: one group per category, one bar per series."""
    _check(categories, series)
    return Chart(
        ChartKind.BAR,
        title,
        description,
        tuple(categories),
        tuple(series),
        value_label,
        source,
        id_prefix,
    )


# --- Geometry shared by SVG and PNG -------------------------------------------------------------
@dataclass(frozen=True)
class _Mark:
    series: int
    category: int
    x: float
    y: float
    width: float  # bars only
    height: float  # bars only


def _plot_width() -> float:
    return WIDTH - LEFT - RIGHT


def _plot_height() -> float:
    return HEIGHT - TOP - BOTTOM


def _y(chart: Chart, value: float) -> float:
    return TOP + _plot_height() * (1 - value / chart.top)


def _category_x(chart: Chart, index: int) -> float:
    """The centre of a category's slot."""
    slot = _plot_width() / max(1, len(chart.categories))
    return LEFT + slot * (index + 0.5)


def _marks(chart: Chart) -> list[_Mark]:
    marks = []
    slot = _plot_width() / max(1, len(chart.categories))
    bar = slot * 0.8 / len(chart.series)
    for s_index, s in enumerate(chart.series):
        for c_index, value in enumerate(s.values):
            if value is None:
                continue
            centre = _category_x(chart, c_index)
            y = _y(chart, value)
            if chart.kind is ChartKind.BAR:
                x = centre - slot * 0.4 + bar * s_index
                marks.append(_Mark(s_index, c_index, x, y, bar, TOP + _plot_height() - y))
            else:
                marks.append(_Mark(s_index, c_index, centre, y, 0, 0))
    return marks


def _n(value: float) -> str:
    """A coordinate with one decimal, locale-independent (SVG needs a dot)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _line_runs(chart: Chart, marks: list[_Mark], s_index: int) -> list[list[_Mark]]:
    """A series' points split at gaps, so a missing year is not bridged by a line."""
    runs: list[list[_Mark]] = []
    previous = -2
    for mark in (m for m in marks if m.series == s_index):
        if mark.category != previous + 1:
            runs.append([])
        runs[-1].append(mark)
        previous = mark.category
    return runs


# --- SVG ----------------------------------------------------------------------------------------
def render_svg(chart: Chart) -> SafeString:
    p = escape(chart.id_prefix)
    rtl = get_language_bidi()
    anchor_start, anchor_end = ("end", "start") if rtl else ("start", "end")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{p}-title {p}-desc" class="chart" '
        f'font-family="{SVG_FONTS}" font-size="13">',
        f'<title id="{p}-title">{escape(chart.title)}</title>',
        f'<desc id="{p}-desc">{escape(chart.description)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2:g}" y="22" text-anchor="middle" font-size="15" font-weight="700" '
        f'fill="{INK}">{escape(chart.title)}</text>',
    ]
    for tick in chart.ticks:
        y = _n(_y(chart, tick))
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y}" dy="4" text-anchor="end" fill="{MUTED}">'
            f"{escape(format_value(tick))}</text>"
        )
    base = _n(TOP + _plot_height())
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    for index, category in enumerate(chart.categories):
        out.append(
            f'<text x="{_n(_category_x(chart, index))}" y="{_n(TOP + _plot_height() + 18)}" '
            f'text-anchor="middle" fill="{INK}">{escape(category)}</text>'
        )
    marks = _marks(chart)
    for s_index, s in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        out.append(f'<g fill="{colour}" stroke="{colour}"><title>{escape(s.label)}</title>')
        if chart.kind is ChartKind.BAR:
            for m in (m for m in marks if m.series == s_index):
                out.append(
                    f'<rect x="{_n(m.x)}" y="{_n(m.y)}" width="{_n(m.width)}" '
                    f'height="{_n(m.height)}" stroke="none"/>'
                )
        else:
            for run in _line_runs(chart, marks, s_index):
                points = " ".join(f"{_n(m.x)},{_n(m.y)}" for m in run)
                out.append(f'<polyline points="{points}" fill="none" stroke-width="2.5"/>')
                out.extend(f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="3.5"/>' for m in run)
        out.append("</g>")
    # Legend (one line) and the source line, both inside the image so a download keeps them.
    legend_y = HEIGHT - 30
    x: float = WIDTH - RIGHT if rtl else LEFT
    for s_index, s in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        box_x = x - 12 if rtl else x
        text_x = x - 16 if rtl else x + 16
        out.append(
            f'<rect x="{_n(box_x)}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{_n(text_x)}" y="{legend_y}" text-anchor="{anchor_start}" '
            f'fill="{INK}">{escape(s.label)}</text>'
        )
        step = 28 + 7.5 * len(s.label)
        x = x - step if rtl else x + step
    out.append(
        f'<text x="{WIDTH - RIGHT if rtl else LEFT}" y="{HEIGHT - 8}" '
        f'text-anchor="{anchor_start}" font-size="11" fill="{MUTED}">'
        f"{escape(_('Source: %(source)s') % {'source': chart.source})}</text>"
    )
    out.append(
        f'<text x="{LEFT if rtl else WIDTH - RIGHT}" y="{TOP - 10}" '
        f'text-anchor="{anchor_end}" font-size="11" fill="{MUTED}">'
        f"{escape(chart.value_label)}</text>"
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def standalone_svg(chart: Chart) -> bytes:
    """The chart as a file of its own (XML declaration, same drawing)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(chart.svg) + "\n").encode()


# --- PNG ----------------------------------------------------------------------------------------
def _first_existing(paths: Sequence[str]) -> str | None:
    return next((path for path in paths if Path(path).exists()), None)


def png_can_shape_urdu() -> bool:
    """Whether Pillow has libraqm and an Urdu-capable font, so Urdu text can go in a PNG."""
    from PIL import features

    return bool(features.check("raqm")) and _first_existing(FONT_CANDIDATES) is not None


def _is_arabic_script(value: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufefc" for ch in value)


def chart_png(chart: Chart, *, scale: int = 2) -> bytes:
    """The chart as a PNG drawn with Pillow (no browser, nothing fetched), with its source line.

    Each string gets one font: Naskh, shaped right to left by libraqm, when it holds Urdu;
    otherwise DejaVu Sans (Naskh has no Latin letters). Latin words inside an Urdu string would
    therefore miss glyphs: callers that cannot shape Urdu (`png_can_shape_urdu`) or have such
    strings should build the chart under English.
    """
    from PIL import Image, ImageDraw, ImageFont

    urdu_path = _first_existing(FONT_CANDIDATES) if png_can_shape_urdu() else None
    latin_path = _first_existing(LATIN_FONT_CANDIDATES)
    rtl = get_language_bidi()

    @lru_cache(maxsize=8)
    def font(size: int, urdu: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if urdu and urdu_path:
            return ImageFont.truetype(urdu_path, size * scale, layout_engine=ImageFont.Layout.RAQM)
        if latin_path:
            return ImageFont.truetype(latin_path, size * scale)
        return ImageFont.load_default(size * scale)

    def s(value: float) -> float:
        return value * scale

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    small, normal, big = 11, 12, 15

    def text(xy: tuple[float, float], value: str, size: int, fill: str, anchor: str) -> None:
        urdu = _is_arabic_script(value) and urdu_path is not None
        kwargs: dict[str, object] = {"anchor": anchor, "fill": fill, "font": font(size, urdu)}
        if urdu:
            kwargs["direction"] = "rtl"
        draw.text((s(xy[0]), s(xy[1])), value, **kwargs)  # type: ignore[arg-type]

    text((WIDTH / 2, 22), chart.title, big, INK, "ms")
    for tick in chart.ticks:
        y = _y(chart, tick)
        draw.line([(s(LEFT), s(y)), (s(WIDTH - RIGHT), s(y))], fill=GRID, width=scale)
        text((LEFT - 6, y + 4), format_value(tick), normal, MUTED, "rs")
    base = TOP + _plot_height()
    draw.line([(s(LEFT), s(base)), (s(WIDTH - RIGHT), s(base))], fill=INK, width=scale)
    for index, category in enumerate(chart.categories):
        text((_category_x(chart, index), base + 18), category, normal, INK, "ms")
    marks = _marks(chart)
    for s_index in range(len(chart.series)):
        colour = PALETTE[s_index % len(PALETTE)]
        if chart.kind is ChartKind.BAR:
            for m in (m for m in marks if m.series == s_index):
                draw.rectangle([s(m.x), s(m.y), s(m.x + m.width), s(base)], fill=colour)
        else:
            for run in _line_runs(chart, marks, s_index):
                if len(run) > 1:
                    draw.line([(s(m.x), s(m.y)) for m in run], fill=colour, width=3 * scale)
                for m in run:
                    r = 3.5
                    draw.ellipse([s(m.x - r), s(m.y - r), s(m.x + r), s(m.y + r)], fill=colour)
    x: float = WIDTH - RIGHT if rtl else LEFT
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        box_x = x - 12 if rtl else x
        draw.rectangle([s(box_x), s(HEIGHT - 40), s(box_x + 12), s(HEIGHT - 28)], fill=colour)
        text(
            (x - 16 if rtl else x + 16, HEIGHT - 30),
            series.label,
            normal,
            INK,
            "rs" if rtl else "ls",
        )
        step = 28 + 7.5 * len(series.label)
        x = x - step if rtl else x + step
    source = _("Source: %(source)s") % {"source": chart.source}
    text((WIDTH - RIGHT if rtl else LEFT, HEIGHT - 8), source, small, MUTED, "rs" if rtl else "ls")
    text(
        (LEFT if rtl else WIDTH - RIGHT, TOP - 10),
        chart.value_label,
        small,
        MUTED,
        "ls" if rtl else "rs",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

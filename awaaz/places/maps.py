"""Maps of Pakistan drawn on the server as inline SVG: no tiles, no JavaScript, nothing fetched.

The public API is three functions and the types they take and return:

    geo = awaaz.places.selectors.map_geography()          # areas, positions, outlines
    m = district_choropleth(geo, {"is-islamabad": 12, ...}, title=..., value_label=...)
    m = province_choropleth(geo, {"PK-PB": 40, ...}, title=..., value_label=...)
    m = proportional_symbols(geo, {"is-islamabad": 12, ...}, title=..., value_label=...)

Each returns a `RenderedMap`: `svg` (safe markup to put in a page), `legend` (the classes, in
order) and `rows` (the table alternative, one row per area, in the same classes as the map).
`{% include "places/_map.html" with map=m %}` shows all three. A value of None, or a code absent
from the mapping, is "no data", which is drawn differently from zero.

Districts are drawn from real outlines when every district drawn has one (imported with
`places_import_boundaries`), otherwise as a hexagonal tile map: one equal hexagon per district at
the grid cell nearest its latitude/longitude, grouped and outlined by province. The tile map is
schematic by design, and `RenderedMap.schematic` says so, so the page can tell its readers.

Everything here is a pure function of its arguments (except number formatting, which follows the
active language); the caller reads the database through the selectors.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Number = int | float
Point = tuple[float, float]
Ring = Sequence[Point]

# --- Projection -----------------------------------------------------------------------------
# An equirectangular projection with its standard parallel at 30°N (the middle of Pakistan):
# at this scale it distorts shapes less than a line of a province outline is wide, and it is
# trivial to compute in both directions. Units are SVG user units; the frame holds the whole
# country, Gilgit-Baltistan and Azad Jammu & Kashmir included.
WEST, EAST, NORTH, SOUTH = 60.5, 78.0, 37.2, 23.5
UNITS_PER_DEGREE = 36.0
_COS = math.cos(math.radians(30.0))
WIDTH = round((EAST - WEST) * _COS * UNITS_PER_DEGREE)
HEIGHT = round((NORTH - SOUTH) * UNITS_PER_DEGREE)

# Hexagon "radius" (centre to corner) of the tile map. With ~160 districts this gives cells of
# roughly 1,800 km², small enough that dense Punjab and Khyber Pakhtunkhwa stay near their real
# places, large enough to click on a phone.
HEX_RADIUS = 9.0
_SQRT3 = math.sqrt(3.0)

# Colour classes (ColorBrewer YlGnBu, 5 classes: safe for the common colour-blindnesses and in
# greyscale print). The colours themselves live in static/places/places.css, keyed by class.
MAX_CLASSES = 5
SYMBOL_MAX_RADIUS = 22.0


def project(lon: float, lat: float) -> Point:
    """Longitude/latitude in degrees to (x, y) in the map frame."""
    return ((lon - WEST) * _COS * UNITS_PER_DEGREE, (NORTH - lat) * UNITS_PER_DEGREE)


# --- Inputs and outputs ---------------------------------------------------------------------
@dataclass(frozen=True)
class MapArea:
    """One province or district as the map needs it. `url` is empty when it has no page."""

    code: str
    name: str
    province_code: str
    province_name: str
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""


@dataclass(frozen=True)
class MapGeography:
    """What can be drawn: the areas (in table order) and whatever real outlines exist."""

    provinces: tuple[MapArea, ...]
    districts: tuple[MapArea, ...]
    province_outlines: Mapping[str, str] = field(default_factory=dict)
    district_outlines: Mapping[str, str] = field(default_factory=dict)
    attributions: tuple[str, ...] = ()


class ClassKind(enum.StrEnum):
    VALUE = "value"
    ZERO = "zero"
    NO_DATA = "nodata"
    SYMBOL = "symbol"


@dataclass(frozen=True)
class LegendEntry:
    css: str  # the class on the map, e.g. "q3", "zero", "nodata"
    label: str
    kind: ClassKind
    radius: float = 0.0  # for proportional-symbol entries
    count: int = 0  # areas in this class

    @property
    def box(self) -> str:
        """Size of a small SVG that holds this entry's circle (legend of symbol maps)."""
        return _fmt(_t(2 * self.radius + 2))

    @property
    def viewbox(self) -> str:
        corner = _fmt(_t(-self.radius - 1))
        return f"{corner} {corner} {self.box} {self.box}"


@dataclass(frozen=True)
class TableRow:
    code: str
    name: str
    province_name: str
    value: Number | None
    display: str
    css: str
    class_label: str
    url: str


@dataclass(frozen=True)
class RenderedMap:
    svg: SafeString
    legend: tuple[LegendEntry, ...]
    rows: tuple[TableRow, ...]
    title: str
    value_label: str
    schematic: bool
    attributions: tuple[str, ...]
    id_prefix: str
    level: str  # "province" or "district": what each row of the table is
    not_drawn: tuple[str, ...] = ()  # names of areas with no position and no outline


# --- Classes --------------------------------------------------------------------------------
def _nice(value: float) -> float:
    """Round to two significant figures, so legend breaks read as 1,200,000 not 1,187,433."""
    if value <= 0:
        return value
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return float(round(value / magnitude) * magnitude)


def class_breaks(values: Iterable[Number], classes: int = MAX_CLASSES) -> list[float]:
    """Quantile breaks, rounded to nice numbers: the lower bound of each class after the first.

    Zero and missing values are classes of their own and take no part here.
    """
    positive = sorted(v for v in values if v)
    distinct = sorted(set(positive))
    k = min(classes, len(distinct))
    if k <= 1:
        return []
    breaks: list[float] = []
    for i in range(1, k):
        raw = positive[min(len(positive) - 1, round(i * len(positive) / k))]
        nice = _nice(float(raw))
        if nice > distinct[0] and (not breaks or nice > breaks[-1]) and nice <= distinct[-1]:
            breaks.append(nice)
    return breaks


def _format(value: Number, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _palette_index(j: int, k: int) -> int:
    """Spread k classes over the five colours, keeping the darkest for the highest class."""
    if k <= 1:
        return MAX_CLASSES // 2 + 1
    return 1 + round(j * (MAX_CLASSES - 1) / (k - 1))


@dataclass(frozen=True)
class _Classifier:
    breaks: tuple[float, ...]
    low: float
    high: float
    decimals: int

    def css(self, value: Number | None) -> str:
        if value is None:
            return "nodata"
        if value == 0:
            return "zero"
        j = sum(1 for b in self.breaks if value >= b)
        return f"q{_palette_index(j, len(self.breaks) + 1)}"

    def entries(self, counts: Mapping[str, int]) -> list[LegendEntry]:
        k = len(self.breaks) + 1
        bounds = [self.low, *self.breaks, self.high]
        entries = []
        for j in range(k):
            low, high = _format(bounds[j], self.decimals), _format(bounds[j + 1], self.decimals)
            if k == 1:
                label = (
                    low
                    if bounds[0] == bounds[1]
                    else _("%(low)s to %(high)s")
                    % {
                        "low": low,
                        "high": high,
                    }
                )
            elif j < k - 1:
                label = _("%(low)s to under %(high)s") % {"low": low, "high": high}
            else:
                label = _("%(low)s to %(high)s") % {"low": low, "high": high}
            css = f"q{_palette_index(j, k)}"
            entries.append(LegendEntry(css, label, ClassKind.VALUE, count=counts.get(css, 0)))
        return entries


def _classifier(values: Iterable[Number | None], decimals: int) -> _Classifier | None:
    positive = [v for v in values if v]
    if not positive:
        return None
    return _Classifier(
        tuple(class_breaks(positive)), float(min(positive)), float(max(positive)), decimals
    )


def _special_entries(counts: Mapping[str, int]) -> list[LegendEntry]:
    entries = []
    if counts.get("zero"):
        entries.append(LegendEntry("zero", _format(0, 0), ClassKind.ZERO, count=counts["zero"]))
    if counts.get("nodata"):
        entries.append(
            LegendEntry("nodata", _("no data"), ClassKind.NO_DATA, count=counts["nodata"])
        )
    return entries


# --- Hexagonal tiles ------------------------------------------------------------------------
Cell = tuple[int, int]  # axial coordinates (q, r) of a pointy-top hexagon
# Neighbour of each edge, edge i running from corner i to corner i+1 (corners at 60i-30°).
_EDGE_NEIGHBOURS: tuple[Cell, ...] = ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1))
_CORNERS = tuple(
    (
        HEX_RADIUS * math.cos(math.radians(60 * i - 30)),
        HEX_RADIUS * math.sin(math.radians(60 * i - 30)),
    )
    for i in range(6)
)


def cell_centre(cell: Cell) -> Point:
    q, r = cell
    return (HEX_RADIUS * _SQRT3 * (q + r / 2), HEX_RADIUS * 1.5 * r)


def _cell_at(point: Point) -> Cell:
    x, y = point
    qf = (_SQRT3 / 3 * x - y / 3) / HEX_RADIUS
    rf = (2 / 3 * y) / HEX_RADIUS
    sf = -qf - rf
    q, r, s = round(qf), round(rf), round(sf)
    dq, dr, ds = abs(q - qf), abs(r - rf), abs(s - sf)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return (q, r)


def _ring(cell: Cell, radius: int) -> list[Cell]:
    if radius == 0:
        return [cell]
    q, r = cell[0] + _EDGE_NEIGHBOURS[4][0] * radius, cell[1] + _EDGE_NEIGHBOURS[4][1] * radius
    cells = []
    for direction in range(6):
        dq, dr = _EDGE_NEIGHBOURS[direction]
        for _step in range(radius):
            cells.append((q, r))
            q, r = q + dq, r + dr
    return cells


@lru_cache(maxsize=8)
def hex_layout(sites: tuple[tuple[str, str, float, float], ...]) -> dict[str, Cell]:
    """Give each (code, province code, lon, lat) its own hexagon, as near its place as possible.

    Districts nearest their province's centre are placed first, so that a crowded province
    spills outwards; a free cell next to the same province is preferred to a slightly nearer one
    in another, so that provinces stay in one piece. Deterministic for the same input.
    """
    points = {code: project(lon, lat) for code, _p, lon, lat in sites}
    by_province: dict[str, list[str]] = {}
    for code, province, _lon, _lat in sites:
        by_province.setdefault(province, []).append(code)
    centres = {
        p: (
            sum(points[c][0] for c in codes) / len(codes),
            sum(points[c][1] for c in codes) / len(codes),
        )
        for p, codes in by_province.items()
    }
    province_of = {code: province for code, province, _lon, _lat in sites}
    order = sorted(
        points,
        key=lambda c: (math.dist(points[c], centres[province_of[c]]), c),
    )
    taken: dict[Cell, str] = {}
    placed: dict[str, Cell] = {}
    started: set[str] = set()
    spacing = HEX_RADIUS * _SQRT3
    for code in order:
        point, province = points[code], province_of[code]
        home = _cell_at(point)
        best: tuple[float, Cell] | None = None
        radius = 0
        while best is None or radius <= 2 + best[0] / spacing:
            for cell in _ring(home, radius):
                if cell in taken:
                    continue
                cost = math.dist(point, cell_centre(cell))
                lonely = not any(
                    province_of.get(taken.get((cell[0] + dq, cell[1] + dr), "")) == province
                    for dq, dr in _EDGE_NEIGHBOURS
                )
                if lonely and province in started:
                    cost += spacing * 0.75
                if best is None or (cost, cell) < best:
                    best = (cost, cell)
            radius += 1
        cell = best[1]
        taken[cell] = code
        placed[code] = cell
        started.add(province)
    return placed


def _layout(districts: Sequence[MapArea]) -> dict[str, Cell]:
    sites = tuple(
        (d.code, d.province_code, float(d.longitude), float(d.latitude))
        for d in districts
        if d.latitude is not None and d.longitude is not None
    )
    return dict(hex_layout(sites))


def _fmt(tenths: int) -> str:
    """A coordinate kept in integer tenths, written as short as SVG allows."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _t(value: float) -> int:
    return round(value * 10)


def _group_outline(cells: Iterable[Cell]) -> str:
    """Path data for the edges of a group of hexagons that do not face another of the group."""
    group = set(cells)
    segments = []
    for cell in sorted(group):
        cx, cy = cell_centre(cell)
        for i, (dq, dr) in enumerate(_EDGE_NEIGHBOURS):
            if (cell[0] + dq, cell[1] + dr) in group:
                continue
            (ax, ay), (bx, by) = _CORNERS[i], _CORNERS[(i + 1) % 6]
            x0, y0, x1, y1 = _t(cx + ax), _t(cy + ay), _t(cx + bx), _t(cy + by)
            segments.append(f"M{_fmt(x0)} {_fmt(y0)}l{_fmt(x1 - x0)} {_fmt(y1 - y0)}")
    return "".join(segments)


# --- Outlines from coordinates (used by the import command) ---------------------------------
def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative so that a long coastline cannot exhaust the stack."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def rings_to_path(rings: Iterable[Ring], *, tolerance: float = 0.5) -> str:
    """Project, simplify and encode polygon rings (lon/lat) as compact relative SVG path data.

    Rings that shrink below a triangle at this scale (small islands) are dropped; the result
    is "" when nothing is left.
    """
    parts = []
    for ring in rings:
        projected = [project(lon, lat) for lon, lat in ring]
        if len(projected) > 1 and projected[0] == projected[-1]:
            projected = projected[:-1]
        # Simplify the ring as two halves so that its closing point is kept.
        half = len(projected) // 2
        simple = (
            _simplify(projected[: half + 1], tolerance)[:-1]
            + _simplify([*projected[half:], projected[0]], tolerance)[:-1]
        )
        tenths: list[tuple[int, int]] = []
        for x, y in simple:
            p = (_t(x), _t(y))
            if not tenths or p != tenths[-1]:
                tenths.append(p)
        if len(tenths) < 3:
            continue
        (x0, y0), steps = tenths[0], []
        px, py = x0, y0
        for x, y in tenths[1:]:
            steps.append(f"{_fmt(x - px)} {_fmt(y - py)}")
            px, py = x, y
        parts.append(f"M{_fmt(x0)} {_fmt(y0)}l{' '.join(steps)}z")
    return "".join(parts)


# --- Drawing --------------------------------------------------------------------------------
FULL_FRAME = f"0 0 {WIDTH} {HEIGHT}"


def _wrap(area: MapArea, title: str, desc: str, shape: str) -> str:
    inner = f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{shape}"
    if area.url:
        return f'<a href="{escape(area.url)}">{inner}</a>'
    return f"<g>{inner}</g>"


@lru_cache(maxsize=1)
def _hex_path() -> str:
    points = [(_t(x), _t(y)) for x, y in _CORNERS]
    steps = [
        f"{_fmt(bx - ax)} {_fmt(by - ay)}" for (ax, ay), (bx, by) in itertools.pairwise(points)
    ]
    return f"M{_fmt(points[0][0])} {_fmt(points[0][1])}l{' '.join(steps)}z"


def _svg(prefix: str, title: str, desc: str, body: Sequence[str], box: str) -> SafeString:
    defs = (
        f'<defs><path id="{prefix}-h" d="{_hex_path()}"/>'
        f'<pattern id="{prefix}-nd" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#f1f1f1"/>'
        f'<path d="M0 0v5" stroke="#6b6b6b" stroke-width="1.6"/></pattern></defs>'
    )
    return mark_safe(  # noqa: S308 - every text and attribute is escaped as it is built
        f'<svg xmlns="http://www.w3.org/2000/svg" class="awaaz-map" viewBox="{box}" '
        f'role="group" aria-labelledby="{prefix}-t {prefix}-d">'
        f'<title id="{prefix}-t">{escape(title)}</title>'
        f'<desc id="{prefix}-d">{escape(desc)}</desc>{defs}{"".join(body)}</svg>'
    )


def _fill(prefix: str, css: str) -> str:
    # The hatch for "no data" is a pattern inside this SVG, so it is referenced by attribute;
    # every other class takes its colour from the stylesheet.
    return f' fill="url(#{prefix}-nd)"' if css == "nodata" else ""


def _shape(prefix: str, css: str, path: str) -> str:
    return f'<path class="{css}"{_fill(prefix, css)} d="{path}"/>'


def _use(prefix: str, cell: Cell, css: str) -> str:
    x, y = cell_centre(cell)
    return (
        f'<use href="#{prefix}-h" x="{_fmt(_t(x))}" y="{_fmt(_t(y))}" class="{css}"'
        f"{_fill(prefix, css)}/>"
    )


def _value_text(value: Number | None, decimals: int) -> str:
    return _("no data") if value is None else _format(value, decimals)


def _hex_frame(cells: Mapping[str, Cell]) -> str:
    """The viewBox cropped to the tiles, which spread a little beyond the country."""
    if not cells:
        return FULL_FRAME
    xs = [cell_centre(c)[0] for c in cells.values()]
    ys = [cell_centre(c)[1] for c in cells.values()]
    pad = HEX_RADIUS + 2
    x0, y0 = math.floor(min(xs) - pad), math.floor(min(ys) - pad)
    x1, y1 = math.ceil(max(xs) + pad), math.ceil(max(ys) + pad)
    return f"{x0} {y0} {x1 - x0} {y1 - y0}"


def _province_lines(geo: MapGeography, cells: Mapping[str, Cell] | None) -> list[str]:
    """Province borders: the edges of each province's tiles, or the real outlines."""
    if cells is not None:
        groups: dict[str, list[Cell]] = {}
        for d in geo.districts:
            if d.code in cells:
                groups.setdefault(d.province_code, []).append(cells[d.code])
        paths = [_group_outline(group) for group in groups.values()]
    else:
        paths = [geo.province_outlines.get(p.code, "") for p in geo.provinces]
    path = "".join(paths)
    return [f'<path class="pline" d="{path}"/>'] if path else []


def _classified_rows(
    areas: Sequence[MapArea], values: Mapping[str, Number | None], decimals: int
) -> tuple[list[TableRow], list[LegendEntry]]:
    classifier = _classifier((values.get(a.code) for a in areas), decimals)
    classes: list[str] = []
    for a in areas:
        value = values.get(a.code)
        if classifier:
            classes.append(classifier.css(value))
        else:
            classes.append("nodata" if value is None else "zero")
    counts: dict[str, int] = {}
    for css in classes:
        counts[css] = counts.get(css, 0) + 1
    legend = (classifier.entries(counts) if classifier else []) + _special_entries(counts)
    labels = {e.css: e.label for e in legend}
    rows = [
        TableRow(
            code=a.code,
            name=a.name,
            province_name=a.province_name,
            value=values.get(a.code),
            display=_value_text(values.get(a.code), decimals),
            css=css,
            class_label=labels.get(css, ""),
            url=a.url,
        )
        for a, css in zip(areas, classes, strict=True)
    ]
    return rows, legend


def _description(legend: Sequence[LegendEntry], schematic: bool) -> str:
    parts = [f"{e.label}: {e.count}" for e in legend if e.count]
    text = _("Areas per class: %(classes)s.") % {"classes": "; ".join(parts)} if parts else ""
    if schematic:
        text += " " + _(
            "Each district is an equal hexagon placed near its real position; the shapes are "
            "schematic."
        )
    return text.strip()


def _finish(
    body: list[str],
    legend: Sequence[LegendEntry],
    rows: Sequence[TableRow],
    *,
    geo: MapGeography,
    cells: Mapping[str, Cell] | None,
    title: str,
    value_label: str,
    prefix: str,
    not_drawn: Sequence[str],
    level: str = "district",
) -> RenderedMap:
    schematic = cells is not None
    body += _province_lines(geo, cells)
    box = _hex_frame(cells) if cells is not None else FULL_FRAME
    return RenderedMap(
        svg=_svg(prefix, title, _description(legend, schematic), body, box),
        legend=tuple(legend),
        rows=tuple(rows),
        title=title,
        value_label=value_label,
        schematic=schematic,
        attributions=() if schematic else geo.attributions,
        id_prefix=prefix,
        level=level,
        not_drawn=tuple(not_drawn),
    )


def district_choropleth(
    geo: MapGeography,
    values: Mapping[str, Number | None],
    *,
    title: str,
    value_label: str,
    decimals: int = 0,
    id_prefix: str = "map",
) -> RenderedMap:
    """Colour each district by the class of its value (`values` is keyed by district code)."""
    real = bool(geo.districts) and all(d.code in geo.district_outlines for d in geo.districts)
    cells = None if real else _layout(geo.districts)
    rows, legend = _classified_rows(geo.districts, values, decimals)
    body: list[str] = []
    not_drawn: list[str] = []
    for area, row in zip(geo.districts, rows, strict=True):
        if cells is None:
            shape = _shape(id_prefix, row.css, geo.district_outlines[area.code])
        elif area.code in cells:
            shape = _use(id_prefix, cells[area.code], row.css)
        else:
            not_drawn.append(area.name)
            continue
        label = f"{area.name}, {area.province_name}"
        body.append(_wrap(area, label, f"{value_label}: {row.display}", shape))
    return _finish(
        body, legend, rows, geo=geo, cells=cells, title=title, value_label=value_label,
        prefix=id_prefix, not_drawn=not_drawn,
    )  # fmt: skip


def province_choropleth(
    geo: MapGeography,
    values: Mapping[str, Number | None],
    *,
    title: str,
    value_label: str,
    decimals: int = 0,
    id_prefix: str = "map",
) -> RenderedMap:
    """Colour each province by the class of its value (`values` is keyed by province code).

    With real province outlines each province is one shape; without them, the province's
    district hexagons all take the province's colour.
    """
    real = bool(geo.provinces) and all(p.code in geo.province_outlines for p in geo.provinces)
    cells = None if real else _layout(geo.districts)
    rows, legend = _classified_rows(geo.provinces, values, decimals)
    body: list[str] = []
    not_drawn: list[str] = []
    for area, row in zip(geo.provinces, rows, strict=True):
        if cells is None:
            shape = _shape(id_prefix, row.css, geo.province_outlines[area.code])
        else:
            tiles = [
                _use(id_prefix, cells[d.code], row.css)
                for d in geo.districts
                if d.province_code == area.code and d.code in cells
            ]
            if not tiles:
                not_drawn.append(area.name)
                continue
            shape = "".join(tiles)
        body.append(_wrap(area, area.name, f"{value_label}: {row.display}", shape))
    return _finish(
        body, legend, rows, geo=geo, cells=cells, title=title, value_label=value_label,
        prefix=id_prefix, not_drawn=not_drawn, level="province",
    )  # fmt: skip


def symbol_radius(value: Number, largest: Number) -> float:
    """The radius of a circle whose *area* is proportional to the value."""
    if largest <= 0 or value <= 0:
        return 0.0
    return SYMBOL_MAX_RADIUS * math.sqrt(value / largest)


def _circle(css: str, x: float, y: float, radius: float, prefix: str) -> str:
    return (
        f'<circle class="{css}"{_fill(prefix, css)} cx="{_fmt(_t(x))}" cy="{_fmt(_t(y))}" '
        f'r="{_fmt(_t(radius))}"/>'
    )


def proportional_symbols(
    geo: MapGeography,
    values: Mapping[str, Number | None],
    *,
    title: str,
    value_label: str,
    decimals: int = 0,
    id_prefix: str = "map",
) -> RenderedMap:
    """A circle per district, its area proportional to the value, over the province shapes.

    `values` is keyed by district code. Zero is a small ring and "no data" a hatched marker
    (a hatched tile on the tile map), so neither is mistaken for the other.
    """
    real = bool(geo.provinces) and all(p.code in geo.province_outlines for p in geo.provinces)
    cells = None if real else _layout(geo.districts)
    largest = max((v for v in values.values() if v and v > 0), default=0)
    body: list[str] = []
    if cells is None:
        base = "".join(geo.province_outlines[p.code] for p in geo.provinces)
        body.append(f'<path class="base" d="{base}"/>')
    counts = {"zero": 0, "nodata": 0}
    rows: list[TableRow] = []
    symbols: list[tuple[float, str, str]] = []
    not_drawn: list[str] = []
    for area in geo.districts:
        value = values.get(area.code)
        css = "nodata" if value is None else ("sym" if value > 0 else "zero")
        counts[css] = counts.get(css, 0) + 1
        display = _value_text(value, decimals)
        rows.append(
            TableRow(area.code, area.name, area.province_name, value, display, css, "", area.url)
        )
        if cells is not None and area.code in cells:
            x, y = cell_centre(cells[area.code])
            body.append(_use(id_prefix, cells[area.code], "nodata" if value is None else "base"))
        elif cells is None and area.latitude is not None and area.longitude is not None:
            x, y = project(float(area.longitude), float(area.latitude))
        else:
            not_drawn.append(area.name)
            continue
        radius = symbol_radius(value, largest) if value else 0.0
        if css == "sym":
            # A floor on the radius keeps the smallest value visible and clickable.
            shape = _circle(css, x, y, max(radius, 1.5), id_prefix)
        else:
            shape = _circle(css, x, y, 3.0 if css == "nodata" else 2.0, id_prefix)
        label = f"{area.name}, {area.province_name}"
        symbols.append((-radius, area.code, _wrap(area, label, f"{value_label}: {display}", shape)))
    # Largest first, so that a small circle is never hidden under a big one.
    symbol_layer = [s for _r, _c, s in sorted(symbols)]
    legend: list[LegendEntry] = []
    if largest:
        for reference in sorted({_nice(largest), _nice(largest / 4)}, reverse=True):
            legend.append(
                LegendEntry(
                    "sym",
                    _format(reference, decimals),
                    ClassKind.SYMBOL,
                    radius=round(symbol_radius(reference, largest), 1),
                    count=counts.get("sym", 0) if reference == _nice(largest) else 0,
                )
            )
    legend += _special_entries(counts)
    labels = {e.css: e.label for e in legend if e.kind != ClassKind.SYMBOL}
    rows = [TableRow(**{**r.__dict__, "class_label": labels.get(r.css, "")}) for r in rows]
    result = _finish(
        body, legend, rows, geo=geo, cells=cells, title=title, value_label=value_label,
        prefix=id_prefix, not_drawn=not_drawn,
    )  # fmt: skip
    # Symbols go above the province lines: re-render with them last.
    svg = result.svg.replace("</svg>", "".join(symbol_layer) + "</svg>")
    return RenderedMap(**{**result.__dict__, "svg": mark_safe(svg)})  # noqa: S308 - built escaped

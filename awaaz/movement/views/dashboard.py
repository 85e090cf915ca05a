"""The coordinator dashboard: the network on a map, its growth, and what needs attention.

Country coordinator: the whole country. Provincial coordinator: his province. Focal person: his
chapter's own numbers. Everyone else is refused (403), and everyone needs a verified second
factor first (`otp_required`). The figures come from `selectors.dashboard`, in a few aggregate
queries; the growth chart is drawn here as inline SVG (no script), with a table that gives every
number the chart shows.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format, localize, number_format
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from awaaz.core.otp import otp_required
from awaaz.movement.selectors import dashboard as selectors
from awaaz.places import maps


@never_cache
@require_safe
@otp_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = selectors.dashboard_scope(request.user)
    if scope is None:
        raise PermissionDenied
    geo = selectors.dashboard_geography(scope)
    data = selectors.dashboard_data(scope=scope, geo=geo)
    context = {
        "data": data,
        "level": scope.level.value,
        "scope_names": [row.name for row in data.provinces],
        "maps": _maps(scope.level, geo, data),
        "chart": timeline_chart(data.timeline),
        "timeline_rows": timeline_rows(data.timeline),
    }
    return render(request, "movement/dashboard/dashboard.html", context)


def _maps(
    level: selectors.ScopeLevel, geo: maps.MapGeography, data: selectors.Dashboard
) -> list[maps.RenderedMap]:
    """The province choropleth (country only) and the chapters per district as circles."""
    if level == selectors.ScopeLevel.CHAPTER:
        return []
    drawn = []
    if level == selectors.ScopeLevel.COUNTRY:
        drawn.append(
            maps.province_choropleth(
                geo,
                data.active_by_province,
                title=_("Active chapters by province and territory"),
                value_label=_("Active chapters"),
                id_prefix="map-active",
            )
        )
    counts = {d.code: data.chapters_by_district.get(d.code, 0) for d in geo.districts}
    drawn.append(
        maps.proportional_symbols(
            geo,
            counts,
            title=_("Chapters by district (all but closed ones)"),
            value_label=_("Chapters"),
            id_prefix="map-chapters",
        )
    )
    return drawn


def timeline_rows(rows: Sequence[selectors.WeekRow]) -> SafeString:
    """The chart's table rows. Built here, not in the template: two years are a hundred rows,
    and the template engine would take longer over them than the database over the counts."""
    return format_html_join(
        "\n",
        '<tr><th scope="row"><time datetime="{}">{}</time></th><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        (
            (
                row.week.isoformat(),
                date_format(row.week),
                localize(row.pledges),
                localize(row.chapters),
                localize(row.pledges_total),
                localize(row.chapters_total),
            )
            for row in rows
        ),
    )


# --- The growth chart ------------------------------------------------------------------------

WIDTH, LEFT, RIGHT = 640.0, 52.0, 8.0
PANEL_HEIGHT, PANEL_GAP, TOP = 120.0, 56.0, 28.0


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    scale_pledges: int  # the value at the top of each panel
    scale_chapters: int


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)  # not reached


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _panel(
    values: Sequence[int], *, top: float, scale: int, css: str, title: str, step: float
) -> list[str]:
    bottom = top + PANEL_HEIGHT
    parts = [
        f'<text class="ptitle" x="{_n(LEFT)}" y="{_n(top - 8)}">{escape(title)}</text>',
        f'<path class="grid" d="M{_n(LEFT)} {_n(top)}H{_n(WIDTH - RIGHT)}'
        f'M{_n(LEFT)} {_n(top + PANEL_HEIGHT / 2)}H{_n(WIDTH - RIGHT)}"/>',
        f'<text class="tick" x="{_n(LEFT - 4)}" y="{_n(top + 4)}">'
        f"{escape(number_format(scale, force_grouping=True))}</text>",
        f'<text class="tick" x="{_n(LEFT - 4)}" y="{_n(bottom + 4)}">'
        f"{escape(number_format(0))}</text>",
    ]
    width = max(step * 0.8, 0.6)
    for i, value in enumerate(values):
        if value <= 0:
            continue
        height = PANEL_HEIGHT * value / scale
        parts.append(
            f'<rect class="bar {css}" x="{_n(LEFT + i * step + (step - width) / 2)}" '
            f'y="{_n(bottom - height)}" width="{_n(width)}" height="{_n(height)}"/>'
        )
    parts.append(f'<path class="axis" d="M{_n(LEFT)} {_n(bottom)}H{_n(WIDTH - RIGHT)}"/>')
    return parts


def _year_ticks(weeks: Sequence[datetime.date], *, y: float, step: float) -> list[str]:
    """A label at the first week, and at the first week of each new year."""
    parts = []
    for i, week in enumerate(weeks):
        if i == 0 or week.year != weeks[i - 1].year:
            label = date_format(week, "M Y") if i == 0 else str(week.year)
            x = LEFT + i * step
            parts.append(f'<path class="axis" d="M{_n(x)} {_n(y - 4)}v6"/>')
            parts.append(f'<text class="year" x="{_n(x)}" y="{_n(y + 12)}">{escape(label)}</text>')
    return parts


def timeline_chart(rows: Sequence[selectors.WeekRow]) -> Chart | None:
    """Two bar charts on one time axis: pledges confirmed and chapters launched, per week."""
    if not rows:
        return None
    step = (WIDTH - LEFT - RIGHT) / len(rows)
    scale_pledges = nice_ceiling(max(r.pledges for r in rows))
    scale_chapters = nice_ceiling(max(r.chapters for r in rows))
    second = TOP + PANEL_HEIGHT + PANEL_GAP
    height = second + PANEL_HEIGHT + 24
    title = _("Growth of the movement, week by week")
    desc = _(
        "Bars: pledges confirmed each week (above) and chapters launched each week (below), "
        "from %(first)s to %(last)s. The table after the chart gives every number."
    ) % {"first": date_format(rows[0].week), "last": date_format(rows[-1].week)}
    body = [
        f'<svg class="growth" viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img" '
        f'aria-labelledby="growth-t growth-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="growth-t">{escape(title)}</title><desc id="growth-d">{escape(desc)}</desc>',
        *_panel(
            [r.pledges for r in rows],
            top=TOP,
            scale=scale_pledges,
            css="pledges",
            title=_("Pledges confirmed per week"),
            step=step,
        ),
        *_year_ticks([r.week for r in rows], y=TOP + PANEL_HEIGHT, step=step),
        *_panel(
            [r.chapters for r in rows],
            top=second,
            scale=scale_chapters,
            css="chapters",
            title=_("Chapters launched per week"),
            step=step,
        ),
        *_year_ticks([r.week for r in rows], y=second + PANEL_HEIGHT, step=step),
        "</svg>",
    ]
    # Every piece of text above went through escape(); the rest is numbers we formatted.
    return Chart(mark_safe("".join(body)), scale_pledges, scale_chapters)  # noqa: S308

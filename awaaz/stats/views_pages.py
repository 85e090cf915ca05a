"""Public statistics pages: the home (headline, trend, map), the estimate scenario, official
figures beside our counts, the method, and chart downloads (SVG and PNG).

Each view parses, reads the latest published release (never raw records) and renders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from awaaz.evidence.models import OfficialFigure
from awaaz.places.maps import RenderedMap, province_choropleth
from awaaz.places.selectors import map_geography
from awaaz.stats import selectors_pages as selectors
from awaaz.stats.charts import (
    Chart,
    Series,
    bar_chart,
    chart_png,
    line_chart,
    png_can_shape_urdu,
    standalone_svg,
)
from awaaz.stats.demo import DEMO_NOTICE
from awaaz.stats.estimates import Estimate, capture_recapture_chapman, estimate_true_count
from awaaz.stats.forms_estimates import DEFAULTS, ChapmanForm, EstimateForm
from awaaz.stats.models import Release


def clock_words(minutes: float | None) -> str:
    """ "one every N minutes" in words: minutes below an hour, then hours and minutes, then days."""
    if minutes is None:
        return _("none on record")
    if minutes < 60:
        return _("one every %(minutes)s minutes") % {
            "minutes": number_format(round(minutes, 1), decimal_pos=1)
        }
    if minutes < 24 * 60:
        hours, rest = divmod(round(minutes), 60)
        if rest == 0:
            return ngettext("one every %(hours)s hour", "one every %(hours)s hours", hours) % {
                "hours": hours
            }
        return ngettext(
            "one every %(hours)s hour %(minutes)s minutes",
            "one every %(hours)s hours %(minutes)s minutes",
            hours,
        ) % {"hours": hours, "minutes": rest}
    days = round(minutes / (24 * 60), 1)
    return _("one every %(days)s days") % {"days": number_format(days, decimal_pos=1)}


def _whole(value: float) -> str:
    """A simulated count rounded to three significant figures: more would be false precision."""
    if value >= 1000:
        digits = len(str(int(value))) - 3
        value = round(value, -digits)
    return number_format(round(value), force_grouping=True)


# --- Charts -------------------------------------------------------------------------------------
def _source(release: Release) -> str:
    source = _(
        "Awaaz statistics, release %(version)s (news reports and consented survivor reports)"
    ) % {"version": release.version}
    if release.contains_demo:
        # The source line is drawn inside the image: a downloaded chart keeps the warning.
        source = f"{source}. {DEMO_NOTICE}"
    return source


def _trend_chart(release: Release) -> Chart | None:
    # Whole years only: the year still being published would look like a fall.
    years = selectors.whole_year_totals(release)
    if not years:
        return None
    first, last = min(years), max(years)
    return line_chart(
        title=_("Incidents on record by year, %(first)s–%(last)s") % {"first": first, "last": last},
        description=_(
            "Incidents of sexual violence on record with Awaaz each year, from news reports and "
            "consented survivor reports together. Years whose total is not published are gaps."
        ),
        categories=[str(year) for year in years],
        series=[Series(_("Incidents on record"), tuple(c.value for c in years.values()))],
        value_label=_("incidents"),
        source=_source(release),
        id_prefix="trend",
    )


def _estimate_chart(estimate: Estimate) -> Chart:
    return bar_chart(
        title=_("On record and a scenario of the true count"),
        description=_(
            "%(observed)s incidents on record; %(assumption)s, about %(median)s a year "
            "(95%% interval %(low)s to %(high)s). A scenario, not a count."
        )
        % {
            "observed": number_format(estimate.observed, force_grouping=True),
            "assumption": estimate.scenario.describe(),
            "median": _whole(estimate.median),
            "low": _whole(estimate.low),
            "high": _whole(estimate.high),
        },
        categories=[_("On record"), _("Scenario (median)")],
        series=[Series(_("Incidents a year"), (estimate.observed, round(estimate.median)))],
        value_label=_("incidents a year"),
        source=_("Awaaz estimate; method at /statistics/method/"),
        id_prefix="estimate",
    )


def _children_by_sex_chart() -> Chart | None:
    """Sahil's girls and boys, in the years it published both as counts (not as shares)."""
    by_year: dict[int, dict[str, float]] = {}
    for figure in selectors.official_figures():
        if (
            figure.publisher == "Sahil"
            and figure.unit == "cases"
            and figure.province_id is None
            and figure.category in ("Girls", "Boys")
            and _is_calendar_year(figure)
        ):
            by_year.setdefault(figure.period_start.year, {})[figure.category] = float(figure.value)
    years = sorted(year for year, found in by_year.items() if len(found) == 2)
    if not years:
        return None
    return bar_chart(
        title=_("Child victims counted by Sahil, girls and boys"),
        description=_(
            "Children's cases Sahil found in newspapers, girls and boys, in the years it "
            "published both counts (%(years)s). Sahil files the rape of a boy as sodomy."
        )
        % {"years": ", ".join(str(y) for y in years)},
        categories=[str(year) for year in years],
        series=[
            Series(_("Girls"), tuple(by_year[y]["Girls"] for y in years)),
            Series(_("Boys"), tuple(by_year[y]["Boys"] for y in years)),
        ],
        value_label=_("children"),
        source=_("Sahil, Cruel Numbers, as published"),
        id_prefix="sahil",
    )


def _chart_by_name(request: HttpRequest, name: str) -> Chart:
    if name == "trend":
        release = selectors.release_latest()
        chart = _trend_chart(release) if release else None
        if chart is None:
            raise Http404(_("No statistics have been published yet."))
        return chart
    if name == "estimate":
        form = EstimateForm(request.GET or DEFAULTS)
        if not form.is_valid():
            raise Http404(_("This scenario is not possible; see the estimate page."))
        return _estimate_chart(
            estimate_true_count(observed=form.cleaned_data["observed"], scenario=form.scenario)
        )
    if name == "children-by-sex":
        children = _children_by_sex_chart()
        if children is None:
            raise Http404(_("No official figures have been loaded yet."))
        return children
    raise Http404(_("There is no such chart."))


@require_GET
def chart_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """A chart as a file, in the page's language (a PNG in English if Urdu cannot be shaped)."""
    if fmt == "svg":
        response = HttpResponse(standalone_svg(_chart_by_name(request, name)), "image/svg+xml")
    elif fmt == "png":
        language = translation.get_language()
        if translation.get_language_bidi() and not png_can_shape_urdu():
            language = "en"
        with translation.override(language):
            response = HttpResponse(chart_png(_chart_by_name(request, name)), "image/png")
    else:
        raise Http404(_("Charts can be downloaded as SVG or PNG."))
    response["Content-Disposition"] = f'attachment; filename="awaaz-{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Pages --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    year: int
    display: str
    published: bool
    clock: str


def _province_map(release: Release, year: int) -> RenderedMap:
    totals = selectors.province_totals(release, year=year)
    return province_choropleth(
        map_geography(),
        {code: count.value for code, count in totals.items()},
        title=_("Incidents on record by province, %(year)s") % {"year": year},
        value_label=_("incidents"),
        id_prefix="provinces",
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    release = selectors.release_latest()
    context: dict[str, object] = {"release": release}
    if release is not None:
        years = selectors.yearly_totals(release)
        context["until"] = selectors.published_until(release)
        context["lag_days"] = release.parameters.get("lag_days")
        # The headline and its clock need a whole year: the year still being published counts
        # only some months.
        whole = list(selectors.whole_year_totals(release))
        if years:
            year = max(whole or years)
            latest = years[year]
            context["headline"] = Headline(
                year=year,
                display=latest.display,
                published=latest.value is not None,
                clock=clock_words(525_600 / latest.value if latest.value else None),
            )
            context["trend"] = _trend_chart(release)
            context["map"] = _province_map(release, year)
    return render(request, "stats/pages/home.html", context)


@require_GET
def estimate(request: HttpRequest) -> HttpResponse:
    form = EstimateForm(request.GET if "observed" in request.GET else DEFAULTS)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        result = estimate_true_count(observed=form.cleaned_data["observed"], scenario=form.scenario)
        context.update(
            {
                "result": result,
                "assumption": result.scenario.describe(),
                "median": _whole(result.median),
                "low": _whole(result.low),
                "high": _whole(result.high),
                "point": number_format(round(result.point), force_grouping=True),
                "observed": number_format(result.observed, force_grouping=True),
                "clock_observed": clock_words(result.minutes_observed),
                "clock_median": clock_words(result.minutes_median),
                "clock_fastest": clock_words(result.minutes_fastest),
                "clock_slowest": clock_words(result.minutes_slowest),
                "chart": _estimate_chart(result),
                "query": request.GET.urlencode() if request.GET else "",
            }
        )
    # The capture-recapture check is a second, separate form on the same page (prefix "cr").
    chapman_form = ChapmanForm(request.GET if "cr-first" in request.GET else None, prefix="cr")
    context["chapman_form"] = chapman_form
    if chapman_form.is_bound and chapman_form.is_valid():
        check = capture_recapture_chapman(**chapman_form.cleaned_data)
        context["chapman"] = {
            "estimate": _whole(check.estimate),
            "low": _whole(check.low),
            "high": _whole(check.high),
            "distinct": number_format(check.first + check.second - check.both, force_grouping=True),
        }
    return render(request, "stats/pages/estimate.html", context)


@dataclass(frozen=True)
class FigureRow:
    figure: OfficialFigure
    ours: str  # our count for the same calendar year, or "" when not comparable


def _is_calendar_year(figure: OfficialFigure) -> bool:
    start, end = figure.period_start, figure.period_end
    return start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31)


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    release = selectors.release_latest()
    # Only whole years sit beside an official figure for a year: the year still being
    # published counts only some of its months.
    years = selectors.whole_year_totals(release) if release else {}
    rows = []
    for figure in selectors.official_figures():
        ours = ""
        if figure.province_id is None and _is_calendar_year(figure):
            count = years.get(figure.period_start.year)
            ours = count.display if count else ""
        rows.append(FigureRow(figure=figure, ours=ours))
    context = {"rows": rows, "release": release, "children": _children_by_sex_chart()}
    return render(request, "stats/pages/figures.html", context)


@require_GET
def method(request: HttpRequest) -> HttpResponse:
    return render(request, "stats/pages/method.html")

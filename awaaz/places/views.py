"""Public pages for places: the map of Pakistan, a province and a district."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from awaaz.places import maps, selectors

# The map's views, in the order of the switch on the page; an unknown value gets the first.
# Provinces come first: the census publishes every province's total, while the gazetteer does
# not yet carry every district's figure.
MAP_VIEWS = {
    "provinces": gettext_lazy("Provinces"),
    "districts": gettext_lazy("Districts"),
    "symbols": gettext_lazy("Circles by district"),
}


@require_safe
@cache_control(public=True, max_age=300)
def map_view(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "")
    if view not in MAP_VIEWS:
        view = next(iter(MAP_VIEWS))
    geo = selectors.map_geography()
    value_label = _("Population (2023 census)")
    if view == "provinces":
        rendered = maps.province_choropleth(
            geo,
            selectors.population_by_province(),
            title=_("Population of Pakistan by province, 2023 census"),
            value_label=value_label,
        )
    else:
        render_map = maps.proportional_symbols if view == "symbols" else maps.district_choropleth
        rendered = render_map(
            geo,
            selectors.population_by_district(),
            title=_("Population of Pakistan by district, 2023 census"),
            value_label=value_label,
        )
    return render(
        request,
        "places/map.html",
        {"map": rendered, "view": view, "views": MAP_VIEWS.items()},
    )


@require_safe
@cache_control(public=True, max_age=300)
def province_detail(request: HttpRequest, province: str) -> HttpResponse:
    obj = selectors.province_get(slug=province)
    return render(
        request,
        "places/province_detail.html",
        {"province": obj, "districts": selectors.district_list(province=obj)},
    )


@require_safe
@cache_control(public=True, max_age=300)
def district_detail(request: HttpRequest, province: str, code: str) -> HttpResponse:
    district = selectors.district_get(province_slug=province, code=code)
    return render(request, "places/district_detail.html", {"district": district})

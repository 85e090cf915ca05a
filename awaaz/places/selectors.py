"""Reads for places: provinces, districts and what the map needs to draw them.

Places are public reference data, so there is no permission filter here; every read that a
page makes still goes through one of these functions, so that a page never builds its own query.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from awaaz.places.maps import MapArea, MapGeography
from awaaz.places.models import Boundary, BoundaryLevel, District, Place, Province


def province_list() -> QuerySet[Province]:
    return Province.objects.all()


def province_get(*, slug: str) -> Province:
    """The province with this slug, or 404."""
    return get_object_or_404(Province, slug=slug)


def district_list(*, province: Province) -> list[District]:
    """Every district of a province, current ones first, each in name order."""
    districts = list(province.districts.all().order_by("name_en"))
    return sorted(districts, key=lambda d: not d.is_current)


def district_get(*, province_slug: str, code: str) -> District:
    """The district with this code inside this province (404 otherwise), with its links."""
    queryset = District.objects.select_related("province").prefetch_related(
        Prefetch("places", queryset=Place.objects.order_by("kind", "name_en")),
        Prefetch("successors", queryset=District.objects.select_related("province")),
        Prefetch("predecessors", queryset=District.objects.select_related("province")),
    )
    return get_object_or_404(queryset, code=code, province__slug=province_slug)


def province_url(province: Province) -> str:
    return reverse("places:province_detail", kwargs={"province": province.slug})


def district_url(district: District) -> str:
    return reverse(
        "places:district_detail",
        kwargs={"province": district.province.slug, "code": district.code},
    )


def map_geography() -> MapGeography:
    """The current districts and all provinces, with their pages and any imported outlines.

    Names follow the active language, so call it inside the request being answered.
    """
    provinces = list(Province.objects.all())
    districts = list(District.objects.current().select_related("province"))
    outlines: dict[str, dict[str, str]] = {BoundaryLevel.PROVINCE: {}, BoundaryLevel.DISTRICT: {}}
    attributions: list[str] = []
    for boundary in Boundary.objects.all():
        outlines.setdefault(boundary.level, {})[boundary.code] = boundary.path
        attribution = f"{boundary.source} ({boundary.licence})"
        if attribution not in attributions:
            attributions.append(attribution)
    return MapGeography(
        provinces=tuple(
            MapArea(p.code, p.name, p.code, p.name, url=province_url(p)) for p in provinces
        ),
        districts=tuple(
            MapArea(
                d.code,
                d.name,
                d.province.code,
                d.province.name,
                latitude=float(d.latitude) if d.latitude is not None else None,
                longitude=float(d.longitude) if d.longitude is not None else None,
                url=district_url(d),
            )
            for d in districts
        ),
        province_outlines=outlines[BoundaryLevel.PROVINCE],
        district_outlines=outlines[BoundaryLevel.DISTRICT],
        attributions=tuple(attributions),
    )


def population_by_district() -> dict[str, int | None]:
    """2023 census population of each current district; None where the figure is not known."""
    return dict(District.objects.current().values_list("code", "population"))


def population_by_province() -> dict[str, int | None]:
    """The census total of each province; else the sum of its current districts' populations,
    and None unless every district's is known.

    A partial sum would look like a small province, so an incomplete one is "no data".
    """
    published = dict(Province.objects.values_list("code", "population"))
    totals: dict[str, int | None] = dict.fromkeys(published)
    complete: dict[str, bool] = {}
    for code, population in District.objects.current().values_list("province__code", "population"):
        if population is None:
            complete[code] = False
            continue
        complete.setdefault(code, True)
        totals[code] = (totals.get(code) or 0) + population
    return {
        code: published[code]
        if published[code] is not None
        else (total if complete.get(code) else None)
        for code, total in totals.items()
    }

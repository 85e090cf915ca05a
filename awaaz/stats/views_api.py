"""Views of the JSON API at /api/v1/ (see awaaz/stats/api.py for the rules they share)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from awaaz.stats import openapi, opendata
from awaaz.stats.api import (
    ApiError,
    api_view,
    cached_json_response,
    filters_parse,
    json_response,
    page_parse,
    paginate,
)

PAGE_PARAMS = ("page", "page_size")


def _release_or_404(version: str) -> opendata.ReleaseInfo:
    release = opendata.release_get(version)
    if release is None:
        raise ApiError(
            404,
            "release_not_found",
            _("There is no published release %(version)s.") % {"version": version[:40]},
        )
    return release


def _release_json(release: opendata.ReleaseInfo) -> dict[str, Any]:
    return {
        "version": release.version,
        "title": release.title,
        "published_at": release.published_at,
        "notes": release.notes,
        "demonstration": release.demo,
        "checksum": release.checksum,
        "url": reverse("api:release_detail", args=[release.version]),
        "tables_url": reverse("api:table_list", args=[release.version]),
    }


def _table_summary(table: opendata.DataTable) -> dict[str, Any]:
    return {
        "slug": table.slug,
        "title": table.title,
        "description": table.description,
        "release": table.version,
        "rows": len(table.rows),
        "dimensions": [c.name for c in table.dimensions],
        "url": reverse("api:table_detail", args=[table.version, table.slug]),
    }


@api_view()
def index(request: HttpRequest) -> HttpResponse:
    return json_response(
        request,
        {
            "releases": reverse("api:release_list"),
            "official_figures": reverse("api:official_figures"),
            "openapi": reverse("api:openapi"),
            "licence": opendata.LICENCE_ID,
        },
    )


@api_view(params=PAGE_PARAMS)
def release_list(request: HttpRequest) -> HttpResponse:
    page = page_parse(request)
    releases = [_release_json(r) for r in opendata.releases()]
    return json_response(request, paginate(request, releases, page))


@api_view()
def release_detail(request: HttpRequest, version: str) -> HttpResponse:
    release = _release_or_404(version)
    data = _release_json(release)
    data["tables"] = [_table_summary(t) for t in opendata.release_tables(release.version)]
    return json_response(request, data)


@api_view(params=PAGE_PARAMS)
def table_list(request: HttpRequest, version: str) -> HttpResponse:
    release = _release_or_404(version)
    page = page_parse(request)
    tables = [_table_summary(t) for t in opendata.release_tables(release.version)]
    return json_response(request, paginate(request, tables, page))


@api_view(dynamic_params=True)
def table_detail(request: HttpRequest, version: str, slug: str) -> HttpResponse:
    release = _release_or_404(version)
    # A published table never changes: the answer to the same query is kept once made. The
    # key is built from the parsed query only after the table's checks below have run once.
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
    digest = hashlib.sha256(f"{slug}?{query}".encode()).hexdigest()[:40]
    key = f"table:{release.version}:{digest}"

    def build() -> dict[str, Any]:
        table = opendata.release_table(release.version, slug)
        if table is None:
            raise ApiError(
                404,
                "table_not_found",
                _("Release %(version)s has no table %(table)s.")
                % {"version": release.version, "table": slug[:60]},
            )
        chosen = filters_parse(request, allowed=opendata.filter_values(table), reserved=PAGE_PARAMS)
        page = page_parse(request)
        data = {
            "meta": opendata.metadata(table),
            "dictionary": opendata.dictionary(table),
            "filters": chosen,
        }
        data.update(paginate(request, table.filtered(chosen), page, key="rows"))
        return data

    return cached_json_response(request, key, build)


FIGURE_FILTERS = ("publisher", "area_level", "province", "year", "unit")


@api_view(params=(*PAGE_PARAMS, *FIGURE_FILTERS))
def official_figures(request: HttpRequest) -> HttpResponse:
    table = opendata.official_figures_table()
    allowed: dict[str, list[str] | None] = {
        name: sorted({opendata.text(row.get(name)) for row in table.rows})
        for name in ("publisher", "area_level", "province", "unit")
    }
    allowed["year"] = None
    chosen = filters_parse(request, allowed=allowed, reserved=PAGE_PARAMS)
    year = chosen.pop("year", None)
    if year is not None and not (year.isascii() and year.isdigit() and len(year) == 4):
        raise ApiError(400, "invalid_filter", _("year must be a four-digit year, e.g. 2018."))
    rows = table.filtered(chosen)
    if year is not None:
        rows = [r for r in rows if opendata.text(r.get("period_start"))[:4] == year]
    page = page_parse(request)
    data: dict[str, Any] = {"meta": opendata.metadata(table), "filters": chosen}
    if year is not None:
        data["filters"]["year"] = year
    data.update(paginate(request, rows, page, key="rows"))
    return json_response(request, data)


@api_view()
def openapi_json(request: HttpRequest) -> HttpResponse:
    return json_response(request, openapi.description())

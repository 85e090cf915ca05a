"""The open-data pages: downloads of every published table (CSV, JSON, XLSX) with checksums,
a data dictionary per table, and the API's documentation rendered from its OpenAPI description."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from awaaz.stats import openapi, opendata


def _release_or_404(version: str) -> opendata.ReleaseInfo:
    release = opendata.release_get(version)
    if release is None:
        raise Http404
    return release


def _table_or_404(version: str, slug: str) -> opendata.DataTable:
    if slug == opendata.OFFICIAL_FIGURES_SLUG:
        table = opendata.official_figures_table()
        if version != table.version:
            raise Http404
        return table
    found = opendata.release_table(version, slug)
    if found is None:
        raise Http404
    return found


@require_safe
def open_data(request: HttpRequest, version: str = "latest") -> HttpResponse:
    release = opendata.release_get(version)
    if release is None and version != "latest":
        raise Http404
    context: dict[str, Any] = {
        "release": release,
        "releases": opendata.releases(),
        "tables": opendata.downloads(release.version) if release else [],
        "figures": [opendata.figures_download()],
        "licence": opendata.licence_name(),
        "attribution": opendata.attribution(release.version if release else "…"),
    }
    return render(request, "stats/opendata/index.html", context)


@require_safe
def open_data_file(request: HttpRequest, version: str, slug: str, fmt: str) -> HttpResponse:
    if fmt not in opendata.FORMATS:
        raise Http404
    if slug != opendata.OFFICIAL_FIGURES_SLUG:
        version = _release_or_404(version).version
    table = _table_or_404(version, slug)
    data = opendata.file_bytes(table, fmt)
    response = HttpResponse(data, content_type=opendata.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{opendata.filename(table, fmt)}"'
    response["X-Checksum-SHA256"] = opendata.checksum(data)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def open_data_checksums(request: HttpRequest, version: str) -> HttpResponse:
    """A SHA256SUMS file for a release, in the format `sha256sum -c` reads."""
    release = _release_or_404(version)
    lines = [
        f"{entry.checksum}  {entry.filename}"
        for table in opendata.downloads(release.version, opendata.FORMATS)
        for entry in table.files
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def open_data_dictionary(request: HttpRequest, version: str, slug: str) -> HttpResponse:
    if slug != opendata.OFFICIAL_FIGURES_SLUG:
        version = _release_or_404(version).version
    table = _table_or_404(version, slug)
    context = {
        "table": table,
        "meta": opendata.metadata(table),
        "dictionary": opendata.dictionary(table),
        "files": opendata.table_files(table),
    }
    return render(request, "stats/opendata/dictionary.html", context)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "stats/api/docs.html", {"api": openapi.docs_outline()})

"""Reads for the public statistics pages: the latest published release, and nothing raw.

Every number comes from the cells of a published table (docs/statistics.md, "Shape of a table"),
which have already passed disclosure control; a suppressed cell stays suppressed here (value None,
display "<10" or "x"). Official figures are read through the evidence app's selector.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from awaaz.evidence import selectors as evidence_selectors
from awaaz.evidence.models import OfficialFigure
from awaaz.stats.models import PublishedTable, Release, ReleaseStatus

# The table with yearly totals by province, all streams included (stream "*").
TREND_TABLE = "quarter_by_province"
# A computed release has no all-streams slice in TREND_TABLE (its slices are each stream): the
# all-streams totals by year and province are the stream totals of this table.
ALL_STREAMS_TABLE = "rate_by_province"
ALL = "*"


@dataclass(frozen=True)
class Count:
    """One published cell: `value` is None when suppressed; `display` is what to print."""

    value: int | None
    display: str


def release_latest() -> Release | None:
    """The latest published release, or None before the first one."""
    return (
        Release.objects.filter(status=ReleaseStatus.PUBLISHED, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def published_until(release: Release) -> datetime.date | None:
    """The last day of incidents the release counts (None for a release made before the
    publication lag was recorded)."""
    value = release.parameters.get("published_until")
    return datetime.date.fromisoformat(value) if isinstance(value, str) else None


def whole_year_totals(release: Release, *, stream: str = ALL) -> dict[int, Count]:
    """Like yearly_totals, without the year still being published: a release counts incidents
    up to `published_until`, so the year of that day is whole only if it ends on 31 December."""
    until = published_until(release)
    return {
        year: count
        for year, count in yearly_totals(release, stream=stream).items()
        if until is None or year < until.year or (until.month, until.day) == (12, 31)
    }


def _cells(release: Release, key: str) -> list[dict[str, Any]]:
    table = PublishedTable.objects.filter(release=release, key=key).only("cells").first()
    if table is None:
        return []
    return [cell for cell in table.cells if isinstance(cell, dict)]


def _count(cell: dict[str, Any]) -> Count:
    value = cell.get("value")
    display = str(cell.get("display", value if value is not None else "x"))
    return Count(value=int(value) if isinstance(value, int) else None, display=display)


def _total_cells(release: Release, stream: str) -> list[dict[str, Any]]:
    """Cells of TREND_TABLE and, for all streams, of ALL_STREAMS_TABLE (no quarter there: all
    quarters). A cell counted in both is one cell with one value (disclosure control)."""
    cells = _cells(release, TREND_TABLE)
    if stream == ALL:
        cells += [{**c, "quarter": ALL} for c in _cells(release, ALL_STREAMS_TABLE)]
    return cells


def yearly_totals(release: Release, *, stream: str = ALL) -> dict[int, Count]:
    """The national total of each year (all quarters, all provinces), oldest first."""
    found: dict[int, Count] = {}
    for cell in _total_cells(release, stream):
        if (
            cell.get("stream") == stream
            and cell.get("province") == ALL
            and cell.get("quarter") == ALL
            and isinstance(cell.get("year"), int)
        ):
            found[cell["year"]] = _count(cell)
    return dict(sorted(found.items()))


def province_totals(release: Release, *, year: int, stream: str = ALL) -> dict[str, Count]:
    """Each province's total for a year, keyed by province code ("unknown" left out)."""
    return {
        str(cell["province"]): _count(cell)
        for cell in _total_cells(release, stream)
        if cell.get("stream") == stream
        and cell.get("year") == year
        and cell.get("quarter") == ALL
        and cell.get("province") not in (ALL, "unknown", None)
    }


def official_figures() -> list[OfficialFigure]:
    """Every official figure, through the evidence app (public information)."""
    return list(evidence_selectors.official_figures())

"""Releases: every published table computed at once, disclosure-controlled, versioned.

`release_compute` is the only writer; it runs as a background job (`awaaz stats_release`, from
cron), never on a request. Counts come from a few GROUP BY queries through the evidence selectors
(`GRAINS`), summed down to each table; the Python here only works on grouped counts (tens of
thousands of rows at most), never on incidents.
The shape of a table is documented in docs/statistics.md (§Tables).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.evidence import selectors as evidence
from awaaz.places import selectors as places
from awaaz.stats import disclosure, opendata
from awaaz.stats.disclosure import TOTAL, CellId, Line
from awaaz.stats.models import PublishedTable, Release, ReleaseStatus

UNKNOWN = "unknown"
DEFAULT_PARAMETERS: dict[str, int] = {
    "survivor_threshold": 10,
    "news_threshold": 5,
    "rounding_base": 0,
    # 1: random rounding (up with probability remainder/base, Stats NZ); 0: to the nearest.
    "random_rounding": 0,
    # A month is published once this many days have passed since its last day.
    "lag_days": 30,
}
SURVIVOR = "survivor_report"
# Districts with fewer incidents in a year than the district threshold are merged into one row
# per province, "other districts" (docs/statistics.md, "Small areas").
OTHER_DISTRICTS = "other"
# Below this count a rate is unreliable (CDC); its exact Poisson interval is published with it.
RELIABLE_COUNT = 16


@dataclass(frozen=True)
class TableSpec:
    key: str
    slices: tuple[str, ...]
    row: str
    column: str
    totals: bool = True
    # "rate" adds rates per 100,000 to the row totals; "fir_share" the share with an FIR.
    extra: str = ""

    @property
    def dimensions(self) -> tuple[str, ...]:
        return (*self.slices, self.row, self.column)


_BY_STREAM_YEAR = ("stream", "year")
TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec("quarter_by_province", _BY_STREAM_YEAR, "province", "quarter"),
    TableSpec("district_by_stream", ("year", "province"), "district", "stream"),
    TableSpec("gender_by_province", _BY_STREAM_YEAR, "province", "gender"),
    TableSpec("age_band_by_province", _BY_STREAM_YEAR, "province", "age_band"),
    TableSpec("gbv_type_by_province", _BY_STREAM_YEAR, "province", "gbv_type"),
    TableSpec("sahil_category_by_province", _BY_STREAM_YEAR, "province", "sahil_category"),
    TableSpec("age_band_by_gender", _BY_STREAM_YEAR, "age_band", "gender"),
    TableSpec("gbv_type_by_gender", _BY_STREAM_YEAR, "gbv_type", "gender"),
    TableSpec("sahil_category_by_gender", _BY_STREAM_YEAR, "sahil_category", "gender"),
    TableSpec("place_type_by_gender", _BY_STREAM_YEAR, "place_type", "gender"),
    TableSpec("fir_status_by_province", _BY_STREAM_YEAR, "province", "fir_status", extra="fir"),
    TableSpec("relationship_by_gender", _BY_STREAM_YEAR, "relationship", "gender", totals=False),
    TableSpec("rate_by_province", ("year",), "province", "stream", extra="rate"),
    TableSpec("rate_by_district", ("year", "province"), "district", "stream", extra="rate"),
)
QUARTERS = ["Q1", "Q2", "Q3", "Q4"]
# The GROUP BY queries a release runs: each table is summed from the first grain that holds all
# its dimensions, so five scans of the incidents serve thirteen tables. A table counted with
# DISTINCT (the relationship table: one incident, several accused) is never summed from a grain;
# it gets its own query.
GRAINS: tuple[tuple[str, ...], ...] = (
    ("stream", "year", "quarter", "province", "district"),
    ("stream", "year", "province", "gender", "age_band"),
    ("stream", "year", "province", "gender", "gbv_type", "sahil_category"),
    ("stream", "year", "province", "gender", "place_type", "fir_status"),
)


def table_keys() -> list[str]:
    return [spec.key for spec in TABLE_SPECS]


def release_latest() -> Release | None:
    """The newest published release, or None before the first."""
    return Release.objects.filter(status=ReleaseStatus.PUBLISHED).order_by("-version").first()


def release_get(*, version: int) -> Release:
    """A published release by its version; Release.DoesNotExist for any other."""
    return Release.objects.get(version=version, status=ReleaseStatus.PUBLISHED)


def table_get(release: Release, key: str) -> PublishedTable:
    """One table of a release; PublishedTable.DoesNotExist for an unknown key."""
    return PublishedTable.objects.get(release=release, key=key)


def _parameters(given: Mapping[str, Any] | None) -> dict[str, int]:
    parameters = dict(DEFAULT_PARAMETERS)
    for name, value in (given or {}).items():
        if name not in DEFAULT_PARAMETERS:
            raise ValidationError(_("Unknown release parameter: %(name)s.") % {"name": name})
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(_("%(name)s must be a whole number.") % {"name": name})
        parameters[name] = value
    for name in ("survivor_threshold", "news_threshold"):
        if not disclosure.MIN_THRESHOLD <= parameters[name] <= 100:
            raise ValidationError(
                _("%(name)s must be between %(low)s and 100.")
                % {"name": name, "low": disclosure.MIN_THRESHOLD}
            )
    if parameters["news_threshold"] > parameters["survivor_threshold"]:
        raise ValidationError(_("The news threshold may not exceed the survivor threshold."))
    if not 0 <= parameters["rounding_base"] <= 10 or parameters["rounding_base"] == 1:
        raise ValidationError(_("The rounding base must be 0 (no rounding) or from 2 to 10."))
    if parameters["random_rounding"] not in (0, 1):
        raise ValidationError(_("Random rounding is 1 (on) or 0 (off)."))
    if not 0 <= parameters["lag_days"] <= 366:
        raise ValidationError(_("The publication lag must be from 0 to 366 days."))
    return parameters


def published_until(today: datetime.date, lag_days: int) -> datetime.date:
    """The last day counted: the end of the latest month that ended at least `lag_days` ago."""
    day = today - datetime.timedelta(days=lag_days) + datetime.timedelta(days=1)
    return day.replace(day=1) - datetime.timedelta(days=1)


def merge_small_districts(rows: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """Rows of a table by district, with every district whose yearly total (all its rows) is
    below `k` merged into one "other districts" row of its province; when only one district
    would be merged, the next smallest joins it, so the merged row never stands for one named
    district. Incidents with no district ("unknown") are left as they are."""
    totals: dict[tuple[Any, Any, Any], int] = defaultdict(int)
    for row in rows:
        totals[(row["year"], row["province"], row["district"])] += row["count"]
    by_slice: dict[tuple[Any, Any], list[tuple[int, Any]]] = defaultdict(list)
    for (year, province, district), count in totals.items():
        if district is not None and district != UNKNOWN:
            by_slice[(year, province)].append((count, district))
    merged: set[tuple[Any, Any, Any]] = set()
    for (year, province), districts in by_slice.items():
        ordered = sorted(districts, key=lambda item: (item[0], str(item[1])))
        small = [d for count, d in ordered if count < k]
        if len(small) == 1 and len(ordered) > 1:
            small.append(ordered[1][1])
        merged.update((year, province, d) for d in small)
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        if (row["year"], row["province"], row["district"]) in merged:
            row = {**row, "district": OTHER_DISTRICTS}
        key = tuple(v for name, v in row.items() if name != "count")
        if key in out:
            out[key]["count"] += row["count"]
        else:
            out[key] = dict(row)
    return list(out.values())


def rate_interval(count: int, people: int) -> tuple[float, float]:
    """Exact (Garwood) 95% Poisson interval of a rate per 100,000."""
    from scipy.stats import chi2  # type: ignore[import-untyped]

    low = chi2.ppf(0.025, 2 * count) / 2 if count > 0 else 0.0
    high = chi2.ppf(0.975, 2 * count + 2) / 2
    return round(low * 100_000 / people, 1), round(high * 100_000 / people, 1)


def _rounding_key() -> bytes:
    # The site's secret, so that nobody outside can redo a draw (disclosure.round_randomly).
    return hashlib.sha256(b"awaaz.stats.rounding:" + settings.SECRET_KEY.encode()).digest()


def _code(name: str, value: Any) -> Any:
    if value is None or value == "":
        return UNKNOWN
    if name == "quarter":
        return f"Q{value}"
    return value


def _includes_survivor_reports(cell: CellId) -> bool:
    stream = dict(cell).get("stream")
    return stream is None or stream == SURVIVOR


class _Builder:
    """Counts for every table, then one disclosure pass over all of them together, so a cell
    printed in several tables is hidden in all of them or in none."""

    def __init__(self, parameters: Mapping[str, int], until: datetime.date) -> None:
        self.parameters = parameters
        # Quarters after the last day counted are not printed: they are not zeros.
        self.last_quarter = (until.year, QUARTERS[(until.month - 1) // 3])
        self.populations: dict[str, dict[Any, int | None]] = {}
        self.codes = evidence.incident_dimension_codes()
        self.codes["quarter"] = QUARTERS
        self.values: dict[CellId, int] = {}
        self.lines: list[Line] = []
        self.layout: dict[str, list[dict[str, Any]]] = {}

    def population(self, level: str) -> dict[Any, int | None]:
        """Population by province or district code; a merged "other districts" row is keyed
        (year, province, "other") and has the population of the districts merged into it."""
        if level not in self.populations:
            self.populations[level] = dict(
                places.population_by_district()
                if level == "district"
                else places.population_by_province()
            )
        return self.populations[level]

    def note_merged(self, rows: list[dict[str, Any]], merged: list[dict[str, Any]]) -> None:
        """Record each (year, province)'s "other districts" population: the sum of the
        populations of the districts merged into it (None if one is not known)."""
        people = self.population("district")
        before = {(r["year"], r["province"], r["district"]) for r in rows}
        after = {(r["year"], r["province"], r["district"]) for r in merged}
        groups: dict[tuple[Any, Any], list[int | None]] = defaultdict(list)
        for year, province, district in sorted(before - after, key=repr):
            groups[(year, province)].append(people.get(district))
        for (year, province), members in groups.items():
            total = None if None in members else sum(m or 0 for m in members)
            people[(year, province, OTHER_DISTRICTS)] = total

    def threshold(self, cell: CellId) -> int:
        if _includes_survivor_reports(cell) or "district" in dict(cell):
            return self.parameters["survivor_threshold"]
        return self.parameters["news_threshold"]

    def add(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        by_slice: dict[tuple[Any, ...], dict[tuple[Any, Any], int]] = defaultdict(dict)
        for row in rows:
            key = tuple(_code(d, row[d]) for d in spec.slices)
            by_slice[key][
                (_code(spec.row, row[spec.row]), _code(spec.column, row[spec.column]))
            ] = row["count"]
        layout: list[dict[str, Any]] = []
        for slice_key, counts in sorted(by_slice.items(), key=lambda item: repr(item[0])):
            base = dict(zip(spec.slices, slice_key, strict=True))
            row_keys = sorted({r for r, _c in counts}, key=repr)
            col_keys = list(self.codes.get(spec.column, [])) or sorted(
                {c for _r, c in counts}, key=repr
            )
            col_keys += sorted({c for _r, c in counts} - set(col_keys), key=repr)
            if spec.column == "quarter" and base.get("year") == self.last_quarter[0]:
                col_keys = col_keys[: QUARTERS.index(self.last_quarter[1]) + 1]

            def ident(r: Any, c: Any, base: dict[str, Any] = base) -> CellId:
                return disclosure.cell_id({**base, spec.row: r, spec.column: c})

            every_row = [*row_keys, TOTAL] if spec.totals else row_keys
            every_col = [*col_keys, TOTAL] if spec.totals else col_keys
            for r in every_row:
                for c in every_col:
                    if r == TOTAL and c == TOTAL:
                        value = sum(counts.values())
                    elif r == TOTAL:
                        value = sum(v for (_r, cc), v in counts.items() if cc == c)
                    elif c == TOTAL:
                        value = sum(v for (rr, _c), v in counts.items() if rr == r)
                    else:
                        value = counts.get((r, c), 0)
                    self.values[ident(r, c)] = value
                    layout.append({**base, spec.row: r, spec.column: c})
            if spec.totals:
                self.lines += disclosure.grid_lines(row_keys, col_keys, ident)
        self.layout[spec.key] = layout

    def cells(
        self, spec: TableSpec, hidden: Mapping[CellId, disclosure.Kind]
    ) -> list[dict[str, Any]]:
        rounding = self.parameters["rounding_base"]
        population: dict[Any, int | None] = {}
        if spec.extra == "rate":
            population = self.population(spec.row)
        out: list[dict[str, Any]] = []
        for place in self.layout[spec.key]:
            ident = disclosure.cell_id(place)
            true = self.values[ident]
            kind = hidden.get(ident)
            value: int | None = None if kind else true
            cell: dict[str, Any] = {**place, "value": value, "suppressed": kind is not None}
            if value is not None and rounding and _includes_survivor_reports(ident):
                value = (
                    disclosure.round_randomly(value, rounding, ident, _rounding_key())
                    if self.parameters["random_rounding"]
                    else disclosure.round_to(value, rounding)
                )
                cell["value"] = value
                cell["rounded"] = True
            cell["display"] = disclosure.display(value, kind, self.threshold(ident))
            if spec.extra == "rate" and place[spec.column] == TOTAL and place[spec.row] != TOTAL:
                row_key = place[spec.row]
                if row_key == OTHER_DISTRICTS:
                    row_key = (place["year"], place["province"], OTHER_DISTRICTS)
                people = population.get(row_key)
                cell["population"] = people
                # From the true count, and only where that count is itself published; with
                # its exact 95% interval, and marked unreliable below RELIABLE_COUNT.
                published = kind is None and bool(people)
                cell["rate"] = round(true * 100_000 / people, 1) if published and people else None
                low, high = rate_interval(true, people) if published and people else (None, None)
                cell["rate_low"], cell["rate_high"] = low, high
                cell["rate_reliable"] = true >= RELIABLE_COUNT if published else None
            if spec.extra == "fir" and place[spec.column] == "registered":
                row_total = disclosure.cell_id({**place, spec.column: TOTAL})
                denominator = self.values.get(row_total, 0)
                published = kind is None and row_total not in hidden and denominator > 0
                cell["share"] = round(100 * true / denominator, 1) if published else None
            out.append(cell)
        return out


def _grain_for(spec: TableSpec) -> tuple[str, ...] | None:
    if "relationship" in spec.dimensions:
        return None
    return next((g for g in GRAINS if set(spec.dimensions) <= set(g)), None)


def release_groupings() -> list[tuple[str, ...]]:
    """The GROUP BY groupings a release runs, in order: its grains, and the tables counted on
    their own."""
    out: list[tuple[str, ...]] = []
    for spec in TABLE_SPECS:
        grouping = _grain_for(spec) or spec.dimensions
        if grouping not in out:
            out.append(grouping)
    return out


def _table_counts(until: datetime.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table's grouped counts ({dimension: value, ..., "count": n} per group) of the
    incidents up to `until`, from one GROUP BY query per grain summed down to each table."""
    grains: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for spec in TABLE_SPECS:
        grain = _grain_for(spec)
        if grain is None:
            out[spec.key] = evidence.incident_counts(dimensions=spec.dimensions, until=until)
            continue
        if grain not in grains:
            grains[grain] = evidence.incident_counts(dimensions=grain, until=until)
        sums: dict[tuple[Any, ...], int] = defaultdict(int)
        for row in grains[grain]:
            sums[tuple(row[d] for d in spec.dimensions)] += row["count"]
        out[spec.key] = [
            {**dict(zip(spec.dimensions, key, strict=True)), "count": count}
            for key, count in sums.items()
        ]
    return out


def _checksum(tables: list[dict[str, Any]]) -> str:
    canonical = json.dumps(
        sorted(tables, key=lambda t: t["key"]), sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def release_compute(
    *,
    actor: User | None,
    publish: bool = True,
    parameters: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> Release:
    """Compute every table from the incident records into a new release, in one transaction.

    Counts are taken with GROUP BY queries; every cell then passes disclosure control across
    all tables at once (docs/statistics.md). Bad parameters raise ValidationError and nothing is
    written. A published release is what the pages and the API serve from then on. Incidents
    of the last months are left out until `lag_days` have passed since the end of their month
    (`today`: the local date, unless given).
    """
    return _release_store(_computed(parameters, today), actor=actor, publish=publish)


def release_compute_if_changed(
    *,
    actor: User | None,
    parameters: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> Release | None:
    """Like `release_compute` (published), for `awaaz setup`, which may run any number of times:
    nothing is stored, and None returned, while no dated incident is on record or when the tables
    and parameters are those of the latest published release."""
    computed = _computed(parameters, today)
    latest = release_latest()
    if computed.counted == 0 or (
        latest is not None
        and latest.checksum == computed.checksum
        and latest.parameters == computed.parameters
    ):
        return None
    return _release_store(computed, actor=actor, publish=True)


@dataclass(frozen=True)
class _Computed:
    tables: list[dict[str, Any]]
    hidden: int
    parameters: dict[str, Any]
    checksum: str
    counted: int
    demo: int


def _computed(parameters: Mapping[str, Any] | None, today: datetime.date | None) -> _Computed:
    chosen = _parameters(parameters)
    until = published_until(today or timezone.localdate(), chosen["lag_days"])
    builder = _Builder(chosen, until)
    counts = _table_counts(until)
    for spec in TABLE_SPECS:
        rows = counts[spec.key]
        if "district" in spec.dimensions:
            merged = merge_small_districts(rows, chosen["survivor_threshold"])
            builder.note_merged(rows, merged)
            rows = merged
        builder.add(spec, rows)
    hidden = disclosure.suppress(builder.values, builder.lines, builder.threshold)
    tables: list[dict[str, Any]] = [
        {
            "key": spec.key,
            "dimensions": list(spec.dimensions),
            "row_dimension": spec.row,
            "column_dimension": spec.column,
            "has_totals": spec.totals,
            "cells": builder.cells(spec, hidden),
        }
        for spec in TABLE_SPECS
    ]
    _total, undated = evidence.incident_totals()
    # Every dated incident up to `until` once (this table joins nothing that could repeat one).
    counted = sum(row["count"] for row in counts["quarter_by_province"])
    demo = evidence.incident_demo_count(until=until)
    return _Computed(
        tables=tables,
        hidden=len(hidden),
        parameters={
            **chosen,
            "published_until": until.isoformat(),
            "tables": table_keys(),
            "undated_incidents": undated,
            "demo_incidents": demo,
        },
        checksum=_checksum(tables),
        counted=counted,
        demo=demo,
    )


def _release_store(computed: _Computed, *, actor: User | None, publish: bool) -> Release:
    tables = computed.tables
    if publish and computed.demo and settings.PRODUCTION:
        raise ValidationError(
            _(
                "This release would count %(count)s invented demonstration incidents; production "
                "never publishes them. Delete the demonstration incidents (is_demo) first."
            )
            % {"count": computed.demo}
        )
    with transaction.atomic():
        latest = Release.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        now = timezone.now()
        release = Release.objects.create(
            version=latest + 1,
            created_at=now,
            published_at=now if publish else None,
            status=ReleaseStatus.PUBLISHED if publish else ReleaseStatus.DRAFT,
            parameters=computed.parameters,
            checksum=computed.checksum,
            incident_count=computed.counted,
            contains_demo=computed.demo > 0,
            created_by=actor if actor is not None and actor.pk else None,
        )
        PublishedTable.objects.bulk_create(
            PublishedTable(
                release=release,
                key=t["key"],
                dimensions=t["dimensions"],
                row_dimension=t["row_dimension"],
                column_dimension=t["column_dimension"],
                has_totals=t["has_totals"],
                cells=t["cells"],
            )
            for t in tables
        )
        files = opendata.release_files_build(release)
        audit_record(
            actor=actor,
            action="stats.release_compute",
            obj=release,
            detail={
                "version": release.version,
                "tables": len(tables),
                "hidden_cells": computed.hidden,
                "files": files,
            },
        )
    return release

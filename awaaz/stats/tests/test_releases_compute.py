"""A release computed from a small, fictional set of incidents: what a reader of the tables
would see, and what they must never be able to see."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from collections import defaultdict
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from awaaz.core.models import AuditEvent
from awaaz.evidence import selectors as evidence_selectors
from awaaz.evidence.models import Incident, Perpetrator, Victim
from awaaz.places.models import District, Province
from awaaz.stats import opendata, releases
from awaaz.stats.models import PublishedTable, Release, ReleaseFile, ReleaseStatus
from awaaz.stats.releases import (
    release_compute,
    release_get,
    release_latest,
    table_get,
    table_keys,
)

pytestmark = pytest.mark.django_db


def _incidents(
    n: int,
    *,
    district: District | None,
    stream: str = "news",
    gender: str = "girl",
    day: datetime.date | None = datetime.date(2024, 2, 10),
    fir: str = "not_stated",
    relationships: tuple[str, ...] = (),
) -> None:
    for _ in range(n):
        incident = Incident.objects.create(
            stream=stream,
            occurred_on=day,
            district=district,
            gbv_type="rape",
            iccs_code="03011",
            sahil_category="rape" if gender == "girl" else "sodomy",
            fir_status=fir,
        )
        Victim.objects.create(incident=incident, gender=gender, age_band="11-15")
        for relationship in relationships:
            Perpetrator.objects.create(incident=incident, relationship=relationship)


@pytest.fixture
def data() -> dict[str, Any]:
    punjab = Province.objects.create(
        code="PK-PB",
        slug="punjab-t",
        name_en="Punjab",
        name_ur="پنجاب",
        kind="province",
        population=127_000_000,
    )
    kasur = District.objects.create(
        code="kasur-t", province=punjab, name_en="Kasur", name_ur="قصور", population=4_000_000
    )
    lahore = District.objects.create(
        code="lahore-t", province=punjab, name_en="Lahore", name_ur="لاہور"
    )
    sindh = Province.objects.create(
        code="PK-SD", slug="sindh-t", name_en="Sindh", name_ur="سندھ", kind="province"
    )
    karachi = District.objects.create(
        code="karachi-t", province=sindh, name_en="Karachi", name_ur="کراچی"
    )
    _incidents(12, district=kasur, gender="girl", fir="registered")
    _incidents(18, district=kasur, gender="boy", relationships=("teacher", "neighbour"))
    _incidents(2, district=kasur, stream="survivor_report", gender="man")
    _incidents(3, district=lahore, gender="boy")
    _incidents(25, district=lahore, gender="girl")
    _incidents(15, district=lahore, stream="survivor_report", gender="woman")
    _incidents(20, district=karachi, gender="girl")
    _incidents(15, district=karachi, gender="boy")
    _incidents(12, district=karachi, stream="survivor_report", gender="woman")
    _incidents(4, district=kasur, day=None)  # undated: in no yearly table
    return {"kasur": kasur, "lahore": lahore}


def _cells(table: PublishedTable, **where: Any) -> list[dict[str, Any]]:
    return [c for c in table.cells if all(c.get(k) == v for k, v in where.items())]


def _cell(table: PublishedTable, **where: Any) -> dict[str, Any]:
    (found,) = [
        c
        for c in _cells(table, **where)
        if all(c[d] != "*" or d in where for d in table.dimensions)
    ]
    return found


def test_a_release_has_every_table_and_is_served_as_the_latest(data: dict[str, Any]) -> None:
    assert release_latest() is None
    release = release_compute(actor=None)
    assert release.version == 1
    assert release.status == ReleaseStatus.PUBLISHED
    assert sorted(t.key for t in release.tables.all()) == sorted(table_keys())
    assert release_latest() == release
    assert release.incident_count == 122
    assert release.parameters["undated_incidents"] == 4
    assert release.parameters["survivor_threshold"] == 10
    second = release_compute(actor=None)
    assert second.version == 2
    assert release_latest() == second
    assert release_get(version=1) == release
    with pytest.raises(PublishedTable.DoesNotExist):
        table_get(second, "no_such_table")


def test_a_draft_is_not_served(data: dict[str, Any]) -> None:
    draft = release_compute(actor=None, publish=False)
    assert release_latest() is None
    with pytest.raises(Release.DoesNotExist):
        release_get(version=draft.version)


def test_small_counts_are_hidden_and_large_ones_shown(data: dict[str, Any]) -> None:
    release = release_compute(actor=None)
    districts = table_get(release, "district_by_stream")
    survivors = _cell(districts, year=2024, district="kasur-t", stream="survivor_report")
    assert survivors == {**survivors, "value": None, "suppressed": True, "display": "<10"}
    # Kasur's news count would give the 2 away (32 - 30): it is hidden too, as "x".
    news = _cell(districts, year=2024, district="kasur-t", stream="news")
    assert (news["value"], news["display"]) == (None, "x")
    kasur = _cell(districts, year=2024, district="kasur-t", stream="*")
    assert (kasur["value"], kasur["display"]) == (32, "32")
    # Provincial news tables use the lower threshold of 5: 18 boys and 12 girls are shown.
    genders = table_get(release, "gender_by_province")
    boys = _cell(genders, stream="news", year=2024, province="PK-PB", gender="boy")
    assert (boys["value"], boys["display"]) == (21, "21")
    assert _cell(genders, stream="news", year=2024, province="PK-PB", gender="woman")["value"] == 0


def test_no_row_or_column_of_any_table_has_exactly_one_hidden_cell(data: dict[str, Any]) -> None:
    release = release_compute(actor=None)
    checked = 0
    for table in release.tables.filter(has_totals=True):
        lines: dict[tuple[Any, ...], list[bool]] = defaultdict(list)
        for cell in table.cells:
            slice_key = tuple(cell[d] for d in table.dimensions[:-2])
            lines[("row", slice_key, cell[table.row_dimension])].append(cell["suppressed"])
            lines[("col", slice_key, cell[table.column_dimension])].append(cell["suppressed"])
        for hidden in lines.values():
            assert sum(hidden) != 1
            checked += 1
    assert checked > 50


def test_a_cell_is_hidden_in_every_table_that_prints_it(data: dict[str, Any]) -> None:
    """Linked tables: the same count (here, Lahore's or Kasur's) is hidden everywhere or
    nowhere, so one table cannot give away what another hides."""
    release = release_compute(actor=None)
    seen: dict[tuple[Any, ...], set[bool]] = defaultdict(set)
    for table in release.tables.filter(has_totals=True):
        for cell in table.cells:
            ident = tuple(sorted((d, cell[d]) for d in table.dimensions if cell[d] != "*"))
            seen[ident].add(cell["suppressed"])
    assert all(len(flags) == 1 for flags in seen.values())
    shared = table_get(release, "rate_by_district")
    assert shared.cells != []


def test_rates_per_100000_only_where_the_population_is_known(data: dict[str, Any]) -> None:
    release = release_compute(actor=None)
    rates = table_get(release, "rate_by_district")
    kasur = _cell(rates, year=2024, province="PK-PB", district="kasur-t", stream="*")
    assert (kasur["value"], kasur["population"], kasur["rate"]) == (32, 4_000_000, 0.8)
    lahore = _cell(rates, year=2024, province="PK-PB", district="lahore-t", stream="*")
    assert lahore["rate"] is None
    provinces = table_get(release, "rate_by_province")
    punjab = _cell(provinces, year=2024, province="PK-PB", stream="*")
    assert (punjab["value"], punjab["rate"]) == (75, round(75 * 100_000 / 127_000_000, 1))


def test_share_with_an_fir(data: dict[str, Any]) -> None:
    release = release_compute(actor=None)
    fir = table_get(release, "fir_status_by_province")
    registered = _cell(fir, stream="news", year=2024, province="PK-PB", fir_status="registered")
    assert (registered["value"], registered["share"]) == (12, round(100 * 12 / 58, 1))


def test_an_incident_counts_once_under_each_relationship(data: dict[str, Any]) -> None:
    release = release_compute(actor=None)
    table = table_get(release, "relationship_by_gender")
    assert not table.has_totals
    teacher = _cell(table, stream="news", year=2024, relationship="teacher", gender="boy")
    assert teacher["value"] == 18
    assert not _cells(table, gender="*")


def test_rounding_applies_to_counts_with_survivor_reports(data: dict[str, Any]) -> None:
    release = release_compute(actor=None, parameters={"rounding_base": 5})
    rates = table_get(release, "rate_by_province")
    survivors = _cell(rates, year=2024, province="PK-PB", stream="survivor_report")
    assert (survivors["value"], survivors["display"], survivors["rounded"]) == (15, "15", True)
    news = _cell(rates, year=2024, province="PK-PB", stream="news")
    assert news["value"] == 58
    assert "rounded" not in news


def test_checksum_is_of_the_stored_tables_and_stable(data: dict[str, Any]) -> None:
    first = release_compute(actor=None)
    second = release_compute(actor=None)
    assert first.checksum == second.checksum
    tables = [
        {
            "key": t.key,
            "dimensions": t.dimensions,
            "row_dimension": t.row_dimension,
            "column_dimension": t.column_dimension,
            "has_totals": t.has_totals,
            "cells": t.cells,
        }
        for t in sorted(first.tables.all(), key=lambda t: t.key)
    ]
    canonical = json.dumps(tables, sort_keys=True, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == first.checksum


def test_the_release_is_audited(data: dict[str, Any], django_user_model: Any) -> None:
    coordinator = django_user_model.objects.create_user(username="coordinator-t")
    release = release_compute(actor=coordinator)
    event = AuditEvent.objects.get(action="stats.release_compute")
    assert (event.actor, event.object_id) == (coordinator, str(release.pk))
    assert release.created_by == coordinator


@pytest.mark.parametrize(
    "parameters",
    [
        {"survivor_threshold": 1},
        {"news_threshold": 20},
        {"rounding_base": 1},
        {"rounding_base": "5"},
        {"threshold": 10},
    ],
)
def test_bad_parameters_are_refused_and_nothing_is_written(
    data: dict[str, Any], parameters: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        release_compute(actor=None, parameters=parameters)
    assert not Release.objects.exists()


def test_the_command_publishes_a_release_and_refuses_bad_thresholds(
    data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("stats_release")
    assert "release 1 (published): 14 tables, 122 incidents" in capsys.readouterr().out
    with pytest.raises(CommandError, match="between"):
        call_command("stats_release", "--survivor-threshold", "2")
    assert Release.objects.count() == 1


def test_tables_summed_from_the_grains_equal_their_own_group_by(data: dict[str, Any]) -> None:
    # Dates in every quarter and across a year boundary, one moved later on.
    kasur = data["kasur"]
    for day in ("2023-12-31", "2024-01-01", "2024-04-30", "2024-07-01", "2024-09-30"):
        _incidents(2, district=kasur, gender="boy", day=datetime.date.fromisoformat(day))
    moved = Incident.objects.filter(occurred_on=datetime.date(2024, 4, 30)).first()
    assert moved is not None
    moved.occurred_on = datetime.date(2025, 11, 2)
    moved.save(update_fields=["occurred_on"])
    moved.refresh_from_db()
    assert (moved.occurred_year, moved.occurred_quarter) == (2025, 4)
    summed = releases._table_counts()
    for spec in releases.TABLE_SPECS:
        direct = evidence_selectors.incident_counts(dimensions=spec.dimensions)

        def key(row: dict[str, Any]) -> str:
            return repr(sorted(row.items()))

        assert sorted(summed[spec.key], key=key) == sorted(direct, key=key), spec.key
    quarters = {
        (row["year"], row["quarter"]): row["count"]
        for row in evidence_selectors.incident_counts(dimensions=("year", "quarter"))
    }
    assert quarters == {(2023, 4): 2, (2024, 1): 124, (2024, 2): 1, (2024, 3): 4, (2025, 4): 1}


def test_setup_publishes_a_release_once_and_again_only_when_the_data_changed(
    data: dict[str, Any],
) -> None:
    call_command("setup", "--no-demo", stdout=io.StringIO())
    first = release_latest()
    assert first is not None
    assert first.incident_count == 122
    call_command("setup", "--no-demo", stdout=io.StringIO())
    assert Release.objects.count() == 1
    _incidents(11, district=data["lahore"], gender="boy")
    out = io.StringIO()
    call_command("stats_release", "--if-changed", stdout=out)
    assert "release 2 (published)" in out.getvalue()
    assert release_latest().incident_count == 133  # type: ignore[union-attr]
    # Other thresholds give other tables: a new release even with the same incidents.
    call_command("stats_release", "--if-changed", "--survivor-threshold", "11", stdout=out)
    assert Release.objects.count() == 3


def test_no_release_while_no_incident_is_on_record() -> None:
    out = io.StringIO()
    call_command("stats_release", "--if-changed", stdout=out)
    assert "no new release" in out.getvalue()
    assert not Release.objects.exists()
    with pytest.raises(CommandError, match="draft"):
        call_command("stats_release", "--if-changed", "--draft")


def test_spreadsheets_are_written_with_the_release_and_served_as_stored(
    data: dict[str, Any], client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = release_compute(actor=None)
    files = {(f.language, f.key, f.fmt): f for f in ReleaseFile.objects.filter(release=release)}
    assert set(files) == {(lang, key, "xlsx") for lang in ("en", "ur") for key in table_keys()}
    stored = files[("en", "district_by_stream", "xlsx")]
    assert stored.sha256 == hashlib.sha256(bytes(stored.content)).hexdigest()
    assert files[("ur", "district_by_stream", "xlsx")].sha256 != stored.sha256  # Urdu labels

    def no_writing(*args: Any) -> bytes:
        raise AssertionError("a stored spreadsheet is not written again")

    monkeypatch.setattr(opendata, "as_xlsx", no_writing)
    base = f"/en/statistics/open-data/{release.version}/"
    download = client.get(base + "district_by_stream.xlsx")
    assert download.status_code == 200
    assert download.content == bytes(stored.content)
    assert download["X-Checksum-SHA256"] == stored.sha256
    # The checksum is on the downloads page and in SHA256SUMS, nothing written to list it.
    assert stored.sha256 in client.get("/en/statistics/open-data/").content.decode()
    sums = client.get(base + "SHA256SUMS").content.decode()
    assert f"{stored.sha256}  awaaz-{release.version}-district_by_stream.xlsx" in sums


def test_recent_months_wait_for_the_publication_lag(data: dict[str, Any]) -> None:
    assert releases.published_until(datetime.date(2026, 11, 21), 30) == datetime.date(2026, 9, 30)
    assert releases.published_until(datetime.date(2026, 11, 30), 30) == datetime.date(2026, 10, 31)
    assert releases.published_until(datetime.date(2026, 11, 21), 0) == datetime.date(2026, 10, 31)
    _incidents(20, district=data["lahore"], day=datetime.date(2024, 3, 31))
    _incidents(20, district=data["lahore"], day=datetime.date(2024, 4, 1))
    release = release_compute(actor=None, today=datetime.date(2024, 5, 1))
    assert release.parameters["lag_days"] == 30
    assert release.parameters["published_until"] == "2024-03-31"
    assert release.incident_count == 142  # April's 20 wait until 30 May
    quarters = table_get(release, "quarter_by_province")
    assert not _cells(quarters, quarter="Q2")
    later = release_compute(actor=None, today=datetime.date(2024, 5, 30))
    assert later.incident_count == 162
    assert _cell(table_get(later, "quarter_by_province"), stream="news", year=2024,
                 province="PK-PB", quarter="Q2")["value"] == 20  # fmt: skip
    with pytest.raises(ValidationError):
        release_compute(actor=None, parameters={"lag_days": -1})


def test_districts_with_few_incidents_are_merged_before_suppression(
    data: dict[str, Any],
) -> None:
    punjab = data["kasur"].province
    small = [
        District.objects.create(
            code=f"small-{n}-t", province=punjab, name_en=f"Small {n}", name_ur="چھوٹا",
            population=population,
        )
        for n, population in ((1, 100_000), (2, 300_000), (3, 600_000))
    ]  # fmt: skip
    _incidents(2, district=small[0])
    _incidents(3, district=small[1])
    _incidents(12, district=small[2])
    release = release_compute(actor=None)
    table = table_get(release, "district_by_stream")
    districts = {c["district"] for c in _cells(table, year=2024, province="PK-PB")}
    assert districts == {"kasur-t", "lahore-t", "small-3-t", "other", "*"}
    other = _cell(table, year=2024, province="PK-PB", district="other", stream="*")
    assert (other["value"], other["display"]) == (None, "<10")  # 2 + 3 together, still small
    rates = table_get(release, "rate_by_district")
    other_rate = _cell(rates, year=2024, province="PK-PB", district="other", stream="*")
    assert other_rate["population"] == 400_000
    # One small district alone is merged with the next smallest, never named on its own.
    rows = [
        {"year": 2024, "province": "PK-SD", "district": d, "stream": "news", "count": n}
        for d, n in (("a", 4), ("b", 30), ("c", 50))
    ]
    merged = releases.merge_small_districts(rows, 10)
    assert sorted((r["district"], r["count"]) for r in merged) == [("c", 50), ("other", 34)]


def test_rates_carry_an_exact_interval_and_small_counts_are_marked(data: dict[str, Any]) -> None:
    # Garwood's exact 95% interval for 10 events: 4.795 to 18.39.
    assert releases.rate_interval(10, 100_000) == (4.8, 18.4)
    assert releases.rate_interval(0, 100_000) == (0.0, 3.7)
    release = release_compute(actor=None)
    rates = table_get(release, "rate_by_district")
    kasur = _cell(rates, year=2024, province="PK-PB", district="kasur-t", stream="*")
    assert kasur["rate_low"] < kasur["rate"] < kasur["rate_high"]
    assert kasur["rate_reliable"] is True
    karachi = _cell(rates, year=2024, province="PK-SD", district="karachi-t", stream="*")
    assert karachi["rate"] is None  # no population known
    assert karachi["rate_low"] is None


def test_random_rounding_is_a_setting(data: dict[str, Any]) -> None:
    release = release_compute(actor=None, parameters={"rounding_base": 3, "random_rounding": 1})
    rates = table_get(release, "rate_by_province")
    survivors = _cell(rates, year=2024, province="PK-PB", stream="survivor_report")
    assert survivors["value"] in (15, 18)  # 17 on record
    assert survivors["rounded"] is True
    again = release_compute(actor=None, parameters={"rounding_base": 3, "random_rounding": 1})
    assert release.checksum == again.checksum
    with pytest.raises(ValidationError):
        release_compute(actor=None, parameters={"random_rounding": 2})

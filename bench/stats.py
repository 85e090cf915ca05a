"""Benchmark: a full statistics release over 1,000,000 incidents, next to its bare SQL.

    python -m bench.stats [--incidents 1000000]

1. Migrates a fresh SQLite database in a temporary directory and loads the places reference
   data (districts with their 2023 population).
2. Untimed: generates the incidents with their victims (and an accused for one in three) by
   bulk inserts, spread over 2019-2025, every district, both streams and every category.
3. Timed, in the same run: (a) one GROUP BY query per published table, executed as raw SQL
   and fetched (what answering every table straight from the database costs); for information,
   the release's own fewer queries (its grains) as raw SQL too; (b) `release_compute`: its
   queries, the tables summed from the grains, disclosure control across all tables, rates and
   storage of the release.
The target: (b) at most 2 × (a), and under 120 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 2.0
TARGET_SECONDS = 120.0
BATCH = 20_000


def generate(count: int) -> None:
    """Insert `count` incidents and their victims with executemany (the ORM's bulk_create
    is several times slower at this size, and this step is not what is measured)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from awaaz.evidence import models as m
    from awaaz.places.selectors import population_by_district

    rng = random.Random(7)  # fixed seed: the same data on every run
    districts = list(
        m.Incident._meta.get_field("district").related_model.objects.values_list("id", flat=True)  # type: ignore[union-attr]
    )
    assert population_by_district(), "places reference data is loaded"
    streams = [m.IncidentStream.NEWS] * 9 + [m.IncidentStream.SURVIVOR_REPORT]
    genders = list(m.Gender.values)
    bands = list(m.VictimAgeBand.values)
    gbv = list(m.GbvType.values)
    sahil = list(m.SahilCategory.values)
    places = list(m.PlaceType.values)
    firs = list(m.FirStatus.values)
    relationships = list(m.Relationship.values)
    start = datetime.date(2019, 1, 1).toordinal()
    now = timezone.now().isoformat()
    incident_table = m.Incident._meta.db_table
    victim_table = m.Victim._meta.db_table
    perpetrator_table = m.Perpetrator._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {incident_table}")  # noqa: S608
        next_id = cursor.fetchone()[0] + 1
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            ids = range(next_id + done, next_id + done + size)
            days = [datetime.date.fromordinal(start + rng.randrange(7 * 365)) for _ in ids]
            incidents = [
                (
                    pk, now, now, rng.choice(streams), day.isoformat(), day.year,
                    (day.month - 1) // 3 + 1,
                    "day", rng.choice(districts) if rng.random() > 0.03 else None,
                    rng.choice(places), rng.choice(gbv), "03011", rng.choice(sahil), "", "[]",
                    False, False, False, False, rng.choice(firs), "", "", False, False,
                )
                for pk, day in zip(ids, days, strict=True)
            ]  # fmt: skip
            cursor.executemany(
                f"INSERT INTO {incident_table} (id, created_at, updated_at, stream, occurred_on, "  # noqa: S608
                "occurred_year, occurred_quarter, "
                "date_precision, district_id, place_type, gbv_type, iccs_code, sahil_category, "
                "offence_words, ppc_sections, is_gang, is_fatal, involved_abduction, is_online, "
                "fir_status, codebook_version, coder_confidence, verified, is_demo) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s, %s, %s, %s)",
                incidents,
            )
            cursor.executemany(
                f"INSERT INTO {victim_table} (incident_id, sex, gender, age_band, disability) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
                [(pk, "unknown", rng.choice(genders), rng.choice(bands), "unknown") for pk in ids],
            )
            cursor.executemany(
                f"INSERT INTO {perpetrator_table} (incident_id, sex, age_band, relationship, "  # noqa: S608
                "count) VALUES (%s, %s, %s, %s, %s)",
                [
                    (pk, "male", "unknown", rng.choice(relationships), 1)
                    for pk in ids
                    if rng.random() < 1 / 3
                ],
            )
            done += size


def raw_queries(groupings: list[tuple[str, ...]]) -> float:
    """Seconds to run and fetch, as raw SQL, one GROUP BY query per grouping."""
    from django.db import connection

    from awaaz.evidence.selectors import incident_counts_query

    statements = [
        incident_counts_query(dimensions=dims).query.sql_with_params() for dims in groupings
    ]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="awaaz-bench-stats-") as tmp:
        os.environ["AWAAZ_VAR_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from awaaz.places.services import places_load
        from awaaz.stats.releases import TABLE_SPECS, release_compute, release_groupings

        call_command("migrate", verbosity=0)
        places_load()
        started = time.perf_counter()
        generate(args.incidents)
        print(
            f"generated {args.incidents:,} incidents in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        # The rows were just written, so the page cache is warm for both timings.
        # The comparison: each table's own GROUP BY, as raw SQL (what answering every table
        # straight from the database costs).
        raw = raw_queries([spec.dimensions for spec in TABLE_SPECS])
        print(f"raw SQL GROUP BY queries, one per table: {raw:.1f} s", flush=True)
        # For information: the queries the release itself runs (its grains, and the tables
        # counted on their own), so the Python part of the release is visible.
        own = release_groupings()
        grains = raw_queries(own)
        print(f"raw SQL of the release's own {len(own)} queries: {grains:.1f} s", flush=True)
        started = time.perf_counter()
        release = release_compute(actor=None)
        full = time.perf_counter() - started
        hidden = sum(c["suppressed"] for t in release.tables.all() for c in t.cells)
        cells = sum(len(t.cells) for t in release.tables.all())
    ratio = full / raw if raw else float("inf")
    print(
        f"full release ({cells:,} cells, {hidden:,} suppressed): {full:.1f} s "
        f"= {ratio:.2f} × the raw queries (target ≤ {TARGET_RATIO:g}× and < {TARGET_SECONDS:g} s)"
    )
    if ratio > TARGET_RATIO or full > TARGET_SECONDS:
        print("above the target: compare with the previous commit on the same machine")
    return 0  # a figure for people, like the other benchmarks, not a gate for `make bench`


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())

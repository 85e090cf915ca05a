"""Benchmark: the public events calendar with 100,000 events on SQLite.

`python -m bench.events` (under a minute):

1. Creates a fresh SQLite database in a temporary directory (`migrate`, then the reference
   places), 300 chapters across the districts and 100,000 events spread over two years (one
   behind, one ahead; one in ten private, one in thirty cancelled), with `bulk_create`.
2. Renders, through the Django test client (all middleware and templates), the calendar list
   (no filter, by province, by a province with no upcoming event, by type, by date), the
   month view and the Urdu list: one first
   render, then `--renders` timed ones each. Prints the median and p95 time, the query count
   and the page size (raw and gzip) against the target of 200 ms.

Results are also written to bench/out/events.json. Nothing here asserts a time.
Options: `--events N`, `--renders N`, `--keep`.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_MS = 200.0
SEED = 20261125
# A province whose chapters held events last year but have none coming: its filtered list must
# not read every upcoming event of the country to find that out.
QUIET_PROVINCE = "gilgit-baltistan"


def _setup_django(var_dir: Path) -> None:
    for name in ("DATABASE_URL", "AWAAZ_TESTING", "DEBUG", "AWAAZ_PRODUCTION"):
        os.environ.pop(name, None)
    os.environ["AWAAZ_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "awaaz.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(*, events: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from awaaz.activities.models import Event, EventKind, EventStatus, VenueKind
    from awaaz.movement.models import Chapter, ChapterStatus
    from awaaz.places.models import District

    rng = random.Random(SEED)
    districts = list(District.objects.all())
    with transaction.atomic():
        Chapter.objects.bulk_create(
            Chapter(
                slug=f"bench-chapter-{i}",
                name_en=f"Bench chapter {i}",
                name_ur=f"بینچ چیپٹر {i}",
                kind="city",
                district=rng.choice(districts),
                status=ChapterStatus.ACTIVE,
            )
            for i in range(300)
        )
        chapters = list(Chapter.objects.select_related("district__province"))
        now = timezone.now()
        kinds, venues = EventKind.values, VenueKind.values
        batch: list[Event] = []
        for i in range(events):
            chapter = rng.choice(chapters)
            offset = rng.randint(-525_600, 525_600)
            if chapter.district.province.slug == QUIET_PROVINCE:
                offset = -abs(offset) - 60  # only past events there
            starts = now + datetime.timedelta(minutes=offset)
            batch.append(
                Event(
                    slug=f"bench-event-{i}",
                    chapter=chapter,
                    kind=rng.choice(kinds),
                    title_en=f"Awareness event number {i}",
                    title_ur=f"آگاہی تقریب نمبر {i}",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    district=chapter.district,
                    venue_kind=rng.choice(venues),
                    venue_name="Fictional Hall",
                    is_public=rng.random() > 0.1,
                    status=EventStatus.CANCELLED if rng.random() < 1 / 30 else EventStatus.PLANNED,
                )
            )
            if len(batch) == 5000:
                Event.objects.bulk_create(batch)
                batch = []
        Event.objects.bulk_create(batch)


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(url: str, *, renders: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        body = client.get(url).content
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "queries": len(queries),
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="awaaz-bench-events-"))
    try:
        _setup_django(var_dir)
        from django.core.management import call_command
        from django.utils import timezone

        from awaaz.places.services import places_load

        print(f"Events calendar benchmark (SQLite in {var_dir})")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        places_load()
        generate(events=args.events)
        print(f"  {args.events:,} events generated in {time.perf_counter() - started:.1f} s")
        today = timezone.localdate()
        week = today + datetime.timedelta(days=7)
        urls = [
            "/en/events/",
            "/en/events/?province=punjab",
            f"/en/events/?province={QUIET_PROVINCE}",
            "/en/events/?type=training",
            f"/en/events/?from={week.isoformat()}&to={week.isoformat()}",
            "/en/events/?page=40",
            "/en/events/month/",
            "/ur/events/",
        ]
        results = [measure(url, renders=args.renders) for url in urls]
        for r in results:
            verdict = "ok" if r["p95_ms"] < TARGET_MS else "ABOVE TARGET"
            print(
                f"  {r['url']:<45} median {r['median_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms"
                f"  {r['queries']:>2} queries  {r['html_bytes'] / 1024:.1f} KB"
                f" ({r['gzip_bytes'] / 1024:.1f} KB gzip)  [{verdict}, target {TARGET_MS:.0f} ms]"
            )
        OUT.mkdir(exist_ok=True)
        (OUT / "events.json").write_text(
            json.dumps({"events": args.events, "target_ms": TARGET_MS, "pages": results}, indent=2)
        )
    finally:
        if args.keep:
            print(f"  database kept in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

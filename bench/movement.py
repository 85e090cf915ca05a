"""Benchmark: the coordinator dashboard with 1,000,000 pledges and 2,000 chapters on SQLite.

`python -m bench.movement` (about two minutes):

1. Creates a fresh SQLite database in a temporary directory (`migrate`, then the reference
   places of every province), and generates a movement two years old: 2,000 chapters in every
   status across all districts, 1,000,000 members with one pledge each (most confirmed, growing
   over time), the weekly PledgeTally rows that those pledges make, a few thousand pending join
   requests, a country coordinator, a provincial coordinator (Punjab) and a focal person. Rows
   go in with `executemany` in one transaction; nothing is generated per request.
2. Renders the dashboard through the Django test client (all middleware, the template, the
   maps and the chart; a verified second factor in the session) for each of the three people:
   the first render (empty cache: it also reads the map's geography, cached afterwards), then
   `--renders` timed ones. Prints the first render's time, the median and p95 render time, the
   number of queries and the page size (raw and gzip), against the target of 300 ms.

Results are also written to bench/out/movement.json. Nothing here asserts a time: the tests
assert the query count instead (awaaz/movement/tests/test_dashboard_views.py).

Options: `--pledges N`, `--chapters N`, `--renders N`, `--keep` (keep the database and print
its path, e.g. to explore it with `awaaz runserver`).
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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_MS = 300.0
BATCH = 50_000
SEED = 20240101


def _setup_django(var_dir: Path) -> None:
    for name in ("DATABASE_URL", "AWAAZ_TESTING", "DEBUG", "AWAAZ_PRODUCTION"):
        os.environ.pop(name, None)
    os.environ["AWAAZ_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "awaaz.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _step(label: str, action: Callable[[], Any]) -> Any:
    print(f"  {label} ...", end="", flush=True)
    started = time.perf_counter()
    result = action()
    print(f" {time.perf_counter() - started:.1f} s", flush=True)
    return result


def _ts(moment: datetime.datetime) -> str:
    # Django's SQLite backend stores aware datetimes as naive UTC text.
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    from django.db import connection

    # Table and column names are this module's constants, never input.
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    count = 0
    batch: list[Any] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


class World:
    """The generated movement: ids the renders need afterwards."""

    coordinator_id = 0
    provincial_id = 0
    focal_id = 0


def generate(*, pledges: int, chapters: int) -> World:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from awaaz.core.models import User
    from awaaz.movement.models import (
        Chapter,
        ChapterKind,
        ChapterRole,
        ChapterRoleKind,
        ChapterStatus,
        PledgeTally,
        PledgeText,
        ProvinceRole,
    )
    from awaaz.movement.selectors.chapters import COUNTRY_COORDINATOR_GROUP
    from awaaz.places.models import District, Province

    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    start = now - datetime.timedelta(days=730)
    districts = list(District.objects.current().values_list("pk", flat=True))
    world = World()

    with connection.cursor() as cursor:
        # A throw-away database: no fsync, and a page cache large enough to hold the indexes
        # of a million rows (inserting into them is what takes the time).
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-400000")

    # Chapters: every district has at least one; the rest go where people are (at random).
    statuses = [
        (ChapterStatus.PROPOSED, 0.05),
        (ChapterStatus.LAUNCHED, 0.10),
        (ChapterStatus.ACTIVE, 0.55),
        (ChapterStatus.DORMANT, 0.20),
        (ChapterStatus.CLOSED, 0.10),
    ]
    kinds = list(ChapterKind)
    rows = []
    for i in range(chapters):
        status: str = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        launched = (
            None
            if status == ChapterStatus.PROPOSED
            else today - datetime.timedelta(days=rng.randint(0, 729))
        )
        quiet_ranges: dict[str, tuple[int, int]] = {
            ChapterStatus.ACTIVE: (0, 90),
            ChapterStatus.LAUNCHED: (0, 60),
            ChapterStatus.DORMANT: (121, 500),
            ChapterStatus.CLOSED: (200, 600),
        }
        quiet_days = rng.randint(*quiet_ranges[status]) if status in quiet_ranges else None
        rows.append(
            Chapter(
                slug=f"chapter-{i}",
                name_en=f"Bench chapter {i}",
                name_ur=f"بینچ چیپٹر {i}",
                kind=rng.choice(kinds),
                district_id=districts[i] if i < len(districts) else rng.choice(districts),
                status=status,
                launched_on=launched,
                last_activity_at=(
                    None if quiet_days is None else now - datetime.timedelta(days=quiet_days)
                ),
            )
        )
    with transaction.atomic():
        Chapter.objects.bulk_create(rows, batch_size=1000)
    chapter_rows = list(Chapter.objects.values_list("pk", "district_id", "status"))
    open_chapters = [c for c in chapter_rows if c[2] != ChapterStatus.CLOSED]
    by_district: dict[int, list[int]] = {}
    for pk, district_id, _status in open_chapters:
        by_district.setdefault(district_id, []).append(pk)

    text = PledgeText.objects.create(
        version=1,
        text_en="I will never blame the victim.",
        text_ur="میں کبھی متاثرہ کو الزام نہیں دوں گا۔",
        consent_en="I agree.",
        consent_ur="میں متفق ہوں۔",
        published_at=start,
    )

    # One member and one pledge per person; pledging grows over the two years (sqrt spread).
    span = (now - start).total_seconds()
    tallies: Counter[tuple[int, datetime.date]] = Counter()
    members: list[tuple[object, ...]] = []
    pledge_rows: list[tuple[object, ...]] = []
    for i in range(1, pledges + 1):
        moment = start + datetime.timedelta(seconds=span * rng.random() ** 0.5)
        district = rng.choice(districts)
        local = by_district.get(district)
        chapter = rng.choice(local) if local and rng.random() < 0.4 else None
        roll = rng.random()
        pledge_status = "confirmed" if roll < 0.95 else ("pending" if roll < 0.97 else "expired")
        confirmed = moment + datetime.timedelta(minutes=rng.randint(1, 600))
        if pledge_status == "confirmed" and confirmed > now:
            pledge_status = "pending"
        ts = _ts(moment)
        members.append(
            (
                i, ts, ts, None, "", f"m{i:07d}@example.org", None,
                _ts(confirmed) if pledge_status == "confirmed" else None, None, district,
                chapter, ts if chapter else None, "ur" if i % 3 else "en",
            )
        )  # fmt: skip
        pledge_rows.append(
            (
                i, ts, ts, i, text.pk, "", False, district, chapter, 1, "ur" if i % 3 else "en",
                pledge_status, _ts(confirmed) if pledge_status == "confirmed" else None,
                _ts(moment + datetime.timedelta(hours=72)),
            )
        )  # fmt: skip
        if pledge_status == "confirmed":
            tallies[(district, PledgeTally.week_of(confirmed))] += 1

    member_columns = [
        "id", "created_at", "updated_at", "user_id", "display_name", "email", "phone",
        "email_verified_at", "phone_verified_at", "district_id", "home_chapter_id",
        "joined_chapter_at", "language",
    ]  # fmt: skip
    pledge_columns = [
        "id", "created_at", "updated_at", "member_id", "text_id", "display_name", "is_public",
        "district_id", "chapter_id", "consent_version", "language", "status", "confirmed_at",
        "expires_at",
    ]  # fmt: skip
    with transaction.atomic():
        for table, columns, rows_of in (
            ("movement_member", member_columns, members),
            ("movement_pledge", pledge_columns, pledge_rows),
        ):
            _step(f"{len(rows_of):,} rows into {table}", lambda: _insert(table, columns, rows_of))  # noqa: B023 - called at once
        PledgeTally.objects.bulk_create(
            (PledgeTally(district_id=d, week=w, count=n) for (d, w), n in tallies.items()),
            batch_size=5000,
        )
        # Pending join requests: a few thousand, from members without a chapter.
        requests = [
            (_ts(now - datetime.timedelta(days=rng.randint(0, 60))), rng.choice(open_chapters)[0])
            for _ in range(min(5000, pledges // 10))
        ]
        _insert(
            "movement_joinrequest",
            ["created_at", "updated_at", "member_id", "chapter_id", "message", "status"],
            (
                (ts, ts, pledges - i, chapter, "", "pending")
                for i, (ts, chapter) in enumerate(requests)
            ),
        )
    del members, pledge_rows

    group, _created = Group.objects.get_or_create(name=COUNTRY_COORDINATOR_GROUP)
    coordinator = User.objects.create_user(username="bench-coordinator")
    coordinator.groups.add(group)
    provincial = User.objects.create_user(username="bench-punjab")
    ProvinceRole.objects.create(
        user=provincial,
        province=Province.objects.get(code="PK-PB"),
        starts_on=today - datetime.timedelta(days=400),
    )
    focal = User.objects.create_user(username="bench-focal")
    led = (
        Chapter.objects.filter(status=ChapterStatus.ACTIVE)
        .order_by("district_id", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    assert led is not None
    from awaaz.movement.models import Member

    leader = Member.objects.create(user=focal, email="focal@bench.example.org")
    ChapterRole.objects.create(
        chapter_id=led,
        member=leader,
        kind=ChapterRoleKind.FOCAL_PERSON,
        starts_on=today - datetime.timedelta(days=300),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # Measure with the settings the site runs with (WAL, as every new connection sets it).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    world.coordinator_id, world.provincial_id, world.focal_id = (
        coordinator.pk,
        provincial.pk,
        focal.pk,
    )
    return world


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(user_id: int, *, renders: int, language: str = "en") -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from awaaz.core.models import User
    from awaaz.core.otp import otp_verify_client

    client = Client(HTTP_HOST="localhost")
    otp_verify_client(client, User.objects.get(pk=user_id))
    url = f"/{language}/dashboard/"
    cache.clear()  # the first render reads the map's geography; later ones find it cached
    started = time.perf_counter()
    response = client.get(url)
    cold_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    # Counted with a wrapper: the query log that assertNumQueries reads is reset per request.
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
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "queries": len(queries),
        "first_ms": round(cold_ms, 1),
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pledges", type=int, default=1_000_000)
    parser.add_argument("--chapters", type=int, default=2_000)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="awaaz-bench-movement-"))
    try:
        _setup_django(var_dir)
        from django.core.management import call_command

        from awaaz.places.services import places_load

        print(f"Movement dashboard benchmark (SQLite in {var_dir})")
        started = time.perf_counter()
        _step("migrate", lambda: call_command("migrate", verbosity=0))
        _step("places", places_load)
        world = generate(pledges=args.pledges, chapters=args.chapters)
        generated = time.perf_counter() - started
        print(f"  data ready in {generated:.0f} s")

        from awaaz.movement.models import Chapter, Pledge, PledgeTally

        counts = {
            "pledges": Pledge.objects.count(),
            "chapters": Chapter.objects.count(),
            "tally_rows": PledgeTally.objects.count(),
        }
        results = {
            "counts": counts,
            "generate_seconds": round(generated, 1),
            "target_ms": TARGET_MS,
            "renders": args.renders,
            "dashboard": {
                "country coordinator": measure(world.coordinator_id, renders=args.renders),
                "country coordinator (ur)": measure(
                    world.coordinator_id, renders=args.renders, language="ur"
                ),
                "provincial coordinator (Punjab)": measure(
                    world.provincial_id, renders=args.renders
                ),
                "focal person (one chapter)": measure(world.focal_id, renders=args.renders),
            },
        }
        print()
        print(
            f"Dashboard render time, {counts['pledges']:,} pledges, {counts['chapters']:,} "
            f"chapters, {counts['tally_rows']:,} tally rows ({args.renders} renders each; "
            f"target {TARGET_MS:.0f} ms)"
        )
        print(
            f"  {'who':34} {'first':>8} {'median':>8} {'p95':>8} {'queries':>8} {'HTML':>9} "
            f"{'gzip':>8}"
        )
        for who, r in results["dashboard"].items():
            verdict = "ok" if r["p95_ms"] < TARGET_MS else "SLOW"
            print(
                f"  {who:34} {r['first_ms']:>6.1f}ms {r['median_ms']:>6.1f}ms "
                f"{r['p95_ms']:>6.1f}ms {r['queries']:>8} "
                f"{r['html_bytes']:>8,}B {r['gzip_bytes']:>7,}B  {verdict}"
            )
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "movement.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        if args.keep:
            print(f"\nDatabase kept: {var_dir / 'awaaz.sqlite3'}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

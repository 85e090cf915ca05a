"""Benchmark: latency of the open-data API for a published table at a steady 200 requests/s.

    python -m bench.api [--rate 200] [--seconds 20] [--workers 4]

1. Sets up a fresh SQLite database in a temporary directory (`awaaz setup --no-demo`, production
   settings) and stores one published release with a district table of realistic size (five
   years × eight provinces × 20 districts and totals × three streams: about 2,500 cells).
2. Starts gunicorn (sync workers) on 127.0.0.1.
3. Sends GET requests for the table at a fixed rate (open loop: each request has its scheduled
   time, and its latency is measured from that time, so a slow server cannot hide its queue),
   alternating a filtered page (`?province=PK-PB&year=2024`) and the first full page (500 rows).
   The requests come from 50 simulated clients (the address header the deployment's proxy would
   set), so the per-client rate limit applies as it does in use, without being the bottleneck.
4. Prints p50, p95, p99 and the maximum, the achieved rate and any non-200 answers; the target
   is p95 under 30 ms. Writes bench/out/api.json. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.run import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_P95_MS = 30.0
CLIENTS = 50
TABLE = "district_by_stream"
PATHS = (
    f"/api/v1/releases/latest/tables/{TABLE}/?province=PK-PB&year=2024",
    f"/api/v1/releases/latest/tables/{TABLE}/?page_size=500",
)

# Run inside the benchmark's environment: one published release with one table.
RELEASE_SETUP = """
import django
django.setup()
from django.utils import timezone
from awaaz.stats.models import PublishedTable, Release, ReleaseStatus
provinces = ["PK-PB", "PK-SD", "PK-KP", "PK-BA", "PK-IS", "PK-GB", "PK-JK", "unknown"]
cells = []
for year in range(2020, 2025):
    for p, province in enumerate(provinces):
        for d in [*range(20), "*"]:
            district = "*" if d == "*" else f"{province}-D{d:02d}"
            for stream in ("news", "survivor_report", "*"):
                value = (year * 7 + p * 13 + (0 if d == "*" else d) * 3) % 40
                hidden = 0 < value < 10
                cells.append({"year": year, "province": province, "district": district,
                              "stream": stream, "value": None if hidden else value,
                              "suppressed": hidden, "display": "<10" if hidden else str(value)})
release = Release.objects.create(version=1, status=ReleaseStatus.PUBLISHED,
                                 published_at=timezone.now(), checksum="0" * 64)
PublishedTable.objects.create(release=release, key="district_by_stream",
                              dimensions=["year", "province", "district", "stream"],
                              row_dimension="district", column_dimension="stream", cells=cells)
print(len(cells))
"""


def _env(var_dir: Path) -> dict[str, str]:
    from bench.run import production_env

    env = production_env(var_dir)
    env.update(
        {
            # The proxy's address header, so that the benchmark can play several clients.
            "AWAAZ_CLIENT_ADDRESS_HEADER": "HTTP_X_BENCH_CLIENT",
            # Keep each worker's SQLite connection between requests, as deployed.
            "DATABASE_CONN_MAX_AGE": "60",
        }
    )
    return env


@contextmanager
def server(var_dir: Path, workers: int) -> Iterator[tuple[int, int]]:
    """Set up, store a release, start gunicorn; yield its port and the table's cell count."""
    env = _env(var_dir)
    cli = [sys.executable, "-m", "awaaz.cli"]
    subprocess.run(
        [*cli, "setup", "-v", "0", "--no-demo"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    made = subprocess.run(
        [sys.executable, "-c", RELEASE_SETUP],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    cells = int(made.stdout.split()[-1])
    port = free_port()
    log = var_dir / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "awaaz.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--backlog", "512", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port, cells
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(port: int, path: str, client: int) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "GET",
            path,
            headers={
                "Host": "127.0.0.1",
                "X-Forwarded-Proto": "https",
                "X-Bench-Client": f"10.0.0.{client}",
                "Accept-Encoding": "gzip",
            },
        )
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load(port: int, rate: float, seconds: float, paths: tuple[str, ...]) -> dict[str, Any]:
    """Open-loop load: request i is due at start + i/rate; latency counts from that time."""
    total = int(rate * seconds)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sizes: dict[str, int] = {}
    lock = threading.Lock()

    def one(i: int, due: float) -> None:
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        path = paths[i % len(paths)]
        status, size = _get(port, path, i % CLIENTS)
        elapsed = time.perf_counter() - due
        with lock:
            latencies.append(elapsed * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            sizes[path] = size

    # Warm up: each worker loads its code and connection.
    for i in range(20):
        _get(port, paths[i % len(paths)], i % CLIENTS)
    start = time.perf_counter() + 0.5
    cpu_before = time.process_time()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(total):
            pool.submit(one, i, start + i / rate)
    wall = time.perf_counter() - start
    client_cpu = time.process_time() - cpu_before
    return {
        "requests": total,
        "rate_target": rate,
        "rate_achieved": round(total / wall, 1),
        "p50_ms": round(_percentile(latencies, 0.50), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "p99_ms": round(_percentile(latencies, 0.99), 2),
        "max_ms": round(max(latencies), 2),
        "statuses": statuses,
        # The load client's own CPU, as a share of one core: it shares the machine's cores with
        # the server, so this is what it takes away.
        "client_cpu_share": round(client_cpu / wall, 3),
        "load_average": os.getloadavg()[0],
        "compressed_bytes": sizes,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="load /robots.txt instead (a view that does nothing), to see the client's limit",
    )
    args = parser.parse_args(argv)
    paths = ("/robots.txt",) if args.baseline else PATHS
    with (
        tempfile.TemporaryDirectory(prefix="awaaz-bench-api-") as tmp,
        server(Path(tmp), args.workers) as (port, cells),
    ):
        result = load(port, args.rate, args.seconds, paths)
    result.update({"cells": cells, "workers": args.workers, "target_p95_ms": TARGET_P95_MS})
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / ("api-baseline.json" if args.baseline else "api.json")).write_text(
        json.dumps(result, indent=1), encoding="utf-8"
    )
    verdict = "meets" if result["p95_ms"] < TARGET_P95_MS else "MISSES"
    what = "/robots.txt (baseline)" if args.baseline else f"API, published table of {cells} cells"
    print(
        f"{what}, gunicorn {args.workers} sync workers, "
        f"{os.cpu_count()} CPUs shared with the client"
    )
    print(f"  {result['requests']} GET at {args.rate:g}/s (achieved {result['rate_achieved']}/s)")
    print(
        f"  latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms"
    )
    print(f"  statuses {result['statuses']}; compressed sizes {result['compressed_bytes']}")
    print(
        f"  load client used {100 * result['client_cpu_share']:.0f}% of one core; "
        f"load average at the end {result['load_average']:.2f} (others' work included)"
    )
    print(f"  target p95 < {TARGET_P95_MS:g} ms: {verdict}")


if __name__ == "__main__":
    main()

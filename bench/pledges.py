"""Benchmark: pledge submissions per second and their latency with 50 concurrent clients.

    python -m bench.pledges [--clients 50] [--submissions 1000] [--workers 4]

1. Sets up a fresh SQLite database in a temporary directory (`awaaz setup`, production settings,
   `movement_pledges_load`) and starts gunicorn (sync workers) on 127.0.0.1. SMS go to the file
   backend; every submission gives a phone number, so every one writes a pending pledge, a member,
   a verification and an SMS file, as in real use.
2. Untimed preparation, as a phone does before its visitor presses the button: each client opens
   the form (its CSRF cookie and a signed challenge per submission) and the proof-of-work is
   solved in a process pool. Then it waits until every challenge is older than the form's
   minimum fill time.
3. Timed: the clients POST all the submissions at once, 50 at a time, and the table gives the
   submissions per second and the p50/p95/p99 latency of a POST (target: 300/s, p95 < 150 ms).

The per-address rate limit would stop a benchmark whose clients all come from 127.0.0.1; it is
raised through a settings module written into the temporary directory, and nothing else changes.
Client and server share the machine: the numbers are for comparing commits, not capacity plans.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.run import free_port

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_PER_SECOND = 300
TARGET_P95_MS = 150
MIN_FILL_SECONDS = 3.2  # a little over views.pledges.MIN_SECONDS
HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}

SETTINGS_OVERRIDE = '''"""Benchmark settings: production's, without the per-address pledge limit."""
from awaaz.settings import *  # noqa: F403


AWAAZ_PLEDGE_RATE_PER_ADDRESS = 10**9
'''


def _env(var_dir: Path) -> dict[str, str]:
    from bench.run import production_env

    env = production_env(var_dir)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_pledge_settings",
            "PYTHONPATH": f"{var_dir}:{ROOT}",
            "AWAAZ_SMS_BACKEND": "file",
            # Keep each worker's SQLite connection (and its PRAGMAs) between requests.
            "DATABASE_CONN_MAX_AGE": "60",
        }
    )
    return env


@contextmanager
def server(var_dir: Path, workers: int) -> Iterator[int]:
    (var_dir / "bench_pledge_settings.py").write_text(SETTINGS_OVERRIDE, encoding="utf-8")
    env = _env(var_dir)
    cli = [sys.executable, "-m", "awaaz.cli"]
    for args in (
        ["setup", "-v", "0"],
        ["movement_pledges_load", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([*cli, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    log = var_dir / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "awaaz.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--backlog", "256", "--log-level", "warning"],
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
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Clients -------------------------------------------------------------------------------

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')


def solve(challenge: str) -> str:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
    from awaaz.lib.abuse import work_solve

    return work_solve(challenge)


@dataclass
class Client:
    number: int
    port: int
    cookie: str = ""
    prepared: list[dict[str, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def prepare(self, count: int) -> None:
        connection = self._connection()
        for n in range(count):
            headers = dict(HEADERS)
            if self.cookie:
                headers["Cookie"] = self.cookie
            connection.request("GET", "/en/pledge/", headers=headers)
            response = connection.getresponse()
            html = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                if value.startswith("csrftoken="):
                    self.cookie = value.split(";", 1)[0]
            token, challenge = _TOKEN.search(html), _CHALLENGE.search(html)
            if response.status != 200 or not token or not challenge:
                raise RuntimeError(f"form page answered {response.status}")
            # A fictional Pakistani mobile number per submission (03xx, 10 digits after 0).
            phone = f"0300{self.number % 100:02d}{n:05d}"
            self.prepared.append(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "display_name": f"Bench {self.number}",
                    "name_choice": "private",
                    "phone": phone,
                    "email": "",
                    "district": "is-islamabad",
                    "chapter": "",
                    "consent": "on",
                    "text_version": "1",
                    "website": "",
                    "challenge": challenge.group(1),
                    "work": "",
                }
            )
        connection.close()

    def submit_all(self, start: threading.Barrier) -> None:
        connection = self._connection()
        start.wait()
        for data in self.prepared:
            body = urlencode(data)
            headers = {
                **HEADERS,
                "Cookie": self.cookie,
                "Origin": "https://127.0.0.1",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            began = time.perf_counter()
            try:
                connection.request("POST", "/en/pledge/", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.failures.append(type(exc).__name__)
                connection.close()
                connection = self._connection()
                continue
            self.latencies.append(time.perf_counter() - began)
            location = response.headers.get("Location", "")
            if response.status != 302 or "/pledge/code/" not in location:
                self.failures.append(str(response.status))
        connection.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(clients: int, submissions: int, workers: int) -> dict[str, Any]:
    per_client = max(1, submissions // clients)
    with tempfile.TemporaryDirectory(prefix="awaaz-bench-pledges-") as tmp:
        var_dir = Path(tmp)
        with server(var_dir, workers) as port:
            pool = [Client(n, port) for n in range(clients)]
            print(f"preparing {clients * per_client} submissions (forms, proof-of-work)...")
            threads = [threading.Thread(target=c.prepare, args=(per_client,)) for c in pool]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            prepared_at = time.monotonic()
            with ProcessPoolExecutor() as executor:
                for client in pool:
                    works = executor.map(solve, [d["challenge"] for d in client.prepared])
                    for data, work in zip(client.prepared, works, strict=True):
                        data["work"] = work
            time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - prepared_at)))

            start = threading.Barrier(clients + 1)
            threads = [threading.Thread(target=c.submit_all, args=(start,)) for c in pool]
            for thread in threads:
                thread.start()
            start.wait()
            began = time.perf_counter()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            sms_files = len(list((var_dir / "sms").glob("*.json")))
    latencies = [x for c in pool for x in c.latencies]
    failures = [x for c in pool for x in c.failures]
    ok = len(latencies) - len(failures)
    return {
        "clients": clients,
        "workers": workers,
        "submissions": len(latencies),
        "accepted": ok,
        "failures": len(failures),
        "failure_kinds": ", ".join(f"{k} x{v}" for k, v in Counter(failures).items()),
        "sms_written": sms_files,
        "seconds": round(elapsed, 2),
        "per_second": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1) if latencies else 0.0,
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1) if latencies else 0.0,
        "database": "SQLite (WAL)",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    args = parser.parse_args(argv)
    result = run(args.clients, args.submissions, args.workers)
    print()
    print("Pledge submissions (POST /en/pledge/ with a phone: member, pledge, code, SMS file)")
    print(
        f"  clients            {result['clients']} concurrent, gunicorn {result['workers']} workers"
    )
    print(f"  submissions        {result['submissions']} ({result['failures']} failed)")
    if result["failures"]:
        print(f"  failures           {result['failure_kinds']}")
    print(f"  SMS written        {result['sms_written']}")
    print(f"  throughput         {result['per_second']}/s   (target {TARGET_PER_SECOND}/s)")
    print(
        f"  latency            p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms   (target p95 < {TARGET_P95_MS} ms)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pledges.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

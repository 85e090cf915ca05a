"""Benchmark: survivor report submissions per second and their latency, production KDF cost.

    python -m bench.reports [--clients 20] [--per-client 5] [--rate 2] [--workers N]

1. Sets up a fresh SQLite database in a temporary directory (`awaaz setup`, production settings,
   so the receipt's Argon2id cost is the settings default: AWAAZ_KDF_RECEIPT_OPSLIMIT /
   AWAAZ_KDF_RECEIPT_MEMLIMIT with AWAAZ_TESTING unset; set them in the environment to compare
   costs), adds one case worker with keys who takes in new reports (so that every
   report is also sealed to her, as in real use), and starts gunicorn (sync workers) on
   127.0.0.1.
2. Untimed preparation, as a phone does before its owner presses "send": each reporter opens
   the report form (its CSRF cookie and a challenge per submission), the proof-of-work is solved
   in a process pool, and the clients wait until every challenge is older than the form's
   minimum fill time.
3. Untimed warm-up: two reports per worker, so that no timed request pays for a worker's first
   template compilation.
4. Timed, three ways, through the real HTTP stack (POST /en/report/new/, answered with the
   receipt page; each submission runs one Argon2id derivation and seals the report):
   - **alone**: one reporter, ten reports one after another: what one submission costs;
   - **burst**: the 20 reporters submit all at once, back to back (a closed loop): the
     server's capacity, and the latency when everyone presses "send" at the same moment;
   - **paced**: the same 20 reporters submit at a steady total rate (`--rate`, per second) below
     capacity, as people filling in a long form arrive: the latency a reporter actually meets.
   The target is p95 under 600 ms.

The server's hourly cap on submissions (AWAAZ_REPORTS_PER_HOUR) would stop a benchmark; it is
raised through a settings module written into the temporary directory, nothing else changes.
Client and server share the machine: the numbers are for comparing commits, not capacity plans.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
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
TARGET_P95_MS = 600
MIN_FILL_SECONDS = 3.3  # a little over views_intake.MIN_SECONDS
HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
FORM_PATH = "/en/report/new/"

SETTINGS_OVERRIDE = '''"""Benchmark settings: production's, without the hourly cap on reports."""
from awaaz.settings import *  # noqa: F403

AWAAZ_REPORTS_PER_HOUR = 10**9
'''

CASE_WORKER_SETUP = """
import django
django.setup()
from django.contrib.auth.models import Group
from awaaz.core.models import User
from awaaz.core.roles import CASE_WORKER
from awaaz.safety import services
user = User.objects.create_user(username="bench_case_worker", password=PASSWORD, is_staff=True)
user.groups.add(Group.objects.get_or_create(name=CASE_WORKER)[0])
services.caseworker_keys_create(user=user, password=PASSWORD, receives_new_reports=True)
from django.conf import settings

print(settings.AWAAZ_KDF_RECEIPT_OPSLIMIT, settings.AWAAZ_KDF_RECEIPT_MEMLIMIT)
"""

# A fictional account, in Urdu and English, about as long as a short real one.
NARRATIVE = (
    "یہ ایک فرضی بیان ہے جو صرف جانچ کے لیے لکھا گیا ہے۔ "
    "This is a fictional account written only for the benchmark. " * 8
)


def _env(var_dir: Path) -> dict[str, str]:
    from bench.run import production_env

    env = production_env(var_dir)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_reports_settings",
            "PYTHONPATH": f"{var_dir}:{ROOT}",
            # Keep each worker's SQLite connection (and its PRAGMAs) between requests.
            "DATABASE_CONN_MAX_AGE": "60",
        }
    )
    return env


@contextmanager
def server(var_dir: Path, workers: int) -> Iterator[tuple[int, tuple[int, int]]]:
    """Set up, start gunicorn; yield its port and the KDF parameters the server uses."""
    (var_dir / "bench_reports_settings.py").write_text(SETTINGS_OVERRIDE, encoding="utf-8")
    env = _env(var_dir)
    cli = [sys.executable, "-m", "awaaz.cli"]
    for args in (["setup", "-v", "0", "--no-demo"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([*cli, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    setup = subprocess.run(
        [sys.executable, "-c", f"PASSWORD = {os.urandom(12).hex()!r}\n{CASE_WORKER_SETUP}"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    opslimit, memlimit = (int(x) for x in setup.stdout.split()[-2:])
    port = free_port()
    log = var_dir / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "awaaz.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--backlog", "256", "--timeout", "120",
             "--log-level", "warning"],
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
        yield port, (opslimit, memlimit)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kdf_seconds(opslimit: int, memlimit: int) -> float:
    """One Argon2id derivation with these parameters, on one core of this machine."""
    import nacl.pwhash

    began = time.perf_counter()
    nacl.pwhash.argon2id.kdf(
        32, b"0000111122223333", b"s" * 16, opslimit=opslimit, memlimit=memlimit
    )
    return time.perf_counter() - began


# --- Clients -------------------------------------------------------------------------------

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')
_RECEIPT = re.compile(r"\b\d{4} \d{4} \d{4} \d{4}\b")


def solve(challenge: str) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
    from awaaz.lib.abuse import work_solve

    return work_solve(challenge)


@dataclass
class Reporter:
    number: int
    port: int
    cookie: str = ""
    prepared: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def prepare(self, count: int) -> None:
        connection = self._connection()
        for n in range(count):
            headers = dict(HEADERS)
            if self.cookie:
                headers["Cookie"] = self.cookie
            connection.request("GET", FORM_PATH, headers=headers)
            response = connection.getresponse()
            html = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                if value.startswith("csrftoken="):
                    self.cookie = value.split(";", 1)[0]
            token, challenge = _TOKEN.search(html), _CHALLENGE.search(html)
            if response.status != 200 or not token or not challenge:
                raise RuntimeError(f"the report form answered {response.status}")
            self.prepared.append(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "reporter_role": "survivor",
                    "incident_type": "rape" if n % 2 else "harassment",
                    "when": "within_month",
                    "district": "",
                    "survivor_gender": ("woman", "man", "girl", "boy", "transgender")[n % 5],
                    "survivor_age": "18_24",
                    "perpetrator_count": "one",
                    "perpetrator_relationship": "acquaintance",
                    "police_told": "no",
                    "fir_registered": "no",
                    "help_wanted": ["counselling", "be_heard"],
                    "narrative": f"{NARRATIVE} ({self.number}-{n})",
                    "consent_statistics": "on",
                    "website": "",
                    "challenge": challenge.group(1),
                    "work": "",
                }
            )
        connection.close()

    def _post(self, connection: http.client.HTTPConnection, data: dict[str, Any]) -> bool:
        body = urlencode(data, doseq=True)
        headers = {
            **HEADERS,
            "Cookie": self.cookie,
            "Origin": "https://127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        began = time.perf_counter()
        try:
            connection.request("POST", FORM_PATH, body=body, headers=headers)
            response = connection.getresponse()
            html = response.read().decode()
        except (OSError, http.client.HTTPException) as exc:
            self.failures.append(type(exc).__name__)
            return False
        self.latencies.append(time.perf_counter() - began)
        if response.status != 200 or not _RECEIPT.search(html):
            self.failures.append(str(response.status))
        return True

    def submit(self, start: threading.Barrier, schedule: list[float] | None) -> None:
        """Post every prepared report: back to back, or at the given offsets from the start."""
        connection = self._connection()
        start.wait()
        t0 = time.perf_counter()
        for n, data in enumerate(self.prepared):
            if schedule is not None:
                time.sleep(max(0.0, t0 + schedule[n] - time.perf_counter()))
            if not self._post(connection, data):
                connection.close()
                connection = self._connection()
        connection.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _phase(port: int, clients: int, per_client: int, rate: float | None) -> dict[str, Any]:
    pool = [Reporter(n, port) for n in range(clients)]
    threads = [threading.Thread(target=r.prepare, args=(per_client,)) for r in pool]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    prepared_at = time.monotonic()
    with ProcessPoolExecutor() as executor:
        for reporter in pool:
            works = executor.map(solve, [d["challenge"] for d in reporter.prepared])
            for data, work in zip(reporter.prepared, works, strict=True):
                data["work"] = work
    time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - prepared_at)))

    schedules: list[list[float] | None] = [None] * clients
    if rate:
        # Reporter k sends at k/rate, then every clients/rate seconds: a steady total `rate`/s.
        gap = clients / rate
        schedules = [[k / rate + i * gap for i in range(per_client)] for k in range(clients)]
    start = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(target=r.submit, args=(start, s))
        for r, s in zip(pool, schedules, strict=True)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = [x for r in pool for x in r.latencies]
    failures = [x for r in pool for x in r.failures]
    ok = len(latencies) - sum(1 for f in failures if f.isdigit())
    return {
        "submissions": len(latencies),
        "accepted": ok,
        "failures": len(failures),
        "failure_kinds": ", ".join(f"{k} x{v}" for k, v in Counter(failures).items()),
        "seconds": round(elapsed, 2),
        "per_second": round(ok / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1) if latencies else 0.0,
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1) if latencies else 0.0,
    }


def run(clients: int, per_client: int, rate: float, workers: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="awaaz-bench-reports-") as tmp,
        server(Path(tmp), workers) as (port, (opslimit, memlimit)),
    ):
        # Untimed: each worker's first submission loads code and compiles templates.
        print(f"warm-up: {workers * 2} reports, not timed...")
        _phase(port, workers * 2, 1, None)
        print("alone: one reporter, 10 reports one after another...")
        alone = _phase(port, 1, 10, None)
        print(f"burst: {clients} reporters x {per_client} reports, back to back...")
        burst = _phase(port, clients, per_client, None)
        print(f"paced: {clients} reporters, {rate} reports/s in total...")
        paced = _phase(port, clients, per_client, rate)
    return {
        "clients": clients,
        "per_client": per_client,
        "workers": workers,
        "cpus": os.cpu_count(),
        "kdf_opslimit": opslimit,
        "kdf_memlimit": memlimit,
        "kdf_seconds_one_core": round(kdf_seconds(opslimit, memlimit), 3),
        "rate": rate,
        "load_average": round(os.getloadavg()[0], 2),
        "alone": alone,
        "burst": burst,
        "paced": paced,
        "database": "SQLite (WAL)",
    }


def _print_phase(title: str, phase: dict[str, Any]) -> None:
    print(f"  {title}")
    print(f"    submissions      {phase['submissions']} ({phase['failures']} failed)")
    if phase["failures"]:
        print(f"    failures         {phase['failure_kinds']}")
    print(f"    throughput       {phase['per_second']}/s")
    met = "met" if phase["p95_ms"] < TARGET_P95_MS else "NOT met"
    print(
        f"    latency          p50 {phase['p50_ms']} ms, p95 {phase['p95_ms']} ms, "
        f"p99 {phase['p99_ms']} ms   (target p95 < {TARGET_P95_MS} ms: {met})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent reporters")
    parser.add_argument("--per-client", type=int, default=5, help="reports per reporter")
    parser.add_argument(
        "--rate", type=float, default=2.0, help="total reports per second in the paced phase"
    )
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn sync workers"
    )
    args = parser.parse_args(argv)
    result = run(args.clients, args.per_client, args.rate, args.workers)
    print()
    print("Report submissions (POST /en/report/new/: Argon2id, key pair, sealed account, receipt)")
    print(
        f"  receipt KDF        Argon2id opslimit {result['kdf_opslimit']}, memlimit "
        f"{result['kdf_memlimit'] // (1024 * 1024)} MiB ({result['kdf_seconds_one_core']} s "
        f"per derivation on one core; {result['cpus']} CPUs)"
    )
    print(
        f"  reporters          {result['clients']} concurrent, {result['per_client']} reports "
        f"each; gunicorn {result['workers']} sync workers; {result['database']}"
    )
    print(
        f"  machine            load average {result['load_average']} at the end (other work on "
        "the machine slows every figure)"
    )
    _print_phase("alone (one reporter: the cost of one submission)", result["alone"])
    _print_phase("burst (everyone at once, back to back)", result["burst"])
    _print_phase(f"paced ({result['rate']} reports/s in total)", result["paced"])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reports.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

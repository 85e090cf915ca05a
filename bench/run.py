"""Benchmarks: page weight and requests per second (`make bench`, about two minutes).

1. Sets up a fresh SQLite database in a temporary directory (`awaaz setup`), collects the static
   files and starts gunicorn with the production settings (2 workers, 127.0.0.1).
2. Page weight: for each public page in English and Urdu, the bytes a first visit transfers,
   compressed as served (the HTML with `Accept-Encoding: gzip, br`, plus every stylesheet, icon,
   image and script it references, and the files those stylesheets reference), against the
   target of 50 KB.
3. Throughput: requests per second and latency (p50, p95) of the home page, next to those of a
   bare Django view (bench/bare.py) under the same gunicorn, measured on loopback with `wrk` when
   it is installed, otherwise with a bounded Python client.

Results are printed as tables and written to bench/out/results.json. Nothing here asserts a
time: numbers depend on the machine, and they are for people to compare, not for tests to fail.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli  # type: ignore[import-untyped]  # Brotli ships no type hints

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_BYTES = 50 * 1024
WORKERS = 2
# nginx terminates TLS in production and says so in this header; the benchmark plays nginx.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


# --- Servers ---------------------------------------------------------------------------------


def production_env(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CACHE_URL", "AWAAZ_TESTING", "SECRET_KEY_FILE", "DEBUG"}
    }
    env.update(
        {
            "AWAAZ_PRODUCTION": "1",
            "AWAAZ_VAR_DIR": str(var_dir),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "AWAAZ_RECEIPT_PEPPER": secrets.token_urlsafe(32),
            "DJANGO_SETTINGS_MODULE": "awaaz.settings",
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path) -> Iterator[int]:
    """Serve `app` with gunicorn (sync workers, as deployed) on a free loopback port."""
    port = free_port()
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{app} did not start:\n{log.read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{app} did not listen on {port}") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Page weight -----------------------------------------------------------------------------


@dataclass
class Fetched:
    status: int
    transferred: int  # status line + headers + body, as on the wire
    body: bytes  # decoded
    content_type: str


def fetch(port: int, path: str) -> Fetched:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={**PROXY_HEADERS, "Accept-Encoding": "gzip, br"})
        response = conn.getresponse()
        raw = response.read()
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n{response.msg.as_string()}"
        encoding = response.getheader("Content-Encoding", "")
        body = (
            gzip.decompress(raw)
            if encoding == "gzip"
            else brotli.decompress(raw)
            if encoding == "br"
            else raw
        )
        return Fetched(
            response.status,
            len(head.encode("latin-1")) + len(raw),
            body,
            response.getheader("Content-Type", ""),
        )
    finally:
        conn.close()


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        rel = values.get("rel", "").lower().split()
        if tag == "link" and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            self.urls.append(values.get("href", ""))
        elif tag in {"img", "script", "source", "video", "audio", "iframe"} and values.get("src"):
            self.urls.append(values["src"])
        if values.get("srcset"):
            self.urls.extend(c.strip().split(" ")[0] for c in values["srcset"].split(","))


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


@dataclass
class PageWeight:
    page: str
    language: str
    path: str
    status: int
    html_bytes: int = 0
    asset_bytes: int = 0
    assets: list[str] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html_bytes + self.asset_bytes


def page_weight(port: int, page: str, language: str, path: str) -> PageWeight:
    html = fetch(port, path)
    result = PageWeight(page, language, path, html.status, html_bytes=html.transferred)
    if html.status != 200:
        return result
    parser = _Resources()
    parser.feed(html.body.decode("utf-8", errors="replace"))
    queue = [urljoin(path, url) for url in parser.urls if url and not url.startswith("data:")]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc:
            result.off_site.append(url)
            continue
        if url in seen:
            continue
        seen.add(url)
        asset = fetch(port, url)
        result.asset_bytes += asset.transferred
        result.assets.append(url)
        if "css" in asset.content_type:
            css = asset.body.decode("utf-8", errors="replace")
            queue.extend(
                urljoin(url, ref) for ref in CSS_URL.findall(css) if not ref.startswith("data:")
            )
    return result


def public_pages() -> list[tuple[str, str, str]]:
    """(page, language, path) for the pages a visitor meets first, in both languages."""
    import django
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    django.setup()
    from awaaz.places.models import District, Province

    province = Province.objects.order_by("sort_order").first()
    district = District.objects.current().order_by("province__sort_order", "name_en").first()
    wanted: list[tuple[str, str, dict[str, str]]] = [
        ("home", "core:home", {}),
        ("law library", "content:law_list", {}),
        ("law entry (PPC 375)", "content:law_detail", {"slug": "ppc-375"}),
        ("myths and facts", "content:myth_list", {}),
        ("campaign", "content:page", {"slug": "campaign"}),
        ("map", "places:map", {}),
    ]
    if province is not None:
        wanted.append(
            (
                f"province ({province.name_en})",
                "places:province_detail",
                {"province": province.slug},
            )
        )
    if district is not None:
        wanted.append(
            (
                f"district ({district.name_en})",
                "places:district_detail",
                {"province": district.province.slug, "code": district.code},
            )
        )
    pages = []
    for label, name, kwargs in wanted:
        for language in ("en", "ur"):
            with translation.override(language):
                try:
                    pages.append((label, language, reverse(name, kwargs=kwargs)))
                except NoReverseMatch:
                    pages.append((label, language, ""))
    return pages


# --- Throughput ------------------------------------------------------------------------------


@dataclass
class Load:
    target: str
    tool: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
wrk.headers["X-Forwarded-Proto"] = "https"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("AWAAZ %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def load_wrk(target: str, port: int, path: str, seconds: int, connections: int) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "5s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in output.splitlines() if x.startswith("AWAAZ "))
    requests, duration_us, p50_us, p95_us, errors = (int(x) for x in line.split()[1:])
    return Load(target, "wrk", requests, duration_us / 1e6, errors, p50_us / 1e3, p95_us / 1e3)


def load_python(target: str, port: int, path: str, seconds: int, connections: int) -> Load:
    """A bounded closed-loop client: `connections` threads, each one request at a time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(q: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3

    return Load(
        target, "python", len(latencies), elapsed, errors[0], percentile(0.5), percentile(0.95)
    )


def measure(target: str, port: int, path: str, seconds: int, connections: int) -> Load:
    tool = load_wrk if shutil.which("wrk") else load_python
    tool(target, port, path, 2, connections)  # warm up: imports, template caches, connections
    return tool(target, port, path, seconds, connections)


# --- Report ----------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def print_weights(weights: list[PageWeight]) -> None:
    print(f"\nPage weight on first load, compressed as served (target {kb(TARGET_BYTES)} KB)")
    header = f"{'page':<28} {'lang':<4} {'status':>6} {'HTML KB':>8} {'assets KB':>9}"
    print(f"{header} {'total KB':>8} {'files':>5}  verdict")
    print("-" * 84)
    for w in weights:
        if not w.path:
            print(f"{w.page:<28} {w.language:<4} {'-':>6}  (no such page yet)")
            continue
        if w.status != 200:
            print(f"{w.page:<28} {w.language:<4} {w.status:>6}  (not served: {w.path})")
            continue
        verdict = "ok" if w.total <= TARGET_BYTES else "OVER TARGET"
        if w.off_site:
            verdict += f"; OFF-SITE {w.off_site}"
        print(
            f"{w.page:<28} {w.language:<4} {w.status:>6} {kb(w.html_bytes):>8} "
            f"{kb(w.asset_bytes):>9} {kb(w.total):>8} {1 + len(w.assets):>5}  {verdict}"
        )


def print_loads(loads: list[Load], connections: int) -> None:
    tool = loads[0].tool if loads else "-"
    print(
        f"\nThroughput on loopback: gunicorn, {WORKERS} sync workers, production settings; "
        f"{tool}, {connections} connections"
    )
    print(
        f"{'target':<34} {'requests':>9} {'seconds':>7} {'req/s':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'errors':>6}"
    )
    print("-" * 84)
    for load in loads:
        print(
            f"{load.target:<34} {load.requests:>9} {load.seconds:>7.1f} {load.rps:>8.1f} "
            f"{load.p50_ms:>7.1f} {load.p95_ms:>7.1f} {load.errors:>6}"
        )
    if len(loads) == 2 and loads[1].rps:
        print(f"Awaaz's home page runs at {loads[0].rps / loads[1].rps:.0%} of a bare Django view.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=15, help="length of each load run")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--skip-load", action="store_true", help="only measure page weight")
    args = parser.parse_args(argv)

    began = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="awaaz-bench-") as tmp:
        var_dir = Path(tmp)
        env = production_env(var_dir)
        print(f"Setting up a fresh database in {var_dir} ...", flush=True)
        for command in (["setup", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run(
                [sys.executable, "-m", "awaaz.cli", *command],
                env=env,
                cwd=ROOT,
                check=True,
                timeout=600,
            )
        # This process reads the same database to find real provinces and districts.
        os.environ.update(env)
        pages = public_pages()

        weights: list[PageWeight] = []
        loads: list[Load] = []
        with gunicorn("awaaz.wsgi", env, var_dir / "awaaz.log") as port:
            for label, language, path in pages:
                if path:
                    weights.append(page_weight(port, label, language, path))
                else:
                    weights.append(PageWeight(label, language, "", 0))
            print_weights(weights)
            if not args.skip_load:
                home = next(path for label, _lang, path in pages if label == "home")
                print(f"\nLoading {home} for {args.seconds}s ...", flush=True)
                loads.append(
                    measure(f"Awaaz home page ({home})", port, home, args.seconds, args.connections)
                )
        if not args.skip_load:
            bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
            with gunicorn("bench.bare:application", bare_env, var_dir / "bare.log") as port:
                print(f"Loading the bare Django view for {args.seconds}s ...", flush=True)
                loads.append(
                    measure(
                        "bare Django view (bench/bare.py)",
                        port,
                        "/",
                        args.seconds,
                        args.connections,
                    )
                )
            print_loads(loads, args.connections)

    results = {
        "target_bytes": TARGET_BYTES,
        "pages": [{**asdict(w), "total": w.total} for w in weights],
        "load": [{**asdict(x), "rps": x.rps} for x in loads],
        "seconds": time.monotonic() - began,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nDone in {time.monotonic() - began:.0f}s; results in {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check the nginx configuration that docs/deployment.md gives, with Debian's nginx.

    python .ci/nginx_check.py

The document is what an operator copies, so it is what is checked: the ```nginx block is taken
from docs/deployment.md, only its TLS and log lines are dropped and its ports moved to free local
ones, and nginx must accept it (`nginx -t`). Two small local HTTP servers stand in for the two
gunicorn pools and answer with what they received. A browser that sends its own X-Real-IP and
X-Forwarded-For then asks for pages, and this checks what each pool was told:

- the survivor channel (/<lang>/report/...) reaches its own pool, with no address at all;
- every other page reaches the main pool, with X-Real-IP set by nginx (the client's overwritten)
  for the per-address rate limits, and no X-Forwarded-For.

Exits non-zero, saying what is wrong, if any of it does not hold.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deployment.md"
SPOOFED = {"X-Real-IP": "203.0.113.66", "X-Forwarded-For": "198.51.100.77"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pool(name: str) -> ThreadingHTTPServer:
    """A stand-in for one gunicorn pool: answers every GET with the headers it was given."""

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(
                {
                    "pool": name,
                    "x_real_ip": self.headers.get("X-Real-IP"),
                    "x_forwarded_for": self.headers.get("X-Forwarded-For"),
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def documented_config(ports: dict[str, int], listen: int, tmp: Path) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```nginx\n(.*?)```", text, re.S)
    if match is None:
        raise SystemExit("docs/deployment.md has no ```nginx block")
    block = match.group(1)
    # Only what a local check cannot have: certificates, log files, the port-80 redirect.
    block = re.sub(r"^\s*log_format .*\n", "", block, flags=re.M)
    block = re.sub(r"^\s*(ssl_certificate\S*|access_log|error_log) .*\n", "", block, flags=re.M)
    block = re.sub(r"^server \{ listen 80;.*\n", "", block, flags=re.M)
    block = block.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{listen};")
    block = block.replace("alias /srv/awaaz/var/static/;", f"alias {tmp}/static/;")
    for documented, local in ports.items():
        block = block.replace(f"127.0.0.1:{documented}", f"127.0.0.1:{local}")
    temp_paths = " ".join(
        f"{kind}_temp_path {tmp};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1; error_log {tmp}/error.log; pid {tmp}/nginx.pid; events {{}}\n"
        f"http {{ access_log off; {temp_paths}\n{block}\n}}\n"
    )


def ask(port: int, path: str) -> dict[str, str | None]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=SPOOFED)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local nginx
        answer: dict[str, str | None] = json.loads(response.read())
    return answer


def check(port: int, cases: Iterable[tuple[str, str, str | None]]) -> list[str]:
    problems = []
    for path, want_pool, want_address in cases:
        got = ask(port, path)
        wanted = {"pool": want_pool, "x_real_ip": want_address, "x_forwarded_for": None}
        if got != wanted:
            problems.append(f"{path}: wanted {wanted}, got {got}")
        else:
            print(f"ok  {path:28} -> {want_pool} pool, X-Real-IP {want_address}")
    return problems


def main() -> int:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is not installed (Debian's nginx-light)")
        return 1
    main_pool, intake_pool = pool("main"), pool("intake")
    listen = free_port()
    with tempfile.TemporaryDirectory(prefix="awaaz-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        ports = {"8001": main_pool.server_port, "8002": intake_pool.server_port}
        conf.write_text(documented_config(ports, listen, Path(tmp)), encoding="utf-8")
        # Our own nginx binary and the configuration this script wrote (hence the noqa: S603).
        test = subprocess.run(  # noqa: S603
            [nginx, "-t", "-c", str(conf)], capture_output=True, text=True, check=False
        )
        if test.returncode != 0:
            print(f"nginx refuses the documented configuration:\n{test.stderr}")
            return 1
        subprocess.run([nginx, "-c", str(conf)], check=True)  # noqa: S603
        try:
            problems = check(
                listen,
                [
                    ("/ur/report/", "intake", None),
                    ("/en/report/follow-up/", "intake", None),
                    ("/en/pledge/", "main", "127.0.0.1"),
                    ("/ur/", "main", "127.0.0.1"),
                    ("/en/events/a-session/report/", "main", "127.0.0.1"),
                    ("/en/reports/", "main", "127.0.0.1"),
                ],
            )
        finally:
            subprocess.run([nginx, "-c", str(conf), "-s", "stop"], check=False)  # noqa: S603
    for problem in problems:
        print(f"WRONG {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

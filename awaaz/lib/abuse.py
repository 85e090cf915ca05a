"""Stopping spam without identifying people: proof-of-work, minimum fill time and rate limits.

Two independent tools live here, on purpose:

* **Proof-of-work** (`challenge_issue`, `challenge_check`, `work_solve`) knows nothing about who
  sends a form. The server issues a signed challenge (a random nonce, a difficulty and the time
  it was issued); a browser finds a counter such that SHA-256("<challenge>:<counter>") starts
  with `difficulty` zero bits. The signed issue time doubles as the form's minimum fill time.
  The survivor-reporting channel reuses this part alone, with no address-based key at all.
* **Rate limits** (`network_key`, `contact_key`, `rate_limit_hit`) count attempts in the cache
  under keys derived from a keyed hash. The key is a random salt that lives only in the cache and
  is replaced every day, so yesterday's counters cannot be linked to an address even by someone
  holding the database, the secret key and the cache. Addresses are never stored or logged.

Nothing in this module is user-facing text: callers decide what to tell the visitor.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import itertools
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

# 14 bits: about 16,000 hashes on average, well under a second in a phone's browser and a few
# milliseconds for the server to check (it checks one hash).
DEFAULT_DIFFICULTY = 14
# A challenge older than this is refused (the page was left open too long): the visitor gets a
# fresh form, not an error.
CHALLENGE_MAX_AGE = 2 * 60 * 60

_SALT_TTL = 2 * 24 * 60 * 60


# --- Proof-of-work and fill time ----------------------------------------------------------


@dataclass(frozen=True)
class ChallengeCheck:
    """What a submitted challenge proves. `age` is in seconds; -1 when the token is not ours."""

    valid: bool
    age: float
    work_done: bool
    replayed: bool = False

    def passes(self, *, min_seconds: float, min_seconds_without_work: float) -> bool:
        """True when the form was filled slowly enough, given whether the work was done."""
        if not self.valid or self.replayed:
            return False
        needed = min_seconds if self.work_done else min_seconds_without_work
        return self.age >= needed


def challenge_issue(
    *, purpose: str, difficulty: int = DEFAULT_DIFFICULTY, issued_at: float | None = None
) -> str:
    """A signed challenge for one form of `purpose` (e.g. "pledge"). `issued_at` is for tests."""
    payload = {
        "n": secrets.token_hex(12),
        "d": difficulty,
        "t": round(time.time() if issued_at is None else issued_at, 3),
    }
    return signing.dumps(payload, salt=f"awaaz.abuse.{purpose}", compress=False)


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def work_is_valid(challenge: str, work: str, difficulty: int) -> bool:
    if not work or len(work) > 20 or not work.isdigit():
        return False
    digest = hashlib.sha256(f"{challenge}:{work}".encode()).digest()
    return _leading_zero_bits(digest) >= difficulty


def work_solve(challenge: str) -> str:
    """Find the work for a challenge (what the browser's script does; used by tests and bench)."""
    payload = _unsigned_payload(challenge)
    difficulty = int(str(payload["d"]))
    # The same hash as work_is_valid, with the challenge's part hashed once.
    prefix = hashlib.sha256(f"{challenge}:".encode())
    for counter in itertools.count():
        attempt = prefix.copy()
        attempt.update(str(counter).encode())
        if _leading_zero_bits(attempt.digest()) >= difficulty:
            return str(counter)
    raise AssertionError("unreachable")  # pragma: no cover


def _unsigned_payload(challenge: str) -> dict[str, object]:
    # The payload is readable by design (a browser needs the difficulty); only its integrity is
    # protected, and `challenge_check` verifies that.
    import base64
    import json

    body = challenge.split(":", 1)[0]
    padded = body + "=" * (-len(body) % 4)
    data: dict[str, object] = json.loads(base64.urlsafe_b64decode(padded))
    return data


def challenge_check(
    challenge: str, work: str, *, purpose: str, now: float | None = None, consume: bool = True
) -> ChallengeCheck:
    """Check a submitted challenge and its work.

    With `consume` (the default) a challenge whose work was accepted cannot be used again while it
    is valid: the nonce is remembered in the cache, never in the database.
    """
    try:
        payload = signing.loads(challenge, salt=f"awaaz.abuse.{purpose}")
        issued = float(payload["t"])
        difficulty = int(payload["d"])
        nonce = str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return ChallengeCheck(valid=False, age=-1, work_done=False)
    age = (time.time() if now is None else now) - issued
    if age < 0 or age > CHALLENGE_MAX_AGE:
        return ChallengeCheck(valid=False, age=age, work_done=False)
    work_done = work_is_valid(challenge, work, difficulty)
    replayed = False
    if consume:
        replayed = not cache.add(f"abuse:used:{purpose}:{nonce}", 1, timeout=CHALLENGE_MAX_AGE)
    return ChallengeCheck(valid=True, age=age, work_done=work_done, replayed=replayed)


# --- Rate limits ----------------------------------------------------------------------------


def _daily_salt() -> bytes:
    """Today's random salt, shared through the cache and gone after two days."""
    day = datetime.date.today().isoformat()
    salt = cache.get_or_set(f"abuse:salt:{day}", secrets.token_hex(32), timeout=_SALT_TTL)
    return bytes.fromhex(str(salt))


def keyed_hash(value: str) -> str:
    """A short keyed hash of `value` under today's salt: stable for a day, unlinkable after."""
    return hmac.new(_daily_salt(), value.encode(), hashlib.sha256).hexdigest()[:32]


def client_address(request: HttpRequest) -> str:
    """The network address of the visitor, only ever used to derive a rate-limit key.

    Behind a reverse proxy every request comes from the proxy; set
    AWAAZ_CLIENT_ADDRESS_HEADER (e.g. "HTTP_X_REAL_IP") to the header the proxy sets.
    """
    header = getattr(settings, "AWAAZ_CLIENT_ADDRESS_HEADER", "")
    address = request.META.get(header, "") if header else ""
    return str(address or request.META.get("REMOTE_ADDR", "") or "unknown").split(",")[0].strip()


def network_key(request: HttpRequest) -> str:
    return keyed_hash(f"net:{client_address(request)}")


def contact_key(contact: str) -> str:
    return keyed_hash(f"contact:{contact}")


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True when this attempt goes over `limit` within `window` seconds.

    A fixed window in the cache: simple, cheap and good enough to slow down a script. With the
    local-memory cache each server process counts on its own; use Redis to share the count.
    """
    bucket = int(time.time() // window)
    name = f"abuse:rl:{scope}:{key}:{bucket}"
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:
        # The entry expired between add and incr: this is the first attempt of a new window.
        cache.set(name, 1, timeout=window)
        count = 1
    return count > limit


# --- Disposable email domains ---------------------------------------------------------------

DISPOSABLE_DOMAINS_FILE = Path(__file__).resolve().parent / "data" / "disposable_domains.txt"


@functools.cache
def _disposable_domains() -> frozenset[str]:
    lines = DISPOSABLE_DOMAINS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def is_disposable_email(address: str) -> bool:
    """True when the address's domain, or a domain above it, is a known throw-away service."""
    domain = address.rpartition("@")[2].lower().rstrip(".")
    parts = domain.split(".")
    return any(".".join(parts[i:]) in _disposable_domains() for i in range(len(parts) - 1))

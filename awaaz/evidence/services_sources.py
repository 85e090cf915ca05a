"""The news fetcher: poll sources, find new articles, fetch and store their text (area E1).

Politeness is not optional. Every request carries a User-Agent that names Awaaz and a contact
address; robots.txt is read once per host and obeyed (for the feed, for each article and for
each hop of a redirect); requests to one host are spaced by a minimum interval (or the host's
Crawl-delay, whichever is longer); feeds are asked for with If-None-Match/If-Modified-Since so
that an unchanged feed costs one 304; every read has a timeout and a size cap; a server error or
a dropped connection is retried a few times with a growing pause.

Resumable and idempotent: an article is stored in its own transaction as soon as it is fetched,
so a crash loses nothing already stored; its normalised URL is unique, so the same story seen
twice (in two feeds, or with different tracking parameters) is one article and is never fetched
again. A source's ETag is saved only after all its entries were handled, so a run that stops
half-way is not mistaken for "nothing new" next time.

Nothing here runs inside a web request: the `evidence_fetch` command (cron, a task runner) is
the only caller.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import hashlib
import json
import logging
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import trafilatura
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from awaaz.evidence.models import (
    Article,
    ArticleStatus,
    DatePrecision,
    NewsLanguage,
    NewsSource,
    SourceKind,
)
from awaaz.lib.text import ALLOWED_CONTROLS, BIDI_CONTROLS

logger = logging.getLogger(__name__)

# --- Addresses -------------------------------------------------------------------------------

# Query parameters that only say where a reader came from; the same story carries many of them.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "yclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "source",
        "cmpid",
        "ocid",
        "s_cid",
        "spm",
        "share",
        "amp",
        "outputtype",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "__twitter")


def url_normalise(url: str) -> str:
    """The address that identifies an article: no fragment, no tracking parameters.

    Scheme and host are lower-cased, a default port is dropped, the remaining parameters are
    sorted so that their order does not make two addresses. The path keeps its case (many
    sites' paths are case-sensitive). Urdu slugs are percent-encoded (as UTF-8, upper-case
    hex), so that the address can be requested and compares equal however it was written.
    """
    ascii_url = _PERCENT_HEX.sub(lambda m: m.group(0).upper(), iri_to_uri(url.strip()))
    parts = urlsplit(ascii_url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


_PERCENT_HEX = re.compile(r"%[0-9a-fA-F]{2}")


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


# --- Text ------------------------------------------------------------------------------------


def text_clean(value: str) -> str:
    """Unicode NFC, without characters that reorder text or are invisible controls.

    News pages sometimes carry bidi overrides and stray control characters; stored text must
    pass the same checks as text people type (awaaz.lib.text).
    """
    value = unicodedata.normalize("NFC", value)
    kept = [
        char
        for char in value
        if char not in BIDI_CONTROLS
        and not 0xD800 <= ord(char) <= 0xDFFF
        and (unicodedata.category(char) != "Cc" or char in ALLOWED_CONTROLS)
    ]
    return "".join(kept).replace("\r\n", "\n").replace("\r", "\n").strip()


def text_hash(value: str) -> str:
    """SHA-256 of the text with case, punctuation and spacing folded: the same story twice."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    words = re.findall(r"\w+", folded)
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _guess_language(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return NewsLanguage.ENGLISH
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    return NewsLanguage.URDU if arabic * 2 > len(letters) else NewsLanguage.ENGLISH


# --- HTTP ------------------------------------------------------------------------------------


class FetchError(Exception):
    """A page could not be fetched; the message says why (for the summary and the log).

    `transient` errors (a timeout, a dropped connection, a busy server) may go away by the next
    run, so the feed is read again then; the others (404, too large, not an article) would not.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class RobotsRefusedError(FetchError):
    pass


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch. Defaults come from settings."""

    user_agent: str
    timeout: float = 15.0
    max_bytes: int = 3 * 1024 * 1024
    host_interval: float = 2.0
    retries: int = 2
    backoff: float = 2.0
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, **overrides: Any) -> FetchPolicy:
        contact = getattr(settings, "AWAAZ_FETCH_CONTACT_URL", "") or settings.AWAAZ_PUBLIC_URL
        values: dict[str, Any] = {
            "user_agent": f"AwaazNewsMonitor/1.0 (+{contact})",
            "timeout": float(getattr(settings, "AWAAZ_FETCH_TIMEOUT_SECONDS", 15)),
            "max_bytes": int(getattr(settings, "AWAAZ_FETCH_MAX_BYTES", 3 * 1024 * 1024)),
            "host_interval": float(getattr(settings, "AWAAZ_FETCH_HOST_INTERVAL_SECONDS", 2)),
        }
        values.update(overrides)
        return cls(**values)


@dataclass
class Response:
    status: int
    url: str
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


MAX_RETRY_AFTER = 120.0
READ_CHUNK = 64 * 1024
# The whole body must arrive within this many times the per-read timeout.
READ_BUDGET_FACTOR = 3
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by hand, so that each hop is checked against robots.txt."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class PoliteClient:
    """An HTTP client that obeys robots.txt, spaces requests per host and caps every read."""

    def __init__(self, policy: FetchPolicy, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.policy = policy
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()
        # No automatic redirects; proxies from the environment are honoured as usual.
        self._opener = urllib.request.build_opener(_NoRedirect())
        self.requests_made = 0

    # robots.txt

    def robots_allows(self, url: str) -> bool:
        host = _host_key(url)
        parser = self._robots.get(host)
        if parser is None:
            parser = self._robots_load(host)
            self._robots[host] = parser
        return parser.can_fetch(self.policy.user_agent, url)

    def _robots_load(self, host: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        location = f"{host}/robots.txt"
        try:
            # RFC 9309: follow at least five redirects (http to https, to www.) for robots.txt.
            for _hop in range(self.policy.max_redirects + 1):
                response = self._request(location, {}, allow_error_status=True)
                target = response.headers.get("Location")
                if response.status not in REDIRECT_STATUSES or not target:
                    break
                location = urljoin(location, target)
                if urlsplit(location).scheme not in ("http", "https"):
                    break
        except FetchError:
            # Unreachable: RFC 9309 says assume everything is disallowed, and try again next run.
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if response.status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif response.status >= 300:
            parser.parse([])
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _host_interval(self, host: str) -> float:
        parser = self._robots.get(host)
        delay = parser.crawl_delay(self.policy.user_agent) if parser else None
        return max(self.policy.host_interval, float(delay or 0))

    # requests

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET `url` politely, following up to `max_redirects` redirects (each allowed by
        robots.txt). A 304 comes back as a Response with status 304 and no body."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = iri_to_uri(url)
        for _hop in range(self.policy.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(f"not an http(s) address: {current}")
            if not self.robots_allows(current):
                raise RobotsRefusedError(f"robots.txt disallows {current}")
            response = self._request(current, headers, allow_error_status=False)
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without a Location from {current}")
                current = iri_to_uri(urljoin(current, location))
                continue
            return response
        raise FetchError(f"too many redirects from {url}")

    def _request(self, url: str, headers: dict[str, str], *, allow_error_status: bool) -> Response:
        attempt = 0
        while True:
            try:
                return self._request_once(url, headers, allow_error_status=allow_error_status)
            except _RetryableError as exc:
                attempt += 1
                if attempt > self.policy.retries:
                    raise FetchError(str(exc), transient=True) from exc
                pause = self.policy.backoff * (2 ** (attempt - 1))
                # A server that says how long to wait is listened to, within reason.
                self._sleep(max(pause, min(exc.retry_after, MAX_RETRY_AFTER)))

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            if last is not None:
                wait = self._host_interval(host) - (now - last)
                if wait > 0:
                    self._sleep(wait)
            self._last_request[host] = time.monotonic()

    def _request_once(
        self, url: str, headers: dict[str, str], *, allow_error_status: bool
    ) -> Response:
        self._wait_for_host(_host_key(url))
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked to be http(s)
            url,
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept-Encoding": "identity",
                **headers,
            },
        )
        self.requests_made += 1
        try:
            with self._opener.open(request, timeout=self.policy.timeout) as raw:
                body = self._read_capped(raw, url)
                return Response(raw.status, raw.geturl(), raw.headers, body)
        except urllib.error.HTTPError as exc:
            status = exc.code
            if status in REDIRECT_STATUSES or status == 304:
                exc.close()
                return Response(status, url, exc.headers, b"")
            if status in (429, 500, 502, 503, 504):
                exc.close()
                if allow_error_status and status >= 500:
                    return Response(status, url, exc.headers, b"")
                raise _RetryableError(
                    f"HTTP {status} from {url}", retry_after=_retry_after(exc.headers)
                ) from exc
            exc.close()
            if allow_error_status:
                return Response(status, url, exc.headers, b"")
            raise FetchError(f"HTTP {status} from {url}") from exc
        except TimeoutError as exc:
            raise _RetryableError(f"timed out reading {url}") from exc
        except urllib.error.URLError as exc:
            raise _RetryableError(f"cannot reach {url}: {exc.reason}") from exc
        except (ConnectionError, OSError) as exc:
            raise _RetryableError(f"connection to {url} failed: {exc}") from exc

    def _read_capped(self, raw: Any, url: str) -> bytes:
        declared = raw.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError(f"{url} is larger than {self.policy.max_bytes} bytes")
        # The socket timeout bounds each read, not the whole body: a server that sends a byte
        # every few seconds would hold the fetcher for ever. The body gets a total budget too.
        deadline = time.monotonic() + self.policy.timeout * READ_BUDGET_FACTOR
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk: bytes = raw.read1(READ_CHUNK) if hasattr(raw, "read1") else raw.read(READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > self.policy.max_bytes:
                raise FetchError(f"{url} is larger than {self.policy.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise _RetryableError(f"timed out reading {url} (too slow)")
        return b"".join(chunks)


class _RetryableError(Exception):
    def __init__(self, message: str, *, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(headers: Message | None) -> float:
    value = (headers.get("Retry-After") if headers is not None else None) or ""
    return float(value) if value.strip().isdigit() else 0.0


# --- Feeds and listing pages -----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One link found in a feed or on a listing page."""

    url: str
    title: str = ""
    published_at: datetime.datetime | None = None


_ATOM = "{http://www.w3.org/2005/Atom}"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RSS1_ITEM = "{http://purl.org/rss/1.0/}item"


def feed_parse(body: bytes, *, base_url: str) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order.

    A document that declares entities or carries an internal DTD subset is refused outright:
    feeds have no use for them, and they are how XML bombs and external-entity reads work. A
    bare DOCTYPE (old RSS 0.91 feeds have one) is harmless: the parser never loads external DTDs.
    """
    lowered = body.lower()
    if b"<!entity" in lowered or re.search(rb"<!doctype[^>\[]*\[", lowered):
        raise FetchError("the feed declares a DOCTYPE or entities; refused")
    try:
        root = ET.fromstring(body)  # noqa: S314 - DOCTYPE and entities are refused above
    except ET.ParseError as exc:
        raise FetchError(f"the feed is not well-formed XML: {exc}") from exc
    entries: list[Entry] = []
    if root.tag == f"{_ATOM}feed":
        for item in root.iter(f"{_ATOM}entry"):
            href = ""
            for link in item.findall(f"{_ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    href = link.get("href", "")
                    break
            stamp = item.findtext(f"{_ATOM}published") or item.findtext(f"{_ATOM}updated")
            entries.append(
                Entry(
                    url=urljoin(base_url, href.strip()),
                    title=(item.findtext(f"{_ATOM}title") or "").strip(),
                    published_at=_parse_iso(stamp),
                )
            )
    else:
        items = list(root.iter("item")) or list(root.iter(_RSS1_ITEM))
        for item in items:
            address = (
                item.findtext("link") or item.findtext("{http://purl.org/rss/1.0/}link") or ""
            ).strip()
            guid = item.find("guid")
            if not address and guid is not None and guid.get("isPermaLink", "true") == "true":
                address = (guid.text or "").strip()
            pub = item.findtext("pubDate")
            published = _parse_rfc822(pub) if pub else _parse_iso(item.findtext(_DC_DATE))
            title = item.findtext("title") or item.findtext("{http://purl.org/rss/1.0/}title")
            entries.append(
                Entry(
                    url=urljoin(base_url, address),
                    title=(title or "").strip(),
                    published_at=published,
                )
            )
    return [entry for entry in entries if urlsplit(entry.url).scheme in ("http", "https")]


class _LinkCollector(HTMLParser):
    """Collects (href, text) of every <a> on a page; the stdlib parser copes with bad HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._close()
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close()

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def _close(self) -> None:
        if self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
        self._href = None

    def close(self) -> None:
        super().close()
        self._close()


def listing_parse(
    body: bytes, *, base_url: str, pattern: str, charset: str | None = None
) -> list[Entry]:
    """Article links on an HTML listing page: same host, matching the source's pattern."""
    try:
        html = body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        html = body.decode("utf-8", errors="replace")
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    host = urlsplit(base_url).netloc.lower()
    matcher = re.compile(pattern) if pattern else None
    seen: set[str] = set()
    entries: list[Entry] = []
    for href, text in collector.links:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        absolute = urljoin(base_url, href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host:
            continue
        if matcher is not None and not matcher.search(absolute):
            continue
        key = url_normalise(absolute)
        if key in seen or key == url_normalise(base_url):
            continue
        seen.add(key)
        entries.append(Entry(url=absolute, title=text_clean(text)))
    return entries


def _parse_rfc822(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _parse_iso(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


# --- Article pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    canonical_url: str
    published_at: datetime.datetime | None
    precision: str


def page_extract(html: bytes, *, url: str) -> Extracted:
    """Title, main text (no navigation, advertising or comments), canonical address and date."""
    raw = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not raw:
        raise FetchError(f"no article text found at {url}")
    data = json.loads(raw)
    title = text_clean(data.get("title") or "")
    text = text_clean(data.get("text") or "")
    # trafilatura repeats the headline as the first line of the text.
    first, _sep, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()
    if not text:
        raise FetchError(f"no article text found at {url}")
    published = None
    precision = DatePrecision.UNKNOWN
    if data.get("date"):
        try:
            day = datetime.date.fromisoformat(data["date"])
        except ValueError:
            day = None
        if day is not None:
            published = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
            precision = DatePrecision.DAY
    canonical = data.get("source") or ""
    if urlsplit(canonical).scheme not in ("http", "https"):
        canonical = ""
    return Extracted(
        title=title[:500],
        text=text,
        canonical_url=url_normalise(canonical)[:1000] if canonical else "",
        published_at=published,
        precision=precision,
    )


# --- Services --------------------------------------------------------------------------------


@dataclass
class FetchSummary:
    sources: int = 0
    unchanged: int = 0
    entries: int = 0
    stored: int = 0
    known: int = 0
    failed: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: FetchSummary) -> None:
        for name in ("sources", "unchanged", "entries", "stored", "known", "failed", "refused"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def line(self) -> str:
        return (
            f"{self.sources} sources polled ({self.unchanged} unchanged), {self.entries} links, "
            f"{self.stored} new articles, {self.known} already stored, {self.failed} failed, "
            f"{self.refused} refused by robots.txt"
        )


def article_store(
    *,
    url: str,
    extracted: Extracted,
    source: NewsSource | None,
    language: str,
    published_at: datetime.datetime | None = None,
) -> tuple[Article, bool]:
    """Store one fetched article unless its address is already known; return it and whether
    it is new. A date from the feed (to the minute) wins over one guessed from the page."""
    normalised = url_normalise(url)
    with transaction.atomic():
        existing = Article.objects.filter(url=normalised).first()
        if existing is None and extracted.canonical_url:
            existing = Article.objects.filter(
                Q(url=extracted.canonical_url) | Q(canonical_url=extracted.canonical_url)
            ).first()
        if existing is not None:
            return existing, False
        date: datetime.datetime | None = published_at
        precision: str = DatePrecision.EXACT
        # A feed dated in the future is wrong about its date; the page may know better.
        if published_at is None or published_at > timezone.now() + datetime.timedelta(days=1):
            date, precision = extracted.published_at, extracted.precision
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    source=source,
                    url=normalised,
                    canonical_url=extracted.canonical_url,
                    title=extracted.title,
                    text=extracted.text,
                    language=language,
                    published_at=date,
                    published_precision=precision,
                    fetched_at=timezone.now(),
                    content_hash=text_hash(extracted.text),
                    status=ArticleStatus.NEW,
                )
        except IntegrityError:
            # Another fetcher stored the same address a moment ago: one article, as wanted.
            return Article.objects.get(url=normalised), False
    return article, True


def article_fetch(
    *,
    url: str,
    client: PoliteClient,
    source: NewsSource | None = None,
    language: str = "",
    published_at: datetime.datetime | None = None,
    title: str = "",
) -> tuple[Article, bool]:
    """Fetch one article page (unless already stored) and store its text.

    `published_at` and `title` come from the feed, when it has them: a feed's date is to the
    minute, and its title stands in when the page's cannot be found.
    """
    normalised = url_normalise(url)
    existing = Article.objects.filter(Q(url=normalised) | Q(canonical_url=normalised)).first()
    if existing is not None:
        return existing, False
    # The normalised address: no tracking parameters are sent back to the site.
    response = client.get(normalised)
    if response.status != 200:
        raise FetchError(f"HTTP {response.status} from {url}")
    if response.content_type and response.content_type not in (
        "text/html",
        "application/xhtml+xml",
    ):
        raise FetchError(f"{url} is not a web page ({response.content_type})")
    extracted = page_extract(response.body, url=response.url)
    if not extracted.title and title:
        extracted = dataclasses.replace(extracted, title=text_clean(title)[:500])
    language = language or (source.language if source else "") or _guess_language(extracted.text)
    return article_store(
        url=url, extracted=extracted, source=source, language=language, published_at=published_at
    )


def source_fetch(
    *,
    source: NewsSource,
    client: PoliteClient,
    on_entries: Callable[[int], None] | None = None,
    on_article: Callable[[], None] | None = None,
) -> FetchSummary:
    """Poll one source and store every article in it that is not stored yet.

    Deliberately not one transaction: each article is committed as soon as it is stored (see
    `article_store`), so that a run stopped half-way keeps what it fetched.
    """
    summary = FetchSummary(sources=1)
    now = timezone.now()
    try:
        response = client.get(source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchError as exc:
        refused = isinstance(exc, RobotsRefusedError)
        summary.refused += int(refused)
        summary.failed += int(not refused)
        summary.errors.append(f"{source.name}: {exc}")
        _source_mark(source, now=now, robots_allowed=False if refused else None, error=exc)
        return summary
    if response.status == 304:
        summary.unchanged += 1
        _source_mark(source, now=now, robots_allowed=True, error=None)
        return summary
    if response.status != 200:
        summary.failed += 1
        error = FetchError(f"HTTP {response.status} from {source.url}")
        summary.errors.append(f"{source.name}: {error}")
        _source_mark(source, now=now, robots_allowed=True, error=error)
        return summary
    try:
        if source.kind == SourceKind.HTML_LISTING:
            entries = listing_parse(
                response.body,
                base_url=response.url,
                pattern=source.link_pattern,
                charset=response.headers.get_content_charset(),
            )
        else:
            entries = feed_parse(response.body, base_url=response.url)
    except FetchError as exc:
        summary.failed += 1
        summary.errors.append(f"{source.name}: {exc}")
        _source_mark(source, now=now, robots_allowed=True, error=exc)
        return summary
    summary.entries += len(entries)
    if on_entries:
        on_entries(len(entries))
    all_handled = True
    for entry in _unique(entries):
        try:
            _article, created = article_fetch(
                url=entry.url,
                client=client,
                source=source,
                language=source.language,
                published_at=entry.published_at,
                title=entry.title,
            )
        except RobotsRefusedError as exc:
            summary.refused += 1
            summary.errors.append(f"{source.name}: {exc}")
        except FetchError as exc:
            # A page that may come back (timeout, busy server) makes the next run read the
            # feed again; one that will not (404, not an article) does not.
            all_handled = all_handled and not exc.transient
            summary.failed += 1
            summary.errors.append(f"{source.name}: {exc}")
        else:
            if created:
                summary.stored += 1
            else:
                summary.known += 1
        if on_article:
            on_article()
    # Keep the validators only when every entry was handled; otherwise the next run must see
    # the feed again to retry the articles that failed.
    _source_mark(
        source,
        now=now,
        robots_allowed=True,
        error=None,
        etag=response.headers.get("ETag", "") if all_handled else "",
        last_modified=response.headers.get("Last-Modified", "") if all_handled else "",
    )
    return summary


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = url_normalise(entry.url)
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def _source_mark(
    source: NewsSource,
    *,
    now: datetime.datetime,
    robots_allowed: bool | None,
    error: Exception | None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    source.last_polled_at = now
    if robots_allowed is not None:
        source.robots_allowed = robots_allowed
    source.last_error = str(error)[:300] if error else ""
    fields = ["last_polled_at", "robots_allowed", "last_error", "updated_at"]
    if etag is not None:
        source.etag = etag[:300]
        fields.append("etag")
    if last_modified is not None:
        source.last_modified = last_modified[:100]
        fields.append("last_modified")
    source.save(update_fields=fields)


def sources_due(*, now: datetime.datetime | None = None) -> list[NewsSource]:
    """Active sources whose poll interval has passed."""
    now = now or timezone.now()
    due = []
    for source in NewsSource.objects.filter(active=True).order_by("id"):
        interval = datetime.timedelta(minutes=source.poll_interval_minutes)
        if source.last_polled_at is None or source.last_polled_at + interval <= now:
            due.append(source)
    return due


def sources_fetch(
    *,
    sources: Iterable[NewsSource],
    client: PoliteClient | None = None,
    on_entries: Callable[[int], None] | None = None,
    on_article: Callable[[], None] | None = None,
) -> FetchSummary:
    """Poll each source in turn; one failing source never stops the others."""
    client = client or PoliteClient(FetchPolicy.from_settings())
    summary = FetchSummary()
    for source in sources:
        result = source_fetch(
            source=source, client=client, on_entries=on_entries, on_article=on_article
        )
        for error in result.errors:
            logger.warning("evidence fetch: %s", error)
        summary.add(result)
    return summary

"""The fetcher against a real HTTP server on 127.0.0.1 that serves feeds and pages written for
these tests (tests/data/feeds): fictional outlets, fictional people, real sockets."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from awaaz.evidence.models import Article, ArticleStatus, DatePrecision, NewsSource, SourceKind
from awaaz.evidence.services_sources import (
    FetchError,
    FetchPolicy,
    PoliteClient,
    RobotsRefusedError,
    article_fetch,
    feed_parse,
    source_fetch,
    text_hash,
    url_normalise,
)

DATA = Path(__file__).parent / "data" / "feeds"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0
    # Statuses to answer before the real one (e.g. [503] for one failure, then success).
    failures: list[int] = field(default_factory=list)
    # Seconds between 100-byte pieces of the body: a server that trickles.
    drip: float = 0.0


class LocalNewsServer:
    """A small news site on 127.0.0.1: routes by path (the query string is ignored, as on many
    real sites), answers conditional GETs, and logs every request it receives."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        def route_drip(raw_path: str) -> float:
            route = server.routes.get(urlsplit(raw_path).path)
            return route.drip if route else 0.0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                server.log.append((path, dict(self.headers.items())))
                route = server.routes.get(path)
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                if route.failures:
                    self._send(route.failures.pop(0), b"busy", "text/plain", route.headers)
                    return
                if route.delay:
                    server.release.wait(route.delay)
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, b"", "", headers)
                        return
                self._send(route.status, route.body, route.content_type, headers)

            def _send(
                self, status: int, body: bytes, content_type: str, headers: dict[str, str]
            ) -> None:
                try:
                    self.send_response(status)
                    if content_type:
                        self.send_header("Content-Type", content_type)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304 and route_drip(self.path):
                        for start in range(0, len(body), 100):
                            self.wfile.write(body[start : start + 100])
                            self.wfile.flush()
                            if server.release.wait(route_drip(self.path)):
                                return
                    elif status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> LocalNewsServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def file(self, name: str) -> bytes:
        return (DATA / name).read_text(encoding="utf-8").replace("{base}", self.base).encode()

    def serve(self, path: str, name: str, **kwargs: object) -> Route:
        if name.endswith(".xml") and "content_type" not in kwargs:
            kwargs["content_type"] = "application/rss+xml; charset=utf-8"
        route = Route(body=self.file(name), **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def hits(self, path: str) -> int:
        return sum(1 for logged, _headers in self.log if logged == path)

    def serve_lantern(self) -> None:
        """The English RSS outlet and its two article pages."""
        self.serve("/rss.xml", "rss_en.xml", etag='"lantern-v1"')
        self.serve("/news/2024/03/okara-boy-assault", "pages/okara-boy-assault.html")
        self.serve(
            "/news/2024/03/senate-committee-rape-law", "pages/senate-committee-rape-law.html"
        )

    def serve_sada(self) -> None:
        """The Urdu Atom outlet."""
        self.serve("/ur/atom.xml", "atom_ur.xml", content_type="application/atom+xml")
        self.serve("/ur/khabar/4411", "pages/khabar-4411.html")
        self.serve("/ur/khabar/4412", "pages/khabar-4412.html")


@pytest.fixture
def news() -> Iterator[LocalNewsServer]:
    server = LocalNewsServer().start()
    yield server
    server.stop()


def quick_client(**overrides: object) -> PoliteClient:
    """The real client, without the pauses that protect real sites (the server is ours)."""
    values: dict[str, object] = {
        "user_agent": "AwaazNewsMonitor/1.0 (+https://awaaz.example.org/about/fetcher)",
        "timeout": 5.0,
        "host_interval": 0.0,
        "retries": 1,
        "backoff": 0.0,
    }
    values.update(overrides)
    return PoliteClient(FetchPolicy(**values))  # type: ignore[arg-type]


def make_source(url: str, **kwargs: object) -> NewsSource:
    defaults: dict[str, object] = {
        "name": f"Test source {url}",
        "outlet": "The Daily Lantern",
        "kind": SourceKind.RSS,
        "language": "en",
        "active": True,
    }
    defaults.update(kwargs)
    return NewsSource.objects.create(url=url, **defaults)


# --- RSS, idempotence, conditional GET -------------------------------------------------------


@pytest.mark.django_db
def test_rss_feed_gives_one_article_per_story_with_clean_text(news: LocalNewsServer) -> None:
    news.serve_lantern()
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.entries, summary.stored, summary.failed) == (3, 2, 0)
    assert Article.objects.count() == 2
    # The same story linked twice with tracking parameters is fetched and stored once.
    assert news.hits("/news/2024/03/okara-boy-assault") == 1
    okara = Article.objects.get(title__startswith="Boy, 12")
    assert okara.url == f"{news.base}/news/2024/03/okara-boy-assault"
    assert okara.canonical_url == okara.url
    assert okara.source == source
    assert okara.language == "en"
    assert okara.status == ArticleStatus.NEW
    assert "A 12-year-old boy was allegedly sodomised" in okara.text
    assert "sections 377 and 377-B" in okara.text
    # Navigation, advertising and readers' comments are not part of the article.
    for noise in ("Hang him publicly", "ADVERTISEMENT", "All rights reserved", "Opinion"):
        assert noise not in okara.text
    # The feed's date, to the minute, in UTC.
    assert okara.published_at == datetime.datetime(2024, 3, 5, 4, 40, tzinfo=datetime.UTC)
    assert okara.published_precision == DatePrecision.EXACT
    assert okara.content_hash == text_hash(okara.text)
    # Every request names Awaaz and where to reach its operators.
    assert all("AwaazNewsMonitor" in headers["User-Agent"] for _path, headers in news.log)
    source.refresh_from_db()
    assert source.etag == '"lantern-v1"'
    assert source.last_polled_at is not None
    assert source.robots_allowed is True


@pytest.mark.django_db
def test_unchanged_feed_costs_one_304_and_nothing_is_fetched_again(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    source = make_source(f"{news.base}/rss.xml")
    source_fetch(source=source, client=quick_client())
    requests_before = len(news.log)

    summary = source_fetch(source=source, client=quick_client())

    assert summary.unchanged == 1
    assert summary.stored == 0
    feed_requests = [headers for path, headers in news.log[requests_before:] if path == "/rss.xml"]
    assert feed_requests[0]["If-None-Match"] == '"lantern-v1"'
    assert [path for path, _h in news.log[requests_before:]] == ["/robots.txt", "/rss.xml"]
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_feed_without_validators_is_read_again_but_known_articles_are_not_refetched(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    news.routes["/rss.xml"].etag = ""
    source = make_source(f"{news.base}/rss.xml")
    source_fetch(source=source, client=quick_client())

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.stored, summary.known) == (0, 2)
    assert news.hits("/news/2024/03/okara-boy-assault") == 1
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_same_url_from_two_sources_is_one_article(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.serve("/mirror.xml", "rss_en.xml")
    first = make_source(f"{news.base}/rss.xml")
    second = make_source(f"{news.base}/mirror.xml", name="Mirror")
    source_fetch(source=first, client=quick_client())

    summary = source_fetch(source=second, client=quick_client())

    assert summary.known == 2
    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("source", flat=True)) == {first.pk}


# --- Atom in Urdu, HTML listing -------------------------------------------------------------


@pytest.mark.django_db
def test_urdu_atom_feed(news: LocalNewsServer) -> None:
    news.serve_sada()
    source = make_source(
        f"{news.base}/ur/atom.xml", kind=SourceKind.ATOM, language="ur", outlet="روزنامہ صدا"
    )

    summary = source_fetch(source=source, client=quick_client())

    assert summary.stored == 2
    kasur = Article.objects.get(url=f"{news.base}/ur/khabar/4411")
    assert kasur.title == "قصور: کمسن بچی سے زیادتی، ملزم گرفتار"
    assert "دفعہ 376 کے تحت مقدمہ درج" in kasur.text
    assert "تبصرے" not in kasur.text
    assert "اشتہار" not in kasur.text
    assert kasur.language == "ur"
    assert kasur.published_at == datetime.datetime(2024, 3, 6, 2, 30, tzinfo=datetime.UTC)
    # A relative link with a tracking parameter, dated only by <updated>.
    multan = Article.objects.get(url=f"{news.base}/ur/khabar/4412")
    assert "خواجہ سرا" in multan.text
    assert multan.published_at == datetime.datetime(2024, 3, 6, 4, 10, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_html_listing_follows_only_article_links_on_the_same_site(news: LocalNewsServer) -> None:
    news.serve("/crime/", "listing_en.html")
    news.serve("/story/20240307-peshawar-teacher-arrested", "pages/peshawar-teacher-arrested.html")
    news.serve("/story/20240307-mardan-robbery", "pages/mardan-robbery.html")
    source = make_source(
        f"{news.base}/crime/",
        kind=SourceKind.HTML_LISTING,
        outlet="The Frontier Courier",
        link_pattern=r"/story/\d{8}-",
    )

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.entries, summary.stored) == (2, 2)
    assert set(Article.objects.values_list("url", flat=True)) == {
        f"{news.base}/story/20240307-peshawar-teacher-arrested",
        f"{news.base}/story/20240307-mardan-robbery",
    }
    teacher = Article.objects.get(url__endswith="teacher-arrested")
    assert "10-year-old student" in teacher.text
    assert teacher.published_at is not None
    assert teacher.published_at.date() == datetime.date(2024, 3, 7)
    assert teacher.published_precision == DatePrecision.DAY
    # Nothing was requested from other sites or from the navigation.
    assert {path for path, _h in news.log} == {
        "/robots.txt",
        "/crime/",
        "/story/20240307-peshawar-teacher-arrested",
        "/story/20240307-mardan-robbery",
    }


# --- robots.txt -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_robots_txt_disallowing_one_article_is_obeyed(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /news/2024/03/senate\n", content_type="text/plain"
    )
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.stored, summary.refused) == (1, 1)
    assert news.hits("/news/2024/03/senate-committee-rape-law") == 0
    assert not Article.objects.filter(url__contains="senate").exists()


@pytest.mark.django_db
def test_robots_txt_disallowing_the_feed_stops_the_source(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/robots.txt"] = Route(
        body=b"User-agent: AwaazNewsMonitor\nDisallow: /\n", content_type="text/plain"
    )
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert summary.refused == 1
    assert [path for path, _h in news.log] == ["/robots.txt"]
    source.refresh_from_db()
    assert source.robots_allowed is False
    assert "robots.txt" in source.last_error
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_robots_txt_is_read_once_per_host(news: LocalNewsServer) -> None:
    news.serve_lantern()
    client = quick_client()

    source_fetch(source=make_source(f"{news.base}/rss.xml"), client=client)

    assert news.hits("/robots.txt") == 1


# --- Failures: timeout, size, malformed XML, entities, retries, redirects -------------------


@pytest.mark.django_db
def test_a_page_that_times_out_is_skipped_and_fetched_on_the_next_run(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    news.routes["/news/2024/03/senate-committee-rape-law"].delay = 30
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client(timeout=0.5, retries=0))

    assert (summary.stored, summary.failed) == (1, 1)
    assert "timed out" in " ".join(summary.errors)
    source.refresh_from_db()
    # The feed's ETag is not kept, so the next run sees the feed again and retries the page.
    assert source.etag == ""
    news.routes["/news/2024/03/senate-committee-rape-law"].delay = 0

    again = source_fetch(source=source, client=quick_client())

    assert (again.stored, again.known) == (1, 1)
    assert Article.objects.filter(title__startswith="Senate committee").exists()


@pytest.mark.django_db
def test_an_oversized_page_is_refused(news: LocalNewsServer) -> None:
    news.serve_lantern()
    padding = b"<p>" + b"Sponsored content. " * 5000 + b"</p></body></html>"
    route = news.routes["/news/2024/03/senate-committee-rape-law"]
    route.body = route.body.replace(b"</body></html>", padding)
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client(max_bytes=50_000))

    assert (summary.stored, summary.failed) == (1, 1)
    assert "larger than 50000 bytes" in " ".join(summary.errors)
    assert not Article.objects.filter(title__startswith="Senate committee").exists()


@pytest.mark.django_db
def test_malformed_feed_is_reported_and_nothing_is_stored(news: LocalNewsServer) -> None:
    news.serve("/broken.xml", "malformed.xml")
    source = make_source(f"{news.base}/broken.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert summary.failed == 1
    source.refresh_from_db()
    assert "not well-formed XML" in source.last_error
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_feed_with_entities_is_refused_before_parsing(news: LocalNewsServer) -> None:
    news.serve("/entities.xml", "entities.xml")
    source = make_source(f"{news.base}/entities.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert summary.failed == 1
    assert "DOCTYPE or entities" in " ".join(summary.errors)
    assert news.hits("/news/entity") == 0


def test_feed_parse_refuses_an_entity_declared_after_a_long_prologue() -> None:
    body = b"<?xml version='1.0'?>" + b"<!-- padding -->" * 400 + b"<!ENTITY x 'y'><rss/>"
    with pytest.raises(FetchError, match="DOCTYPE or entities"):
        feed_parse(body, base_url="http://127.0.0.1/")


@pytest.mark.django_db
def test_a_busy_server_is_retried_after_a_pause(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/news/2024/03/okara-boy-assault"].failures = [503]
    pauses: list[float] = []
    client = PoliteClient(
        FetchPolicy(user_agent="AwaazNewsMonitor/1.0", host_interval=0, retries=2, backoff=3),
        sleep=pauses.append,
    )

    summary = source_fetch(source=make_source(f"{news.base}/rss.xml"), client=client)

    assert summary.stored == 2
    assert news.hits("/news/2024/03/okara-boy-assault") == 2
    assert pauses == [3]


@pytest.mark.django_db
def test_requests_to_one_host_are_spaced(news: LocalNewsServer) -> None:
    news.serve_lantern()
    pauses: list[float] = []
    client = PoliteClient(
        FetchPolicy(user_agent="AwaazNewsMonitor/1.0", host_interval=60), sleep=pauses.append
    )

    source_fetch(source=make_source(f"{news.base}/rss.xml"), client=client)

    # robots.txt, the feed and two pages: three waits between four requests.
    assert len(pauses) == 3
    assert all(0 < pause <= 60 for pause in pauses)


@pytest.mark.django_db
def test_a_redirect_is_followed_and_the_article_keeps_its_canonical_address(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    news.routes["/go/81001"] = Route(
        status=301, headers={"Location": "/news/2024/03/okara-boy-assault"}
    )

    article, created = article_fetch(
        url=f"{news.base}/go/81001?utm_source=whatsapp", client=quick_client(), language="en"
    )

    assert created
    assert article.url == f"{news.base}/go/81001"
    assert article.canonical_url == f"{news.base}/news/2024/03/okara-boy-assault"
    # The story, reached later by its own address, is recognised.
    again, created_again = article_fetch(
        url=f"{news.base}/news/2024/03/okara-boy-assault", client=quick_client()
    )
    assert (again.pk, created_again) == (article.pk, False)


@pytest.mark.django_db
def test_a_redirect_into_a_disallowed_path_is_not_followed(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n")
    news.routes["/go/secret"] = Route(status=302, headers={"Location": "/private/page"})
    news.serve("/private/page", "pages/okara-boy-assault.html")

    with pytest.raises(RobotsRefusedError):
        article_fetch(url=f"{news.base}/go/secret", client=quick_client(), language="en")

    assert news.hits("/private/page") == 0
    assert Article.objects.count() == 0


# --- Addresses and text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (
            "HTTPS://WWW.Dawn.example/news/1234/Okara-Boy?utm_source=fb&utm_medium=social#top",
            "https://www.dawn.example/news/1234/Okara-Boy",
        ),
        ("http://news.example:80/a?b=2&a=1&fbclid=xyz", "http://news.example/a?a=1&b=2"),
        ("https://news.example:8443/story?id=77&gclid=1", "https://news.example:8443/story?id=77"),
        ("https://news.example", "https://news.example/"),
    ],
)
def test_url_normalise(raw: str, normalised: str) -> None:
    assert url_normalise(raw) == normalised


def test_text_hash_ignores_spacing_case_and_punctuation() -> None:
    assert text_hash("OKARA: A boy,  aged 12.") == text_hash("okara a boy aged 12")
    assert text_hash("a boy aged 12") != text_hash("a boy aged 13")


@pytest.mark.django_db
def test_hidden_direction_characters_in_a_page_are_not_stored(news: LocalNewsServer) -> None:
    news.serve_lantern()
    route = news.routes["/news/2024/03/okara-boy-assault"]
    route.body = route.body.replace(b"OKARA:", "OKARA:\u202e\u0007".encode())

    article, _created = article_fetch(
        url=f"{news.base}/news/2024/03/okara-boy-assault", client=quick_client(), language="en"
    )

    assert "\u202e" not in article.text
    assert "\u0007" not in article.text
    article.full_clean()


@pytest.mark.django_db
def test_an_old_rss_091_feed_with_a_bare_doctype_is_read(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.serve("/old.xml", "rss091_en.xml")

    summary = source_fetch(source=make_source(f"{news.base}/old.xml"), client=quick_client())

    assert summary.stored == 1
    assert Article.objects.get().title == "Senate committee debates gender-neutral rape law"


@pytest.mark.django_db
def test_a_missing_page_is_not_retried_on_every_run(news: LocalNewsServer) -> None:
    news.serve_lantern()
    del news.routes["/news/2024/03/senate-committee-rape-law"]
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.stored, summary.failed) == (1, 1)
    assert "HTTP 404" in " ".join(summary.errors)
    # A 404 will not heal by itself: the feed's ETag is kept, the next run costs one 304.
    source.refresh_from_db()
    assert source.etag == '"lantern-v1"'
    assert source_fetch(source=source, client=quick_client()).unchanged == 1


@pytest.mark.django_db
def test_a_server_asking_to_retry_later_is_given_the_time_it_asks_for(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    route = news.routes["/news/2024/03/okara-boy-assault"]
    route.failures = [429]
    route.headers = {"Retry-After": "7"}
    pauses: list[float] = []
    client = PoliteClient(
        FetchPolicy(user_agent="AwaazNewsMonitor/1.0", host_interval=0, retries=1, backoff=3),
        sleep=pauses.append,
    )

    summary = source_fetch(source=make_source(f"{news.base}/rss.xml"), client=client)

    assert summary.stored == 2
    assert pauses == [7]


@pytest.mark.django_db
def test_a_redirected_robots_txt_is_followed(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/robots.txt"] = Route(status=301, headers={"Location": "/static/robots.txt"})
    news.routes["/static/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /news/2024/03/senate\n", content_type="text/plain"
    )

    summary = source_fetch(source=make_source(f"{news.base}/rss.xml"), client=quick_client())

    assert (summary.stored, summary.refused) == (1, 1)
    assert news.hits("/news/2024/03/senate-committee-rape-law") == 0


@pytest.mark.django_db
def test_an_unreachable_robots_txt_means_stay_away(news: LocalNewsServer) -> None:
    news.serve_lantern()
    news.routes["/robots.txt"] = Route(status=503, body=b"down for maintenance")
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client())

    assert summary.refused == 1
    assert news.hits("/rss.xml") == 0


@pytest.mark.django_db
def test_an_urdu_slug_is_fetched_and_stored_percent_encoded(news: LocalNewsServer) -> None:
    slug = "/ur/khabar/4411-قصور-بچی"
    encoded = quote(slug)
    news.serve(encoded, "pages/khabar-4411.html")

    article, created = article_fetch(
        url=f"{news.base}{slug}?utm_source=whatsapp", client=quick_client(), language="ur"
    )

    assert created
    assert article.url == f"{news.base}{encoded}"
    assert article.url.isascii()
    # However the address is written next time, it is the same article.
    lower_hex = f"{news.base}{encoded.lower()}"
    again, created_again = article_fetch(url=lower_hex, client=quick_client())
    assert (again.pk, created_again) == (article.pk, False)
    assert news.hits(encoded) == 1


@pytest.mark.django_db
def test_a_feed_date_in_the_future_gives_way_to_the_page_date(news: LocalNewsServer) -> None:
    news.serve_lantern()
    route = news.routes["/rss.xml"]
    route.body = route.body.replace(b"Tue, 05 Mar 2024 12:15:00", b"Tue, 05 Mar 2097 12:15:00")

    source_fetch(source=make_source(f"{news.base}/rss.xml"), client=quick_client())

    senate = Article.objects.get(title__startswith="Senate committee")
    assert senate.published_at is not None
    assert senate.published_at.date() == datetime.date(2024, 3, 5)
    assert senate.published_precision == DatePrecision.DAY


@pytest.mark.django_db
def test_a_page_that_trickles_in_is_abandoned(news: LocalNewsServer) -> None:
    news.serve_lantern()
    # Each piece arrives well within the per-read timeout; the whole page never would.
    news.routes["/news/2024/03/senate-committee-rape-law"].drip = 0.1
    source = make_source(f"{news.base}/rss.xml")

    summary = source_fetch(source=source, client=quick_client(timeout=0.3, retries=0))

    assert (summary.stored, summary.failed) == (1, 1)
    assert "too slow" in " ".join(summary.errors)
    assert not Article.objects.filter(title__startswith="Senate committee").exists()


@pytest.mark.django_db
def test_a_run_stopped_half_way_keeps_what_it_stored_and_the_next_run_finishes(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    source = make_source(f"{news.base}/rss.xml")

    def stop_after_first_article() -> None:
        raise KeyboardInterrupt  # the operator presses Ctrl-C, or the machine goes down

    with pytest.raises(KeyboardInterrupt):
        source_fetch(source=source, client=quick_client(), on_article=stop_after_first_article)

    assert Article.objects.count() == 1
    source.refresh_from_db()
    assert source.etag == ""  # so the next run reads the feed again rather than a 304

    summary = source_fetch(source=source, client=quick_client())

    assert (summary.stored, summary.known) == (1, 1)
    assert Article.objects.count() == 2
    assert news.hits("/news/2024/03/okara-boy-assault") == 1

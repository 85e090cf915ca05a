"""Sources and articles in the back office, and the two E1 commands."""

from __future__ import annotations

import datetime
import fcntl
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from awaaz.core.models import AuditEvent
from awaaz.core.testing import PersonasTestCase
from awaaz.evidence.admin import NewsSourceForm
from awaaz.evidence.management.commands.evidence_sources_load import EXAMPLE_SOURCES
from awaaz.evidence.models import Article, NewsSource, SourceKind
from awaaz.evidence.tests.test_sources_fetch import LocalNewsServer

STORY = (
    "OKARA: A 12-year-old boy was allegedly sodomised by a neighbour, Nadeem Akhtar, in a "
    "village near Okara, police said."
)


@pytest.fixture(autouse=True)
def private_fetch_lock(settings: Any, tmp_path: Path) -> None:
    """Each test its own lock file: parallel test workers must not see each other's runs."""
    settings.AWAAZ_FETCH_LOCK_FILE = tmp_path / "evidence_fetch.lock"


def grant(group_name: str, *codenames: str) -> None:
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="evidence", codename__in=codenames)
    )


class ArticleAdminTests(PersonasTestCase):
    source: ClassVar[NewsSource]
    article: ClassVar[Article]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The coder role's permissions belong in awaaz.core.roles; granted here for the test.
        grant("coder", "view_article", "change_article", "view_newssource")
        # An administrator who was given "view article" still must not read the text.
        grant("administrator", "view_article")
        cls.source = NewsSource.objects.create(
            name="Daily Lantern RSS",
            outlet="The Daily Lantern",
            kind=SourceKind.RSS,
            url="https://lantern.example/rss.xml",
            language="en",
        )
        cls.article = Article.objects.create(
            source=cls.source,
            url="https://lantern.example/news/okara-boy",
            title="Boy, 12, sodomised in Okara village",
            text=STORY,
            language="en",
            fetched_at=timezone.now(),
            extraction={"is_case_report": True, "district": "Okara", "ppc_sections": ["377"]},
        )

    def change_url(self) -> str:
        with override("en"):
            return reverse("admin:evidence_article_change", args=[self.article.pk])

    def test_coder_reads_the_text_and_the_reading_is_audited(self) -> None:
        response = self.verified_client_for(self.coder).get(self.change_url())

        self.assertContains(response, "Nadeem Akhtar")
        event = AuditEvent.objects.get(action="article.text_read")
        assert (event.actor, event.object_id) == (self.coder, str(self.article.pk))

    def test_coder_sees_the_machines_suggestion_and_cannot_change_the_status_by_hand(
        self,
    ) -> None:
        client = self.verified_client_for(self.coder)

        response = client.get(self.change_url())

        self.assertContains(response, "&quot;district&quot;: &quot;Okara&quot;")
        self.assertNotContains(response, 'name="status"')
        client.post(self.change_url(), {"status": "coded"})
        self.article.refresh_from_db()
        assert self.article.status == "new"

    def test_other_staff_see_the_article_but_not_its_text(self) -> None:
        client = self.verified_client_for(self.administrator)

        response = client.get(self.change_url())

        self.assertContains(response, "Boy, 12, sodomised in Okara village")
        self.assertNotContains(response, "Nadeem Akhtar")
        assert not AuditEvent.objects.filter(action="article.text_read").exists()
        # Searching cannot be used to probe the text either.
        with override("en"):
            changelist = reverse("admin:evidence_article_changelist")
        self.assertNotContains(client.get(changelist, {"q": "Nadeem"}), "Okara village")
        self.assertContains(client.get(changelist, {"q": "Okara"}), "Okara village")

    def test_outsider_and_coder_without_second_factor_are_kept_out(self) -> None:
        for client in (self.client_for(self.outsider), self.client_for(self.coder)):
            response = client.get(self.change_url())
            assert response.status_code == 302
            assert b"Nadeem" not in response.content

    def test_articles_cannot_be_added_by_hand(self) -> None:
        grant("coder", "add_article")
        with override("en"):
            url = reverse("admin:evidence_article_add")
        response = self.verified_client_for(self.coder).get(url)
        assert response.status_code == 403


@pytest.mark.django_db
def test_source_form_refuses_a_broken_link_pattern() -> None:
    data = {
        "name": "Courier crime",
        "outlet": "The Frontier Courier",
        "kind": SourceKind.HTML_LISTING,
        "url": "https://courier.example/crime/",
        "language": "en",
        "poll_interval_minutes": 60,
    }
    with override("en"):
        broken = NewsSourceForm(data={**data, "link_pattern": r"/story/(\d+"})
        assert not broken.is_valid()
        assert "not a valid regular expression" in broken.errors["link_pattern"][0]
    assert NewsSourceForm(data={**data, "link_pattern": r"/story/\d{8}-"}).is_valid()


@pytest.mark.django_db
def test_source_form_refuses_polling_too_often_and_other_schemes() -> None:
    data = {
        "name": "Lantern",
        "outlet": "The Daily Lantern",
        "kind": SourceKind.RSS,
        "url": "ftp://lantern.example/rss.xml",
        "language": "en",
        "poll_interval_minutes": 1,
    }
    with override("en"):
        form = NewsSourceForm(data=data)
        assert not form.is_valid()
        assert "http:// or https://" in form.errors["url"][0]
        assert "at most every 10 minutes" in form.errors["poll_interval_minutes"][0]
    with override("ur"):
        form = NewsSourceForm(data=data)
        assert not form.is_valid()
        assert "http:// یا https://" in form.errors["url"][0]
    fixed = {**data, "url": "https://lantern.example/rss.xml", "poll_interval_minutes": 30}
    assert NewsSourceForm(data=fixed).is_valid()


@pytest.mark.django_db
def test_source_form_refuses_a_name_with_a_direction_override() -> None:
    form = NewsSourceForm(
        data={
            "name": "Courier \u202ecrime",
            "outlet": "The Frontier Courier",
            "kind": SourceKind.RSS,
            "url": "https://courier.example/feed/",
            "language": "en",
            "poll_interval_minutes": 60,
        }
    )
    assert not form.is_valid()
    assert "name" in form.errors


# --- evidence_sources_load -------------------------------------------------------------------


@pytest.mark.django_db
def test_sources_load_adds_inactive_examples_once_and_keeps_operator_changes() -> None:
    out = StringIO()
    call_command("evidence_sources_load", stdout=out)

    assert NewsSource.objects.count() == len(EXAMPLE_SOURCES)
    assert not NewsSource.objects.filter(active=True).exists()
    assert set(NewsSource.objects.values_list("language", flat=True)) == {"en", "ur"}
    dawn = NewsSource.objects.get(outlet="Dawn")
    dawn.active = True
    dawn.save()

    call_command("evidence_sources_load", stdout=out)

    assert NewsSource.objects.count() == len(EXAMPLE_SOURCES)
    assert NewsSource.objects.get(pk=dawn.pk).active
    assert "0 example news sources added" in out.getvalue()


# --- evidence_fetch --------------------------------------------------------------------------


@pytest.fixture
def news() -> Iterator[LocalNewsServer]:
    server = LocalNewsServer().start()
    yield server
    server.stop()


@pytest.mark.django_db
@override_settings(AWAAZ_FETCH_HOST_INTERVAL_SECONDS=0, AWAAZ_FETCH_TIMEOUT_SECONDS=5)
def test_fetch_command_polls_due_active_sources_and_prints_a_summary(
    news: LocalNewsServer,
) -> None:
    news.serve_lantern()
    news.serve_sada()
    lantern = NewsSource.objects.create(
        name="Lantern",
        outlet="The Daily Lantern",
        kind=SourceKind.RSS,
        url=f"{news.base}/rss.xml",
        language="en",
        active=True,
    )
    NewsSource.objects.create(
        name="Sada",
        outlet="روزنامہ صدا",
        kind=SourceKind.ATOM,
        url=f"{news.base}/ur/atom.xml",
        language="ur",
        active=False,
    )
    out = StringIO()

    call_command("evidence_fetch", stdout=out)

    assert "1 sources polled (0 unchanged), 3 links, 2 new articles" in out.getvalue()
    assert news.hits("/ur/atom.xml") == 0
    lantern.refresh_from_db()
    assert lantern.last_polled_at is not None

    # Polled a moment ago: not due again until its interval has passed.
    out = StringIO()
    call_command("evidence_fetch", stdout=out)
    assert out.getvalue().startswith("0 sources polled")
    lantern.last_polled_at = timezone.now() - datetime.timedelta(minutes=61)
    lantern.save()
    out = StringIO()
    call_command("evidence_fetch", stdout=out)
    assert "1 sources polled (1 unchanged)" in out.getvalue()

    # Naming a source polls it now, even when it is switched off.
    out = StringIO()
    call_command("evidence_fetch", "--source", "Sada", stdout=out)
    assert "2 new articles" in out.getvalue()
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_fetch_command_refuses_an_unknown_source() -> None:
    with pytest.raises(CommandError, match="No such news source: Nowhere"):
        call_command("evidence_fetch", "--source", "Nowhere", stdout=StringIO())


@pytest.mark.django_db
def test_fetch_command_does_nothing_while_another_run_holds_the_lock(
    news: LocalNewsServer, settings: Any
) -> None:
    news.serve_lantern()
    NewsSource.objects.create(
        name="Lantern",
        outlet="The Daily Lantern",
        kind=SourceKind.RSS,
        url=f"{news.base}/rss.xml",
        language="en",
        active=True,
    )
    lock_path = Path(settings.AWAAZ_FETCH_LOCK_FILE)
    out = StringIO()
    with lock_path.open("a") as other_run:
        fcntl.flock(other_run, fcntl.LOCK_EX)
        call_command("evidence_fetch", stdout=out)
        fcntl.flock(other_run, fcntl.LOCK_UN)

    assert "Another evidence_fetch is running" in out.getvalue()
    assert news.log == []
    assert Article.objects.count() == 0

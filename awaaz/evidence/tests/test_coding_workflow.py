"""The coding workflow as a coder meets it: queue, one article with the machine's suggestion,
accept or correct, incidents created (one per victim), double coding and the agreement report,
and the review of doubtful duplicate clusters. Articles are written for the tests."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any, ClassVar

from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone, translation

from awaaz.core.models import AuditEvent, User
from awaaz.core.roles import CODER
from awaaz.core.testing import PersonasTestCase
from awaaz.evidence.models import (
    Article,
    ArticleCluster,
    ArticleStatus,
    ClusterStatus,
    CodingAssignment,
    CodingDecision,
    Incident,
)
from awaaz.evidence.selectors import cohens_kappa
from awaaz.evidence.services_coding import coding_assignments_take
from awaaz.places.models import District, Province

TEXT = (
    "OKARA: Two sisters aged 12 and 14 were allegedly raped by their stepfather in a village "
    "near Okara, police said on Monday. An FIR was registered under section 376 PPC and the "
    "suspect was arrested."
)
EXTRACTION: dict[str, Any] = {
    "id": "x",
    "is_case_report": True,
    "victims": [
        {"gender": "female", "age": 12, "age_group": "child"},
        {"gender": "female", "age": 14, "age_group": "child"},
    ],
    "offence_types": ["rape"],
    "perpetrator_relationship": "family",
    "num_accused": 1,
    "district": "Okara",
    "province": "Punjab",
    "ppc_sections": ["376"],
    "fir_registered": True,
    "arrest_made": True,
}


def make_article(n: int, *, extraction: dict[str, Any] | None = None, **kw: Any) -> Article:
    return Article.objects.create(
        url=f"https://news.example.org/story-{n}",
        title=kw.pop("title", f"Sisters raped in Okara ({n})"),
        text=kw.pop("text", TEXT),
        language=kw.pop("language", "en"),
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0)),
        fetched_at=timezone.now(),
        status=kw.pop("status", ArticleStatus.EXTRACTED),
        extraction=EXTRACTION if extraction is None else extraction,
        **kw,
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "is_case_report": "yes",
        "offence_types": ["rape"],
        "district": str(District.objects.get(code="okara-t").pk),
        "occurred_on": "2026-03-01",
        "date_precision": "day",
        "place_type": "victim_home",
        "perpetrator_relationship": "family",
        "num_accused": "1",
        "ppc_sections": "376",
        "fir_status": "registered",
        "arrest_made": "yes",
        "coder_confidence": "high",
        "victims-TOTAL_FORMS": "3",
        "victims-INITIAL_FORMS": "2",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "20",
        "victims-0-gender": "girl",
        "victims-0-age": "12",
        "victims-0-age_band": "11-15",
        "victims-0-disability": "unknown",
        "victims-1-gender": "girl",
        "victims-1-age": "14",
        "victims-1-age_band": "11-15",
        "victims-1-disability": "unknown",
        "victims-2-gender": "unknown",
        "victims-2-age": "",
        "victims-2-age_band": "unknown",
        "victims-2-disability": "unknown",
    }
    data.update(overrides)
    return data


class CodingWorkflowTests(PersonasTestCase):
    second_coder: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        punjab = Province.objects.create(
            code="PB", slug="punjab-t", name_en="Punjab", name_ur="پنجاب", kind="province"
        )
        District.objects.create(code="okara-t", province=punjab, name_en="Okara", name_ur="اوکاڑہ")
        cls.second_coder = User.objects.create_user(username="second_coder", is_staff=True)
        cls.second_coder.groups.add(Group.objects.get(name=CODER))

    def test_outsiders_and_unverified_coders_are_kept_out(self) -> None:
        url = reverse("evidence:coding_queue")
        for persona in (self.outsider, self.member, self.case_worker, self.focal_person):
            response = self.verified_client_for(persona).get(url)
            assert response.status_code == 403, persona.username
        # A coder without the second factor is sent to verify first, never shown the queue.
        response = self.client_for(self.coder).get(url)
        assert response.status_code == 302
        assert "two-factor" in response["Location"]
        assert self.client.get(url).status_code == 302

    def test_a_coder_cannot_open_another_coders_article(self) -> None:
        article = make_article(1)
        mine = CodingAssignment.objects.create(article=article, coder=self.second_coder)
        client = self.verified_client_for(self.coder)
        response = client.get(reverse("evidence:coding_assignment", kwargs={"pk": mine.pk}))
        assert response.status_code == 404

    def test_queue_gives_articles_and_the_form_starts_from_the_machines_suggestion(self) -> None:
        article = make_article(1)
        client = self.verified_client_for(self.coder)
        self.assertContains(client.get(reverse("evidence:coding_queue")), "Your queue is empty")
        client.post(reverse("evidence:coding_queue"))
        assignment = CodingAssignment.objects.get(coder=self.coder)
        assert assignment.article == article
        page = client.get(reverse("evidence:coding_assignment", kwargs={"pk": assignment.pk}))
        self.assertContains(page, "stepfather")  # the coder reads the article
        self.assertContains(page, 'value="12"')  # first victim's age pre-filled
        self.assertContains(page, 'value="14"')
        self.assertContains(page, "Machine:")
        assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
        html = page.content.decode()
        assert 'style="' not in html
        assert "<script" not in html
        assert len(page.content) < 50_000
        # The same screen in Urdu, right to left, with the article kept in its own language.
        with translation.override("ur"):
            ur_url = reverse("evidence:coding_assignment", kwargs={"pk": assignment.pk})
        ur = client.get(ur_url).content.decode()
        assert 'dir="rtl"' in ur
        assert "خبر کوڈ کریں" in ur
        assert '<article class="card" lang="en"' in ur

    def test_saving_creates_one_incident_per_victim_and_records_each_field(self) -> None:
        article = make_article(1)
        assignment = CodingAssignment.objects.create(article=article, coder=self.coder)
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_assignment", kwargs={"pk": assignment.pk})
        # The coder corrects the date precision and the second girl's age.
        response = client.post(url, form_data(**{"victims-1-age": "15"}))
        self.assertRedirects(response, reverse("evidence:coding_queue"))
        incidents = Incident.objects.filter(articles=article).order_by("victim__age")
        assert [i.victim.age for i in incidents] == [12, 15]
        assert {i.victim.gender for i in incidents} == {"girl"}
        assert all(i.coded_by == self.coder for i in incidents)
        assert {i.sahil_category for i in incidents} == {"rape"}
        assert {tuple(i.ppc_sections) for i in incidents} == {("376",)}
        article.refresh_from_db()
        assert article.status == ArticleStatus.CODED
        decisions = {d.field: d for d in CodingDecision.objects.filter(assignment=assignment)}
        assert decisions["victim1.age"].accepted
        assert not decisions["victim2.age"].accepted
        assert decisions["victim2.age"].machine_value == 14
        assert decisions["victim2.age"].value == 15
        assert decisions["district"].accepted
        event = AuditEvent.objects.get(action="evidence.coding_submit")
        assert "victim2.age" in event.detail["corrected"]
        # The agreement page also says how often the machine's suggestion was kept.
        report = client.get(reverse("evidence:coding_agreement"))
        machine = {r.field: r for r in report.context["machine"]}
        assert machine["victim1.age"].accepted == 1.0
        assert machine["victim2.age"].accepted == 0.0
        # Saving twice is refused: the page says it is done.
        again = client.get(url)
        self.assertContains(again, "already coded")

    def test_a_case_report_without_a_victim_or_offence_is_refused_and_nothing_saved(self) -> None:
        article = make_article(1, extraction={})
        assignment = CodingAssignment.objects.create(article=article, coder=self.coder)
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_assignment", kwargs={"pk": assignment.pk})
        data = form_data(
            offence_types=[],
            **{
                "victims-TOTAL_FORMS": "1",
                "victims-INITIAL_FORMS": "0",
                "victims-0-gender": "unknown",
                "victims-0-age": "",
                "victims-0-age_band": "unknown",
            },
        )
        response = client.post(url, data)
        assert response.status_code == 200
        self.assertContains(response, "Choose at least one offence")
        self.assertContains(response, "at least one victim")
        bad_ppc = client.post(url, form_data(ppc_sections="376, hello"))
        self.assertContains(bad_ppc, "is not a PPC section")
        assert not Incident.objects.exists()
        assert not CodingDecision.objects.exists()

    def test_not_a_case_report_creates_no_incident(self) -> None:
        article = make_article(1)
        assignment = CodingAssignment.objects.create(article=article, coder=self.coder)
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_assignment", kwargs={"pk": assignment.pk})
        client.post(url, form_data(is_case_report="no"))
        article.refresh_from_db()
        assert article.status == ArticleStatus.NOT_A_CASE
        assert not Incident.objects.exists()
        decision = CodingDecision.objects.get(assignment=assignment, field="is_case_report")
        assert not decision.accepted

    def test_a_duplicate_joins_the_incidents_of_its_cluster(self) -> None:
        cluster = ArticleCluster.objects.create(status=ClusterStatus.CONFIRMED)
        first, second = make_article(1, cluster=cluster), make_article(2, cluster=cluster)
        second.title = "Stepfather held for raping two sisters"
        second.save()
        client = self.verified_client_for(self.coder)
        for article in (first, second):
            a = CodingAssignment.objects.create(article=article, coder=self.coder)
            url = reverse("evidence:coding_assignment", kwargs={"pk": a.pk})
            other = second if article == first else first
            self.assertContains(client.get(url), other.title)  # the coder sees the duplicate
            client.post(url, form_data())
        assert Incident.objects.count() == 2  # two sisters, not four
        for incident in Incident.objects.all():
            assert set(incident.articles.all()) == {first, second}

    def test_the_sample_goes_to_two_coders_and_the_agreement_report_shows_kappa(self) -> None:
        articles = [make_article(n) for n in range(4)]
        mine = coding_assignments_take(actor=self.coder, rate=1.0)
        theirs = coding_assignments_take(actor=self.second_coder, rate=1.0)
        assert len(mine) == 4
        assert len(theirs) == 4
        assert all(a.is_double for a in mine)
        # Nobody gets a third copy, and nobody gets the same article twice.
        assert coding_assignments_take(actor=self.coordinator, rate=1.0) == []
        assert coding_assignments_take(actor=self.coder, rate=1.0) == []
        for coder, assignments in ((self.coder, mine), (self.second_coder, theirs)):
            client = self.verified_client_for(coder)
            for n, a in enumerate(assignments):
                # The second coder disagrees on the FIR of one article out of four.
                fir = "not_stated" if coder == self.second_coder and n == 0 else "registered"
                client.post(
                    reverse("evidence:coding_assignment", kwargs={"pk": a.pk}),
                    form_data(fir_status=fir),
                )
        assert Incident.objects.count() == 8  # 4 articles x 2 victims, once
        assert set(
            Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("status", flat=True)
        ) == {"coded"}
        page = self.verified_client_for(self.coder).get(reverse("evidence:coding_agreement"))
        self.assertContains(page, "fir_status")
        rows = {r.field: r for r in page.context["rows"]}
        assert rows["fir_status"].pairs == 4
        assert rows["fir_status"].observed == 0.75
        assert rows["victim1.gender"].observed == 1.0
        assert rows["victim1.gender"].kappa is None  # one value only: kappa undefined

    def test_without_sampling_an_article_goes_to_one_coder_only(self) -> None:
        make_article(1)
        assert len(coding_assignments_take(actor=self.coder, rate=0.0)) == 1
        assert coding_assignments_take(actor=self.second_coder, rate=0.0) == []


def test_cohens_kappa_matches_a_worked_example() -> None:
    # 50 items: both yes 20, both no 15, A yes/B no 5, A no/B yes 10 -> po 0.7, pe 0.5, k 0.4
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 5 + [("n", "y")] * 10
    observed, kappa = cohens_kappa(pairs)
    assert observed == 0.7
    assert kappa is not None
    assert abs(kappa - 0.4) < 1e-9


class NotACaseCheckTests(PersonasTestCase):
    """The machine's "not a case report" is checked on a sample, so its misses are found."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        punjab = Province.objects.create(
            code="PB", slug="punjab-t", name_en="Punjab", name_ur="پنجاب", kind="province"
        )
        District.objects.create(code="okara-t", province=punjab, name_en="Okara", name_ur="اوکاڑہ")

    def test_a_sampled_set_aside_article_reaches_a_coder_who_can_code_the_missed_case(self) -> None:
        missed = make_article(
            1, status=ArticleStatus.NOT_A_CASE, extraction={"id": "1", "is_case_report": False}
        )
        taken = coding_assignments_take(actor=self.coder, rate=0.0, check_rate=1.0)
        assert [a.article for a in taken] == [missed]
        client = self.verified_client_for(self.coder)
        queue = client.get(reverse("evidence:coding_queue"))
        self.assertContains(queue, "set this aside as not a case report")
        url = reverse("evidence:coding_assignment", kwargs={"pk": taken[0].pk})
        client.post(url, form_data())
        missed.refresh_from_db()
        assert missed.status == ArticleStatus.CODED
        assert Incident.objects.filter(articles=missed).count() == 2  # the two sisters
        decision = CodingDecision.objects.get(assignment=taken[0], field="is_case_report")
        assert not decision.accepted  # counted as the machine's miss
        # Checked once is enough: nobody else is offered it.
        assert coding_assignments_take(actor=self.coordinator, rate=0.0, check_rate=1.0) == []

    def test_outside_the_sample_set_aside_articles_are_not_offered(self) -> None:
        make_article(1, status=ArticleStatus.NOT_A_CASE, extraction={"is_case_report": False})
        assert coding_assignments_take(actor=self.coder, rate=0.0, check_rate=0.0) == []

    def test_about_the_configured_share_of_set_aside_articles_is_sampled(self) -> None:
        for n in range(400):
            make_article(n, status=ArticleStatus.NOT_A_CASE, extraction={"is_case_report": False})
        taken = coding_assignments_take(actor=self.coder, limit=400, rate=0.0, check_rate=0.05)
        assert 8 <= len(taken) <= 32  # 5% of 400 is 20


class SimultaneousTakeTests(TransactionTestCase):
    """Two coders pressing "give me more" at once: an article meant for one goes to one.

    Runs with real concurrent connections on PostgreSQL (CI runs the suite there too); SQLite
    serialises every write transaction (IMMEDIATE), so the race cannot happen there.
    """

    def test_no_article_is_given_to_two_coders_unless_sampled(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("needs concurrent write transactions (PostgreSQL)")
        coders = [User.objects.create_user(username=f"coder{i}", is_staff=True) for i in range(4)]
        for n in range(40):
            make_article(n)
        barrier = threading.Barrier(len(coders))
        errors: list[BaseException] = []

        def take(coder: User) -> None:
            try:
                barrier.wait()
                coding_assignments_take(actor=coder, limit=40, rate=0.0, check_rate=0.0)
            except BaseException as error:  # reported by the assertion below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=take, args=(c,)) for c in coders]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        per_article = Counter(CodingAssignment.objects.values_list("article_id", flat=True))
        assert len(per_article) == 40
        assert max(per_article.values()) == 1

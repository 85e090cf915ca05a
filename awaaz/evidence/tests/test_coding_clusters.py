"""Duplicate clusters from stored articles, and their review by a coder (confirm, split,
merge), each audited; doubtful clusters hold their articles out of the queue until reviewed."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from awaaz.core.models import AuditEvent
from awaaz.core.testing import PersonasTestCase
from awaaz.evidence.models import (
    Article,
    ArticleCluster,
    ArticleStatus,
    ClusterStatus,
    CodingAssignment,
)
from awaaz.evidence.services_coding import (
    article_clusters_refresh,
    cluster_split,
    coding_assignments_take,
)
from awaaz.evidence.tests.test_coding_workflow import TEXT, make_article

URDU = (
    "اوکاڑہ: نواحی گاؤں میں سوتیلے باپ نے 12 اور 14 سالہ دو بہنوں کو زیادتی کا نشانہ بنایا، "
    "پولیس نے مقدمہ درج کر کے ملزم کو گرفتار کر لیا۔"
)


class ClusterTests(PersonasTestCase):
    def test_refresh_links_a_rewrite_and_its_urdu_twin_and_leaves_another_story_alone(self) -> None:
        english = make_article(1)
        rewrite = make_article(
            2, text=TEXT.replace("allegedly ", "").replace("Monday", "Monday evening")
        )
        urdu = make_article(3, text=URDU, language="ur", title="اوکاڑہ میں دو بہنوں سے زیادتی")
        other = make_article(
            4,
            text="LAHORE: A man was robbed of his motorcycle at gunpoint near Data Darbar.",
            extraction={"is_case_report": False, "district": "Lahore"},
        )
        moved = article_clusters_refresh(actor=None, articles=Article.objects.all())
        assert moved == 3
        for a in (english, rewrite, urdu, other):
            a.refresh_from_db()
        assert english.cluster is not None
        assert english.cluster_id == rewrite.cluster_id == urdu.cluster_id
        assert other.cluster_id is None
        assert AuditEvent.objects.filter(action="evidence.clusters_refresh").exists()
        # Running it again changes nothing.
        assert article_clusters_refresh(actor=None, articles=Article.objects.all()) == 0
        assert ArticleCluster.objects.count() == 1

    def test_a_late_report_joins_a_confirmed_cluster_and_a_split_is_respected(self) -> None:
        english, rewrite = make_article(1), make_article(2, text=TEXT.replace("allegedly ", ""))
        article_clusters_refresh(actor=None, articles=Article.objects.all())
        english.refresh_from_db()
        cluster = english.cluster
        assert cluster is not None
        cluster.status = ClusterStatus.CONFIRMED
        cluster.save()
        late = make_article(3, text=URDU, language="ur", title="اوکاڑہ میں دو بہنوں سے زیادتی")
        assert article_clusters_refresh(actor=None, articles=Article.objects.all()) == 1
        late.refresh_from_db()
        assert late.cluster_id == cluster.pk
        # A coder splits the rewrite off: the machine does not put it back.
        rewrite.refresh_from_db()
        cluster_split(actor=self.coder, cluster=cluster, articles=[rewrite])
        assert article_clusters_refresh(actor=None, articles=Article.objects.all()) == 0
        rewrite.refresh_from_db()
        assert rewrite.cluster_id != cluster.pk

    def _doubtful(self) -> tuple[ArticleCluster, Article, Article]:
        cluster = ArticleCluster.objects.create(confidence=0.5, method="text")
        return cluster, make_article(1, cluster=cluster), make_article(2, cluster=cluster)

    def test_doubtful_cluster_waits_outside_the_queue_and_is_listed_for_review(self) -> None:
        cluster, first, _ = self._doubtful()
        assert coding_assignments_take(actor=self.coder) == []
        page = self.verified_client_for(self.coder).get(reverse("evidence:coding_clusters"))
        self.assertContains(page, f"Cluster {cluster.pk}")
        self.assertContains(page, first.title)
        # Article titles are for coders only.
        outsider = self.verified_client_for(self.outsider).get(reverse("evidence:coding_clusters"))
        assert outsider.status_code == 403

    def test_confirm_releases_the_articles_to_the_queue(self) -> None:
        cluster, _, _ = self._doubtful()
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_cluster_review", kwargs={"pk": cluster.pk})
        client.post(url, {"action": "confirm"})
        cluster.refresh_from_db()
        assert cluster.status == ClusterStatus.CONFIRMED
        assert cluster.reviewed_by == self.coder
        assert len(coding_assignments_take(actor=self.coder)) == 2
        assert AuditEvent.objects.filter(action="evidence.cluster_confirm").count() == 1

    def test_split_moves_the_chosen_article_to_a_cluster_of_its_own(self) -> None:
        cluster, first, second = self._doubtful()
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_cluster_review", kwargs={"pk": cluster.pk})
        # Splitting off every article is refused with a message, and nothing changes.
        response = client.post(
            url, {"action": "split", "articles": [first.pk, second.pk]}, follow=True
        )
        self.assertContains(response, "not possible")
        second.refresh_from_db()
        assert second.cluster_id == cluster.pk
        client.post(url, {"action": "split", "articles": [second.pk]})
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.cluster_id == cluster.pk
        assert second.cluster_id != cluster.pk
        assert second.cluster is not None
        assert second.cluster.status == ClusterStatus.SPLIT
        assert AuditEvent.objects.filter(action="evidence.cluster_split").count() == 1

    def test_merge_joins_two_clusters(self) -> None:
        cluster, first, _ = self._doubtful()
        other = ArticleCluster.objects.create(confidence=0.6)
        third = make_article(3, cluster=other)
        client = self.verified_client_for(self.coder)
        url = reverse("evidence:coding_cluster_review", kwargs={"pk": cluster.pk})
        response = client.post(url, {"action": "merge"}, follow=True)
        self.assertContains(response, "Give the number of the cluster")
        client.post(url, {"action": "merge", "other_cluster": other.pk})
        first.refresh_from_db()
        third.refresh_from_db()
        assert first.cluster_id == third.cluster_id == other.pk
        assert not ArticleCluster.objects.filter(pk=cluster.pk).exists()
        assert not CodingAssignment.objects.exists()

    def test_prepare_command_extracts_new_articles_and_groups_duplicates(self) -> None:
        first = make_article(1, extraction={}, status=ArticleStatus.NEW)
        second = make_article(2, extraction={}, status=ArticleStatus.NEW)
        out = io.StringIO()
        call_command("evidence_coding_prepare", stdout=out)
        assert "2 articles extracted" in out.getvalue()
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == ArticleStatus.EXTRACTED
        assert first.extraction["is_case_report"] is True
        assert first.cluster_id is not None
        assert first.cluster_id == second.cluster_id

"""The campaign pages: public progress and leaderboard in English and Urdu, and who may read the
full end-of-campaign report."""

from __future__ import annotations

import itertools
import re

from django.urls import reverse
from django.utils import translation

from awaaz.activities.models import CampaignPeriod
from awaaz.activities.tests.test_campaign_progress import CampaignData
from awaaz.movement.models import ChapterRole, ChapterRoleKind, Member


def url(name: str, language: str = "en", **kwargs: str) -> str:
    with translation.override(language):
        return reverse(f"activities:{name}", kwargs=kwargs or None)


FULL_VIEWS = ("campaign_report_full", "campaign_report_pdf", "campaign_report_xlsx")


class PublicPagesTests(CampaignData):
    def test_progress_page_in_english(self) -> None:
        response = self.client.get(url("campaign_period", slug=self.period.slug))
        assert response.status_code == 200
        html = response.content.decode()
        assert "16 Days of Activism 2025" in html
        assert 'dir="ltr"' in html
        # National events: 6 of 7 -> 85%, drawn as a <progress> with its text beside it.
        assert re.search(r'<progress class="step-80" max="100" value="85"', html)
        assert "6 of 7 (85%)" in html
        assert "Lahore Canal Chapter" in html
        assert "Multan Fort Chapter" in html
        assert "style=" not in html
        assert "<script" not in html

    def test_high_risk_chapter_is_counted_but_not_named(self) -> None:
        html = self.client.get(url("campaign_period", slug=self.period.slug)).content.decode()
        assert "Quiet Valley" not in html
        assert "1 chapter that works where membership is dangerous" in html

    def test_progress_page_in_urdu_is_right_to_left(self) -> None:
        response = self.client.get(url("campaign_period", "ur", slug=self.period.slug))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="ur" dir="rtl"' in html
        assert "صنفی تشدد کے خلاف 16 روزہ مہم" in html
        assert "لاہور نہر چیپٹر" in html
        assert "Lahore Canal Chapter" not in html

    def test_campaign_shows_the_current_or_latest_period(self) -> None:
        response = self.client.get(url("campaign"))
        assert response.status_code == 200
        assert "16 Days of Activism 2025" in response.content.decode()

    def test_without_any_campaign_the_page_says_so(self) -> None:
        CampaignPeriod.objects.all().delete()
        response = self.client.get(url("campaign"))
        assert response.status_code == 404
        assert "No campaign period has been set up yet." in response.content.decode()

    def test_unknown_period_is_404(self) -> None:
        assert self.client.get(url("campaign_period", slug="no-such-campaign")).status_code == 404

    def test_public_report_is_a_summary_without_the_event_list(self) -> None:
        response = self.client.get(url("campaign_report", slug=self.period.slug))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Lahore Canal Chapter" in html
        assert "Closed training for officials" not in html  # a private event's title
        assert url("campaign_report_full", slug=self.period.slug) not in html


class FullReportPermissionTests(CampaignData):
    def test_signed_out_visitors_are_sent_to_sign_in(self) -> None:
        for name in FULL_VIEWS:
            response = self.client.get(url(name, slug=self.period.slug))
            assert response.status_code == 302, name

    def test_coordinator_without_second_factor_is_not_let_in(self) -> None:
        client = self.client_for(self.coordinator)
        for name in FULL_VIEWS:
            response = client.get(url(name, slug=self.period.slug))
            assert response.status_code == 302, name

    def test_outsider_and_focal_persons_are_refused(self) -> None:
        leader = Member.objects.create(user=self.focal_person, email="fp@example.org")
        ChapterRole.objects.create(
            member=leader,
            chapter=self.lahore,
            kind=ChapterRoleKind.FOCAL_PERSON,
            starts_on=self.period.starts_on,
        )
        for persona in (self.outsider, self.member, self.focal_person, self.other_focal_person):
            client = self.verified_client_for(persona)
            for name in FULL_VIEWS:
                response = client.get(url(name, slug=self.period.slug))
                assert response.status_code == 403, (persona.username, name)

    def test_coordinator_reads_the_full_report(self) -> None:
        client = self.verified_client_for(self.coordinator)
        summary = client.get(url("campaign_report", slug=self.period.slug)).content.decode()
        assert url("campaign_report_full", slug=self.period.slug) in summary
        response = client.get(url("campaign_report_full", slug=self.period.slug))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Closed training for officials" in html
        assert "Campus talk on consent" in html
        assert "Students speak up" in html
        assert "6 events held" in html
        assert "style=" not in html
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


class UrduAndAdminTests(CampaignData):
    def test_urdu_labels_on_the_progress_page(self) -> None:
        html = self.client.get(url("campaign_period", "ur", slug=self.period.slug)).content.decode()
        assert "منعقدہ تقریبات" in html
        assert "درجہ بندی" in html
        assert "7 میں سے 6 (85%)" in html
        assert "Leaderboard" not in html

    def test_only_the_country_coordinator_sets_targets_in_the_admin(self) -> None:
        with translation.override("en"):
            changelist = reverse("admin:activities_target_changelist")
        response = self.verified_client_for(self.coordinator).get(changelist)
        assert response.status_code == 200
        assert "Lahore Canal Chapter" in response.content.decode()
        for persona in (self.focal_person, self.outsider):
            response = self.verified_client_for(persona).get(changelist)
            assert response.status_code in (302, 403), persona.username


class PageShapeTests(CampaignData):
    def test_pages_are_small_with_one_h1_and_headings_in_order(self) -> None:
        client = self.verified_client_for(self.coordinator)
        for name in ("campaign_period", "campaign_report", "campaign_report_full"):
            for language in ("en", "ur"):
                response = client.get(url(name, language, slug=self.period.slug))
                assert response.status_code == 200
                assert len(response.content) < 40_000, (name, language, len(response.content))
                html = response.content.decode()
                levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
                assert levels.count(1) == 1, (name, language)
                for before, after in itertools.pairwise(levels):
                    assert after <= before + 1, (name, language, levels)
                for table in re.findall(r"<table.*?</table>", html, re.S):
                    assert "<caption>" in table

"""The provincial coordinator's full 16 Days report: his province only, as HTML, PDF and XLSX;
another province's coordinator, focal persons and outsiders are refused."""

from __future__ import annotations

import datetime
import io
from typing import ClassVar

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from awaaz.activities.tests.test_campaign_progress import CampaignData
from awaaz.activities.tests.test_campaign_report import ink_share, pdf_first_page, pdf_text
from awaaz.core.models import AuditEvent, User
from awaaz.movement.models import ChapterRole, ChapterRoleKind, Member, ProvinceRole
from awaaz.places.models import Province

VIEWS = (
    "campaign_report_province",
    "campaign_report_province_pdf",
    "campaign_report_province_xlsx",
)


def url(name: str, slug: str, province: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"activities:{name}", kwargs={"slug": slug, "province": province})


class ProvinceReportTests(CampaignData):
    punjab_coordinator: ClassVar[User]
    islamabad_coordinator: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        since = datetime.date(2025, 1, 1)
        cls.punjab_coordinator = User.objects.create_user(
            username="punjab_coordinator", email="punjab@example.org", is_staff=True
        )
        ProvinceRole.objects.create(
            user=cls.punjab_coordinator, province=Province.objects.get(slug="punjab"),
            starts_on=since,
        )  # fmt: skip
        cls.islamabad_coordinator = User.objects.create_user(
            username="islamabad_coordinator", email="ict@example.org", is_staff=True
        )
        ProvinceRole.objects.create(
            user=cls.islamabad_coordinator, province=Province.objects.get(slug="islamabad"),
            starts_on=since,
        )  # fmt: skip

    def page(self, user: User, province: str = "punjab", language: str = "en") -> str:
        client = self.verified_client_for(user)
        response = client.get(url(VIEWS[0], self.period.slug, province, language))
        assert response.status_code == 200
        return response.content.decode()

    def test_the_punjab_coordinator_reads_his_provinces_report(self) -> None:
        html = self.page(self.punjab_coordinator)
        assert "Report: 16 Days of Activism 2025, Punjab" in html
        assert "Campus talk on consent" in html  # Lahore
        assert "Multan Fort Chapter" in html
        assert "Students speak up" in html  # Lahore's coverage
        # Islamabad's private training is another province's.
        assert "Closed training for officials" not in html
        assert "Margalla Chapter" not in html
        # The high-risk chapter is counted (5 events in Punjab) but never named to him.
        assert "Quiet Valley" not in html
        assert "5 of 7" in html
        assert "4 events held" in html
        assert "style=" not in html

    def test_the_public_summary_links_his_province_only(self) -> None:
        client = self.verified_client_for(self.punjab_coordinator)
        with translation.override("en"):
            summary_url = reverse("activities:campaign_report", kwargs={"slug": self.period.slug})
        summary = client.get(summary_url).content.decode()
        assert url(VIEWS[0], self.period.slug, "punjab") in summary
        assert url(VIEWS[0], self.period.slug, "islamabad") not in summary
        assert self.client.get(summary_url).content.decode().count("/province/") == 0

    def test_the_country_coordinator_reads_any_province_with_high_risk_events(self) -> None:
        html = self.page(self.coordinator)
        assert "Quiet Valley Chapter" in html
        assert "5 events held" in html
        islamabad = self.page(self.coordinator, "islamabad")
        assert "Closed training for officials" in islamabad
        assert "Campus talk on consent" not in islamabad

    def test_another_provinces_coordinator_focal_persons_and_outsiders_are_refused(self) -> None:
        leader = Member.objects.create(user=self.focal_person, email="fp@example.org")
        ChapterRole.objects.create(
            member=leader,
            chapter=self.lahore,
            kind=ChapterRoleKind.FOCAL_PERSON,
            starts_on=self.period.starts_on,
        )
        refused = (
            self.islamabad_coordinator,
            self.focal_person,
            self.other_focal_person,
            self.member,
            self.outsider,
        )
        for persona in refused:
            client = self.verified_client_for(persona)
            for name in VIEWS:
                response = client.get(url(name, self.period.slug, "punjab"))
                assert response.status_code == 403, (persona.username, name)
        # The national full report stays the country coordinator's.
        client = self.verified_client_for(self.punjab_coordinator)
        with translation.override("en"):
            national = reverse("activities:campaign_report_full", kwargs={"slug": self.period.slug})
        assert client.get(national).status_code == 403
        assert not AuditEvent.objects.filter(action="campaign.report_export").exists()

    def test_without_a_second_factor_or_signed_out_nobody_gets_in(self) -> None:
        client = self.client_for(self.punjab_coordinator)
        for name in VIEWS:
            assert client.get(url(name, self.period.slug, "punjab")).status_code == 302
            assert self.client.get(url(name, self.period.slug, "punjab")).status_code == 302

    def test_an_unknown_province_is_404(self) -> None:
        client = self.verified_client_for(self.coordinator)
        assert client.get(url(VIEWS[0], self.period.slug, "atlantis")).status_code == 404

    def test_a_coordinator_whose_term_ended_is_refused(self) -> None:
        ProvinceRole.objects.filter(user=self.punjab_coordinator).update(
            ends_on=datetime.date(2025, 6, 30)
        )
        client = self.verified_client_for(self.punjab_coordinator)
        assert client.get(url(VIEWS[0], self.period.slug, "punjab")).status_code == 403

    def test_the_pdf_in_urdu_and_english(self) -> None:
        client = self.verified_client_for(self.punjab_coordinator)
        for language, expected in (("en", "Punjab"), ("ur", "پنجاب")):
            response = client.get(url(VIEWS[1], self.period.slug, "punjab", language))
            assert response.status_code == 200
            assert response.content.startswith(b"%PDF")
            assert "punjab" in response["Content-Disposition"]
            text = pdf_text(response.content)
            assert expected in text
            assert "Margalla" not in text
            assert "مارگلہ" not in text
            assert ink_share(pdf_first_page(response.content)) > 0.01
        exports = AuditEvent.objects.filter(
            action="campaign.report_export", actor=self.punjab_coordinator
        )
        assert [e.detail for e in exports] == [{"format": "pdf", "province": "punjab"}] * 2

    def test_the_workbook_holds_his_province_only(self) -> None:
        client = self.verified_client_for(self.punjab_coordinator)
        response = client.get(url(VIEWS[2], self.period.slug, "punjab"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        totals = list(book["Totals"].iter_rows(values_only=True))
        assert [row[0] for row in totals[1:]] == ["Punjab"]
        assert totals[1][1:3] == (5, 7)
        events = list(book["Events"].iter_rows(values_only=True))[1:]
        assert len(events) == 4  # Lahore 3, Multan 1; the high-risk chapter's is not named
        assert {row[3] for row in events} == {"Lahore Canal Chapter", "Multan Fort Chapter"}
        board = list(book["Leaderboard"].iter_rows(values_only=True))[1:]
        assert [(row[0], row[1]) for row in board] == [
            (1, "Lahore Canal Chapter"),
            (2, "Multan Fort Chapter"),
        ]
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate)

"""Correcting a filed report, logged coverage, partners and their engagement log: who may,
what is audited, and that a correction never adds a second report or loses someone's work."""

from __future__ import annotations

import datetime
from typing import ClassVar
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from awaaz.activities.models import (
    EventReport,
    MediaItem,
    Partner,
    PartnerEngagement,
)
from awaaz.activities.services import reports as services
from awaaz.activities.tests.reports_support import ReportsWorld, jpeg_with_gps
from awaaz.core.models import AuditEvent, User
from awaaz.movement.models import ProvinceRole


def _report_form(version: str, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "men": "20",
        "women": "15",
        "transgender": "1",
        "total": "36",
        "audience": ["students"],
        "outcomes": "The dean will host a second session.",
        "follow_ups": "Send the dean the slides.",
        "coverage_links": "https://news.example.org/a\nhttps://news.example.org/b",
        "version": version,
    }
    data.update(extra)
    return data


class EditingWorld(ReportsWorld):
    provincial: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The Punjab coordinator: Lahore's chapter is his, Islamabad's is not.
        cls.provincial = User.objects.create_user(
            username="punjab_coordinator", email="pc@example.org", is_staff=True
        )
        ProvinceRole.objects.create(
            user=cls.provincial,
            province=cls.punjab,
            starts_on=timezone.localdate() - datetime.timedelta(days=10),
        )


class ReportEditTests(EditingWorld):
    report: EventReport

    def setUp(self) -> None:
        self.report = services.report_file(
            actor=self.focal_person,
            event=self.ended,
            men=10,
            women=10,
            transgender=0,
            total=20,
            outcomes="First draft.",
        )

    def url(self) -> str:
        return reverse("activities:report_edit", kwargs={"slug": "session-isb"})

    def test_the_focal_person_corrects_his_report_and_it_is_audited(self) -> None:
        client = self.verified_client_for(self.focal_person)
        page = client.get(self.url())
        assert page.status_code == 200
        assert "First draft." in page.content.decode()
        version = services.report_version(self.report)
        response = client.post(self.url(), _report_form(version))
        assert response.status_code == 302
        report = EventReport.objects.get()  # still one report
        assert (report.men, report.women, report.transgender, report.total) == (20, 15, 1, 36)
        assert report.coverage_links == ["https://news.example.org/a", "https://news.example.org/b"]
        assert report.filed_by == self.focal_person
        audit = AuditEvent.objects.get(action="event.report.edit")
        assert audit.actor == self.focal_person
        assert audit.detail["total_before"] == 20
        assert audit.detail["total"] == 36
        assert "outcomes" in audit.detail["fields"]
        assert "The dean will host" not in str(audit.detail)  # counts and names, no text
        public = self.client.get(reverse("activities:event_detail", kwargs={"slug": "session-isb"}))
        assert "36 people attended" in public.content.decode()

    def test_the_coordinators_may_correct_it_too(self) -> None:
        client = self.verified_client_for(self.coordinator)
        version = services.report_version(self.report)
        assert client.post(self.url(), _report_form(version)).status_code == 302

    def test_another_chapters_focal_person_an_outsider_and_a_member_are_refused(self) -> None:
        version = services.report_version(self.report)
        for persona in (self.other_focal_person, self.outsider, self.member, self.provincial):
            client = self.verified_client_for(persona)
            assert client.get(self.url()).status_code == 403, persona
            assert client.post(self.url(), _report_form(version)).status_code == 403, persona
        assert EventReport.objects.get().total == 20
        assert not AuditEvent.objects.filter(action="event.report.edit").exists()

    def test_without_a_second_factor_nobody_corrects(self) -> None:
        response = self.client_for(self.focal_person).get(self.url())
        assert response.status_code == 302
        assert "/two-factor/" in response["Location"]

    def test_bad_numbers_are_refused_and_the_report_is_unchanged(self) -> None:
        client = self.verified_client_for(self.focal_person)
        version = services.report_version(self.report)
        response = client.post(self.url(), _report_form(version, total="5"))
        assert response.status_code == 400
        assert "smaller than men, women and transgender" in response.content.decode()
        report = EventReport.objects.get()
        assert (report.total, report.outcomes) == (20, "First draft.")

    def test_a_correction_made_meanwhile_by_someone_else_is_not_overwritten(self) -> None:
        client = self.verified_client_for(self.focal_person)
        opened = services.report_version(self.report)
        # The coordinator saves a correction while the focal person has the form open.
        services.report_update(
            actor=self.coordinator, report=self.report, version=opened, total=25,
            total_note="Five guests were not counted by gender.",
        )  # fmt: skip
        response = client.post(self.url(), _report_form(opened))
        assert response.status_code == 409
        page = response.content.decode()
        assert "Someone else corrected this report" in page
        assert "Five guests were not counted by gender." in page  # the form shows the new state
        report = EventReport.objects.get()
        assert report.total == 25
        assert AuditEvent.objects.filter(action="event.report.edit").count() == 1

    def test_a_second_filing_during_a_correction_still_leaves_one_report(self) -> None:
        with (
            mock.patch.object(services, "_report_exists", return_value=False),
            pytest.raises(services.ReportError) as caught,
        ):
            services.report_file(
                actor=self.coordinator, event=self.ended, men=1, women=1, transgender=0, total=2
            )
        assert caught.value.code == "already_filed"
        services.report_update(actor=self.focal_person, report=self.report, men=12, total=22)
        report = EventReport.objects.get()
        assert (report.men, report.total) == (12, 22)

    def test_the_campaign_counts_the_corrected_total_once(self) -> None:
        services.report_update(actor=self.focal_person, report=self.report, men=30, total=40)
        services.report_update(actor=self.focal_person, report=self.report, women=20, total=50)
        totals = EventReport.objects.filter(event=self.ended).aggregate(s=Sum("total"))
        assert totals["s"] == 50

    def test_nothing_changed_writes_no_audit_event(self) -> None:
        services.report_update(actor=self.focal_person, report=self.report, total=20)
        assert not AuditEvent.objects.filter(action="event.report.edit").exists()

    def test_without_a_report_the_edit_page_leads_to_the_filing_form(self) -> None:
        client = self.verified_client_for(self.other_focal_person)
        url = reverse("activities:report_edit", kwargs={"slug": "session-lhr"})
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].endswith("/events/session-lhr/report/")

    def test_the_correction_form_speaks_urdu(self) -> None:
        client = self.verified_client_for(self.focal_person)
        page = client.get("/ur/events/session-isb/report/edit/").content.decode()
        assert 'dir="rtl"' in page
        assert "درست" in page


def _media(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "outlet": "Daily Fictional Times",
        "medium": "print",
        "language": "ur",
        "published_on": "2026-11-26",
        "title": "Students pledge against violence",
        "link": "https://news.example.org/story",
        "spokesperson": "Bilal Fictional",
    }
    data.update(extra)
    return data


class MediaEditTests(EditingWorld):
    item: MediaItem

    def setUp(self) -> None:
        self.item = services.media_item_create(
            actor=self.focal_person,
            outlet="Daily Fictional Times",
            medium="print",
            language="ur",
            published_on=datetime.date(2026, 11, 26),
            title="Students pledge agianst violence",
            link="https://news.example.org/story",
            chapter=self.home,
        )

    def url(self) -> str:
        return reverse("activities:media_edit", kwargs={"pk": self.item.pk})

    def test_the_focal_person_corrects_a_title_and_it_is_audited(self) -> None:
        client = self.verified_client_for(self.focal_person)
        assert client.get(self.url()).status_code == 200
        response = client.post(self.url(), _media(chapter=str(self.home.pk)))
        assert response.status_code == 302
        self.item.refresh_from_db()
        assert self.item.title == "Students pledge against violence"
        assert MediaItem.objects.count() == 1
        audit = AuditEvent.objects.get(action="media.item.edit")
        assert audit.actor == self.focal_person

    def test_a_new_clipping_replaces_the_old_file_without_gps(self) -> None:
        client = self.verified_client_for(self.focal_person)
        first = SimpleUploadedFile("scan.jpg", jpeg_with_gps((800, 600)), "image/jpeg")
        client.post(self.url(), _media(chapter=str(self.home.pk), clipping=first))
        self.item.refresh_from_db()
        old = self.item.clipping.name
        assert default_storage.exists(old)
        second = SimpleUploadedFile("scan2.jpg", jpeg_with_gps((800, 600)), "image/jpeg")
        client.post(self.url(), _media(chapter=str(self.home.pk), link="", clipping=second))
        self.item.refresh_from_db()
        assert self.item.clipping.name != old
        assert not default_storage.exists(old)
        with default_storage.open(self.item.clipping.name) as stored:
            assert b"FictionalPhoneMaker" not in stored.read()
        # With a clipping on file, the link may be emptied.
        assert self.item.link == ""

    def test_a_bad_clipping_keeps_the_item_and_its_file(self) -> None:
        client = self.verified_client_for(self.focal_person)
        bad = SimpleUploadedFile("scan.png", b"<script>alert(1)</script>", "image/png")
        response = client.post(self.url(), _media(chapter=str(self.home.pk), clipping=bad))
        assert response.status_code == 400
        self.item.refresh_from_db()
        assert self.item.title == "Students pledge agianst violence"

    def test_another_chapters_focal_person_and_an_outsider_are_refused(self) -> None:
        for persona in (self.other_focal_person, self.outsider, self.member, self.provincial):
            client = self.verified_client_for(persona)
            assert client.get(self.url()).status_code in (403, 404), persona
            response = client.post(self.url(), _media())
            assert response.status_code in (403, 404), persona
        self.item.refresh_from_db()
        assert self.item.title == "Students pledge agianst violence"
        assert not AuditEvent.objects.filter(action="media.item.edit").exists()


class PartnerEditTests(EditingWorld):
    partner: Partner
    national: PartnerEngagement
    in_punjab: PartnerEngagement
    in_islamabad: PartnerEngagement

    def setUp(self) -> None:
        self.partner = services.partner_create(
            actor=self.coordinator, name="Fictional Rights Foundation", kind="ngo"
        )
        record = services.partner_engagement_record
        self.national = record(
            actor=self.coordinator, partner=self.partner, kind="mou",
            happened_on=datetime.date(2026, 11, 1),
        )  # fmt: skip
        self.in_punjab = record(
            actor=self.coordinator, partner=self.partner, kind="meeting",
            happened_on=datetime.date(2026, 11, 2), chapter=self.other,
        )  # fmt: skip
        self.in_islamabad = record(
            actor=self.coordinator, partner=self.partner, kind="meeting",
            happened_on=datetime.date(2026, 11, 3), chapter=self.home,
        )  # fmt: skip

    def partner_url(self) -> str:
        return reverse("activities:partner_edit", kwargs={"pk": self.partner.pk})

    def engagement_url(self, engagement: PartnerEngagement) -> str:
        return reverse("activities:engagement_edit", kwargs={"pk": engagement.pk})

    def test_the_coordinator_corrects_a_partner_and_it_is_audited(self) -> None:
        client = self.verified_client_for(self.coordinator)
        data = {"name": "Fictional Rights Foundation Pakistan", "kind": "ngo", "notes": "MoU 2026"}
        assert client.post(self.partner_url(), data).status_code == 302
        self.partner.refresh_from_db()
        assert self.partner.name == "Fictional Rights Foundation Pakistan"
        audit = AuditEvent.objects.get(action="partner.edit")
        assert audit.detail["fields"] == ["name", "notes"]

    def test_a_name_another_partner_has_is_refused(self) -> None:
        services.partner_create(actor=self.coordinator, name="Fictional UN Office", kind="un")
        client = self.verified_client_for(self.coordinator)
        response = client.post(self.partner_url(), {"name": "fictional un office", "kind": "ngo"})
        assert response.status_code == 400
        assert "already listed" in response.content.decode()
        self.partner.refresh_from_db()
        assert self.partner.name == "Fictional Rights Foundation"

    def test_focal_people_and_outsiders_cannot_correct_partners(self) -> None:
        for persona in (self.focal_person, self.other_focal_person, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.partner_url()).status_code == 403
            data = {"name": "Taken", "kind": "ngo"}
            assert client.post(self.partner_url(), data).status_code == 403
            for engagement in (self.national, self.in_islamabad):
                url = self.engagement_url(engagement)
                assert (
                    client.post(url, {"kind": "other", "happened_on": "2026-11-05"}).status_code
                    == 403
                )
        self.partner.refresh_from_db()
        assert self.partner.name == "Fictional Rights Foundation"
        assert not AuditEvent.objects.filter(action__in=["partner.edit", "partner.engagement.edit"])

    def test_the_provincial_coordinator_corrects_only_his_provinces_engagements(self) -> None:
        client = self.verified_client_for(self.provincial)
        data = {
            "kind": "joint_event",
            "happened_on": "2026-11-04",
            "notes": "A joint walk.",
            "chapter": str(self.other.pk),
        }
        assert client.post(self.engagement_url(self.in_punjab), data).status_code == 302
        self.in_punjab.refresh_from_db()
        assert (self.in_punjab.kind, self.in_punjab.notes) == ("joint_event", "A joint walk.")
        assert client.post(self.engagement_url(self.in_islamabad), data).status_code == 403
        assert client.post(self.engagement_url(self.national), data).status_code == 403
        self.national.refresh_from_db()
        assert self.national.kind == "mou"
        audit = AuditEvent.objects.get(action="partner.engagement.edit")
        assert audit.actor == self.provincial
        page = client.get(reverse("activities:partner_detail", kwargs={"pk": self.partner.pk}))
        html = page.content.decode()
        assert self.engagement_url(self.in_punjab) in html
        assert self.engagement_url(self.national) not in html

    def test_the_provincial_coordinator_cannot_make_his_entry_national(self) -> None:
        client = self.verified_client_for(self.provincial)
        data = {"kind": "meeting", "happened_on": "2026-11-02", "notes": "Moved?"}
        response = client.post(self.engagement_url(self.in_punjab), data)
        assert response.status_code == 400
        assert "national engagements are the country coordinator" in response.content.decode()
        self.in_punjab.refresh_from_db()
        assert self.in_punjab.chapter == self.other

    def test_the_country_coordinator_corrects_a_national_engagement(self) -> None:
        client = self.verified_client_for(self.coordinator)
        data = {"kind": "mou", "happened_on": "2026-10-30", "notes": "Signed in Islamabad."}
        assert client.post(self.engagement_url(self.national), data).status_code == 302
        self.national.refresh_from_db()
        assert self.national.happened_on == datetime.date(2026, 10, 30)

"""The media log, endorsements and partners: who may see and add what, and the public page."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from awaaz.activities.models import Endorsement, MediaItem, Partner, PartnerEngagement
from awaaz.activities.services import reports as services
from awaaz.activities.tests.reports_support import ReportsWorld, jpeg_with_gps

TODAY = datetime.date(2026, 11, 26)


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


class MediaLogTests(ReportsWorld):
    url = reverse("activities:media_list")
    new_url = reverse("activities:media_new")

    def test_a_focal_person_logs_coverage_of_his_chapter_with_a_clipping_without_gps(
        self,
    ) -> None:
        client = self.verified_client_for(self.focal_person)
        clipping = SimpleUploadedFile("scan.jpg", jpeg_with_gps((1000, 1400)), "image/jpeg")
        data = _media(chapter=str(self.home.pk), event=str(self.ended.pk), clipping=clipping)
        assert client.post(self.new_url, data).status_code == 302
        item = MediaItem.objects.get()
        assert item.chapter == self.home
        assert item.clipping_type == "image/jpeg"
        response = client.get(reverse("activities:media_clipping", kwargs={"pk": item.pk}))
        assert response.status_code == 200
        with Image.open(io.BytesIO(response.content)) as scan:
            assert len(scan.getexif()) == 0
        assert b"FictionalPhoneMaker" not in response.content

    def test_a_clipping_is_shown_only_to_those_who_keep_the_chapters_log(self) -> None:
        item = services.media_item_create(
            actor=self.focal_person,
            outlet="Fictional Weekly",
            medium="print",
            language="en",
            published_on=TODAY,
            title="Chapter in the weekly",
            clipping=jpeg_with_gps((300, 400)),
            chapter=self.home,
        )
        url = reverse("activities:media_clipping", kwargs={"pk": item.pk})
        for persona in (self.other_focal_person, self.member, self.outsider):
            assert self.verified_client_for(persona).get(url).status_code in (403, 404)
        assert self.client.get(url).status_code == 302
        assert self.verified_client_for(self.coordinator).get(url).status_code == 200

    def test_he_cannot_log_coverage_for_another_chapter(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.new_url, _media(chapter=str(self.other.pk)))
        assert response.status_code == 400
        assert not MediaItem.objects.exists()

    def test_a_link_or_a_clipping_is_needed(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.new_url, _media(link=""))
        assert response.status_code == 400
        assert "Give a link or upload a scanned clipping." in response.content.decode()

    def test_a_clipping_that_is_a_script_is_refused(self) -> None:
        client = self.verified_client_for(self.focal_person)
        script = SimpleUploadedFile("scan.pdf", b"<script>alert(1)</script>", "application/pdf")
        response = client.post(self.new_url, _media(link="", clipping=script))
        assert response.status_code == 400
        assert "must be a photo" in response.content.decode()
        assert not MediaItem.objects.exists()

    def test_lists_and_filters_are_scoped_to_the_chapters_one_manages(self) -> None:
        for chapter, medium, title in (
            (self.home, "tv", "Islamabad on TV"),
            (self.other, "radio", "Lahore on radio"),
        ):
            services.media_item_create(
                actor=self.coordinator,
                outlet="Fictional Network",
                medium=medium,
                language="ur",
                published_on=TODAY,
                title=title,
                link="https://news.example.org/x",
                chapter=chapter,
            )
        mine = self.verified_client_for(self.focal_person).get(self.url).content.decode()
        assert "Islamabad on TV" in mine
        assert "Lahore on radio" not in mine
        coordinator = self.verified_client_for(self.coordinator)
        everything = coordinator.get(self.url).content.decode()
        assert "Islamabad on TV" in everything
        assert "Lahore on radio" in everything
        radio = coordinator.get(self.url, {"medium": "radio"}).content.decode()
        assert "Lahore on radio" in radio
        assert "Islamabad on TV" not in radio
        later = coordinator.get(self.url, {"since": "2026-12-01"}).content.decode()
        assert "No coverage logged yet." in later

    def test_members_and_outsiders_are_refused(self) -> None:
        for persona in (self.member, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.url).status_code == 403
            assert client.post(self.new_url, _media()).status_code == 403
        assert self.client.get(self.url).status_code == 302  # signed out: to sign-in
        assert not MediaItem.objects.exists()


class EndorsementTests(ReportsWorld):
    public_url = reverse("activities:endorsements")
    manage_url = reverse("activities:endorsements_manage")

    def test_only_consented_and_verified_endorsements_are_public(self) -> None:
        shown = services.endorsement_create(
            actor=self.coordinator,
            name="Ayesha Fictional",
            title="Vice-chancellor",
            quote_en="Blame the rapist, never the victim.",
            quote_ur="قصور وار ریپسٹ ہے، متاثرہ نہیں۔",
            consent_to_publish=True,
        )
        services.endorsement_verify(actor=self.coordinator, endorsement=shown)
        services.endorsement_create(
            actor=self.coordinator,
            name="Unverified Fictional",
            quote_en="Not checked yet.",
            consent_to_publish=True,
        )
        no_consent = services.endorsement_create(
            actor=self.coordinator, name="Private Fictional", quote_en="Only for the file."
        )
        services.endorsement_verify(actor=self.coordinator, endorsement=no_consent)
        page = self.client.get(self.public_url).content.decode()
        assert "Ayesha Fictional" in page
        assert "Blame the rapist, never the victim." in page
        assert "Unverified Fictional" not in page
        assert "Private Fictional" not in page
        urdu = self.client.get("/ur/endorsements/").content.decode()
        assert "قصور وار ریپسٹ ہے" in urdu

    def test_coordinators_record_and_verify_others_cannot(self) -> None:
        for persona in (self.focal_person, self.member, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.manage_url).status_code == 403
            data = {"name": "Someone Fictional", "quote_en": "Words."}
            assert client.post(self.manage_url, data).status_code == 403
        assert not Endorsement.objects.exists()
        client = self.verified_client_for(self.coordinator)
        data = {
            "name": "Hamid Fictional",
            "quote_ur": "ہم سب ساتھ ہیں۔",
            "consent_to_publish": "on",
        }
        assert client.post(self.manage_url, data).status_code == 302
        endorsement = Endorsement.objects.get()
        assert endorsement.verified_at is None
        verify = reverse("activities:endorsement_verify", kwargs={"pk": endorsement.pk})
        assert self.verified_client_for(self.focal_person).post(verify).status_code == 403
        assert client.post(verify).status_code == 302
        endorsement.refresh_from_db()
        assert endorsement.verified_by == self.coordinator

    def test_a_quote_is_required_and_bidi_overrides_are_refused(self) -> None:
        client = self.verified_client_for(self.coordinator)
        assert client.post(self.manage_url, {"name": "No Quote"}).status_code == 400
        tricky = {"name": "Tricky \u202eFictional", "quote_en": "Fine words."}
        response = client.post(self.manage_url, tricky)
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        assert not Endorsement.objects.exists()


class PartnerTests(ReportsWorld):
    url = reverse("activities:partners")

    def test_coordinators_keep_partners_and_an_engagement_log(self) -> None:
        client = self.verified_client_for(self.coordinator)
        data = {"name": "Fictional Women's Network", "kind": "ngo", "notes": "Shelter referrals."}
        assert client.post(self.url, data).status_code == 302
        partner = Partner.objects.get()
        detail = reverse("activities:partner_detail", kwargs={"pk": partner.pk})
        meeting = {"kind": "mou", "happened_on": "2026-11-27", "chapter": str(self.home.pk)}
        assert client.post(detail, meeting).status_code == 302
        assert PartnerEngagement.objects.get().chapter == self.home
        page = client.get(detail).content.decode()
        assert "MoU" in page
        assert "Islamabad University Chapter" in page
        again = client.post(self.url, {"name": "fictional women's network", "kind": "ngo"})
        assert again.status_code == 400
        assert Partner.objects.count() == 1

    def test_focal_persons_members_and_outsiders_are_refused(self) -> None:
        partner = Partner.objects.create(name="Fictional UN Agency", kind="un")
        detail = reverse("activities:partner_detail", kwargs={"pk": partner.pk})
        for persona in (self.focal_person, self.other_focal_person, self.member, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.url).status_code == 403
            assert client.get(detail).status_code == 403
            assert client.post(self.url, {"name": "X Fictional", "kind": "ngo"}).status_code == 403
        assert Partner.objects.count() == 1


class AdminTests(ReportsWorld):
    def test_only_the_country_coordinator_sees_reports_in_the_admin(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=3, women=2, transgender=0, total=5
        )
        url = reverse("admin:activities_eventreport_changelist")
        assert self.verified_client_for(self.coordinator).get(url).status_code == 200
        assert self.verified_client_for(self.focal_person).get(url).status_code == 403
        add = reverse("admin:activities_mediaitem_add")
        assert self.verified_client_for(self.coordinator).get(add).status_code == 403

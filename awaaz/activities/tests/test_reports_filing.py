"""Filing a closing report: who may, what is checked, the race, photos and the public parts."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from awaaz.activities.models import EventReport, EventStatus, ReportPhoto
from awaaz.activities.selectors.reports import report_public
from awaaz.activities.services import reports as services
from awaaz.activities.tests.reports_support import ReportsWorld, jpeg_with_gps
from awaaz.core.models import AuditEvent
from awaaz.movement.models import Chapter


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "men": "30",
        "women": "12",
        "transgender": "2",
        "total": "44",
        "audience": ["students", "journalists"],
        "outcomes": "Students asked for a second session on consent.",
        "follow_ups": "Call the dean about the next date.",
        "coverage_links": "https://news.example.org/awareness-session",
    }
    data.update(extra)
    return data


def _photo(name: str = "phone.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps((2000, 1500)), content_type="image/jpeg")


class FilingTests(ReportsWorld):
    def url(self, slug: str = "session-isb") -> str:
        return reverse("activities:report_file", kwargs={"slug": slug})

    def test_the_focal_person_files_a_report_with_a_photo_stored_without_exif(self) -> None:
        client = self.verified_client_for(self.focal_person)
        assert client.get(self.url()).status_code == 200
        data = _form(photo=_photo(), photo_caption="The hall", photo_consent="on")
        response = client.post(self.url(), data)
        assert response.status_code == 302
        report = EventReport.objects.get(event=self.ended)
        assert (report.men, report.women, report.transgender, report.total) == (30, 12, 2, 44)
        assert report.audience == ["students", "journalists"]
        assert report.filed_by == self.focal_person
        (photo,) = report.photos.all()
        assert photo.consent_to_publish
        with default_storage.open(photo.image.name) as stored:
            data_back = stored.read()
        with Image.open(io.BytesIO(data_back)) as image:
            assert len(image.getexif()) == 0
            assert max(image.size) == 1600
        assert b"FictionalPhoneMaker" not in data_back
        # The report page now shows what was filed.
        page = client.get(self.url()).content.decode()
        assert "Students asked for a second session" in page
        assert "Call the dean" in page

    def test_filing_marks_the_chapter_active_and_the_event_held(self) -> None:
        Chapter.objects.filter(pk=self.home.pk).update(status="dormant", last_activity_at=None)
        self.verified_client_for(self.focal_person).post(self.url(), _form())
        chapter = Chapter.objects.get(pk=self.home.pk)
        assert chapter.status == "active"
        assert chapter.last_activity_at is not None
        self.ended.refresh_from_db()
        assert self.ended.status == EventStatus.HELD
        assert AuditEvent.objects.filter(action="event.report.file").count() == 1

    def test_outsiders_and_another_chapters_focal_person_are_refused(self) -> None:
        for persona in (self.other_focal_person, self.member, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.url()).status_code == 403
            assert client.post(self.url(), _form()).status_code == 403
        assert not EventReport.objects.exists()

    def test_without_a_second_factor_the_form_is_not_shown(self) -> None:
        response = self.client_for(self.focal_person).get(self.url())
        assert response.status_code == 302
        signed_out = self.client.get(self.url())
        assert signed_out.status_code == 302

    def test_a_coordinator_may_file_for_any_chapter(self) -> None:
        client = self.verified_client_for(self.coordinator)
        assert client.post(self.url("session-lhr"), _form()).status_code == 302
        assert EventReport.objects.filter(event=self.ended_other).exists()

    def test_a_total_below_the_sum_is_refused_and_nothing_is_saved(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url(), _form(total="10", photo=_photo()))
        assert response.status_code == 400
        assert (
            "smaller than men, women and transgender people added up" in response.content.decode()
        )
        assert not EventReport.objects.exists()
        assert not ReportPhoto.objects.exists()

    def test_a_larger_total_needs_an_explanation(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url(), _form(total="60"))
        assert response.status_code == 400
        assert "Please say why" in response.content.decode()
        explained = _form(total="60", total_note="Sixteen people did not give their gender.")
        assert client.post(self.url(), explained).status_code == 302
        assert EventReport.objects.get().total == 60

    def test_a_bidi_override_is_refused(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url(), _form(outcomes="Good \u202eevil\u202c session"))
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        assert not EventReport.objects.exists()

    def test_a_coverage_link_that_is_not_a_web_address_is_refused(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url(), _form(coverage_links="javascript:alert(1)"))
        assert response.status_code == 400
        assert not EventReport.objects.exists()

    def test_a_script_disguised_as_a_photo_saves_nothing(self) -> None:
        client = self.verified_client_for(self.focal_person)
        script = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", "image/png")
        response = client.post(self.url(), _form(photo=script))
        assert response.status_code == 400
        assert "not a photo we can use" in response.content.decode()
        assert not EventReport.objects.exists()

    # 40 MB fits the report pages' request limit (48 MB), so the form's own check answers, with
    # the photo's size (test_reports_upload_limits has the limits themselves).
    def test_a_40_mb_photo_gets_a_kind_message(self) -> None:
        client = self.verified_client_for(self.focal_person)
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\0" * (40 * 1024 * 1024))
        response = client.post(self.url(), _form(photo=big))
        assert response.status_code == 400
        assert "40 MB" in response.content.decode()
        assert not EventReport.objects.exists()

    def test_a_report_before_the_event_ends_is_refused(self) -> None:
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url("session-later"), _form())
        assert response.status_code == 400
        assert "once the event has ended" in response.content.decode()

    def test_a_second_filing_is_refused_and_the_first_is_kept(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=5, women=5, transgender=0, total=10
        )
        client = self.verified_client_for(self.coordinator)
        # The page now shows the filed report, not a second form.
        assert "File the report" not in client.get(self.url()).content.decode()
        with pytest.raises(services.ReportError) as caught:
            services.report_file(
                actor=self.coordinator, event=self.ended, men=1, women=1, transgender=1, total=3
            )
        assert caught.value.code == "already_filed"
        assert EventReport.objects.get().total == 10

    def test_two_filings_at_the_same_moment_keep_one_report_and_no_stray_photo(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=5, women=5, transgender=0, total=10
        )
        files_before = set(default_storage.listdir("activities/photos")[1])
        # The second filing got past the check before the first was saved: the database decides.
        with (
            mock.patch.object(services, "_report_exists", return_value=False),
            pytest.raises(services.ReportError) as caught,
        ):
            services.report_file(
                actor=self.coordinator,
                event=self.ended,
                men=1,
                women=1,
                transgender=1,
                total=3,
                photos=[services.PhotoInput(data=jpeg_with_gps((300, 200)))],
            )
        assert caught.value.code == "already_filed"
        assert "already been filed" in caught.value.messages[0]
        report = EventReport.objects.get()
        assert (report.total, report.filed_by) == (10, self.focal_person)
        assert not ReportPhoto.objects.exists()
        assert set(default_storage.listdir("activities/photos")[1]) == files_before
        assert AuditEvent.objects.filter(action="event.report.file").count() == 1


class PhotoAndPublicTests(ReportsWorld):
    report: EventReport
    public_photo: ReportPhoto
    private_photo: ReportPhoto

    def setUp(self) -> None:
        super().setUp()
        self.report = services.report_file(
            actor=self.focal_person,
            event=self.ended,
            men=20,
            women=10,
            transgender=1,
            total=31,
            audience=["students"],
            outcomes="A second session was requested.",
            follow_ups="Private note for the chapter.",
            photos=[
                services.PhotoInput(data=jpeg_with_gps((800, 600)), consent_to_publish=True),
                services.PhotoInput(data=jpeg_with_gps((800, 600)), consent_to_publish=False),
            ],
        )
        self.public_photo, self.private_photo = self.report.photos.order_by("pk")

    def photo_url(self, photo: ReportPhoto) -> str:
        return reverse("activities:report_photo", kwargs={"pk": photo.pk})

    def test_the_public_sees_only_consented_photos(self) -> None:
        assert self.client.get(self.photo_url(self.public_photo)).status_code == 200
        assert self.client.get(self.photo_url(self.private_photo)).status_code == 404
        other = self.verified_client_for(self.other_focal_person)
        assert other.get(self.photo_url(self.private_photo)).status_code == 404
        mine = self.verified_client_for(self.focal_person)
        assert mine.get(self.photo_url(self.private_photo)).status_code == 200

    def test_the_public_part_of_the_report_leaves_out_follow_ups_and_private_photos(self) -> None:
        public = report_public(event=self.ended)
        assert public is not None
        assert public.photos == [self.public_photo]
        assert public.audience_labels == ["students"]
        from django.template.loader import render_to_string

        self.ended.refresh_from_db()
        html = render_to_string("activities/reports/_public_report.html", {"event": self.ended})
        assert "31 people attended" in html
        assert "A second session was requested." in html
        assert "Private note" not in html
        assert self.photo_url(self.public_photo) in html
        assert self.photo_url(self.private_photo) not in html

    def test_a_private_event_shows_nothing_publicly(self) -> None:
        private = self.make_event(self.home, "closed-meeting", public=False)
        services.report_file(
            actor=self.focal_person,
            event=private,
            men=1,
            women=0,
            transgender=0,
            total=1,
            photos=[services.PhotoInput(data=jpeg_with_gps((80, 60)), consent_to_publish=True)],
        )
        assert report_public(event=private) is None
        photo = ReportPhoto.objects.get(report__event=private)
        assert self.client.get(self.photo_url(photo)).status_code == 404

    def test_consent_can_be_given_and_withdrawn_by_the_chapter_only(self) -> None:
        url = reverse("activities:report_photo_consent", kwargs={"pk": self.private_photo.pk})
        refused = self.verified_client_for(self.other_focal_person).post(url, {"consent": "on"})
        assert refused.status_code == 403
        self.private_photo.refresh_from_db()
        assert not self.private_photo.consent_to_publish
        self.verified_client_for(self.focal_person).post(url, {"consent": "on"})
        self.private_photo.refresh_from_db()
        assert self.private_photo.consent_to_publish
        self.verified_client_for(self.focal_person).post(url, {})
        self.private_photo.refresh_from_db()
        assert not self.private_photo.consent_to_publish

    def test_a_photo_can_be_added_after_filing_and_removed_with_its_file(self) -> None:
        client = self.verified_client_for(self.focal_person)
        add = reverse("activities:report_photo_add", kwargs={"slug": "session-isb"})
        assert client.post(add, {"photo": _photo()}).status_code == 302
        added = self.report.photos.order_by("-pk").first()
        assert added is not None
        assert not added.consent_to_publish
        name = added.image.name
        assert default_storage.exists(name)
        delete = reverse("activities:report_photo_delete", kwargs={"pk": added.pk})
        assert self.verified_client_for(self.outsider).post(delete).status_code == 403
        assert client.post(delete).status_code == 302
        assert not default_storage.exists(name)
        assert not ReportPhoto.objects.filter(pk=added.pk).exists()


class MoreRefusalTests(ReportsWorld):
    def test_adding_a_photo_to_another_chapters_report_is_refused(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=1, women=1, transgender=0, total=2
        )
        add = reverse("activities:report_photo_add", kwargs={"slug": "session-isb"})
        for persona in (self.other_focal_person, self.member, self.outsider):
            response = self.verified_client_for(persona).post(add, {"photo": _photo()})
            assert response.status_code == 403
        assert not ReportPhoto.objects.exists()

    def test_the_form_speaks_urdu_right_to_left(self) -> None:
        client = self.verified_client_for(self.focal_person)
        page = client.get("/ur/events/session-isb/report/").content.decode()
        assert 'dir="rtl"' in page
        assert "کل تعداد" in page
        assert "رپورٹ جمع کرائیں" in page
        assert "style=" not in page


class EventPageTests(ReportsWorld):
    def test_the_public_event_page_shows_the_report_and_only_consented_photos(self) -> None:
        report = services.report_file(
            actor=self.focal_person,
            event=self.ended,
            men=12,
            women=8,
            transgender=1,
            total=21,
            outcomes="The university will host a training next term.",
            follow_ups="Ask the registrar for the hall.",
            photos=[
                services.PhotoInput(data=jpeg_with_gps((900, 600)), consent_to_publish=True),
                services.PhotoInput(data=jpeg_with_gps((900, 600)), consent_to_publish=False),
            ],
        )
        shown, hidden = report.photos.order_by("pk")
        page = self.client.get(reverse("activities:event_detail", kwargs={"slug": "session-isb"}))
        html = page.content.decode()
        assert "21 people attended" in html
        assert "The university will host a training next term." in html
        assert "Ask the registrar" not in html
        assert reverse("activities:report_photo", kwargs={"pk": shown.pk}) in html
        assert reverse("activities:report_photo", kwargs={"pk": hidden.pk}) not in html
        photo = self.client.get(reverse("activities:report_photo", kwargs={"pk": shown.pk}))
        data = b"".join(photo.streaming_content)  # type: ignore[attr-defined]
        with Image.open(io.BytesIO(data)) as image:
            assert len(image.getexif()) == 0

    def test_without_a_report_the_event_page_says_nothing_about_one(self) -> None:
        page = self.client.get(reverse("activities:event_detail", kwargs={"slug": "session-isb"}))
        assert page.status_code == 200
        assert "How it went" not in page.content.decode()

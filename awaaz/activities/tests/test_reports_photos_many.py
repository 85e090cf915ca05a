"""Several photos in one upload: each is checked, resized and stripped, each carries its own
consent, and one bad photo is named and saves nothing at all."""

from __future__ import annotations

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from awaaz.activities.forms.reports import MAX_PHOTOS_PER_UPLOAD
from awaaz.activities.models import EventReport, ReportPhoto
from awaaz.activities.services import reports as services
from awaaz.activities.tests.reports_support import ReportsWorld, jpeg_with_gps
from awaaz.core.models import AuditEvent


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps((2000, 1500)), content_type="image/jpeg")


def _script(name: str = "stage.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php system($_GET['c']); ?>", content_type="image/png")


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {"men": "10", "women": "9", "transgender": "1", "total": "20"}
    data.update(extra)
    return data


def _stored_files() -> set[str]:
    if not default_storage.exists("activities/photos"):
        return set()
    return set(default_storage.listdir("activities/photos")[1])


class SeveralPhotosTests(ReportsWorld):
    def url(self) -> str:
        return reverse("activities:report_file", kwargs={"slug": "session-isb"})

    def add_url(self) -> str:
        return reverse("activities:report_photo_add", kwargs={"slug": "session-isb"})

    def test_three_photos_in_one_filing_are_each_stored_small_and_without_exif(self) -> None:
        client = self.verified_client_for(self.focal_person)
        photos = [_photo("hall.jpg"), _photo("stage.jpg"), _photo("crowd.jpg")]
        response = client.post(self.url(), _form(photo=photos, photo_consent="on"))
        assert response.status_code == 302
        report = EventReport.objects.get(event=self.ended)
        stored = list(report.photos.order_by("pk"))
        assert len(stored) == 3
        for photo in stored:
            assert photo.consent_to_publish  # recorded on each photo
            with default_storage.open(photo.image.name) as handle:
                data = handle.read()
            with Image.open(io.BytesIO(data)) as image:
                assert len(image.getexif()) == 0
                assert max(image.size) == 1600
            assert b"FictionalPhoneMaker" not in data
        audit = AuditEvent.objects.get(action="event.report.file")
        assert audit.detail["photos"] == 3

    def test_consent_can_then_be_withdrawn_for_one_photo_only(self) -> None:
        client = self.verified_client_for(self.focal_person)
        client.post(self.url(), _form(photo=[_photo("a.jpg"), _photo("b.jpg")], photo_consent="on"))
        first, second = ReportPhoto.objects.order_by("pk")
        consent = reverse("activities:report_photo_consent", kwargs={"pk": first.pk})
        assert client.post(consent, {}).status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.consent_to_publish, second.consent_to_publish) == (False, True)
        html = self.client.get(reverse("activities:event_detail", kwargs={"slug": "session-isb"}))
        page = html.content.decode()
        assert reverse("activities:report_photo", kwargs={"pk": second.pk}) in page
        assert reverse("activities:report_photo", kwargs={"pk": first.pk}) not in page

    def test_one_bad_photo_is_named_and_nothing_is_saved(self) -> None:
        client = self.verified_client_for(self.focal_person)
        before = _stored_files()
        photos = [_photo("hall.jpg"), _script("stage.png"), _photo("crowd.jpg")]
        response = client.post(self.url(), _form(photo=photos, photo_consent="on"))
        assert response.status_code == 400
        page = response.content.decode()
        assert "stage.png" in page
        assert "not a photo we can use" in page
        assert "None of the 3 photos was saved" in page
        assert not EventReport.objects.exists()
        assert not ReportPhoto.objects.exists()
        assert _stored_files() == before

    def test_one_bad_photo_added_later_saves_none_of_the_others(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=1, women=1, transgender=0, total=2
        )
        client = self.verified_client_for(self.focal_person)
        before = _stored_files()
        response = client.post(self.add_url(), {"photo": [_photo("one.jpg"), _script("two.png")]})
        assert response.status_code == 400
        assert "two.png" in response.content.decode()
        assert not ReportPhoto.objects.exists()
        assert _stored_files() == before

    def test_several_photos_can_be_added_to_a_filed_report(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=1, women=1, transgender=0, total=2
        )
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.add_url(), {"photo": [_photo("x.jpg"), _photo("y.jpg")]})
        assert response.status_code == 302
        assert ReportPhoto.objects.count() == 2
        assert AuditEvent.objects.filter(action="event.report.photo.add").count() == 2
        assert "2 photos were added." in client.get(self.url()).content.decode()

    def test_more_photos_than_allowed_at_once_are_refused_with_the_limit(self) -> None:
        client = self.verified_client_for(self.focal_person)
        photos = [
            SimpleUploadedFile(f"p{i}.jpg", jpeg_with_gps((60, 40)), content_type="image/jpeg")
            for i in range(MAX_PHOTOS_PER_UPLOAD + 1)
        ]
        response = client.post(self.url(), _form(photo=photos))
        assert response.status_code == 400
        assert f"At most {MAX_PHOTOS_PER_UPLOAD} photos at once" in response.content.decode()
        assert not EventReport.objects.exists()

    def test_a_file_name_with_direction_controls_is_shown_without_them(self) -> None:
        client = self.verified_client_for(self.focal_person)
        sneaky = _script("gpj.\u202eexe.png")
        response = client.post(self.url(), _form(photo=[_photo("a.jpg"), sneaky]))
        assert response.status_code == 400
        page = response.content.decode()
        assert "\u202e" not in page
        assert "gpj.exe.png" in page

    def test_another_chapters_focal_person_cannot_add_photos(self) -> None:
        services.report_file(
            actor=self.focal_person, event=self.ended, men=1, women=1, transgender=0, total=2
        )
        for persona in (self.other_focal_person, self.outsider):
            client = self.verified_client_for(persona)
            response = client.post(self.add_url(), {"photo": [_photo("a.jpg"), _photo("b.jpg")]})
            assert response.status_code == 403
        assert not ReportPhoto.objects.exists()


class EachPhotoTests(ReportsWorld):
    """With the page's script, each photo carries its own caption and consent box."""

    def url(self) -> str:
        return reverse("activities:report_file", kwargs={"slug": "session-isb"})

    def test_each_photo_gets_its_own_caption_and_consent(self) -> None:
        client = self.verified_client_for(self.focal_person)
        data = _form(
            photo=[_photo("hall.jpg"), _photo("stage.jpg"), _photo("crowd.jpg")],
            photo_each="1",
            photo_caption_0="The hall",
            photo_consent_0="on",
            photo_caption_1="The stage",
            photo_consent_2="on",
            # The shared boxes are ignored when each photo has its own.
            photo_caption="ignored",
            photo_consent="on",
        )
        assert client.post(self.url(), data).status_code == 302
        stored = [(p.caption, p.consent_to_publish) for p in ReportPhoto.objects.order_by("pk")]
        assert stored == [("The hall", True), ("The stage", False), ("", True)]

    def test_a_caption_with_a_direction_override_saves_nothing(self) -> None:
        client = self.verified_client_for(self.focal_person)
        before = _stored_files()
        data = _form(
            photo=[_photo("hall.jpg"), _photo("stage.jpg")],
            photo_each="1",
            photo_caption_1="The \u202estage",
        )
        response = client.post(self.url(), data)
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        assert not EventReport.objects.exists()
        assert _stored_files() == before

    def test_the_page_loads_its_script_from_our_own_host(self) -> None:
        client = self.verified_client_for(self.focal_person)
        html = client.get(self.url()).content.decode()
        assert "/activities/report_photos" in html
        assert "data-each-photo" in html
        assert "data-consent-label=" in html

"""The report pages' own request limit: several phone photos at once fit, an upload larger than
the limit gets the "too large" page in the visitor's language with nothing stored, the media
pages keep their smaller limit, and the form says what the limits are before anyone hits them.
These run with the real default limits (no settings overridden) unless a test says otherwise."""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from awaaz.activities.models import EventReport, MediaItem, ReportPhoto
from awaaz.activities.tests.reports_support import ReportsWorld

MB = 1024 * 1024


def _phone_photo(name: str) -> SimpleUploadedFile:
    """A real JPEG of about 3 MB: noise barely compresses, like a detailed phone photo."""
    image = Image.frombytes("RGB", (1800, 1400), os.urandom(1800 * 1400 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _padded(name: str, size: int) -> SimpleUploadedFile:
    """A file that starts like a JPEG and is `size` bytes long."""
    return SimpleUploadedFile(name, b"\xff\xd8\xff" + b"\0" * (size - 3), "image/jpeg")


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {"men": "10", "women": "9", "transgender": "1", "total": "20"}
    data.update(extra)
    return data


def _stored_files() -> set[str]:
    if not default_storage.exists("activities/photos"):
        return set()
    return set(default_storage.listdir("activities/photos")[1])


class ReportUploadLimitTests(ReportsWorld):
    def url(self, language: str = "en") -> str:
        with translation.override(language):
            return reverse("activities:report_file", kwargs={"slug": "session-isb"})

    def test_the_defaults_give_the_report_pages_more_than_the_media_pages(self) -> None:
        assert settings.AWAAZ_REPORT_UPLOAD_REQUEST_BYTES == 48 * MB
        assert settings.AWAAZ_UPLOAD_REQUEST_BYTES == 16 * MB

    def test_six_phone_photos_of_more_than_16_mb_together_are_accepted(self) -> None:
        photos = [_phone_photo(f"photo-{number}.jpg") for number in range(6)]
        sent = sum(photo.size or 0 for photo in photos)
        assert 16 * MB < sent < settings.AWAAZ_REPORT_UPLOAD_REQUEST_BYTES
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url(), _form(photo=photos, photo_consent="on"))
        assert response.status_code == 302
        report = EventReport.objects.get(event=self.ended)
        assert report.photos.count() == 6
        assert len(_stored_files()) == 6

    def test_an_upload_over_the_limit_gets_the_too_large_page_in_urdu_and_nothing_is_kept(
        self,
    ) -> None:
        photos = [_padded(f"photo-{number}.jpg", 13 * MB) for number in range(4)]
        assert sum(p.size or 0 for p in photos) > settings.AWAAZ_REPORT_UPLOAD_REQUEST_BYTES
        client = self.verified_client_for(self.focal_person)
        response = client.post(self.url("ur"), _form(photo=photos, photo_consent="on"))
        assert response.status_code == 413
        html = response.content.decode()
        assert 'lang="ur"' in html
        assert "آپ کا بھیجا ہوا مواد بہت بڑا ہے" in html
        assert not EventReport.objects.exists()
        assert not ReportPhoto.objects.exists()
        assert _stored_files() == set()
        again = [_padded(f"photo-{number}.jpg", 13 * MB) for number in range(4)]
        in_english = client.post(self.url(), _form(photo=again)).content.decode()
        assert "What you sent is too large" in in_english
        assert "Nothing was saved." in in_english

    def test_a_single_40_mb_photo_is_still_refused_with_its_size(self) -> None:
        client = self.verified_client_for(self.focal_person)
        big = _padded("big.jpg", 40 * MB)
        response = client.post(self.url(), _form(photo=big))
        assert response.status_code == 400
        html = response.content.decode()
        assert "The photo “big.jpg” was refused: This file is 40 MB" in html
        assert "at most 15 MB" in html
        in_urdu = client.post(self.url("ur"), _form(photo=_padded("big.jpg", 40 * MB)))
        assert in_urdu.status_code == 400
        assert "یہ فائل 40 MB کی ہے" in in_urdu.content.decode()
        assert not EventReport.objects.exists()
        assert _stored_files() == set()

    def test_the_form_states_both_limits_in_the_visitors_language(self) -> None:
        client = self.verified_client_for(self.focal_person)
        english = client.get(self.url()).content.decode()
        assert "Each photo can be at most 15 MB" in english
        assert "together at most 48 MB" in english
        urdu = client.get(self.url("ur")).content.decode()
        assert "ہر تصویر زیادہ سے زیادہ 15 MB" in urdu
        assert "48 MB" in urdu
        with override_settings(AWAAZ_REPORT_UPLOAD_REQUEST_BYTES=32 * MB):
            assert "together at most 32 MB" in client.get(self.url()).content.decode()

    def test_the_photo_input_carries_the_limits_its_script_checks_before_sending(self) -> None:
        client = self.verified_client_for(self.focal_person)
        html = client.get(self.url("ur")).content.decode()
        assert f'data-max-upload-bytes="{48 * MB}"' in html
        assert f'data-max-photo-bytes="{15 * MB}"' in html
        assert 'data-max-photos="8"' in html
        # The messages are in the visitor's language, with the script's blanks left for it.
        assert "{name} کا سائز {size} MB ہے" in html
        assert "یہ تصاویر مل کر {size} MB ہیں" in html
        with override_settings(AWAAZ_REPORT_UPLOAD_REQUEST_BYTES=32 * MB):
            html = client.get(self.url()).content.decode()
        assert f'data-max-upload-bytes="{32 * MB}"' in html
        assert "at most 32 MB can be sent at once" in html

    def test_the_media_pages_keep_their_own_smaller_limit(self) -> None:
        client = self.verified_client_for(self.focal_person)
        clipping = _padded("scan.jpg", 17 * MB)
        data = {
            "outlet": "Daily Fictional Times",
            "medium": "print",
            "language": "ur",
            "published_on": "2026-11-26",
            "title": "Students pledge against violence",
            "clipping": clipping,
        }
        response = client.post(reverse("activities:media_new"), data)
        assert response.status_code == 413
        assert not MediaItem.objects.exists()

"""Fictional events and photos for the reports tests (no tests in this module)."""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
from typing import ClassVar

from django.test import override_settings
from django.utils import timezone
from PIL import Image

from awaaz.activities.models import Event
from awaaz.movement.models import Chapter
from awaaz.movement.tests.test_chapters_support import ChapterWorld

GPS_LATITUDE = (33.0, 41.0, 30.0)
GPS_LONGITUDE = (73.0, 3.0, 15.0)


def jpeg_with_gps(size: tuple[int, int] = (3200, 2400)) -> bytes:
    """A JPEG whose EXIF names a phone and a place (both invented)."""
    image = Image.new("RGB", size, (180, 90, 40))
    exif = Image.Exif()
    exif[0x010F] = "FictionalPhoneMaker"  # Make
    exif[0x0110] = "Model X-Fictional"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: GPS_LONGITUDE})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=70)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


class ReportsWorld(ChapterWorld):
    """The chapter world plus one ended event per chapter and a private media folder."""

    ended: ClassVar[Event]
    ended_other: ClassVar[Event]
    upcoming: ClassVar[Event]
    media_dir: ClassVar[str]
    _media: ClassVar[override_settings]

    @classmethod
    def setUpClass(cls) -> None:
        cls.media_dir = tempfile.mkdtemp(prefix="awaaz-reports-")
        cls._media = override_settings(MEDIA_ROOT=cls.media_dir)
        cls._media.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._media.disable()
        shutil.rmtree(cls.media_dir, ignore_errors=True)

    @classmethod
    def make_event(
        cls, chapter: Chapter, slug: str, *, ended_hours_ago: float = 2, public: bool = True
    ) -> Event:
        ends = timezone.now() - datetime.timedelta(hours=ended_hours_ago)
        return Event.objects.create(
            slug=slug,
            chapter=chapter,
            kind="awareness",
            title_en=f"Awareness session {slug}",
            title_ur="آگاہی سیشن",
            starts_at=ends - datetime.timedelta(hours=2),
            ends_at=ends,
            district=chapter.district,
            venue_kind="university",
            venue_name="Fictional Hall",
            is_public=public,
        )

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ended = cls.make_event(cls.home, "session-isb")
        cls.ended_other = cls.make_event(cls.other, "session-lhr")
        cls.upcoming = cls.make_event(cls.home, "session-later", ended_hours_ago=-48)

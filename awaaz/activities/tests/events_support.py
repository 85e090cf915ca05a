"""A small fictional world of events on top of the chapter tests' world (no tests here).

The focal person leads the Islamabad University chapter, the other focal person the Lahore
City chapter. Events are in Islamabad (Islamabad) and Lahore (Punjab). Every name is invented.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.utils import timezone

from awaaz.activities.models import Event, EventKind, VenueKind
from awaaz.activities.services import events as services
from awaaz.movement.tests.test_chapters_support import ChapterWorld


def at(days: int, hour: int = 15) -> datetime.datetime:
    """Pakistan time, `days` from today, at `hour`:00."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventWorld(ChapterWorld):
    session: ClassVar[Event]
    lahore_panel: ClassVar[Event]

    @classmethod
    def make_event(cls, **overrides: Any) -> Event:
        fields: dict[str, Any] = {
            "kind": EventKind.AWARENESS,
            "title_en": "Consent and courage: a session for students",
            "title_ur": "رضامندی اور ہمت: طلبہ کے لیے نشست",
            "starts_at": at(5),
            "ends_at": at(5, 17),
            "district": cls.isb,
            "venue_kind": VenueKind.UNIVERSITY,
            "venue_name": "Main Auditorium, Fictional University",
            "description_en": "An hour on consent, then questions.",
            "description_ur": "رضامندی پر ایک گھنٹہ، پھر سوالات۔",
            "speakers": "Dr. Sana Imaginary",
            "partner_organisations": "",
            "is_public": True,
            "capacity": None,
        }
        chapter = overrides.pop("chapter", cls.home)
        fields.update(overrides)
        return services.event_create(actor=None, chapter=chapter, **fields)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.session = cls.make_event()
        cls.lahore_panel = cls.make_event(
            chapter=cls.other,
            kind=EventKind.PANEL,
            title_en="Panel: blame the rapist, not the victim",
            title_ur="",
            district=cls.lhr,
            venue_kind=VenueKind.PRESS_CLUB,
            venue_name="Fictional Press Club",
            starts_at=at(8),
            ends_at=at(8, 18),
        )

"""Campaign progress counted from known data: events held, attendance, pledges, media items.

All chapters, people and events here are fictional.
"""

from __future__ import annotations

import datetime
from typing import ClassVar
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from awaaz.activities.models import (
    CampaignPeriod,
    Event,
    EventReport,
    EventStatus,
    MediaItem,
    Target,
)
from awaaz.activities.selectors import campaign as selectors
from awaaz.activities.services.campaign import campaign_sixteen_days_ensure, campaign_target_set
from awaaz.core.models import AuditEvent
from awaaz.core.testing import PersonasTestCase
from awaaz.movement.models import Chapter, Member, Pledge, PledgeStatus, PledgeText
from awaaz.places.models import District
from awaaz.places.services import DATA_DIR, places_load

PKT = ZoneInfo("Asia/Karachi")


def pkt(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=PKT)


class CampaignData(PersonasTestCase):
    """The 16 Days of 2025; Lahore and Multan (Punjab) set targets, a high-risk chapter too,
    Islamabad has none. No test methods here: subclasses in other modules share the data."""

    period: ClassVar[CampaignPeriod]
    lahore: ClassVar[Chapter]
    multan: ClassVar[Chapter]
    hidden: ClassVar[Chapter]
    islamabad: ClassVar[Chapter]
    lahore_first: ClassVar[Event]
    private_event: ClassVar[Event]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        places_load(files=[DATA_DIR / "provinces" / f"{n}.json" for n in ("islamabad", "punjab")])
        districts = {
            code: District.objects.get(code=code)
            for code in ("pb-lahore", "pb-multan", "pb-bahawalpur", "is-islamabad")
        }

        def chapter(slug: str, name_en: str, name_ur: str, code: str, **kw: object) -> Chapter:
            return Chapter.objects.create(
                slug=slug,
                name_en=name_en,
                name_ur=name_ur,
                kind="city",
                district=districts[code],
                status="active",
                **kw,
            )

        cls.lahore = chapter("lahore", "Lahore Canal Chapter", "لاہور نہر چیپٹر", "pb-lahore")
        cls.multan = chapter("multan", "Multan Fort Chapter", "ملتان قلعہ چیپٹر", "pb-multan")
        cls.hidden = chapter(
            "quiet-valley", "Quiet Valley Chapter", "پرسکون وادی", "pb-bahawalpur", high_risk=True
        )
        cls.islamabad = chapter("isb", "Margalla Chapter", "مارگلہ چیپٹر", "is-islamabad")

        cls.period, _ = campaign_sixteen_days_ensure(year=2025)
        campaign_target_set(
            actor=cls.coordinator,
            period=cls.period,
            chapter=cls.lahore,
            events=4,
            attendance=100,
            pledges=2,
            media_items=2,
        )
        campaign_target_set(
            actor=cls.coordinator, period=cls.period, chapter=cls.multan, events=2, media_items=1
        )
        campaign_target_set(actor=None, period=cls.period, chapter=cls.hidden, events=1)

        counter = iter(range(1000))

        def event(chapter: Chapter, start: datetime.datetime, **kw: object) -> Event:
            n = next(counter)
            fields: dict[str, object] = {
                "title_en": f"Awareness session {n}",
                "title_ur": f"آگاہی نشست {n}",
                **kw,
            }
            return Event.objects.create(
                slug=f"event-{n}",
                kind="awareness",
                chapter=chapter,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                district=chapter.district,
                venue_kind="university",
                **fields,
            )

        cls.lahore_first = event(cls.lahore, pkt(11, 26), title_en="Campus talk on consent")
        second = event(cls.lahore, pkt(12, 1))
        event(cls.lahore, pkt(12, 10, 21, 30))  # the last evening still counts
        event(cls.lahore, pkt(12, 2), status=EventStatus.CANCELLED)
        event(cls.lahore, pkt(11, 24, 23, 30))  # the night before: not in the period
        event(cls.lahore, pkt(12, 11, 0, 30))  # the night after: not in the period
        multan_event = event(cls.multan, pkt(12, 3))
        event(cls.hidden, pkt(12, 4))
        cls.private_event = event(
            cls.islamabad, pkt(12, 5), is_public=False, title_en="Closed training for officials"
        )

        EventReport.objects.create(event=cls.lahore_first, women=25, men=15, total=40)
        EventReport.objects.create(event=second, women=20, men=15, total=35)
        EventReport.objects.create(event=multan_event, women=10, men=10, total=20)

        text = PledgeText.objects.create(
            version=1, text_en="I pledge.", text_ur="میں عہد کرتا ہوں۔", consent_en="Yes.",
            consent_ur="جی ہاں۔", published_at=timezone.now(),
        )  # fmt: skip
        for i, (status, confirmed) in enumerate(
            [
                (PledgeStatus.CONFIRMED, pkt(11, 25, 0, 10)),
                (PledgeStatus.CONFIRMED, pkt(12, 9)),
                (PledgeStatus.PENDING, None),
                (PledgeStatus.CONFIRMED, pkt(12, 11, 0, 5)),  # after the period
            ]
        ):
            member = Member.objects.create(display_name=f"Pledger {i}", email=f"p{i}@example.org")
            Pledge.objects.create(
                member=member,
                text=text,
                district=cls.lahore.district,
                chapter=cls.lahore,
                consent_version=1,
                language="en",
                status=status,
                confirmed_at=confirmed,
                expires_at=pkt(12, 31),
            )

        def media(title: str, day: datetime.date, **kw: object) -> MediaItem:
            return MediaItem.objects.create(
                outlet="Daily Example",
                medium="print",
                language="ur",
                published_on=day,
                link="https://news.example.org/story",
                title=title,
                **kw,
            )

        media("Students speak up", datetime.date(2025, 11, 27), chapter=cls.lahore)
        media('=HYPERLINK("http://evil.example")', datetime.date(2025, 11, 28), event=second)
        media("Old story", datetime.date(2025, 10, 1), chapter=cls.multan)


class ProgressTests(CampaignData):
    def progress(self) -> selectors.Progress:
        return selectors.campaign_progress(self.period)

    def test_the_16_days_of_2025(self) -> None:
        assert self.period.starts_on == datetime.date(2025, 11, 25)
        assert self.period.ends_on == datetime.date(2025, 12, 10)
        assert self.period.name_en == "16 Days of Activism 2025"

    def test_national_totals_count_real_records_within_the_period(self) -> None:
        national = {f.key: f for f in self.progress().national}
        # Lahore 3 (not the cancelled one, not the nights before and after), Multan 1,
        # the high-risk chapter 1, Islamabad 1.
        assert (national["events"].actual, national["events"].target) == (6, 7)
        assert national["attendance"].actual == 95
        assert national["pledges"].actual == 2
        assert national["media_items"].actual == 2  # one credited through its event
        assert national["events"].percent == 85
        assert national["events"].step == 80

    def test_provinces(self) -> None:
        provinces = {p.slug: {f.key: f for f in p.figures} for p in self.progress().provinces}
        assert set(provinces) == {"punjab", "islamabad"}
        assert provinces["punjab"]["events"].actual == 5
        assert provinces["punjab"]["events"].target == 7
        assert provinces["islamabad"]["events"].actual == 1
        assert provinces["islamabad"]["events"].percent is None  # no target there

    def test_leaderboard_ranks_by_share_of_targets_and_leaves_out_high_risk(self) -> None:
        progress = self.progress()
        assert [r.name for r in progress.leaderboard] == [self.lahore.name, self.multan.name]
        assert [r.rank for r in progress.leaderboard] == [1, 2]
        lahore = progress.leaderboard[0]
        assert [f.actual for f in lahore.figures] == [3, 75, 2, 2]
        assert lahore.score == (75 + 75 + 100 + 100) / 4
        assert progress.leaderboard[1].score == (50 + 0) / 2
        assert progress.hidden_chapters == 1

    def test_a_source_that_cannot_be_counted_is_not_a_zero(self) -> None:
        with mock.patch.dict(selectors.COUNTERS, {"media_items": lambda period, now: None}):
            progress = self.progress()
        media = next(f for f in progress.national if f.key == "media_items")
        assert media.actual is None
        assert not media.counted
        assert media.percent is None
        assert progress.uncounted == ["media_items"]

    def test_targets_are_replaced_not_duplicated_and_audited(self) -> None:
        campaign_target_set(
            actor=self.coordinator, period=self.period, chapter=self.lahore, events=10
        )
        target = Target.objects.get(period=self.period, chapter=self.lahore)
        assert (target.events, target.attendance) == (10, 0)
        assert Target.objects.filter(chapter=self.lahore).count() == 1
        assert AuditEvent.objects.filter(action="campaign.target").exists()

    def test_load_command_is_idempotent(self) -> None:
        call_command("activities_campaign_load", year=2027, verbosity=0)
        call_command("activities_campaign_load", year=2027, verbosity=0)
        period = CampaignPeriod.objects.get(slug="16-days-2027")
        assert (period.starts_on, period.ends_on) == (
            datetime.date(2027, 11, 25),
            datetime.date(2027, 12, 10),
        )
        assert AuditEvent.objects.filter(action="campaign.create").count() == 2
        with translation.override("ur"):
            assert "16 روزہ مہم" in period.name

    def test_current_campaign(self) -> None:
        assert selectors.campaign_current(today=datetime.date(2025, 12, 1)) == self.period
        later, _ = campaign_sixteen_days_ensure(year=2026)
        assert selectors.campaign_current(today=datetime.date(2026, 6, 1)) == later
        assert selectors.campaign_current(today=datetime.date(2027, 6, 1)) == later

    def test_a_negative_target_is_refused_and_nothing_changes(self) -> None:
        with pytest.raises(ValidationError, match="cannot be negative"):
            campaign_target_set(
                actor=self.coordinator, period=self.period, chapter=self.lahore, events=-1
            )
        assert Target.objects.get(period=self.period, chapter=self.lahore).events == 4

"""Campaign progress: what each chapter has done in a campaign period, against its targets.

Every figure is counted from the records themselves, in a few aggregate queries, so the public
page is always live:

- events held: events of the chapter that start within the period (Asia/Karachi days), are not
  cancelled, and are over (or marked held, or reported);
- attendance: the totals of the closing reports of those events;
- pledges: confirmed pledges naming the chapter, confirmed within the period;
- media items: coverage published within the period, credited to the item's chapter or, when it
  names none, to the chapter of its event.

A measure whose source cannot be counted (`None`) is shown as "not yet counted", never as zero.

High-risk chapters (membership itself is dangerous there) are counted in the national and
provincial totals, which name no one, but are left out of the public leaderboard: a ranked,
named row would advertise where the chapter works. The page says how many were left out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from awaaz.activities.models import (
    CampaignPeriod,
    Event,
    EventReport,
    EventStatus,
    MediaItem,
    ReportPhoto,
    Target,
)
from awaaz.movement.models import Chapter, Pledge, PledgeStatus
from awaaz.movement.selectors.chapters import (
    AnyUser,
    coordinated_provinces,
    is_country_coordinator,
)
from awaaz.places.models import Province

MEASURES = ("events", "attendance", "pledges", "media_items")
Counts = dict[int, int]  # chapter id -> count


def measure_label(key: str) -> str:
    return {
        "events": _("Events held"),
        "attendance": _("Attendance"),
        "pledges": _("Confirmed pledges"),
        "media_items": _("Media items"),
    }[key]


@dataclass(frozen=True)
class Figure:
    """One measure: what was done, against the target (0 = no target set)."""

    key: str
    actual: int | None  # None: not yet counted
    target: int

    @property
    def label(self) -> str:
        return measure_label(self.key)

    @property
    def counted(self) -> bool:
        return self.actual is not None

    @property
    def percent(self) -> int | None:
        """Share of the target reached, 0-100 (capped); None without a target or a count."""
        if self.actual is None or self.target <= 0:
            return None
        return min(100, self.actual * 100 // self.target)

    @property
    def step(self) -> int:
        """The percentage rounded down to a multiple of 10, for the bar's CSS class."""
        return (self.percent or 0) // 10 * 10


@dataclass
class ChapterRow:
    chapter_id: int
    name: str
    province: str
    figures: list[Figure]
    rank: int = 0

    @property
    def score(self) -> float | None:
        """Mean share of the targets reached over the counted measures that have a target."""
        shares = [f.percent for f in self.figures if f.percent is not None]
        return sum(shares) / len(shares) if shares else None


@dataclass
class ProvinceRow:
    slug: str
    name: str
    figures: list[Figure]


@dataclass
class Progress:
    period: CampaignPeriod
    national: list[Figure]
    provinces: list[ProvinceRow]
    leaderboard: list[ChapterRow]
    hidden_chapters: int
    uncounted: list[str] = field(default_factory=list)
    # Set when the figures are one province's (its coordinator's report): its name replaces
    # "Pakistan" and the per-province section is left out.
    scope: str = ""


# --- Periods ---------------------------------------------------------------------------------


def campaign_current(*, today: datetime.date | None = None) -> CampaignPeriod | None:
    """The running campaign; else the next one; else the last one that ended."""
    today = today or timezone.localdate()
    periods = CampaignPeriod.objects.all()
    return (
        periods.filter(starts_on__lte=today, ends_on__gte=today).order_by("starts_on").first()
        or periods.filter(starts_on__gt=today).order_by("starts_on").first()
        or periods.filter(ends_on__lt=today).order_by("-ends_on").first()
    )


def campaign_get(*, slug: str) -> CampaignPeriod:
    return get_object_or_404(CampaignPeriod, slug=slug)


def campaign_window(period: CampaignPeriod) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [start, end) instants: whole days in the site's time zone."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(period.starts_on, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def can_see_full_report(user: AnyUser) -> bool:
    """The full report (events, media, photos, PDF, XLSX) is for the country coordinator."""
    return is_country_coordinator(user)


def provinces_for_report(user: AnyUser) -> QuerySet[Province]:
    """Provinces whose full report this person may read: all for the country coordinator, his
    own for a provincial coordinator (with an open term), none for anyone else."""
    if is_country_coordinator(user):
        return Province.objects.order_by("sort_order", "name_en")
    return coordinated_provinces(user).order_by("sort_order", "name_en")


def province_for_report(*, user: AnyUser, slug: str) -> Province:
    """The province with this slug if the person may read its report: 404 if none, 403 if not
    his (another province's coordinator, a focal person, an outsider)."""
    province = get_object_or_404(Province, slug=slug)
    if not provinces_for_report(user).filter(pk=province.pk).exists():
        raise PermissionDenied
    return province


def progress_for_province(progress: Progress, province: Province) -> Progress:
    """The national progress narrowed to one province: its figures, its chapters' ranks."""
    chapter_ids = set(
        Chapter.objects.filter(district__province=province).values_list("pk", flat=True)
    )
    rows = [row for row in progress.provinces if row.slug == province.slug]
    figures = (
        rows[0].figures
        if rows
        else [
            Figure(key=key, actual=None if key in progress.uncounted else 0, target=0)
            for key in MEASURES
        ]
    )
    board = [replace(row) for row in progress.leaderboard if row.chapter_id in chapter_ids]
    for position, row in enumerate(board, start=1):
        row.rank = position
    hidden = Target.objects.filter(
        period=progress.period, chapter_id__in=chapter_ids, chapter__high_risk=True
    ).count()
    return Progress(
        period=progress.period,
        national=figures,
        provinces=rows,
        leaderboard=board,
        hidden_chapters=hidden,
        uncounted=progress.uncounted,
        scope=province.name,
    )


# --- Counting --------------------------------------------------------------------------------


def events_held(period: CampaignPeriod, *, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Events that count as held in the period (see the module docstring)."""
    now = now or timezone.now()
    start, end = campaign_window(period)
    return (
        Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=EventStatus.CANCELLED)
        .filter(Q(status=EventStatus.HELD) | Q(ends_at__lte=now) | Q(report__isnull=False))
    )


def _by_chapter(rows: Iterable[dict[str, int | None]]) -> Counts:
    return {int(r["chapter_id"]): int(r["n"] or 0) for r in rows if r["chapter_id"] is not None}


def count_events(period: CampaignPeriod, now: datetime.datetime | None = None) -> Counts | None:
    rows = events_held(period, now=now).values("chapter_id").annotate(n=Count("pk"))
    return _by_chapter(rows)


def count_attendance(period: CampaignPeriod, now: datetime.datetime | None = None) -> Counts | None:
    rows = (
        EventReport.objects.filter(event__in=events_held(period, now=now))
        .values(chapter_id=F("event__chapter_id"))
        .annotate(n=Sum("total"))
    )
    return _by_chapter(rows)


def count_pledges(period: CampaignPeriod, now: datetime.datetime | None = None) -> Counts | None:
    start, end = campaign_window(period)
    rows = (
        Pledge.objects.filter(
            status=PledgeStatus.CONFIRMED,
            chapter__isnull=False,
            confirmed_at__gte=start,
            confirmed_at__lt=end,
        )
        .values("chapter_id")
        .annotate(n=Count("pk"))
    )
    return _by_chapter(rows)


def count_media_items(
    period: CampaignPeriod, now: datetime.datetime | None = None
) -> Counts | None:
    rows = (
        MediaItem.objects.filter(
            published_on__gte=period.starts_on, published_on__lte=period.ends_on
        )
        .values(credited=Coalesce("chapter_id", "event__chapter_id"))
        .annotate(n=Count("pk"))
    )
    return {int(r["credited"]): int(r["n"]) for r in rows if r["credited"] is not None}


COUNTERS: dict[str, Callable[[CampaignPeriod, datetime.datetime | None], Counts | None]] = {
    "events": count_events,
    "attendance": count_attendance,
    "pledges": count_pledges,
    "media_items": count_media_items,
}


def _figures(
    actuals: dict[str, Counts | None], targets: dict[str, int], chapter_ids: Iterable[int]
) -> list[Figure]:
    ids = list(chapter_ids)
    figures = []
    for key in MEASURES:
        counts = actuals[key]
        actual = None if counts is None else sum(counts.get(i, 0) for i in ids)
        figures.append(Figure(key=key, actual=actual, target=targets.get(key, 0)))
    return figures


def campaign_progress(period: CampaignPeriod, *, now: datetime.datetime | None = None) -> Progress:
    """National, provincial and per-chapter progress, and the public leaderboard."""
    actuals = {key: counter(period, now) for key, counter in COUNTERS.items()}
    targets = list(Target.objects.filter(period=period).values("chapter_id", *MEASURES))
    target_by_chapter = {t["chapter_id"]: t for t in targets}

    active_ids: set[int] = set(target_by_chapter)
    for counts in actuals.values():
        active_ids.update(counts or {})
    chapters = {
        c.pk: c
        for c in Chapter.objects.filter(pk__in=active_ids).select_related("district__province")
    }

    national_targets = {key: sum(t[key] for t in targets) for key in MEASURES}
    national = _figures(actuals, national_targets, chapters)

    by_province: dict[int, list[int]] = defaultdict(list)
    for chapter in chapters.values():
        by_province[chapter.district.province_id].append(chapter.pk)
    provinces = []
    for province in Province.objects.filter(pk__in=by_province):
        ids = by_province[province.pk]
        province_targets = {
            key: sum(target_by_chapter[i][key] for i in ids if i in target_by_chapter)
            for key in MEASURES
        }
        provinces.append(
            ProvinceRow(province.slug, province.name, _figures(actuals, province_targets, ids))
        )

    rows, hidden = [], 0
    for chapter_id, target in target_by_chapter.items():
        chapter = chapters[chapter_id]
        if chapter.high_risk:
            hidden += 1
            continue
        row = ChapterRow(
            chapter_id=chapter_id,
            name=chapter.name,
            province=chapter.district.province.name,
            figures=_figures(actuals, target, [chapter_id]),
        )
        rows.append(row)
    rows.sort(key=lambda r: (-(r.score or 0), -(r.figures[0].actual or 0), r.name))
    for position, row in enumerate(rows, start=1):
        row.rank = position

    return Progress(
        period=period,
        national=national,
        provinces=provinces,
        leaderboard=rows,
        hidden_chapters=hidden,
        uncounted=[key for key, counts in actuals.items() if counts is None],
    )


# --- The full report (country coordinator) ---------------------------------------------------


def _scoped_events(
    period: CampaignPeriod, province: Province | None, high_risk: bool
) -> QuerySet[Event]:
    events = events_held(period)
    if province is not None:
        events = events.filter(chapter__district__province=province)
    if not high_risk:
        events = events.exclude(chapter__high_risk=True)
    return events


def report_events(
    period: CampaignPeriod, *, province: Province | None = None, high_risk: bool = True
) -> QuerySet[Event]:
    """Every event held in the period, public or not, with its report if filed; one province's
    only when given, and without high-risk chapters' events when `high_risk` is False."""
    return (
        _scoped_events(period, province, high_risk)
        .select_related("chapter", "district__province", "report")
        .order_by("starts_at", "pk")
    )


def report_media(
    period: CampaignPeriod, *, province: Province | None = None, high_risk: bool = True
) -> QuerySet[MediaItem]:
    """Coverage published in the period; for a province, the items credited to its chapters
    (the item's chapter, or its event's when it names none), as the progress counts them."""
    items = MediaItem.objects.filter(
        published_on__gte=period.starts_on, published_on__lte=period.ends_on
    )
    if province is not None:
        items = items.filter(
            Q(chapter__district__province=province)
            | Q(chapter__isnull=True, event__chapter__district__province=province)
        )
    if not high_risk:
        items = items.exclude(chapter__high_risk=True).exclude(
            chapter__isnull=True, event__chapter__high_risk=True
        )
    return items.select_related("chapter", "event__chapter").order_by("published_on", "pk")


def report_photos(
    period: CampaignPeriod, *, province: Province | None = None, high_risk: bool = True
) -> QuerySet[ReportPhoto]:
    """Photos of the period's events whose subjects consented to publication."""
    events = _scoped_events(period, province, high_risk)
    return (
        ReportPhoto.objects.filter(consent_to_publish=True, report__event__in=events)
        .select_related("report__event")
        .order_by("report__event__starts_at", "pk")
    )

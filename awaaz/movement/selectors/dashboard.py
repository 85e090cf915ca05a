"""Reads for the coordinator dashboard: the network by province and status, its growth, and
what needs a coordinator's attention (dormant chapters, join requests, empty provinces).

Who sees what is decided by the chapter selectors (`awaaz.movement.selectors.chapters`):

- the country coordinator sees the whole country;
- a provincial coordinator sees his province(s) only;
- a focal person or deputy sees his own chapter(s) only, never a province's figures;
- anyone else is refused (`dashboard_scope` returns None).

Fast at scale: every figure here is an aggregate computed by the database. Pledge counts come
from `PledgeTally` (one row per district and week: a few tens of thousands of rows for the whole
country over years, whatever the number of pledges); chapters are grouped by district and status
in one query. Only the chapter scope of a focal person counts `Pledge` rows, and only those that
named his chapter, grouped by week in SQL. No Python loop ever runs over pledges or members.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import get_language

from awaaz.movement.models import (
    Chapter,
    ChapterStatus,
    JoinRequest,
    JoinRequestStatus,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
)
from awaaz.movement.selectors.chapters import (
    AnyUser,
    coordinated_provinces,
    is_country_coordinator,
    led_chapter_ids,
)
from awaaz.places.maps import MapArea, MapGeography
from awaaz.places.models import Province
from awaaz.places.selectors import map_geography

# A chapter that meets: launched (it has had its launch) or active. Dormant chapters are listed
# to be revived; proposed ones do not exist yet and closed ones no more.
ACTIVE_STATUSES = (ChapterStatus.LAUNCHED, ChapterStatus.ACTIVE)
# Chapters on the map: all but closed ones.
MAPPED_STATUSES = (
    ChapterStatus.PROPOSED,
    ChapterStatus.LAUNCHED,
    ChapterStatus.ACTIVE,
    ChapterStatus.DORMANT,
)
# Long lists on the dashboard stop here; the page says how many more there are.
LIST_LIMIT = 30


class ScopeLevel(StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    CHAPTER = "chapter"


@dataclass(frozen=True)
class DashboardScope:
    level: ScopeLevel
    province_ids: tuple[int, ...] = ()
    chapter_ids: tuple[int, ...] = ()


def dashboard_scope(user: AnyUser) -> DashboardScope | None:
    """What this person may see on the dashboard, or None: then the page is refused."""
    if is_country_coordinator(user):
        return DashboardScope(ScopeLevel.COUNTRY)
    provinces = tuple(
        coordinated_provinces(user).order_by("sort_order").values_list("pk", flat=True)
    )
    if provinces:
        return DashboardScope(ScopeLevel.PROVINCE, province_ids=provinces)
    chapters = tuple(sorted(set(led_chapter_ids(user))))
    if chapters:
        return DashboardScope(ScopeLevel.CHAPTER, chapter_ids=chapters)
    return None


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRow:
    """Chapters of one province by status (`counts` follows `ChapterStatus` order)."""

    code: str
    name: str
    url: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def active(self) -> int:
        statuses = list(ChapterStatus)
        return sum(self.counts[statuses.index(s)] for s in ACTIVE_STATUSES)


@dataclass(frozen=True)
class WeekRow:
    week: datetime.date  # the Monday
    chapters: int  # chapters launched that week
    pledges: int  # pledges confirmed that week
    chapters_total: int  # launched since the start, to the end of that week
    pledges_total: int


@dataclass(frozen=True)
class QuietChapter:
    slug: str
    name: str
    district: str
    province: str
    status: str
    status_label: str
    days: int | None  # days since the last activity (None: never any, and never launched)


@dataclass(frozen=True)
class JoinQueue:
    slug: str
    name: str
    district: str
    pending: int
    oldest: datetime.datetime


@dataclass(frozen=True)
class ChapterFacts:
    """For a focal person's dashboard: his chapter in numbers."""

    slug: str
    name: str
    district: str
    province: str
    status_label: str
    launched_on: datetime.date | None
    members: int
    pledges: int
    pending: int


@dataclass
class Dashboard:
    scope: DashboardScope
    statuses: list[tuple[str, str]]  # (value, label) in lifecycle order: the table's columns
    provinces: list[ProvinceRow]
    chapters_by_district: dict[str, int]  # district code -> mapped chapters (for the symbols)
    timeline: list[WeekRow]
    quiet: list[QuietChapter]
    quiet_total: int
    join_queues: list[JoinQueue]
    join_queues_total: int
    pending_total: int
    without_active: list[ProvinceRow]
    chapter_facts: list[ChapterFacts] = field(default_factory=list)
    dormant_after_days: int = 0

    @property
    def chapters_total(self) -> int:
        return sum(row.total for row in self.provinces)

    @property
    def active_total(self) -> int:
        return sum(row.active for row in self.provinces)

    @property
    def pledges_total(self) -> int:
        return self.timeline[-1].pledges_total if self.timeline else 0

    @property
    def active_by_province(self) -> dict[str, int]:
        return {row.code: row.active for row in self.provinces}


# --- Reads -----------------------------------------------------------------------------------


# The map's geography is reference data (it changes when places are loaded or boundaries
# imported, a few times a year) and reading it costs more than every count on the page.
GEOGRAPHY_CACHE_SECONDS = 600


def _base_geography() -> MapGeography:
    key = f"movement:dashboard:geography:{get_language()}"
    geo: MapGeography | None = cache.get(key)
    if geo is None:
        geo = map_geography()
        cache.set(key, geo, GEOGRAPHY_CACHE_SECONDS)
    return geo


def dashboard_geography(scope: DashboardScope) -> MapGeography:
    """The map's areas cut down to the scope: a provincial coordinator sees his province."""
    geo = _base_geography()
    if scope.level == ScopeLevel.COUNTRY:
        return geo
    codes = set(
        Province.objects.filter(pk__in=_scope_province_ids(scope)).values_list("code", flat=True)
    )
    keep = [p for p in geo.provinces if p.code in codes]
    districts = tuple(d for d in geo.districts if d.province_code in codes)
    district_codes = {d.code for d in districts}
    return MapGeography(
        provinces=tuple(keep),
        districts=districts,
        province_outlines={k: v for k, v in geo.province_outlines.items() if k in codes},
        district_outlines={k: v for k, v in geo.district_outlines.items() if k in district_codes},
        attributions=geo.attributions,
    )


def _scope_province_ids(scope: DashboardScope) -> list[int]:
    if scope.level == ScopeLevel.PROVINCE:
        return list(scope.province_ids)
    return list(
        Chapter.objects.filter(pk__in=scope.chapter_ids)
        .values_list("district__province_id", flat=True)
        .distinct()
    )


def _chapters(scope: DashboardScope) -> QuerySet[Chapter]:
    if scope.level == ScopeLevel.COUNTRY:
        return Chapter.objects.all()
    if scope.level == ScopeLevel.PROVINCE:
        return Chapter.objects.filter(district__province_id__in=scope.province_ids)
    return Chapter.objects.filter(pk__in=scope.chapter_ids)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _pledges_per_week(scope: DashboardScope) -> dict[datetime.date, int]:
    if scope.level == ScopeLevel.CHAPTER:
        # A chapter's own pledges are the ones that named it; PledgeTally counts districts.
        # Grouped by week in SQL, so the cost is one indexed scan of this chapter's pledges.
        rows = (
            Pledge.objects.filter(chapter_id__in=scope.chapter_ids, status=PledgeStatus.CONFIRMED)
            .exclude(confirmed_at=None)
            .annotate(week=TruncWeek("confirmed_at"))
            .values_list("week")
            .annotate(n=Count("pk"))
            .order_by()
        )
        weeks: Counter[datetime.date] = Counter()
        for week, n in rows:
            day = timezone.localdate(week) if isinstance(week, datetime.datetime) else week
            weeks[_monday(day)] += n
        return dict(weeks)
    tallies = PledgeTally.objects.all()
    if scope.level == ScopeLevel.PROVINCE:
        tallies = tallies.filter(district__province_id__in=scope.province_ids)
    return {
        week: int(n or 0)
        for week, n in tallies.values_list("week").annotate(n=Sum("count")).order_by()
    }


def _launches_per_week(chapters: QuerySet[Chapter]) -> dict[datetime.date, int]:
    weeks: Counter[datetime.date] = Counter()
    rows = (
        chapters.exclude(launched_on=None)
        .values_list("launched_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for day, n in rows:
        weeks[_monday(day)] += n
    return dict(weeks)


def growth_timeline(
    pledges: dict[datetime.date, int], launches: dict[datetime.date, int], *, today: datetime.date
) -> list[WeekRow]:
    """Every week from the first pledge or launch to this week, quiet weeks included."""
    weeks = [w for w in (*pledges, *launches) if w <= today]
    if not weeks:
        return []
    week, last = min(weeks), _monday(today)
    rows: list[WeekRow] = []
    chapters_total = pledges_total = 0
    while week <= last:
        chapters, confirmed = launches.get(week, 0), pledges.get(week, 0)
        chapters_total += chapters
        pledges_total += confirmed
        rows.append(WeekRow(week, chapters, confirmed, chapters_total, pledges_total))
        week += datetime.timedelta(days=7)
    return rows


def _province_rows(
    scope: DashboardScope, geo: MapGeography, chapters: QuerySet[Chapter]
) -> tuple[list[ProvinceRow], dict[str, int]]:
    statuses = list(ChapterStatus)
    per_province: dict[str, list[int]] = {p.code: [0] * len(statuses) for p in geo.provinces}
    per_district: Counter[str] = Counter()
    rows = (
        chapters.values_list("district__code", "district__province__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for district_code, province_code, status, n in rows:
        counts = per_province.setdefault(province_code, [0] * len(statuses))
        counts[statuses.index(ChapterStatus(status))] += n
        if status in MAPPED_STATUSES:
            per_district[district_code] += n
    areas: dict[str, MapArea] = {p.code: p for p in geo.provinces}
    result = [
        ProvinceRow(code, areas[code].name, areas[code].url, tuple(counts))
        for code, counts in per_province.items()
        if code in areas
    ]
    if scope.level == ScopeLevel.CHAPTER:
        result = [row for row in result if row.total]
    return result, dict(per_district)


def _quiet_chapters(
    chapters: QuerySet[Chapter], *, today: datetime.date, dormant_days: int
) -> tuple[list[QuietChapter], int]:
    """Dormant chapters, and launched or active ones quiet for longer than the dormancy limit
    (the nightly sweep has not marked them yet), longest quiet first."""
    cutoff = timezone.now() - datetime.timedelta(days=dormant_days)
    quiet = chapters.filter(
        Q(status=ChapterStatus.DORMANT)
        | Q(status__in=ACTIVE_STATUSES, last_activity_at__lt=cutoff)
        | Q(status__in=ACTIVE_STATUSES, last_activity_at=None, launched_on__lt=cutoff.date())
    )
    total = quiet.count()
    rows = quiet.select_related("district__province").order_by(
        F("last_activity_at").asc(nulls_first=True), "launched_on", "name_en"
    )[:LIST_LIMIT]
    result = []
    for chapter in rows:
        if chapter.last_activity_at is not None:
            since: datetime.date | None = timezone.localdate(chapter.last_activity_at)
        else:
            since = chapter.launched_on
        result.append(
            QuietChapter(
                chapter.slug,
                chapter.name,
                chapter.district.name,
                chapter.district.province.name,
                chapter.status,
                chapter.get_status_display(),
                (today - since).days if since is not None else None,
            )
        )
    return result, total


def _scoped(queryset: QuerySet[JoinRequest], scope: DashboardScope) -> QuerySet[JoinRequest]:
    if scope.level == ScopeLevel.PROVINCE:
        return queryset.filter(chapter__district__province_id__in=scope.province_ids)
    if scope.level == ScopeLevel.CHAPTER:
        return queryset.filter(chapter_id__in=scope.chapter_ids)
    return queryset


def _join_queues(scope: DashboardScope) -> tuple[list[JoinQueue], int, int]:
    """Pending join requests per chapter, the chapter waiting longest first.

    Grouped on the chapter id alone (the cheap part), then names are read for the few chapters
    shown: joining every pending request to its chapter and district to group on names costs
    more than the whole rest of the page.
    """
    pending = _scoped(JoinRequest.objects.filter(status=JoinRequestStatus.PENDING), scope)
    groups = list(
        pending.values_list("chapter_id")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
        .order_by("oldest", "chapter_id")
    )
    shown = groups[:LIST_LIMIT]
    chapters = Chapter.objects.select_related("district").in_bulk([pk for pk, _n, _o in shown])
    queues = [
        JoinQueue(chapters[pk].slug, chapters[pk].name, chapters[pk].district.name, n, oldest)
        for pk, n, oldest in shown
    ]
    return queues, len(groups), sum(n for _pk, n, _o in groups)


def _pending_count(**filters: object) -> Coalesce:
    rows = JoinRequest.objects.filter(status=JoinRequestStatus.PENDING, **filters).order_by()
    return Coalesce(Subquery(rows.values("chapter").annotate(n=Count("pk")).values("n")[:1]), 0)


def _chapter_facts(scope: DashboardScope) -> list[ChapterFacts]:
    if scope.level != ScopeLevel.CHAPTER:
        return []

    chapters = (
        Chapter.objects.filter(pk__in=scope.chapter_ids)
        .select_related("district__province")
        .annotate(
            n_members=Coalesce(
                Subquery(
                    Member.objects.filter(home_chapter=OuterRef("pk"))
                    .order_by()
                    .values("home_chapter")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
            n_pledges=Coalesce(
                Subquery(
                    Pledge.objects.filter(chapter=OuterRef("pk"), status=PledgeStatus.CONFIRMED)
                    .order_by()
                    .values("chapter")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
            n_pending=_pending_count(chapter=OuterRef("pk")),
        )
        .order_by("name_en")
    )
    return [
        ChapterFacts(
            c.slug,
            c.name,
            c.district.name,
            c.district.province.name,
            c.get_status_display(),
            c.launched_on,
            c.n_members,
            c.n_pledges,
            c.n_pending,
        )
        for c in chapters
    ]


def dashboard_data(*, scope: DashboardScope, geo: MapGeography) -> Dashboard:
    """Every figure of the dashboard for this scope, in a handful of aggregate queries.

    `geo` is the map geography already cut to the scope (`dashboard_geography`): its provinces
    are the rows of the province table.
    """
    today = timezone.localdate()
    dormant_days = int(settings.AWAAZ_CHAPTER_DORMANT_DAYS)
    chapters = _chapters(scope)
    provinces, by_district = _province_rows(scope, geo, chapters)
    timeline = growth_timeline(_pledges_per_week(scope), _launches_per_week(chapters), today=today)
    quiet, quiet_total = _quiet_chapters(chapters, today=today, dormant_days=dormant_days)
    queues, queues_total, pending_total = _join_queues(scope)
    without_active = (
        [] if scope.level == ScopeLevel.CHAPTER else [r for r in provinces if not r.active]
    )
    return Dashboard(
        scope=scope,
        statuses=[(s.value, str(s.label)) for s in ChapterStatus],
        provinces=provinces,
        chapters_by_district=by_district,
        timeline=timeline,
        quiet=quiet,
        quiet_total=quiet_total,
        join_queues=queues,
        join_queues_total=queues_total,
        pending_total=pending_total,
        without_active=without_active,
        chapter_facts=_chapter_facts(scope),
        dormant_after_days=dormant_days,
    )

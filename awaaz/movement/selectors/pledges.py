"""Reads for the pledge: the current text, the choices on the form and the public pledge wall.

The wall's counters come from PledgeTally (a few rows per district and week), never from a
COUNT over Pledge, so the page costs the same with ten pledges or ten million.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from awaaz.lib.refcache import RowCache
from awaaz.movement.models import (
    Chapter,
    ChapterStatus,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
)
from awaaz.places.models import District, Province

# Chapters a new pledger may choose or is pointed to: those that exist and meet.
OPEN_CHAPTER_STATUSES = (ChapterStatus.LAUNCHED, ChapterStatus.ACTIVE, ChapterStatus.DORMANT)

# Every pledge submission reads these two; they change a few times a year (see awaaz.lib.refcache:
# a new text or a changed district reaches every process within AWAAZ_REFERENCE_CACHE_SECONDS).
_current_text: RowCache[PledgeText] = RowCache("pledge text", PledgeText, maxsize=1)
_district_by_code: RowCache[District] = RowCache("district by code", District, maxsize=512)


def pledge_text_current(*, seen: int | None = None) -> PledgeText | None:
    """The latest published pledge text, or None before `movement_pledges_load` has run.

    `seen` is the version a visitor's form carried. When this process still keeps an older one,
    another process has already shown the new text: read it again, so the visitor is not told
    the text changed and shown the old words.
    """
    text = _current_text.get("current", _pledge_text_current)
    if seen is not None and (text is None or text.version < seen):
        _current_text.clear()
        text = _current_text.get("current", _pledge_text_current)
    return text


def _pledge_text_current() -> PledgeText | None:
    return (
        PledgeText.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def district_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Current districts grouped by province, in the active language, for a <select>."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    districts = District.objects.current().select_related("province")
    for district in sorted(districts, key=lambda d: (d.province.sort_order, d.name)):
        group = groups.setdefault(district.province_id, (district.province.name, []))
        group[1].append((district.code, district.name))
    return list(groups.values())


def _fold(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def district_find(value: str) -> District | None:
    """A current district by its code, or by its name in English, Urdu or a Roman spelling."""
    value = value.strip()
    if not value:
        return None
    # The form sends the code: one row by its unique key, without the default ordering (which
    # joins the province to sort). The pledge needs the district only as a foreign key.
    by_code = _district_by_code.get(
        (value, timezone.localdate()),
        lambda: District.objects.current().filter(code=value).order_by().first(),
    )
    if by_code is not None:
        return by_code
    current = District.objects.current()
    wanted = _fold(value)
    for district in current.select_related("province"):
        names = [district.name_en, district.name_ur, *district.roman, *district.aliases]
        if any(_fold(str(name)) == wanted for name in names):
            return district
    return None


def chapter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Open chapters grouped by district (option groups carry the district code for the script)."""
    chapters = (
        Chapter.objects.filter(status__in=OPEN_CHAPTER_STATUSES)
        .select_related("district")
        .order_by("district__name_en", "name_en")
    )
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for chapter in chapters:
        group = groups.setdefault(chapter.district_id, (chapter.district.name, []))
        group[1].append((str(chapter.pk), chapter.name))
    return list(groups.values())


def chapter_for_pledge(*, chapter_id: int, district: District) -> Chapter | None:
    """The open chapter with this id in this district, or None."""
    return Chapter.objects.filter(
        pk=chapter_id, district=district, status__in=OPEN_CHAPTER_STATUSES
    ).first()


@dataclass(frozen=True)
class NearestChapters:
    scope: str  # "district", "province" or "none"
    chapters: list[Chapter]


def chapters_nearest(*, district: District, limit: int = 5) -> NearestChapters:
    """Open chapters in the district, else in its province; none means "start a chapter"."""
    base = Chapter.objects.filter(status__in=OPEN_CHAPTER_STATUSES).select_related(
        "district__province"
    )
    same_district = _best(base.filter(district=district), limit)
    if same_district:
        return NearestChapters("district", same_district)
    same_province = _best(base.filter(district__province_id=district.province_id), limit)
    if same_province:
        return NearestChapters("province", same_province)
    return NearestChapters("none", [])


_STATUS_RANK = {ChapterStatus.ACTIVE: 0, ChapterStatus.LAUNCHED: 1, ChapterStatus.DORMANT: 2}


def _best(chapters: QuerySet[Chapter], limit: int) -> list[Chapter]:
    # Active chapters first, a dormant one last: it is the worst first contact for a newcomer.
    rows = list(chapters.order_by("name_en")[:200])
    rows.sort(key=lambda c: (_STATUS_RANK.get(ChapterStatus(c.status), 3), c.name_en))
    return rows[:limit]


@dataclass(frozen=True)
class AreaCount:
    code: str
    name: str
    count: int
    province_name: str = ""


@dataclass(frozen=True)
class WallCounts:
    total: int
    this_week: int
    provinces: list[AreaCount]
    districts: list[AreaCount]


def pledge_wall_counts() -> WallCounts:
    """Confirmed pledges nationally, this week, per province and per district (from tallies)."""
    week = PledgeTally.week_of(timezone.now())
    total = PledgeTally.objects.aggregate(n=Sum("count"))["n"] or 0
    this_week = PledgeTally.objects.filter(week=week).aggregate(n=Sum("count"))["n"] or 0
    per_district = dict(
        PledgeTally.objects.values_list("district_id").annotate(n=Sum("count")).order_by()
    )
    districts = District.objects.filter(pk__in=per_district).select_related("province")
    district_rows = sorted(
        (
            AreaCount(d.code, d.name, per_district[d.pk], d.province.name)
            for d in districts
            if per_district[d.pk]
        ),
        key=lambda row: (-row.count, row.name),
    )
    per_province: dict[int, int] = {}
    for district in districts:
        per_province[district.province_id] = (
            per_province.get(district.province_id, 0) + per_district[district.pk]
        )
    province_rows = [
        AreaCount(p.code, p.name, per_province.get(p.pk, 0)) for p in Province.objects.all()
    ]
    return WallCounts(total, this_week, province_rows, district_rows)


@dataclass(frozen=True)
class PublicPledge:
    first_name: str
    district: str
    confirmed_at: datetime.datetime | None


def pledge_recent_public(*, limit: int = 20) -> list[PublicPledge]:
    """The latest confirmed pledges whose signers chose to be named: first name and district."""
    pledges = (
        Pledge.objects.filter(status=PledgeStatus.CONFIRMED, is_public=True)
        .exclude(display_name="")
        .select_related("district")
        .order_by("-confirmed_at")[:limit]
    )
    return [
        PublicPledge(p.display_name.split()[0], p.district.name, p.confirmed_at) for p in pledges
    ]


def pledges_by_province_code() -> dict[str, int]:
    """Confirmed pledges per province code, from the tallies."""
    rows = (
        PledgeTally.objects.values_list("district__province__code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {code: int(n or 0) for code, n in rows}


def pledge_confirmed_exists(*, member_id: int, text: PledgeText) -> bool:
    return Pledge.objects.filter(
        Q(member_id=member_id) & Q(text=text) & Q(status=PledgeStatus.CONFIRMED)
    ).exists()

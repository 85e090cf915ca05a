"""Reads for events: the public calendar, feeds, and the focal person's own events.

The public sees public events only (planned, held, or cancelled and marked so). A management
read goes through `event_for_manager`, which asks the movement's chapter permissions: 404 for no
such event, 403 for an event of a chapter the person does not manage.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from awaaz.activities.models import Event, EventKind, Rsvp, RsvpStatus
from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.movement.models import Chapter
from awaaz.movement.selectors.chapters import AnyUser, chapters_visible_to
from awaaz.places.models import Province

# The month view names each event only up to this many in the month; beyond, it shows counts.
MONTH_TITLES_LIMIT = 150
FEED_LIMIT = 500


def _public() -> QuerySet[Event]:
    # `is_public IN (true)`, not `is_public = true`: on SQLite Django writes the latter as a bare
    # `"is_public"`, which no index can serve, so the planner walked the starts_at index and read
    # every upcoming row to test its district. As an IN term it is an equality on the first
    # column of the calendar index (is_public, starts_at, district), and the province filter is
    # checked inside the index (bench/events.py: a province with nothing coming, 81 -> 16 ms).
    return Event.objects.filter(is_public__in=[True]).select_related(
        "chapter", "district__province"
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass(frozen=True)
class CalendarFilter:
    province: Province | None = None
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def calendar_provinces() -> QuerySet[Province]:
    return Province.objects.order_by("name_en")


def province_by_slug(slug: str) -> Province | None:
    return Province.objects.filter(slug=slug).first() if slug else None


def calendar_events(*, flt: CalendarFilter) -> QuerySet[Event]:
    """Public events matching the filter, soonest first; from today when no start date is set."""
    events = _public()
    date_from = flt.date_from or timezone.localdate()
    events = events.filter(starts_at__gte=_local_midnight(date_from))
    if flt.date_to is not None:
        events = events.filter(starts_at__lt=_local_midnight(flt.date_to + datetime.timedelta(1)))
    if flt.province is not None:
        # `district_id + 0` keeps the database on the calendar index (is_public, starts_at,
        # district), where the district is tested without reading the row: filtering through
        # the district index instead would sort every event of the province for one page.
        district_ids = list(flt.province.districts.values_list("pk", flat=True))
        events = events.annotate(_district=F("district_id") + 0).filter(_district__in=district_ids)
    if flt.kind in EventKind.values:
        events = events.filter(kind=flt.kind)
    return events.order_by("starts_at", "pk")


@dataclass
class MonthDay:
    day: datetime.date | None
    count: int = 0
    events: list[Event] | None = None


def calendar_month(
    *, year: int, month: int, flt: CalendarFilter
) -> tuple[list[list[MonthDay]], int]:
    """Weeks (Monday first) of days with their events; (weeks, total events in the month)."""
    first = datetime.date(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    last = first + datetime.timedelta(days=days_in_month - 1)
    events = calendar_events(
        flt=CalendarFilter(province=flt.province, kind=flt.kind, date_from=first, date_to=last)
    )
    by_day: dict[datetime.date, MonthDay] = {}
    starts = list(events.values_list("starts_at", flat=True)[: MONTH_TITLES_LIMIT + 1])
    named = len(starts) <= MONTH_TITLES_LIMIT
    if named:
        for event in events:
            entry = by_day.setdefault(timezone.localtime(event.starts_at).date(), MonthDay(None))
            entry.count += 1
            entry.events = [*(entry.events or []), event]
        total = len(starts)
    else:
        # Many events: one query counts them per Pakistan day, with one filtered COUNT per day
        # over the month's index range (no per-row function, no row loaded).
        days = [first + datetime.timedelta(days=i) for i in range(days_in_month)]
        counts = events.order_by().aggregate(
            **{
                f"d{day.day}": Count(
                    "pk",
                    filter=Q(
                        starts_at__gte=_local_midnight(day),
                        starts_at__lt=_local_midnight(day + datetime.timedelta(days=1)),
                    ),
                )
                for day in days
            }
        )
        total = 0
        for day in days:
            n = int(counts[f"d{day.day}"] or 0)
            if n:
                by_day[day] = MonthDay(None, n, None)
                total += n
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            if day.month != month:
                row.append(MonthDay(None))
            else:
                found = by_day.get(day)
                row.append(
                    MonthDay(day, found.count, found.events) if found else MonthDay(day, 0, [])
                )
        weeks.append(row)
    return weeks, total


def event_public(*, slug: str) -> Event:
    event = _public().filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def event_for_door(*, slug: str) -> Event:
    """Any event by slug (private ones too): the signed link, not an account, is the permission."""
    event = Event.objects.select_related("chapter", "district").filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


# --- Feeds -----------------------------------------------------------------------------------


def feed_events(
    *, chapter: Chapter | None = None, province: Province | None = None
) -> QuerySet[Event]:
    """Public events for an iCal feed: from thirty days ago on, at most FEED_LIMIT."""
    since = timezone.now() - datetime.timedelta(days=30)
    events = _public().filter(starts_at__gte=since)
    if chapter is not None:
        events = events.filter(chapter=chapter)
    if province is not None:
        events = events.filter(district__province=province)
    return events.order_by("starts_at", "pk")[:FEED_LIMIT]


def chapter_by_slug(slug: str) -> Chapter:
    chapter = Chapter.objects.filter(slug=slug).first()
    if chapter is None:
        raise Http404
    return chapter


# --- Management ------------------------------------------------------------------------------


def chapters_for_events(user: AnyUser) -> QuerySet[Chapter]:
    return chapters_visible_to(user).order_by("name_en")


def event_for_manager(*, user: AnyUser, slug: str) -> Event:
    """The event if the user manages its chapter: 404 if there is none, 403 if not theirs."""
    event = Event.objects.select_related("chapter", "district__province").filter(slug=slug).first()
    if event is None:
        raise Http404
    if not chapters_visible_to(user).filter(pk=event.chapter_id).exists():
        raise PermissionDenied
    return event


def chapter_events(*, chapter: Chapter) -> QuerySet[Event]:
    return Event.objects.filter(chapter=chapter).select_related("district").order_by("-starts_at")


def event_rsvps(*, event: Event) -> QuerySet[Rsvp]:
    return Rsvp.objects.filter(event=event).order_by("created_at", "pk")


def event_rsvps_for_manager(*, user: User, event: Event) -> list[Rsvp]:
    """The RSVPs with their contact details; the read is audited (the public's personal data).

    The caller has already checked the event with `event_for_manager`.
    """
    rsvps = list(event_rsvps(event=event))
    audit_record(actor=user, action="event.rsvps_view", obj=event, detail={"count": len(rsvps)})
    return rsvps


@dataclass(frozen=True)
class RsvpCounts:
    going: int
    waitlisted: int
    attended: int
    cancelled: int


def event_rsvp_counts(*, event: Event) -> RsvpCounts:
    counts = dict.fromkeys(RsvpStatus.values, 0)
    for status in Rsvp.objects.filter(event=event).values_list("status", flat=True):
        counts[status] += 1
    return RsvpCounts(
        going=counts[RsvpStatus.GOING],
        waitlisted=counts[RsvpStatus.WAITLISTED],
        attended=counts[RsvpStatus.ATTENDED],
        cancelled=counts[RsvpStatus.CANCELLED],
    )


def door_search(*, event: Event, query: str) -> list[Rsvp]:
    """RSVPs of the event whose code is `query` or whose name contains it (at most 20)."""
    query = query.strip()
    if not query:
        return []
    return list(
        Rsvp.objects.filter(event=event)
        .filter(Q(code=query.upper()) | Q(name__icontains=query))
        .exclude(status=RsvpStatus.CANCELLED)
        .order_by("name", "pk")[:20]
    )


def door_rsvp(*, event: Event, pk: int) -> Rsvp:
    rsvp = Rsvp.objects.filter(event=event, pk=pk).first()
    if rsvp is None:
        raise Http404
    return rsvp

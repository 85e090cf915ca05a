"""Event pages: the public calendar, event pages and RSVPs, iCal feeds, the focal person's event
management and the host's check-in page at the door.

Management views need a verified second factor and a chapter the person manages (the movement's
selectors decide). The door page needs neither: its signed link is the permission, so a host can
check people in from a phone without an account.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import icalendar
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.activities.forms.events import (
    DoorCheckInForm,
    DoorSearchForm,
    EventForm,
    RsvpForm,
)
from awaaz.activities.models import Event, EventKind, EventStatus
from awaaz.activities.selectors import events as selectors
from awaaz.activities.services import events as services
from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.lib import abuse
from awaaz.movement.selectors.chapters import chapter_for_manager
from awaaz.places.models import Province

PAGE_SIZE = 30
# Deep pages cost an OFFSET scan; nobody reads the 200th page of a calendar.
MAX_PAGE = 200
ICAL_CACHE_SECONDS = 900


def _rsvp_limit() -> int:
    # Generous: a whole campus may share one address.
    return int(getattr(settings, "AWAAZ_RSVP_RATE_PER_ADDRESS", 60))


def _error_text(error: services.EventError) -> str:
    return " ".join(str(m) for m in error.messages)


def _absolute(path: str) -> str:
    return str(settings.AWAAZ_PUBLIC_URL).rstrip("/") + path


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None


def _filter_from(request: HttpRequest) -> selectors.CalendarFilter:
    kind = request.GET.get("type", "")
    return selectors.CalendarFilter(
        province=selectors.province_by_slug(request.GET.get("province", "")),
        kind=kind if kind in EventKind.values else "",
        date_from=_date_param(request, "from"),
        date_to=_date_param(request, "to"),
    )


def _filter_context(flt: selectors.CalendarFilter) -> dict[str, object]:
    return {
        "flt": flt,
        "provinces": selectors.calendar_provinces(),
        "kinds": EventKind.choices,
    }


# --- Public calendar -------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarPage:
    events: list[Event]
    number: int
    has_previous: bool
    has_next: bool


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    flt = _filter_from(request)
    number = _page_number(request)
    # No total count: counting tens of thousands of rows costs more than the page itself.
    # One row more than a page tells whether there is a next page.
    offset = (number - 1) * PAGE_SIZE
    rows = list(selectors.calendar_events(flt=flt)[offset : offset + PAGE_SIZE + 1])
    page = CalendarPage(rows[:PAGE_SIZE], number, number > 1, len(rows) > PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {**_filter_context(flt), "page": page, "query": query.urlencode()}
    return render(request, "activities/events/calendar.html", context)


@require_safe
def calendar_month(request: HttpRequest, year: int = 0, month: int = 0) -> HttpResponse:
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    flt = _filter_from(request)
    weeks, total = selectors.calendar_month(year=year, month=month, flt=flt)
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    query = urlencode(
        {k: v for k, v in (("province", request.GET.get("province", "")), ("type", flt.kind)) if v}
    )
    context = {
        **_filter_context(flt),
        "weeks": weeks,
        "total": total,
        "first": first,
        "previous": previous,
        "following": following,
        "query": query,
        "titles_shown": total <= selectors.MONTH_TITLES_LIMIT,
    }
    return render(request, "activities/events/month.html", context)


def _detail(
    request: HttpRequest, event: Event, form: RsvpForm | None = None, status: int = 200
) -> HttpResponse:
    url = _absolute(reverse("activities:event_detail", kwargs={"slug": event.slug}))
    share = "https://wa.me/?text=" + quote(f"{event.title} {url}")
    context = {
        "event": event,
        "form": form or RsvpForm(),
        "share_url": share,
        "open_for_rsvp": event.status == EventStatus.PLANNED and event.starts_at > timezone.now(),
        "counts": selectors.event_rsvp_counts(event=event),
    }
    return render(request, "activities/events/detail.html", context, status=status)


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, selectors.event_public(slug=slug))


@require_POST
def event_rsvp(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_public(slug=slug)
    form = RsvpForm(request.POST)
    if form.honeypot_filled:
        # Tell a robot nothing: it gets the page a person gets, and nothing is saved or sent.
        return render(request, "activities/events/rsvp_done.html", {"event": event, "rsvp": None})
    if abuse.rate_limit_hit(
        scope="event-rsvp-net", key=abuse.network_key(request), limit=_rsvp_limit(), window=3600
    ):
        return render(request, "activities/events/limited.html", {"event": event}, status=429)
    if not form.is_valid():
        return _detail(request, event, form, status=400)
    data = form.cleaned_data
    try:
        rsvp = services.rsvp_create(
            event=event, name=data["name"], email=data["email"], phone=data["phone"]
        )
    except services.EventError as error:
        form.add_error(None, _error_text(error))
        return _detail(request, event, form, status=400)
    return render(request, "activities/events/rsvp_done.html", {"event": event, "rsvp": rsvp})


@require_http_methods(["GET", "POST"])
def rsvp_cancel(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = services.rsvp_from_cancel_token(token)
    if rsvp is None:
        return render(request, "activities/events/cancel_invalid.html", status=404)
    error = ""
    if request.method == "POST":
        try:
            rsvp = services.rsvp_cancel(rsvp=rsvp)
        except services.EventError as refused:
            error = _error_text(refused)
    context = {"rsvp": rsvp, "event": rsvp.event, "error": error}
    return render(request, "activities/events/rsvp_cancel.html", context)


# --- iCal feeds ------------------------------------------------------------------------------


def _ical(events: list[Event], name: str) -> HttpResponse:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Awaaz//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = str(settings.AWAAZ_PUBLIC_URL).split("//")[-1].split("/")[0].split(":")[0]
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        # UTC times: every calendar app reads them without a VTIMEZONE block.
        item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        item.add("dtend", event.ends_at.astimezone(datetime.UTC))
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("summary", event.title)
        location = ", ".join(p for p in (event.venue_name, event.district.name) if p)
        item.add("location", location)
        item.add("description", event.description)
        item.add("url", _absolute(reverse("activities:event_detail", kwargs={"slug": event.slug})))
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        cal.add_component(item)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ICAL_CACHE_SECONDS}"
    return response


@require_safe
def ical_national(request: HttpRequest) -> HttpResponse:
    return _ical(list(selectors.feed_events()), _("Awaaz events"))


@require_safe
def ical_chapter(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_by_slug(slug)
    name = _("Awaaz events: %(chapter)s") % {"chapter": chapter.name}
    return _ical(list(selectors.feed_events(chapter=chapter)), name)


@require_safe
def ical_province(request: HttpRequest, slug: str) -> HttpResponse:
    province: Province | None = selectors.province_by_slug(slug)
    if province is None:
        raise Http404
    name = _("Awaaz events: %(province)s") % {"province": province.name}
    return _ical(list(selectors.feed_events(province=province)), name)


# --- Focal person's management ---------------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@otp_required
@require_safe
def manage_index(request: HttpRequest) -> HttpResponse:
    chapters = list(selectors.chapters_for_events(request.user))
    if not chapters:
        return HttpResponseForbidden(_("You do not manage any chapter."))
    return render(request, "activities/events/manage_index.html", {"chapters": chapters})


@otp_required
@require_safe
def manage_chapter(request: HttpRequest, chapter: str) -> HttpResponse:
    found = chapter_for_manager(user=request.user, slug=chapter)
    events = selectors.chapter_events(chapter=found)
    context = {"chapter": found, "events": events}
    return render(request, "activities/events/manage_chapter.html", context)


def _form_page(
    request: HttpRequest, form: EventForm, *, chapter: object, event: Event | None, status: int
) -> HttpResponse:
    context = {"form": form, "chapter": chapter, "event": event}
    return render(request, "activities/events/event_form.html", context, status=status)


@otp_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, chapter: str) -> HttpResponse:
    found = chapter_for_manager(user=request.user, slug=chapter)
    if request.method != "POST":
        form = EventForm(initial={"district": found.district_id, "is_public": True})
        return _form_page(request, form, chapter=found, event=None, status=200)
    form = EventForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, chapter=found, event=None, status=400)
    try:
        event = services.event_create(actor=_actor(request), chapter=found, **form.cleaned_data)
    except services.EventError as error:
        form.add_error(None, _error_text(error))
        return _form_page(request, form, chapter=found, event=None, status=400)
    messages.success(request, _("The event is planned."))
    return redirect("activities:event_rsvps", slug=event.slug)


@otp_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_manager(user=request.user, slug=slug)
    if request.method != "POST":
        initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
        initial["starts_at"] = timezone.localtime(event.starts_at)
        initial["ends_at"] = timezone.localtime(event.ends_at)
        form = EventForm(initial=initial)
        return _form_page(request, form, chapter=event.chapter, event=event, status=200)
    form = EventForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, chapter=event.chapter, event=event, status=400)
    try:
        services.event_update(actor=_actor(request), event=event, **form.cleaned_data)
    except services.EventError as error:
        form.add_error(None, _error_text(error))
        return _form_page(request, form, chapter=event.chapter, event=event, status=400)
    messages.success(request, _("The event is saved."))
    return redirect("activities:event_rsvps", slug=event.slug)


@otp_required
@require_POST
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_manager(user=request.user, slug=slug)
    try:
        services.event_cancel(actor=_actor(request), event=event)
        messages.success(request, _("The event is cancelled."))
    except services.EventError as error:
        messages.error(request, _error_text(error))
    return redirect("activities:event_rsvps", slug=event.slug)


@otp_required
@require_POST
def event_held(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_manager(user=request.user, slug=slug)
    try:
        services.event_mark_held(actor=_actor(request), event=event)
        messages.success(request, _("The event is recorded as held."))
    except services.EventError as error:
        messages.error(request, _error_text(error))
    return redirect("activities:event_rsvps", slug=event.slug)


@otp_required
@require_safe
def event_rsvps(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_manager(user=request.user, slug=slug)
    door = reverse(
        "activities:event_door", kwargs={"slug": event.slug, "token": services.checkin_token(event)}
    )
    context = {
        "event": event,
        "rsvps": selectors.event_rsvps_for_manager(user=_actor(request), event=event),
        "counts": selectors.event_rsvp_counts(event=event),
        "door_url": _absolute(door),
        "door_expires": services.checkin_expires_at(event),
        # Once the event is over, the closing report is the next thing to do.
        "report_due": event.status != EventStatus.CANCELLED and event.ends_at <= timezone.now(),
    }
    return render(request, "activities/events/rsvps.html", context)


# --- The door --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def event_door(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    event = selectors.event_for_door(slug=slug)
    if not services.checkin_token_valid(event=event, token=token):
        return render(request, "activities/events/door_refused.html", status=403)
    if event.status == EventStatus.CANCELLED:
        return render(request, "activities/events/door_refused.html", status=403)
    search = DoorSearchForm(request.GET or None)
    found = []
    if search.is_valid():
        found = selectors.door_search(event=event, query=search.cleaned_data["q"])
    status = 200
    if request.method == "POST":
        form = DoorCheckInForm(request.POST)
        if form.is_valid():
            rsvp = selectors.door_rsvp(event=event, pk=form.cleaned_data["rsvp"])
            try:
                services.rsvp_check_in(event=event, rsvp=rsvp)
                messages.success(request, _("%(name)s is checked in.") % {"name": rsvp.name})
            except services.EventError as error:
                messages.error(request, _error_text(error))
        return redirect(request.get_full_path())
    context = {
        "event": event,
        "search": search,
        "found": found,
        "counts": selectors.event_rsvp_counts(event=event),
    }
    return render(request, "activities/events/door.html", context, status=status)

"""Events: planning, cancelling, RSVPs with a waitlist, reminders and check-in at the door.

Capacity counts people who are going or have attended; everyone else who answers goes on the
waitlist, in order, and moves up when someone cancels. Every RSVP write locks the event row
first, so two people answering at once cannot both take the last seat.

Signed links (django.core.signing) carry no state in the database:
- the host's check-in link is bound to one event and expires at the end of the day after it;
- the cancel link in an RSVP's confirmation email is bound to that RSVP and its code.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from awaaz.activities.models import Event, EventStatus, Rsvp, RsvpStatus
from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.lib.sms import SmsError, sms_send
from awaaz.movement.models import Chapter
from awaaz.movement.services.chapters import chapter_activity_mark

logger = logging.getLogger(__name__)

CHECKIN_SALT = "awaaz.activities.event.checkin"
CANCEL_SALT = "awaaz.activities.rsvp.cancel"
# The fields a focal person sets on an event (the form and the services agree on this list).
EVENT_FIELDS = (
    "kind",
    "title_en",
    "title_ur",
    "starts_at",
    "ends_at",
    "district",
    "venue_kind",
    "venue_name",
    "description_en",
    "description_ur",
    "speakers",
    "partner_organisations",
    "is_public",
    "capacity",
)
TAKEN_STATUSES = (RsvpStatus.GOING, RsvpStatus.ATTENDED)


class EventError(ValidationError):
    """A refusal with a message for the person; nothing has been written."""


def _absolute(path: str) -> str:
    return str(settings.AWAAZ_PUBLIC_URL).rstrip("/") + path


def _deliver(send: Callable[[], Any]) -> None:
    # A mail server or SMS gateway that is down must not undo the RSVP; the person still sees
    # the page (with the check-in code). Logged without the address or the number.
    try:
        send()
    except (OSError, SmsError) as error:
        logger.error("event message could not be sent: %s", type(error).__name__)


def _send_sms(phone: str, body: str) -> None:
    """An SMS after the transaction commits, through the site's gateway (awaaz.lib.sms)."""
    transaction.on_commit(lambda: _deliver(lambda: sms_send(to=phone, body=body)))


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise EventError(_("The event must end after it starts."), code="ends_before_start")


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity < 1:
        raise EventError(
            _("Capacity must be at least 1, or left empty for no limit."), code="capacity"
        )


def _new_slug(title: str, starts_at: datetime.datetime) -> str:
    day = timezone.localtime(starts_at).date().isoformat()
    base = slugify(title)[:60] or "event"
    return f"{base}-{day}-{secrets.token_hex(3)}"


# --- Events ----------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, actor: User | None, chapter: Chapter, **fields: Any) -> Event:
    """Plan an event for `chapter`. `fields` are the EVENT_FIELDS; unknown names are refused."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    _check_times(fields["starts_at"], fields["ends_at"])
    _check_capacity(fields.get("capacity"))
    event = Event(
        chapter=chapter, slug=_new_slug(fields["title_en"], fields["starts_at"]), **fields
    )
    event.full_clean()
    event.save()
    audit_record(actor=actor, action="event.create", obj=event, detail={"chapter": chapter.pk})
    return event


@transaction.atomic
def event_update(*, actor: User | None, event: Event, **fields: Any) -> Event:
    """Change an event's details. A smaller capacity never removes anyone already going."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("A cancelled event cannot be changed."), code="cancelled")
    for name, value in fields.items():
        setattr(event, name, value)
    _check_times(event.starts_at, event.ends_at)
    _check_capacity(event.capacity)
    event.full_clean()
    event.save()
    _waitlist_promote(event=event)
    audit_record(actor=actor, action="event.update", obj=event, detail={"fields": sorted(fields)})
    return event


@transaction.atomic
def event_cancel(*, actor: User | None, event: Event) -> Event:
    """Cancel an event: it stays on the calendar, marked cancelled, and takes no more RSVPs."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        return event
    if event.status == EventStatus.HELD:
        raise EventError(_("An event that has been held cannot be cancelled."), code="held")
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(actor=actor, action="event.cancel", obj=event)
    return event


@transaction.atomic
def event_mark_held(*, actor: User | None, event: Event) -> Event:
    """Record that the event took place; the chapter counts as active from its start."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("A cancelled event cannot be marked as held."), code="cancelled")
    if event.status != EventStatus.HELD:
        event.status = EventStatus.HELD
        event.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="event.held", obj=event)
    chapter_activity_mark(chapter=event.chapter, actor=actor, at=event.starts_at)
    return event


# --- Signed links ----------------------------------------------------------------------------


def checkin_expires_at(event: Event) -> datetime.datetime:
    """The end of the day after the event (Asia/Karachi): the host link works until then."""
    last_day = timezone.localtime(event.ends_at).date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)


def checkin_token(event: Event) -> str:
    return signing.dumps({"e": event.pk, "s": event.slug}, salt=CHECKIN_SALT)


def checkin_token_valid(*, event: Event, token: str, now: datetime.datetime | None = None) -> bool:
    """True if `token` was signed by us for this very event and the link has not expired."""
    try:
        payload = signing.loads(token, salt=CHECKIN_SALT)
    except signing.BadSignature:
        return False
    if not isinstance(payload, dict) or payload.get("e") != event.pk:
        return False
    if payload.get("s") != event.slug:
        return False
    return (now or timezone.now()) < checkin_expires_at(event)


def rsvp_cancel_token(rsvp: Rsvp) -> str:
    return signing.dumps({"r": rsvp.pk, "c": rsvp.code}, salt=CANCEL_SALT)


def rsvp_cancel_url(rsvp: Rsvp) -> str:
    return _absolute(reverse("activities:rsvp_cancel", kwargs={"token": rsvp_cancel_token(rsvp)}))


def rsvp_from_cancel_token(token: str) -> Rsvp | None:
    try:
        payload = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    pk, code = payload.get("r"), payload.get("c")
    if not isinstance(pk, int) or not isinstance(code, str):
        return None
    return Rsvp.objects.select_related("event").filter(pk=pk, code=code).first()


# --- RSVPs -----------------------------------------------------------------------------------


def _taken(event: Event) -> int:
    return Rsvp.objects.filter(event=event, status__in=TAKEN_STATUSES).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _taken(event) < event.capacity


def _sms_text(rsvp: Rsvp, *, promoted: bool = False, reminder: bool = False) -> str:
    """The SMS for an RSVP with a phone only: short, the code first, the cancel link last."""
    event = rsvp.event
    values = {
        "title": event.title,
        "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
        "code": rsvp.code,
        "cancel": rsvp_cancel_url(rsvp),
    }
    if reminder:
        text = _(
            "Awaaz reminder: %(title)s, %(when)s (Pakistan time). Check-in code: %(code)s. "
            "Cannot come? %(cancel)s"
        )
    elif promoted:
        text = _(
            "Awaaz: a place is free for you at %(title)s, %(when)s (Pakistan time). Check-in "
            "code: %(code)s. Cannot come? %(cancel)s"
        )
    elif rsvp.status == RsvpStatus.WAITLISTED:
        text = _(
            "Awaaz: %(title)s is full; you are on the waitlist and will get an SMS if a place "
            "is free. To leave the waitlist: %(cancel)s"
        )
    else:
        text = _(
            "Awaaz: you are going to %(title)s, %(when)s (Pakistan time). Check-in code: "
            "%(code)s. Cannot come? %(cancel)s"
        )
    return text % values


def _send_confirmation(rsvp: Rsvp, *, promoted: bool = False) -> None:
    if not rsvp.email:
        if rsvp.phone:
            _send_sms(rsvp.phone, _sms_text(rsvp, promoted=promoted))
        return
    event = rsvp.event
    when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
    url = _absolute(reverse("activities:event_detail", kwargs={"slug": event.slug}))
    cancel = rsvp_cancel_url(rsvp)
    if promoted:
        subject = _("A place is free for you: %(title)s") % {"title": event.title}
        intro = _("Someone cancelled, so you have moved up from the waitlist.")
    elif rsvp.status == RsvpStatus.WAITLISTED:
        subject = _("You are on the waitlist: %(title)s") % {"title": event.title}
        intro = _("The event is full. We will email you if a place becomes free.")
    else:
        subject = _("You are going: %(title)s") % {"title": event.title}
        intro = _("Thank you for registering.")
    body = _(
        "%(intro)s\n\n%(title)s\n%(when)s (Pakistan time), %(venue)s\n%(url)s\n\n"
        "Your check-in code: %(code)s\n\n"
        "If you cannot come, please free your place for someone else:\n%(cancel)s\n"
    ) % {
        "intro": intro,
        "title": event.title,
        "when": when,
        "venue": event.venue_name or event.get_venue_kind_display(),
        "url": url,
        "code": rsvp.code,
        "cancel": cancel,
    }
    address = rsvp.email
    transaction.on_commit(lambda: _deliver(lambda: send_mail(subject, body, None, [address])))


@transaction.atomic
def rsvp_create(
    *,
    event: Event,
    name: str,
    email: str | None,
    phone: str | None,
    now: datetime.datetime | None = None,
) -> Rsvp:
    """Answer "going" for one person; on the waitlist if the event is full.

    Refused for a cancelled event or one that has started. Answering again with the same email
    or phone returns the existing RSVP (a cancelled one comes back to life, at the end of the
    queue), so one person never holds two places.
    """
    if not email and not phone:
        raise EventError(_("Give an email address or a phone number."), code="no_contact")
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("This event has been cancelled."), code="cancelled")
    if event.starts_at <= now or event.status == EventStatus.HELD:
        raise EventError(
            _("This event has already started or taken place; RSVPs are closed."), code="past"
        )
    existing = None
    if email:
        existing = Rsvp.objects.filter(event=event, email=email).first()
    if existing is None and phone:
        existing = Rsvp.objects.filter(event=event, phone=phone).first()
    if existing is not None and existing.status != RsvpStatus.CANCELLED:
        return existing
    status = RsvpStatus.GOING if _has_room(event) else RsvpStatus.WAITLISTED
    if existing is not None:
        existing.name, existing.status = name, status
        existing.created_at = now  # back of the queue
        existing.save(update_fields=["name", "status", "created_at"])
        rsvp = existing
    else:
        rsvp = Rsvp(event=event, name=name, email=email or None, phone=phone or None, status=status)
        rsvp.full_clean(exclude=["code"])
        try:
            with transaction.atomic():
                rsvp.save()
        except IntegrityError:
            # The email and the phone belong to two different earlier answers.
            raise EventError(
                _("This email address or phone number has already answered for this event."),
                code="duplicate",
            ) from None
    _send_confirmation(rsvp)
    return rsvp


def _waitlist_promote(*, event: Event) -> list[Rsvp]:
    """Move people up from the waitlist while there is room (the caller holds the event lock)."""
    promoted = []
    while event.status == EventStatus.PLANNED and _has_room(event):
        nxt = (
            Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED)
            .order_by("created_at", "pk")
            .first()
        )
        if nxt is None:
            break
        nxt.status = RsvpStatus.GOING
        nxt.save(update_fields=["status"])
        nxt.event = event
        _send_confirmation(nxt, promoted=True)
        promoted.append(nxt)
    return promoted


@transaction.atomic
def rsvp_cancel(*, rsvp: Rsvp) -> Rsvp:
    """The person cannot come: free the place and give it to the first on the waitlist."""
    event = Event.objects.select_for_update().get(pk=rsvp.event_id)
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.status == RsvpStatus.ATTENDED:
        raise EventError(_("You have already been checked in at this event."), code="attended")
    if rsvp.status != RsvpStatus.CANCELLED:
        rsvp.status = RsvpStatus.CANCELLED
        rsvp.save(update_fields=["status"])
        _waitlist_promote(event=event)
    return rsvp


@transaction.atomic
def rsvp_check_in(*, event: Event, rsvp: Rsvp, now: datetime.datetime | None = None) -> Rsvp:
    """Record that the person came. Checking someone in twice is refused, not counted twice."""
    rsvp = Rsvp.objects.select_for_update().select_related("event").get(pk=rsvp.pk)
    if rsvp.event_id != event.pk:
        raise EventError(_("This code belongs to another event."), code="other_event")
    if rsvp.status == RsvpStatus.ATTENDED:
        raise EventError(_("%(name)s is already checked in.") % {"name": rsvp.name}, code="already")
    if rsvp.status == RsvpStatus.CANCELLED:
        raise EventError(_("%(name)s cancelled this RSVP.") % {"name": rsvp.name}, code="cancelled")
    rsvp.status = RsvpStatus.ATTENDED
    rsvp.checked_in_at = now or timezone.now()
    rsvp.save(update_fields=["status", "checked_in_at"])
    chapter_activity_mark(chapter=rsvp.event.chapter, at=rsvp.checked_in_at)
    return rsvp


# --- Reminders -------------------------------------------------------------------------------


def rsvp_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone going to an event that starts within the next day, once each: by email,
    or by SMS when the RSVP gave a phone number only.

    Run hourly. Each RSVP is claimed with a conditional UPDATE before its mail is sent, so two
    runs at once (or a rerun after a crash) never remind anyone twice.
    """
    now = now or timezone.now()
    due = Rsvp.objects.filter(
        status=RsvpStatus.GOING,
        reminded_at__isnull=True,
        event__status=EventStatus.PLANNED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(days=1),
    ).select_related("event")
    sent = 0
    for rsvp in due:
        with transaction.atomic():
            claimed = Rsvp.objects.filter(pk=rsvp.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            _send_reminder(rsvp)
            sent += 1
    return sent


def _send_reminder(rsvp: Rsvp) -> None:
    event = rsvp.event
    if not rsvp.email:
        if rsvp.phone:
            with translation.override(settings.LANGUAGE_CODE):
                _send_sms(rsvp.phone, _sms_text(rsvp, reminder=True))
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Tomorrow: %(title)s") % {"title": event.title}
        body = _(
            "A reminder: %(title)s starts at %(when)s (Pakistan time), %(venue)s.\n%(url)s\n\n"
            "Your check-in code: %(code)s\n\n"
            "If you cannot come, please free your place for someone else:\n%(cancel)s\n"
        ) % {
            "title": event.title,
            "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
            "venue": event.venue_name or event.get_venue_kind_display(),
            "url": _absolute(reverse("activities:event_detail", kwargs={"slug": event.slug})),
            "code": rsvp.code,
            "cancel": rsvp_cancel_url(rsvp),
        }
    address = rsvp.email or ""
    transaction.on_commit(lambda: _deliver(lambda: send_mail(subject, body, None, [address])))

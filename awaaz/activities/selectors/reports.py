"""Reads for closing reports, photos, the media log, endorsements and partners.

Who may do what (the chapter layers come from the movement app's selectors):

- a closing report: whoever manages the event's chapter (its focal person or deputy, the
  provincial or country coordinator);
- the media log: whoever manages a chapter sees the items of his chapters; coordinators all;
- endorsements and partners: coordinators (country or provincial) only;
- the public: a report's public parts, consented photos of public events, and consented,
  verified endorsements.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from awaaz.activities.models import (
    Endorsement,
    Event,
    EventReport,
    MediaItem,
    Partner,
    PartnerEngagement,
    ReportPhoto,
)
from awaaz.core.models import User
from awaaz.movement.models import Chapter, ProvinceRole
from awaaz.movement.selectors.chapters import (
    COUNTRY_COORDINATOR_GROUP,
    AnyUser,
    can_manage_chapter,
    chapters_visible_to,
    coordinated_provinces,
    is_country_coordinator,
)

# --- Permissions -----------------------------------------------------------------------------


def is_coordinator(user: AnyUser) -> bool:
    """Country coordinator, or provincial coordinator with an open term."""
    return is_country_coordinator(user) or coordinated_provinces(user).exists()


def can_keep_media_log(user: AnyUser) -> bool:
    return chapters_visible_to(user).exists()


# --- Closing reports -------------------------------------------------------------------------


def event_for_reporter(*, user: AnyUser, slug: str) -> Event:
    """The event with this slug if the user manages its chapter: 404 if none, 403 if not his."""
    event = get_object_or_404(
        Event.objects.select_related("chapter__district__province", "district"), slug=slug
    )
    if not can_manage_chapter(user, event.chapter):
        raise PermissionDenied
    return event


def report_for_event(event: Event) -> EventReport | None:
    return (
        EventReport.objects.select_related("filed_by")
        .prefetch_related("photos")
        .filter(event=event)
        .first()
    )


def photo_for_manager(*, user: AnyUser, pk: int) -> ReportPhoto:
    photo = get_object_or_404(ReportPhoto.objects.select_related("report__event__chapter"), pk=pk)
    if not can_manage_chapter(user, photo.report.event.chapter):
        raise PermissionDenied
    return photo


def photo_for_viewer(*, user: AnyUser, pk: int) -> ReportPhoto:
    """A photo to send to this person: consented photos of public events for everyone, any
    photo of his chapters for a manager; 404 otherwise (an unconsented photo does not exist)."""
    photo = get_object_or_404(ReportPhoto.objects.select_related("report__event__chapter"), pk=pk)
    event = photo.report.event
    if photo.consent_to_publish and event.is_public:
        return photo
    if can_manage_chapter(user, event.chapter):
        return photo
    raise Http404


@dataclass(frozen=True)
class PublicReport:
    report: EventReport
    photos: list[ReportPhoto]
    audience_labels: list[str]


def report_public(*, event: Event) -> PublicReport | None:
    """What the public event page shows of the report: attendance, audience, outcomes,
    coverage links and consented photos. Follow-ups and who filed it stay inside."""
    from awaaz.activities.models import AudienceKind

    if not event.is_public:
        return None
    report = EventReport.objects.filter(event=event).first()
    if report is None:
        return None
    photos = list(report.photos.filter(consent_to_publish=True).order_by("created_at", "pk"))
    labels = dict(AudienceKind.choices)
    audience = [str(labels[k]) for k in report.audience if k in labels]
    return PublicReport(report=report, photos=photos, audience_labels=audience)


# --- Media log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaFilters:
    medium: str = ""
    language: str = ""
    chapter: Chapter | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def media_items_visible_to(
    user: AnyUser, filters: MediaFilters | None = None
) -> QuerySet[MediaItem]:
    """Coverage the user may see: all for coordinators (country), his chapters' otherwise."""
    items = MediaItem.objects.select_related("chapter", "event")
    if not is_country_coordinator(user):
        chapters = chapters_visible_to(user)
        if not chapters.exists():
            return items.none()
        items = items.filter(chapter__in=chapters)
    filters = filters or MediaFilters()
    if filters.medium:
        items = items.filter(medium=filters.medium)
    if filters.language:
        items = items.filter(language=filters.language)
    if filters.chapter is not None:
        items = items.filter(chapter=filters.chapter)
    if filters.since is not None:
        items = items.filter(published_on__gte=filters.since)
    if filters.until is not None:
        items = items.filter(published_on__lte=filters.until)
    return items.order_by("-published_on", "-pk")


def media_item_for_viewer(*, user: AnyUser, pk: int) -> MediaItem:
    """An item this person may see, and so correct: his chapters' items (coordinators: all
    they oversee). Another chapter's item is a 404, as if it did not exist."""
    return get_object_or_404(media_items_visible_to(user), pk=pk)


def events_for_media(user: AnyUser) -> QuerySet[Event]:
    return Event.objects.filter(chapter__in=chapters_visible_to(user)).order_by("-starts_at")


# --- Endorsements and partners ---------------------------------------------------------------


def endorsements_public() -> QuerySet[Endorsement]:
    """Only endorsements whose author consented and that a coordinator verified."""
    return Endorsement.objects.filter(consent_to_publish=True, verified_at__isnull=False).order_by(
        "-verified_at", "-pk"
    )


def endorsements_for_coordinator(user: AnyUser) -> QuerySet[Endorsement]:
    if not is_coordinator(user):
        raise PermissionDenied
    return Endorsement.objects.select_related("verified_by").order_by("-created_at", "-pk")


def endorsement_for_coordinator(*, user: AnyUser, pk: int) -> Endorsement:
    return get_object_or_404(endorsements_for_coordinator(user), pk=pk)


def endorsement_verifiers(*, endorsement: Endorsement | None = None) -> QuerySet[User]:
    """Who may be named as having verified an endorsement: today's coordinators (those who may
    verify one), and whoever is named on it already (his term may have ended since)."""
    today = timezone.localdate()
    provincial = ProvinceRole.objects.filter(
        Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gt=today))
    ).values("user_id")
    coordinators = Q(is_active=True) & (
        Q(is_superuser=True) | Q(groups__name=COUNTRY_COORDINATOR_GROUP) | Q(pk__in=provincial)
    )
    if endorsement is not None and endorsement.verified_by_id is not None:
        coordinators |= Q(pk=endorsement.verified_by_id)
    # Through a subquery: the group join would repeat a person in two groups.
    chosen = User.objects.filter(coordinators).values("pk")
    return User.objects.filter(pk__in=chosen).order_by("username")


def partners_for_coordinator(user: AnyUser, *, kind: str = "") -> QuerySet[Partner]:
    if not is_coordinator(user):
        raise PermissionDenied
    partners = Partner.objects.all()
    if kind:
        partners = partners.filter(kind=kind)
    return partners.order_by("name")


def partner_for_coordinator(*, user: AnyUser, pk: int) -> Partner:
    return get_object_or_404(partners_for_coordinator(user), pk=pk)


def engagement_for_editor(*, user: AnyUser, pk: int) -> PartnerEngagement:
    """An engagement this coordinator may correct: the country coordinator any; a provincial
    coordinator those of his province's chapters (national ones he may read, not change)."""
    if not is_coordinator(user):
        raise PermissionDenied
    engagement = get_object_or_404(
        PartnerEngagement.objects.select_related("partner", "chapter"), pk=pk
    )
    if is_country_coordinator(user):
        return engagement
    if engagement.chapter is None or not can_manage_chapter(user, engagement.chapter):
        raise PermissionDenied
    return engagement


def engagements_editable_by(user: AnyUser, engagements: list[PartnerEngagement]) -> set[int]:
    """Which of these engagements the user may correct (see engagement_for_editor)."""
    if is_country_coordinator(user):
        return {engagement.pk for engagement in engagements}
    mine = set(chapters_visible_to(user).values_list("pk", flat=True))
    return {e.pk for e in engagements if e.chapter_id is not None and e.chapter_id in mine}


def partner_engagements(*, user: AnyUser, partner: Partner) -> QuerySet[PartnerEngagement]:
    """A provincial coordinator sees engagements of his province's chapters and national ones."""
    engagements = PartnerEngagement.objects.select_related("chapter", "recorded_by").filter(
        partner=partner
    )
    if not is_country_coordinator(user):
        engagements = engagements.filter(
            Q(chapter__isnull=True) | Q(chapter__in=chapters_visible_to(user))
        )
    return engagements.order_by("-happened_on", "-pk")

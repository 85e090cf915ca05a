"""Activities admin, one section per area (events, reports, campaign)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from awaaz.activities.models import CampaignPeriod, Event, Target
from awaaz.activities.services.campaign import campaign_target_set
from awaaz.core.services import audit_record
from awaaz.movement.admin.chapters import ScopedByChapter
from awaaz.movement.selectors.chapters import is_country_coordinator

# --- Events (A1) -----------------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(ScopedByChapter):
    """Events of the chapters the person manages, read-only: planning, editing and cancelling go
    through the event pages (services with their checks and audit events). RSVPs, the public's
    contact details, are shown only on the focal person's event page, never here."""

    list_display = ("title_en", "chapter", "kind", "starts_at", "status", "is_public")
    list_filter = ("status", "kind", "is_public")
    search_fields = ("title_en", "title_ur", "slug")
    date_hierarchy = "starts_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Campaign (A3) ---------------------------------------------------------------------------


class CountryCoordinatorOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Campaign periods and targets are set by the country coordinator only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_country_coordinator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_country_coordinator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_country_coordinator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_country_coordinator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_country_coordinator(request.user)


@admin.register(CampaignPeriod)
class CampaignPeriodAdmin(CountryCoordinatorOnly):
    list_display = ("name_en", "name_ur", "starts_on", "ends_on")
    prepopulated_fields = {"slug": ("name_en",)}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type] # admin users are always signed in
            action="campaign.change" if change else "campaign.create",
            obj=obj,
        )


@admin.register(Target)
class TargetAdmin(CountryCoordinatorOnly):
    list_display = ("chapter", "period", "events", "attendance", "pledges", "media_items")
    list_filter = ("period",)
    autocomplete_fields = ("chapter",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the service, so that every target change is audited like the others.
        saved = campaign_target_set(
            actor=request.user,  # type: ignore[arg-type] # admin users are always signed in
            period=obj.period,
            chapter=obj.chapter,
            events=obj.events,
            attendance=obj.attendance,
            pledges=obj.pledges,
            media_items=obj.media_items,
        )
        obj.pk = saved.pk


# --- Reports, media, endorsements, partners (A2) ---------------------------------------------
# Read-mostly: photos and clippings only enter through the upload pipeline (which strips their
# metadata), so the admin never accepts a file; the console pages are where people work.
from awaaz.activities.models import (  # noqa: E402 - each area keeps its imports in its section
    Endorsement,
    EventReport,
    MediaItem,
    Partner,
    PartnerEngagement,
    ReportPhoto,
)


class ReportPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ReportPhoto
    fields = ("image", "width", "height", "caption", "consent_to_publish", "created_at")
    readonly_fields = ("image", "width", "height", "created_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EventReport)
class EventReportAdmin(CountryCoordinatorOnly):
    list_display = ("event", "total", "men", "women", "transgender", "created_at")
    readonly_fields = ("event", "filed_by")
    inlines = (ReportPhotoInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MediaItem)
class MediaItemAdmin(CountryCoordinatorOnly):
    list_display = ("published_on", "title", "outlet", "medium", "language", "chapter")
    list_filter = ("medium", "language")
    exclude = ("clipping", "clipping_type")
    readonly_fields = ("added_by",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Endorsement)
class EndorsementAdmin(CountryCoordinatorOnly):
    list_display = ("name", "title", "consent_to_publish", "verified_at")
    list_filter = ("consent_to_publish",)
    readonly_fields = ("verified_by", "verified_at")


class PartnerEngagementInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PartnerEngagement
    fields = ("kind", "happened_on", "chapter", "notes")
    extra = 0


@admin.register(Partner)
class PartnerAdmin(CountryCoordinatorOnly):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = (PartnerEngagementInline,)

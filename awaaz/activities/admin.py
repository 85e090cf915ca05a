"""Activities admin, one section per area (events, reports, campaign)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from awaaz.activities.models import CampaignPeriod, Target
from awaaz.activities.services.campaign import campaign_target_set
from awaaz.core.services import audit_record
from awaaz.movement.selectors.chapters import is_country_coordinator

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

"""Back office for places: reference data is edited here between loads; outlines are read-only
because they come only from `places_import_boundaries`, which keeps their source and licence."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaaz.places.models import Boundary, District, Place, Province


class PlaceInline(admin.TabularInline):  # type: ignore[type-arg]  # generic only in the stubs, not at run time
    model = Place
    extra = 0
    fields = ["name_en", "name_ur", "kind", "aliases"]


class CurrentFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(
        self,
        request: HttpRequest,
        model_admin: admin.ModelAdmin,  # type: ignore[type-arg]  # generic only in the stubs
    ) -> list[tuple[str, str]]:
        return [("current", str(_("current"))), ("ended", str(_("ended")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[District]) -> QuerySet[District]:
        today: datetime.date = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                Q(valid_to__isnull=True) | Q(valid_to__gt=today),
            )
        if self.value() == "ended":
            return queryset.filter(valid_to__lte=today)
        return queryset


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs, not at run time
    list_display = ["name_en", "name_ur", "code", "kind", "sort_order"]
    search_fields = ["name_en", "name_ur", "code", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs, not at run time
    list_display = ["name_en", "name_ur", "province", "division", "population", "valid_to"]
    list_filter = ["province", CurrentFilter]
    search_fields = [
        "name_en",
        "name_ur",
        "code",
        "roman",
        "aliases",
        "places__name_en",
        "places__name_ur",
    ]
    list_select_related = ["province"]
    filter_horizontal = ["successors"]
    inlines = [PlaceInline]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs, not at run time
    list_display = ["code", "level", "source", "licence", "imported_at"]
    list_filter = ["level"]
    search_fields = ["code", "source"]
    readonly_fields = ["level", "code", "path", "source", "licence", "imported_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Boundary | None = None) -> bool:
        return False

"""Admin for the pledge: texts (versioned), pledges (statuses only, no contact details), tallies.

Only the country coordinator with a verified second factor sees these. A published pledge text
never changes (pledges point to the words their signers agreed to): a new wording is a new
version. Pledges are read-only here and show no name, phone or email, so the list is not a
member list; people are managed in the members' area.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from awaaz.movement.models import Pledge, PledgeTally, PledgeText

COORDINATOR_GROUP = "country coordinator"


def _is_coordinator(request: HttpRequest) -> bool:
    user: Any = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    verified = getattr(user, "is_verified", lambda: False)()
    in_role = user.is_superuser or user.groups.filter(name=COORDINATOR_GROUP).exists()
    return bool(verified and in_role)


class CoordinatorOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_coordinator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_coordinator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PledgeText)
class PledgeTextAdmin(CoordinatorOnly):
    list_display = ("version", "published_at", "created_at")
    fields = ("version", "text_en", "text_ur", "consent_en", "consent_ur", "published_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_coordinator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A draft may be edited until it is published; after that it is history.
        return _is_coordinator(request) and (obj is None or obj.published_at is None)


@admin.register(Pledge)
class PledgeAdmin(CoordinatorOnly):
    list_display = ("pk", "status", "district", "text", "is_public", "created_at", "confirmed_at")
    list_filter = ("status", "is_public", "district__province")
    list_select_related = ("district", "text")
    fields = (
        "status",
        "text",
        "consent_version",
        "district",
        "chapter",
        "is_public",
        "language",
        "created_at",
        "confirmed_at",
        "expires_at",
    )
    readonly_fields = fields
    show_full_result_count = False  # no COUNT(*) over a million rows on every page


@admin.register(PledgeTally)
class PledgeTallyAdmin(CoordinatorOnly):
    list_display = ("district", "week", "count")
    list_filter = ("week",)
    list_select_related = ("district",)
    fields = ("district", "week", "count")
    readonly_fields = fields

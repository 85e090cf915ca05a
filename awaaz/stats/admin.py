"""Back office: releases can be looked at, never edited (the `stats_release` job makes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from awaaz.stats.models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    list_display = ["version", "status", "created_at", "published_at", "incident_count"]
    list_filter = ["status"]
    readonly_fields = [
        "version",
        "status",
        "created_at",
        "published_at",
        "incident_count",
        "parameters",
        "checksum",
        "created_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Admin for members, scoped by the chapter selectors and audited on every list read.

The country coordinator sees every member; a provincial coordinator or focal person sees the
members of the chapters he manages, except in high-risk chapters (their lists are hidden from
all but the country coordinator). Members are not added or deleted here: they come from pledges
and imports, and leave through "delete my data".
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from awaaz.core.services import audit_record
from awaaz.movement.models import Member
from awaaz.movement.selectors import chapters as selectors


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "district", "home_chapter", "language", "created_at")
    list_filter = ("language",)
    search_fields = ("display_name", "email", "phone")
    list_select_related = ("district", "home_chapter")
    readonly_fields = (
        "user",
        "email_verified_at",
        "phone_verified_at",
        "home_chapter",
        "joined_chapter_at",
    )
    fields = (
        "display_name",
        "email",
        "email_verified_at",
        "phone",
        "phone_verified_at",
        "district",
        "home_chapter",
        "joined_chapter_at",
        "language",
        "user",
    )
    raw_id_fields = ("district",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Member]:
        queryset = super().get_queryset(request)
        user: Any = request.user
        if selectors.is_country_coordinator(user):
            return queryset
        chapters = selectors.chapters_visible_to(user).filter(high_risk=False)
        return queryset.filter(Q(home_chapter__in=chapters))

    def _may_see(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return (
            selectors.is_country_coordinator(user) or selectors.chapters_visible_to(user).exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_see(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self._may_see(request)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            audit_record(actor=request.user, action="members.admin_list_read")  # type: ignore[arg-type]
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="member.admin_read",
                detail={"member": object_id},
            )
        return response

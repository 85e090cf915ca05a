"""Admin for chapters and roles, scoped by the same selectors as the consoles.

A focal person who is staff sees only his chapter here, a provincial coordinator only his
province; the country coordinator sees all. Django's model permissions are not consulted for
these models: the row-level rules in `selectors.chapters` are the only authority, so there is
one rule to read and test. Lifecycle fields are read-only: status changes go through the
services (the console, or the admin actions below), which refuse impossible transitions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import User
from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    ChapterStatus,
    JoinRequest,
    ProvinceRole,
)
from awaaz.movement.selectors import chapters as selectors
from awaaz.movement.services import chapters as services


def _user(request: HttpRequest) -> Any:
    return request.user


class ScopedByChapter(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows whose chapter the person may manage (`chapter_field` names the path to it)."""

    chapter_field = "chapter"

    def _visible_chapters(self, request: HttpRequest) -> QuerySet[Chapter]:
        return selectors.chapters_visible_to(_user(request))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.filter(**{f"{self.chapter_field}__in": self._visible_chapters(request)})

    def _chapter_of(self, obj: Any) -> Chapter:
        chapter: Chapter = obj if self.chapter_field == "pk" else getattr(obj, self.chapter_field)
        return chapter

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._visible_chapters(request).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self._visible_chapters(request).exists()
        return selectors.can_manage_chapter(_user(request), self._chapter_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return selectors.is_country_coordinator(_user(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # History matters (terms, who joined when): chapters are closed and terms ended, not
        # deleted. Only the country coordinator may delete, e.g. a row created by mistake.
        return selectors.is_country_coordinator(_user(request))


@admin.action(description=_("Close the selected chapters"))
def close_chapters(admin_: ChapterAdmin, request: HttpRequest, queryset: QuerySet[Chapter]) -> None:
    closed = 0
    for chapter in queryset:
        if not selectors.can_coordinate_chapter(_user(request), chapter):
            continue
        try:
            services.chapter_status_change(
                actor=_user(request), chapter=chapter, status=ChapterStatus.CLOSED
            )
        except services.ChapterError as error:
            admin_.message_user(request, f"{chapter}: {' '.join(error.messages)}", messages.ERROR)
        else:
            closed += 1
    admin_.message_user(
        request, _("%(count)d chapter(s) closed.") % {"count": closed}, messages.SUCCESS
    )


@admin.register(Chapter)
class ChapterAdmin(ScopedByChapter):
    chapter_field = "pk"
    list_display = ("name_en", "name_ur", "kind", "district", "status", "high_risk")
    list_filter = ("status", "kind", "high_risk", "district__province")
    search_fields = ("name_en", "name_ur", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("status", "launched_on", "launch_event", "closed_on", "last_activity_at")
    list_select_related = ("district__province",)
    actions = [close_chapters]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not selectors.is_country_coordinator(_user(request)):
            # Only the country coordinator decides whether membership is dangerous somewhere,
            # and where a chapter belongs (moving it would move it out of a leader's scope).
            fields += ["high_risk", "district", "slug"]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.prepopulated_fields if obj is None else {}


@admin.register(ChapterRole)
class ChapterRoleAdmin(ScopedByChapter):
    list_display = ("chapter", "member", "kind", "starts_on", "ends_on")
    list_filter = ("kind",)
    raw_id_fields = ("member",)
    list_select_related = ("chapter", "member")

    def has_add_permission(self, request: HttpRequest) -> bool:
        user = _user(request)
        return (
            selectors.is_country_coordinator(user) or selectors.coordinated_provinces(user).exists()
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A focal person does not appoint or end terms, his own included; coordinators do.
        if obj is None:
            return self.has_add_permission(request)
        return selectors.can_coordinate_chapter(_user(request), obj.chapter)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.is_country_coordinator(_user(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "chapter":
            kwargs["queryset"] = self._visible_chapters(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ChapterRole, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new term goes through the service, which ends the previous holder's term.
        role = services.chapter_role_appoint(
            actor=_user(request),
            chapter=obj.chapter,
            member=obj.member,
            kind=obj.kind,
            starts_on=obj.starts_on,
        )
        obj.pk = role.pk


@admin.register(JoinRequest)
class JoinRequestAdmin(ScopedByChapter):
    list_display = ("chapter", "member", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("chapter", "member")
    readonly_fields = ("member", "chapter", "message", "status", "decided_by", "decided_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members ask from the chapter's public page


@admin.register(ProvinceRole)
class ProvinceRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Provincial coordinators: appointed by the country coordinator; each sees his own."""

    list_display = ("user", "province", "starts_on", "ends_on")
    list_filter = ("province",)
    raw_id_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProvinceRole]:
        queryset = super().get_queryset(request).select_related("user", "province")
        user = _user(request)
        if selectors.is_country_coordinator(user):
            return queryset
        return queryset.filter(user=user) if isinstance(user, User) else queryset.none()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = _user(request)
        if selectors.is_country_coordinator(user):
            return True
        if obj is None:
            return selectors.coordinated_provinces(user).exists()
        return bool(obj.user_id == user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return selectors.is_country_coordinator(_user(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.is_country_coordinator(_user(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.is_country_coordinator(_user(request))

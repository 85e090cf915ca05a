"""The back office for content: English and Urdu side by side, searchable, with publishing state.

Each save and delete is also written to the project's audit log (who changed which entry; never
the text itself), alongside Django's own admin history.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaaz.content.models import Amendment, LawEntry, Myth, Page, Source
from awaaz.core.models import User
from awaaz.core.services import audit_record

URDU_ATTRS = {"dir": "rtl", "lang": "ur"}


class BilingualForm(forms.ModelForm):  # type: ignore[type-arg]
    """Marks every `*_ur` input right-to-left, so Urdu is typed and read the right way round."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            if name.endswith("_ur"):
                form_field.widget.attrs.update(URDU_ATTRS)
            if isinstance(form_field.widget, forms.Textarea):
                form_field.widget.attrs.setdefault("rows", 6)


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = BilingualForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=_actor(request),
            action="content.changed" if change else "content.created",
            obj=obj,
            detail={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=_actor(request), action="content.deleted", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_record(actor=_actor(request), action="content.deleted", obj=obj)
        super().delete_queryset(request, queryset)


class PublishingAdmin(AuditedAdmin):
    actions = ["publish", "unpublish"]

    def _set_published(self, request: HttpRequest, queryset: QuerySet[Any], value: bool) -> None:
        for obj in queryset:
            audit_record(
                actor=_actor(request),
                action="content.published" if value else "content.unpublished",
                obj=obj,
            )
        count = queryset.update(published=value)
        self.message_user(
            request,
            ngettext("%(count)d entry updated.", "%(count)d entries updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected entries"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected entries"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_published(request, queryset, False)


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["title", "publisher", "published_on", "key"]
    search_fields = ["title", "publisher", "key", "url", "note_en", "note_ur"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"key": ["title"]}
    # Addresses typed without a scheme are taken as https, never as plain http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "key", ("publisher", "published_on"), "url"]}),
        (_("Note"), {"fields": [("note_en", "note_ur")]}),
    ]


class AmendmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Amendment
    form = BilingualForm
    extra = 0
    fields = ["date", "act_en", "act_ur", "change_en", "change_ur"]


class LawSourceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = LawEntry.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


@admin.register(LawEntry)
class LawEntryAdmin(PublishingAdmin):
    list_display = ["reference_en", "title_en", "kind", "published", "last_reviewed"]
    list_filter = ["kind", "published", "last_reviewed"]
    search_fields = [
        "slug",
        "reference_en",
        "reference_ur",
        "title_en",
        "title_ur",
        "summary_en",
        "summary_ur",
        "body_en",
        "body_ur",
    ]
    prepopulated_fields = {"slug": ["reference_en"]}
    inlines = [AmendmentInline, LawSourceInline]
    fieldsets = [
        (None, {"fields": [("slug", "kind", "order"), ("published", "last_reviewed")]}),
        (
            _("English and Urdu"),
            {
                "fields": [
                    ("reference_en", "reference_ur"),
                    ("title_en", "title_ur"),
                    ("summary_en", "summary_ur"),
                    ("body_en", "body_ur"),
                ]
            },
        ),
    ]


class MythSourceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Myth.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


@admin.register(Myth)
class MythAdmin(PublishingAdmin):
    list_display = ["myth_en", "order", "published"]
    list_editable = ["order"]
    list_filter = ["published"]
    search_fields = ["slug", "myth_en", "myth_ur", "fact_en", "fact_ur"]
    prepopulated_fields = {"slug": ["myth_en"]}
    inlines = [MythSourceInline]
    fieldsets = [
        (None, {"fields": [("slug", "order", "published")]}),
        (
            _("English and Urdu"),
            {
                "fields": [
                    ("myth_en", "myth_ur"),
                    ("fact_en", "fact_ur"),
                    ("explanation_en", "explanation_ur"),
                ]
            },
        ),
    ]


class PageSourceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Page.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


@admin.register(Page)
class PageAdmin(PublishingAdmin):
    list_display = ["slug", "title_en", "published", "last_reviewed"]
    list_filter = ["published"]
    search_fields = [
        "slug",
        "title_en",
        "title_ur",
        "summary_en",
        "summary_ur",
        "body_en",
        "body_ur",
    ]
    inlines = [PageSourceInline]
    fieldsets = [
        (None, {"fields": [("slug", "published", "last_reviewed")]}),
        (
            _("English and Urdu"),
            {
                "fields": [
                    ("title_en", "title_ur"),
                    ("summary_en", "summary_ur"),
                    ("body_en", "body_ur"),
                ]
            },
        ),
    ]

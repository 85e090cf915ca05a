"""Back office for the evidence app.

Sources and articles (E1): sources are configured here; articles arrive only from the fetcher,
so they cannot be added by hand, and their text is shown only to the roles that code them
(coder, country coordinator), with each reading of a text recorded in the audit log.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaaz.core.services import audit_record
from awaaz.evidence.models import (
    Article,
    Incident,
    NewsSource,
    OfficialFigure,
    Perpetrator,
    Victim,
)
from awaaz.evidence.selectors_sources import (
    article_text_readable_by,
    articles_list,
    sources_list,
)
from awaaz.lib.text import text_problem

# --- E1: news sources and articles ------------------------------------------------------------


# Politeness: no source is polled more often than this, whatever an operator types.
MIN_POLL_MINUTES = 10


class NewsSourceForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    # Declared here so that an address typed without a scheme is taken as https.
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = NewsSource
        fields = [
            "name",
            "outlet",
            "kind",
            "url",
            "link_pattern",
            "language",
            "province",
            "active",
            "poll_interval_minutes",
        ]

    def clean_url(self) -> str:
        url: str = self.cleaned_data.get("url") or ""
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("The address must start with http:// or https://."))
        return url

    def clean_poll_interval_minutes(self) -> int:
        minutes: int = self.cleaned_data.get("poll_interval_minutes") or 0
        if minutes < MIN_POLL_MINUTES:
            raise forms.ValidationError(
                _("Poll a source at most every %(minutes)d minutes; news sites are not ours.")
                % {"minutes": MIN_POLL_MINUTES}
            )
        return minutes

    def clean_link_pattern(self) -> str:
        pattern: str = self.cleaned_data.get("link_pattern") or ""
        problem = text_problem(pattern)
        if problem:
            raise forms.ValidationError(problem)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise forms.ValidationError(
                _("This is not a valid regular expression: %(error)s") % {"error": exc}
            ) from exc
        return pattern


@admin.register(NewsSource)
class NewsSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    form = NewsSourceForm
    list_display = [
        "name",
        "outlet",
        "kind",
        "language",
        "province",
        "active",
        "last_polled_at",
        "robots_allowed",
        "last_error",
    ]
    list_filter = ["active", "kind", "language", "province"]
    search_fields = ["name", "outlet", "url"]
    list_select_related = ["province"]
    readonly_fields = ["last_polled_at", "etag", "last_modified", "robots_allowed", "last_error"]
    fieldsets = [
        (None, {"fields": ["name", "outlet", "kind", "url", "link_pattern", "language"]}),
        (_("Polling"), {"fields": ["province", "active", "poll_interval_minutes"]}),
        (
            _("Last poll"),
            {"fields": ["last_polled_at", "robots_allowed", "last_error", "etag", "last_modified"]},
        ),
    ]
    actions = ["activate", "deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NewsSource]:
        return sources_list()

    @admin.action(description=_("Switch the selected sources on"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[NewsSource]) -> None:
        count = queryset.update(active=True)
        self.message_user(
            request,
            ngettext("%(count)d source switched on.", "%(count)d sources switched on.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Switch the selected sources off"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[NewsSource]) -> None:
        count = queryset.update(active=False)
        self.message_user(
            request,
            ngettext("%(count)d source switched off.", "%(count)d sources switched off.", count)
            % {"count": count},
            messages.SUCCESS,
        )


ARTICLE_FIELDS = [
    "title",
    "source",
    "url",
    "canonical_url",
    "language",
    "published_at",
    "published_precision",
    "fetched_at",
    "content_hash",
    "status",
    "cluster",
    # The machine's suggestion (victims' gender and age, offences, district): never a name.
    "extraction",
]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    list_display = ["title", "source", "language", "published_at", "status", "fetched_at"]
    list_filter = ["status", "language", "source"]
    # Titles and addresses only: searching the text would reveal it to those who may not read it.
    search_fields = ["title", "url"]
    list_select_related = ["source"]
    date_hierarchy = "fetched_at"
    # Everything is read-only: articles come from the fetcher, and their status moves only
    # through the extraction and coding services, which keep the audit trail.
    readonly_fields = [*ARTICLE_FIELDS, "text"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return articles_list(user=request.user)

    # list[Any]: the stubs' return type also allows nested groups of fields, which we never use.
    def get_fields(self, request: HttpRequest, obj: Article | None = None) -> list[Any]:
        if article_text_readable_by(request.user):
            return [*ARTICLE_FIELDS, "text"]
        return list(ARTICLE_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if (
            request.method == "GET"
            and response.status_code == 200
            and article_text_readable_by(request.user)
        ):
            article = Article.objects.filter(pk=object_id).only("pk").first()
            if article is not None:
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]  # staff are signed in here
                    action="article.text_read",
                    obj=article,
                )
        return response


# --- E3: incidents and official figures -------------------------------------------------------
# Incidents are made in the coding queue, where every decision is kept beside the machine's;
# the admin is for reading them and correcting one (each change is in Django's admin log).


class VictimInline(admin.StackedInline):  # type: ignore[type-arg]  # generic only in the stubs
    model = Victim
    can_delete = False
    extra = 0


class PerpetratorInline(admin.TabularInline):  # type: ignore[type-arg]  # generic only in the stubs
    model = Perpetrator
    extra = 0


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    list_display = [
        "id",
        "stream",
        "occurred_on",
        "date_precision",
        "district",
        "gbv_type",
        "sahil_category",
        "fir_status",
        "verified",
        "codebook_version",
    ]
    list_filter = ["stream", "gbv_type", "sahil_category", "fir_status", "verified"]
    list_select_related = ["district"]
    raw_id_fields = ["district", "coded_by", "cluster", "articles"]
    readonly_fields = ["coded_by", "codebook_version", "machine_confidence", "created_at"]
    inlines = [VictimInline, PerpetratorInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # incidents come from the coding queue or the survivor-report feed


@admin.register(OfficialFigure)
class OfficialFigureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic only in the stubs
    list_display = [
        "publisher",
        "source",
        "period_start",
        "period_end",
        "province",
        "category",
        "value",
        "unit",
    ]
    list_filter = ["publisher", "area_level", "unit"]
    search_fields = ["publisher", "source", "category"]
    list_select_related = ["province"]

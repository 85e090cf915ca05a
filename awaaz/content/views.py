"""Public pages of the law library, myths and facts, and the campaign pages (no JavaScript)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from awaaz.content import selectors


@require_safe
@cache_control(public=True, max_age=300)
def law_list(request: HttpRequest) -> HttpResponse:
    return render(request, "content/law_list.html", {"groups": selectors.law_groups_published()})


@require_safe
@cache_control(public=True, max_age=300)
def law_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = get_object_or_404(selectors.law_entry_detail_queryset(), slug=slug)
    return render(request, "content/law_detail.html", {"entry": entry})


@require_safe
@cache_control(public=True, max_age=300)
def myth_list(request: HttpRequest) -> HttpResponse:
    return render(request, "content/myth_list.html", {"myths": selectors.myths_published()})


@require_safe
@cache_control(public=True, max_age=300)
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(selectors.pages_published(), slug=slug)
    return render(request, "content/page.html", {"page": page})

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def law_list(request: HttpRequest) -> HttpResponse:
    return render(request, "content/law_list.html")


@require_safe
def myth_list(request: HttpRequest) -> HttpResponse:
    return render(request, "content/myth_list.html")


@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "content/page.html")

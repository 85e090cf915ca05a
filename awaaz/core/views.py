from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

_ERRORS = {
    400: (
        _("This request could not be understood"),
        _("Something in the address or the form was not valid. Please go back and try again."),
    ),
    403: (
        _("You do not have access to this page"),
        _("If you think you should, sign in with your own account or ask your coordinator."),
    ),
    404: (
        _("Page not found"),
        _("The address may be mistyped, or the page has moved. Try the home page."),
    ),
    413: (
        _("What you sent is too large"),
        _("Please send less text or a smaller file. Nothing was saved."),
    ),
    500: (
        _("Something went wrong on our side"),
        _("Nothing you sent was half-saved. Please try again in a few minutes."),
    ),
}


def render_error(request: HttpRequest, status: int) -> HttpResponse:
    title, explanation = _ERRORS[status]
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": title, "explanation": explanation},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context so that a broken context processor cannot break it too.
    return render_error(request, 500)


@require_safe
@cache_control(public=True, max_age=300)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")

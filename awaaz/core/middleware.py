"""Request guards and response headers that every page gets."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.utils import translation

from awaaz.core.views import render_error

Handler = Callable[[HttpRequest], HttpResponse]


def _limit_for(path: str) -> int:
    """The body limit for a path: the site's, or a larger one for pages that take uploads."""
    # `re` keeps compiled patterns in its own cache, so this costs little per request.
    for pattern, limit in settings.AWAAZ_UPLOAD_REQUEST_LIMITS:
        if re.match(pattern, path):
            return int(limit)
    return int(settings.AWAAZ_MAX_REQUEST_BYTES)


class RequestGuardMiddleware:
    """Refuse a body larger than the configured limit before anything reads it.

    The visitor gets a plain page in their language (413), and nothing reaches a form or a
    service, so nothing can be half-saved.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("awaaz.body_limit_checked"):
            # An app's own guard (the survivor intake's) has applied its limit already.
            return self.get_response(request)
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            too_big = int(length) > _limit_for(request.path_info)
        except ValueError:
            too_big = False
        if too_big:
            # LocaleMiddleware has not run yet: pick the language from the path or headers now.
            language = translation.get_language_from_request(request, check_path=True)
            with translation.override(language):
                return render_error(request, 413)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        return response


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Django's CSRF protection, taught what our `Referrer-Policy: no-referrer` does to Origin.

    Under "no-referrer" a browser sends `Origin: null` with a form POST even to its own site (the
    Fetch standard serialises the origin that way), and Django would refuse every form. A POST
    that says `Origin: null` is accepted as same-origin only when the browser also sends
    `Sec-Fetch-Site: same-origin`: a header no page script can set, and which a sandboxed frame
    or another site's form never carries with that value. The CSRF token is still checked as usual.
    """

    def _origin_verified(self, request: HttpRequest) -> bool:
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            return True
        return bool(super()._origin_verified(request))  # type: ignore[misc]  # private in the stubs, public behaviour in Django

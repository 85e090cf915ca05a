"""No trace of the reporter: what every request in the intake URL space goes through.

`intake_view` wraps each intake view. Before the view runs it:

* forgets the visitor's network address, browser name, referrer and any forwarding headers
  (`request.META`), so neither the view, a service nor an error report can read them;
* gives the request an empty session that is never saved (an existing session cookie, e.g. of a
  staff member on the same phone, is deleted on the way out) and an anonymous user, so a report can
  never be linked to an account;
* keeps uploaded files in memory only (never in a plaintext temporary file), counting their real
  size so that the form can refuse one that is too large;
* then checks the CSRF token as usual (with the project's CSRF rules).

After the view it marks the response `Cache-Control: no-store`, `Referrer-Policy: no-referrer`,
`X-Robots-Tag: noindex, noarchive`, and turns the CSRF cookie into a browser-session cookie (gone
when the browser closes) instead of a year-long one.

Every intake page is rendered by `render_intake`, which marks it. `IntakeRequestGuardMiddleware`
(the outermost but one) replaces any error response under the intake URL space that is not such a
page (an unknown address, a method a page does not take, an error in a view) with the neutral
intake error page: the same title, quick exit and headers as every intake page, never the site's
error page with its navigation.

`IntakeLogFilter` removes the intake's request lines from Django's and gunicorn's loggers and
strips paths, requests and exception messages from error records about the intake.
`install_log_filter()` attaches it; the safety app calls it when Django starts, so it holds
whatever LOGGING says.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import traceback
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

from awaaz.core.middleware import CsrfViewMiddleware

View = TypeVar("View", bound=Callable[..., HttpResponse])

# A plain link to a page that draws no attention (it is a link, never a loaded resource).
QUICK_EXIT_URL = "https://www.google.com/search?q=weather"

# The first path segment after the language prefix that every intake URL starts with.
INTAKE_SEGMENT = "report"

# Headers that name the visitor's address, browser or the page they came from. The WSGI server
# puts them in META; the intake never needs any of them.
_IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_VIA",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_SEC_CH_UA_PLATFORM",
)
_NO_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder value, not a bind address

_csrf_protect = decorator_from_middleware(CsrfViewMiddleware)


class _EmptySession(SessionBase):
    """A session that holds nothing and is never written: the intake keeps no server state."""

    def exists(self, session_key: str) -> bool:
        return False

    def create(self) -> None:
        return None

    def save(self, must_create: bool = False) -> None:
        return None

    def delete(self, session_key: str | None = None) -> None:
        return None

    def load(self) -> dict[str, Any]:
        return {}


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keep each uploaded file in memory, up to the attachment limit plus one byte.

    The bytes beyond the limit are counted but not kept, so the form sees the real size and
    refuses the file with a message, and a plaintext copy never reaches the disk. (The request
    guard already refuses a body above AWAAZ_MAX_REQUEST_BYTES before it is read.)
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._buffer = io.BytesIO()
        self._size = 0
        self._keep = int(settings.AWAAZ_REPORT_MAX_ATTACHMENT_BYTES) + 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self._keep - self._buffer.tell()
        if room > 0:
            self._buffer.write(raw_data[:room])
        self._size += len(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self._buffer.seek(0)
        return InMemoryUploadedFile(
            file=self._buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self._size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _forget_the_visitor(request: HttpRequest) -> None:
    for key in _IDENTIFYING_META:
        request.META.pop(key, None)
    # Some code expects the key to exist; it gets a value that says nothing.
    request.META["REMOTE_ADDR"] = _NO_ADDRESS
    request.session = _EmptySession()
    request.user = AnonymousUser()


def _session_only_csrf_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """Make the CSRF cookie a browser-session cookie (no expiry date), and tell the middleware
    it is done. The CSRF check inside `intake_view` may already have set it with a year's
    lifetime; it is set again, from scratch."""
    if settings.CSRF_USE_SESSIONS:
        return
    name = settings.CSRF_COOKIE_NAME
    value = (
        request.META.get("CSRF_COOKIE") if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") else None
    )
    if value is None and name in response.cookies and response.cookies[name].value:
        value = response.cookies[name].value
    if not value:
        return
    if name in response.cookies:
        # A cookie set again keeps its old max-age; start from a blank one.
        del response.cookies[name]
    response.set_cookie(
        name,
        value,
        max_age=None,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a str setting
    )
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False


def intake_headers(response: HttpResponse) -> HttpResponse:
    """The headers every intake response carries (also used for the intake's own error pages)."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, no_cache=True, must_revalidate=True, private=True)
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    return response


# The attribute `render_intake` sets on its responses: "this is an intake page, keep it".
_INTAKE_PAGE = "awaaz_intake_page"


def render_intake(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render an intake template (with the quick exit) and mark the response as an intake page."""
    response = render(
        request, template, {"quick_exit_url": QUICK_EXIT_URL, **(context or {})}, status=status
    )
    setattr(response, _INTAKE_PAGE, True)
    return response


def _form_expired(request: HttpRequest) -> HttpResponse:
    """The CSRF check failed: usually the browser was closed (the cookie lives only as long as
    the browser) or the page was open for very long. Say so kindly, and give back the words the
    person typed so that nothing is lost; nothing was saved."""
    typed = str(request.POST.get("narrative") or request.POST.get("text") or "")
    return render_intake(request, "safety/intake/expired.html", {"typed": typed}, status=403)


def intake_view(view: View) -> View:
    """Mark a view as part of the intake: see the module docstring for what that means."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Before anything reads the body: uploads go to memory only.
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        _forget_the_visitor(request)
        ran = False

        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            nonlocal ran
            ran = True
            return view(request, *args, **kwargs)

        response = cast(HttpResponse, _csrf_protect(checked)(request, *args, **kwargs))
        if not ran:
            response = _form_expired(request)
        _session_only_csrf_cookie(request, response)
        return intake_headers(response)

    wrapper.intake = True  # type: ignore[attr-defined]  # a marker the tests look for
    # The CSRF check runs inside (after the upload handlers are set), not in the middleware.
    return cast(View, csrf_exempt(wrapper))


# --- Logs ---------------------------------------------------------------------------------


def _intake_path_pattern() -> re.Pattern[str]:
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"/(?:{codes})/{INTAKE_SEGMENT}(?=[/?#\s\"']|$)")


def is_intake_path(path: str) -> bool:
    return bool(_intake_path_pattern().match(path))


class IntakeLogFilter(logging.Filter):
    """Drop access lines about intake pages; strip error records about them to the bare minimum.

    An error in an intake view is still logged (someone must know the intake broke), but without
    the path, the request (whose META a mail handler would print) and the exception's message
    (which might quote what was typed): only the exception's type and the code lines it passed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        about_intake = isinstance(path, str) and is_intake_path(path)
        if not about_intake:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is judged by its template
                message = str(record.msg)
            about_intake = bool(_intake_path_pattern().search(message))
        if not about_intake:
            return True
        if record.levelno < logging.ERROR:
            return False
        status = getattr(record, "status_code", None)
        record.msg = "A request in the reporting pages failed (status %s; details withheld)"
        record.args = (status or "unknown",)
        if hasattr(record, "request"):
            record.request = None
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb))
            record.exc_text = (
                f"Traceback (most recent call last):\n{frames}{kind.__name__}: (message withheld)"
            )
            record.exc_info = None
        return True


_FILTERED_LOGGERS = (
    "django.request",
    "django.server",
    "django.security.csrf",
    "gunicorn.access",
)


def install_log_filter() -> None:
    """Attach one IntakeLogFilter to each logger that names request paths (idempotent)."""
    for name in _FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, IntakeLogFilter) for f in logger.filters):
            logger.addFilter(IntakeLogFilter())


# --- Request size ----------------------------------------------------------------------------


class IntakeRequestGuardMiddleware:
    """Refuse an oversized intake request before anything reads it, on an intake page.

    It runs before core's RequestGuardMiddleware: a report may carry attachments, so its limit
    (AWAAZ_INTAKE_MAX_REQUEST_BYTES) is larger than the site's, and the refusal is a neutral,
    uncached intake page with the quick exit instead of the site's error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_intake_path(request.path_info):
            return self.get_response(request)
        # Core's guard leaves intake requests to this one.
        request.META["awaaz.body_limit_checked"] = True
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.AWAAZ_INTAKE_MAX_REQUEST_BYTES
        if length <= limit:
            response = self.get_response(request)
            if response.status_code >= 400 and not getattr(response, _INTAKE_PAGE, False):
                response = _intake_error(request, response)
            return response
        language = translation.get_language_from_request(request, check_path=True)
        _forget_the_visitor(request)
        with translation.override(language):
            response = render_intake(
                request,
                "safety/intake/too_large.html",
                # The limit leaves a megabyte for the words; the rest is for files.
                {"limit_mb": max(1, limit // (1024 * 1024) - 1)},
                status=413,
            )
        return _site_headers(request, intake_headers(response))


def _site_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The security headers the inner middleware gives every page (CSP, frame options,
    permissions...), for a response made before the request reached them: the same classes
    run over it, so the headers cannot drift apart."""
    from csp.middleware import CSPMiddleware
    from django.middleware.clickjacking import XFrameOptionsMiddleware

    from awaaz.core.middleware import SecurityHeadersMiddleware

    def made(_request: HttpRequest) -> HttpResponse:
        return response

    chain: Callable[[HttpRequest], HttpResponse] = made
    for middleware in (XFrameOptionsMiddleware, CSPMiddleware, SecurityHeadersMiddleware):
        chain = cast(Callable[[HttpRequest], HttpResponse], middleware(chain))
    return chain(request)


# --- Error pages ------------------------------------------------------------------------------

# Headers of the replaced response that describe its body or its caching (the intake's own
# no-store applies); the security headers (CSP, frame and content-type options, HSTS, Allow...)
# that the inner middleware set are kept.
_BODY_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "content-language",
        "vary",
        "etag",
        "last-modified",
        "cache-control",
        "expires",
        "pragma",
    }
)


def _intake_error(request: HttpRequest, original: HttpResponseBase) -> HttpResponse:
    """The neutral intake page for an error under the intake URL space (same status code).

    Nothing of the request is shown or kept: the page says what kind of problem it was and
    offers the way back, the quick exit and the help directory, like every intake page.
    """
    language = translation.get_language_from_request(request, check_path=True)
    status = original.status_code
    with translation.override(language):
        response = render_intake(
            request, "safety/intake/error.html", {"status": status}, status=status
        )
    for name, value in original.headers.items():
        if name.lower() not in _BODY_HEADERS and name not in response.headers:
            response.headers[name] = value
    # Whatever cookie the replaced page set (e.g. a year-long CSRF cookie) is not passed on.
    return intake_headers(response)

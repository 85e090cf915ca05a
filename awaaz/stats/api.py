"""The open-data JSON API at /api/v1/: releases, their published tables, official figures.

Everything here is public, aggregate and already through disclosure control, so the API is
open: no token, `Access-Control-Allow-Origin: *` for reads, and responses any cache may keep.
What it guards against is misuse of the server, not of the data:

* every answer is JSON, errors included: `{"error": {"code": ..., "message": ...}}` with a 400,
  404, 405 or 429, never an HTML page and never a 500 for bad input;
* unknown query parameters are refused (a misspelt filter must not silently return everything);
* page sizes are capped at `MAX_PAGE_SIZE`;
* a per-client rate limit counts requests in the cache under a keyed hash of the address that
  changes every day (awaaz.lib.abuse), so no address is ever stored;
* each response carries a strong ETag and Cache-Control; `If-None-Match` gets a 304.

Views are thin: they parse parameters here and read through `awaaz.stats.opendata`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.text import compress_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awaaz.lib import abuse

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 100_000
# Public data that changes only when a release is published: caches may keep it a few minutes.
CACHE_CONTROL = "public, max-age=300"
RATE_LIMIT_WINDOW = 60
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads the header


def _rate_limit() -> int:
    # Requests per client per minute. Generous: scripts that page through a table are welcome,
    # a loop hammering the server is not.
    return int(getattr(settings, "AWAAZ_API_RATE_PER_MINUTE", 1200))


class ApiError(Exception):
    """Raised by a view to answer with a JSON error; `code` is stable, `message` is for people."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match"
    response["Access-Control-Expose-Headers"] = "ETag, Link, Retry-After"
    # The site's default is same-origin; open data may be read from any origin.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _dumps(data: Any) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def error_response(status: int, code: str, message: str) -> HttpResponse:
    response = HttpResponse(
        _dumps({"error": {"code": code, "message": message}}),
        status=status,
        content_type="application/json",
    )
    response["Cache-Control"] = "no-store"
    return _cors(response)


def json_response(request: HttpRequest, data: Any) -> HttpResponse:
    """A cacheable JSON answer with a strong ETag; 304 when the client already has it."""
    return body_response(request, _dumps(data))


@dataclass(frozen=True)
class Representation:
    """A JSON answer made once: its body, its ETag and its gzip-compressed body."""

    body: bytes
    etag: str
    gzipped: bytes

    @classmethod
    def of(cls, body: bytes) -> Representation:
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        return cls(body=body, etag=etag, gzipped=compress_string(body))


def cached_json_response(request: HttpRequest, key: str, build: Callable[[], Any]) -> HttpResponse:
    """Like json_response, for an answer that never changes once made (a published table):
    the body, its ETag and its compressed form are kept in the cache under `key`, so a repeated
    request serialises, hashes and compresses nothing."""
    full_key = f"stats:api:{get_language()}:{key}"
    made = cache.get(full_key)
    if not isinstance(made, Representation):
        made = Representation.of(_dumps(build()))
        cache.set(full_key, made, 60 * 60)
    return body_response(request, made.body, made)


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    # If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x". A compressed answer
    # carries its ETag weakened, as Django's GZipMiddleware does, and the client sends it back.
    given = request.headers.get("If-None-Match", "").strip()
    if not given:
        return False
    if given == "*":
        return True
    return etag in [t.strip().removeprefix("W/") for t in given.split(",")]


def body_response(
    request: HttpRequest, body: bytes, made: Representation | None = None
) -> HttpResponse:
    """The answer with a strong ETag (weak when compressed), 304 when the client has it.
    With `made`, a client that accepts gzip gets the body compressed once and kept."""
    made = made or Representation(body=body, etag="", gzipped=b"")
    etag = made.etag or '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    compressed = bool(made.gzipped) and _ACCEPTS_GZIP.search(
        request.headers.get("Accept-Encoding", "")
    )
    if _etag_matches(request, etag):
        response = HttpResponse(status=304)
    elif compressed:
        response = HttpResponse(made.gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f"W/{etag}" if compressed else etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    return _cors(response)


View = Callable[..., HttpResponse]


def api_view(*, params: Iterable[str] = (), dynamic_params: bool = False) -> Callable[[View], View]:
    """Wrap an API view: methods, rate limit, allowed query parameters, JSON errors.

    `params` are the query parameters the view accepts; any other is a 400, unless
    `dynamic_params` (a table's own dimensions are checked by the view itself).
    """
    allowed = frozenset(params)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Max-Age"] = "86400"
                return _cors(response)
            if request.method not in ("GET", "HEAD"):
                response = error_response(
                    405, "method_not_allowed", _("This API only answers GET requests.")
                )
                response["Allow"] = "GET, HEAD, OPTIONS"
                return response
            if abuse.rate_limit_hit(
                scope="api",
                key=abuse.network_key(request),
                limit=_rate_limit(),
                window=RATE_LIMIT_WINDOW,
            ):
                response = error_response(
                    429,
                    "rate_limited",
                    _("Too many requests. Please wait a minute and try again more slowly."),
                )
                response["Retry-After"] = str(RATE_LIMIT_WINDOW)
                return response
            try:
                if not dynamic_params:
                    unknown = sorted(set(request.GET) - allowed)
                    if unknown:
                        raise ApiError(
                            400,
                            "unknown_parameter",
                            _("Unknown query parameter: %(name)s.") % {"name": unknown[0]},
                        )
                for name in request.GET:
                    if len(request.GET.getlist(name)) > 1:
                        raise ApiError(
                            400,
                            "repeated_parameter",
                            _("The query parameter %(name)s is given more than once.")
                            % {"name": name},
                        )
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error.status, error.code, error.message)

        return wrapper

    return decorator


@dataclass(frozen=True)
class Page:
    number: int
    size: int


def _positive_int(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise ApiError(
            400,
            "invalid_parameter",
            _("%(name)s must be a whole number from 1 to %(maximum)s.")
            % {"name": name, "maximum": maximum},
        )
    value = int(raw)
    if value < 1 or value > maximum:
        code = (
            "page_size_too_large"
            if name == "page_size" and value > maximum
            else "invalid_parameter"
        )
        raise ApiError(
            400,
            code,
            _("%(name)s must be a whole number from 1 to %(maximum)s.")
            % {"name": name, "maximum": maximum},
        )
    return value


def page_parse(request: HttpRequest) -> Page:
    return Page(
        number=_positive_int(request, "page", 1, MAX_PAGE),
        size=_positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def paginate(
    request: HttpRequest, items: Sequence[Any], page: Page, *, key: str = "results"
) -> dict[str, Any]:
    """One page of `items` with counts and links; a page past the end is a 404."""
    count = len(items)
    pages = max(1, -(-count // page.size))
    if page.number > pages:
        raise ApiError(
            404,
            "page_not_found",
            _("There is no page %(page)s: the last page is %(pages)s.")
            % {"page": page.number, "pages": pages},
        )
    start = (page.number - 1) * page.size

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.path + "?" + query.urlencode()

    return {
        "count": count,
        "page": page.number,
        "page_size": page.size,
        "pages": pages,
        "next": link(page.number + 1) if page.number < pages else None,
        "previous": link(page.number - 1) if page.number > 1 else None,
        key: list(items[start : start + page.size]),
    }


def filters_parse(
    request: HttpRequest, *, allowed: Mapping[str, Iterable[str] | None], reserved: Iterable[str]
) -> dict[str, str]:
    """Query parameters naming a filter: each must be known, and its value one of the codes.

    `allowed` maps a filter name to its possible values (None: any short value).
    """
    chosen: dict[str, str] = {}
    skip = set(reserved)
    for name in request.GET:
        value = request.GET.get(name, "")
        if name in skip:
            continue
        if name not in allowed:
            raise ApiError(
                400,
                "unknown_filter",
                _("Unknown filter: %(name)s. Filters are: %(names)s.")
                % {"name": name, "names": ", ".join(sorted(allowed)) or "-"},
            )
        values = allowed[name]
        if values is None:
            if not value or len(value) > 100:
                raise ApiError(
                    400, "invalid_filter", _("The filter %(name)s has no value.") % {"name": name}
                )
        elif value not in set(values):
            raise ApiError(
                400,
                "invalid_filter",
                _("%(value)s is not a value of %(name)s.") % {"value": value[:40], "name": name},
            )
        chosen[name] = value
    return chosen

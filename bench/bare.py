"""The smallest Django site there is: one view that returns a short page.

It is served by gunicorn exactly as Awaaz is, so that the benchmark can put Awaaz's home page next
to what Django, gunicorn and this machine can do at all. Run it with
`gunicorn bench.bare:application`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

PAGE = b"<!doctype html><html lang=en><title>bare</title><h1>Hello</h1></html>"


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [path("", hello)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a throwaway process, no sessions
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        USE_I18N=False,
    )

application = get_wsgi_application()

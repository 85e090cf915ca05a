"""Forms work under "Referrer-Policy: no-referrer", and cross-site posts are still refused."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from awaaz.core.middleware import CsrfViewMiddleware


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("saved")


def _post(**headers: str) -> HttpResponse:
    factory = RequestFactory()
    get = factory.get("/en/")
    middleware = CsrfViewMiddleware(_view)
    middleware.process_request(get)
    from django.middleware.csrf import get_token

    token = get_token(get)
    cookie = get.META["CSRF_COOKIE"]
    request = factory.post(
        "/en/form/", {"csrfmiddlewaretoken": token}, secure=True, headers=headers
    )
    request.COOKIES["csrftoken"] = cookie
    middleware.process_request(request)
    response = middleware.process_view(request, _view, (), {})
    return response if response is not None else _view(request)


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_same_origin_form_post_with_a_null_origin_is_accepted() -> None:
    response = _post(origin="null", sec_fetch_site="same-origin")
    assert response.status_code == 200


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_null_origin_from_elsewhere_is_refused() -> None:
    for site in ("cross-site", "same-site", "none"):
        assert _post(origin="null", sec_fetch_site=site).status_code == 403
    assert _post(origin="null").status_code == 403


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_another_sites_origin_is_refused_even_with_a_token() -> None:
    assert _post(origin="https://evil.example.com", sec_fetch_site="cross-site").status_code == 403


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_our_own_origin_is_accepted() -> None:
    assert _post(origin="https://testserver", sec_fetch_site="same-origin").status_code == 200


def test_the_csrf_middleware_in_use_is_djangos_own_subclass() -> None:
    # The deploy check W003 is silenced for this reason only: keep it true.
    from django.conf import settings
    from django.middleware.csrf import CsrfViewMiddleware as DjangoCsrf
    from django.utils.module_loading import import_string

    csrf = [m for m in settings.MIDDLEWARE if "Csrf" in m]
    assert csrf == ["awaaz.core.middleware.CsrfViewMiddleware"]
    assert issubclass(import_string(csrf[0]), DjangoCsrf)
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W003"]

"""Every public page sends the security headers and loads nothing from another host.

The pages are not listed by hand: they are enumerated from the URL resolver, in both languages,
so a page added tomorrow is checked without anyone remembering to add it here. Patterns with
parameters are filled with real objects from the reference data (`awaaz setup --no-demo`), found
through the models' `get_absolute_url`. The admin is the only part skipped: it is Django's own
code, behind a sign-in, and its templates are not ours to change.

The production settings are checked in a subprocess, because settings are read once per process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent

# Namespaces not enumerated, with the reason.
SKIPPED_NAMESPACES = {"admin": "Django's admin: behind a staff sign-in, its templates are Django's"}

# The apps whose pages are built from reference data: each of their parameterised pages must be
# reachable with a real object, not only with a placeholder that gives the 404 page.
REFERENCE_NAMESPACES = {"content", "places"}

# What a placeholder argument looks like for each path converter.
PLACEHOLDERS = {
    "int": "999999",
    "slug": "no-such-thing",
    "str": "no-such-thing",
    "path": "no/such/thing",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern of the site, outside any language prefix."""

    name: str | None  # "namespace:name", or None for an unnamed pattern
    template: str  # the route with the language prefix as "{lang}/" and <conv:param> kept
    params: dict[str, str]  # parameter name -> converter name
    localised: bool

    def label(self) -> str:
        return self.name or self.template


def _converter_name(converter: object) -> str:
    kind = type(converter).__name__.removesuffix("Converter").lower()
    return {"string": "str"}.get(kind, kind)


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespaces: list[str], localised: bool
) -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            piece, is_localised = "{lang}/", True
        elif isinstance(pattern, RoutePattern):
            piece, is_localised = str(pattern), localised
        else:
            raise AssertionError(
                f"{entry!r} is a regex pattern: give it a name and a path() route, or list its "
                "namespace in SKIPPED_NAMESPACES with a reason"
            )
        if isinstance(entry, URLResolver):
            space = entry.namespace
            if space in SKIPPED_NAMESPACES:
                continue
            yield from _walk(
                entry.url_patterns,
                prefix + piece,
                [*namespaces, space] if space else namespaces,
                is_localised,
            )
        else:
            template = prefix + piece
            params = {name: _converter_name(conv) for name, conv in pattern.converters.items()}
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            yield Route(name, template, params, is_localised)


def site_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "/", [], False))


def _fill(template: str, lang: str, values: dict[str, str]) -> str:
    path = template.replace("{lang}", lang)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)


def _model_urls() -> dict[str, list[str]]:
    """URL name -> real URLs of objects, from every model that has get_absolute_url."""
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        for obj in model._default_manager.all()[:3]:
            url = obj.get_absolute_url()
            match = resolve(url)
            if match.view_name:
                found.setdefault(match.view_name, []).append(url)
    return found


def _has_slug(model: object) -> bool:
    return (
        isinstance(model, type)
        and issubclass(model, Model)
        and any(f.name == "slug" for f in model._meta.get_fields())
    )


def _field_values(route: Route) -> list[dict[str, str]]:
    """Argument sets taken from model fields named like the route's parameters.

    The fallback for models without get_absolute_url: `law/<slug:slug>/` in the content app is
    tried with the slugs of content models that have a `slug` field.
    """
    if not route.name or ":" not in route.name:
        return []
    namespace = route.name.split(":")[0]
    try:
        models = apps.get_app_config(namespace).get_models()
    except LookupError:
        return []
    found = []
    for model in models:
        fields = {f.name: f for f in model._meta.get_fields()}
        lookups = {}
        for param in route.params:
            if param == "pk":
                lookups[param] = "pk"
            elif param not in fields:
                break
            elif _has_slug(fields[param].related_model):
                # `<slug:province>` names a related row by its slug, not by its id.
                lookups[param] = f"{param}__slug"
            else:
                lookups[param] = param
        else:
            for row in model._default_manager.values(*lookups.values()).distinct()[:3]:
                found.append({param: str(row[lookup]) for param, lookup in lookups.items()})
    return found


class _PageParser(HTMLParser):
    """Collects the URLs a page points to and what CSP would block in it."""

    URL_ATTRS = frozenset({"src", "href", "action", "formaction", "poster", "data", "srcset"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.foreign: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "style" in values:
            self.inline.append(f'<{tag} style="...">')
        if any(k.startswith("on") for k in values):
            self.inline.append(f"<{tag} on...=>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and "src" not in values:
            self.inline.append("<script> without src")
        rel = values.get("rel", "").lower().split()
        for key, value in values.items():
            if key not in self.URL_ATTRS:
                continue
            for candidate in value.split(",") if key == "srcset" else [value]:
                url = candidate.strip().split(" ")[0].lower()
                if url.startswith("javascript:"):
                    self.inline.append(f"<{tag} {key}=javascript:>")
                external = url.startswith(("http://", "https://", "//"))
                if external and not (tag == "a" and key == "href" and "noreferrer" in rel):
                    self.foreign.append(f"<{tag} {key}={candidate.strip()!r}>")


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


class SecurityHeadersTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("setup", "--no-demo", verbosity=0)

    def pages(self) -> tuple[list[tuple[str, str]], list[str]]:
        """(label, url) for every public page in every language; and routes without objects."""
        model_urls = _model_urls()
        pages: list[tuple[str, str]] = []
        placeholder_only: list[str] = []
        for route in site_routes():
            languages = [code for code, _name in settings.LANGUAGES] if route.localised else [""]
            for lang in languages:
                with translation.override(lang or settings.LANGUAGE_CODE):
                    if not route.params:
                        url = reverse(route.name) if route.name else _fill(route.template, lang, {})
                        pages.append((route.label(), url))
                        continue
                    real = model_urls.get(route.name or "", []) if route.name else []
                    real = [u for u in real if not route.localised or u.startswith(f"/{lang}/")]
                    if not real:
                        tries = [_fill(route.template, lang, v) for v in _field_values(route)]
                        real = [u for u in tries if self.client.get(u).status_code == 200]
                    if real:
                        pages.extend((route.label(), u) for u in real[:2])
                        continue
                    # No object to show: the route still answers (its 404 page) and that answer
                    # must carry the headers as well.
                    placeholder_only.append(route.label())
                    values = {k: PLACEHOLDERS.get(v, "x") for k, v in route.params.items()}
                    pages.append((route.label(), _fill(route.template, lang, values)))
        return pages, sorted(set(placeholder_only))

    def assert_headers(self, label: str, url: str, response: Any) -> None:
        where = f"{label} ({url}, {response.status_code})"
        csp = response.headers.get("Content-Security-Policy")
        assert csp, f"{where}: no Content-Security-Policy"
        directives = _directives(csp)
        assert directives.get("default-src") == ["'self'"], f"{where}: default-src {csp}"
        assert directives.get("script-src") == ["'self'"], f"{where}: script-src {csp}"
        assert directives.get("style-src") == ["'self'"], f"{where}: style-src {csp}"
        assert directives.get("frame-ancestors") == ["'none'"], f"{where}: {csp}"
        assert directives.get("object-src") == ["'none'"], f"{where}: {csp}"
        assert directives.get("base-uri") == ["'none'"], f"{where}: {csp}"
        for words in directives.values():
            assert "'unsafe-inline'" not in words, f"{where}: {csp}"
            assert "'unsafe-eval'" not in words, f"{where}: {csp}"
        assert response.headers.get("Referrer-Policy") == "no-referrer", where
        permissions = response.headers.get("Permissions-Policy", "").replace(" ", "")
        for feature in ("camera", "microphone", "geolocation"):
            assert f"{feature}=()" in permissions.split(","), f"{where}: {feature} allowed"
        assert response.headers.get("X-Frame-Options") == "DENY", where
        assert response.headers.get("X-Content-Type-Options") == "nosniff", where
        assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where

    def assert_html_is_self_contained(self, label: str, url: str, response: Any) -> None:
        parser = _PageParser()
        parser.feed(response.content.decode(response.charset or "utf-8"))
        assert not parser.foreign, f"{label} ({url}) points to another host: {parser.foreign}"
        assert not parser.inline, f"{label} ({url}) has what the CSP blocks: {parser.inline}"

    def test_every_public_page_sends_the_security_headers(self) -> None:
        pages, _placeholder_only = self.pages()
        # Home, law, myths, campaign page, map, robots.txt, in both languages at the very least.
        assert len(pages) >= 9, pages
        html_pages = 0
        for label, url in pages:
            response = self.client.get(url)
            assert response.status_code < 500, f"{label} ({url}) failed: {response.status_code}"
            if url.endswith(".txt"):
                # robots.txt is not a page: no CSP needed, but it must not be sniffed as one.
                assert response.headers.get("X-Content-Type-Options") == "nosniff", url
                continue
            self.assert_headers(label, url, response)
            if response.status_code == 200 and "text/html" in response.headers["Content-Type"]:
                html_pages += 1
                self.assert_html_is_self_contained(label, url, response)
        assert html_pages >= 8, f"only {html_pages} pages answered 200 with HTML"

    def test_error_pages_send_the_security_headers(self) -> None:
        for lang in ("en", "ur"):
            response = self.client.get(f"/{lang}/this-page-does-not-exist/")
            assert response.status_code == 404
            self.assert_headers("404 page", response.request["PATH_INFO"], response)
            self.assert_html_is_self_contained("404 page", f"/{lang}/...", response)

    def test_reference_pages_are_reached_with_real_objects(self) -> None:
        _pages, placeholder_only = self.pages()
        missing = [name for name in placeholder_only if name.split(":")[0] in REFERENCE_NAMESPACES]
        assert not missing, (
            f"no object of the reference data links to {missing}: give the model a "
            "get_absolute_url() (or load the data in `awaaz setup --no-demo`)"
        )

    def test_a_link_to_another_host_without_noreferrer_is_caught(self) -> None:
        # The HTML check itself: it must see an off-site resource and accept a safe outbound link.
        parser = _PageParser()
        parser.feed(
            '<a href="https://example.org/" rel="noopener noreferrer">ok</a>'
            '<img src="//cdn.example.org/x.png"><a href="http://example.org/">leaky</a>'
            '<p style="color:red">x</p><script>alert(1)</script>'
        )
        assert parser.foreign == [
            "<img src='//cdn.example.org/x.png'>",
            "<a href='http://example.org/'>",
        ]
        assert parser.inline == ['<p style="...">', "<script> without src"]


# --- Production settings, in a fresh process ----------------------------------------------

PRODUCTION_PROBE = textwrap.dedent(
    """
    import json, django
    from django.core.management import call_command
    django.setup()
    from django.test import Client
    from awaaz.core.models import User

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    User.objects.create_superuser("probe_admin", "probe@example.org", "a long fake passphrase")
    https = {"secure": True, "headers": {"X-Forwarded-Proto": "https"}}
    client = Client()
    plain = client.get("/en/")
    home = client.get("/en/", **https)
    login_form = client.get("/en/admin/login/", **https)
    csrf = client.cookies.get("csrftoken")
    client.post(
        "/en/admin/login/",
        {"username": "probe_admin", "password": "a long fake passphrase"},
        **https,
    )
    session = client.cookies.get("sessionid")
    print(json.dumps({
        "plain_status": plain.status_code,
        "plain_location": plain.headers.get("Location", ""),
        "home_status": home.status_code,
        "hsts": home.headers.get("Strict-Transport-Security", ""),
        "csrf_secure": bool(csrf and csrf["secure"]),
        "session_secure": bool(session and session["secure"]),
        "session_httponly": bool(session and session["httponly"]),
    }))
    """
)


def _production_env(tmp: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"AWAAZ_TESTING", "DATABASE_URL"}}
    env.pop("SECRET_KEY_FILE", None)
    env.update(
        {
            "AWAAZ_PRODUCTION": "1",
            "AWAAZ_VAR_DIR": str(tmp),
            "DJANGO_SETTINGS_MODULE": "awaaz.settings",
            "SECRET_KEY": "fake-production-key-for-tests-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "AWAAZ_RECEIPT_PEPPER": "fake-production-pepper-for-tests-" + "p" * 32,
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def _run(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, our own fixed code
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_production_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    import json

    result = _run(_production_env(tmp_path), PRODUCTION_PROBE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # Plain HTTP is sent to HTTPS; HTTPS answers with a long, preloadable HSTS.
    assert seen["plain_status"] == 301
    assert seen["plain_location"].startswith("https://")
    assert seen["home_status"] == 200
    hsts = _directives(seen["hsts"].replace("max-age=", "max-age "))
    assert int(hsts["max-age"][0]) >= 31536000, seen["hsts"]
    assert "includesubdomains" in hsts, seen["hsts"]
    assert "preload" in hsts, seen["hsts"]
    assert seen["csrf_secure"], "the CSRF cookie is not Secure"
    assert seen["session_secure"], "the session cookie is not Secure"
    assert seen["session_httponly"], "the session cookie is readable by scripts"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path, SECRET_KEY="")
    result = _run(env, "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = _production_env(tmp_path, ALLOWED_HOSTS="")
    result = _run(env, "import django; django.setup()")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the public host(s) in production" in result.stderr

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request: HttpRequest) -> dict[str, Any]:
    """The other-language versions of the current page, for the language switch."""
    alternates = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(request.get_full_path(), code)
        if url == request.get_full_path() and not request.path.startswith(f"/{code}/"):
            # The page has no translation (an error page): offer that language's home instead.
            url = f"/{code}/"
        alternates.append(
            {"code": code, "name": info["name_local"], "url": url, "bidi": info["bidi"]}
        )
    return {"alternate_languages": alternates, "site_name": settings.AWAAZ_SITE_NAME}

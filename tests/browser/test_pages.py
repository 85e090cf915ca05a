"""The public pages, in English and Urdu, in a real browser on a phone-sized screen.

Each page is opened in Chromium against a real server; the test records every request the page
makes, every console message and every Content-Security-Policy violation, and saves a full-page
screenshot to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser

# (name used in screenshots, URL name, arguments)
PAGES: list[tuple[str, str, dict[str, str]]] = [
    ("home", "core:home", {}),
    ("law-library", "content:law_list", {}),
    ("law-ppc-375", "content:law_detail", {"slug": "ppc-375"}),
    ("myths", "content:myth_list", {}),
    ("campaign", "content:page", {"slug": "campaign"}),
    ("map", "places:map", {}),
]
LANGUAGES = ["en", "ur"]
# Fonts that can draw Urdu; Debian's fonts-noto-core provides the first ones.
URDU_FONTS = ("Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Arabic")


def url_for(name: str, kwargs: dict[str, str], language: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def open_page(watched: Watched, path: str) -> Any:
    response = watched.page.goto(path, wait_until="load")
    assert response is not None, path
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def widest(page: Any) -> list[str]:
    """The widest elements that stick out past an edge of the screen: the likely culprits."""
    found: list[str] = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')].filter((el) => {
            const box = el.getBoundingClientRect();
            return box.right > width + 1 || box.left < -1;
          }).filter((el) => !el.closest('.skip'))
            .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)
            .slice(0, 5).map((el) =>
            el.tagName.toLowerCase() + (el.className ? '.' + String(el.className) : '') +
            ' ' + Math.round(el.getBoundingClientRect().width) + 'px');
        }"""
    )
    return found


def assert_clean(watched: Watched, live_url: str) -> None:
    """Nothing left this machine, nothing was refused, nothing went wrong in the console."""
    here = urlsplit(live_url).netloc
    elsewhere = [
        url
        for url in watched.requests
        if not url.startswith(("data:", "about:")) and urlsplit(url).netloc != here
    ]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    assert all(urlsplit(url).hostname in {"127.0.0.1", None} for url in watched.requests)
    assert not watched.csp_violations(), watched.csp_violations()
    assert not watched.console_errors, watched.console_errors
    assert not watched.page_errors, watched.page_errors


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("label", "name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_in_each_language(
    watched: Watched,
    live_url: str,
    artifacts: Path,
    label: str,
    name: str,
    kwargs: dict[str, str],
    language: str,
) -> None:
    page = watched.page
    open_page(watched, url_for(name, kwargs, language))

    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    assert page.locator("h1").first.is_visible()
    assert page.title().strip()
    page.screenshot(path=str(artifacts / f"{label}-{language}.png"), full_page=True)

    # On a 360px phone nothing may push the page sideways.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"the page is {overflow}px wider than the phone, because of {widest(page)}"
    )
    assert_clean(watched, live_url)


@pytest.mark.parametrize(("label", "name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_language_switch_goes_to_urdu_and_back(
    watched: Watched, live_url: str, label: str, name: str, kwargs: dict[str, str]
) -> None:
    page = watched.page
    english = url_for(name, kwargs, "en")
    urdu = url_for(name, kwargs, "ur")
    open_page(watched, english)

    page.locator('.languages a[hreflang="ur"]').click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == urdu
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ur"

    page.locator('.languages a[hreflang="en"]').click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == english
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert_clean(watched, live_url)


def test_urdu_is_drawn_in_an_urdu_font(watched: Watched, live_url: str) -> None:
    page = watched.page
    open_page(watched, url_for("core:home", {}, "ur"))
    # Ask the renderer which installed fonts it really used for the heading's glyphs: a missing
    # font would fall back to boxes or to a Latin-only face, which the computed style hides.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument")
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "h1"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    used = {font["familyName"]: font["glyphCount"] for font in fonts}
    assert any(name in used for name in URDU_FONTS), f"the Urdu heading used {used}"
    # Nearly every glyph of the heading comes from the Urdu font.
    urdu_glyphs = sum(count for name, count in used.items() if name in URDU_FONTS)
    assert urdu_glyphs >= 0.8 * sum(used.values()), used
    assert_clean(watched, live_url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(
    watched: Watched, live_url: str, artifacts: Path, language: str
) -> None:
    page = watched.page
    open_page(watched, url_for("core:home", {}, language))

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skip", "#main"]
    # The skip link becomes visible when focused (it sits off-screen otherwise).
    box = page.locator("a.skip").bounding_box()
    assert box is not None
    assert 0 <= box["x"] < 360
    assert box["width"] > 0
    page.screenshot(path=str(artifacts / f"skip-link-{language}.png"))

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert urlsplit(page.url).fragment == "main"
    # The next Tab continues inside the main content, not back at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert_clean(watched, live_url)

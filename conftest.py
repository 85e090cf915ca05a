"""Test-wide set-up. The test environment itself is set in pyproject.toml (pytest env)."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation


def pytest_configure() -> None:
    from awaaz.lib.i18n import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # A request in an earlier test leaves its language active in the worker thread; every test
    # starts from the site's default language instead, as a new visitor would.
    with translation.override(settings.LANGUAGE_CODE):
        yield

"""Test-wide set-up. The test environment itself is set in pyproject.toml (pytest env)."""


def pytest_configure() -> None:
    from awaaz.lib.i18n import compile_catalogues

    compile_catalogues()

"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from awaaz.lib import env

ROOT = Path(__file__).resolve().parents[3]


def _django_check(extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "AWAAZ_TESTING", "AWAAZ_RECEIPT_PEPPER"}
    }
    environment.update({"AWAAZ_VAR_DIR": str(tmp_path), **extra_env})
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = _django_check(
        {"AWAAZ_PRODUCTION": "1", "ALLOWED_HOSTS": "awaaz.example.org"}, tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    result = _django_check({"AWAAZ_PRODUCTION": "1", "SECRET_KEY": "x" * 60}, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the public host" in result.stderr


def test_production_refuses_to_start_without_a_receipt_pepper(tmp_path: Path) -> None:
    result = _django_check(
        {"AWAAZ_PRODUCTION": "1", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "awaaz.example.org"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "AWAAZ_RECEIPT_PEPPER is not set" in result.stderr


def test_production_reads_the_secret_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("s" * 60 + "\n")
    result = _django_check(
        {
            "AWAAZ_PRODUCTION": "1",
            "SECRET_KEY_FILE": str(secret_file),
            "ALLOWED_HOSTS": "awaaz.example.org",
            "AWAAZ_RECEIPT_PEPPER": "p" * 40,
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_development_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = env.env_secret("AWAAZ_TEST_UNSET_SECRET", required=False, fallback_file=tmp_path / "k")
    second = env.env_secret("AWAAZ_TEST_UNSET_SECRET", required=False, fallback_file=tmp_path / "k")
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "k").stat().st_mode & 0o077 == 0


def test_booleans_must_be_recognisable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWAAZ_FLAG", "yes")
    assert env.env_bool("AWAAZ_FLAG") is True
    monkeypatch.setenv("AWAAZ_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="AWAAZ_FLAG"):
        env.env_bool("AWAAZ_FLAG")


def test_whole_numbers_must_be_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWAAZ_LIMIT", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.env_int("AWAAZ_LIMIT", 3)
    monkeypatch.setenv("AWAAZ_LIMIT", "10")
    assert env.env_int("AWAAZ_LIMIT", 3) == 10


def _setting(name: str, extra_env: dict[str, str], tmp_path: Path) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"AWAAZ_TESTING", "AWAAZ_BEHIND_PROXY", "AWAAZ_CLIENT_ADDRESS_HEADER"}
    }
    environment.update(
        {
            "AWAAZ_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "awaaz.example.org",
            "AWAAZ_RECEIPT_PEPPER": "p" * 40,
            "DJANGO_SETTINGS_MODULE": "awaaz.settings",
            **extra_env,
        }
    )
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", f"from django.conf import settings; print(repr(settings.{name}))"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_the_proxy_the_visitor_address_comes_from_x_real_ip(tmp_path: Path) -> None:
    # Without it every visitor would arrive from 127.0.0.1 and share one pledge limit.
    header = "AWAAZ_CLIENT_ADDRESS_HEADER"
    assert _setting(header, {"AWAAZ_PRODUCTION": "1"}, tmp_path) == "'HTTP_X_REAL_IP'"
    assert _setting(header, {}, tmp_path) == "''"
    assert _setting(header, {"AWAAZ_BEHIND_PROXY": "1"}, tmp_path) == "'HTTP_X_REAL_IP'"
    chosen = {"AWAAZ_PRODUCTION": "1", header: "HTTP_X_FORWARDED_FOR"}
    assert _setting(header, chosen, tmp_path) == "'HTTP_X_FORWARDED_FOR'"

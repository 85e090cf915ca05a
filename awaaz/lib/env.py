"""Typed helpers that read settings from the environment.

Settings never branch on which machine they run on: everything that differs between a laptop,
CI and production comes from an environment variable, with an embedded default that works on a
fresh clone.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, required: bool, fallback_file: Path | None = None) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/systemd style).

    With ``required`` set (production) a missing secret stops the process with a clear message.
    Otherwise a development secret is generated once and kept in ``fallback_file`` so that
    sessions and signed links survive a restart of ``make run``.
    """
    value = os.environ.get(name, "")
    file_name = os.environ.get(f"{name}_FILE", "")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points to {file_name!r}, which cannot be read"
            ) from exc
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            f"{name} is not set. In production set {name} or {name}_FILE to a long random value."
        )
    if fallback_file is None:
        raise ImproperlyConfigured(f"{name} is not set and no development fallback was given")
    return _development_secret(fallback_file)


def _development_secret(path: Path) -> str:
    import secrets
    import tempfile

    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write the whole secret to a private temporary file, then link it into place: the link
    # fails if another process (a parallel test worker) got there first, and nobody ever reads
    # a half-written file.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
        with contextlib.suppress(FileExistsError):
            os.link(tmp_name, path)
    finally:
        os.unlink(tmp_name)
    return path.read_text(encoding="utf-8").strip()

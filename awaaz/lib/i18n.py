"""Translation catalogues: compile them without GNU gettext, and check that they are complete.

Each app keeps its own catalogue in `<app>/locale/ur/LC_MESSAGES/django.po`, so that work on one
app never conflicts with another. Compiled `.mo` files are build products (not committed):
`awaaz setup` and the test suite compile them with polib, so a fresh machine needs no gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogue_paths() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))


def compile_catalogues(*, force: bool = False) -> list[Path]:
    """Write each .mo next to its .po when the .po is newer; return the files written."""
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Write to a temporary name and rename, so a parallel reader never sees half a file.
        tmp = mo_path.with_suffix(f".mo.{_pid()}")
        catalogue.save_as_mofile(str(tmp))
        tmp.replace(mo_path)
        written.append(mo_path)
    return written


def _pid() -> int:
    import os

    return os.getpid()


@dataclass(frozen=True)
class Gap:
    path: Path
    msgid: str
    problem: str

    def __str__(self) -> str:
        where = self.path.relative_to(PACKAGE_DIR.parent)
        return f"{where}: {self.problem}: {self.msgid[:80]!r}"


def catalogue_gaps() -> list[Gap]:
    """Every entry that is untranslated, fuzzy, or whose named placeholders do not match."""
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    gaps = []
    for po_path in catalogue_paths():
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                gaps.append(Gap(po_path, entry.msgid, "fuzzy"))
                continue
            translations = (
                list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            )
            if not all(t.strip() for t in translations):
                gaps.append(Gap(po_path, entry.msgid, "untranslated"))
                continue
            expected = set(placeholder.findall(entry.msgid))
            for text in translations:
                if set(placeholder.findall(text)) != expected:
                    gaps.append(Gap(po_path, entry.msgid, "placeholders differ"))
                    break
    return gaps


def reading_urdu() -> bool:
    """Whether the active language is Urdu: models and forms pick the Urdu text by it."""
    from django.utils.translation import get_language

    return (get_language() or "en").startswith("ur")

"""Fail when a user-facing string has no Urdu translation.

Runs makemessages in every app that has a catalogue (so that a new string in a template or in
Python is found), then reads the catalogues: an untranslated or fuzzy entry, or a translation
whose named placeholders differ from the English, is an error.
"""

import os
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from awaaz.lib.i18n import PACKAGE_DIR, catalogue_gaps, compile_catalogues


class Command(BaseCommand):
    help = "Extract strings in every app and fail if the Urdu catalogue is incomplete."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-extract", action="store_true", help="only read the catalogues as they are"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_extract"]:
            manage = PACKAGE_DIR.parent / "manage.py"
            for locale_dir in sorted(PACKAGE_DIR.glob("*/locale")):
                subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
                    [
                        sys.executable,
                        str(manage),
                        "makemessages",
                        "-l",
                        "ur",
                        "--no-obsolete",
                        "--no-location",
                        "-v",
                        "0",
                    ],
                    cwd=locale_dir.parent,
                    check=True,
                    env={**os.environ, "PYTHONPATH": str(PACKAGE_DIR.parent)},
                )
        gaps = catalogue_gaps()
        for gap in gaps:
            self.stderr.write(str(gap))
        if gaps:
            raise CommandError(f"{len(gaps)} string(s) lack a complete Urdu translation")
        compile_catalogues()
        self.stdout.write("the Urdu catalogues are complete")

"""Load the help directory's seed (awaaz/safety/data/services.json); safe to run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from awaaz.safety.services import DIRECTORY_DATA, DirectoryDataError, directory_load


class Command(BaseCommand):
    help = (
        "Add the help directory's seed services that are missing. Entries already present are "
        "left as coordinators last edited them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", type=Path, default=DIRECTORY_DATA)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = directory_load(path=options["file"])
        except DirectoryDataError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(
                f"help directory: {result.created} added, {result.kept} already present"
            )

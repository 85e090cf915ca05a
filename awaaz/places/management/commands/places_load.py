import sys
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from awaaz.places.services import count_districts, places_load, reference_files


class Command(BaseCommand):
    help = "Load provinces, districts, tehsils and towns from awaaz/places/data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        files = reference_files()
        with tqdm(
            total=count_districts(files),
            desc="districts",
            unit="",
            # A bar on an interactive terminal only: logs and CI get the summary line.
            disable=options["verbosity"] < 1 or not sys.stderr.isatty(),
            file=sys.stderr,
        ) as bar:
            result = places_load(files=files, progress=bar.update)
        self.stdout.write(
            f"{result.provinces} provinces, {result.districts} districts, {result.places} places"
        )

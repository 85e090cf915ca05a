from typing import Any

from django.core.management.base import BaseCommand

from awaaz.places.services import places_load


class Command(BaseCommand):
    help = "Load provinces, districts, tehsils and towns from awaaz/places/data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = places_load()
        self.stdout.write(
            f"{result.provinces} provinces, {result.districts} districts, {result.places} places"
        )

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the reference data of the content app (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("nothing to load yet")

"""Publish the first pledge text (English and Urdu) if it is missing. Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.movement.services.pledges import pledge_text_load


class Command(BaseCommand):
    help = "Publish pledge text v1 (English and Urdu) if it is not there yet."

    def handle(self, *args: Any, **options: Any) -> None:
        created = pledge_text_load()
        if options["verbosity"] > 0:
            self.stdout.write("pledge text v1 published" if created else "pledge text up to date")

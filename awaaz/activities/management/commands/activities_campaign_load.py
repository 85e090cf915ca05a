"""Create this year's 16 Days of Activism (25 November - 10 December) if missing. Safe to rerun."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from awaaz.activities.services.campaign import campaign_sixteen_days_ensure


class Command(BaseCommand):
    help = "Create the 16 Days of Activism campaign period for this year (or --year) if missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="default: the current year")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        period, created = campaign_sixteen_days_ensure(year=year)
        if options["verbosity"] > 0:
            state = "created" if created else "already there"
            self.stdout.write(f"campaign {period.slug} ({period.name_en}): {state}")

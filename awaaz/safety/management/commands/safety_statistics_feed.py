"""Count yesterday's and older consenting reports as anonymous incidents (run daily, e.g. cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.safety.services import reports_statistics_feed


class Command(BaseCommand):
    help = "Feed consenting survivor reports to the statistics as anonymous incidents (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        counted = reports_statistics_feed()
        if options["verbosity"] > 0:
            self.stdout.write(f"{counted} report(s) counted")

"""Mark unconfirmed pledges past their time as expired (run it hourly, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.movement.services.pledges import pledge_expire


class Command(BaseCommand):
    help = "Expire pending pledges older than AWAAZ_PLEDGE_CONFIRM_HOURS; forget never-confirmed."

    def handle(self, *args: Any, **options: Any) -> None:
        result = pledge_expire()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{result.expired} pledge(s) expired, {result.forgotten} unconfirmed person(s) "
                "forgotten"
            )

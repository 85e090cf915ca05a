"""Bring a database up to date and fill it: the one command behind `make run`.

Safe to run again and again: migrations are applied once, reference data is upserted by natural
keys, and demo data is only added where it is missing.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from awaaz.core.roles import roles_sync
from awaaz.lib.i18n import compile_catalogues

# Each app that owns reference data offers a `<app>_load` command; demo data comes after it.
REFERENCE_COMMANDS = [
    "places_load",
    "content_load",
    "movement_pledges_load",
    "safety_directory_load",
    "evidence_official_load",
    "activities_campaign_load",
]
DEMO_COMMANDS = ["core_demo", "movement_account_demo", "evidence_incidents_demo"]


class Command(BaseCommand):
    help = "Migrate, compile translations, load reference data and (optionally) demo data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-demo", action="store_true", help="load reference data only")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        # Always rebuilt here: a .mo compiled from a half-saved .po must not outlive it.
        compile_catalogues(force=True)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        granted = roles_sync()
        self.stdout.write(f"· roles: {', '.join(f'{g} ({n})' for g, n in granted.items())}")
        for name in REFERENCE_COMMANDS:
            self.stdout.write(f"· {name}")
            call_command(name, verbosity=verbosity)
        if settings.PRODUCTION and not options["no_demo"]:
            self.stdout.write("production: demo data skipped")
        elif not options["no_demo"]:
            for name in DEMO_COMMANDS:
                self.stdout.write(f"· {name}")
                call_command(name, verbosity=verbosity)
        # Statistics from whatever incidents are on record, so the statistics pages are not
        # empty; nothing new when there are none or nothing changed since the last release.
        self.stdout.write("· stats_release --if-changed")
        call_command("stats_release", "--if-changed", verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Awaaz is set up."))

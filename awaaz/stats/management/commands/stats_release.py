"""Compute and publish a statistics release: `awaaz stats_release` (run by cron, nightly).

    awaaz stats_release [--draft] [--if-changed] [--survivor-threshold 10] [--news-threshold 5]
                        [--rounding 0] [--random-rounding 0] [--lag-days 30]

Reads the incident records through GROUP BY counts, applies disclosure control and stores the
tables as a new version (docs/statistics.md). Pages and the API serve the latest published one.
`--if-changed` (what `awaaz setup` runs) publishes only when there are dated incidents and the
tables differ from the latest published release, so running it again adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from awaaz.stats.releases import release_compute, release_compute_if_changed


class Command(BaseCommand):
    help = "Compute every published statistics table into a new, disclosure-controlled release."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--draft", action="store_true", help="Store it unpublished.")
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Publish only if there are incidents and the tables changed since the last one.",
        )
        parser.add_argument("--survivor-threshold", type=int, default=None)
        parser.add_argument("--news-threshold", type=int, default=None)
        parser.add_argument("--rounding", type=int, default=None, help="0 (off) or 2..10")
        parser.add_argument(
            "--random-rounding",
            type=int,
            default=None,
            help="1: round at random (unbiased), 0: to the nearest multiple",
        )
        parser.add_argument(
            "--lag-days",
            type=int,
            default=None,
            help="a month is published this many days after it ends (default 30)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = {
            name: options[option]
            for name, option in (
                ("survivor_threshold", "survivor_threshold"),
                ("news_threshold", "news_threshold"),
                ("rounding_base", "rounding"),
                ("random_rounding", "random_rounding"),
                ("lag_days", "lag_days"),
            )
            if options[option] is not None
        }
        if options["if_changed"] and options["draft"]:
            raise CommandError("--if-changed publishes; it cannot be combined with --draft.")
        try:
            if options["if_changed"]:
                changed = release_compute_if_changed(actor=None, parameters=given)
                if changed is None:
                    self.stdout.write("no new release: no incidents yet, or nothing changed")
                    return
                release = changed
            else:
                release = release_compute(
                    actor=None, publish=not options["draft"], parameters=given
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        hidden = sum(cell["suppressed"] for table in release.tables.all() for cell in table.cells)
        self.stdout.write(
            f"release {release.version} ({release.status}): {release.tables.count()} tables, "
            f"{release.incident_count} incidents, {hidden} cells suppressed, "
            f"sha256 {release.checksum}"
        )

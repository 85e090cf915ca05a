"""Delete (crypto-shred) reports closed longer ago than AWAAZ_REPORT_RETENTION_DAYS.

Run it daily (cron or a systemd timer): `awaaz safety_retention_purge`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from awaaz.safety.services import reports_retention_purge


class Command(BaseCommand):
    help = "Delete reports closed more than AWAAZ_REPORT_RETENTION_DAYS days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reports_retention_purge()
        self.stdout.write(
            f"{count} report(s) closed more than {settings.AWAAZ_REPORT_RETENTION_DAYS} days ago "
            "deleted."
        )

"""Remind focal persons of events without a closing report (1 hour and 3 days after the end).

Safe to run as often as you like (cron every 15 minutes is plenty): each reminder is sent once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.activities.services.reports import reports_remind


class Command(BaseCommand):
    help = "Email focal persons whose events ended without a closing report."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reports_remind()
        self.stdout.write(f"{len(sent)} report reminder(s) sent.")

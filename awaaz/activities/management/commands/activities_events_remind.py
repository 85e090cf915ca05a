"""Email everyone going to an event that starts within a day. Run hourly from cron:

    0 * * * *  cd /srv/awaaz && .venv/bin/python manage.py activities_events_remind

Idempotent: each RSVP is reminded once, however often (or however concurrently) this runs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.activities.services.events import rsvp_remind_due


class Command(BaseCommand):
    help = "Send the day-before reminders for events (run hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = rsvp_remind_due()
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent")

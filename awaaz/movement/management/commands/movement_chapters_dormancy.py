"""Mark chapters dormant after AWAAZ_CHAPTER_DORMANT_DAYS without activity (run it daily).

Idempotent: running it again the same day changes nothing. Each change is in the audit log as a
system action ("chapter.dormant", no actor).
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from awaaz.movement.services.chapters import chapter_dormancy_sweep


class Command(BaseCommand):
    help = "Mark chapters without activity for AWAAZ_CHAPTER_DORMANT_DAYS as dormant."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = chapter_dormancy_sweep()
        days = settings.AWAAZ_CHAPTER_DORMANT_DAYS
        for chapter in changed:
            self.stdout.write(f"dormant: {chapter.slug}")
        self.stdout.write(f"{len(changed)} chapter(s) marked dormant (no activity for {days} days)")

from typing import Any

from django.core.management.base import BaseCommand

from awaaz.content.services import content_load


class Command(BaseCommand):
    help = (
        "Add the seed law entries, myths, pages and sources from awaaz/content/data that are "
        "missing (idempotent). Entries that exist are never changed unless --update is given."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="overwrite existing entries with the text in the data files (loses admin edits)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = content_load(update=options["update"])
        self.stdout.write(result.summary())

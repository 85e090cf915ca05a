from typing import Any

from django.core.management.base import BaseCommand

from awaaz.lib.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the Urdu (and any other) catalogues to .mo files, without GNU gettext."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="recompile every catalogue")

    def handle(self, *args: Any, **options: Any) -> None:
        written = compile_catalogues(force=options["force"])
        self.stdout.write(f"compiled {len(written)} catalogue(s)")

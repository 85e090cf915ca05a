"""Import members or chapters from a CSV or XLSX file, with a dry run (the default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from awaaz.movement.services import imports


class Command(BaseCommand):
    help = (
        "Import members or chapters from CSV/XLSX. Without --apply only shows what would "
        "happen; with --apply imports everything, or nothing if any row has a problem."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=[imports.MEMBERS, imports.CHAPTERS], required=True)
        parser.add_argument("--apply", action="store_true", help="import (default: dry run)")
        parser.add_argument("--language", default="en", help="language of the messages (en, ur)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        with translation.override(options["language"]):
            arguments = {"kind": options["kind"], "data": data, "filename": path.name}
            try:
                if options["apply"]:
                    preview = imports.import_apply(**arguments, actor=None)
                else:
                    preview = imports.import_preview(**arguments)
            except imports.ImportFileError as error:
                raise CommandError(error.message) from None
            except imports.ImportRefusedError as refused:
                preview = refused.preview
            for column in preview.ignored_columns:
                self.stdout.write(f"column ignored: {column}")
            for skipped in preview.skipped:
                self.stdout.write(f"row {skipped.row}: skipped: {skipped.reason}")
            for problem in preview.problems:
                self.stdout.write(f"row {problem.row} [{problem.column}]: {problem.message}")
            summary = (
                f"{len(preview.rows)} new, {len(preview.skipped)} skipped, "
                f"{len(preview.problems)} problem(s)"
            )
            if not preview.ok:
                raise CommandError(f"{summary}: nothing was imported")
            if preview.applied:
                self.stdout.write(self.style.SUCCESS(f"imported: {summary}"))
            else:
                self.stdout.write(f"dry run: {summary} (add --apply to import)")

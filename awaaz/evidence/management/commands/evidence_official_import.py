"""Import official figures from a CSV file: `awaaz evidence_official_import figures.csv`.

Columns (header row required): publisher, source, url, area_level (national|province),
province (code, slug or English name; empty for national), period_start, period_end
(YYYY-MM-DD), category (as published), definition, value, unit (cases|victims|percent|
per_100k), notes. All or nothing: one bad row and nothing is saved; every problem is listed.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from awaaz.evidence.services_figures import COLUMNS, FigureImportError, official_figures_import


class Command(BaseCommand):
    help = "Import official figures from a CSV file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"missing columns: {', '.join(missing)}")
                rows = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as problem:
            raise CommandError(f"cannot read {path}: {problem}") from problem
        try:
            result = official_figures_import(actor=None, rows=rows)
        except FigureImportError as refused:
            raise CommandError("nothing was imported:\n" + "\n".join(refused.errors)) from refused
        self.stdout.write(
            f"official figures: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )

"""`awaaz evidence_eval`: the extractor's per-field scores on the gold set (`make eval`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from awaaz.evidence.evaluate import GOLD, gold_load, predict, report, score


class Command(BaseCommand):
    help = "Score the extractor on the gold set, field by field, next to the targets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--gold", type=Path, default=GOLD, help="the gold JSON lines file")
        parser.add_argument(
            "--misses", action="store_true", help="also list every disagreement with the gold set"
        )
        parser.add_argument("--split", choices=("all", "dev", "test"), default="all")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = gold_load(options["gold"])
        predictions = predict(rows)
        self.stdout.write(report(rows, predictions))
        if options["misses"]:
            chosen = [
                r
                for r in rows
                if options["split"] == "all"
                or (r.get("split") == "dev") == (options["split"] == "dev")
            ]
            for miss in score(chosen, predictions).misses:
                self.stdout.write(miss)

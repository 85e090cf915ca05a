"""Show which districts the gazetteer finds in a text: `manage.py places_find "<text>"`.

Output is one tab-separated line per match (characters, span, level, district key, confidence,
reason) so that coders can paste it into a spreadsheet; with --rejected the refused candidates
follow, each prefixed with "-" and the rule that refused it.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand

from awaaz.places.gazetteer import gazetteer_analyse


class Command(BaseCommand):
    help = "Print the districts the gazetteer finds in a text (English, Urdu or Roman Urdu)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("text", nargs="+", help="the text; several arguments are joined")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="the text's date (YYYY-MM-DD), to resolve districts that were split",
        )
        parser.add_argument(
            "--rejected", action="store_true", help="also list the candidates that were refused"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        analysis = gazetteer_analyse(" ".join(options["text"]), on=options["date"])
        for m in analysis.matches:
            self.stdout.write(
                f"{m.start}-{m.end}\t{m.text}\t{m.level}\t{m.key}\t{m.confidence:.2f}\t{m.reason}"
            )
        if options["rejected"]:
            for r in analysis.rejected:
                self.stdout.write(f"-\t{r.start}-{r.end}\t{r.text}\t{r.reason}")

"""Poll the news sources and store new articles: run it from cron (or a task runner).

Polite and resumable (see awaaz.evidence.services_sources): run it as often as you like; a
source is polled only when its interval has passed, and an article is fetched only once.
"""

from __future__ import annotations

import contextlib
import fcntl
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from tqdm import tqdm

from awaaz.evidence.models import NewsSource
from awaaz.evidence.services_sources import sources_due, sources_fetch


class Command(BaseCommand):
    help = (
        "Fetch new articles from the active news sources that are due (or from the sources "
        "named with --source, active or not). Prints one summary line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            metavar="NAME_OR_ID",
            help="Poll this source now, even if inactive or not due (may be repeated).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Poll every active source now, whether or not its interval has passed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lock = getattr(settings, "AWAAZ_FETCH_LOCK_FILE", None) or (
            Path(settings.VAR_DIR) / "evidence_fetch.lock"
        )
        with _single_run(Path(lock)) as alone:
            if not alone:
                # Two runs at once would double the load on every site; cron will try again.
                self.stdout.write("Another evidence_fetch is running; nothing done.")
                return
            self._fetch(self._sources(options), options)

    def _sources(self, options: dict[str, Any]) -> list[NewsSource]:
        names: list[str] = options["source"]
        if names:
            wanted = Q()
            for name in names:
                wanted |= Q(name=name) | (Q(pk=int(name)) if name.isdigit() else Q())
            sources = list(NewsSource.objects.filter(wanted).order_by("id"))
            found = {s.name for s in sources} | {str(s.pk) for s in sources}
            missing = [name for name in names if name not in found]
            if missing:
                raise CommandError(f"No such news source: {', '.join(missing)}")
        elif options["all"]:
            sources = list(NewsSource.objects.filter(active=True).order_by("id"))
        else:
            sources = sources_due()
        return sources

    def _fetch(self, sources: list[NewsSource], options: dict[str, Any]) -> None:
        with tqdm(
            total=0,
            desc="articles",
            unit="",
            # A bar on an interactive terminal only: logs and CI get the summary line.
            disable=options["verbosity"] < 1 or not sys.stderr.isatty(),
            file=sys.stderr,
        ) as bar:

            def grow(count: int) -> None:
                bar.total = (bar.total or 0) + count
                bar.refresh()

            def step() -> None:
                bar.update(1)

            summary = sources_fetch(sources=sources, on_entries=grow, on_article=step)
        if options["verbosity"] > 1:
            for error in summary.errors:
                self.stderr.write(error)
        self.stdout.write(summary.line())


@contextlib.contextmanager
def _single_run(lock_path: Path) -> Iterator[bool]:
    """Yield True while holding an exclusive lock on `lock_path` (one machine), False if another
    process holds it. The lock goes with the process, so a crash never leaves it stuck."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

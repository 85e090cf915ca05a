"""Seed a few Pakistani outlets' public feeds as INACTIVE examples.

They are a starting point for an operator, not a crawl list: the addresses were public RSS feeds
when written down and may have moved. Check an outlet's terms and robots.txt, then switch a
source on in the admin. Running the command again adds what is missing and changes nothing
that an operator has edited (in particular, never the `active` switch).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from awaaz.evidence.models import NewsSource, SourceKind

# name, outlet, kind, url, language
EXAMPLE_SOURCES: list[tuple[str, str, str, str, str]] = [
    ("Dawn — Pakistan", "Dawn", SourceKind.RSS, "https://www.dawn.com/feeds/pakistan", "en"),
    (
        "The News — National",
        "The News International",
        SourceKind.RSS,
        "https://www.thenews.com.pk/rss/1/8",
        "en",
    ),
    (
        "The Express Tribune — Pakistan",
        "The Express Tribune",
        SourceKind.RSS,
        "https://tribune.com.pk/feed/pakistan",
        "en",
    ),
    (
        "Pakistan Today — National",
        "Pakistan Today",
        SourceKind.RSS,
        "https://www.pakistantoday.com.pk/category/national/feed/",
        "en",
    ),
    ("BBC Urdu", "BBC Urdu", SourceKind.RSS, "https://feeds.bbci.co.uk/urdu/rss.xml", "ur"),
    ("Express News — Urdu", "Daily Express", SourceKind.RSS, "https://www.express.pk/feed/", "ur"),
    ("Urdu News", "Urdu News", SourceKind.RSS, "https://www.urdunews.com/rss.xml", "ur"),
]


class Command(BaseCommand):
    help = "Add example news sources of Pakistani outlets, switched off (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        added = 0
        for name, outlet, kind, url, language in EXAMPLE_SOURCES:
            if NewsSource.objects.filter(url=url).exists():
                continue
            _source, created = NewsSource.objects.get_or_create(
                name=name,
                defaults={
                    "outlet": outlet,
                    "kind": kind,
                    "url": url,
                    "language": language,
                    "active": False,
                },
            )
            added += int(created)
        self.stdout.write(
            f"{added} example news sources added, "
            f"{len(EXAMPLE_SOURCES) - added} already present (all added ones are inactive)"
        )

"""Prepare fetched articles for the coders: `awaaz evidence_coding_prepare [--days 30]`.

Run after the fetcher (cron or a background task): the extractor reads every new article and
keeps its suggestion, then de-duplication groups the articles published in the last `--days`
days (clusters a coder has confirmed or split are left alone). Safe to run again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from awaaz.evidence.models import Article, ArticleStatus
from awaaz.evidence.services_coding import article_clusters_refresh, articles_extract


class Command(BaseCommand):
    help = "Extract new articles and group duplicates, ready for the coding queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="cluster articles this recent")

    def handle(self, *args: Any, **options: Any) -> None:
        new = Article.objects.filter(status=ArticleStatus.NEW).order_by("id")
        extracted = articles_extract(articles=new.iterator())
        since = timezone.now() - datetime.timedelta(days=options["days"])
        recent = (
            Article.objects.filter(Q(published_at__gte=since) | Q(fetched_at__gte=since))
            .exclude(status=ArticleStatus.NEW)
            .select_related("cluster")
        )
        clusters = article_clusters_refresh(actor=None, articles=recent)
        self.stdout.write(f"{extracted} articles extracted, {clusters} duplicate clusters made")

"""Reads for sources and articles (area E1), with the rule on who may read article text.

Article text is news as published, but it often names victims and their villages; only the
people whose work is checking it (coders, and the country coordinator who leads them) read it.
Everyone else who may see articles at all sees the title, outlet, date and address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from awaaz.core.roles import CODER, COUNTRY_COORDINATOR
from awaaz.evidence.models import Article, NewsSource

ARTICLE_TEXT_ROLES = (CODER, COUNTRY_COORDINATOR)


def article_text_readable_by(user: Any) -> bool:
    """True when `user` (an active, signed-in account) holds a role that reads article text."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(user.groups.filter(name__in=ARTICLE_TEXT_ROLES).exists())


def articles_list(*, user: Any) -> QuerySet[Article]:
    """Articles with their source, newest first; the text column is left out for those who
    may not read it, so it never leaves the database for them."""
    queryset = Article.objects.select_related("source").order_by("-fetched_at", "-id")
    if not article_text_readable_by(user):
        queryset = queryset.defer("text")
    return queryset


def sources_list() -> QuerySet[NewsSource]:
    return NewsSource.objects.select_related("province").order_by("outlet", "name")

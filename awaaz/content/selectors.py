"""Reads for the public pages: only published content ever leaves these functions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from awaaz.content.models import LawEntry, LawKind, Myth, Page, Source

_SOURCES = Prefetch("sources", queryset=Source.objects.order_by("title"))


@dataclass(frozen=True)
class LawGroup:
    kind: str
    label: str
    entries: list[LawEntry]


def law_entries_published() -> QuerySet[LawEntry]:
    return LawEntry.objects.filter(published=True)


def law_groups_published() -> list[LawGroup]:
    """Published law entries grouped by kind, in the order of `LawKind`; empty kinds left out."""
    by_kind: dict[str, list[LawEntry]] = {}
    for entry in law_entries_published():
        by_kind.setdefault(entry.kind, []).append(entry)
    return [
        LawGroup(kind=value, label=str(label), entries=by_kind[value])
        for value, label in LawKind.choices
        if value in by_kind
    ]


def law_entry_detail_queryset() -> QuerySet[LawEntry]:
    return law_entries_published().prefetch_related("amendments", _SOURCES)


def myths_published() -> QuerySet[Myth]:
    return Myth.objects.filter(published=True).prefetch_related(_SOURCES)


def pages_published() -> QuerySet[Page]:
    return Page.objects.filter(published=True).prefetch_related(_SOURCES)

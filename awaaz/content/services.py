"""Writes for content: loading the seed content that ships in `awaaz/content/data/`.

Coordinators edit content in the admin, so the loader only ever *adds* what is missing (matched
by slug, and sources by key). An entry that exists is left exactly as it is, unless the caller
asks for `update=True`, which overwrites it deliberately from the files.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from awaaz.content.models import Amendment, LawEntry, Myth, Page, Source

DATA_DIR = Path(__file__).resolve().parent / "data"

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], name: str) -> None:
        bucket[name] = bucket.get(name, 0) + 1

    def summary(self) -> str:
        names = ["sources", "law entries", "myths", "pages"]
        return "; ".join(
            f"{name}: {self.created.get(name, 0)} created, {self.updated.get(name, 0)} updated, "
            f"{self.kept.get(name, 0)} kept"
            for name in names
        )


def _read(data_dir: Path, name: str) -> list[dict[str, Any]]:
    path = data_dir / name
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    update: bool,
    label: str,
    result: LoadResult,
) -> tuple[M, bool]:
    """Create the row if missing; overwrite it only with `update`. Returns (row, written)."""
    row = model._default_manager.filter(**lookup).first()
    if row is not None and not update:
        result.count(result.kept, label)
        return row, False
    if row is None:
        row = model(**lookup)
        result.count(result.created, label)
    else:
        result.count(result.updated, label)
    for name, value in values.items():
        setattr(row, name, value)
    # The seed files pass the same validators as the admin (safe text, web-only URLs).
    row.full_clean()
    row.save()
    return row, True


def _sources(keys: list[str], known: dict[str, Source]) -> list[Source]:
    missing = [key for key in keys if key not in known]
    if missing:
        raise ValueError(f"unknown source key(s) in the content data: {missing}")
    return [known[key] for key in keys]


_TEXT = ("title", "summary", "body")


@transaction.atomic
def content_load(*, update: bool = False, data_dir: Path | None = None) -> LoadResult:
    """Create the seed sources, law entries, myths and pages that are missing.

    Idempotent: running it twice changes nothing. With `update=True`, rows that exist are
    overwritten from the files (their amendment history and source links too).
    """
    data_dir = data_dir or DATA_DIR
    result = LoadResult()

    known: dict[str, Source] = {}
    for s in _read(data_dir, "sources.json"):
        source, _ = _upsert(
            Source,
            {"key": s["key"]},
            {
                "title": s["title"],
                "publisher": s.get("publisher", ""),
                "published_on": _date(s.get("published_on")),
                "url": s.get("url", ""),
                "note_en": s.get("note_en", ""),
                "note_ur": s.get("note_ur", ""),
            },
            update=update,
            label="sources",
            result=result,
        )
        known[source.key] = source
    # Entries may cite sources created earlier (or by a coordinator) that are not in this file.
    known.update({s.key: s for s in Source.objects.exclude(key__in=known)})

    for row in _read(data_dir, "law.json"):
        values = {f"{n}_{lang}": row.get(f"{n}_{lang}", "") for n in _TEXT for lang in ("en", "ur")}
        values |= {
            "kind": row["kind"],
            "reference_en": row["reference_en"],
            "reference_ur": row.get("reference_ur", ""),
            "last_reviewed": _date(row["last_reviewed"]),
            "order": row.get("order", 0),
            "published": row.get("published", True),
        }
        law, written = _upsert(
            LawEntry,
            {"slug": row["slug"]},
            values,
            update=update,
            label="law entries",
            result=result,
        )
        if written:
            law.sources.set(_sources(row.get("sources", []), known))
            law.amendments.all().delete()
            for a in row.get("amendments", []):
                amendment = Amendment(
                    law=law,
                    date=datetime.date.fromisoformat(a["date"]),
                    act_en=a["act_en"],
                    act_ur=a.get("act_ur", ""),
                    change_en=a["change_en"],
                    change_ur=a.get("change_ur", ""),
                )
                amendment.full_clean()
                amendment.save()

    for row in _read(data_dir, "myths.json"):
        values = {
            f"{n}_{lang}": row.get(f"{n}_{lang}", "")
            for n in ("myth", "fact", "explanation")
            for lang in ("en", "ur")
        }
        values |= {"order": row.get("order", 0), "published": row.get("published", True)}
        myth, written = _upsert(
            Myth, {"slug": row["slug"]}, values, update=update, label="myths", result=result
        )
        if written:
            myth.sources.set(_sources(row.get("sources", []), known))

    for row in _read(data_dir, "pages.json"):
        values = {f"{n}_{lang}": row.get(f"{n}_{lang}", "") for n in _TEXT for lang in ("en", "ur")}
        values |= {
            "published": row.get("published", True),
            "last_reviewed": _date(row.get("last_reviewed")),
        }
        page, written = _upsert(
            Page, {"slug": row["slug"]}, values, update=update, label="pages", result=result
        )
        if written:
            page.sources.set(_sources(row.get("sources", []), known))

    return result

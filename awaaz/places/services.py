"""Writes for places: loading the gazetteer of provinces, districts and their towns."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from awaaz.places.gazetteer import gazetteer_reset
from awaaz.places.models import Boundary, District, Place, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    provinces: int = 0
    districts: int = 0
    places: int = 0


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def reference_files() -> list[Path]:
    return sorted(DATA_DIR.glob("provinces/*.json"))


def count_districts(files: Iterable[Path]) -> int:
    return sum(len(json.loads(p.read_text(encoding="utf-8"))["districts"]) for p in files)


@transaction.atomic
def places_load(
    *, files: Iterable[Path] | None = None, progress: Callable[[], object] | None = None
) -> LoadResult:
    """Upsert provinces, districts and places from the reference JSON files.

    Rows are matched on their codes (and a place on district + name + kind), so loading twice
    changes nothing, and a corrected spelling in the file updates the row in place.
    `progress`, if given, is called once per district loaded (for a progress bar).
    """
    result = LoadResult()
    successor_links: list[tuple[District, list[str]]] = []
    for path in files if files is not None else reference_files():
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        p = data["province"]
        province, _ = Province.objects.update_or_create(
            code=p["code"],
            defaults={
                "slug": p["slug"],
                "name_en": p["name_en"],
                "name_ur": p["name_ur"],
                "kind": p["kind"],
                "aliases": p.get("aliases", []),
                "sort_order": p.get("sort_order", 0),
                "population": p.get("population_2023"),
            },
        )
        result.provinces += 1
        for d in data["districts"]:
            district, _ = District.objects.update_or_create(
                code=d["code"],
                defaults={
                    "province": province,
                    "name_en": d["name_en"],
                    "name_ur": d["name_ur"],
                    "roman": d.get("roman", []),
                    "aliases": d.get("aliases", []),
                    "division": d.get("division", ""),
                    "latitude": d.get("lat"),
                    "longitude": d.get("lon"),
                    "population": d.get("population_2023"),
                    "valid_from": _date(d.get("valid_from")),
                    "valid_to": _date(d.get("valid_to")),
                    "notes": d.get("notes", ""),
                },
            )
            result.districts += 1
            if progress is not None:
                progress()
            successor_links.append((district, d.get("successors", [])))
            for pl in d.get("places", []):
                Place.objects.update_or_create(
                    district=district,
                    name_en=pl["name_en"],
                    kind=pl["kind"],
                    defaults={"name_ur": pl.get("name_ur", ""), "aliases": pl.get("aliases", [])},
                )
                result.places += 1
    for district, codes in successor_links:
        district.successors.set(District.objects.filter(code__in=codes))
    # The gazetteer caches its index per process: rebuild it from the new rows once they commit.
    transaction.on_commit(gazetteer_reset)
    return result


@transaction.atomic
def boundaries_store(
    *, level: str, paths: dict[str, str], source: str, licence: str, replace: bool
) -> int:
    """Store checked, projected outlines (SVG path data by code) for one level, all or none.

    With `replace`, outlines of this level that `paths` does not name are deleted; returns how
    many were. The caller (places_import_boundaries) has validated every code beforehand.
    """
    now = timezone.now()
    for code, path in paths.items():
        Boundary.objects.update_or_create(
            level=level,
            code=code,
            defaults={"path": path, "source": source, "licence": licence, "imported_at": now},
        )
    if not replace:
        return 0
    removed, _detail = Boundary.objects.filter(level=level).exclude(code__in=paths).delete()
    return removed

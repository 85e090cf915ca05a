"""Writes for official figures: published aggregates, stored exactly as published.

A figure from Sahil, HRCP, the police or a ministry counts something different from what
Awaaz codes (children only, women only, registered FIRs only ...), so each keeps its source,
definition, area and period, and none is ever added to incident counts.

`official_figures_import` is all-or-nothing: every row is checked first, and one bad row means
nothing is saved and every problem is reported with its row number. Importing the same rows
again changes nothing (a figure is identified by publisher, source, area, period and category).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.evidence.models import AreaLevel, FigureUnit, OfficialFigure
from awaaz.lib.text import text_problem
from awaaz.places.models import Province

COLUMNS = (
    "publisher",
    "source",
    "url",
    "area_level",
    "province",
    "period_start",
    "period_end",
    "category",
    "definition",
    "value",
    "unit",
    "notes",
)
REQUIRED = ("publisher", "source", "area_level", "period_start", "period_end", "category")


class FigureImportError(Exception):
    """The rows were refused; `errors` says why, one line per problem, with the row number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def _province(value: str) -> Province | None:
    value = value.strip()
    return (
        Province.objects.filter(
            Q(code__iexact=value) | Q(slug__iexact=value) | Q(name_en__iexact=value)
        )
        .order_by("pk")
        .first()
    )


def _check_row(number: int, row: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []

    def problem(message: str) -> None:
        errors.append(_("Row %(row)s: %(problem)s") % {"row": number, "problem": message})

    raw = {k: str(row.get(k) or "").strip() for k in COLUMNS}
    for name in REQUIRED:
        if not raw[name]:
            problem(_("%(column)s is empty.") % {"column": name})
    for name, value in raw.items():
        issue = text_problem(value, multiline=name in ("definition", "notes"))
        if issue:
            problem(f"{name}: {issue}")
    for name, limit in (("publisher", 120), ("source", 200), ("category", 200), ("url", 500)):
        if len(raw[name]) > limit:
            problem(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": name, "limit": limit}
            )
    if raw["url"] and not raw["url"].startswith(("https://", "http://")):
        problem(_("the URL must start with https:// or http://."))
    values: dict[str, Any] = {k: raw[k] for k in ("publisher", "source", "url", "category")}
    values["definition"], values["notes"] = raw["definition"], raw["notes"]
    if raw["area_level"] not in AreaLevel.values:
        problem(_("area_level must be national or province."))
    values["area_level"] = raw["area_level"]
    values["province"] = None
    if raw["area_level"] == AreaLevel.PROVINCE:
        values["province"] = _province(raw["province"]) if raw["province"] else None
        if values["province"] is None:
            problem(_("province %(name)s is not known.") % {"name": raw["province"] or "-"})
    elif raw["province"]:
        problem(_("a national figure cannot name a province."))
    for name in ("period_start", "period_end"):
        try:
            values[name] = datetime.date.fromisoformat(raw[name])
        except ValueError:
            problem(_("%(column)s must be a date like 2024-12-31.") % {"column": name})
    if (
        isinstance(values.get("period_start"), datetime.date)
        and isinstance(values.get("period_end"), datetime.date)
        and values["period_end"] < values["period_start"]
    ):
        problem(_("the period ends before it starts."))
    try:
        values["value"] = Decimal(raw["value"].replace(",", ""))
        if not values["value"].is_finite() or values["value"] < 0:
            raise InvalidOperation
    except InvalidOperation:
        problem(_("value must be a number, e.g. 4175 or 25.5."))
    if raw["unit"] not in FigureUnit.values:
        problem(_("unit must be one of %(units)s.") % {"units": ", ".join(FigureUnit.values)})
    values["unit"] = raw["unit"]
    return values, errors


@transaction.atomic
def official_figures_import(
    *, actor: User | None, rows: Iterable[Mapping[str, Any]]
) -> ImportResult:
    """Check every row, then save them all (or nothing); returns what changed."""
    checked: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 of a CSV file is its header
        values, row_errors = _check_row(number, row)
        errors.extend(row_errors)
        if row_errors:
            continue
        key = (
            values["publisher"],
            values["source"],
            values["area_level"],
            values["province"].pk if values["province"] else None,
            values["period_start"],
            values["period_end"],
            values["category"],
        )
        if key in seen:
            errors.append(
                _("Row %(row)s: the same figure as row %(first)s.")
                % {"row": number, "first": seen[key]}
            )
            continue
        seen[key] = number
        checked.append(values)
    if errors:
        raise FigureImportError(errors)

    result = ImportResult()
    for values in checked:
        identity = {
            k: values[k]
            for k in (
                "publisher",
                "source",
                "area_level",
                "province",
                "period_start",
                "period_end",
                "category",
            )
        }
        rest = {k: v for k, v in values.items() if k not in identity}
        figure = OfficialFigure.objects.filter(**identity).first()
        if figure is None:
            OfficialFigure.objects.create(**identity, **rest)
            result.created += 1
        elif any(getattr(figure, k) != v for k, v in rest.items()):
            for k, v in rest.items():
                setattr(figure, k, v)
            figure.save()
            result.updated += 1
        else:
            result.unchanged += 1
    if result.created or result.updated:
        # A load that changes nothing (setup run again) leaves no trace to read past.
        audit_record(
            actor=actor,
            action="evidence.official_figures_import",
            detail={"created": result.created, "updated": result.updated},
        )
    return result

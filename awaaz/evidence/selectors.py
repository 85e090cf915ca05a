"""Reads for the coding workflow and the official figures.

Article text is visible only to coders: every selector that returns articles for the coding
screens takes the user and checks the role itself, so a view cannot forget to.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from awaaz.core.models import User
from awaaz.core.roles import CODER, COUNTRY_COORDINATOR
from awaaz.evidence.dedup import UNCERTAIN_BELOW
from awaaz.evidence.models import (
    Article,
    ArticleCluster,
    AssignmentStatus,
    ClusterStatus,
    CodingAssignment,
    CodingDecision,
    Incident,
    OfficialFigure,
)


def is_coder(user: Any) -> bool:
    """Coders (and the country coordinator, who supervises them) may read articles."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(user.groups.filter(name__in=[CODER, COUNTRY_COORDINATOR]).exists())


def _require_coder(user: User) -> None:
    if not is_coder(user):
        raise PermissionError("coders only")


def coding_queue(*, user: User) -> QuerySet[CodingAssignment]:
    """The user's open assignments, oldest first."""
    _require_coder(user)
    return (
        CodingAssignment.objects.filter(coder=user, status=AssignmentStatus.OPEN)
        .select_related("article", "article__source")
        .order_by("created_at", "id")
    )


def coding_done_count(*, user: User) -> int:
    _require_coder(user)
    return CodingAssignment.objects.filter(coder=user, status=AssignmentStatus.DONE).count()


def coding_assignment_get(*, user: User, pk: int) -> CodingAssignment:
    """One of the user's own assignments, with its article; 404 for anyone else's."""
    _require_coder(user)
    try:
        return CodingAssignment.objects.select_related(
            "article", "article__source", "article__cluster"
        ).get(pk=pk, coder=user)
    except CodingAssignment.DoesNotExist as missing:
        raise Http404 from missing


def clusters_for_review(*, user: User) -> QuerySet[ArticleCluster]:
    """Duplicate clusters the machine is unsure of, least sure first, with their articles."""
    _require_coder(user)
    return (
        ArticleCluster.objects.filter(status=ClusterStatus.AUTO, confidence__lt=UNCERTAIN_BELOW)
        .prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.select_related("source").order_by("published_at", "id"),
            )
        )
        .order_by("confidence", "id")
    )


def cluster_get(*, user: User, pk: int) -> ArticleCluster:
    _require_coder(user)
    try:
        return ArticleCluster.objects.get(pk=pk)
    except ArticleCluster.DoesNotExist as missing:
        raise Http404 from missing


def articles_in_cluster(
    *, user: User, cluster: ArticleCluster, ids: Iterable[int]
) -> list[Article]:
    _require_coder(user)
    return list(Article.objects.filter(cluster=cluster, pk__in=list(ids)))


# --- Agreement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    pairs: int
    observed: float  # share of pairs where both coders chose the same value
    kappa: float | None  # None when chance agreement is total (one value only)


def cohens_kappa(pairs: list[tuple[str, str]]) -> tuple[float, float | None]:
    """Observed agreement and Cohen's kappa for pairs of labels from two coders."""
    n = len(pairs)
    if n == 0:
        return 0.0, None
    observed = sum(1 for a, b in pairs if a == b) / n
    first: dict[str, int] = defaultdict(int)
    second: dict[str, int] = defaultdict(int)
    for a, b in pairs:
        first[a] += 1
        second[b] += 1
    expected = sum(first[k] * second.get(k, 0) for k in first) / (n * n)
    if expected >= 1.0:
        return observed, None
    return observed, (observed - expected) / (1 - expected)


def _label(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def agreement_report(*, user: User) -> list[FieldAgreement]:
    """Cohen's kappa per field over articles that two coders coded independently.

    A field one coder filled and the other did not (a second victim only one of them saw)
    counts as a disagreement, with the missing side labelled "absent".
    """
    _require_coder(user)
    decisions = (
        CodingDecision.objects.filter(
            assignment__is_double=True, assignment__status=AssignmentStatus.DONE
        )
        .values_list("assignment__article_id", "assignment__coder_id", "field", "value")
        .order_by("assignment__article_id", "assignment__coder_id")
    )
    by_article: dict[int, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for article_id, coder_id, field, value in decisions:
        by_article[article_id][coder_id][field] = value
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for coders in by_article.values():
        if len(coders) < 2:
            continue
        a, b = (coders[k] for k in sorted(coders)[:2])
        for field in sorted(set(a) | set(b)):
            pairs[field].append(
                (
                    _label(a[field]) if field in a else "absent",
                    _label(b[field]) if field in b else "absent",
                )
            )
    report = []
    for field in sorted(pairs, key=lambda f: (f.startswith("victim"), f)):
        observed, kappa = cohens_kappa(pairs[field])
        report.append(
            FieldAgreement(field=field, pairs=len(pairs[field]), observed=observed, kappa=kappa)
        )
    return report


@dataclass(frozen=True)
class MachineAccuracy:
    field: str
    decisions: int
    accepted: float  # share of decisions where the coder kept the machine's value


def machine_accuracy(*, user: User) -> list[MachineAccuracy]:
    """How often coders kept the machine's suggestion, per field, over all coded articles."""
    _require_coder(user)
    rows = (
        CodingDecision.objects.filter(assignment__status=AssignmentStatus.DONE)
        .values("field")
        .annotate(n=Count("id"), kept=Count("id", filter=Q(accepted=True)))
        .order_by("field")
    )
    out = [
        MachineAccuracy(field=r["field"], decisions=r["n"], accepted=r["kept"] / r["n"])
        for r in rows
        if r["n"]
    ]
    return sorted(out, key=lambda r: (r.field.startswith("victim"), r.field))


def cluster_siblings(*, user: User, article: Article) -> list[Article]:
    """The other articles the de-duplicator (or a coder) put with this one."""
    _require_coder(user)
    if article.cluster_id is None:
        return []
    return list(
        Article.objects.filter(cluster_id=article.cluster_id)
        .exclude(pk=article.pk)
        .select_related("source")
        .order_by("published_at", "id")
    )


# --- Official figures (public) ---------------------------------------------------------------


def official_figures() -> QuerySet[OfficialFigure]:
    """Every published figure, grouped by publisher then period; public information."""
    return OfficialFigure.objects.select_related("province").order_by(
        "publisher", "period_start", "period_end", "province__sort_order", "category", "id"
    )


# --- Reads for the statistics releases (awaaz/stats/releases.py) ----------------------------
#
# Aggregates only: the stats app never sees an incident row, only GROUP BY counts over the
# dimensions below. "relationship" joins the accused, so incidents are counted distinctly.

INCIDENT_DIMENSIONS: dict[str, str] = {
    "year": "occurred_year",
    "quarter": "occurred_quarter",
    "stream": "stream",
    "province": "district__province__code",
    "district": "district__code",
    "gender": "victim__gender",
    "age_band": "victim__age_band",
    "gbv_type": "gbv_type",
    "sahil_category": "sahil_category",
    "place_type": "place_type",
    "fir_status": "fir_status",
    "relationship": "perpetrators__relationship",
}


def incident_counts_query(
    *, dimensions: Iterable[str], until: datetime.date | None = None
) -> QuerySet[Incident, dict[str, Any]]:
    """The GROUP BY query behind `incident_counts`, with each dimension aliased "d_<name>"
    (an annotation may not share a field's name, such as "stream"). Year and quarter are the
    stored `occurred_year` / `occurred_quarter`, not a date function per row. `until`: only
    incidents on or before that day."""
    dims = list(dimensions)
    expressions: dict[str, Any] = {f"d_{name}": F(INCIDENT_DIMENSIONS[name]) for name in dims}
    counter = Count("id", distinct=True) if "relationship" in dims else Count("id")
    dated = Incident.objects.filter(occurred_on__isnull=False)
    if until is not None:
        dated = dated.filter(occurred_on__lte=until)
    return dated.order_by().values(**expressions).annotate(count=counter)


def incident_counts(
    *, dimensions: Iterable[str], until: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Dated incidents (on or before `until`, if given) counted by the given dimensions ("year"
    and "quarter" of the incident date, or a key of INCIDENT_DIMENSIONS), one dict per group with
    its "count"."""
    dims = list(dimensions)
    rows = incident_counts_query(dimensions=dims, until=until)
    return [{**{name: row[f"d_{name}"] for name in dims}, "count": row["count"]} for row in rows]


def incident_totals() -> tuple[int, int]:
    """(all incidents, incidents without a date)."""
    return Incident.objects.count(), Incident.objects.filter(occurred_on__isnull=True).count()


def incident_dimension_codes() -> dict[str, list[str]]:
    """The codes each categorical dimension can take, in the codebook's order."""
    from awaaz.evidence import models as m

    return {
        "stream": list(m.IncidentStream.values),
        "gender": list(m.Gender.values),
        "age_band": list(m.VictimAgeBand.values),
        "gbv_type": list(m.GbvType.values),
        "sahil_category": list(m.SahilCategory.values),
        "place_type": list(m.PlaceType.values),
        "fir_status": list(m.FirStatus.values),
        "relationship": list(m.Relationship.values),
    }


def incident_demo_count(*, until: datetime.date | None = None) -> int:
    """Invented demonstration incidents (`Incident.is_demo`) that a release up to `until` counts:
    dated, on or before that day."""
    demo = Incident.objects.filter(is_demo=True, occurred_on__isnull=False)
    if until is not None:
        demo = demo.filter(occurred_on__lte=until)
    return demo.count()

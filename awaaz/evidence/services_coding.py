"""Writes for the coding workflow: handing out articles, coders' decisions, duplicate clusters.

The machine's extraction (`Article.extraction`, one line of the `awaaz extract` contract) is a
suggestion. A coder accepts or corrects it field by field; every field is kept as a
`CodingDecision` with the machine's value beside the coder's, so the agreement report and the
machine's accuracy can both be computed later. A configurable sample of articles (10% by
default, `EVIDENCE_DOUBLE_CODING_RATE`) goes to two coders independently: the first answer
creates the incidents, the second only measures agreement (docs/codebook.md, "Coding").
A second sample (5% by default, `EVIDENCE_NOT_A_CASE_CHECK_RATE`) of the articles the machine set
aside as not case reports goes to one coder, so that the cases the machine misses are found, coded
and counted in its accuracy.

Incidents follow the GBVIMS rule: one per victim. An article whose duplicate cluster already
has incidents is linked to them rather than counted again.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Mod
from django.utils import timezone

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.evidence import dedup
from awaaz.evidence.models import (
    Article,
    ArticleCluster,
    ArticleStatus,
    AssignmentStatus,
    ClusterStatus,
    CodingAssignment,
    CodingDecision,
    DatePrecision,
    FirStatus,
    Incident,
    IncidentStream,
)
from awaaz.evidence.services_incidents import (
    IncidentData,
    PerpetratorData,
    VictimData,
    incident_create,
)
from awaaz.places.models import District

DEFAULT_DOUBLE_CODING_RATE = 0.10
DEFAULT_NOT_A_CASE_CHECK_RATE = 0.05
# A fixed pseudo-random bucket per article that the database computes itself (Knuth's
# multiplicative hash of the id), so the sample is chosen in SQL, not by reading every article.
_BUCKETS = 10_000
_MULTIPLIER = 2_654_435_761
UNCERTAIN = dedup.UNCERTAIN_BELOW


def double_coding_rate() -> float:
    return float(getattr(settings, "EVIDENCE_DOUBLE_CODING_RATE", DEFAULT_DOUBLE_CODING_RATE))


def not_a_case_check_rate() -> float:
    return float(getattr(settings, "EVIDENCE_NOT_A_CASE_CHECK_RATE", DEFAULT_NOT_A_CASE_CHECK_RATE))


def is_sampled_for_double_coding(article_id: int, rate: float) -> bool:
    """A fixed pseudo-random choice per article, so re-running never changes the sample."""
    digest = hashlib.sha256(f"double-coding:{article_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < rate


@transaction.atomic
def coding_assignments_take(
    *,
    actor: User,
    limit: int = 10,
    rate: float | None = None,
    check_rate: float | None = None,
) -> list[CodingAssignment]:
    """Give `actor` up to `limit` articles to code, oldest first.

    An article the machine found to be a case report is offered when nobody has it yet, or when
    it is in the double-coding sample and only one other coder has it. An article the machine set
    aside as not a case report is offered to one coder when it is in the check sample
    (`check_rate`). A coder never gets the same article twice, and two coders asking at the same
    moment never both get an article meant for one: each article is locked and its assignments
    counted again before it is given (on SQLite, writes are serialised anyway).
    """
    rate = double_coding_rate() if rate is None else rate
    check_rate = not_a_case_check_rate() if check_rate is None else check_rate
    check_sample = Q(status=ArticleStatus.NOT_A_CASE, bucket__lt=round(check_rate * _BUCKETS))
    candidates = (
        Article.objects.annotate(bucket=Mod(F("id") * _MULTIPLIER, _BUCKETS))
        .filter(Q(status=ArticleStatus.EXTRACTED) | check_sample)
        .exclude(coding_assignments__coder=actor)
        .annotate(taken_by=Count("coding_assignments"))
        .filter(taken_by__lt=2)
        # Articles in a doubtful duplicate cluster wait until a person has reviewed it.
        .exclude(Q(cluster__status=ClusterStatus.AUTO) & Q(cluster__confidence__lt=UNCERTAIN))
        .order_by("fetched_at", "id")
    )
    taken: list[CodingAssignment] = []
    for article in candidates.iterator():
        double = article.status == ArticleStatus.EXTRACTED and is_sampled_for_double_coding(
            article.pk, rate
        )
        if getattr(article, "taken_by", 0) >= (2 if double else 1):
            continue
        locked = Article.objects.select_for_update(skip_locked=True).filter(pk=article.pk)
        if not list(locked.values_list("pk", flat=True)):
            continue  # another coder is being given it right now
        if CodingAssignment.objects.filter(article=article).count() >= (2 if double else 1):
            continue  # given to someone since the list was read
        taken.append(
            CodingAssignment.objects.create(article=article, coder=actor, is_double=double)
        )
        if len(taken) >= limit:
            break
    if taken:
        audit_record(actor=actor, action="evidence.coding_take", detail={"assignments": len(taken)})
    return taken


@dataclass(frozen=True)
class CodedVictim:
    gender: str  # Gender value
    age: int | None
    age_band: str  # VictimAgeBand value
    disability: str


@dataclass(frozen=True)
class Coding:
    """What a coder decided for one article (validated by the form)."""

    is_case_report: bool
    victims: Sequence[CodedVictim] = ()
    offence_types: Sequence[str] = ()
    district: District | None = None
    occurred_on: datetime.date | None = None
    date_precision: str = DatePrecision.UNKNOWN
    place_type: str = "unknown"
    perpetrator_relationship: str = "unknown"
    num_accused: int | None = None
    ppc_sections: Sequence[str] = ()
    fir_status: str = FirStatus.NOT_STATED
    arrest_made: bool | None = None
    coder_confidence: str = ""


def _machine_gender(value: Any, age: Any, group: Any) -> str:
    from awaaz.evidence.services_incidents import age_band_for, gender_for

    age_int = age if isinstance(age, int) and not isinstance(age, bool) else None
    band = age_band_for(age_int, str(group) if group else None)
    return gender_for(str(value or "unknown"), band)[1]


def machine_fields(extraction: dict[str, Any]) -> dict[str, Any]:
    """The machine's suggestion in the same field names and values the coder's form uses."""
    from awaaz.evidence.services_incidents import age_band_for

    fir = extraction.get("fir_registered")
    out: dict[str, Any] = {
        "is_case_report": extraction.get("is_case_report"),
        "offence_types": sorted(extraction.get("offence_types") or []),
        "district": extraction.get("district") or None,
        "perpetrator_relationship": extraction.get("perpetrator_relationship") or "unknown",
        "num_accused": extraction.get("num_accused"),
        "ppc_sections": sorted(extraction.get("ppc_sections") or []),
        "fir_status": FirStatus.NOT_STATED
        if fir is None
        else FirStatus.REGISTERED
        if fir
        else FirStatus.NOT_REGISTERED,
        "arrest_made": extraction.get("arrest_made"),
    }
    for n, victim in enumerate(extraction.get("victims") or [], start=1):
        if not isinstance(victim, dict):
            continue
        age = victim.get("age")
        age = age if isinstance(age, int) and not isinstance(age, bool) else None
        out[f"victim{n}.gender"] = _machine_gender(
            victim.get("gender"), age, victim.get("age_group")
        )
        out[f"victim{n}.age"] = age
        out[f"victim{n}.age_band"] = age_band_for(age, victim.get("age_group"))
    return out


def coder_fields(coding: Coding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "is_case_report": coding.is_case_report,
        "offence_types": sorted(coding.offence_types),
        "district": coding.district.name_en if coding.district else None,
        "perpetrator_relationship": coding.perpetrator_relationship,
        "num_accused": coding.num_accused,
        "ppc_sections": sorted(coding.ppc_sections),
        "fir_status": coding.fir_status,
        "arrest_made": coding.arrest_made,
        "occurred_on": coding.occurred_on.isoformat() if coding.occurred_on else None,
        "place_type": coding.place_type,
    }
    if not coding.is_case_report:
        return {"is_case_report": False}
    for n, victim in enumerate(coding.victims, start=1):
        out[f"victim{n}.gender"] = victim.gender
        out[f"victim{n}.age"] = victim.age
        out[f"victim{n}.age_band"] = victim.age_band
        out[f"victim{n}.disability"] = victim.disability
    return out


def _same(machine: Any, coder: Any, field: str) -> bool:
    if field == "district" and isinstance(machine, str) and isinstance(coder, str):
        return machine.casefold() == coder.casefold()
    return bool(machine == coder)


@transaction.atomic
def coding_assignment_submit(
    *, actor: User, assignment: CodingAssignment, coding: Coding
) -> list[Incident]:
    """Record a coder's decisions for one article and, the first time, create its incidents.

    Returns the incidents the article is now linked to (none for an article that is not a
    case report). Refuses an assignment that belongs to someone else or is already done.
    """
    assignment = CodingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.coder_id != actor.pk:
        raise PermissionError("this article was given to another coder")
    if assignment.status == AssignmentStatus.DONE:
        raise ValueError("this article has already been coded")
    article = Article.objects.select_for_update().get(pk=assignment.article_id)

    machine = machine_fields(article.extraction or {})
    coded = coder_fields(coding)
    now = timezone.now()
    CodingDecision.objects.bulk_create(
        CodingDecision(
            assignment=assignment,
            field=name,
            machine_value=machine.get(name),
            value=value,
            accepted=_same(machine.get(name), value, name),
        )
        for name, value in coded.items()
    )
    assignment.status = AssignmentStatus.DONE
    assignment.is_case_report = coding.is_case_report
    assignment.completed_at = now
    assignment.save(update_fields=["status", "is_case_report", "completed_at", "updated_at"])

    incidents: list[Incident] = []
    # The first answer decides (a second, sampled coder only measures agreement). An article the
    # machine set aside and a coder finds to be a case report is a case the machine missed.
    answered = (
        CodingAssignment.objects.filter(article=article, status=AssignmentStatus.DONE)
        .exclude(pk=assignment.pk)
        .exists()
    )
    first = not answered and not Incident.objects.filter(articles=article).exists()
    if coding.is_case_report and first:
        incidents = _incidents_for(actor=actor, article=article, coding=coding)
    elif coding.is_case_report:
        incidents = list(Incident.objects.filter(articles=article))
    if first:
        article.status = ArticleStatus.CODED if coding.is_case_report else ArticleStatus.NOT_A_CASE
        article.save(update_fields=["status"])
    CodingDecision.objects.filter(assignment=assignment, field__startswith="victim").update(
        incident=incidents[0] if len(incidents) == 1 else None
    )
    audit_record(
        actor=actor,
        action="evidence.coding_submit",
        obj=assignment,
        detail={
            "article": article.pk,
            "case_report": coding.is_case_report,
            "incidents": len(incidents),
            "corrected": sorted(n for n in coded if not _same(machine.get(n), coded[n], n)),
        },
    )
    return incidents


def _incidents_for(*, actor: User, article: Article, coding: Coding) -> list[Incident]:
    # A duplicate of an article already coded joins its incidents instead of adding victims
    # twice; the coder sees which incidents the article joined on the next page.
    if article.cluster_id is not None:
        existing = list(Incident.objects.filter(articles__cluster_id=article.cluster_id).distinct())
        if existing:
            for incident in existing:
                incident.articles.add(article)
            return existing
    perpetrators: tuple[PerpetratorData, ...] = ()
    if coding.num_accused or coding.perpetrator_relationship != "unknown":
        perpetrators = (
            PerpetratorData(
                relationship=coding.perpetrator_relationship, count=coding.num_accused or 1
            ),
        )
    extraction = article.extraction or {}
    confidence = extraction.get("confidence")
    incidents = []
    for victim in coding.victims:
        incidents.append(
            incident_create(
                actor=actor,
                data=IncidentData(
                    stream=IncidentStream.NEWS,
                    victim=VictimData(
                        gender=victim.gender,
                        age=victim.age,
                        age_band=victim.age_band,
                        disability=victim.disability,
                    ),
                    offence_types=coding.offence_types,
                    occurred_on=coding.occurred_on,
                    date_precision=coding.date_precision,
                    district=coding.district,
                    place_type=coding.place_type,
                    ppc_sections=coding.ppc_sections,
                    perpetrators=perpetrators,
                    fir_status=coding.fir_status,
                    arrest_made=coding.arrest_made,
                    machine_confidence=float(confidence)
                    if isinstance(confidence, int | float)
                    else None,
                    coder_confidence=coding.coder_confidence,
                    verified=True,
                    articles=(article,),
                    cluster=article.cluster,
                ),
            )
        )
    return incidents


# --- Machine suggestions --------------------------------------------------------------------


def articles_extract(*, articles: Iterable[Article], index: Any = None) -> int:
    """Run the extractor (awaaz/evidence/extraction) over stored articles; keep its output.

    The output line of the `awaaz extract` contract becomes `Article.extraction`, the coders'
    starting point. Articles the machine finds to be case reports wait in the queue
    (`extracted`); the others are set aside as `not_a_case`. Returns how many were read.
    Each article is saved on its own, so a long run that stops keeps what it has done.
    """
    from awaaz.evidence.extraction import extract

    count = 0
    for article in articles:
        published = article.published_at.date().isoformat() if article.published_at else None
        result = extract(
            {
                "id": str(article.pk),
                "title": article.title,
                "text": article.text,
                "language": article.language,
                "date": published,
                "url": article.url,
            },
            index=index,
        )
        data = result.as_dict()
        article.extraction = data
        article.status = (
            ArticleStatus.EXTRACTED if data.get("is_case_report") else ArticleStatus.NOT_A_CASE
        )
        article.save(update_fields=["extraction", "status"])
        count += 1
    return count


# --- Duplicate clusters -------------------------------------------------------------------


def _record(article: Article) -> dict[str, Any]:
    extraction = article.extraction or {}
    return {
        "id": article.pk,
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "date": article.published_at.date() if article.published_at else None,
        "district": extraction.get("district"),
        "victims": extraction.get("victims") or [],
        "offence_types": extraction.get("offence_types") or [],
    }


@transaction.atomic
def article_clusters_refresh(*, actor: User | None, articles: Iterable[Article]) -> int:
    """Run de-duplication over `articles` and store the clusters; return how many changed.

    A person's decision stands: an article in a cluster a coder confirmed or split never
    moves. A new article found to report the same incident joins that reviewed cluster (when
    it matches exactly one); a group that spans two reviewed clusters is left as the coders
    left it. Machine clusters are reused when their articles stay together, so running this
    again changes nothing.
    """
    pool = list(articles)
    found = dedup.cluster_articles(_record(a) for a in pool)
    by_id = {str(a.pk): a for a in pool}

    def reviewed(article: Article) -> bool:
        return article.cluster is not None and article.cluster.status != ClusterStatus.AUTO

    changed = 0
    seen: set[str] = set()
    for cluster in found.values():
        if cluster.id in seen:
            continue
        seen.add(cluster.id)
        members = [by_id[m] for m in cluster.members]
        movable = [a for a in members if not reviewed(a)]
        fixed = {a.cluster_id for a in members if reviewed(a)}
        if len(cluster.members) < 2:
            target: ArticleCluster | None = None  # alone now: leave any machine cluster
        elif len(fixed) == 1:
            target = next(a.cluster for a in members if reviewed(a))
        elif len(fixed) > 1:
            continue
        else:
            current = [a.cluster for a in movable if a.cluster is not None]
            target = current[0] if current else ArticleCluster.objects.create()
            confidence = round(cluster.confidence, 3)
            method = "+".join(sorted(cluster.methods))
            if (target.confidence, target.method) != (confidence, method):
                target.confidence, target.method = confidence, method
                target.save(update_fields=["confidence", "method", "updated_at"])
        for article in movable:
            if article.cluster_id != (target.pk if target else None):
                article.cluster = target
                article.save(update_fields=["cluster"])
                changed += 1
    ArticleCluster.objects.filter(
        status=ClusterStatus.AUTO, articles__isnull=True, incidents__isnull=True
    ).delete()
    audit_record(actor=actor, action="evidence.clusters_refresh", detail={"moved": changed})
    return changed


@transaction.atomic
def cluster_confirm(*, actor: User, cluster: ArticleCluster) -> ArticleCluster:
    """A coder agrees that the cluster's articles report one incident."""
    cluster.status = ClusterStatus.CONFIRMED
    cluster.confidence = 1.0
    cluster.reviewed_by = actor
    cluster.reviewed_at = timezone.now()
    cluster.save()
    audit_record(actor=actor, action="evidence.cluster_confirm", obj=cluster)
    return cluster


@transaction.atomic
def cluster_split(
    *, actor: User, cluster: ArticleCluster, articles: Sequence[Article]
) -> ArticleCluster:
    """Move `articles` out of `cluster` into a new cluster of their own (a different incident).

    The moved articles are unlinked from the old cluster's incidents and go back to the queue;
    if they had been coded, those decisions were made for the wrong incident and are removed
    (the audit log keeps the count).
    """
    members = set(cluster.articles.values_list("pk", flat=True))
    moving = [a for a in articles if a.pk in members]
    if not moving or len(moving) == len(members):
        raise ValueError("choose some, but not all, of the cluster's articles")
    new = ArticleCluster.objects.create(
        status=ClusterStatus.SPLIT,
        confidence=1.0,
        method="coder",
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    moved_ids = [a.pk for a in moving]
    Article.objects.filter(pk__in=moved_ids).update(cluster=new)
    for incident in Incident.objects.filter(cluster=cluster):
        incident.articles.remove(*moved_ids)
    Article.objects.filter(pk__in=moved_ids, status=ArticleStatus.CODED).update(
        status=ArticleStatus.EXTRACTED
    )
    removed, _ = CodingAssignment.objects.filter(article_id__in=moved_ids).delete()
    cluster.status = ClusterStatus.SPLIT
    cluster.confidence = 1.0
    cluster.reviewed_by = actor
    cluster.reviewed_at = timezone.now()
    cluster.save()
    audit_record(
        actor=actor,
        action="evidence.cluster_split",
        obj=cluster,
        detail={"new_cluster": new.pk, "articles": len(moved_ids), "removed_rows": removed},
    )
    return new


@transaction.atomic
def cluster_merge(
    *, actor: User, into: ArticleCluster, others: Sequence[ArticleCluster]
) -> ArticleCluster:
    """Merge clusters that a coder recognises as one incident; their incidents stay (a coder
    deletes a double-counted incident in the admin, which is audited there)."""
    other_ids = [c.pk for c in others if c.pk != into.pk]
    if not other_ids:
        raise ValueError("choose at least one other cluster")
    Article.objects.filter(cluster_id__in=other_ids).update(cluster=into)
    Incident.objects.filter(cluster_id__in=other_ids).update(cluster=into)
    ArticleCluster.objects.filter(pk__in=other_ids).delete()
    into.status = ClusterStatus.CONFIRMED
    into.confidence = 1.0
    into.reviewed_by = actor
    into.reviewed_at = timezone.now()
    into.save()
    audit_record(
        actor=actor, action="evidence.cluster_merge", obj=into, detail={"merged": other_ids}
    )
    return into

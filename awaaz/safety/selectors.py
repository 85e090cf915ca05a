"""Reads of the safety app, with the permission filter built in.

A view never calls `.objects.get()` on a report: it asks here, and what comes back is already
limited to what the person may see.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import User
from awaaz.core.roles import CASE_WORKER, COUNTRY_COORDINATOR
from awaaz.places.models import District
from awaaz.safety.models import (
    Attachment,
    CaseWorkerKey,
    Label,
    Report,
    ReportStatus,
    Served,
    Service,
    ServiceKind,
)

# --- console -----------------------------------------------------------------------------------
# Row level: a case worker sees a report only while it is sealed to her key (a ReportKey row);
# that is the same fact that lets her decrypt it, so the filter and the cryptography agree.

# Reports still unread this many days after they arrived are flagged in the inbox. Reports carry a
# date, not a time (nothing the reporter does is timed), so "more than 48 hours" is two days.
UNREAD_FLAG_DAYS = 2


def console_is_case_worker(user: User | AnonymousUser) -> bool:
    """Staff in the "case worker" group: the only people who may open the console."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.groups.filter(name=CASE_WORKER).exists()
    )


def console_may_coordinate(user: User | AnonymousUser) -> bool:
    """Who may see the unassigned-reports summary (structured fields and counts only)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.groups.filter(name__in=[CASE_WORKER, COUNTRY_COORDINATOR]).exists()
    )


def console_key_for(user: User) -> CaseWorkerKey | None:
    """The case worker's key pair, or None before her first visit to the console."""
    return CaseWorkerKey.objects.filter(user=user).first()


def console_reports(*, user: User, status: str | None = None) -> QuerySet[Report]:
    """Reports assigned to `user` (sealed to her key), newest first, optionally by status."""
    reports = Report.objects.filter(keys__user=user).select_related("district")
    if status:
        reports = reports.filter(status=status)
    return reports.prefetch_related("labels").order_by("-received_on", "-id").distinct()


def console_status_counts(*, user: User) -> dict[str, int]:
    """How many assigned reports `user` has in each status (every status present, maybe 0)."""
    counts = dict.fromkeys(ReportStatus.values, 0)
    rows = (
        Report.objects.filter(keys__user=user)
        .values("status")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def console_unread_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Reports received on or before this date and still unread are overdue."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=UNREAD_FLAG_DAYS)


def console_overdue_ids(*, user: User) -> set[int]:
    """Ids of `user`'s reports that nobody has opened for more than 48 hours."""
    return set(
        Report.objects.filter(
            keys__user=user, is_unread=True, received_on__lte=console_unread_cutoff()
        ).values_list("id", flat=True)
    )


def console_report(*, user: User, public_id: str) -> Report:
    """One report assigned to `user`, or 404 (the same answer whether it exists or not)."""
    report = (
        Report.objects.filter(keys__user=user, public_id=public_id)
        .select_related("district", "share_service")
        .prefetch_related("labels")
        .first()
    )
    if report is None:
        raise Http404
    return report


def console_deletion_date(*, report: Report) -> datetime.date | None:
    """The day the retention purge deletes a closed report (the purge runs daily), or None."""
    if report.status != ReportStatus.CLOSED or report.closed_at is None:
        return None
    closed = timezone.localtime(report.closed_at).date()
    return closed + datetime.timedelta(days=settings.AWAAZ_REPORT_RETENTION_DAYS + 1)


def console_holds(*, user: User, report: Report) -> bool:
    """True while the report is sealed to `user`'s key."""
    return bool(report.keys.filter(user=user).exists())


def console_attachment(*, user: User, public_id: str, attachment_id: int) -> Attachment:
    """One attachment of a report assigned to `user`, or 404."""
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, report__public_id=public_id, report__keys__user=user
        )
        .select_related("report")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def console_report_assignees(*, report: Report) -> QuerySet[User]:
    """The case workers who hold a key to this report."""
    return User.objects.filter(safety_report_keys__report=report).order_by("username")


def console_assignable_case_workers(*, report: Report) -> QuerySet[User]:
    """Active case workers with a key pair who do not hold this report yet."""
    return (
        User.objects.filter(
            is_active=True, is_staff=True, groups__name=CASE_WORKER, safety_key__isnull=False
        )
        .exclude(safety_report_keys__report=report)
        .order_by("username")
        .distinct()
    )


def console_referral_services() -> QuerySet[Service]:
    """Services a case worker may refer to: the published directory."""
    return Service.objects.filter(published=True).order_by("kind", "name_en")


def console_labels() -> QuerySet[Label]:
    return Label.objects.order_by("name")


@dataclass(frozen=True)
class UnassignedSummary:
    """What a coordinator sees of reports no case worker holds: never any content."""

    count: int
    by_status: dict[str, int]
    reports: list[Report]


def console_unassigned_summary() -> UnassignedSummary:
    """Reports sealed to nobody, with structured fields only (the caller renders no ciphertext).

    The queryset is limited to the columns a coordinator may see, so not even the ciphertext is
    loaded into memory for this page.
    """
    unassigned = Report.objects.filter(~Q(keys__isnull=False))
    by_status = dict.fromkeys(ReportStatus.values, 0)
    for row in unassigned.values("status").annotate(n=Count("id")).order_by():
        by_status[row["status"]] = row["n"]
    reports = list(
        unassigned.select_related("district")
        .only(
            "public_id",
            "status",
            "received_on",
            "is_unread",
            "incident_type",
            "when",
            "survivor_gender",
            "survivor_age",
            "district__name_en",
            "district__name_ur",
        )
        .order_by("received_on", "id")[:200]
    )
    return UnassignedSummary(count=sum(by_status.values()), by_status=by_status, reports=reports)


# --- directory ---------------------------------------------------------------------------------
# The public help directory. Services are reference data (no permission filter), but the page
# must be honest about who each one helps: a service that does not say it serves the visitor is
# shown apart, with its own note, never silently dropped or silently included.


class DirectoryWho(models.TextChoices):
    """The "who I am" choice on the directory page."""

    WOMAN = "woman", _("a woman")
    MAN = "man", _("a man")
    GIRL = "girl", _("a girl")
    BOY = "boy", _("a boy")
    TRANSGENDER = "transgender", _("a khawaja sira or transgender person")
    HELPER = "helper", _("someone helping a survivor")


# Which `Served` group each visitor belongs to; a helper sees every service with its groups.
DIRECTORY_SERVED = {
    DirectoryWho.WOMAN: Served.WOMEN,
    DirectoryWho.MAN: Served.MEN,
    DirectoryWho.GIRL: Served.GIRLS,
    DirectoryWho.BOY: Served.BOYS,
    DirectoryWho.TRANSGENDER: Served.TRANSGENDER,
}


@dataclass(frozen=True)
class DirectoryEntry:
    service: Service
    # The groups the service says it serves, as translated labels, in the `Served` order.
    serves: tuple[str, ...]
    # The first number in `phone`, digits only, for a tel: link ("" when there is none).
    dial: str


@dataclass(frozen=True)
class DirectoryResult:
    who: str
    district: District | None
    # Services working where the visitor is that say they serve them (all of them for a helper).
    serving: tuple[DirectoryEntry, ...]
    # Services working there that do not say they serve this visitor.
    not_serving: tuple[DirectoryEntry, ...]


def directory_district_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Current districts grouped by province, names in the active language, for a <select>."""
    districts = District.objects.current().select_related("province")
    grouped: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    order: list[int] = []
    for district in districts.order_by("province__sort_order", "name_en"):
        if district.province_id not in grouped:
            grouped[district.province_id] = (district.province.name, [])
            order.append(district.province_id)
        grouped[district.province_id][1].append((district.code, district.name))
    return [
        (name, sorted(options, key=lambda option: option[1]))
        for name, options in (grouped[pk] for pk in order)
    ]


def directory_district(*, code: str) -> District | None:
    """The current district with this code, or None."""
    if not code:
        return None
    return District.objects.current().select_related("province").filter(code=code).first()


def _covers(service: Service, district: District | None) -> bool:
    """Whether the service works in the district: the whole country, the district itself, or
    its province when the service names no district of that province."""
    if district is None or service.nationwide:
        return True
    districts = list(service.districts.all())
    if any(d.pk == district.pk for d in districts):
        return True
    named_here = any(d.province_id == district.province_id for d in districts)
    provinces = {p.pk for p in service.provinces.all()}
    return district.province_id in provinces and not named_here


def _dial(phone: str) -> str:
    """ "0800-22227 or 1097" -> "080022227"; "15, then 2" -> "15"."""
    match = re.match(r"\s*(\+?[0-9][0-9 -]*)", phone)
    return re.sub(r"[^0-9+]", "", match.group(1)) if match else ""


def directory_services(*, who: str, district: District | None) -> DirectoryResult:
    """Published services working in `district` (anywhere when None), split by whether they say
    they serve `who` (a `DirectoryWho` value; anything else counts as a helper)."""
    labels = dict(Served.choices)
    order = {value: n for n, value in enumerate(Served.values)}
    kind_order = {value: n for n, value in enumerate(ServiceKind.values)}
    services = (
        Service.objects.filter(published=True)
        .prefetch_related("provinces", "districts")
        .order_by("kind", "name_en")
    )
    group = DIRECTORY_SERVED.get(DirectoryWho(who)) if who in DirectoryWho.values else None
    serving: list[DirectoryEntry] = []
    not_serving: list[DirectoryEntry] = []
    for service in sorted(
        services, key=lambda s: (kind_order.get(s.kind, 99), not s.nationwide, s.name_en)
    ):
        if not _covers(service, district):
            continue
        groups = [g for g in service.serves if g in labels]
        entry = DirectoryEntry(
            service=service,
            serves=tuple(str(labels[g]) for g in sorted(groups, key=lambda g: order[g])),
            dial=_dial(service.phone),
        )
        if group is None or group in groups:
            serving.append(entry)
        else:
            not_serving.append(entry)
    return DirectoryResult(
        who=who if who in DirectoryWho.values else "",
        district=district,
        serving=tuple(serving),
        not_serving=tuple(not_serving),
    )

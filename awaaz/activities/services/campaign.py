"""Campaign periods and chapter targets: the writes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awaaz.activities.models import CampaignPeriod, Target
from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.movement.models import Chapter
from awaaz.places.models import Province

SIXTEEN_DAYS_NAME_EN = "16 Days of Activism %(year)s"
SIXTEEN_DAYS_NAME_UR = "صنفی تشدد کے خلاف 16 روزہ مہم %(year)s"


def sixteen_days_slug(year: int) -> str:
    return f"16-days-{year}"


@transaction.atomic
def campaign_sixteen_days_ensure(
    *, year: int, actor: User | None = None
) -> tuple[CampaignPeriod, bool]:
    """The 16 Days of Activism of `year` (25 November - 10 December), created if missing.

    Idempotent: running it again changes nothing and records nothing. Returns (period, created).
    """
    period, created = CampaignPeriod.objects.get_or_create(
        slug=sixteen_days_slug(year),
        defaults={
            "name_en": SIXTEEN_DAYS_NAME_EN % {"year": year},
            "name_ur": SIXTEEN_DAYS_NAME_UR % {"year": year},
            "starts_on": datetime.date(year, 11, 25),
            "ends_on": datetime.date(year, 12, 10),
        },
    )
    if created:
        audit_record(actor=actor, action="campaign.create", obj=period, detail={"year": year})
    return period, created


@transaction.atomic
def campaign_target_set(
    *,
    actor: User | None,
    period: CampaignPeriod,
    chapter: Chapter,
    events: int = 0,
    attendance: int = 0,
    pledges: int = 0,
    media_items: int = 0,
) -> Target:
    """Set (create or replace) a chapter's targets for a period; all four at once."""
    values = {
        "events": events,
        "attendance": attendance,
        "pledges": pledges,
        "media_items": media_items,
    }
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("A target cannot be negative."), code="negative")
    target, _created = Target.objects.update_or_create(
        period=period, chapter=chapter, defaults=values
    )
    audit_record(actor=actor, action="campaign.target", obj=target, detail=values)
    return target


def campaign_report_export_record(
    *, actor: User, period: CampaignPeriod, fmt: str, province: Province | None = None
) -> None:
    """Note in the audit log that the full report left the site (it lists private events)."""
    detail: dict[str, str] = {"format": fmt}
    if province is not None:
        detail["province"] = province.slug
    audit_record(actor=actor, action="campaign.report_export", obj=period, detail=detail)

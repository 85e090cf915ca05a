"""Activities: events, their closing reports and media, and campaign periods with targets.

Each area keeps its models in its own section below (events, reports, campaign).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.text import validate_safe_text


def _in_urdu() -> bool:
    return (get_language() or "en").startswith("ur")


# --- Campaign (A3): campaign periods and targets per chapter ---------------------------------


class CampaignPeriod(TimeStampedModel):
    """A campaign with dates, e.g. the 16 Days of Activism (25 November - 10 December)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, validators=[validate_safe_text])
    name_ur = models.CharField(_("name (Urdu)"), max_length=120, validators=[validate_safe_text])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The last day of the campaign."))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campaign period")
        verbose_name_plural = _("campaign periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ur if _in_urdu() else self.name_en

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Target(TimeStampedModel):
    """What one chapter aims for in one campaign period; 0 means no target for that measure."""

    period = models.ForeignKey(
        CampaignPeriod,
        verbose_name=_("campaign period"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    chapter = models.ForeignKey(
        "movement.Chapter",
        verbose_name=_("chapter"),
        on_delete=models.CASCADE,
        related_name="campaign_targets",
    )
    events = models.PositiveIntegerField(_("events held"), default=0)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    pledges = models.PositiveIntegerField(_("confirmed pledges"), default=0)
    media_items = models.PositiveIntegerField(_("media items"), default=0)

    class Meta:
        ordering = ["period", "chapter"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        constraints = [
            models.UniqueConstraint(fields=["period", "chapter"], name="target_one_per_chapter")
        ]

    def __str__(self) -> str:
        return f"{self.period} / {self.chapter}"

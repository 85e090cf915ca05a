"""Published statistics: versioned releases of pre-computed, disclosure-controlled tables.

Nothing here is a raw record. A release is computed by a background job (`stats_release`) from
the incident records through GROUP BY queries, every cell passes disclosure control before it is
stored, and the pages, charts and API only ever read these rows. The shape of a table's cells is
documented in docs/statistics.md (§Tables).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Release(models.Model):
    """One computed set of tables, with the parameters (thresholds, rounding) it was made with."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    # Thresholds, rounding, the table keys and the counting rules the release was computed with.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # SHA-256 of the canonical JSON of every table, so a download can be checked against it.
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    incident_count = models.PositiveIntegerField(_("incidents counted"), default=0)
    # It counts invented demonstration incidents (`Incident.is_demo`, `make run`): every page,
    # chart, download and API response of it says so, and production never publishes it.
    contains_demo = models.BooleanField(_("contains demonstration data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("statistics release")
        verbose_name_plural = _("statistics releases")

    def __str__(self) -> str:
        return f"release {self.version}"


class PublishedTable(models.Model):
    """One table of a release: its dimensions and its cells, already suppressed.

    `cells` is a list of objects, one per cell including the totals ("*" in a dimension):
    {"year": 2024, "stream": "news", "province": "PK-PB", "quarter": "*", "value": 12,
     "suppressed": false, "display": "12"}; a suppressed cell has "value": null.
    """

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="tables"
    )
    key = models.SlugField(_("key"), max_length=80)
    # Slice dimensions first, then the row and the column dimension.
    dimensions = models.JSONField(_("dimensions"), default=list)
    row_dimension = models.CharField(_("row dimension"), max_length=40)
    column_dimension = models.CharField(_("column dimension"), max_length=40)
    has_totals = models.BooleanField(_("has totals"), default=True)
    cells = models.JSONField(_("cells"), default=list)

    class Meta:
        ordering = ["release", "key"]
        verbose_name = _("published table")
        verbose_name_plural = _("published tables")
        constraints = [
            models.UniqueConstraint(fields=["release", "key"], name="stats_table_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} (release {self.release_id})"


class ReleaseFile(models.Model):
    """A download of one table, written with the release so that the first download is as fast
    as any other and the checksum published with the release never changes: the spreadsheet
    (XLSX) of each table in each language of the site (its labels are translated)."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="files"
    )
    language = models.CharField(_("language"), max_length=8)
    key = models.SlugField(_("table"), max_length=80)
    fmt = models.CharField(_("format"), max_length=8)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["release", "key", "fmt", "language"]
        verbose_name = _("release file")
        verbose_name_plural = _("release files")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "language", "key", "fmt"], name="stats_file_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}.{self.fmt} ({self.language}, release {self.release_id})"

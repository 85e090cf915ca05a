"""Evidence: news sources and the articles fetched from them.

Article text is copyrighted news that may name victims; it is kept only so that coders can check
what the machine extracted, and is visible only to the coder and coordinator roles. Incident
records (which never carry names, villages or other identifying details) live beside it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.text import validate_safe_multiline_text, validate_safe_text


class SourceKind(models.TextChoices):
    RSS = "rss", _("RSS feed")
    ATOM = "atom", _("Atom feed")
    HTML_LISTING = "html_listing", _("HTML listing page")


class NewsLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")


class NewsSource(TimeStampedModel):
    """A feed or listing page of one outlet that the fetcher polls."""

    name = models.CharField(_("name"), max_length=120, unique=True, validators=[validate_safe_text])
    outlet = models.CharField(_("outlet"), max_length=120, validators=[validate_safe_text])
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    url = models.URLField(_("URL"), max_length=500, unique=True)
    # For an HTML listing: a regular expression that article links must match (searched in
    # the absolute URL). Empty means every link on the same host.
    link_pattern = models.CharField(
        _("article link pattern"),
        max_length=300,
        blank=True,
        help_text=_("A regular expression that article links on a listing page must match."),
    )
    language = models.CharField(_("language"), max_length=2, choices=NewsLanguage.choices)
    province = models.ForeignKey(
        "places.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a regional outlet; empty for a national one."),
    )
    active = models.BooleanField(_("active"), default=False)
    poll_interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=60)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    etag = models.CharField(_("ETag"), max_length=300, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    robots_allowed = models.BooleanField(
        _("allowed by robots.txt"),
        null=True,
        blank=True,
        help_text=_("What robots.txt said the last time the source was polled."),
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["outlet", "name"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")

    def __str__(self) -> str:
        return self.name


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("date and time")
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


class ArticleStatus(models.TextChoices):
    NEW = "new", _("new")
    NOT_A_CASE = "not_a_case", _("not a case report")
    EXTRACTED = "extracted", _("extracted")
    CODED = "coded", _("coded")
    DUPLICATE = "duplicate", _("duplicate")


class Article(models.Model):
    """One news story as fetched: its address, title, text and date. Nothing else personal."""

    source = models.ForeignKey(
        NewsSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    # Normalised: scheme and host lower-cased, fragment and tracking parameters removed.
    url = models.URLField(_("URL"), max_length=1000, unique=True)
    canonical_url = models.URLField(_("canonical URL"), max_length=1000, blank=True)
    title = models.CharField(
        _("title"), max_length=500, blank=True, validators=[validate_safe_text]
    )
    text = models.TextField(_("text"), blank=True, validators=[validate_safe_multiline_text])
    language = models.CharField(_("language"), max_length=2, choices=NewsLanguage.choices)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_precision = models.CharField(
        _("precision of the publication date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    fetched_at = models.DateTimeField(_("fetched"), db_index=True)
    # SHA-256 of the normalised text: the same story syndicated under two addresses.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ArticleStatus.choices,
        default=ArticleStatus.NEW,
        db_index=True,
    )
    extraction = models.JSONField(_("extraction"), default=dict, blank=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("view_article_text", _("Can read the text of articles"))]

    def __str__(self) -> str:
        return self.title or self.url

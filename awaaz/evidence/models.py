"""Evidence: news sources and the articles fetched from them.

Article text is copyrighted news that may name victims; it is kept only so that coders can check
what the machine extracted, and is visible only to the coder and coordinator roles. Incident
records (which never carry names, villages or other identifying details) live beside it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
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
    cluster = models.ForeignKey(
        "ArticleCluster",
        verbose_name=_("duplicate cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("view_article_text", _("Can read the text of articles"))]

    def __str__(self) -> str:
        return self.title or self.url


# --- E3: duplicate clusters, incidents, victims, perpetrators, coding, official figures ------
#
# An incident record never carries a name, a village, an address, a phone number or free text
# about the victim: only categories, a district and a date with its precision (codebook, rule 9).


class ClusterStatus(models.TextChoices):
    AUTO = "auto", _("found by the machine")
    CONFIRMED = "confirmed", _("confirmed by a coder")
    SPLIT = "split", _("split by a coder")


class ArticleCluster(TimeStampedModel):
    """Articles that the de-duplicator believes report the same incident."""

    status = models.CharField(
        _("status"), max_length=10, choices=ClusterStatus.choices, default=ClusterStatus.AUTO
    )
    confidence = models.FloatField(_("confidence"), default=1.0)
    method = models.CharField(_("method"), max_length=16, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["confidence", "-id"]
        verbose_name = _("article cluster")
        verbose_name_plural = _("article clusters")

    def __str__(self) -> str:
        return f"cluster {self.pk}"


class IncidentStream(models.TextChoices):
    NEWS = "news", _("news report")
    SURVIVOR_REPORT = "survivor_report", _("survivor report")


class PlaceType(models.TextChoices):
    VICTIM_HOME = "victim_home", _("victim's home")
    PERPETRATOR_HOME = "perpetrator_home", _("perpetrator's home")
    STREET = "street", _("street or road")
    FIELD = "field", _("field or farm")
    MADRASSA = "madrassa", _("madrassa")
    SCHOOL = "school", _("school")
    WORKPLACE = "workplace", _("workplace")
    VEHICLE = "vehicle", _("vehicle")
    INSTITUTION = "institution", _("hospital, police station or shelter")
    ONLINE = "online", _("online")
    OTHER = "other", _("other place")
    UNKNOWN = "unknown", _("not stated")


class GbvType(models.TextChoices):
    """The six GBVIMS core types, decided by elimination (codebook rule 4)."""

    RAPE = "rape", _("rape")
    SEXUAL_ASSAULT = "sexual_assault", _("sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("forced marriage")
    DENIAL = "denial", _("denial of resources, opportunities or services")
    PSYCHOLOGICAL = "psychological", _("psychological or emotional abuse")


class IccsCode(models.TextChoices):
    SEXUAL_VIOLENCE = "0301", _("0301 sexual violence")
    RAPE = "03011", _("03011 rape")
    STATUTORY_RAPE = "030113", _("030113 statutory rape")
    SEXUAL_ASSAULT = "03012", _("03012 sexual assault")
    SEXUAL_EXPLOITATION = "0302", _("0302 sexual exploitation")


class SahilCategory(models.TextChoices):
    RAPE = "rape", _("rape")
    SODOMY = "sodomy", _("sodomy")
    GANG_RAPE = "gang_rape", _("gang rape")
    GANG_SODOMY = "gang_sodomy", _("gang sodomy")
    ATTEMPTED_RAPE = "attempted_rape", _("attempted rape")
    ATTEMPTED_SODOMY = "attempted_sodomy", _("attempted sodomy")
    INCEST = "incest", _("incest")
    PORNOGRAPHY = "pornography", _("pornography with abuse")
    MURDER_AFTER_ABUSE = "murder_after_abuse", _("murder after abuse")
    SEXUAL_ASSAULT = "sexual_assault", _("sexual assault")
    HARASSMENT = "harassment", _("harassment")
    OTHER = "other", _("other")


class FirStatus(models.TextChoices):
    REGISTERED = "registered", _("FIR registered")
    REFUSED = "refused", _("police refused an FIR")
    NOT_REGISTERED = "not_registered", _("no FIR")
    NOT_STATED = "not_stated", _("not stated")


class CoderConfidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Incident(TimeStampedModel):
    """One victim, one event (the GBVIMS rule): several victims of one event are several rows."""

    stream = models.CharField(_("source stream"), max_length=16, choices=IncidentStream.choices)
    occurred_on = models.DateField(_("date of the incident"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    # The year and quarter of `occurred_on`, stored (set by save()) so that the statistics
    # release counts by them without a date function per row.
    occurred_year = models.PositiveSmallIntegerField(
        _("year of the incident"), null=True, blank=True, editable=False
    )
    occurred_quarter = models.PositiveSmallIntegerField(
        _("quarter of the incident"), null=True, blank=True, editable=False
    )
    district = models.ForeignKey(
        "places.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_type = models.CharField(
        _("type of place"), max_length=20, choices=PlaceType.choices, default=PlaceType.UNKNOWN
    )
    gbv_type = models.CharField(_("GBVIMS type"), max_length=20, choices=GbvType.choices)
    iccs_code = models.CharField(_("ICCS code"), max_length=8, choices=IccsCode.choices)
    sahil_category = models.CharField(
        _("category (as Sahil counts)"), max_length=20, choices=SahilCategory.choices
    )
    # The offence as the article words it ("sodomy", "zyadti"), one of the extractor's terms.
    offence_words = models.CharField(
        _("offence as reported"), max_length=40, blank=True, validators=[validate_safe_text]
    )
    ppc_sections = models.JSONField(_("PPC sections"), default=list, blank=True)
    is_gang = models.BooleanField(_("gang offence (two or more accused)"), default=False)
    is_fatal = models.BooleanField(_("victim killed"), default=False)
    involved_abduction = models.BooleanField(_("abduction"), default=False)
    is_online = models.BooleanField(_("online element"), default=False)
    fir_status = models.CharField(
        _("FIR status"), max_length=16, choices=FirStatus.choices, default=FirStatus.NOT_STATED
    )
    arrest_made = models.BooleanField(_("arrest made"), null=True, blank=True)
    # Provenance: who decided, under which rules, how sure.
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    codebook_version = models.CharField(_("codebook version"), max_length=16, blank=True)
    machine_confidence = models.FloatField(_("machine confidence"), null=True, blank=True)
    coder_confidence = models.CharField(
        _("coder confidence"), max_length=8, choices=CoderConfidence.choices, blank=True
    )
    verified = models.BooleanField(_("verified"), default=False)
    cluster = models.ForeignKey(
        ArticleCluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("articles"), blank=True, related_name="incidents"
    )
    # Invented by `evidence_incidents_demo` for a local try-out: never a real incident. A
    # statistics release that counts one says so everywhere, and production never publishes it.
    is_demo = models.BooleanField(_("demonstration data (invented)"), default=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"incident {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        day: Any = self.occurred_on
        if isinstance(day, str):  # assigned as text, not yet converted by a form
            day = datetime.date.fromisoformat(day)
        self.occurred_year = day.year if day else None
        self.occurred_quarter = (day.month - 1) // 3 + 1 if day else None
        fields = kwargs.get("update_fields")
        if fields is not None and "occurred_on" in fields:
            kwargs["update_fields"] = {*fields, "occurred_year", "occurred_quarter"}
        super().save(*args, **kwargs)


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("unknown")


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    GIRL = "girl", _("girl")
    BOY = "boy", _("boy")
    KHAWAJA_SIRA = "khawaja_sira", _("khawaja sira or transgender")
    NON_BINARY = "non_binary", _("non-binary")
    UNKNOWN = "unknown", _("unknown")


class VictimAgeBand(models.TextChoices):
    """Sahil's child bands, then adult bands; 'child'/'adult' when only that is known."""

    AGE_0_5 = "0-5", _("0–5")
    AGE_6_10 = "6-10", _("6–10")
    AGE_11_15 = "11-15", _("11–15")
    AGE_16_17 = "16-17", _("16–17")
    AGE_18_25 = "18-25", _("18–25")
    AGE_26_40 = "26-40", _("26–40")
    AGE_41_60 = "41-60", _("41–60")
    AGE_61_PLUS = "61+", _("61 and over")
    CHILD = "child", _("child, age not stated")
    ADULT = "adult", _("adult, age not stated")
    UNKNOWN = "unknown", _("not stated")


class Disability(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not stated")


class Victim(models.Model):
    """The one victim of an incident: categories only, never a name."""

    incident = models.OneToOneField(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="victim"
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN
    )
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=VictimAgeBand.choices, default=VictimAgeBand.UNKNOWN
    )
    disability = models.CharField(
        _("disability"), max_length=8, choices=Disability.choices, default=Disability.UNKNOWN
    )

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__lte=120),
                name="victim_age_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"victim of incident {self.incident_id}"


class PerpetratorAgeBand(models.TextChoices):
    """The GBVIMS perpetrator age groups."""

    AGE_0_11 = "0-11", _("0–11")
    AGE_12_17 = "12-17", _("12–17")
    AGE_18_25 = "18-25", _("18–25")
    AGE_26_40 = "26-40", _("26–40")
    AGE_41_60 = "41-60", _("41–60")
    AGE_61_PLUS = "61+", _("61 and over")
    UNKNOWN = "unknown", _("not stated")


class Relationship(models.TextChoices):
    FAMILY = "family", _("family member")
    PARTNER = "partner", _("intimate or former partner")
    NEIGHBOUR = "neighbour", _("neighbour or family friend")
    TEACHER = "teacher", _("teacher")
    CLERIC = "cleric", _("cleric")
    EMPLOYER = "employer", _("employer or supervisor")
    POLICE = "police", _("police")
    ACQUAINTANCE = "acquaintance", _("acquaintance")
    STRANGER = "stranger", _("stranger")
    UNKNOWN = "unknown", _("not stated")


class Perpetrator(models.Model):
    """One accused (or a group with the same description, with its count)."""

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="perpetrators",
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(
        _("age band"),
        max_length=8,
        choices=PerpetratorAgeBand.choices,
        default=PerpetratorAgeBand.UNKNOWN,
    )
    relationship = models.CharField(
        _("relationship to the victim"),
        max_length=16,
        choices=Relationship.choices,
        default=Relationship.UNKNOWN,
    )
    count = models.PositiveSmallIntegerField(_("number of accused"), default=1)

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")

    def __str__(self) -> str:
        return f"perpetrator in incident {self.incident_id}"


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")


class CodingAssignment(TimeStampedModel):
    """One article given to one coder; a sampled article is given to two, independently."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="coding_assignments",
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coder"),
        on_delete=models.PROTECT,
        related_name="coding_assignments",
    )
    is_double = models.BooleanField(_("coded twice for agreement"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    is_case_report = models.BooleanField(_("case report"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("coding assignment")
        verbose_name_plural = _("coding assignments")
        constraints = [
            models.UniqueConstraint(fields=["article", "coder"], name="one_assignment_per_coder")
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} for coder {self.coder_id}"


class CodingDecision(models.Model):
    """One field as one coder decided it: the machine's value, the coder's, and when."""

    assignment = models.ForeignKey(
        CodingAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coding_decisions",
    )
    # "is_case_report" for the article, "victim1.gender" etc. for the n-th victim.
    field = models.CharField(_("field"), max_length=40)
    machine_value = models.JSONField(_("machine's value"), null=True, blank=True)
    value = models.JSONField(_("coder's value"), null=True, blank=True)
    accepted = models.BooleanField(_("machine's value accepted"), default=False)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["assignment", "field"]
        verbose_name = _("coding decision")
        verbose_name_plural = _("coding decisions")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "field"], name="one_decision_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.field} in assignment {self.assignment_id}"


class AreaLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCE = "province", _("province")


class FigureUnit(models.TextChoices):
    CASES = "cases", _("cases")
    VICTIMS = "victims", _("victims")
    PERCENT = "percent", _("per cent")
    RATE_100K = "per_100k", _("per 100,000 people")


class OfficialFigure(TimeStampedModel):
    """A published aggregate, exactly as published; never added to incident counts."""

    source = models.CharField(
        _("source"),
        max_length=200,
        validators=[validate_safe_text],
        help_text=_("The publication, e.g. Cruel Numbers 2018."),
    )
    publisher = models.CharField(_("publisher"), max_length=120, validators=[validate_safe_text])
    url = models.URLField(_("URL"), max_length=500, blank=True)
    area_level = models.CharField(_("area"), max_length=10, choices=AreaLevel.choices)
    province = models.ForeignKey(
        "places.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    category = models.CharField(
        _("category as published"), max_length=200, validators=[validate_safe_text]
    )
    definition = models.TextField(
        _("definition"), blank=True, validators=[validate_safe_multiline_text]
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=FigureUnit.choices)
    notes = models.TextField(_("notes"), blank=True, validators=[validate_safe_multiline_text])

    class Meta:
        ordering = ["publisher", "period_start", "category"]
        verbose_name = _("official figure")
        verbose_name_plural = _("official figures")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "publisher",
                    "source",
                    "area_level",
                    "province",
                    "period_start",
                    "period_end",
                    "category",
                ],
                name="official_figure_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="official_figure_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.category} {self.period_start:%Y}"

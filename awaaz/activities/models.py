"""Activities: events, their closing reports and media, and campaign periods with targets.

Each area keeps its models in its own section below (events, reports, campaign).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import validate_safe_multiline_text, validate_safe_text

# --- Events (A1): events and RSVPs -----------------------------------------------------------
# (Restored by A3 from A1's migration 0001 after a concurrent write lost this section.)


class EventKind(models.TextChoices):
    AWARENESS = "awareness", _("awareness session")
    TRAINING = "training", _("training")
    PANEL = "panel", _("panel discussion")
    PRESS = "press", _("media/press conference")
    LAUNCH = "launch", _("chapter launch")
    WALK = "walk", _("walk or rally")
    SOCIAL = "social", _("social-media day")
    BROADCAST = "broadcast", _("TV or radio appearance")


class VenueKind(models.TextChoices):
    UNIVERSITY = "university", _("university")
    COLLEGE = "college", _("college")
    SCHOOL = "school", _("school")
    PRESS_CLUB = "press_club", _("press club")
    GOVERNMENT = "government", _("government office")
    NGO = "ngo", _("NGO")
    COMMUNITY_HALL = "community_hall", _("community hall")
    ONLINE = "online", _("online")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Event(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    chapter = models.ForeignKey(
        "movement.Chapter",
        verbose_name=_("chapter"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    title_en = models.CharField(
        _("title (English)"), max_length=160, validators=[validate_safe_text]
    )
    title_ur = models.CharField(
        _("title (Urdu)"), max_length=160, blank=True, validators=[validate_safe_text]
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    district = models.ForeignKey(
        "places.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    venue_kind = models.CharField(_("venue kind"), max_length=16, choices=VenueKind.choices)
    venue_name = models.CharField(
        _("venue"), max_length=160, blank=True, validators=[validate_safe_text]
    )
    description_en = models.TextField(
        _("description (English)"), blank=True, validators=[validate_safe_multiline_text]
    )
    description_ur = models.TextField(
        _("description (Urdu)"), blank=True, validators=[validate_safe_multiline_text]
    )
    speakers = models.TextField(
        _("speakers and trainers"), blank=True, validators=[validate_safe_multiline_text]
    )
    partner_organisations = models.TextField(
        _("partner organisations"), blank=True, validators=[validate_safe_multiline_text]
    )
    is_public = models.BooleanField(_("public"), default=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # The calendar walks public events in date order; with the district in the index,
            # the province filter is checked from the index alone, so a province with no
            # upcoming event does not cost a table lookup per upcoming event (bench/events.py).
            models.Index(
                fields=["is_public", "starts_at", "district"], name="activities_event_calendar"
            ),
            models.Index(fields=["chapter", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activities_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="activities_event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return (self.title_ur if reading_urdu() else self.title_en) or self.title_en

    @property
    def description(self) -> str:
        if reading_urdu() and self.description_ur:
            return self.description_ur
        return self.description_en


class RsvpStatus(models.TextChoices):
    GOING = "going", _("going")
    WAITLISTED = "waitlisted", _("waitlisted")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")


def _checkin_code() -> str:
    # Eight characters from an alphabet without look-alikes (0/O, 1/I/L): easy to read aloud at
    # the door and to type on a phone; the door search upper-cases what the host types.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Rsvp(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rsvps"
    )
    name = models.CharField(_("name"), max_length=80, validators=[validate_safe_text])
    # NULL, not "", so that the unique constraints ignore a missing contact.
    email = models.EmailField(_("email"), max_length=254, null=True, blank=True)  # noqa: DJ001

    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(
        _("status"), max_length=16, choices=RsvpStatus.choices, default=RsvpStatus.GOING
    )
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=_checkin_code)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="activities_rsvp_has_contact",
            ),
            models.UniqueConstraint(
                fields=["event", "email"], name="activities_rsvp_one_per_email"
            ),
            models.UniqueConstraint(
                fields=["event", "phone"], name="activities_rsvp_one_per_phone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} / {self.event_id}"


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
        return self.name_ur if reading_urdu() else self.name_en

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


# --- Closing reports, media, endorsements, partners (area A2) --------------------------------


class AudienceKind(models.TextChoices):
    STUDENTS = "students", _("students")
    TEACHERS = "teachers", _("teachers")
    JOURNALISTS = "journalists", _("journalists")
    OFFICIALS = "officials", _("government officials")
    POLICE = "police", _("police")
    LAWYERS = "lawyers", _("lawyers")
    HEALTH = "health", _("health workers")
    RELIGIOUS = "religious", _("religious leaders")
    NGO = "ngo", _("NGO workers")
    COMMUNITY = "community", _("community members")


class EventReport(TimeStampedModel):
    """The closing report of one event. One per event: the unique key settles a double filing."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="report"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    men = models.PositiveIntegerField(_("men"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    transgender = models.PositiveIntegerField(_("transgender"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    total_note = models.CharField(
        _("why the total differs"), max_length=300, blank=True, validators=[validate_safe_text]
    )
    audience = models.JSONField(_("audience"), default=list, blank=True)
    outcomes = models.TextField(
        _("outcomes"), blank=True, validators=[validate_safe_multiline_text]
    )
    follow_ups = models.TextField(
        _("follow-ups"), blank=True, validators=[validate_safe_multiline_text]
    )
    coverage_links = models.JSONField(_("coverage links"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=F("men") + F("women") + F("transgender")),
                name="activities_report_total_not_below_sum",
            )
        ]

    def __str__(self) -> str:
        return f"report #{self.pk} on event {self.event_id}"

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(AudienceKind.choices)
        return [str(labels[kind]) for kind in self.audience if kind in labels]

    @property
    def public_photos(self) -> list[ReportPhoto]:
        """Photos whose people consented to publication (the event must be public too)."""
        return [photo for photo in self.photos.all() if photo.consent_to_publish]


class ReportPhoto(models.Model):
    """A photo of an event, re-encoded without any metadata. Public only with consent."""

    report = models.ForeignKey(
        EventReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to="activities/photos/", max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    caption = models.CharField(
        _("caption"), max_length=200, blank=True, validators=[validate_safe_text]
    )
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self) -> str:
        return f"photo #{self.pk}"


class ReportReminderStage(models.TextChoices):
    HOUR = "1h", _("one hour after the event")
    DAYS = "3d", _("three days after the event")


class ReportReminder(models.Model):
    """A reminder sent for a missing report; the unique key keeps the command idempotent."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="report_reminders")
    stage = models.CharField(max_length=4, choices=ReportReminderStage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stage"], name="activities_report_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} reminder for event {self.event_id}"


class MediaMedium(models.TextChoices):
    TV = "tv", _("TV")
    RADIO = "radio", _("radio")
    PRINT = "print", _("print")
    ONLINE = "online", _("online")
    SOCIAL = "social", _("social media")


class MediaLanguage(models.TextChoices):
    URDU = "ur", _("Urdu")
    ENGLISH = "en", _("English")
    PUNJABI = "pa", _("Punjabi")
    SINDHI = "sd", _("Sindhi")
    PASHTO = "ps", _("Pashto")
    BALOCHI = "bal", _("Balochi")
    OTHER = "other", _("other")


class MediaItem(TimeStampedModel):
    """One piece of coverage the campaign earned: a link, a scanned clipping, or both."""

    outlet = models.CharField(_("outlet"), max_length=160, validators=[validate_safe_text])
    medium = models.CharField(_("medium"), max_length=8, choices=MediaMedium.choices)
    language = models.CharField(_("language"), max_length=8, choices=MediaLanguage.choices)
    published_on = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=300, validators=[validate_safe_text])
    link = models.URLField(_("link"), max_length=500, blank=True)
    clipping = models.FileField(
        _("scanned clipping"), upload_to="activities/clippings/", max_length=200, blank=True
    )
    clipping_type = models.CharField(max_length=40, blank=True)
    spokesperson = models.CharField(
        _("spokesperson"), max_length=120, blank=True, validators=[validate_safe_text]
    )
    chapter = models.ForeignKey(
        "movement.Chapter",
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(clipping=""), name="activities_media_link_or_clipping"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Endorsement(TimeStampedModel):
    """A public figure's words for the campaign. Shown only with consent, once verified."""

    name = models.CharField(_("name"), max_length=120, validators=[validate_safe_text])
    title = models.CharField(
        _("title or position"), max_length=200, blank=True, validators=[validate_safe_text]
    )
    quote_en = models.TextField(
        _("quote (English)"), blank=True, validators=[validate_safe_multiline_text]
    )
    quote_ur = models.TextField(
        _("quote (Urdu)"), blank=True, validators=[validate_safe_multiline_text]
    )
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        ordering = ["-verified_at", "-pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return self.name

    @property
    def quote(self) -> str:
        chosen = self.quote_ur if reading_urdu() else self.quote_en
        return chosen or self.quote_en or self.quote_ur


class PartnerKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    UN = "un", _("UN agency")
    EMBASSY = "embassy", _("embassy or EU delegation")
    UNIVERSITY = "university", _("university")
    GOVERNMENT = "government", _("government")
    MEDIA = "media", _("media")


class Partner(TimeStampedModel):
    name = models.CharField(_("name"), max_length=160, unique=True, validators=[validate_safe_text])
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    website = models.URLField(_("website"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[validate_safe_multiline_text])

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class EngagementKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    MOU = "mou", _("MoU")
    JOINT_EVENT = "joint_event", _("joint event")
    OTHER = "other", _("other")


class PartnerEngagement(TimeStampedModel):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="engagements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    happened_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True, validators=[validate_safe_multiline_text])
    chapter = models.ForeignKey(
        "movement.Chapter",
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_engagements",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.partner}"

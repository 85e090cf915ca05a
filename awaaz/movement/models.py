"""The movement: pledges, members, chapters and who may see what.

A *member* is a person we can reach (by a confirmed email address or phone number); a *pledge* is
one public act by a member, under one version of the pledge text. A member has at most one home
chapter. Roles are dated: a focal person's term ends, and the history stays.

Counts that the public and the coordinators see come from `PledgeTally` (confirmed pledges per
district and week), which survives the erasure of the people behind it: "delete my data" removes
the person and keeps only the anonymous count.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import validate_safe_multiline_text, validate_safe_text
from awaaz.places.models import District, Province


class PledgeText(TimeStampedModel):
    """One version of the pledge and its consent wording. Published versions never change."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text_en = models.TextField(_("pledge (English)"), validators=[validate_safe_multiline_text])
    text_ur = models.TextField(_("pledge (Urdu)"), validators=[validate_safe_multiline_text])
    consent_en = models.TextField(_("consent (English)"), validators=[validate_safe_multiline_text])
    consent_ur = models.TextField(_("consent (Urdu)"), validators=[validate_safe_multiline_text])
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("pledge text")
        verbose_name_plural = _("pledge texts")

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def text(self) -> str:
        return self.text_ur if reading_urdu() else self.text_en

    @property
    def consent(self) -> str:
        return self.consent_ur if reading_urdu() else self.consent_en


class ChapterKind(models.TextChoices):
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    UNIVERSITY = "university", _("university")
    COLLEGE = "college", _("college")


class ChapterStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    LAUNCHED = "launched", _("launched")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    CLOSED = "closed", _("closed")


class Chapter(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, validators=[validate_safe_text])
    name_ur = models.CharField(_("name (Urdu)"), max_length=120, validators=[validate_safe_text])
    kind = models.CharField(_("kind"), max_length=16, choices=ChapterKind.choices)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="chapters"
    )
    description_en = models.TextField(
        _("description (English)"), blank=True, validators=[validate_safe_multiline_text]
    )
    description_ur = models.TextField(
        _("description (Urdu)"), blank=True, validators=[validate_safe_multiline_text]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ChapterStatus.choices,
        default=ChapterStatus.PROPOSED,
        db_index=True,
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    launch_event = models.CharField(
        _("launch event"), max_length=200, blank=True, validators=[validate_safe_text]
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    high_risk = models.BooleanField(
        _("high risk"),
        default=False,
        help_text=_(
            "Membership itself is dangerous here: member lists are hidden and exports blocked."
        ),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ur if reading_urdu() else self.name_en

    @property
    def description(self) -> str:
        if reading_urdu() and self.description_ur:
            return self.description_ur
        return self.description_en

    @property
    def province(self) -> Province:
        return self.district.province


class Member(TimeStampedModel):
    """A person in the movement. Contact details are normalised: email lower-cased, phone E.164.

    `user` is the account used to sign in without a password (link or code); it is created on
    first sign-in. After erasure the row is deleted; only anonymous tallies remain.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    display_name = models.CharField(
        _("name"), max_length=80, blank=True, validators=[validate_safe_text]
    )
    email = models.EmailField(_("email"), max_length=254, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True, unique=True)
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("phone confirmed"), null=True, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    home_chapter = models.ForeignKey(
        Chapter,
        verbose_name=_("home chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    joined_chapter_at = models.DateTimeField(_("joined chapter"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ur"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="member_reachable",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_verified_at is not None or self.phone_verified_at is not None


class PledgeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    EXPIRED = "expired", _("expired")


class Pledge(TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="pledges"
    )
    text = models.ForeignKey(
        PledgeText, verbose_name=_("pledge text"), on_delete=models.PROTECT, related_name="pledges"
    )
    display_name = models.CharField(
        _("name shown"), max_length=80, blank=True, validators=[validate_safe_text]
    )
    is_public = models.BooleanField(_("show my name"), default=False)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="pledges"
    )
    chapter = models.ForeignKey(
        Chapter,
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
    )
    consent_version = models.PositiveIntegerField(_("consent version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            # One confirmed pledge per person and pledge version: pledging twice is recognised.
            models.UniqueConstraint(
                fields=["member", "text"],
                condition=Q(status="confirmed"),
                name="pledge_once_per_version",
            )
        ]
        indexes = [
            models.Index(fields=["status", "confirmed_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"pledge #{self.pk} ({self.status})"


class PledgeTally(models.Model):
    """Confirmed pledges per district and ISO week (Monday). Anonymous; survives erasure."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    week = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "week"], name="tally_one_row_per_week")
        ]
        indexes = [models.Index(fields=["week"])]
        verbose_name = _("pledge tally")
        verbose_name_plural = _("pledge tallies")

    def __str__(self) -> str:
        return f"{self.district_id} {self.week}: {self.count}"

    @staticmethod
    def week_of(moment: datetime.datetime) -> datetime.date:
        day = timezone.localdate(moment)
        return day - datetime.timedelta(days=day.weekday())


class VerificationPurpose(models.TextChoices):
    PLEDGE = "pledge", _("confirm a pledge")
    SIGN_IN = "sign_in", _("sign in")
    CONTACT = "contact", _("confirm a new email address or phone number")


class VerificationChannel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")


class Verification(models.Model):
    """A one-time link (email) or code (SMS). Only hashes are stored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="verifications")
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.CASCADE, related_name="verifications"
    )
    purpose = models.CharField(max_length=16, choices=VerificationPurpose.choices)
    channel = models.CharField(max_length=8, choices=VerificationChannel.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # For purpose "contact" only: the new email address or E.164 phone number waiting to be
    # confirmed; the member's own row keeps the old one until the new one is proven.
    new_contact = models.CharField(max_length=254, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "purpose", "used_at"])]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.channel} for member {self.member_id}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now() and self.attempts < 5


class ChapterRoleKind(models.TextChoices):
    FOCAL_PERSON = "focal_person", _("focal person")
    DEPUTY = "deputy", _("deputy focal person")


class ChapterRole(TimeStampedModel):
    """A dated term as focal person or deputy of one chapter."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="roles")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="chapter_roles")
    kind = models.CharField(_("role"), max_length=16, choices=ChapterRoleKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["chapter", "kind", "-starts_on"]
        verbose_name = _("chapter role")
        verbose_name_plural = _("chapter roles")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "kind"],
                condition=Q(ends_on__isnull=True),
                name="one_open_term_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.chapter}"


class ProvinceRole(TimeStampedModel):
    """A provincial coordinator's dated term: sees every chapter in the province."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_roles"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="coordinators")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("provincial coordinator")
        verbose_name_plural = _("provincial coordinators")

    def __str__(self) -> str:
        return f"{self.user} for {self.province}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class JoinRequest(TimeStampedModel):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="join_requests")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="join_requests")
    message = models.CharField(
        _("message"), max_length=500, blank=True, validators=[validate_safe_multiline_text]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "chapter"],
                condition=Q(status="pending"),
                name="one_pending_request_per_chapter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.chapter} ({self.status})"

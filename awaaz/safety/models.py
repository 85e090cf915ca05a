"""Safe reporting: the help directory, survivor reports and everything case workers attach to them.

What is stored in the clear is only what the inbox, the retention rules and the anonymous
statistics need: structured choices, coarse dates (never a time for anything the reporter does)
and consent flags. The account itself, contact details, messages, notes and attachment metadata
are ciphertext (`BinaryField`), encrypted to the report's own public key by `safety.services`;
the private key exists only inside envelopes (`Report.receipt_wrapped_key`, `ReportKey`).
Deleting the envelopes and the ciphertext is crypto-shredding: nothing left can be read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import validate_safe_multiline_text, validate_safe_text


# --- help directory ----------------------------------------------------------------------------
class ServiceKind(models.TextChoices):
    HELPLINE = "helpline", _("helpline")
    POLICE_DESK = "police_desk", _("police women and transgender protection desk")
    CRISIS_CELL = "crisis_cell", _("Anti-Rape Crisis Cell")
    LEGAL_AID = "legal_aid", _("legal aid")
    MEDICAL = "medical", _("medical care")
    COUNSELLING = "counselling", _("counselling")
    SHELTER = "shelter", _("shelter")
    OTHER = "other", _("other support")


class Served(models.TextChoices):
    """Who a service helps; a report's survivor gender maps onto these."""

    WOMEN = "women", _("women")
    MEN = "men", _("men")
    GIRLS = "girls", _("girls")
    BOYS = "boys", _("boys")
    TRANSGENDER = "transgender", _("khawaja sira and transgender people")


class Service(TimeStampedModel):
    """One place that helps survivors, with where it works, whom it serves and when we checked."""

    kind = models.CharField(_("kind"), max_length=24, choices=ServiceKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200, validators=[validate_safe_text])
    name_ur = models.CharField(
        _("name (Urdu)"), max_length=200, blank=True, validators=[validate_safe_text]
    )
    nationwide = models.BooleanField(_("serves the whole country"), default=False)
    provinces = models.ManyToManyField(
        "places.Province", verbose_name=_("provinces"), blank=True, related_name="+"
    )
    districts = models.ManyToManyField(
        "places.District", verbose_name=_("districts"), blank=True, related_name="+"
    )
    # A list of `Served` values.
    serves = models.JSONField(_("serves"), default=list, blank=True)
    # Language codes, e.g. ["ur", "en", "pa"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hours = models.CharField(
        _("hours"), max_length=120, blank=True, validators=[validate_safe_text]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_safe_text])
    website = models.URLField(_("website"), blank=True)
    address_text = models.CharField(
        _("address"), max_length=300, blank=True, validators=[validate_safe_text]
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_source = models.CharField(
        _("verified from"), max_length=300, blank=True, validators=[validate_safe_text]
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    published = models.BooleanField(_("published"), default=True)
    # Entries loaded from data/services.json carry a stable key, so that loading again updates
    # them instead of adding copies; entries added in the admin may leave it empty.
    slug = models.SlugField(_("key"), max_length=80, unique=True, null=True, blank=True)
    # Who may use it, what it does and what is uncertain: shown under the name in the directory.
    note_en = models.TextField(
        _("note (English)"), blank=True, validators=[validate_safe_multiline_text]
    )
    note_ur = models.TextField(
        _("note (Urdu)"), blank=True, validators=[validate_safe_multiline_text]
    )

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("help service")
        verbose_name_plural = _("help services")
        constraints = [
            # "Verified" means nothing without the day somebody checked.
            models.CheckConstraint(
                condition=models.Q(is_verified=False) | models.Q(last_verified__isnull=False),
                name="safety_service_verified_has_date",
                violation_error_message=_(
                    "A verified service needs the date it was last verified."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        urdu = reading_urdu()
        return self.name_ur if urdu and self.name_ur else self.name_en

    @property
    def note(self) -> str:
        urdu = reading_urdu()
        return self.note_ur if urdu and self.note_ur else self.note_en


# --- reports -----------------------------------------------------------------------------------
class ReportStatus(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    REFERRED = "referred", _("referred")
    CLOSED = "closed", _("closed")


class ReporterRole(models.TextChoices):
    SURVIVOR = "survivor", _("it happened to me")
    WITNESS = "witness", _("I saw or know about it")
    ON_BEHALF = "on_behalf", _("I am reporting for someone else")


class IncidentType(models.TextChoices):
    """Plain, gender-neutral choices that map one-to-one onto the GBVIMS types."""

    # GBVIMS 1 "rape": any penetration without consent, of anyone; includes sodomy (PPC s.377).
    RAPE = "rape", _("rape (forced sex of any kind, including sodomy)")
    # GBVIMS 2 "sexual assault": unwanted sexual touching without penetration.
    SEXUAL_ASSAULT = "sexual_assault", _("sexual assault (unwanted sexual touching)")
    # GBVIMS counts attempts with the act attempted; kept apart so the statistics can say so.
    ATTEMPTED = "attempted", _("an attempt at rape or sexual assault")
    HARASSMENT = "harassment", _("sexual harassment")
    ONLINE_ABUSE = "online_abuse", _("online sexual abuse or blackmail")
    OTHER = "other", _("something else")


class WhenBucket(models.TextChoices):
    WITHIN_3_DAYS = "within_3_days", _("in the last three days")
    WITHIN_MONTH = "within_month", _("in the last month")
    WITHIN_YEAR = "within_year", _("in the last year")
    OVER_YEAR = "over_year", _("more than a year ago")
    NOT_SURE = "not_sure", _("not sure")


class SurvivorGender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    GIRL = "girl", _("girl")
    BOY = "boy", _("boy")
    TRANSGENDER = "transgender", _("khawaja sira or transgender")
    NON_BINARY = "non_binary", _("non-binary")
    PREFER_NOT = "prefer_not", _("prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_12 = "under_12", _("under 12")
    AGE_12_17 = "12_17", _("12 to 17")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_39 = "25_39", _("25 to 39")
    AGE_40_59 = "40_59", _("40 to 59")
    AGE_60_PLUS = "60_plus", _("60 or older")
    PREFER_NOT = "prefer_not", _("prefer not to say")


class PerpetratorCount(models.TextChoices):
    ONE = "one", _("one person")
    TWO = "two", _("two people")
    THREE_PLUS = "three_plus", _("three or more people")
    UNKNOWN = "unknown", _("not sure")


class Relationship(models.TextChoices):
    FAMILY = "family", _("a family member")
    PARTNER = "partner", _("a husband, wife or partner (now or before)")
    ACQUAINTANCE = "acquaintance", _("someone known (neighbour, friend, classmate)")
    AUTHORITY = "authority", _("someone with authority (teacher, employer, cleric)")
    OFFICIAL = "official", _("police or another official")
    STRANGER = "stranger", _("a stranger")
    UNKNOWN = "unknown", _("not sure or prefer not to say")


class YesNoUnsure(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_SURE = "not_sure", _("not sure")


class HelpWanted(models.TextChoices):
    MEDICAL = "medical", _("medical care")
    LEGAL = "legal", _("legal help")
    COUNSELLING = "counselling", _("counselling")
    SAFETY = "safety", _("safety or shelter")
    BE_HEARD = "be_heard", _("just to be heard")


class Label(models.Model):
    """A case worker's tag for sorting the inbox ("urgent", "child", ...)."""

    name = models.CharField(_("name"), max_length=60, unique=True, validators=[validate_safe_text])

    class Meta:
        ordering = ["name"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """One anonymous report from a survivor, a witness or someone reporting for a survivor.

    No created/updated time: only `received_on` and `reporter_active_on`, dates, so the row
    cannot be matched with a network log. The `id` stays internal; pages use `public_id`.
    """

    public_id = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        db_index=True,
    )
    received_on = models.DateField(_("received on"))
    # The last day the reporter added or read something (a date, like everything they do).
    reporter_active_on = models.DateField(_("reporter last active on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    is_unread = models.BooleanField(_("unread"), default=True, db_index=True)

    reporter_role = models.CharField(
        _("who is reporting"), max_length=16, choices=ReporterRole.choices
    )
    incident_type = models.CharField(
        _("what happened"), max_length=24, choices=IncidentType.choices
    )
    when = models.CharField(_("when"), max_length=16, choices=WhenBucket.choices)
    district = models.ForeignKey(
        "places.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survivor_gender = models.CharField(
        _("survivor's gender"), max_length=16, choices=SurvivorGender.choices
    )
    survivor_age = models.CharField(_("survivor's age"), max_length=16, choices=AgeBand.choices)
    perpetrator_count = models.CharField(
        _("how many people did it"), max_length=16, choices=PerpetratorCount.choices
    )
    perpetrator_relationship = models.CharField(
        _("who they were"), max_length=16, choices=Relationship.choices
    )
    police_told = models.CharField(
        _("police were told"), max_length=16, choices=YesNoUnsure.choices
    )
    fir_registered = models.CharField(
        _("FIR registered"), max_length=16, choices=YesNoUnsure.choices
    )
    # A list of `HelpWanted` values.
    help_wanted = models.JSONField(_("help wanted"), default=list, blank=True)

    consent_statistics = models.BooleanField(_("may be counted anonymously"), default=False)
    consent_share = models.BooleanField(_("may be shared with a service"), default=False)
    share_service = models.ForeignKey(
        Service,
        verbose_name=_("service to share with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_contact = models.BooleanField(_("wants to be contacted"), default=False)
    # Set once the report (with consent_statistics) has become an anonymous incident in the
    # evidence app, so that it is counted exactly once; the incident keeps no link back.
    counted_in_statistics = models.BooleanField(_("counted in statistics"), default=False)

    # Keys. The private key is never stored bare: see ReportKey and receipt_wrapped_key.
    public_key = models.BinaryField(_("public key"), max_length=32)
    # Keyed, slow hash of the receipt (Argon2id + AWAAZ_RECEIPT_PEPPER), hex; finds the report.
    receipt_lookup = models.CharField(_("receipt look-up"), max_length=64, unique=True)
    receipt_salt = models.BinaryField(_("receipt salt"), max_length=16)
    receipt_wrapped_key = models.BinaryField(_("private key wrapped by the receipt"))
    # The Argon2id cost used for this report's receipt, so a later change of settings does not
    # lock earlier reporters out.
    kdf_opslimit = models.PositiveIntegerField(_("KDF operations"))
    kdf_memlimit = models.PositiveBigIntegerField(_("KDF memory"))

    narrative_ciphertext = models.BinaryField(_("account (encrypted)"))
    contact_ciphertext = models.BinaryField(_("contact details (encrypted)"), blank=True)

    labels = models.ManyToManyField(Label, verbose_name=_("labels"), blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.public_id


class ReportKey(models.Model):
    """The report's private key sealed to one case worker's public key: her access to it."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case worker"),
        on_delete=models.CASCADE,
        related_name="safety_report_keys",
    )
    sealed_private_key = models.BinaryField(_("sealed private key"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("report key")
        verbose_name_plural = _("report keys")
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="safety_reportkey_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.user_id}"


class CaseWorkerKey(TimeStampedModel):
    """A case worker's key pair; the private half wrapped by her password and by a recovery key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case worker"),
        on_delete=models.CASCADE,
        related_name="safety_key",
    )
    public_key = models.BinaryField(_("public key"), max_length=32)
    wrapped_private_key = models.BinaryField(_("private key wrapped by the password"))
    salt = models.BinaryField(_("salt"), max_length=16)
    kdf_opslimit = models.PositiveIntegerField(_("KDF operations"))
    kdf_memlimit = models.PositiveBigIntegerField(_("KDF memory"))
    recovery_wrapped_key = models.BinaryField(_("private key wrapped by the recovery key"))
    # New reports are sealed to every case worker who takes them in (triage); if nobody does,
    # to every case worker with keys, so that no report is ever readable by its reporter only.
    receives_new_reports = models.BooleanField(_("receives new reports"), default=False)

    class Meta:
        verbose_name = _("case worker key")
        verbose_name_plural = _("case worker keys")

    def __str__(self) -> str:
        return str(self.user_id)


class MessageSender(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    CASE_WORKER = "case_worker", _("case worker")


class Message(models.Model):
    """One message in the report's two-way thread, encrypted to the report's public key."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(_("sender"), max_length=16, choices=MessageSender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ciphertext = models.BinaryField(_("message (encrypted)"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


class Note(models.Model):
    """An internal note by a case worker; the reporter never sees it."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ciphertext = models.BinaryField(_("note (encrypted)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


class Attachment(models.Model):
    """A file the reporter sent, stored encrypted under AWAAZ_SAFETY_FILES_DIR/<stored_name>.

    The file's name, type and key are sealed to the report's public key in `sealed_meta`.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sealed_meta = models.BinaryField(_("name, type and key (encrypted)"))
    added_on = models.DateField(_("added on"))

    class Meta:
        ordering = ["added_on", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.stored_name


class Referral(models.Model):
    """A case worker referred the report's survivor to a service from the directory."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="referrals"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.service_id}"

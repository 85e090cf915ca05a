"""Closing reports and their photos, the media log, endorsements and partners: the writes.

Photos are the dangerous part. A photo from a phone carries the place it was taken (EXIF GPS),
the phone's make and serial, sometimes a thumbnail of what was cropped out. Every photo is
therefore decoded and drawn again as a fresh JPEG (longest side 1600 px) that carries no metadata
at all; the upload itself is never stored. Before any decoding it must be small enough, be an
image by its first bytes (filetype) and by Pillow's reading of its header, and pass `verify()`; a
header that announces more pixels than we accept is refused before the pixels are decoded, so a
decompression bomb never reaches memory.

A report is filed once per event. Two people pressing "file" at the same moment are settled by
the database (a unique key on the event): the second is told that a report exists, and nothing
of his is half-saved (the photo files he sent are removed again).
"""

from __future__ import annotations

import datetime
import io
import logging
import math
import smtplib
import threading
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from awaaz.activities.models import (
    Endorsement,
    EngagementKind,
    Event,
    EventReport,
    EventStatus,
    MediaItem,
    Partner,
    PartnerEngagement,
    PartnerKind,
    ReportPhoto,
    ReportReminder,
    ReportReminderStage,
)
from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.movement.models import Chapter
from awaaz.movement.selectors.chapters import chapter_focal_person
from awaaz.movement.services.chapters import chapter_activity_mark

logger = logging.getLogger(__name__)

# A phone photo is 2-8 MB; anything above this is refused with a kind message, not decoded.
PHOTO_MAX_BYTES = 15 * 1024 * 1024
# 40 megapixels is more than any phone camera; a header announcing more is a bomb or a scan.
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_LONGEST_SIDE = 1600
PHOTO_JPEG_QUALITY = 82
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
CLIPPING_MAX_BYTES = 10 * 1024 * 1024
CLIPPING_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
# Events that ended longer ago than this get no reminder (a first run on an old database
# must not write to every focal person about last year).
REMINDER_HORIZON = datetime.timedelta(days=30)
REMINDER_DELAYS = {
    ReportReminderStage.HOUR: datetime.timedelta(hours=1),
    ReportReminderStage.DAYS: datetime.timedelta(days=3),
}


class ReportError(ValidationError):
    """Bad input or a state that forbids the action; the message is for the person."""


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo drawn again as a bare JPEG: these bytes are what is stored."""

    data: bytes
    width: int
    height: int


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def photo_prepare(data: bytes) -> PreparedPhoto:
    """Check an uploaded photo and re-encode it without metadata, or raise ReportError."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ReportError(
            _(
                "This photo is %(size)s MB, and photos can be at most %(limit)s MB. Please "
                "choose a smaller photo, or send it from your phone's gallery, which usually "
                "makes it smaller."
            )
            % {"size": megabytes(len(data)), "limit": megabytes(PHOTO_MAX_BYTES)},
            code="photo_too_large",
        )
    not_a_photo = ReportError(
        _("This file is not a photo we can use. Please upload a JPEG, PNG or WebP photo."),
        code="photo_not_image",
    )
    kind = filetype.guess(data)
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise not_a_photo
    too_big = ReportError(
        _("This image is far too large in pixels to be a photo. Please upload a normal photo."),
        code="photo_bomb",
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit refuses) on huge headers: both refuse here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                # Opening reads the header only: the pixel count is known before decoding.
                if probe.format != PHOTO_TYPES[kind.mime]:
                    raise not_a_photo
                width, height = probe.size
                if width * height > min(PHOTO_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or 0):
                    raise too_big
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format == "JPEG":
                    # Let the JPEG decoder scale down by 2, 4 or 8 while decoding (never below
                    # the final size): a 12 MP phone photo then decodes several times faster.
                    scale = PHOTO_LONGEST_SIDE / max(width, height)
                    if scale < 1:
                        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
                _load_complete(image)
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((PHOTO_LONGEST_SIDE, PHOTO_LONGEST_SIDE))
                # A fresh RGB image holds pixels only: no EXIF, no ICC, no XMP, no comments.
                clean = Image.new("RGB", upright.size, (255, 255, 255))
                if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                    rgba = upright.convert("RGBA")
                    clean.paste(rgba, mask=rgba.getchannel("A"))
                else:
                    clean.paste(upright.convert("RGB"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_photo from None
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True)
    return PreparedPhoto(data=out.getvalue(), width=clean.width, height=clean.height)


_TRUNCATION_LOCK = threading.Lock()


def _load_complete(image: Image.Image) -> None:
    """Decode all pixels, refusing a file that ends early.

    WeasyPrint sets Pillow's process-wide `LOAD_TRUNCATED_IMAGES` to True when it is imported
    (the campaign report's PDF), which would let a cut-off upload through, filled with grey. The
    flag is a module global read during `load()`, so it is switched off around our decode only;
    the lock keeps two uploads from restoring it in the wrong order.
    """
    with _TRUNCATION_LOCK:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _store(folder: str, data: bytes, extension: str) -> str:
    # A random name: the file's address tells nothing about the event or the person.
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", ContentFile(data))


@dataclass(frozen=True)
class PhotoInput:
    data: bytes
    caption: str = ""
    consent_to_publish: bool = False
    # The file's name on the person's phone: only to say which photo was refused, never stored.
    name: str = ""


def photos_prepare(photos: list[PhotoInput]) -> list[tuple[PreparedPhoto, PhotoInput]]:
    """Check and re-encode every photo before anything is written, naming a refused one.

    One bad photo refuses the whole upload: the person fixes it and sends them again, and no
    report ever holds half of what was sent.
    """
    prepared = []
    for photo in photos:
        try:
            prepared.append((photo_prepare(photo.data), photo))
        except ReportError as error:
            name = file_name_shown(photo.name)
            if not name:
                raise
            problem = " ".join(str(m) for m in error.messages)
            if len(photos) > 1:
                message = _(
                    "The photo %(name)s was refused: %(problem)s None of the %(count)s photos "
                    "was saved; please send them again without it."
                ) % {"name": name, "problem": problem, "count": len(photos)}
            else:
                message = _("The photo %(name)s was refused: %(problem)s") % {
                    "name": name,
                    "problem": problem,
                }
            raise ReportError(message, code=error.code) from None
    return prepared


def file_name_shown(name: str) -> str:
    """A phone's file name, fit to show back: no folders, no control or direction characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if not unicodedata.category(c).startswith("C"))
    return f"“{kept[:80]}”" if kept.strip() else ""


def _attendance_check(*, men: int, women: int, transgender: int, total: int, note: str) -> None:
    counted = men + women + transgender
    if total < counted:
        raise ReportError(
            _(
                "The total (%(total)s) is smaller than men, women and transgender people added "
                "up (%(sum)s). Please correct the numbers."
            )
            % {"total": total, "sum": counted},
            code="total_below_sum",
        )
    if total > counted and not note.strip():
        raise ReportError(
            _(
                "The total (%(total)s) is more than men, women and transgender people added up "
                "(%(sum)s). Please say why, for example that some people were not counted by "
                "gender."
            )
            % {"total": total, "sum": counted},
            code="total_unexplained",
        )


def _photos_save(
    *, report: EventReport, photos: list[tuple[PreparedPhoto, PhotoInput]], actor: User | None
) -> list[ReportPhoto]:
    saved: list[ReportPhoto] = []
    names: list[str] = []
    try:
        for prepared, given in photos:
            name = _store("activities/photos", prepared.data, "jpg")
            names.append(name)
            saved.append(
                ReportPhoto.objects.create(
                    report=report,
                    image=name,
                    width=prepared.width,
                    height=prepared.height,
                    caption=given.caption,
                    consent_to_publish=given.consent_to_publish,
                    uploaded_by=actor,
                )
            )
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    return saved


def report_file(
    *,
    actor: User,
    event: Event,
    men: int,
    women: int,
    transgender: int,
    total: int,
    total_note: str = "",
    audience: list[str] | None = None,
    outcomes: str = "",
    follow_ups: str = "",
    coverage_links: list[str] | None = None,
    photos: list[PhotoInput] | None = None,
) -> EventReport:
    """File the closing report of an event (the caller has checked the actor may).

    Marks the event held and the chapter active. Refused before the event ends, for a cancelled
    event, and when a report exists already (also when two are filed at the same moment).
    """
    if event.status == EventStatus.CANCELLED:
        raise ReportError(_("This event was cancelled, so it has no report."), code="cancelled")
    if event.ends_at > timezone.now():
        raise ReportError(_("The report can be filed once the event has ended."), code="not_ended")
    _attendance_check(men=men, women=women, transgender=transgender, total=total, note=total_note)
    # Every photo is checked before anything is written: one bad photo saves nothing.
    prepared = photos_prepare(photos or [])
    already = ReportError(
        _(
            "A report for this event has already been filed, perhaps by someone else a moment "
            "ago. Your report was not saved; please open the report and add to it instead."
        ),
        code="already_filed",
    )
    if _report_exists(event):
        raise already
    stored: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    report = EventReport.objects.create(
                        event=event,
                        filed_by=actor,
                        men=men,
                        women=women,
                        transgender=transgender,
                        total=total,
                        total_note=total_note,
                        audience=list(audience or []),
                        outcomes=outcomes,
                        follow_ups=follow_ups,
                        coverage_links=list(coverage_links or []),
                    )
            except IntegrityError:
                raise already from None
            stored = _photos_save(report=report, photos=prepared, actor=actor)
            Event.objects.filter(pk=event.pk, status=EventStatus.PLANNED).update(
                status=EventStatus.HELD
            )
            chapter_activity_mark(chapter=event.chapter, actor=actor, at=event.ends_at)
            audit_record(
                actor=actor,
                action="event.report.file",
                obj=report,
                detail={"event": event.pk, "photos": len(stored), "total": total},
            )
    except BaseException:
        for photo in stored:
            default_storage.delete(photo.image.name)
        raise
    return report


def _report_exists(event: Event) -> bool:
    # A separate function so that a test can let two filings past it at once (the race).
    return EventReport.objects.filter(event=event).exists()


# What a correction may change (never the event, who filed it, or the photos: those have their
# own actions).
REPORT_FIELDS = (
    "men",
    "women",
    "transgender",
    "total",
    "total_note",
    "audience",
    "outcomes",
    "follow_ups",
    "coverage_links",
)


def _assign_changes(current: Any, given: dict[str, Any]) -> list[str]:
    """Set on `current` the given values that differ from its own; their names, in given order.

    The corrections below save only these fields (with `updated_at`) and audit their names.
    """
    changed = [name for name, value in given.items() if getattr(current, name) != value]
    for name in changed:
        setattr(current, name, given[name])
    return changed


def _refuse_if_stale(version: str, current_version: str, message: str) -> None:
    """A correction made from an older copy than the row is now overwrites nobody: refused."""
    if version and version != current_version:
        raise ReportError(message, code="stale")


def report_version(report: EventReport) -> str:
    """A token for the report as it is now; it changes with every saved correction."""
    return report.updated_at.isoformat()


def report_update(
    *, actor: User, report: EventReport, version: str = "", **fields: Any
) -> EventReport:
    """Correct a filed report's numbers and texts (the caller has checked the actor may).

    The report row is locked while it is changed, and a `version` older than the report refuses
    the correction, so two people correcting at once never overwrite each other unseen. It stays
    one report: totals elsewhere (the campaign's attendance) are counted from it, never added to.
    """
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    with transaction.atomic():
        current = EventReport.objects.select_for_update().get(pk=report.pk)
        _refuse_if_stale(
            version,
            report_version(current),
            _(
                "Someone else corrected this report while you were editing it. Your changes "
                "were not saved; the form now shows the report as it is, please make them "
                "again."
            ),
        )
        merged = {name: fields.get(name, getattr(current, name)) for name in REPORT_FIELDS}
        _attendance_check(
            men=merged["men"],
            women=merged["women"],
            transgender=merged["transgender"],
            total=merged["total"],
            note=merged["total_note"],
        )
        total_before = current.total
        changed = _assign_changes(current, merged)
        if not changed:
            return current
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="event.report.edit",
            obj=current,
            detail={"fields": changed, "total_before": total_before, "total": current.total},
        )
    return current


def report_photos_add(
    *, actor: User, report: EventReport, photos: list[PhotoInput]
) -> list[ReportPhoto]:
    """Add photos to a filed report: all of them, or (one refused) none."""
    prepared = photos_prepare(photos)
    saved: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            saved = _photos_save(report=report, photos=prepared, actor=actor)
            for photo in saved:
                audit_record(actor=actor, action="event.report.photo.add", obj=photo)
    except BaseException:
        for photo in saved:
            default_storage.delete(photo.image.name)
        raise
    return saved


@transaction.atomic
def report_photo_consent_set(*, actor: User, photo: ReportPhoto, consent: bool) -> ReportPhoto:
    """Record (or withdraw) consent to publish one photo."""
    photo.consent_to_publish = consent
    photo.save(update_fields=["consent_to_publish"])
    audit_record(
        actor=actor, action="event.report.photo.consent", obj=photo, detail={"consent": consent}
    )
    return photo


def report_photo_delete(*, actor: User, photo: ReportPhoto) -> None:
    """Remove a photo and its file (a person asked to be taken out, or it was a mistake)."""
    name = photo.image.name
    with transaction.atomic():
        audit_record(actor=actor, action="event.report.photo.delete", obj=photo)
        photo.delete()
    default_storage.delete(name)


# --- Reminders -------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return str(settings.AWAAZ_PUBLIC_URL).rstrip("/") + path


def reports_remind(*, now: datetime.datetime | None = None) -> list[ReportReminder]:
    """Email the focal person of each event without a report, 1 hour and 3 days after it ended.

    Idempotent: each stage is sent once per event (a unique key). When the 3-day stage is due,
    the 1-hour one is not sent as well. A reminder whose email fails is not recorded, so the next
    run tries again.
    """
    now = now or timezone.now()
    sent: list[ReportReminder] = []
    candidates = (
        Event.objects.select_related("chapter")
        .filter(
            ends_at__lte=now - REMINDER_DELAYS[ReportReminderStage.HOUR],
            ends_at__gte=now - REMINDER_HORIZON,
            report__isnull=True,
        )
        .exclude(status=EventStatus.CANCELLED)
        .order_by("ends_at", "pk")
    )
    for event in candidates:
        due = (
            ReportReminderStage.DAYS
            if event.ends_at <= now - REMINDER_DELAYS[ReportReminderStage.DAYS]
            else ReportReminderStage.HOUR
        )
        done = set(event.report_reminders.values_list("stage", flat=True))
        if due in done or (due == ReportReminderStage.HOUR and done):
            continue
        focal = chapter_focal_person(event.chapter)
        address = (focal.email if focal else None) or (
            focal.user.email if focal and focal.user else None
        )
        if not address or focal is None:
            continue
        try:
            with transaction.atomic():
                reminder, created = ReportReminder.objects.get_or_create(event=event, stage=due)
                if not created:
                    continue
                _reminder_send(event=event, address=address, language=focal.language, stage=due)
        except (OSError, smtplib.SMTPException):
            # The row rolled back with the failure: the next run tries this event again.
            logger.warning("report reminder for event %s not sent", event.pk, exc_info=True)
            continue
        sent.append(reminder)
    return sent


def _reminder_send(*, event: Event, address: str, language: str, stage: str) -> None:
    with translation.override(language):
        path = reverse("activities:report_file", kwargs={"slug": event.slug})
        context = {
            "event": event,
            "url": _absolute(path),
            "late": stage == ReportReminderStage.DAYS,
            "site_name": settings.AWAAZ_SITE_NAME,
        }
        subject = _("Please file the report of %(title)s") % {"title": event.title}
        body = render_to_string("activities/reports/reminder_email.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[address])
    message.send()


# --- Media log -------------------------------------------------------------------------------


def clipping_check(data: bytes) -> str:
    """The MIME type of a scanned clipping (image or PDF), or ReportError."""
    if len(data) > CLIPPING_MAX_BYTES:
        raise ReportError(
            _("The clipping is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": megabytes(len(data)), "limit": megabytes(CLIPPING_MAX_BYTES)},
            code="clipping_too_large",
        )
    kind = filetype.guess(data)
    if kind is None or kind.mime not in CLIPPING_TYPES:
        raise ReportError(
            _("A clipping must be a photo (JPEG, PNG, WebP) or a PDF."), code="clipping_type"
        )
    return str(kind.mime)


def media_item_create(
    *,
    actor: User,
    outlet: str,
    medium: str,
    language: str,
    published_on: datetime.date,
    title: str,
    link: str = "",
    clipping: bytes | None = None,
    spokesperson: str = "",
    chapter: Chapter | None = None,
    event: Event | None = None,
) -> MediaItem:
    """Log one piece of coverage. A clipping photo is re-encoded like event photos."""
    if not link and not clipping:
        raise ReportError(_("Give a link or upload a scanned clipping."), code="no_source")
    stored_name, mime = _clipping_store(clipping) if clipping else ("", "")
    try:
        with transaction.atomic():
            item = MediaItem.objects.create(
                outlet=outlet,
                medium=medium,
                language=language,
                published_on=published_on,
                title=title,
                link=link,
                clipping=stored_name,
                clipping_type=mime,
                spokesperson=spokesperson,
                chapter=chapter,
                event=event,
                added_by=actor,
            )
            if chapter is not None:
                chapter_activity_mark(chapter=chapter, actor=actor)
            audit_record(actor=actor, action="media.item.create", obj=item)
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return item


def _clipping_store(clipping: bytes) -> tuple[str, str]:
    """Store a checked clipping; (name, MIME type). Photos lose their metadata like event photos."""
    mime = clipping_check(clipping)
    if mime == "application/pdf":
        return _store("activities/clippings", clipping, "pdf"), mime
    # Scans from phones carry GPS too: the same pipeline as event photos.
    return _store("activities/clippings", photo_prepare(clipping).data, "jpg"), "image/jpeg"


MEDIA_FIELDS = (
    "outlet",
    "medium",
    "language",
    "published_on",
    "title",
    "link",
    "spokesperson",
    "chapter",
    "event",
)


def media_item_update(
    *, actor: User, item: MediaItem, clipping: bytes | None = None, **fields: Any
) -> MediaItem:
    """Correct a logged item (the caller has checked the actor may). A new clipping replaces
    the old one, whose file is removed once the change is saved."""
    unknown = set(fields) - set(MEDIA_FIELDS)
    if unknown:
        raise TypeError(f"unknown media fields: {sorted(unknown)}")
    stored_name, mime = _clipping_store(clipping) if clipping else ("", "")
    old_name = ""
    try:
        with transaction.atomic():
            current = MediaItem.objects.select_for_update().get(pk=item.pk)
            for name, value in fields.items():
                setattr(current, name, value)
            if stored_name:
                old_name = current.clipping.name or ""
                current.clipping, current.clipping_type = stored_name, mime
            if not current.link and not current.clipping:
                raise ReportError(_("Give a link or upload a scanned clipping."), code="no_source")
            current.save()
            audit_record(
                actor=actor,
                action="media.item.edit",
                obj=current,
                detail={"fields": sorted(fields), "clipping_replaced": bool(stored_name)},
            )
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    if old_name:
        default_storage.delete(old_name)
    return current


# --- Endorsements ----------------------------------------------------------------------------


@transaction.atomic
def endorsement_create(
    *,
    actor: User,
    name: str,
    title: str = "",
    quote_en: str = "",
    quote_ur: str = "",
    consent_to_publish: bool = False,
) -> Endorsement:
    """Record an endorsement; it is not public until someone verifies it."""
    if not quote_en.strip() and not quote_ur.strip():
        raise ReportError(_("Give the quote in English, in Urdu, or both."), code="no_quote")
    endorsement = Endorsement.objects.create(
        name=name,
        title=title,
        quote_en=quote_en,
        quote_ur=quote_ur,
        consent_to_publish=consent_to_publish,
    )
    audit_record(actor=actor, action="endorsement.create", obj=endorsement)
    return endorsement


@transaction.atomic
def endorsement_verify(*, actor: User, endorsement: Endorsement) -> Endorsement:
    """Confirm that the person really said this (by phone, letter or in person)."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.verified_at is None:
        endorsement.verified_by = actor
        endorsement.verified_at = timezone.now()
        endorsement.save(update_fields=["verified_by", "verified_at", "updated_at"])
        audit_record(actor=actor, action="endorsement.verify", obj=endorsement)
    return endorsement


# What a correction may change: everything the coordinator typed, the consent and who verified it.
ENDORSEMENT_FIELDS = (
    "name",
    "title",
    "quote_en",
    "quote_ur",
    "consent_to_publish",
    "verified_by",
)


def endorsement_version(endorsement: Endorsement) -> str:
    """A token for the endorsement as it is now; it changes with every saved correction."""
    return endorsement.updated_at.isoformat()


def endorsement_update(
    *, actor: User, endorsement: Endorsement, version: str = "", **fields: Any
) -> Endorsement:
    """Correct an endorsement (the caller has checked the actor may), or withdraw its consent.

    Like a report's correction: the row is locked, a `version` older than the row refuses the
    correction (nobody's correction is overwritten unseen), nothing is written when nothing
    changed. Naming who verified it sets the date of verification if there was none; naming
    nobody makes it unverified again. Without consent or verification it leaves the public page
    with this save (the page is read live). The audit records the fields changed, never the words.
    """
    unknown = set(fields) - set(ENDORSEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown endorsement fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        _refuse_if_stale(
            version,
            endorsement_version(current),
            _(
                "Someone else corrected this endorsement while you were editing it. Your "
                "changes were not saved; the form now shows it as it is, please make them "
                "again."
            ),
        )
        merged = {name: fields.get(name, getattr(current, name)) for name in ENDORSEMENT_FIELDS}
        if not merged["quote_en"].strip() and not merged["quote_ur"].strip():
            raise ReportError(_("Give the quote in English, in Urdu, or both."), code="no_quote")
        public_before = current.consent_to_publish and current.verified_at is not None
        changed = _assign_changes(current, merged)
        if not changed:
            return current
        saved = [*changed, "updated_at"]
        if "verified_by" in changed:
            if current.verified_by is None:
                current.verified_at = None
            elif current.verified_at is None:
                current.verified_at = timezone.now()
            saved.append("verified_at")
        current.save(update_fields=saved)
        audit_record(
            actor=actor,
            action="endorsement.edit",
            obj=current,
            detail={
                "fields": changed,
                "public_before": public_before,
                "public": current.consent_to_publish and current.verified_at is not None,
            },
        )
    return current


@transaction.atomic
def endorsement_consent_set(*, actor: User, endorsement: Endorsement, consent: bool) -> Endorsement:
    endorsement.consent_to_publish = consent
    endorsement.save(update_fields=["consent_to_publish", "updated_at"])
    audit_record(
        actor=actor, action="endorsement.consent", obj=endorsement, detail={"consent": consent}
    )
    return endorsement


# --- Partners --------------------------------------------------------------------------------


@transaction.atomic
def partner_create(
    *, actor: User, name: str, kind: str, website: str = "", notes: str = ""
) -> Partner:
    if kind not in PartnerKind.values:
        raise ReportError(_("Choose what kind of organisation this is."), code="kind")
    if Partner.objects.filter(name__iexact=name).exists():
        raise ReportError(
            _("A partner with this name is already listed."), code="duplicate_partner"
        )
    partner = Partner.objects.create(name=name, kind=kind, website=website, notes=notes)
    audit_record(actor=actor, action="partner.create", obj=partner)
    return partner


@transaction.atomic
def partner_update(
    *, actor: User, partner: Partner, name: str, kind: str, website: str = "", notes: str = ""
) -> Partner:
    """Correct a partner's name, kind, website or notes."""
    if kind not in PartnerKind.values:
        raise ReportError(_("Choose what kind of organisation this is."), code="kind")
    current = Partner.objects.select_for_update().get(pk=partner.pk)
    if Partner.objects.filter(name__iexact=name).exclude(pk=current.pk).exists():
        raise ReportError(
            _("A partner with this name is already listed."), code="duplicate_partner"
        )
    given = {"name": name, "kind": kind, "website": website, "notes": notes}
    changed = sorted(_assign_changes(current, given))
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="partner.edit", obj=current, detail={"fields": changed})
    return current


@transaction.atomic
def partner_engagement_update(
    *,
    actor: User,
    engagement: PartnerEngagement,
    kind: str,
    happened_on: datetime.date,
    notes: str = "",
    chapter: Chapter | None = None,
) -> PartnerEngagement:
    """Correct an entry of a partner's engagement log."""
    if kind not in EngagementKind.values:
        raise ReportError(_("Choose what kind of engagement this was."), code="kind")
    current = PartnerEngagement.objects.select_for_update().get(pk=engagement.pk)
    given: dict[str, Any] = {
        "kind": kind,
        "happened_on": happened_on,
        "notes": notes,
        "chapter": chapter,
    }
    changed = sorted(_assign_changes(current, given))
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="partner.engagement.edit",
            obj=current,
            detail={"fields": changed},
        )
    return current


@transaction.atomic
def partner_engagement_record(
    *,
    actor: User,
    partner: Partner,
    kind: str,
    happened_on: datetime.date,
    notes: str = "",
    chapter: Chapter | None = None,
) -> PartnerEngagement:
    if kind not in EngagementKind.values:
        raise ReportError(_("Choose what kind of engagement this was."), code="kind")
    engagement = PartnerEngagement.objects.create(
        partner=partner,
        kind=kind,
        happened_on=happened_on,
        notes=notes,
        chapter=chapter,
        recorded_by=actor,
    )
    audit_record(actor=actor, action="partner.engagement.record", obj=engagement)
    return engagement

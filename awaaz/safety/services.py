"""Writes of the safety app: reports, their key envelopes, and everything case workers do.

This is the only module that imports `awaaz.safety.crypto`. The API is documented in
docs/safety-api.md. Every function is keyword-only and runs in one transaction; slow key
derivation (Argon2id) runs before the transaction opens, so that a write lock is never held
while a CPU grinds. Staff actions write an audit event that names the action and the object,
never the content. The reporter is anonymous: nothing they do is audited with an actor, and
everything they do is dated, never timed.
"""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import struct
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import User
from awaaz.core.roles import CASE_WORKER
from awaaz.core.services import audit_record
from awaaz.lib.text import normalise_text, text_problem
from awaaz.places.models import District
from awaaz.safety import crypto
from awaaz.safety.models import (
    AgeBand,
    Attachment,
    CaseWorkerKey,
    HelpWanted,
    IncidentType,
    Label,
    Message,
    MessageSender,
    Note,
    PerpetratorCount,
    Referral,
    Relationship,
    Report,
    ReporterRole,
    ReportKey,
    ReportStatus,
    Service,
    SurvivorGender,
    WhenBucket,
    YesNoUnsure,
)

# An unlocked case-worker key: opaque to views, which only hand it back to these services.
UnlockedKey = crypto.PrivateKey

# A reporter's token (hidden form field) lets them act without typing the receipt again.
REPORTER_TOKEN_SECONDS = 15 * 60
CONSOLE_KEY_COOKIE = "awaaz_console_key"
_CONSOLE_KEY_SESSION = "safety_console_key"
_TOKEN = struct.Struct(">QQ")  # report id, expiry (unix seconds)


# --- errors --------------------------------------------------------------------------------------
class SafetyError(Exception):
    """Something a person can cause; `str()` is a kind, translated message to show as it is."""

    message: str | Promise = _("Something went wrong, and nothing was changed. Please try again.")

    def __init__(self, message: str | Promise | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class ReceiptNotFound(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("No report matches that receipt number. Please check the 16 digits and try again.")


class AccessExpired(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("For your safety this page has expired. Please enter your receipt number again.")


class ReportEmpty(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("The report is empty. Please write what happened, or attach a file.")


class UnsafeText(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    pass


class AttachmentTooLarge(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    pass


class KeysMissing(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("This case worker has no encryption key yet. It is created at the first sign-in.")


class KeysExist(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("You already have an encryption key.")


class KeysLocked(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _(
        "Your password does not open your encryption key. If an administrator reset your "
        "password, unlock it with your recovery key."
    )


class PasswordWrong(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("That password is not right.")


class RecoveryKeyWrong(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("That recovery key is not right. Please check it and try again.")


class NotACaseWorker(SafetyError, PermissionDenied):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("Only case workers can do this.")


class NotAssigned(SafetyError, PermissionDenied):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _("This report is not assigned to you.")


class LastKeyHolder(SafetyError):  # noqa: N818 - named for the situation (docs/safety-api.md)
    message = _(
        "Nobody else can read this report. Assign it to a colleague before removing this "
        "case worker."
    )


# --- types ---------------------------------------------------------------------------------------
class Upload(Protocol):
    """A file from a form, e.g. Django's UploadedFile."""

    @property
    def name(self) -> str | None: ...

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class Contact:
    channel: str
    details: str
    safe_time: str


@dataclass(frozen=True)
class ReporterAccess:
    report: Report
    key: crypto.PrivateKey


@dataclass(frozen=True)
class MessageView:
    id: int
    sender: str
    author_name: str
    text: str
    sent_on: datetime.date


@dataclass(frozen=True)
class NoteView:
    id: int
    author_name: str
    text: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class AttachmentView:
    id: int
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ReportContents:
    narrative: str
    contact: Contact | None
    messages: list[MessageView]
    notes: list[NoteView]
    attachments: list[AttachmentView]


@dataclass(frozen=True)
class ReporterView:
    status: str
    received_on: datetime.date
    narrative: str
    messages: list[MessageView]
    attachments: list[AttachmentView]


# --- helpers -------------------------------------------------------------------------------------
def _kdf_params() -> crypto.KdfParams:
    """The Argon2id cost for case workers' passwords."""
    return crypto.KdfParams(
        opslimit=settings.AWAAZ_KDF_OPSLIMIT, memlimit=settings.AWAAZ_KDF_MEMLIMIT
    )


def _receipt_kdf_params() -> crypto.KdfParams:
    """The Argon2id cost for receipts (lower: paid on every submission; see crypto.py)."""
    return crypto.KdfParams(
        opslimit=settings.AWAAZ_KDF_RECEIPT_OPSLIMIT, memlimit=settings.AWAAZ_KDF_RECEIPT_MEMLIMIT
    )


def _pepper() -> bytes:
    return str(settings.AWAAZ_RECEIPT_PEPPER).encode()


def _today() -> datetime.date:
    return timezone.localdate()


def _files_dir() -> Path:
    path = Path(settings.AWAAZ_SAFETY_FILES_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _clean_text(text: str) -> str:
    problem = text_problem(text, multiline=True)
    if problem:
        raise UnsafeText(problem)
    return normalise_text(text)


def _check_choice(value: str, choices: Iterable[str], field: str) -> None:
    if value not in choices:
        raise ValueError(f"{field}: {value!r} is not one of the choices")


def _seal_text(report: Report, text: str) -> bytes:
    return crypto.seal(bytes(report.public_key), text.encode())


def _open_text(key: crypto.PrivateKey, ciphertext: bytes | memoryview) -> str:
    return crypto.unseal(key, bytes(ciphertext)).decode()


def _require_case_worker(user: User) -> None:
    if not (user.is_active and user.groups.filter(name=CASE_WORKER).exists()):
        raise NotACaseWorker


def _require_assigned(actor: User, report: Report) -> ReportKey:
    _require_case_worker(actor)
    envelope = ReportKey.objects.filter(report=report, user=actor).first()
    if envelope is None:
        raise NotAssigned
    return envelope


def _report_key(actor: User, key: UnlockedKey, report: Report) -> crypto.PrivateKey:
    envelope = _require_assigned(actor, report)
    try:
        return crypto.private_key_from_bytes(crypto.unseal(key, bytes(envelope.sealed_private_key)))
    except crypto.DecryptionError as error:
        raise KeysLocked(
            _("Your key does not open this report. Please sign in to the console again.")
        ) from error


def _author_name(user: User | None, *, for_reporter: bool) -> str:
    if user is None:
        return ""
    # A reporter sees a first name at most: the case worker's username is nobody's business.
    return user.first_name if for_reporter else (user.get_full_name() or user.get_username())


# --- files ---------------------------------------------------------------------------------------
def _store_upload(report_public_key: bytes, upload: Upload) -> tuple[str, int, bytes]:
    """Encrypt one upload to disk; return (stored name, plaintext size, sealed metadata).

    The size limit is counted on the bytes actually read, not on what the browser declared, and
    the type is detected from the content, never taken from the name or the browser.
    """
    limit = settings.AWAAZ_REPORT_MAX_ATTACHMENT_BYTES
    file_key = crypto.random_key()
    stored_name = secrets.token_hex(16)
    path = _files_dir() / stored_name
    size = 0
    head = b""

    def plain() -> Iterator[bytes]:
        nonlocal size, head
        for piece in upload.chunks():
            size += len(piece)
            if size > limit:
                raise AttachmentTooLarge(
                    _("A file is larger than %(size)s. Please send a smaller one.")
                    % {"size": filesizeformat(limit)}
                )
            if len(head) < 262:
                head += piece[: 262 - len(head)]
            yield piece

    try:
        with open(path, "xb") as out:
            for piece in crypto.stream_encrypt(file_key, plain()):
                out.write(piece)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    kind = filetype.guess(head) if head else None
    meta = {
        "name": _safe_file_name(upload.name or ""),
        "content_type": kind.mime if kind is not None else "application/octet-stream",
        "key": base64.b64encode(file_key).decode(),
    }
    return stored_name, size, crypto.seal(report_public_key, json.dumps(meta).encode())


def _safe_file_name(name: str) -> str:
    # Keep the name for the case worker, without paths, hidden characters or great length.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and text_problem(c) is None)
    return normalise_text(base)[:120] or "file"


def _files_remove(names: Sequence[str]) -> None:
    folder = Path(settings.AWAAZ_SAFETY_FILES_DIR)
    for name in names:
        (folder / name).unlink(missing_ok=True)


def _uploads_write(public_key: bytes, uploads: Sequence[Upload]) -> list[tuple[str, int, bytes]]:
    """Encrypt uploads to disk before any transaction opens; all or nothing."""
    written: list[tuple[str, int, bytes]] = []
    try:
        for upload in uploads:
            written.append(_store_upload(public_key, upload))
    except BaseException:
        _files_remove([name for name, _size, _meta in written])
        raise
    return written


def _attachment_rows(report: Report, written: list[tuple[str, int, bytes]]) -> None:
    today = _today()
    Attachment.objects.bulk_create(
        Attachment(report=report, stored_name=name, size=size, sealed_meta=meta, added_on=today)
        for name, size, meta in written
    )


def _attachment_view(
    key: crypto.PrivateKey, attachment: Attachment
) -> tuple[AttachmentView, bytes]:
    meta = json.loads(crypto.unseal(key, bytes(attachment.sealed_meta)))
    view = AttachmentView(
        id=attachment.pk,
        name=str(meta["name"]),
        content_type=str(meta["content_type"]),
        size=attachment.size,
    )
    return view, base64.b64decode(meta["key"])


# --- reporter ------------------------------------------------------------------------------------
def _intake_recipients() -> list[CaseWorkerKey]:
    keys = list(
        CaseWorkerKey.objects.filter(user__is_active=True, user__groups__name=CASE_WORKER)
        .select_related("user")
        .distinct()
    )
    triage = [k for k in keys if k.receives_new_reports]
    return triage or keys


def report_create(
    *,
    reporter_role: str,
    incident_type: str,
    when: str,
    district: District | None,
    survivor_gender: str,
    survivor_age: str,
    perpetrator_count: str,
    perpetrator_relationship: str,
    police_told: str,
    fir_registered: str,
    help_wanted: Sequence[str],
    narrative: str,
    consent_statistics: bool,
    consent_share: bool,
    share_service: Service | None,
    consent_contact: bool,
    contact: Contact | None,
    uploads: Sequence[Upload] = (),
) -> tuple[Report, str]:
    """Record an anonymous report; return it with its receipt, which is stored nowhere.

    The report gets its own key pair. The account, the contact details and the files are
    encrypted to its public key; the private key is wrapped by the receipt (Argon2id, per-report
    salt) and sealed to the case workers who take in new reports. No actor, no time, no address.
    """
    for value, enum, field in (
        (reporter_role, ReporterRole, "reporter_role"),
        (incident_type, IncidentType, "incident_type"),
        (when, WhenBucket, "when"),
        (survivor_gender, SurvivorGender, "survivor_gender"),
        (survivor_age, AgeBand, "survivor_age"),
        (perpetrator_count, PerpetratorCount, "perpetrator_count"),
        (perpetrator_relationship, Relationship, "perpetrator_relationship"),
        (police_told, YesNoUnsure, "police_told"),
        (fir_registered, YesNoUnsure, "fir_registered"),
    ):
        _check_choice(value, enum.values, field)
    for item in help_wanted:
        _check_choice(item, HelpWanted.values, "help_wanted")
    narrative = _clean_text(narrative)
    if not narrative and not uploads:
        raise ReportEmpty
    if contact is not None:
        contact = Contact(
            channel=_clean_text(contact.channel),
            details=_clean_text(contact.details),
            safe_time=_clean_text(contact.safe_time),
        )

    # The slow part (the one key derivation of a submission), outside any transaction.
    params = _receipt_kdf_params()
    pepper = _pepper()
    receipt = crypto.receipt_new()
    derived = crypto.receipt_secrets(receipt, pepper=pepper, params=params)
    lookup = derived.lookup
    salt = crypto.salt_new()
    wrap_key = crypto.receipt_wrap_key(derived.master, salt=salt)
    private = crypto.keypair_new()
    public = crypto.public_key_of(private)
    private_raw = crypto.private_key_to_bytes(private)

    contact_blob = b""
    if consent_contact and contact is not None:
        contact_blob = crypto.seal(
            public,
            json.dumps(
                {
                    "channel": contact.channel,
                    "details": contact.details,
                    "safe_time": contact.safe_time,
                }
            ).encode(),
        )
    today = _today()
    written = _uploads_write(public, uploads)
    try:
        report = _report_rows(
            public_id=secrets.token_urlsafe(12),
            received_on=today,
            reporter_active_on=today,
            reporter_role=reporter_role,
            incident_type=incident_type,
            when=when,
            district=district,
            survivor_gender=survivor_gender,
            survivor_age=survivor_age,
            perpetrator_count=perpetrator_count,
            perpetrator_relationship=perpetrator_relationship,
            police_told=police_told,
            fir_registered=fir_registered,
            help_wanted=sorted(set(help_wanted)),
            consent_statistics=consent_statistics,
            consent_share=consent_share,
            share_service=share_service if consent_share else None,
            consent_contact=consent_contact,
            public_key=public,
            receipt_lookup=lookup,
            receipt_salt=salt,
            receipt_wrapped_key=crypto.secret_encrypt(wrap_key, private_raw),
            kdf_opslimit=params.opslimit,
            kdf_memlimit=params.memlimit,
            narrative_ciphertext=crypto.seal(public, narrative.encode()),
            contact_ciphertext=contact_blob,
            private_raw=private_raw,
            written=written,
        )
    except BaseException:
        _files_remove([name for name, _size, _meta in written])
        raise
    return report, receipt


@transaction.atomic
def _report_rows(
    *, private_raw: bytes, written: list[tuple[str, int, bytes]], **fields: object
) -> Report:
    report = Report.objects.create(**fields)
    ReportKey.objects.bulk_create(
        ReportKey(
            report=report,
            user_id=recipient.user_id,
            sealed_private_key=crypto.seal(bytes(recipient.public_key), private_raw),
        )
        for recipient in _intake_recipients()
    )
    _attachment_rows(report, written)
    # The case workers it is sealed to hear that a report waits (no content, no reference),
    # queued in the same transaction: the report and its notice are stored together or not at all.
    console_new_report_notify(report=report)
    return report


def report_open_by_receipt(*, receipt: str) -> ReporterAccess:
    """Find and open the report of a receipt (slow on purpose); `ReceiptNotFound` otherwise.

    Each Argon2id cost in use is tried, the current one first, so that changing the cost in the
    settings does not lock out earlier reporters: a receipt of the current cost costs one
    derivation, an older one (or a wrong receipt) one per cost still in use. A report opened at
    an older cost is moved to the current one on the way (`_receipt_rewrap`), so older costs
    drop out of the look-up as their reporters come back (or their reports are deleted).
    """
    digits = crypto.receipt_normalise(receipt)
    if digits is None:
        raise ReceiptNotFound
    pepper = _pepper()
    current = _receipt_kdf_params()
    older = Report.objects.values_list("kdf_opslimit", "kdf_memlimit").distinct().order_by()
    # The current cost is always tried, even with no report at all: the answer takes as long
    # as a real miss.
    costs = [current] + [
        params
        for params in (crypto.KdfParams(opslimit=ops, memlimit=mem) for ops, mem in older)
        if params != current
    ]
    at_current: crypto.ReceiptSecrets | None = None
    for params in costs:
        derived = crypto.receipt_secrets(digits, pepper=pepper, params=params)
        at_current = at_current or derived
        report = Report.objects.filter(receipt_lookup=derived.lookup).first()
        if report is None:
            continue
        wrap_key = crypto.receipt_wrap_key(derived.master, salt=bytes(report.receipt_salt))
        try:
            raw = crypto.secret_decrypt(wrap_key, bytes(report.receipt_wrapped_key))
        except crypto.DecryptionError as error:
            raise ReceiptNotFound from error
        if params != current:
            _receipt_rewrap(report, at_current, raw, current)
        return ReporterAccess(report=report, key=crypto.private_key_from_bytes(raw))
    raise ReceiptNotFound


def _receipt_rewrap(
    report: Report, derived: crypto.ReceiptSecrets, private_raw: bytes, params: crypto.KdfParams
) -> None:
    """Wrap a report's key again at the current receipt cost, from the derivation already made
    at that cost (the look-up tries it first): no extra Argon2id run."""
    salt = crypto.salt_new()
    fields = {
        "receipt_lookup": derived.lookup,
        "receipt_salt": salt,
        "receipt_wrapped_key": crypto.secret_encrypt(
            crypto.receipt_wrap_key(derived.master, salt=salt), private_raw
        ),
        "kdf_opslimit": params.opslimit,
        "kdf_memlimit": params.memlimit,
    }
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(**fields)
    for name, value in fields.items():
        setattr(report, name, value)


def _token_key() -> bytes:
    return crypto.server_key(str(settings.SECRET_KEY).encode(), purpose=b"awaaz reporter token")


def reporter_token_issue(*, access: ReporterAccess) -> str:
    """An opaque, short-lived token that stands for an opened report (for a hidden form field)."""
    expires = int(time.time()) + REPORTER_TOKEN_SECONDS
    payload = _TOKEN.pack(access.report.pk, expires) + crypto.private_key_to_bytes(access.key)
    return base64.urlsafe_b64encode(crypto.secret_encrypt(_token_key(), payload)).decode()


def reporter_token_open(*, token: str) -> ReporterAccess:
    """The report a token stands for; `AccessExpired` if it is old, forged or the report is gone."""
    try:
        payload = crypto.secret_decrypt(_token_key(), base64.urlsafe_b64decode(token.encode()))
        report_id, expires = _TOKEN.unpack(payload[: _TOKEN.size])
        key = crypto.private_key_from_bytes(payload[_TOKEN.size :])
    except (crypto.DecryptionError, ValueError, struct.error) as error:
        raise AccessExpired from error
    if expires < time.time():
        raise AccessExpired
    report = Report.objects.filter(pk=report_id).first()
    if report is None or bytes(report.public_key) != crypto.public_key_of(key):
        raise AccessExpired
    return ReporterAccess(report=report, key=key)


def reporter_read(*, access: ReporterAccess) -> ReporterView:
    """What the reporter sees: status, their account, the thread and their files (no notes)."""
    report = access.report
    today = _today()
    with transaction.atomic():
        if report.reporter_active_on != today:
            Report.objects.filter(pk=report.pk).update(reporter_active_on=today)
            report.reporter_active_on = today
    messages = [
        MessageView(
            id=m.pk,
            sender=m.sender,
            author_name=_author_name(m.author, for_reporter=True),
            text=_open_text(access.key, m.ciphertext),
            sent_on=m.sent_on,
        )
        for m in report.messages.select_related("author").order_by("sent_on", "id")
    ]
    attachments = [_attachment_view(access.key, a)[0] for a in report.attachments.order_by("id")]
    return ReporterView(
        status=report.status,
        received_on=report.received_on,
        narrative=_open_text(access.key, report.narrative_ciphertext),
        messages=messages,
        attachments=attachments,
    )


def reporter_add(*, access: ReporterAccess, text: str = "", uploads: Sequence[Upload] = ()) -> None:
    """The reporter adds information (a message) and/or files; the report becomes unread."""
    text = _clean_text(text)
    if not text and not uploads:
        raise ReportEmpty(_("Please write something or attach a file."))
    report = access.report
    today = _today()
    written = _uploads_write(bytes(report.public_key), uploads)
    try:
        _reporter_add_rows(report, text, written, today)
    except BaseException:
        _files_remove([name for name, _size, _meta in written])
        raise


@transaction.atomic
def _reporter_add_rows(
    report: Report, text: str, written: list[tuple[str, int, bytes]], today: datetime.date
) -> None:
    if text:
        Message.objects.create(
            report=report,
            sender=MessageSender.REPORTER,
            ciphertext=_seal_text(report, text),
            sent_on=today,
        )
    _attachment_rows(report, written)
    Report.objects.filter(pk=report.pk).update(is_unread=True, reporter_active_on=today)


def reporter_delete(*, access: ReporterAccess) -> None:
    """The reporter withdraws the report: it is crypto-shredded at once."""
    with transaction.atomic():
        audit_record(actor=None, action="report.withdrawn", obj=access.report)
        _shred(access.report)


# --- case-worker keys ----------------------------------------------------------------------------
def _wrap_for_password(private_raw: bytes, password: str) -> tuple[bytes, bytes, crypto.KdfParams]:
    params = _kdf_params()
    salt = crypto.salt_new()
    key = crypto.derive_key(password.encode(), salt=salt, params=params)
    return crypto.secret_encrypt(key, private_raw), salt, params


def caseworker_keys_create(
    *, user: User, password: str, receives_new_reports: bool = False, replace: bool = False
) -> str:
    """Make the case worker's key pair, wrapped by her login password; return the recovery key.

    With `replace`, an existing key pair is discarded, and with it every report key sealed to
    it (they could not be opened any more): colleagues must `report_share` those reports again.
    """
    _require_case_worker(user)
    if not user.check_password(password):
        raise PasswordWrong
    existing = CaseWorkerKey.objects.filter(user=user).first()
    if existing is not None and not replace:
        raise KeysExist
    private = crypto.keypair_new()
    private_raw = crypto.private_key_to_bytes(private)
    wrapped, salt, params = _wrap_for_password(private_raw, password)
    recovery_shown, recovery_key = crypto.recovery_key_new()
    with transaction.atomic():
        lost = 0
        if existing is not None:
            lost, _ignored = ReportKey.objects.filter(user=user).delete()
            existing.delete()
        record = CaseWorkerKey.objects.create(
            user=user,
            public_key=crypto.public_key_of(private),
            wrapped_private_key=wrapped,
            salt=salt,
            kdf_opslimit=params.opslimit,
            kdf_memlimit=params.memlimit,
            recovery_wrapped_key=crypto.secret_encrypt(recovery_key, private_raw),
            receives_new_reports=receives_new_reports,
        )
        if existing is not None:
            audit_record(
                actor=user,
                action="caseworker.keys_replaced",
                obj=record,
                detail={"reports_lost": lost},
            )
        else:
            audit_record(actor=user, action="caseworker.keys_created", obj=record)
    return recovery_shown


def caseworker_keys_unlock(*, user: User, password: str) -> UnlockedKey:
    """Open the case worker's private key with her password (for this request or session)."""
    record = CaseWorkerKey.objects.filter(user=user).first()
    if record is None:
        raise KeysMissing
    params = crypto.KdfParams(opslimit=record.kdf_opslimit, memlimit=record.kdf_memlimit)
    key = crypto.derive_key(password.encode(), salt=bytes(record.salt), params=params)
    try:
        raw = crypto.secret_decrypt(key, bytes(record.wrapped_private_key))
    except crypto.DecryptionError as error:
        raise KeysLocked from error
    audit_record(actor=user, action="caseworker.keys_unlocked", obj=record)
    return crypto.private_key_from_bytes(raw)


def caseworker_keys_recover(*, user: User, recovery_key: str, new_password: str) -> str:
    """Open the key pair with the recovery key, wrap it under `new_password` (which becomes her
    login password) and return a new recovery key; the old one stops working."""
    record = CaseWorkerKey.objects.filter(user=user).first()
    if record is None:
        raise KeysMissing
    try:
        raw = crypto.secret_decrypt(
            crypto.recovery_key_to_key(recovery_key), bytes(record.recovery_wrapped_key)
        )
    except crypto.DecryptionError as error:
        raise RecoveryKeyWrong from error
    wrapped, salt, params = _wrap_for_password(raw, new_password)
    recovery_shown, new_recovery_key = crypto.recovery_key_new()
    with transaction.atomic():
        record.wrapped_private_key = wrapped
        record.salt = salt
        record.kdf_opslimit = params.opslimit
        record.kdf_memlimit = params.memlimit
        record.recovery_wrapped_key = crypto.secret_encrypt(new_recovery_key, raw)
        record.save()
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="caseworker.keys_recovered", obj=record)
    return recovery_shown


def caseworker_password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Change the login password and re-wrap the key pair with it, in one step."""
    if not user.check_password(old_password):
        raise PasswordWrong
    record = CaseWorkerKey.objects.filter(user=user).first()
    raw: bytes | None = None
    if record is not None:
        params = crypto.KdfParams(opslimit=record.kdf_opslimit, memlimit=record.kdf_memlimit)
        key = crypto.derive_key(old_password.encode(), salt=bytes(record.salt), params=params)
        try:
            raw = crypto.secret_decrypt(key, bytes(record.wrapped_private_key))
        except crypto.DecryptionError as error:
            raise KeysLocked from error
    wrapped = salt = b""
    new_params = _kdf_params()
    if raw is not None:
        wrapped, salt, new_params = _wrap_for_password(raw, new_password)
    with transaction.atomic():
        if record is not None:
            record.wrapped_private_key = wrapped
            record.salt = salt
            record.kdf_opslimit = new_params.opslimit
            record.kdf_memlimit = new_params.memlimit
            record.save()
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="caseworker.password_changed", obj=user)


def console_key_put(*, request: HttpRequest, response: HttpResponseBase, key: UnlockedKey) -> None:
    """Keep the unlocked key for the console session, split between session and cookie.

    The session (stored in the database) holds the key encrypted under a random key that lives
    only in an HttpOnly cookie; neither alone opens it, and the database never sees it bare.
    """
    cookie_key = crypto.random_key()
    sealed = crypto.secret_encrypt(cookie_key, crypto.private_key_to_bytes(key))
    request.session[_CONSOLE_KEY_SESSION] = base64.b64encode(sealed).decode()
    response.set_cookie(
        CONSOLE_KEY_COOKIE,
        base64.urlsafe_b64encode(cookie_key).decode(),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
        path="/",
    )


def console_key_get(*, request: HttpRequest) -> UnlockedKey | None:
    """The key `console_key_put` kept, or None (missing, mismatched or tampered with)."""
    cookie = request.COOKIES.get(CONSOLE_KEY_COOKIE, "")
    stored = request.session.get(_CONSOLE_KEY_SESSION, "")
    if not cookie or not stored:
        return None
    try:
        raw = crypto.secret_decrypt(
            base64.urlsafe_b64decode(cookie.encode()), base64.b64decode(str(stored).encode())
        )
        return crypto.private_key_from_bytes(raw)
    except (crypto.DecryptionError, ValueError):
        return None


def console_key_forget(*, request: HttpRequest, response: HttpResponseBase | None = None) -> None:
    """Drop the unlocked key: its half in the session and, given the response, the cookie half."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(_CONSOLE_KEY_SESSION, None)
    if response is not None:
        response.delete_cookie(CONSOLE_KEY_COOKIE, path="/", samesite="Strict")


def console_key_forget_at_sign_out(
    sender: object, request: HttpRequest | None = None, **kwargs: object
) -> None:
    """`user_logged_out` receiver: every sign-out (the console's, the admin's, any other) drops
    the session half of the key before the session is flushed. A cookie half left behind in
    the browser opens nothing: what it encrypted is gone with the session."""
    if request is not None:
        console_key_forget(request=request)


# --- reports (case workers) ----------------------------------------------------------------------
def report_read(*, actor: User, key: UnlockedKey, report: Report) -> ReportContents:
    """Decrypt a report for an assigned case worker; clears the unread flag; audited."""
    private = _report_key(actor, key, report)
    contact: Contact | None = None
    if report.contact_ciphertext:
        data = json.loads(crypto.unseal(private, bytes(report.contact_ciphertext)))
        contact = Contact(
            channel=data["channel"], details=data["details"], safe_time=data["safe_time"]
        )
    contents = ReportContents(
        narrative=_open_text(private, report.narrative_ciphertext),
        contact=contact,
        messages=[
            MessageView(
                id=m.pk,
                sender=m.sender,
                author_name=_author_name(m.author, for_reporter=False),
                text=_open_text(private, m.ciphertext),
                sent_on=m.sent_on,
            )
            for m in report.messages.select_related("author").order_by("sent_on", "id")
        ],
        notes=[
            NoteView(
                id=n.pk,
                author_name=_author_name(n.author, for_reporter=False),
                text=_open_text(private, n.ciphertext),
                created_at=n.created_at,
            )
            for n in report.notes.select_related("author").order_by("created_at", "id")
        ],
        attachments=[_attachment_view(private, a)[0] for a in report.attachments.order_by("id")],
    )
    with transaction.atomic():
        if report.is_unread:
            Report.objects.filter(pk=report.pk).update(is_unread=False)
            report.is_unread = False
        audit_record(actor=actor, action="report.read", obj=report)
    return contents


def attachment_open(
    *, actor: User, key: UnlockedKey, attachment: Attachment
) -> tuple[AttachmentView, Iterator[bytes]]:
    """Stream a decrypted attachment to an assigned case worker; audited as an export."""
    private = _report_key(actor, key, attachment.report)
    view, file_key = _attachment_view(private, attachment)
    audit_record(actor=actor, action="attachment.opened", obj=attachment)
    path = Path(settings.AWAAZ_SAFETY_FILES_DIR) / attachment.stored_name

    def plaintext() -> Iterator[bytes]:
        try:
            with open(path, "rb") as source:
                pieces = iter(lambda: source.read(crypto.CHUNK_SIZE), b"")
                yield from crypto.stream_decrypt(file_key, pieces)
        except (crypto.DecryptionError, OSError) as error:
            raise SafetyError(_("This file is damaged or missing and cannot be opened.")) from error

    return view, plaintext()


def _reseal(actor: User, key: UnlockedKey, report: Report, case_worker: User, action: str) -> None:
    private = _report_key(actor, key, report)
    _require_case_worker(case_worker)
    target = CaseWorkerKey.objects.filter(user=case_worker).first()
    if target is None:
        raise KeysMissing
    sealed = crypto.seal(bytes(target.public_key), crypto.private_key_to_bytes(private))
    with transaction.atomic():
        ReportKey.objects.update_or_create(
            report=report, user=case_worker, defaults={"sealed_private_key": sealed}
        )
        audit_record(actor=actor, action=action, obj=report, detail={"case_worker": case_worker.pk})


def report_assign(*, actor: User, key: UnlockedKey, report: Report, case_worker: User) -> None:
    """Give a colleague access: seal the report's private key to her public key."""
    _reseal(actor, key, report, case_worker, "report.assigned")


def report_share(*, actor: User, key: UnlockedKey, report: Report, case_worker: User) -> None:
    """Seal the report again to a colleague whose keys were replaced (after a lost password)."""
    _reseal(actor, key, report, case_worker, "report.shared")


def report_unassign(*, actor: User, report: Report, case_worker: User) -> None:
    """Remove a case worker's envelope; refused if nobody else could then read the report."""
    _require_assigned(actor, report)
    with transaction.atomic():
        envelopes = ReportKey.objects.select_for_update().filter(report=report)
        if not envelopes.exclude(user=case_worker).exists():
            raise LastKeyHolder
        envelopes.filter(user=case_worker).delete()
        audit_record(
            actor=actor,
            action="report.unassigned",
            obj=report,
            detail={"case_worker": case_worker.pk},
        )


def message_send(*, actor: User, report: Report, text: str) -> Message:
    """A reply the reporter can read with the receipt; a new report moves to in progress."""
    _require_assigned(actor, report)
    text = _clean_text(text)
    if not text:
        raise ReportEmpty(_("The message is empty."))
    with transaction.atomic():
        message = Message.objects.create(
            report=report,
            sender=MessageSender.CASE_WORKER,
            author=actor,
            ciphertext=_seal_text(report, text),
            sent_on=_today(),
        )
        if report.status == ReportStatus.NEW:
            Report.objects.filter(pk=report.pk).update(status=ReportStatus.IN_PROGRESS)
            report.status = ReportStatus.IN_PROGRESS
        audit_record(actor=actor, action="message.sent", obj=report)
    return message


def note_add(*, actor: User, report: Report, text: str) -> Note:
    """An internal note, encrypted like everything else; the reporter never sees it."""
    _require_assigned(actor, report)
    text = _clean_text(text)
    if not text:
        raise ReportEmpty(_("The note is empty."))
    with transaction.atomic():
        note = Note.objects.create(report=report, author=actor, ciphertext=_seal_text(report, text))
        audit_record(actor=actor, action="note.added", obj=report)
    return note


def report_status_set(*, actor: User, report: Report, status: str) -> None:
    """Move a report through new, in progress, referred and closed; closing starts retention."""
    _require_assigned(actor, report)
    _check_choice(status, ReportStatus.values, "status")
    closed_at = timezone.now() if status == ReportStatus.CLOSED else None
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=status, closed_at=closed_at)
        report.status, report.closed_at = status, closed_at
        audit_record(actor=actor, action="report.status", obj=report, detail={"status": status})


def report_label(*, actor: User, report: Report, names: Sequence[str]) -> None:
    """Set the report's labels to exactly `names`, creating labels that do not exist yet."""
    _require_assigned(actor, report)
    cleaned: list[str] = []
    for name in names:
        problem = text_problem(name)
        if problem:
            raise UnsafeText(problem)
        name = normalise_text(name)[:60]
        if name and name not in cleaned:
            cleaned.append(name)
    with transaction.atomic():
        labels = [Label.objects.get_or_create(name=name)[0] for name in cleaned]
        report.labels.set(labels)
        audit_record(
            actor=actor, action="report.labelled", obj=report, detail={"labels": len(labels)}
        )


def report_refer(*, actor: User, report: Report, service: Service) -> Referral:
    """Record a referral to a service from the directory; the report becomes referred."""
    _require_assigned(actor, report)
    with transaction.atomic():
        referral = Referral.objects.create(report=report, service=service, referred_by=actor)
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.REFERRED, closed_at=None)
        report.status, report.closed_at = ReportStatus.REFERRED, None
        audit_record(
            actor=actor, action="report.referred", obj=report, detail={"service": service.pk}
        )
    return referral


def _shred(report: Report) -> None:
    """Crypto-shred: overwrite the envelopes, then delete every row and file of the report.

    Overwriting first means that a database page which keeps a deleted row's old bytes keeps
    random bytes instead of the wrapped key.
    """
    names = list(report.attachments.values_list("stored_name", flat=True))
    ReportKey.objects.filter(report=report).update(sealed_private_key=crypto.random_key())
    Report.objects.filter(pk=report.pk).update(
        receipt_wrapped_key=crypto.random_key(),
        narrative_ciphertext=b"",
        contact_ciphertext=b"",
        receipt_lookup=secrets.token_hex(32),
    )
    report.delete()
    # Files go once the deletion is committed; until then a rollback would need them.
    transaction.on_commit(lambda: _files_remove(names))


def report_delete(*, actor: User, report: Report) -> None:
    """An assigned case worker deletes a report: crypto-shredding, audited."""
    _require_assigned(actor, report)
    with transaction.atomic():
        audit_record(actor=actor, action="report.deleted", obj=report)
        _shred(report)


def reports_retention_purge(*, today: datetime.date | None = None) -> int:
    """Delete reports closed more than AWAAZ_REPORT_RETENTION_DAYS days ago; return how many."""
    now = timezone.now()
    if today is not None:
        now = now.replace(year=today.year, month=today.month, day=today.day)
    cutoff = now - datetime.timedelta(days=settings.AWAAZ_REPORT_RETENTION_DAYS)
    count = 0
    for report in Report.objects.filter(status=ReportStatus.CLOSED, closed_at__lt=cutoff):
        with transaction.atomic():
            audit_record(
                actor=None,
                action="report.purged",
                obj=report,
                detail={"retention_days": settings.AWAAZ_REPORT_RETENTION_DAYS},
            )
            _shred(report)
        count += 1
    return count


# --- intake ---

# --- console ---
# Notifications to case workers carry no content: not the reference, the type, the district or
# anything the reporter wrote; only that a report is waiting and where the console is. An email
# crosses servers we do not control, and a case worker's inbox may be read over her shoulder.


def _console_inbox_link(language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        path = reverse("safety:console_inbox")
    return settings.AWAAZ_PUBLIC_URL.rstrip("/") + path


def console_assignment_notify(*, case_workers: Sequence[User]) -> None:
    """Queue an email to each case worker that a report has been assigned to her.

    The emails go into the durable outbox (`awaaz.core.outbox`) in the caller's transaction and
    are delivered after the commit, off the request path: an assignment that rolls back sends
    nothing, a slow mail server never delays the reporter's receipt page, and a server that is
    down gets them later (`awaaz outbox_send`). The row holds only the address, this fixed
    subject and body and the console's link: no reference, no report content, no reporter data.
    """
    from django.utils import translation

    from awaaz.core.outbox import email_queue

    for worker in case_workers:
        if not worker.email:
            continue
        language = worker.preferred_language or "en"
        with translation.override(language):
            subject = str(_("Awaaz: a report is assigned to you"))
            body = str(
                _(
                    "A new report is assigned to you in the Awaaz case-worker console.\n\n"
                    "Sign in to read it: %(link)s\n\n"
                    "This email says nothing about the report on purpose."
                )
            ) % {"link": _console_inbox_link(language)}
        email_queue(recipient=worker.email, subject=subject, body=body, language=language)


@transaction.atomic
def console_report_assign(
    *, actor: User, key: UnlockedKey, report: Report, case_worker: User, hand_over: bool = False
) -> None:
    """Share a report with another case worker (re-sealing its key) and tell her by email.

    With `hand_over`, the actor's own envelope is then removed (audited as an unassignment):
    she can no longer read the report, and her colleague holds it instead.
    """
    report_assign(actor=actor, key=key, report=report, case_worker=case_worker)
    if hand_over:
        report_unassign(actor=actor, report=report, case_worker=actor)
    console_assignment_notify(case_workers=[case_worker])


# Wrong passwords or recovery keys typed into the console, per case worker: after this many in
# the window, the console stops trying (a stolen, already signed-in session cannot guess on).
CONSOLE_UNLOCK_TRIES = 5
CONSOLE_UNLOCK_WINDOW_SECONDS = 15 * 60


def _console_tries_key(user: User) -> str:
    return f"safety:console-unlock-failures:{user.pk}"


def console_unlock_blocked(*, user: User) -> bool:
    """True while the case worker has used up her tries for unlocking or recovering keys."""
    from django.core.cache import cache

    return int(cache.get(_console_tries_key(user), 0)) >= CONSOLE_UNLOCK_TRIES


def console_unlock_failed(*, user: User, what: str) -> None:
    """Count one wrong password or recovery key (`what`), and audit it (never the value)."""
    from django.core.cache import cache

    key = _console_tries_key(user)
    cache.add(key, 0, timeout=CONSOLE_UNLOCK_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=CONSOLE_UNLOCK_WINDOW_SECONDS)
    audit_record(actor=user, action="caseworker.unlock_failed", obj=user, detail={"what": what})


@transaction.atomic
def console_new_report_notify(*, report: Report) -> None:
    """Tell the case workers a new report was sealed to that it is waiting (no content).

    Called by `report_create` inside the transaction that stores the report.
    """
    holders = list(User.objects.filter(safety_report_keys__report=report, is_active=True))
    console_assignment_notify(case_workers=holders)


# --- directory ---
# The help directory's seed (data/services.json) and the anonymous statistics feed.

DIRECTORY_DATA = Path(__file__).resolve().parent / "data" / "services.json"


@dataclass(frozen=True)
class DirectoryLoadResult:
    created: int
    kept: int


class DirectoryDataError(ValueError):
    """The seed file names a province or district that is not in the database, or is invalid."""


@transaction.atomic
def directory_load(*, path: Path = DIRECTORY_DATA) -> DirectoryLoadResult:
    """Add the seed's services that are missing (matched by `slug`); return what was done.

    Entries already in the database are left exactly as they are: after the first load they
    belong to the coordinators, who correct and verify them in the admin, and loading again
    (every `awaaz setup`) must never undo a correction. All or nothing: one bad entry and no
    entry is written.
    """
    from django.core.exceptions import ValidationError

    from awaaz.places.models import Province
    from awaaz.safety.models import Served

    data = json.loads(path.read_text(encoding="utf-8"))
    existing = set(Service.objects.exclude(slug=None).values_list("slug", flat=True))
    provinces = {p.code: p for p in Province.objects.all()}
    districts = {d.code: d for d in District.objects.all()}
    created = kept = 0
    for row in data["services"]:
        if row["slug"] in existing:
            kept += 1
            continue
        try:
            service_provinces = [provinces[code] for code in row["provinces"]]
            service_districts = [districts[code] for code in row["districts"]]
        except KeyError as missing:
            raise DirectoryDataError(
                f"{row['slug']}: unknown place {missing} (run places_load first)"
            ) from None
        last_verified = row["last_verified"]
        service = Service(
            slug=row["slug"],
            kind=row["kind"],
            name_en=row["name_en"],
            name_ur=row["name_ur"],
            nationwide=row["nationwide"],
            serves=list(row["serves"]),
            languages=list(row["languages"]),
            hours=row["hours"],
            phone=row["phone"],
            website=row["website"],
            address_text=row["address_text"],
            note_en=row["note_en"],
            note_ur=row["note_ur"],
            is_verified=row["is_verified"],
            last_verified=datetime.date.fromisoformat(last_verified) if last_verified else None,
            verified_source=row["verified_source"],
            published=True,
        )
        try:
            service.full_clean()
        except ValidationError as error:
            raise DirectoryDataError(f"{row['slug']}: {error.messages}") from None
        if service.is_verified and service.last_verified is None:
            raise DirectoryDataError(f"{row['slug']}: verified without a last-verified date")
        unknown = set(service.serves) - set(Served.values)
        if unknown:
            raise DirectoryDataError(f"{row['slug']}: unknown groups served {sorted(unknown)}")
        service.save()
        service.provinces.set(service_provinces)
        service.districts.set(service_districts)
        created += 1
    return DirectoryLoadResult(created=created, kept=kept)


# The statistics feed. A report whose reporter consented ("count this anonymously") becomes one
# anonymous incident in the evidence app: structured fields only, never the account, never a
# date finer than a month, and no link back to the report. Reports are fed in a daily batch, never
# at submission: the evidence app stamps its rows with a creation time, and a row created in the
# same second as a report would tie the two together.

# What the reporter said happened -> the evidence codebook's offence types. Rape includes sodomy
# (GBVIMS, UNODC ICCS), so it is coded "rape" with the survivor's gender recorded. Online abuse is
# coded as harassment with the online flag. "Something else" cannot be coded: not counted.
_FEED_OFFENCE = {
    IncidentType.RAPE: "rape",
    IncidentType.SEXUAL_ASSAULT: "sexual_assault",
    IncidentType.ATTEMPTED: "attempted_rape",
    IncidentType.HARASSMENT: "harassment",
    IncidentType.ONLINE_ABUSE: "harassment",
}
_FEED_GANG = {"rape": "gang_rape"}
_FEED_GENDER = {
    SurvivorGender.WOMAN: "woman",
    SurvivorGender.MAN: "man",
    SurvivorGender.GIRL: "girl",
    SurvivorGender.BOY: "boy",
    SurvivorGender.TRANSGENDER: "khawaja_sira",
    SurvivorGender.NON_BINARY: "non_binary",
    SurvivorGender.PREFER_NOT: "unknown",
}
# Only to a band of the codebook that contains the reporter's whole band: never more precise
# than what was said.
_FEED_AGE = {
    AgeBand.UNDER_12: "child",
    AgeBand.AGE_12_17: "child",
    AgeBand.AGE_18_24: "18-25",
    AgeBand.AGE_25_39: "adult",
    AgeBand.AGE_40_59: "adult",
    AgeBand.AGE_60_PLUS: "adult",
    AgeBand.PREFER_NOT: "unknown",
}
# "Someone with authority (teacher, employer, cleric)" is not one codebook category: it is
# counted as known to the survivor ("acquaintance"); "police or another official" as police.
_FEED_RELATIONSHIP = {
    Relationship.FAMILY: "family",
    Relationship.PARTNER: "partner",
    Relationship.ACQUAINTANCE: "acquaintance",
    Relationship.AUTHORITY: "acquaintance",
    Relationship.OFFICIAL: "police",
    Relationship.STRANGER: "stranger",
    Relationship.UNKNOWN: "unknown",
}
_FEED_COUNT = {
    PerpetratorCount.ONE: 1,
    PerpetratorCount.TWO: 2,
    PerpetratorCount.THREE_PLUS: 3,  # "three or more": at least three
    PerpetratorCount.UNKNOWN: None,
}
_FEED_FIR = {YesNoUnsure.YES: True, YesNoUnsure.NO: False, YesNoUnsure.NOT_SURE: None}
# How far back each "when" answer may reach, in days (None: no limit known).
_FEED_WINDOW: dict[str, tuple[int | None, int]] = {
    WhenBucket.WITHIN_3_DAYS: (3, 0),
    WhenBucket.WITHIN_MONTH: (31, 0),
    WhenBucket.WITHIN_YEAR: (366, 0),
    WhenBucket.OVER_YEAR: (None, 365),
}


@dataclass(frozen=True)
class AnonymousIncident:
    """What the statistics may know of one report: categories and a coarse date, nothing else."""

    offence_type: str
    is_online: bool
    # The first day of the month (precision "month"), of the year ("year"), or None ("unknown").
    occurred_on: datetime.date | None
    date_precision: str
    district: District | None
    survivor_gender: str
    age_band: str
    perpetrator_relationship: str
    perpetrator_count: int | None
    fir_registered: bool | None


def _feed_date(when: str, received_on: datetime.date) -> tuple[datetime.date | None, str]:
    """The coarsest date that is still true: the month if the whole window "when" allows lies
    in one month, else the year if in one year, else unknown."""
    window = _FEED_WINDOW.get(when)
    if window is None:
        return None, "unknown"
    reach, gap = window
    latest = received_on - datetime.timedelta(days=gap)
    if reach is None:
        return None, "unknown"
    earliest = received_on - datetime.timedelta(days=reach)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return latest.replace(day=1), "month"
    if earliest.year == latest.year:
        return latest.replace(month=1, day=1), "year"
    return None, "unknown"


def report_statistics_record(*, report: Report) -> AnonymousIncident | None:
    """The anonymous incident a report becomes, or None if it may not or cannot be counted
    (no consent, or "something else", which the codebook cannot place)."""
    if not report.consent_statistics:
        return None
    offence = _FEED_OFFENCE.get(IncidentType(report.incident_type))
    if offence is None:
        return None
    count = _FEED_COUNT.get(PerpetratorCount(report.perpetrator_count))
    if count is not None and count >= 2:
        offence = _FEED_GANG.get(offence, offence)
    occurred_on, precision = _feed_date(report.when, report.received_on)
    return AnonymousIncident(
        offence_type=offence,
        is_online=report.incident_type == IncidentType.ONLINE_ABUSE,
        occurred_on=occurred_on,
        date_precision=precision,
        district=report.district,
        survivor_gender=_FEED_GENDER[SurvivorGender(report.survivor_gender)],
        age_band=_FEED_AGE[AgeBand(report.survivor_age)],
        perpetrator_relationship=_FEED_RELATIONSHIP[Relationship(report.perpetrator_relationship)],
        perpetrator_count=count,
        fir_registered=_FEED_FIR[YesNoUnsure(report.fir_registered)],
    )


def report_statistics_feed(*, report: Report) -> bool:
    """Count one report in the evidence app's incidents, once; return whether it was counted now.

    The flag is set by a conditional update in the same transaction as the incident, so two
    runs at once cannot count a report twice, and a failure counts it not at all.
    """
    from awaaz.evidence.services_incidents import (
        IncidentData,
        PerpetratorData,
        VictimData,
        incident_create,
    )

    record = report_statistics_record(report=report)
    if record is None:
        return False
    with transaction.atomic():
        claimed = Report.objects.filter(pk=report.pk, counted_in_statistics=False).update(
            counted_in_statistics=True
        )
        if not claimed:
            return False
        perpetrators: tuple[PerpetratorData, ...] = ()
        if record.perpetrator_count is not None or record.perpetrator_relationship != "unknown":
            perpetrators = (
                PerpetratorData(
                    relationship=record.perpetrator_relationship,
                    count=record.perpetrator_count or 1,
                ),
            )
        fir_status = {True: "registered", False: "not_registered", None: "not_stated"}
        incident_create(
            actor=None,
            data=IncidentData(
                stream="survivor_report",
                victim=VictimData(gender=record.survivor_gender, age_band=record.age_band),
                offence_types=(record.offence_type,),
                occurred_on=record.occurred_on,
                date_precision=record.date_precision,
                district=record.district,
                perpetrators=perpetrators,
                fir_status=fir_status[record.fir_registered],
                is_online=record.is_online,
            ),
        )
    report.counted_in_statistics = True
    return True


def reports_statistics_feed(*, today: datetime.date | None = None) -> int:
    """Count every consenting report received before `today` that is not counted yet.

    Run daily (never per submission: see above). Returns how many were counted.
    """
    today = today or _today()
    pending = Report.objects.filter(
        consent_statistics=True, counted_in_statistics=False, received_on__lt=today
    ).select_related("district")
    return sum(report_statistics_feed(report=report) for report in pending.iterator())

"""Writes for members' own accounts: passwordless sign-in, profile, contact changes, erasure.

Sign-in never reveals whether an address is known: the same answer is given either way, and a
one-time link or code is only sent when a member exists. Links and codes are stored as keyed
hashes, so a copy of the database cannot be used to sign in; a code is refused after five wrong
tries, and a member can ask for only a few per hour.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awaaz.core.models import AuditEvent, User
from awaaz.core.services import audit_record
from awaaz.lib.abuse import is_disposable_email
from awaaz.lib.sms import sms_send
from awaaz.places.models import District

from ..models import (
    JoinRequest,
    Member,
    Pledge,
    Verification,
    VerificationChannel,
    VerificationPurpose,
)

logger = logging.getLogger(__name__)

LINK_MINUTES = 30
CODE_MINUTES = 10
MAX_CODE_ATTEMPTS = 5
# A member can ask for this many sign-in or contact messages per hour; more are silently dropped
# (the answer on screen stays the same), so nobody can flood a phone or mailbox through us.
MAX_SENDS_PER_HOUR = 5


class SignInError(Exception):
    """A sign-in or confirmation step failed; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Contact details --------------------------------------------------------------------------


def email_normalise(value: str) -> str:
    """Lower-case and check an email address; raise ValidationError with a plain message."""
    address = value.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("This email address is not complete. Please check it, e.g. name@example.com."),
            code="email_invalid",
        ) from None
    if is_disposable_email(address):
        raise ValidationError(
            _("Please use an address you will still have next month, not a throwaway mailbox."),
            code="email_disposable",
        )
    return address


def phone_normalise(value: str) -> str:
    """Return a Pakistani mobile number in E.164 (+92...), or raise ValidationError."""
    try:
        number = phonenumbers.parse(value.strip(), "PK")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("This is not a phone number. Please type it like 0300 1234567."),
            code="phone_invalid",
        ) from None
    if number.country_code != 92:
        raise ValidationError(
            _("Only Pakistani mobile numbers can receive our SMS. Please use email instead."),
            code="phone_foreign",
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a phone number. Please type it like 0300 1234567."),
            code="phone_invalid",
        )
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(
            _("This number cannot receive SMS. Please give a mobile number."),
            code="phone_not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def identifier_normalise(value: str) -> tuple[str, str]:
    """Split what a member typed into ("email", address) or ("sms", +92...)."""
    if "@" in value:
        return VerificationChannel.EMAIL, email_normalise(value)
    return VerificationChannel.SMS, phone_normalise(value)


# --- Hashing ----------------------------------------------------------------------------------


def _key() -> bytes:
    # A key of its own, derived from SECRET_KEY: a leaked hash of a six-digit code cannot be
    # brute-forced without it.
    return hashlib.sha256(b"awaaz.movement.account:" + settings.SECRET_KEY.encode()).digest()


def _link_hash(token: str) -> str:
    return hmac.new(_key(), token.encode(), hashlib.sha256).hexdigest()


def _code_hash(code: str, *, salt: str | None = None) -> str:
    # token_hash is unique and six-digit codes repeat, so each code hash carries its own salt:
    # 16 hex characters of salt followed by 48 of keyed BLAKE2b (64 in all, the column's size).
    salt = salt or secrets.token_hex(8)
    digest = hashlib.blake2b(
        code.encode(), key=_key()[:32], salt=bytes.fromhex(salt), digest_size=24
    ).hexdigest()
    return salt + digest


def _code_matches(code: str, stored: str) -> bool:
    return hmac.compare_digest(_code_hash(code, salt=stored[:16]), stored)


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


# --- Sending ----------------------------------------------------------------------------------


def _recent_sends(member: Member) -> int:
    since = timezone.now() - datetime.timedelta(hours=1)
    return Verification.objects.filter(
        member=member,
        purpose__in=[VerificationPurpose.SIGN_IN, VerificationPurpose.CONTACT],
        created_at__gte=since,
    ).count()


def _absolute(path: str) -> str:
    return settings.AWAAZ_PUBLIC_URL.rstrip("/") + path


def _deliver(send: Callable[[], object]) -> None:
    # A mail server or SMS gateway that is down must not turn into an error page: the page
    # would then differ between known and unknown addresses. The failure is logged (without
    # the address) and the member can ask again.
    try:
        send()
    except Exception as error:  # any delivery failure is handled the same way
        logger.error("could not deliver a one-time link or code: %s", type(error).__name__)


def _send_link(*, member: Member, address: str, purpose: str, new_contact: str = "") -> None:
    token = secrets.token_urlsafe(32)
    Verification.objects.create(
        member=member,
        purpose=purpose,
        channel=VerificationChannel.EMAIL,
        token_hash=_link_hash(token),
        expires_at=timezone.now() + datetime.timedelta(minutes=LINK_MINUTES),
        new_contact=new_contact,
    )
    with translation.override(member.language):
        if purpose == VerificationPurpose.SIGN_IN:
            url = _absolute(reverse("movement:sign_in_link", kwargs={"token": token}))
            subject = _("Your link to sign in to Awaaz")
            body = _(
                "Open this link to sign in to Awaaz. It works once, for %(minutes)s minutes:\n\n"
                "%(url)s\n\nIf you did not ask for it, ignore this email: nothing will happen."
            ) % {"minutes": LINK_MINUTES, "url": url}
        else:
            url = _absolute(reverse("movement:contact_link", kwargs={"token": token}))
            subject = _("Confirm your new email address for Awaaz")
            body = _(
                "Open this link to use this address for your Awaaz membership. It works once, "
                "for %(minutes)s minutes:\n\n%(url)s\n\n"
                "If you did not ask for it, ignore this email: nothing will change."
            ) % {"minutes": LINK_MINUTES, "url": url}
    # transaction.on_commit: mail is only sent once the row that makes the link valid exists.
    transaction.on_commit(lambda: _deliver(lambda: send_mail(subject, body, None, [address])))


def _send_code(*, member: Member, phone: str, purpose: str, new_contact: str = "") -> None:
    code = _new_code()
    Verification.objects.create(
        member=member,
        purpose=purpose,
        channel=VerificationChannel.SMS,
        token_hash=_code_hash(code),
        expires_at=timezone.now() + datetime.timedelta(minutes=CODE_MINUTES),
        new_contact=new_contact,
    )
    with translation.override(member.language):
        body = _("Awaaz code: %(code)s. It works for %(minutes)s minutes. Never share it.") % {
            "code": code,
            "minutes": CODE_MINUTES,
        }
    transaction.on_commit(lambda: _deliver(lambda: sms_send(to=phone, body=body)))


# --- Sign-in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInStarted:
    channel: str
    identifier: str  # normalised; the view keeps it in the session for the code step


@transaction.atomic
def sign_in_request(*, identifier: str) -> SignInStarted:
    """Send a one-time link (email) or code (SMS) if a member has this address.

    Raises ValidationError only for input that is not an address at all; for a well-formed
    address the result is the same whether or not anyone has it.
    """
    channel, value = identifier_normalise(identifier)
    lookup = Q(email=value) if channel == VerificationChannel.EMAIL else Q(phone=value)
    member = Member.objects.select_for_update().filter(lookup).first()
    if member is not None and _recent_sends(member) < MAX_SENDS_PER_HOUR:
        if channel == VerificationChannel.EMAIL:
            _send_link(member=member, address=value, purpose=VerificationPurpose.SIGN_IN)
        else:
            _send_code(member=member, phone=value, purpose=VerificationPurpose.SIGN_IN)
    return SignInStarted(channel=channel, identifier=value)


def _account_for(member: Member) -> User:
    if member.user_id is not None:
        assert member.user is not None
        return member.user
    # A member account has no password and no personal data: the username is only a handle.
    user = User(username=f"member-{member.pk}-{secrets.token_hex(4)}")
    user.set_unusable_password()
    user.preferred_language = member.language
    user.save()
    member.user = user
    return user


def _link_verification(token: str, *, purpose: str) -> Verification:
    verification = (
        Verification.objects.select_for_update()
        .select_related("member")
        .filter(token_hash=_link_hash(token), purpose=purpose, channel=VerificationChannel.EMAIL)
        .first()
    )
    if verification is None:
        raise SignInError(_("This link is not valid. Please ask for a new one."))
    if verification.used_at is not None:
        raise SignInError(_("This link has already been used. Please ask for a new one."))
    if verification.expires_at <= timezone.now():
        raise SignInError(_("This link has expired. Please ask for a new one."))
    return verification


@transaction.atomic
def sign_in_with_link(*, token: str) -> User:
    """Use a sign-in link once; return the member's account (created on first sign-in)."""
    verification = _link_verification(token, purpose=VerificationPurpose.SIGN_IN)
    member = verification.member
    now = timezone.now()
    verification.used_at = now
    verification.save(update_fields=["used_at"])
    member.email_verified_at = member.email_verified_at or now
    user = _account_for(member)
    member.save(update_fields=["email_verified_at", "user", "updated_at"])
    return user


def _code_verification(*, member: Member | None, code: str, purpose: str) -> Verification:
    """Check a code against the member's newest open code; count a wrong try against it."""
    wrong = SignInError(_("This code is not right. Please check the SMS and type it again."))
    if member is None:
        raise wrong
    verification = (
        Verification.objects.select_for_update()
        .filter(
            member=member, purpose=purpose, channel=VerificationChannel.SMS, used_at__isnull=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if verification is None:
        raise wrong
    if verification.attempts >= MAX_CODE_ATTEMPTS:
        raise SignInError(
            _("This code was typed wrong five times and is now locked. Please ask for a new one.")
        )
    if verification.expires_at <= timezone.now():
        raise SignInError(_("This code has expired. Please ask for a new one."))
    if not _code_matches(code.strip(), verification.token_hash):
        verification.attempts += 1
        verification.save(update_fields=["attempts"])
        raise wrong
    verification.used_at = timezone.now()
    verification.save(update_fields=["used_at"])
    return verification


def sign_in_with_code(*, phone: str, code: str) -> User:
    """Check an SMS code for the phone number typed on the first step; return the account.

    A wrong try is saved even though the sign-in fails, so the count of tries cannot be undone
    by the rollback of a failed attempt.
    """
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(phone=phone).first()
        try:
            _code_verification(member=member, code=code, purpose=VerificationPurpose.SIGN_IN)
        except SignInError as error:
            failure = error
        else:
            assert member is not None
            member.phone_verified_at = member.phone_verified_at or timezone.now()
            user = _account_for(member)
            member.save(update_fields=["phone_verified_at", "user", "updated_at"])
            return user
    raise failure


# --- Profile ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileChange:
    saved: bool
    email_confirmation_sent: bool = False
    phone_confirmation_sent: bool = False


@transaction.atomic
def member_profile_update(
    *,
    member: Member,
    display_name: str,
    district: District | None,
    language: str,
    email: str | None,
    phone: str | None,
) -> ProfileChange:
    """Save name, district and language at once; a new email or phone waits for confirmation.

    `email` and `phone` are already normalised (or None when left empty). Removing one of them is
    allowed as long as the member stays reachable by the other.
    """
    if email is None and phone is None:
        raise ValidationError(
            _("Keep at least one way to reach you: an email address or a phone number."),
            code="unreachable",
        )
    member.display_name = display_name
    member.district = district
    member.language = language
    fields = ["display_name", "district", "language", "updated_at"]
    if email is None and member.email is not None:
        member.email, member.email_verified_at = None, None
        fields += ["email", "email_verified_at"]
    if phone is None and member.phone is not None:
        member.phone, member.phone_verified_at = None, None
        fields += ["phone", "phone_verified_at"]
    member.save(update_fields=fields)
    if member.user_id is not None:
        User.objects.filter(pk=member.user_id).update(preferred_language=language)
    email_sent = phone_sent = False
    if email is not None and email != member.email:
        if _recent_sends(member) < MAX_SENDS_PER_HOUR:
            _send_link(
                member=member,
                address=email,
                purpose=VerificationPurpose.CONTACT,
                new_contact=email,
            )
        email_sent = True
    if phone is not None and phone != member.phone:
        if _recent_sends(member) < MAX_SENDS_PER_HOUR:
            _send_code(
                member=member, phone=phone, purpose=VerificationPurpose.CONTACT, new_contact=phone
            )
        phone_sent = True
    return ProfileChange(
        saved=True, email_confirmation_sent=email_sent, phone_confirmation_sent=phone_sent
    )


def _apply_new_contact(member: Member, value: str) -> None:
    field = "email" if "@" in value else "phone"
    taken = Member.objects.filter(**{field: value}).exclude(pk=member.pk).exists()
    if taken:
        raise SignInError(
            _("This address already belongs to another membership, so it was not changed.")
        )
    setattr(member, field, value)
    setattr(member, f"{field}_verified_at", timezone.now())
    member.save(update_fields=[field, f"{field}_verified_at", "updated_at"])


@transaction.atomic
def member_contact_confirm_link(*, token: str) -> str:
    """Confirm a new email address with the link sent to it; return the address.

    Opening the link proves the address works; the change itself was asked for by the member
    while signed in, so no session is needed here (the link may be opened on another device).
    """
    verification = _link_verification(token, purpose=VerificationPurpose.CONTACT)
    verification.used_at = timezone.now()
    verification.save(update_fields=["used_at"])
    _apply_new_contact(verification.member, verification.new_contact)
    return verification.new_contact


def member_contact_confirm_code(*, member: Member, code: str) -> str:
    """Confirm a new phone number with the code sent to it; return the number."""
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        try:
            verification = _code_verification(
                member=locked, code=code, purpose=VerificationPurpose.CONTACT
            )
        except SignInError as error:
            failure = error
        else:
            _apply_new_contact(locked, verification.new_contact)
            return verification.new_contact
    raise failure


# --- Erasure ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    pledges: int
    join_requests: int


@transaction.atomic
def member_erase(*, member: Member) -> Erasure:
    """Delete a member and everything about them; keep only the anonymous pledge tallies.

    Pledges, join requests, roles and one-time codes go with the member. `PledgeTally` holds
    counts with no link to any person, so it is left exactly as it was. The account is deleted
    too, unless the audit log names it as the actor of staff work (the log is append-only): then
    it is emptied of personal data and closed instead. The audit event names no one.
    """
    pledges = Pledge.objects.filter(member=member).count()
    join_requests = JoinRequest.objects.filter(member=member).count()
    user = member.user
    member.delete()
    if user is not None:
        if AuditEvent.objects.filter(actor=user).exists():
            user.username = f"erased-{secrets.token_hex(8)}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = user.is_staff = user.is_superuser = False
            user.set_unusable_password()
            user.save()
            user.groups.clear()
            user.user_permissions.clear()
        else:
            user.delete()
    audit_record(
        actor=None,
        action="member.erased",
        detail={"pledges": pledges, "join_requests": join_requests},
    )
    return Erasure(pledges=pledges, join_requests=join_requests)


def member_data_download_record(*, member: Member) -> None:
    """Note in the audit log that a member downloaded their own data.

    The member is not named as the actor: the account may be erased later, and the log must not
    keep a link back to the person (see member_erase).
    """
    audit_record(actor=None, action="member.data_downloaded", obj=member)

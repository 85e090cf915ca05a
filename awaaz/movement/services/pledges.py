"""Writes for the pledge: seeding the text, taking a pledge, confirming it, expiring the rest.

The flow is double opt-in. `pledge_submit` saves a *pending* pledge and sends a one-time link by
email and/or a six-digit code by SMS; only hashes of the link and code are stored. A pledge counts
(in PledgeTally) only once `pledge_confirm_link` or `pledge_confirm_code` confirms it, in the same
transaction. Pending pledges expire after settings.AWAAZ_PLEDGE_CONFIRM_HOURS.

The same person pledging twice is recognised by the normalised phone or email. The page that
answers a submission is the same whatever happened, so it cannot be used to test whether a number
has pledged; the "you already pledged" news goes into the message, which only the owner of the
phone or inbox reads.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import hmac
import logging
import secrets
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awaaz.lib import sms
from awaaz.lib.abuse import contact_key, rate_limit_hit
from awaaz.movement.models import (
    Chapter,
    JoinRequest,
    JoinRequestStatus,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
    Verification,
    VerificationChannel,
    VerificationPurpose,
)
from awaaz.places.models import District

logger = logging.getLogger(__name__)

MAX_CODE_ATTEMPTS = 5
_TICKET_SALT = "awaaz.movement.pledge.code"
# Messages to one phone or email address per day, whoever asks: enough for a person who mistyped
# a code twice, too few to turn the form into a way to pester someone.
CONTACT_LIMIT_PER_DAY = 5

# The first published pledge. A new wording is a new version (never an edit): pledges and consents
# keep pointing at the words their signers agreed to.
PLEDGE_V1: dict[str, str] = {
    "text_en": (
        "I pledge to raise my voice against rape and sexual violence. The blame lies with the "
        "rapist, never with the victim. I will believe and stand by survivors — women, men, "
        "boys, girls, khawaja sira and transgender people alike. When anyone excuses sexual "
        "violence or jokes about it, I will not stay silent."
    ),
    "text_ur": (
        "میرا عہد ہے کہ میں جنسی زیادتی اور جنسی تشدد کے خلاف آواز اٹھاؤں۔ قصور زیادتی کرنے "
        "والے کا ہے، متاثرہ کا کبھی نہیں۔ میں متاثرین کی بات پر یقین کروں اور ان کا ساتھ دوں، "
        "چاہے وہ عورتیں ہوں، مرد، لڑکے، لڑکیاں، خواجہ سرا یا ٹرانس جینڈر افراد۔ جب کوئی جنسی "
        "تشدد کا جواز پیش کرے یا اس کا مذاق اڑائے تو میں خاموش نہ رہوں۔"
    ),
    "consent_en": (
        "Awaaz keeps my name, my phone number or email and my district to count my pledge and "
        "to tell me about the campaign near me. My phone number and email are never published; "
        "only the campaign's coordinators, and the focal person of a chapter I join, can see "
        "them. My name is shown on the pledge wall only if I choose to show it. I can download "
        "or delete my data at any time."
    ),
    "consent_ur": (
        "آواز میرا نام، میرا فون نمبر یا ای میل اور میرا ضلع محفوظ رکھے گی تاکہ میرا عہد گنا "
        "جائے اور مجھے اپنے علاقے میں مہم کی خبر دی جائے۔ میرا فون نمبر اور ای میل کبھی شائع "
        "نہیں ہوں گے؛ انہیں صرف مہم کے رابطہ کار اور جس چیپٹر میں میں شامل ہوں اس کا فوکل "
        "پرسن دیکھ سکتا ہے۔ میرا نام عہد کی دیوار پر صرف اسی صورت میں دکھایا جائے گا جب میں "
        "خود چاہوں۔ میں جب چاہوں اپنا ڈیٹا ڈاؤن لوڈ یا حذف کر سکتا ہوں۔"
    ),
}


def pledge_text_load() -> bool:
    """Publish pledge text v1 if it is missing; True when it was created. Safe to run again."""
    with transaction.atomic():
        if PledgeText.objects.filter(version=1).exists():
            return False
        PledgeText.objects.create(version=1, **PLEDGE_V1, published_at=timezone.now())
        return True


# --- Taking the pledge ----------------------------------------------------------------------


class PledgeContactLimitedError(Exception):
    """Too many messages to this phone or email today."""


class PledgeDeliveryError(Exception):
    """The email or SMS could not be sent; nothing was saved."""


@dataclass(frozen=True)
class Submission:
    """What the page may know about a submission: only where to type an SMS code, if any."""

    ticket: str = ""


@dataclass
class _Outgoing:
    channel: str
    to: str
    subject: str = ""
    body: str = ""


def _hash_link(token: str) -> str:
    return hashlib.sha256(f"link:{token}".encode()).hexdigest()


def _hash_code(nonce: str, code: str) -> str:
    return hashlib.sha256(f"code:{nonce}:{code}".encode()).hexdigest()


def _public_url(name: str, language: str, **kwargs: str) -> str:
    with translation.override(language):
        path = reverse(f"movement:{name}", kwargs=kwargs or None)
    return settings.AWAAZ_PUBLIC_URL.rstrip("/") + path


def _match_member(*, phone: str | None, email: str | None) -> tuple[Member | None, list[str]]:
    """The existing member these contacts belong to, and the channels that are really theirs.

    Messages about an existing member go only to contacts already on that member's row: a new
    address typed next to someone else's number must not learn whether that number pledged.
    """
    # One query whatever was given; phone and email are each unique, so at most two rows.
    contacts = Q(phone=phone) if phone else Q()
    if email:
        contacts |= Q(email=email)
    rows = list(Member.objects.filter(contacts).order_by()[:2]) if contacts else []
    by_phone = next((m for m in rows if phone and m.phone == phone), None)
    member = by_phone or (rows[0] if rows else None)
    if member is None:
        return None, []
    channels: list[str] = []
    if phone and member.phone == phone:
        channels.append(VerificationChannel.SMS)
    if email and member.email == email:
        channels.append(VerificationChannel.EMAIL)
    return member, channels


@dataclass
class _Created:
    member: Member | None = None
    pledge: Pledge | None = None
    verifications: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Secret:
    """A verification just stored, with the link token or code that only its message carries."""

    channel: str
    verification_id: int
    token: str = ""
    code: str = ""
    nonce: str = ""


def _member_new_or_matched(
    *, display_name: str, phone: str | None, email: str | None, district: District, language: str
) -> tuple[Member, list[str], bool]:
    """The member these contacts belong to, a new one for a new person; and the channels to use.

    Most pledgers are new, so the row is inserted first (in a savepoint) and only a clash with
    the unique phone or email column looks the existing member up. The third value says whether
    the member was created here.
    """
    try:
        with transaction.atomic():
            member = Member.objects.create(
                display_name=display_name,
                phone=phone,
                email=email,
                district=district,
                language=language,
            )
    except IntegrityError:
        # Someone already has this phone or email (on PostgreSQL perhaps a submission committed a
        # moment ago, which the match below sees).
        matched, channels = _match_member(phone=phone, email=email)
        if matched is None:
            raise
        return matched, channels, False
    channels = [
        str(c)
        for c, value in ((VerificationChannel.SMS, phone), (VerificationChannel.EMAIL, email))
        if value
    ]
    return member, channels, True


def pledge_submit(
    *,
    text: PledgeText,
    display_name: str,
    is_public: bool,
    phone: str | None,
    email: str | None,
    district: District,
    chapter: Chapter | None,
    language: str,
) -> Submission:
    """Save a pending pledge (or recognise a pledger) and send the confirmation messages.

    `phone` (E.164) and `email` (lower-case) are already normalised and at least one is given.
    Raises PledgeContactLimitedError before saving anything when a contact had too many messages
    today, and PledgeDeliveryError (after removing what it saved) when a message cannot be sent.
    The write transaction holds only the inserts; the messages are written after it commits.
    """
    for contact in (phone, email):
        if contact and rate_limit_hit(
            scope="pledge-contact",
            key=contact_key(contact),
            limit=CONTACT_LIMIT_PER_DAY,
            window=24 * 60 * 60,
        ):
            raise PledgeContactLimitedError
    now = timezone.now()
    expires = now + datetime.timedelta(hours=settings.AWAAZ_PLEDGE_CONFIRM_HOURS)
    created = _Created()
    secrets_out: list[_Secret] = []
    for attempt in range(2):
        try:
            with transaction.atomic():
                created = _Created()
                member, channels, is_new = _member_new_or_matched(
                    display_name=display_name,
                    phone=phone,
                    email=email,
                    district=district,
                    language=language,
                )
                already_on = None
                if is_new:
                    created.member = member
                else:
                    already_on = (
                        Pledge.objects.filter(
                            member=member, text=text, status=PledgeStatus.CONFIRMED
                        )
                        .values_list("confirmed_at", flat=True)
                        .first()
                    )
                pledge = None
                if already_on is None:
                    pledge = Pledge.objects.create(
                        member=member,
                        text=text,
                        display_name=display_name,
                        is_public=is_public and bool(display_name),
                        district=district,
                        chapter=chapter,
                        consent_version=text.version,
                        language=language,
                        expires_at=expires,
                    )
                    created.pledge = pledge
                secrets_out = [
                    _verification_create(
                        member=member, pledge=pledge, channel=channel, expires=expires
                    )
                    for channel in channels
                ]
                created.verifications = [secret.verification_id for secret in secrets_out]
            break
        except IntegrityError:
            # The member's own clash is settled inside _member_new_or_matched; this catches the
            # rarer one where the clashing row was gone again before the match (a concurrent
            # submission rolled back, or expiry forgot it): one more pass starts afresh.
            if attempt:
                raise
    outgoing: list[_Outgoing] = []
    ticket = ""
    for secret in secrets_out:
        message, new_ticket = _verification_message(
            member=member, secret=secret, language=language, already_on=already_on
        )
        outgoing.append(message)
        ticket = new_ticket or ticket
    try:
        _deliver(outgoing)
    except PledgeDeliveryError:
        _undo(created)
        raise
    return Submission(ticket=ticket)


def _verification_create(
    *, member: Member, pledge: Pledge | None, channel: str, expires: datetime.datetime
) -> _Secret:
    """Store one Verification (only the hash of its link or code) and return the secret."""
    if channel == VerificationChannel.EMAIL:
        token = secrets.token_urlsafe(32)
        token_hash = _hash_link(token)
        code = nonce = ""
    else:
        token = ""
        code = f"{secrets.randbelow(10**6):06d}"
        nonce = secrets.token_urlsafe(16)
        token_hash = _hash_code(nonce, code)
    verification = Verification.objects.create(
        member=member,
        pledge=pledge,
        purpose=VerificationPurpose.PLEDGE,
        channel=channel,
        token_hash=token_hash,
        expires_at=expires,
    )
    return _Secret(channel, verification.pk, token=token, code=code, nonce=nonce)


def _verification_message(
    *,
    member: Member,
    secret: _Secret,
    language: str,
    already_on: datetime.datetime | None,
) -> tuple[_Outgoing, str]:
    """The message that carries a verification's link or code, and the code page's ticket."""
    hours = settings.AWAAZ_PLEDGE_CONFIRM_HOURS
    with translation.override(language):
        context = {
            "name": member.display_name,
            "hours": hours,
            "already_on": timezone.localdate(already_on) if already_on else None,
            "site_name": settings.AWAAZ_SITE_NAME,
        }
        if secret.channel == VerificationChannel.EMAIL:
            context["link"] = _public_url("pledge_confirm", language, token=secret.token)
            context["pledge_url"] = _public_url("pledge", language)
            subject = (
                _("You have already taken the pledge")
                if already_on
                else _("Please confirm your pledge")
            )
            body = str(render_to_string("movement/pledges/email_confirm.txt", context))
            assert member.email is not None
            return _Outgoing(secret.channel, member.email, subject, body), ""
        context["code"] = secret.code
        body = str(render_to_string("movement/pledges/sms_confirm.txt", context)).strip()
        ticket = signing.dumps([secret.verification_id, secret.nonce], salt=_TICKET_SALT)
        assert member.phone is not None
        return _Outgoing(secret.channel, member.phone, body=body), ticket


def _deliver(outgoing: list[_Outgoing]) -> None:
    for message in outgoing:
        try:
            if message.channel == VerificationChannel.EMAIL:
                email = EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.to],
                    headers={"Auto-Submitted": "auto-generated"},
                )
                email.send(fail_silently=False)
            else:
                sms.sms_send(to=message.to, body=message.body)
        except (smtplib.SMTPException, OSError, sms.SmsError) as exc:
            # Say which channel failed, never to whom.
            logger.warning("pledge message not sent (%s): %s", message.channel, type(exc).__name__)
            raise PledgeDeliveryError(message.channel) from exc


def _undo(created: _Created) -> None:
    with transaction.atomic():
        Verification.objects.filter(pk__in=created.verifications).delete()
        if created.pledge is not None:
            Pledge.objects.filter(pk=created.pledge.pk).delete()
        if created.member is not None:
            Member.objects.filter(pk=created.member.pk).delete()


# --- Confirming -----------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    CONFIRMED = "confirmed"
    ALREADY = "already"  # the person had already pledged: nothing new counted
    WRONG_CODE = "wrong_code"
    LOCKED = "locked"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


@dataclass(frozen=True)
class ConfirmResult:
    outcome: Outcome
    district_id: int | None = None
    tries_left: int = 0


def _district_of(verification: Verification) -> int | None:
    if verification.pledge is not None:
        return verification.pledge.district_id
    return verification.member.district_id


def _tally_add(*, district_id: int, moment: datetime.datetime) -> None:
    week = PledgeTally.week_of(moment)
    # Insert the row if this is the district's first pledge of the week, then count atomically:
    # works the same on SQLite and PostgreSQL, and two confirmations never lose a count.
    PledgeTally.objects.bulk_create(
        [PledgeTally(district_id=district_id, week=week, count=0)], ignore_conflicts=True
    )
    PledgeTally.objects.filter(district_id=district_id, week=week).update(count=F("count") + 1)


def _confirm(verification: Verification, now: datetime.datetime) -> ConfirmResult:
    """Use a verification that was proven (right link or code). Runs inside a transaction."""
    member = verification.member
    verification.used_at = now
    verification.save(update_fields=["used_at"])
    field_name = (
        "email_verified_at"
        if verification.channel == VerificationChannel.EMAIL
        else "phone_verified_at"
    )
    if getattr(member, field_name) is None:
        setattr(member, field_name, now)
        member.save(update_fields=[field_name, "updated_at"])
    pledge = verification.pledge
    district_id = _district_of(verification)
    if pledge is None or pledge.status == PledgeStatus.CONFIRMED:
        return ConfirmResult(Outcome.ALREADY, district_id)
    if pledge.status == PledgeStatus.EXPIRED or pledge.expires_at <= now:
        return ConfirmResult(Outcome.EXPIRED, district_id)
    if Pledge.objects.filter(
        member=member, text_id=pledge.text_id, status=PledgeStatus.CONFIRMED
    ).exists():
        # An older link of the same person was used first: count them once.
        pledge.status = PledgeStatus.EXPIRED
        pledge.save(update_fields=["status", "updated_at"])
        return ConfirmResult(Outcome.ALREADY, district_id)
    pledge.status = PledgeStatus.CONFIRMED
    pledge.confirmed_at = now
    pledge.save(update_fields=["status", "confirmed_at", "updated_at"])
    _tally_add(district_id=pledge.district_id, moment=now)
    # The other channel's link or code for this pledge has nothing left to do.
    Verification.objects.filter(pledge=pledge, used_at__isnull=True).update(used_at=now)
    if (
        pledge.chapter_id is not None
        and member.home_chapter_id is None
        and not JoinRequest.objects.filter(
            member=member, chapter_id=pledge.chapter_id, status=JoinRequestStatus.PENDING
        ).exists()
    ):
        # The chapter chosen on the pledge form becomes a request its focal person approves.
        JoinRequest.objects.create(member=member, chapter_id=pledge.chapter_id)
    return ConfirmResult(Outcome.CONFIRMED, district_id)


def _refusal(verification: Verification, now: datetime.datetime) -> ConfirmResult | None:
    district_id = _district_of(verification)
    if verification.used_at is not None:
        return ConfirmResult(Outcome.USED, district_id)
    if verification.attempts >= MAX_CODE_ATTEMPTS:
        return ConfirmResult(Outcome.LOCKED, district_id)
    if verification.expires_at <= now:
        return ConfirmResult(Outcome.EXPIRED, district_id)
    return None


def pledge_link_check(*, token: str) -> ConfirmResult:
    """What opening this link would do, without using it (the page shows a button first)."""
    verification = (
        Verification.objects.select_related("pledge", "member")
        .filter(token_hash=_hash_link(token), purpose=VerificationPurpose.PLEDGE)
        .first()
    )
    if verification is None:
        return ConfirmResult(Outcome.INVALID)
    refusal = _refusal(verification, timezone.now())
    return refusal or ConfirmResult(Outcome.CONFIRMED, _district_of(verification))


@transaction.atomic
def pledge_confirm_link(*, token: str) -> ConfirmResult:
    """Confirm the pledge behind an emailed link, and count it."""
    now = timezone.now()
    verification = (
        Verification.objects.select_for_update(of=("self",))
        .select_related("pledge", "member")
        .filter(
            token_hash=_hash_link(token),
            purpose=VerificationPurpose.PLEDGE,
            channel=VerificationChannel.EMAIL,
        )
        .first()
    )
    if verification is None:
        return ConfirmResult(Outcome.INVALID)
    return _refusal(verification, now) or _confirm(verification, now)


def pledge_confirm_code(*, ticket: str, code: str) -> ConfirmResult:
    """Check a code typed from an SMS; five wrong codes lock it for good."""
    try:
        verification_id, nonce = signing.loads(ticket, salt=_TICKET_SALT)
        verification_id = int(verification_id)
        nonce = str(nonce)
    except (signing.BadSignature, TypeError, ValueError):
        return ConfirmResult(Outcome.INVALID)
    now = timezone.now()
    with transaction.atomic():
        verification = (
            Verification.objects.select_for_update(of=("self",))
            .select_related("pledge", "member")
            .filter(
                pk=verification_id,
                purpose=VerificationPurpose.PLEDGE,
                channel=VerificationChannel.SMS,
            )
            .first()
        )
        if verification is None:
            return ConfirmResult(Outcome.INVALID)
        refusal = _refusal(verification, now)
        if refusal is not None:
            return refusal
        if not hmac.compare_digest(_hash_code(nonce, code.strip()), verification.token_hash):
            # The row is locked (select_for_update), so a plain increment cannot lose a count.
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = MAX_CODE_ATTEMPTS - verification.attempts
            if left <= 0:
                return ConfirmResult(Outcome.LOCKED, _district_of(verification))
            return ConfirmResult(Outcome.WRONG_CODE, _district_of(verification), tries_left=left)
        return _confirm(verification, now)


def pledge_resend(*, token: str) -> ConfirmResult:
    """From an expired emailed link: reopen that pledge and email a fresh link.

    Only the holder of the old link (the owner of the inbox) can ask, so this reveals nothing.
    Returns CONFIRMED when a new link was sent, or why not.
    """
    now = timezone.now()
    with transaction.atomic():
        old = (
            Verification.objects.select_for_update(of=("self",))
            .select_related("pledge", "member")
            .filter(
                token_hash=_hash_link(token),
                purpose=VerificationPurpose.PLEDGE,
                channel=VerificationChannel.EMAIL,
            )
            .first()
        )
        if old is None or old.member.email is None:
            return ConfirmResult(Outcome.INVALID)
        if old.used_at is not None:
            return ConfirmResult(Outcome.USED, _district_of(old))
        pledge = old.pledge
        if pledge is None or pledge.status == PledgeStatus.CONFIRMED:
            return ConfirmResult(Outcome.ALREADY, _district_of(old))
        if rate_limit_hit(
            scope="pledge-contact",
            key=contact_key(old.member.email),
            limit=CONTACT_LIMIT_PER_DAY,
            window=24 * 60 * 60,
        ):
            raise PledgeContactLimitedError
        expires = now + datetime.timedelta(hours=settings.AWAAZ_PLEDGE_CONFIRM_HOURS)
        old.used_at = now
        old.save(update_fields=["used_at"])
        pledge.status = PledgeStatus.PENDING
        pledge.expires_at = expires
        pledge.save(update_fields=["status", "expires_at", "updated_at"])
        secret = _verification_create(
            member=old.member, pledge=pledge, channel=VerificationChannel.EMAIL, expires=expires
        )
        message, _ticket = _verification_message(
            member=old.member, secret=secret, language=pledge.language, already_on=None
        )
        # Sent inside the transaction on purpose: if the mail server refuses, the old link and
        # the pledge are left exactly as they were.
        _deliver([message])
    return ConfirmResult(Outcome.CONFIRMED, pledge.district_id)


# --- Expiry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpireResult:
    expired: int
    forgotten: int


# People who never confirmed anything are forgotten this long after their last pledge expired,
# so an old link can still offer "send me a new one" for a while.
FORGET_AFTER = datetime.timedelta(days=7)


@transaction.atomic
def pledge_expire(*, now: datetime.datetime | None = None) -> ExpireResult:
    """Mark pending pledges past their time as expired; forget people who never confirmed."""
    now = now or timezone.now()
    expired = Pledge.objects.filter(status=PledgeStatus.PENDING, expires_at__lte=now).update(
        status=PledgeStatus.EXPIRED, updated_at=now
    )
    stale = (
        Member.objects.filter(
            email_verified_at__isnull=True,
            phone_verified_at__isnull=True,
            user__isnull=True,
            home_chapter__isnull=True,
            pledges__isnull=False,
        )
        .exclude(
            Q(pledges__status__in=[PledgeStatus.PENDING, PledgeStatus.CONFIRMED])
            | Q(pledges__expires_at__gt=now - FORGET_AFTER)
            | Q(chapter_roles__isnull=False)
            | Q(join_requests__isnull=False)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = set(stale)
    Member.objects.filter(pk__in=ids).delete()
    return ExpireResult(expired=expired, forgotten=len(ids))

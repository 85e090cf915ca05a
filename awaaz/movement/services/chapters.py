"""Writes for chapters: lifecycle, roles with dated terms, join requests and the contact relay.

Each function is one transaction and records an audit event naming who acted (or `None` for the
system, e.g. the nightly dormancy sweep). A change that the lifecycle does not allow is refused
with a `ChapterError` whose message is translated and can be shown as it is.

The lifecycle: proposed → launched (a date and a launch event) → active → dormant (after
AWAAZ_CHAPTER_DORMANT_DAYS without activity; activity revives it) → closed. A closed chapter
stays closed: its history (roles, members who left) is kept, and a new chapter can be proposed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.movement.models import (
    Chapter,
    ChapterKind,
    ChapterRole,
    ChapterRoleKind,
    ChapterStatus,
    JoinRequest,
    JoinRequestStatus,
    Member,
)
from awaaz.movement.selectors.chapters import JOINABLE_STATUSES, chapter_focal_person
from awaaz.places.models import District

# Which status may follow which. Anything else is refused.
TRANSITIONS: dict[ChapterStatus, tuple[ChapterStatus, ...]] = {
    ChapterStatus.PROPOSED: (ChapterStatus.LAUNCHED, ChapterStatus.CLOSED),
    ChapterStatus.LAUNCHED: (ChapterStatus.ACTIVE, ChapterStatus.DORMANT, ChapterStatus.CLOSED),
    ChapterStatus.ACTIVE: (ChapterStatus.DORMANT, ChapterStatus.CLOSED),
    ChapterStatus.DORMANT: (ChapterStatus.ACTIVE, ChapterStatus.CLOSED),
    ChapterStatus.CLOSED: (),
}


class ChapterError(ValidationError):
    """A refused change, with a message for the person who asked for it."""


def _today() -> datetime.date:
    return timezone.localdate()


# --- Lifecycle -------------------------------------------------------------------------------


@transaction.atomic
def chapter_create(
    *,
    actor: User | None,
    slug: str,
    name_en: str,
    name_ur: str,
    kind: ChapterKind | str,
    district: District,
    description_en: str = "",
    description_ur: str = "",
    high_risk: bool = False,
) -> Chapter:
    """Propose a new chapter. It appears in the public directory once it is launched."""
    chapter = Chapter(
        slug=slug,
        name_en=name_en,
        name_ur=name_ur,
        kind=kind,
        district=district,
        description_en=description_en,
        description_ur=description_ur,
        high_risk=high_risk,
        status=ChapterStatus.PROPOSED,
    )
    chapter.full_clean()
    chapter.save()
    audit_record(actor=actor, action="chapter.created", obj=chapter)
    return chapter


@transaction.atomic
def chapter_status_change(
    *,
    actor: User | None,
    chapter: Chapter,
    status: ChapterStatus | str,
    on: datetime.date | None = None,
    launch_event: str = "",
) -> Chapter:
    """Move a chapter along its lifecycle, or refuse with the reason.

    Launching needs the launch date (`on`, not in the future) and the launch event; closing
    records `on` (default today) as the closing date. Permission is the caller's business
    (`selectors.chapters.status_changes_allowed`); this function guards the lifecycle itself.
    """
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    current = ChapterStatus(chapter.status)
    target = ChapterStatus(status)
    if target not in TRANSITIONS[current]:
        raise ChapterError(
            _("A chapter that is %(current)s cannot become %(target)s.")
            % {"current": current.label, "target": target.label},
            code="transition",
        )
    day = on or _today()
    now = timezone.now()
    if target == ChapterStatus.LAUNCHED:
        if on is None or not launch_event.strip():
            raise ChapterError(
                _("To launch a chapter, give the launch date and the launch event."),
                code="launch_details",
            )
        if on > _today():
            raise ChapterError(_("The launch date cannot be in the future."), code="launch_date")
        chapter.launched_on = on
        chapter.launch_event = launch_event.strip()
        chapter.last_activity_at = now
    elif target == ChapterStatus.ACTIVE:
        chapter.last_activity_at = now
    elif target == ChapterStatus.CLOSED:
        chapter.closed_on = day
    chapter.status = target
    chapter.full_clean()
    chapter.save()
    audit_record(
        actor=actor,
        action=f"chapter.{target.value}",
        obj=chapter,
        detail={"from": current.value, "system": actor is None},
    )
    return chapter


@transaction.atomic
def chapter_activity_mark(
    *, chapter: Chapter, actor: User | None = None, at: datetime.datetime | None = None
) -> Chapter:
    """Note that something happened in the chapter (an event, a new member).

    A dormant chapter with new activity is active again; a proposed or closed one only gets the
    timestamp.
    """
    at = at or timezone.now()
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    if chapter.last_activity_at is None or chapter.last_activity_at < at:
        chapter.last_activity_at = at
    revived = chapter.status == ChapterStatus.DORMANT
    if revived:
        chapter.status = ChapterStatus.ACTIVE
    chapter.save(update_fields=["last_activity_at", "status", "updated_at"])
    if revived:
        audit_record(
            actor=actor,
            action="chapter.active",
            obj=chapter,
            detail={"from": ChapterStatus.DORMANT.value, "system": actor is None},
        )
    return chapter


@transaction.atomic
def chapter_dormancy_sweep(*, now: datetime.datetime | None = None) -> list[Chapter]:
    """Mark dormant every launched or active chapter without activity for the configured days.

    Idempotent: a chapter already dormant is not touched, so running it twice changes nothing
    the second time. Audited as a system action (no actor). Returns the chapters it changed.
    """
    now = now or timezone.now()
    days = settings.AWAAZ_CHAPTER_DORMANT_DAYS
    cutoff = now - datetime.timedelta(days=days)
    # Without any recorded activity, the launch date (or, failing that, the day the row was
    # created, e.g. by an import) is when the chapter was last known to be alive.
    quiet = (
        Q(last_activity_at__lt=cutoff)
        | Q(last_activity_at__isnull=True, launched_on__lt=timezone.localdate(cutoff))
        | Q(last_activity_at__isnull=True, launched_on__isnull=True, created_at__lt=cutoff)
    )
    changed = list(
        Chapter.objects.select_for_update()
        .filter(quiet, status__in=[ChapterStatus.LAUNCHED, ChapterStatus.ACTIVE])
        .order_by("pk")
    )
    for chapter in changed:
        previous = chapter.status
        chapter.status = ChapterStatus.DORMANT
        chapter.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            action="chapter.dormant",
            obj=chapter,
            detail={"from": previous, "system": True, "days": days},
        )
    return changed


@transaction.atomic
def chapter_description_update(
    *, actor: User, chapter: Chapter, description_en: str, description_ur: str
) -> Chapter:
    """Change the public page's description (both languages)."""
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    chapter.description_en = description_en
    chapter.description_ur = description_ur
    chapter.full_clean()
    chapter.save(update_fields=["description_en", "description_ur", "updated_at"])
    audit_record(actor=actor, action="chapter.description.updated", obj=chapter)
    return chapter


# --- Roles -----------------------------------------------------------------------------------


@transaction.atomic
def chapter_role_appoint(
    *,
    actor: User | None,
    chapter: Chapter,
    member: Member,
    kind: ChapterRoleKind | str,
    starts_on: datetime.date | None = None,
) -> ChapterRole:
    """Make `member` focal person (or deputy) of `chapter` from `starts_on` (default today).

    The previous holder's term ends that day. A person holds one role in one chapter: any other
    open role of theirs ends too, and the chapter becomes their home chapter.
    """
    kind = ChapterRoleKind(kind)
    day = starts_on or _today()
    open_roles = ChapterRole.objects.select_for_update().filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )
    if open_roles.filter(chapter=chapter, kind=kind, member=member).exists():
        raise ChapterError(_("This person already holds this role."), code="already")
    ended = open_roles.filter(Q(chapter=chapter, kind=kind) | Q(member=member))
    for role in ended:
        role.ends_on = max(day, role.starts_on)
        role.save(update_fields=["ends_on", "updated_at"])
        audit_record(actor=actor, action="chapter.role.ended", obj=role.chapter)
    role = ChapterRole.objects.create(chapter=chapter, member=member, kind=kind, starts_on=day)
    if member.home_chapter_id != chapter.pk:
        member.home_chapter = chapter
        member.joined_chapter_at = timezone.now()
        member.save(update_fields=["home_chapter", "joined_chapter_at", "updated_at"])
    audit_record(actor=actor, action="chapter.role.appointed", obj=chapter, detail={"kind": kind})
    return role


@transaction.atomic
def chapter_role_end(
    *, actor: User | None, role: ChapterRole, ends_on: datetime.date | None = None
) -> ChapterRole:
    """End a term (default: today)."""
    role = ChapterRole.objects.select_for_update().get(pk=role.pk)
    if role.ends_on is not None and role.ends_on <= _today():
        raise ChapterError(_("This term has already ended."), code="ended")
    role.ends_on = max(ends_on or _today(), role.starts_on)
    role.save(update_fields=["ends_on", "updated_at"])
    audit_record(actor=actor, action="chapter.role.ended", obj=role.chapter)
    return role


def _end_roles_elsewhere(*, member: Member, chapter: Chapter, actor: User | None) -> None:
    day = _today()
    for role in ChapterRole.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day), member=member
    ).exclude(chapter=chapter):
        role.ends_on = max(day, role.starts_on)
        role.save(update_fields=["ends_on", "updated_at"])
        audit_record(actor=actor, action="chapter.role.ended", obj=role.chapter)


# --- Join requests ---------------------------------------------------------------------------


def join_request_create(*, member: Member, chapter: Chapter, message: str = "") -> JoinRequest:
    """A member asks to join a chapter. One pending request per member and chapter."""
    chapter = Chapter.objects.get(pk=chapter.pk)  # the status as it is now, not as passed in
    member = Member.objects.get(pk=member.pk)
    if chapter.status not in JOINABLE_STATUSES:
        raise ChapterError(
            _("This chapter is closed and does not take new members."), code="closed"
        )
    if member.home_chapter_id == chapter.pk:
        raise ChapterError(_("You are already a member of this chapter."), code="member")
    try:
        with transaction.atomic():
            pending = JoinRequest.objects.filter(
                member=member, chapter=chapter, status=JoinRequestStatus.PENDING
            )
            if pending.exists():
                raise IntegrityError("pending")
            request = JoinRequest(member=member, chapter=chapter, message=message)
            request.full_clean(validate_constraints=False)
            request.save()
            audit_record(actor=member.user, action="chapter.join.requested", obj=chapter)
    except IntegrityError as error:
        # Two clicks at once reach the database constraint; both get the same answer.
        raise ChapterError(
            _("You have already asked to join this chapter. The focal person will answer soon."),
            code="duplicate",
        ) from error
    return request


@transaction.atomic
def join_request_decide(*, actor: User, join_request: JoinRequest, approve: bool) -> JoinRequest:
    """The focal person (or a coordinator) approves or declines a pending request.

    Approving makes the chapter the member's home chapter: moving from another chapter ends
    that membership (and any role held there), and counts as activity in the chapter.
    """
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("member", "chapter")
        .get(pk=join_request.pk)
    )
    if join_request.status != JoinRequestStatus.PENDING:
        raise ChapterError(_("This request has already been answered."), code="answered")
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    chapter = join_request.chapter
    if approve:
        member = Member.objects.select_for_update().get(pk=join_request.member_id)
        previous = member.home_chapter_id
        if previous is not None and previous != chapter.pk:
            _end_roles_elsewhere(member=member, chapter=chapter, actor=actor)
        member.home_chapter = chapter
        member.joined_chapter_at = join_request.decided_at
        member.save(update_fields=["home_chapter", "joined_chapter_at", "updated_at"])
        chapter_activity_mark(chapter=chapter, actor=actor)
    audit_record(
        actor=actor,
        action="chapter.join.approved" if approve else "chapter.join.declined",
        obj=chapter,
        detail={"request": join_request.pk},
    )
    return join_request


@transaction.atomic
def join_request_withdraw(*, member: Member, join_request: JoinRequest) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.member_id != member.pk or join_request.status != JoinRequestStatus.PENDING:
        raise ChapterError(_("This request can no longer be withdrawn."), code="answered")
    join_request.status = JoinRequestStatus.WITHDRAWN
    join_request.save(update_fields=["status", "updated_at"])
    return join_request


# --- The contact relay -----------------------------------------------------------------------


def chapter_contact_send(
    *, chapter: Chapter, message: str, sender_name: str = "", reply_to: str = ""
) -> None:
    """Relay a visitor's message to the chapter's focal person by email.

    The focal person's address is never shown to the visitor; the visitor's address reaches the
    focal person only if they chose to give it. The mail is written in the focal person's
    language. Nothing is stored: the audit log says only that a message was relayed.
    """
    focal = chapter_focal_person(chapter)
    address = None
    if focal is not None:
        address = focal.email or (focal.user.email if focal.user else None)
    if focal is None or not address:
        raise ChapterError(
            _("This chapter cannot receive messages right now. Please try again later."),
            code="no_recipient",
        )
    with translation.override(focal.language or settings.LANGUAGE_CODE):
        subject = gettext("A message for %(chapter)s from the Awaaz website") % {
            "chapter": chapter.name
        }
        lines = [
            gettext("Someone wrote to your chapter through its public page on Awaaz."),
            "",
            gettext("Name: %(name)s") % {"name": sender_name or gettext("(not given)")},
            gettext("Reply address: %(address)s")
            % {"address": reply_to or gettext("(not given: you cannot reply)")},
            "",
            message,
            "",
            "-- ",
            gettext("Awaaz does not keep a copy of this message."),
        ]
    EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[address],
        reply_to=[reply_to] if reply_to else None,
    ).send()
    audit_record(actor=None, action="chapter.contact.relayed", obj=chapter)

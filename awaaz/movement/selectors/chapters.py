"""Who may see which chapter and which members: the one place that decides.

Every console view, the admin and the exports ask these functions; none builds its own query on
a chapter's members. The layers (after hitobito's layer roles):

- country coordinator (group "country coordinator", or a superuser): every chapter;
- provincial coordinator (a ProvinceRole with an open term): the chapters of that province;
- focal person or deputy (a ChapterRole with an open term): that chapter only;
- member: themselves only.

A **high-risk** chapter hides its member list from everyone but the country coordinator, and its
members can never be exported, by anyone: membership itself is dangerous there.

"Open term" means it has started and has not ended: `starts_on <= today < ends_on` (or no end).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    ChapterRoleKind,
    ChapterStatus,
    JoinRequest,
    JoinRequestStatus,
    Member,
    ProvinceRole,
)
from awaaz.places.models import Province

COUNTRY_COORDINATOR_GROUP = "country coordinator"
# The public page of a high-risk chapter shows how many members it has only from this many on:
# below it, a count narrows down who the members might be.
HIGH_RISK_COUNT_THRESHOLD = 25
# Chapters the public directory lists; a proposed chapter does not exist yet, a closed one no more.
PUBLIC_STATUSES = (ChapterStatus.LAUNCHED, ChapterStatus.ACTIVE, ChapterStatus.DORMANT)
# A member may ask to join a chapter in these states.
JOINABLE_STATUSES = (
    ChapterStatus.PROPOSED,
    ChapterStatus.LAUNCHED,
    ChapterStatus.ACTIVE,
    ChapterStatus.DORMANT,
)

AnyUser = User | AnonymousUser


def _open_on(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def _signed_in(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


# --- Roles -----------------------------------------------------------------------------------


def is_country_coordinator(user: AnyUser) -> bool:
    account = _signed_in(user)
    if account is None:
        return False
    if account.is_superuser:
        # A superuser can put themselves in any group; refusing them here would be theatre.
        return True
    return account.groups.filter(name=COUNTRY_COORDINATOR_GROUP).exists()


def coordinated_provinces(user: AnyUser) -> QuerySet[Province]:
    """Provinces the user coordinates today (an open ProvinceRole)."""
    account = _signed_in(user)
    if account is None:
        return Province.objects.none()
    today = timezone.localdate()
    return Province.objects.filter(
        pk__in=ProvinceRole.objects.filter(_open_on(today), user=account).values("province_id")
    )


def led_chapter_ids(user: AnyUser) -> QuerySet[ChapterRole, int]:
    """Ids of the chapters where the user is focal person or deputy today."""
    account = _signed_in(user)
    if account is None:
        return ChapterRole.objects.none().values_list("chapter_id", flat=True)
    today = timezone.localdate()
    return ChapterRole.objects.filter(_open_on(today), member__user=account).values_list(
        "chapter_id", flat=True
    )


def member_for_user(user: AnyUser) -> Member | None:
    """The member record of a signed-in person, if they have one."""
    account = _signed_in(user)
    if account is None:
        return None
    return Member.objects.select_related("home_chapter").filter(user=account).first()


# --- Chapters --------------------------------------------------------------------------------


def chapters_visible_to(user: AnyUser) -> QuerySet[Chapter]:
    """The chapters a person may manage: the rows of their consoles and of the admin."""
    chapters = Chapter.objects.select_related("district__province")
    if _signed_in(user) is None:
        return chapters.none()
    if is_country_coordinator(user):
        return chapters.all()
    return chapters.filter(
        Q(district__province__in=coordinated_provinces(user)) | Q(pk__in=led_chapter_ids(user))
    )


def can_manage_chapter(user: AnyUser, chapter: Chapter) -> bool:
    return chapters_visible_to(user).filter(pk=chapter.pk).exists()


def can_coordinate_chapter(user: AnyUser, chapter: Chapter) -> bool:
    """Country coordinator, or provincial coordinator of the chapter's province."""
    if is_country_coordinator(user):
        return True
    return coordinated_provinces(user).filter(pk=chapter.district.province_id).exists()


def members_visible_to(user: AnyUser, chapter: Chapter) -> QuerySet[Member]:
    """The members of `chapter` that `user` may see (an empty list when none).

    High-risk chapters: the country coordinator only. A member who leads nothing sees only
    themselves.
    """
    members = Member.objects.select_related("district__province").filter(home_chapter=chapter)
    account = _signed_in(user)
    if account is None:
        return members.none()
    if chapter.high_risk:
        return members if is_country_coordinator(account) else members.none()
    if can_manage_chapter(account, chapter):
        return members
    return members.filter(user=account)


def member_list_hidden(user: AnyUser, chapter: Chapter) -> bool:
    """True when a manager of this chapter may not see its member list (high risk)."""
    return chapter.high_risk and not is_country_coordinator(user)


def can_export_members(user: AnyUser, chapter: Chapter) -> bool:
    """Exports of a high-risk chapter are blocked for everyone, the country coordinator too."""
    return not chapter.high_risk and can_manage_chapter(user, chapter)


def status_changes_allowed(user: AnyUser, chapter: Chapter) -> list[ChapterStatus]:
    """The statuses this person may move the chapter to now, in lifecycle order.

    A focal person launches, activates and revives his chapter; only a coordinator marks it
    dormant by hand or closes it.
    """
    from awaaz.movement.services.chapters import TRANSITIONS

    if not can_manage_chapter(user, chapter):
        return []
    possible = TRANSITIONS.get(ChapterStatus(chapter.status), ())
    if can_coordinate_chapter(user, chapter):
        return list(possible)
    leader_may = (ChapterStatus.LAUNCHED, ChapterStatus.ACTIVE)
    return [status for status in possible if status in leader_may]


def chapter_for_manager(*, user: AnyUser, slug: str) -> Chapter:
    """The chapter with this slug if the user may manage it: 404 if none, 403 if not theirs."""
    chapter = chapters_visible_to(user).filter(slug=slug).first()
    if chapter is None:
        if Chapter.objects.filter(slug=slug).exists():
            raise PermissionDenied
        raise Http404
    return chapter


def pending_join_requests(*, chapter: Chapter) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.select_related("member__district")
        .filter(chapter=chapter, status=JoinRequestStatus.PENDING)
        .order_by("created_at")
    )


def join_request_for_manager(*, user: AnyUser, chapter: Chapter, pk: int) -> JoinRequest:
    """A join request to `chapter` (which the caller got from `chapter_for_manager`)."""
    if not can_manage_chapter(user, chapter):
        raise PermissionDenied
    return get_object_or_404(
        JoinRequest.objects.select_related("member", "chapter__district"), pk=pk, chapter=chapter
    )


def join_state(*, member: Member | None, chapter: Chapter) -> str:
    """For the public page's join button: "anonymous", "member", "pending" or "can_join"."""
    if member is None:
        return "anonymous"
    if member.home_chapter_id == chapter.pk:
        return "member"
    pending = JoinRequest.objects.filter(
        member=member, chapter=chapter, status=JoinRequestStatus.PENDING
    )
    return "pending" if pending.exists() else "can_join"


def chapter_member_list(*, user: User, chapter: Chapter) -> list[Member]:
    """The member list of a chapter's console. Every read is audited, here, so none is missed.

    The audit event names who read which chapter's list and how many rows it had; never names.
    """
    members = list(members_visible_to(user, chapter).order_by("display_name", "pk"))
    if not member_list_hidden(user, chapter):
        audit_record(
            actor=user, action="chapter.members.read", obj=chapter, detail={"rows": len(members)}
        )
    return members


def member_contact_for_manager(*, user: User, chapter: Chapter, pk: int) -> Member:
    """One member, for the explicit "show contact" action; audited (which member, not what)."""
    member = get_object_or_404(members_visible_to(user, chapter), pk=pk)
    audit_record(
        actor=user,
        action="chapter.member.contact.read",
        obj=chapter,
        detail={"member": member.pk},
    )
    return member


# --- Public pages ----------------------------------------------------------------------------


def _focal_roles() -> Prefetch[str, QuerySet[ChapterRole], str]:
    today = timezone.localdate()
    return Prefetch(
        "roles",
        queryset=ChapterRole.objects.filter(
            _open_on(today), kind=ChapterRoleKind.FOCAL_PERSON
        ).select_related("member"),
        to_attr="open_focal_roles",
    )


def chapter_directory(*, province: Province | None = None) -> QuerySet[Chapter]:
    """Public chapters for the directory, by province and district."""
    chapters = Chapter.objects.select_related("district__province").filter(
        status__in=PUBLIC_STATUSES
    )
    if province is not None:
        chapters = chapters.filter(district__province=province)
    return chapters.order_by("district__province__sort_order", "district__name_en", "name_en")


def province_for_directory(*, slug: str) -> Province | None:
    return Province.objects.filter(slug=slug).first() if slug else None


def provinces_with_chapters() -> QuerySet[Province]:
    return Province.objects.filter(districts__chapters__status__in=PUBLIC_STATUSES).distinct()


def chapter_public(*, slug: str) -> Chapter:
    """A chapter as its public page shows it (404 for proposed and closed ones)."""
    queryset = (
        Chapter.objects.select_related("district__province")
        .prefetch_related(_focal_roles())
        .annotate(member_count=Count("members"))
    )
    return get_object_or_404(queryset, slug=slug, status__in=PUBLIC_STATUSES)


def chapter_focal_person(chapter: Chapter) -> Member | None:
    """Today's focal person of the chapter (the member record, for relaying messages)."""
    today = timezone.localdate()
    role = (
        ChapterRole.objects.select_related("member__user")
        .filter(_open_on(today), chapter=chapter, kind=ChapterRoleKind.FOCAL_PERSON)
        .first()
    )
    return role.member if role is not None else None


def chapter_public_facts(chapter: Chapter) -> dict[str, object]:
    """What the public page may say about people: never a phone or an email, and for a
    high-risk chapter no names and no small counts."""
    roles = getattr(chapter, "open_focal_roles", None)
    focal = roles[0].member if roles else chapter_focal_person(chapter)
    count = getattr(chapter, "member_count", None)
    if count is None:
        count = chapter.members.count()
    show_count = not chapter.high_risk or count >= HIGH_RISK_COUNT_THRESHOLD
    return {
        "focal_name": (focal.display_name if focal and not chapter.high_risk else ""),
        "has_focal_person": focal is not None,
        "member_count": count if show_count else None,
    }

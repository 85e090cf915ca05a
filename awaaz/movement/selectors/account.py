"""Reads for members' own accounts: who is signed in, and everything we hold about them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from awaaz.core.models import User

from ..models import Chapter, ChapterRole, JoinRequest, Member, Pledge
from .chapters import (
    can_export_members,
    chapters_visible_to,
    is_country_coordinator,
    members_visible_to,
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def member_data(*, member: Member) -> dict[str, Any]:
    """Everything stored about one member, as plain JSON-ready data ("download my data").

    Only this member's own rows: a join request names the chapter, not who decided it, and a
    role names the chapter, not the other people in it.
    """
    pledges = Pledge.objects.filter(member=member).select_related("text", "district", "chapter")
    requests = JoinRequest.objects.filter(member=member).select_related("chapter")
    roles = ChapterRole.objects.filter(member=member).select_related("chapter")
    return {
        "format": "awaaz.member-data/1",
        "exported_at": timezone.now().isoformat(),
        "member": {
            "display_name": member.display_name,
            "email": member.email,
            "email_confirmed_at": _when(member.email_verified_at),
            "phone": member.phone,
            "phone_confirmed_at": _when(member.phone_verified_at),
            "district": member.district.code if member.district else None,
            "home_chapter": member.home_chapter.slug if member.home_chapter else None,
            "joined_chapter_at": _when(member.joined_chapter_at),
            "language": member.language,
            "created_at": _when(member.created_at),
            "updated_at": _when(member.updated_at),
        },
        "pledges": [
            {
                "pledge_version": p.text.version,
                "pledge_text": p.text.text_ur if p.language == "ur" else p.text.text_en,
                "display_name": p.display_name,
                "name_shown_publicly": p.is_public,
                "district": p.district.code,
                "chapter": p.chapter.slug if p.chapter else None,
                "consent_version": p.consent_version,
                "language": p.language,
                "status": p.status,
                "created_at": _when(p.created_at),
                "confirmed_at": _when(p.confirmed_at),
            }
            for p in pledges
        ],
        "join_requests": [
            {
                "chapter": r.chapter.slug,
                "message": r.message,
                "status": r.status,
                "created_at": _when(r.created_at),
                "decided_at": _when(r.decided_at),
            }
            for r in requests
        ],
        "roles": [
            {
                "chapter": role.chapter.slug,
                "role": role.kind,
                "starts_on": _when(role.starts_on),
                "ends_on": _when(role.ends_on),
            }
            for role in roles
        ],
    }


def member_erasure_summary(*, member: Member) -> dict[str, int]:
    """What "delete my data" would remove, shown on the confirmation step."""
    return {
        "pledges": Pledge.objects.filter(member=member).count(),
        "join_requests": JoinRequest.objects.filter(member=member).count(),
        "roles": ChapterRole.objects.filter(member=member).count(),
    }


class ExportRefusedError(Exception):
    """The person may not export this list; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def export_chapters(user: User | AnonymousUser) -> QuerySet[Chapter]:
    """The chapters whose members this person may export (never a high-risk one)."""
    return chapters_visible_to(user).filter(high_risk=False).order_by("name_en")


def can_export(user: User | AnonymousUser) -> bool:
    return is_country_coordinator(user) or export_chapters(user).exists()


def members_for_export(
    *, user: User | AnonymousUser, chapter_slug: str
) -> tuple[Chapter | None, QuerySet[Member]]:
    """The members `user` may export: one chapter (by its code), or everyone in their scope.

    Scope comes from the chapter selectors: the country coordinator exports everyone (members
    without a chapter too), a provincial coordinator the chapters of the province, a focal
    person his own chapter. Members of high-risk chapters are never exported, by anyone.
    """
    if chapter_slug:
        chapter = chapters_visible_to(user).filter(slug=chapter_slug).first()
        if chapter is None:
            raise ExportRefusedError(_("You may not export the members of this chapter."))
        if chapter.high_risk or not can_export_members(user, chapter):
            raise ExportRefusedError(
                _(
                    "Members of a high-risk chapter are never exported: "
                    "membership is dangerous there."
                )
            )
        return chapter, members_visible_to(user, chapter)
    if is_country_coordinator(user):
        return None, Member.objects.exclude(home_chapter__high_risk=True)
    if not can_export(user):
        raise ExportRefusedError(_("You may not export members."))
    return None, Member.objects.filter(home_chapter__in=export_chapters(user))

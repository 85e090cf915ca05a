"""Chapter pages: the public directory and chapter page, joining, and the focal person's console.

Public pages show no phone number or email of anyone. Console views need a verified second
factor (`otp_required`) and a role, which the selectors check (a chapter outside the person's
scope is refused with 403).
"""

from __future__ import annotations

from itertools import groupby
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.movement.forms.chapters import (
    ChapterContactForm,
    ChapterDescriptionForm,
    ChapterStatusForm,
    JoinDecisionForm,
    JoinRequestForm,
)
from awaaz.movement.models import Chapter
from awaaz.movement.selectors import chapters as selectors
from awaaz.movement.services import chapters as services

# A chapter's focal person gets at most this many relayed messages an hour, and one visitor
# (one browser session) may send this many in ten minutes. No address is used for either.
CONTACT_PER_CHAPTER_PER_HOUR = 20
CONTACT_PER_SESSION_PER_10_MIN = 3


def _manage_url(chapter: Chapter) -> str:
    return reverse("movement:chapter_manage", kwargs={"slug": chapter.slug})


def _detail_url(chapter: Chapter) -> str:
    return reverse("movement:chapter_detail", kwargs={"slug": chapter.slug})


def _error_text(error: services.ChapterError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Public ----------------------------------------------------------------------------------


@require_safe
def chapter_list(request: HttpRequest) -> HttpResponse:
    province = selectors.province_for_directory(slug=request.GET.get("province", ""))
    chapters = list(selectors.chapter_directory(province=province))
    by_province = [
        (prov, [(district, list(rows)) for district, rows in groupby(group, lambda c: c.district)])
        for prov, group in groupby(chapters, lambda c: c.district.province)
    ]
    context = {
        "by_province": by_province,
        "province": province,
        "provinces": selectors.provinces_with_chapters(),
        "count": len(chapters),
    }
    return render(request, "movement/chapters/list.html", context)


def _detail_context(request: HttpRequest, chapter: Chapter) -> dict[str, object]:
    member = selectors.member_for_user(request.user)
    return {
        "chapter": chapter,
        "facts": selectors.chapter_public_facts(chapter),
        "join_state": selectors.join_state(member=member, chapter=chapter),
        "signed_in": request.user.is_authenticated,
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?next={_detail_url(chapter)}",
        "can_manage": selectors.can_manage_chapter(request.user, chapter),
    }


@require_GET
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_public(slug=slug)
    context = _detail_context(request, chapter)
    context |= {"contact_form": ChapterContactForm(), "join_form": JoinRequestForm()}
    return render(request, "movement/chapters/detail.html", context)


def _contact_allowed(request: HttpRequest, chapter: Chapter) -> bool:
    now = timezone.now().timestamp()
    recent = [t for t in request.session.get("chapter_contact", []) if now - t < 600]
    if len(recent) >= CONTACT_PER_SESSION_PER_10_MIN:
        return False
    key = f"chapter-contact:{chapter.pk}:{int(now // 3600)}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > CONTACT_PER_CHAPTER_PER_HOUR:
        return False
    request.session["chapter_contact"] = [*recent, now]
    return True


@require_POST
def chapter_contact(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_public(slug=slug)
    form = ChapterContactForm(request.POST)
    if form.is_valid():
        if form.is_bot():
            # Looks sent, so that the bot learns nothing; nothing was.
            messages.success(request, _("Your message has been passed on to the focal person."))
            return redirect(_detail_url(chapter))
        if not _contact_allowed(request, chapter):
            form.add_error(
                None,
                _(
                    "Too many messages have been sent to this chapter just now. "
                    "Please try again in an hour."
                ),
            )
        else:
            try:
                services.chapter_contact_send(
                    chapter=chapter,
                    message=form.cleaned_data["message"],
                    sender_name=form.cleaned_data["name"],
                    reply_to=form.cleaned_data["reply_to"],
                )
            except services.ChapterError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Your message has been passed on to the focal person."))
                return redirect(_detail_url(chapter))
    context = _detail_context(request, chapter)
    context |= {"contact_form": form, "join_form": JoinRequestForm()}
    return render(request, "movement/chapters/detail.html", context, status=400)


@require_POST
@login_required
def chapter_join(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_public(slug=slug)
    member = selectors.member_for_user(request.user)
    form = JoinRequestForm(request.POST)
    if member is None:
        form.add_error(None, _("Only members can ask to join a chapter. Take the pledge first."))
    elif form.is_valid():
        try:
            services.join_request_create(
                member=member, chapter=chapter, message=form.cleaned_data["message"]
            )
        except services.ChapterError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("Your request has been sent. The focal person will answer soon.")
            )
            return redirect(_detail_url(chapter))
    context = _detail_context(request, chapter)
    context |= {"contact_form": ChapterContactForm(), "join_form": form}
    return render(request, "movement/chapters/detail.html", context, status=400)


# --- The console -----------------------------------------------------------------------------


@require_safe
@otp_required
def chapter_console(request: HttpRequest) -> HttpResponse:
    chapters = selectors.chapters_visible_to(request.user).order_by("name_en")
    return render(request, "movement/chapters/console.html", {"chapters": chapters})


def _manage_page(
    request: HttpRequest,
    chapter: Chapter,
    *,
    description_form: ChapterDescriptionForm | None = None,
    status_form: ChapterStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = cast(User, request.user)
    allowed = selectors.status_changes_allowed(user, chapter)
    hidden = selectors.member_list_hidden(user, chapter)
    context = {
        "chapter": chapter,
        "requests": selectors.pending_join_requests(chapter=chapter),
        "members": [] if hidden else selectors.chapter_member_list(user=user, chapter=chapter),
        "members_hidden": hidden,
        "description_form": description_form
        or ChapterDescriptionForm(
            initial={
                "description_en": chapter.description_en,
                "description_ur": chapter.description_ur,
            }
        ),
        "status_form": status_form or ChapterStatusForm(allowed=allowed),
        "allowed": allowed,
    }
    return render(request, "movement/chapters/manage.html", context, status=status)


@require_safe
@otp_required
def chapter_manage(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_for_manager(user=request.user, slug=slug)
    return _manage_page(request, chapter)


@require_POST
@otp_required
def chapter_join_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    chapter = selectors.chapter_for_manager(user=request.user, slug=slug)
    join_request = selectors.join_request_for_manager(user=request.user, chapter=chapter, pk=pk)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose approve or decline."))
        return redirect(_manage_url(chapter))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.join_request_decide(
            actor=cast(User, request.user), join_request=join_request, approve=approve
        )
    except services.ChapterError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("The request was approved.") if approve else _("The request was declined.")
        )
    return redirect(_manage_url(chapter))


@require_POST
@otp_required
def chapter_member_contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    chapter = selectors.chapter_for_manager(user=request.user, slug=slug)
    member = selectors.member_contact_for_manager(
        user=cast(User, request.user), chapter=chapter, pk=pk
    )
    return render(
        request, "movement/chapters/contact_shown.html", {"chapter": chapter, "member": member}
    )


@require_POST
@otp_required
def chapter_description_edit(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_for_manager(user=request.user, slug=slug)
    form = ChapterDescriptionForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, chapter, description_form=form, status=400)
    services.chapter_description_update(
        actor=cast(User, request.user),
        chapter=chapter,
        description_en=form.cleaned_data["description_en"],
        description_ur=form.cleaned_data["description_ur"],
    )
    messages.success(request, _("The description was saved."))
    return redirect(_manage_url(chapter))


@require_POST
@otp_required
def chapter_status_edit(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = selectors.chapter_for_manager(user=request.user, slug=slug)
    allowed = selectors.status_changes_allowed(request.user, chapter)
    form = ChapterStatusForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            services.chapter_status_change(
                actor=cast(User, request.user),
                chapter=chapter,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                launch_event=form.cleaned_data["launch_event"],
            )
        except services.ChapterError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The chapter's status was changed."))
            return HttpResponseRedirect(_manage_url(chapter))
    return _manage_page(request, chapter, status_form=form, status=400)

"""Members' own pages (sign-in, profile, my data) and coordinators' import and export pages."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.core.views import render_error
from awaaz.lib.abuse import network_key, rate_limit_hit

from ..forms.account import (
    CodeForm,
    ConfirmForm,
    EraseForm,
    ExportForm,
    ImportForm,
    ProfileForm,
    SignInForm,
)
from ..models import Member, VerificationChannel
from ..selectors.account import (
    ExportRefusedError,
    can_export,
    export_chapters,
    member_data,
    member_erasure_summary,
    members_for_export,
)
from ..selectors.chapters import is_country_coordinator, member_for_user
from ..services import account as account_services
from ..services import imports as import_services

View = TypeVar("View", bound=Callable[..., HttpResponse])

SESSION_PHONE = "movement_sign_in_phone"
SESSION_WRONG_CODES = "movement_sign_in_wrong_codes"
# Sign-in attempts per network address per hour, before the page asks to wait.
SIGN_IN_LIMIT = 20


def _posted(request: HttpRequest) -> Any:
    # `request.POST or None` would treat an empty POST as "not submitted" and show a blank form.
    return request.POST if request.method == "POST" else None


def _member_required(view: View) -> View:
    """Signed out: to the sign-in page. Signed in without a membership (staff): refused."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = member_for_user(request.user)
        if member is None:
            if request.user.is_authenticated:
                return render_error(request, 403)
            return HttpResponseRedirect(reverse("movement:sign_in"))
        return view(request, member, *args, **kwargs)

    return cast(View, wrapper)


def _sign_in_done(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(SESSION_PHONE, None)
    request.session.pop(SESSION_WRONG_CODES, None)
    language = user.preferred_language
    with translation.override(language):
        response = HttpResponseRedirect(reverse("movement:profile"))
    _remember_language(response, language)
    return response


def _remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )


# --- Sign-in ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if rate_limit_hit(
            scope="sign_in", key=network_key(request), limit=SIGN_IN_LIMIT, window=3600
        ):
            form.add_error(None, _("Too many attempts from this network. Please wait an hour."))
        else:
            channel, identifier = form.cleaned_data["identifier"]
            account_services.sign_in_request(identifier=identifier)
            if channel == VerificationChannel.SMS:
                request.session[SESSION_PHONE] = identifier
                request.session[SESSION_WRONG_CODES] = 0
                return HttpResponseRedirect(reverse("movement:sign_in_code"))
            return HttpResponseRedirect(reverse("movement:sign_in_sent"))
    return render(
        request,
        "movement/account/sign_in.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def sign_in_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "movement/account/sign_in_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    # The link shows a button first: mail scanners that open every link must not use it up.
    if request.method == "POST":
        try:
            user = account_services.sign_in_with_link(token=token)
        except account_services.SignInError as error:
            return render(
                request,
                "movement/account/message.html",
                {"title": _("This link cannot be used"), "message": error.message, "retry": True},
                status=400,
            )
        return _sign_in_done(request, user)
    return render(request, "movement/account/sign_in_link.html", {"form": ConfirmForm()})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return HttpResponseRedirect(reverse("movement:sign_in"))
    form = CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        # Counted in the session too, so an unknown number locks after five tries just like a
        # known one: the lock must not tell who is a member.
        wrong = int(request.session.get(SESSION_WRONG_CODES, 0))
        if wrong >= account_services.MAX_CODE_ATTEMPTS:
            form.add_error(
                "code",
                _(
                    "This code was typed wrong five times and is now locked. "
                    "Please ask for a new one."
                ),
            )
        else:
            try:
                user = account_services.sign_in_with_code(
                    phone=phone, code=form.cleaned_data["code"]
                )
            except account_services.SignInError as error:
                request.session[SESSION_WRONG_CODES] = wrong + 1
                form.add_error("code", error.message)
            else:
                return _sign_in_done(request, user)
    return render(
        request,
        "movement/account/sign_in_code.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("core:home"))


# --- Profile ----------------------------------------------------------------------------------


def _profile_initial(member: Member) -> dict[str, Any]:
    return {
        "display_name": member.display_name,
        "district": member.district_id,
        "language": member.language,
        "email": member.email or "",
        "phone": member.phone or "",
    }


@never_cache
@require_http_methods(["GET", "POST"])
@_member_required
def profile(request: HttpRequest, member: Member) -> HttpResponse:
    form = ProfileForm(_posted(request), initial=_profile_initial(member))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = account_services.member_profile_update(member=member, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["movement_profile_notice"] = [
                change.email_confirmation_sent,
                change.phone_confirmation_sent,
            ]
            with translation.override(member.language):
                target = reverse(
                    "movement:contact_code"
                    if change.phone_confirmation_sent
                    else "movement:profile"
                )
            response = HttpResponseRedirect(target)
            _remember_language(response, member.language)
            return response
    notice = request.session.pop("movement_profile_notice", None)
    return render(
        request,
        "movement/account/profile.html",
        {"form": form, "member": member, "notice": notice},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def contact_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            account_services.member_contact_confirm_link(token=token)
        except account_services.SignInError as error:
            return render(
                request,
                "movement/account/message.html",
                {"title": _("This link cannot be used"), "message": error.message},
                status=400,
            )
        return render(
            request,
            "movement/account/message.html",
            {
                "title": _("Your new email address is confirmed"),
                "message": _("From now on we will write to this address."),
            },
        )
    return render(request, "movement/account/contact_link.html", {"form": ConfirmForm()})


@never_cache
@require_http_methods(["GET", "POST"])
@_member_required
def contact_code(request: HttpRequest, member: Member) -> HttpResponse:
    form = CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            account_services.member_contact_confirm_code(
                member=member, code=form.cleaned_data["code"]
            )
        except account_services.SignInError as error:
            form.add_error("code", error.message)
        else:
            return HttpResponseRedirect(reverse("movement:profile"))
    return render(
        request,
        "movement/account/contact_code.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- My data ----------------------------------------------------------------------------------


@never_cache
@require_safe
@_member_required
def my_data(request: HttpRequest, member: Member) -> HttpResponse:
    data = member_data(member=member)
    account_services.member_data_download_record(member=member)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="awaaz-my-data-{stamp}.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@_member_required
def erase(request: HttpRequest, member: Member) -> HttpResponse:
    form = EraseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        account_services.member_erase(member=member)
        logout(request)
        return HttpResponseRedirect(reverse("movement:erased"))
    return render(
        request,
        "movement/account/erase.html",
        {"form": form, "summary": member_erasure_summary(member=member)},
        status=400 if form.errors else 200,
    )


@require_safe
def erased(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "movement/account/message.html",
        {
            "title": _("Your data has been deleted"),
            "message": _(
                "Your membership, pledges and requests are gone. Only the anonymous count of "
                "pledges remains, with no link to you."
            ),
        },
    )


# --- Import and export ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@otp_required
def import_page(request: HttpRequest) -> HttpResponse:
    if not is_country_coordinator(request.user):
        return render_error(request, 403)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        arguments = {
            "kind": form.cleaned_data["kind"],
            "data": upload.read(),
            "filename": upload.name or "",
        }
        try:
            if form.cleaned_data["apply"]:
                preview = import_services.import_apply(**arguments, actor=cast(User, request.user))
            else:
                preview = import_services.import_preview(**arguments)
        except import_services.ImportFileError as error:
            form.add_error("file", error.message)
        except import_services.ImportRefusedError as refused:
            preview = refused.preview
    status = 400 if form.errors or (preview is not None and not preview.ok) else 200
    return render(
        request,
        "movement/account/import.html",
        {"form": form, "preview": preview, "shown_rows": preview.rows[:50] if preview else []},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@otp_required
def export_page(request: HttpRequest) -> HttpResponse:
    if not can_export(request.user):
        return render_error(request, 403)
    chapters = [(c.slug, c.name) for c in export_chapters(request.user)]
    form = ExportForm(_posted(request), chapters=chapters)
    if request.method == "POST" and form.is_valid():
        try:
            chapter, members = members_for_export(
                user=request.user, chapter_slug=form.cleaned_data["chapter"]
            )
        except ExportRefusedError as refused:
            return render(
                request,
                "movement/account/message.html",
                {"title": _("Export refused"), "message": refused.message},
                status=403,
            )
        export = import_services.members_export(
            actor=cast(User, request.user),
            members=members,
            fmt=form.cleaned_data["format"],
            chapter=chapter,
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        name = f"awaaz-members-{chapter.slug if chapter else 'all'}-{timezone.localdate()}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{export.extension}"'
        return response
    return render(
        request,
        "movement/account/export.html",
        {"form": form},
        status=400 if form.errors else 200,
    )

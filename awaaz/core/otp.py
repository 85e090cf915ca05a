"""Two-factor sign-in for staff and leaders: a TOTP app on the phone, plus ten backup codes.

Who needs it: everyone who uses a console (the chapter console, the case-worker console) or the
admin. The password (or the members' sign-in link) proves who someone is; the code from the
authenticator app proves they hold their phone. django-otp keeps the devices and marks the
session as verified (`request.user.is_verified()`); this module adds the pages around it:

- `otp_required`: a view decorator. Signed out: to the sign-in page. Signed in without a
  device: to enrolment. With a device but not verified in this session: to verification.
- enrolment: the secret shown as text and as a QR code drawn here (segno, inline SVG, no QR
  service anywhere), confirmed with a first code; ten backup codes are then shown once.
- verification with a code from the app or one backup code (each works once).
- `OTPRequiredAdminSite`: the same rule for the Django admin (`admin_site_require_otp`).

Secrets and codes never reach the audit log; the log says "enrolled", "verified", "failed".
"""

from __future__ import annotations

import functools
from base64 import b32encode
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from awaaz.core.models import User
from awaaz.core.services import audit_record

if TYPE_CHECKING:
    from django.test import Client

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"

View = TypeVar("View", bound=Callable[..., HttpResponse])


# --- Reads -----------------------------------------------------------------------------------


def otp_has_device(user: User) -> bool:
    """True when the user has a confirmed authenticator app (backup codes alone do not count)."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def otp_is_verified(request: HttpRequest) -> bool:
    user = request.user
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's OTPMiddleware
    return bool(user.is_authenticated and is_verified is not None and is_verified())


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


# --- The decorator ---------------------------------------------------------------------------


def otp_required(view: View) -> View:
    """Let the view run only for a signed-in user whose session passed a second factor.

    Roles are checked by the view itself (through its app's selectors); this decorator only
    makes sure that whoever reaches a console has both factors.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not otp_is_verified(request):
            step = "core:otp_verify" if otp_has_device(user) else "core:otp_enrol"
            return HttpResponseRedirect(_with_next(step, request.get_full_path()))
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


# --- Services --------------------------------------------------------------------------------


def otp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first call (same secret after)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def otp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; return ten new backup codes, or None if wrong.

    Backup codes replace any earlier ones. They are returned to be shown once and are not
    retrievable afterwards (django-otp stores them for comparison only).
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = otp_backup_codes_replace(user=user, audit=False)
    audit_record(actor=user, action="otp.enrolled", obj=user)
    return codes


@transaction.atomic
def otp_backup_codes_replace(*, user: User, audit: bool = True) -> list[str]:
    """Delete the user's backup codes and make ten new ones; return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    if audit:
        audit_record(actor=user, action="otp.backup_codes.replaced", obj=user)
    return codes


def otp_verify(*, request: HttpRequest, token: str) -> bool:
    """Check a code from the app or a backup code; on success mark the session as verified.

    Each device throttles wrong guesses itself (django-otp doubles the wait after each one).
    """
    user = cast(User, request.user)
    token = token.replace(" ", "").strip().lower()
    for device in django_otp.devices_for_user(user, confirmed=True):
        if django_otp.verify_token(user, device.persistent_id, token) is not None:
            django_otp.login(request, device)
            audit_record(
                actor=user, action="otp.verified", obj=user, detail={"kind": device.model_label()}
            )
            return True
    audit_record(actor=user, action="otp.failed", obj=user)
    return False


def otp_verify_client(client: Client, user: User) -> TOTPDevice:
    """For tests and tooling: sign `user` in on a test client with a verified second factor.

    The counterpart of `Client.force_login` for sessions that need two factors: gives the user a
    confirmed device if they have none and records it in the client's session, as a real
    verification would.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    client.force_login(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


# --- Forms -----------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
        error_messages={"required": _("Please type the code.")},
    )


# --- Views -----------------------------------------------------------------------------------


def _secret_text(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device: TOTPDevice) -> str:
    # Drawn here as inline SVG: the secret never leaves this server, not even to a QR service.
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=4, title=str(_("QR code for your authenticator app")), dark="#000", light="#fff"
        )
    )


def _signed_in(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def enrol(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    next_url = _safe_next(request)
    if otp_has_device(user):
        # Replacing a phone is done by an administrator, after checking who is asking.
        return HttpResponseRedirect(_with_next("core:otp_verify", next_url))
    device = otp_enrolment_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp_enrolment_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            django_otp.login(request, device)
            return render(
                request, "core/otp/backup_codes.html", {"codes": codes, "next_url": next_url}
            )
        form.add_error(
            "token",
            _("That code is not right. Check the time on your phone and type the newest code."),
        )
    context = {
        "form": form,
        "secret": _secret_text(device),
        "qr_svg": _qr_svg(device),
        "next_url": next_url,
    }
    return render(request, "core/otp/enrol.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def verify(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    next_url = _safe_next(request)
    if not otp_has_device(user):
        return HttpResponseRedirect(_with_next("core:otp_enrol", next_url))
    if otp_is_verified(request):
        return HttpResponseRedirect(next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_verify(request=request, token=form.cleaned_data["token"]):
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token",
            _(
                "That code is not right, or too many wrong codes were typed. "
                "Wait a little and try the newest code."
            ),
        )
    return render(
        request,
        "core/otp/verify.html",
        {"form": form, "next_url": next_url},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@otp_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Make ten new backup codes (the old ones stop working) and show them once."""
    if request.method == "POST":
        codes = otp_backup_codes_replace(user=cast(User, request.user))
        return render(
            request,
            "core/otp/backup_codes.html",
            {"codes": codes, "next_url": _safe_next(request)},
        )
    return render(request, "core/otp/backup_codes_new.html", {"next_url": _safe_next(request)})


# --- The admin -------------------------------------------------------------------------------


class OTPRequiredAdminSite(AdminSite):
    """The admin, open only to staff whose session passed the second factor.

    Staff who are signed in but not verified are sent to enrolment or verification (and come
    back), instead of django-otp's own login form, so that the admin and the consoles share one
    set of pages.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and otp_is_verified(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        user = request.user
        staff = user.is_authenticated and user.is_active and user.is_staff
        if staff and not otp_is_verified(request):
            step = "core:otp_verify" if otp_has_device(cast(User, user)) else "core:otp_enrol"
            next_url = _safe_next(request, reverse("admin:index", current_app=self.name))
            return HttpResponseRedirect(_with_next(step, next_url))
        return super().login(request, extra_context)


def admin_site_require_otp(site: AdminSite) -> None:
    """Make an existing admin site (usually `admin.site`) require a verified second factor.

    Swapping the class keeps every model already registered on the site; django-otp's own
    documentation does the same with its OTPAdminSite.
    """
    site.__class__ = OTPRequiredAdminSite

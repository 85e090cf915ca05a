"""The case-worker console: keys, inbox, report pages and the actions on a report.

Who gets in: signed-in, active staff in the "case worker" group (anyone else: 403), with a
verified second factor in this session (`otp_required`: otherwise to enrolment/verification).
Which reports: only those sealed to her key (selectors; services check it again). Reading needs
her private key, unlocked with her password once per session and kept by `console_key_put`
(encrypted in the session under a key held only in an HttpOnly cookie).

Every page is `never_cache` (Cache-Control: no-store): a decrypted account must not stay in a
browser or proxy cache. Views parse, call one service or selector, and render or redirect;
errors a person can cause come back from the services as translated `SafetyError`s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.safety import selectors, services
from awaaz.safety.forms_console import (
    AssignForm,
    DeleteForm,
    LabelsForm,
    NoteForm,
    PasswordForm,
    RecoveryForm,
    ReferralForm,
    ReplaceKeysForm,
    ReplyForm,
    StatusForm,
)
from awaaz.safety.models import HelpWanted, Report, ReportStatus

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _guarded(view: View, allowed: Callable[[Any], bool]) -> View:
    """The role check first (403), then a verified second factor, and never cached."""
    # otp_required is typed for HttpResponse views; the file download streams instead.
    guarded = otp_required(cast(Callable[..., HttpResponse], view))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(request.user):
            raise PermissionDenied
        return guarded(request, *args, **kwargs)

    return cast(View, never_cache(wrapper))


def console_view(view: View) -> View:
    """Case workers only (403 for anyone else), with a verified second factor."""
    return _guarded(view, selectors.console_is_case_worker)


def coordinator_view(view: View) -> View:
    """Case workers and country coordinators: pages that show no report contents at all."""
    return _guarded(view, selectors.console_may_coordinate)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _report_url(report: Report) -> str:
    return reverse("safety:console_report", kwargs={"public_id": report.public_id})


def _unlock_redirect(request: HttpRequest) -> HttpResponse:
    """Where to go when a page needs the private key and the session does not hold it."""
    if selectors.console_key_for(_user(request)) is None:
        return HttpResponseRedirect(reverse("safety:console_keys_setup"))
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('safety:console_unlock')}?{query}")


def _next_url(request: HttpRequest) -> str:
    # Only a console path is accepted as a destination (no open redirect).
    target = request.POST.get("next") or request.GET.get("next") or ""
    inbox = reverse("safety:console_inbox")
    if target.startswith(inbox) and "//" not in target and "\\" not in target:
        return target
    return inbox


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("key_unlocked", services.console_key_get(request=request) is not None)
    context.setdefault("is_case_worker", selectors.console_is_case_worker(request.user))
    return render(request, f"safety/console/{template}", context, status=status)


# --- Keys --------------------------------------------------------------------------------------


def _blocked(form: Any, user: User) -> bool:
    """Too many wrong tries lately: say so on the form and try nothing."""
    if not services.console_unlock_blocked(user=user):
        return False
    form.is_valid()  # bind the form so that the error can be shown beside what was typed
    form.add_error(
        None,
        _(
            "Too many wrong tries. For your safety the console waits 15 minutes before trying "
            "again. If you need help now, ask another case worker or an administrator."
        ),
    )
    return True


def _show_recovery_key(request: HttpRequest, user: User, recovery_key: str) -> HttpResponse:
    # The services set the login password too (to the same or a new value): keep her signed in.
    update_session_auth_hash(request, user)
    response = _render(
        request, "recovery_key.html", {"recovery_key": recovery_key, "key_unlocked": True}
    )
    return response


@console_view
@require_http_methods(["GET", "POST"])
def keys_setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if selectors.console_key_for(user) is not None:
        return HttpResponseRedirect(reverse("safety:console_unlock"))
    form = PasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        try:
            recovery_key = services.caseworker_keys_create(user=user, password=password)
            key = services.caseworker_keys_unlock(user=user, password=password)
        except services.SafetyError as error:
            form.add_error(None, str(error))
        else:
            response = _show_recovery_key(request, user, recovery_key)
            services.console_key_put(request=request, response=response, key=key)
            return response
    return _render(request, "keys_setup.html", {"form": form}, status=400 if form.errors else 200)


@console_view
@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if selectors.console_key_for(user) is None:
        return HttpResponseRedirect(reverse("safety:console_keys_setup"))
    form = PasswordForm(request.POST or None, user=user)
    password_changed = False
    if request.method == "POST" and _blocked(form, user):
        pass
    elif request.method == "POST" and not form.is_valid():
        if form.has_error("password", "wrong_password"):
            services.console_unlock_failed(user=user, what="password")
    elif request.method == "POST":
        try:
            key = services.caseworker_keys_unlock(user=user, password=form.cleaned_data["password"])
        except services.KeysLocked:
            # Her login password is right (the form checked) but does not open the envelope:
            # an administrator reset it. The page explains and offers the recovery key.
            password_changed = True
        except services.SafetyError as error:
            form.add_error(None, str(error))
        else:
            response = HttpResponseRedirect(_next_url(request))
            services.console_key_put(request=request, response=response, key=key)
            return response
    context = {"form": form, "password_changed": password_changed, "next": _next_url(request)}
    failed = bool(form.errors) or password_changed
    return _render(request, "unlock.html", context, status=400 if failed else 200)


@console_view
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if selectors.console_key_for(user) is None:
        return HttpResponseRedirect(reverse("safety:console_keys_setup"))
    form = RecoveryForm(request.POST or None, user=user)
    if request.method == "POST" and _blocked(form, user):
        pass
    elif request.method == "POST" and not form.is_valid():
        if form.has_error("password", "wrong_password"):
            services.console_unlock_failed(user=user, what="password")
    elif request.method == "POST":
        password = form.cleaned_data["password"]
        try:
            recovery_key = services.caseworker_keys_recover(
                user=user, recovery_key=form.cleaned_data["recovery_key"], new_password=password
            )
            key = services.caseworker_keys_unlock(user=user, password=password)
        except services.RecoveryKeyWrong as error:
            services.console_unlock_failed(user=user, what="recovery_key")
            form.add_error("recovery_key", str(error))
        except services.SafetyError as error:
            form.add_error("recovery_key", str(error))
        else:
            response = _show_recovery_key(request, user, recovery_key)
            services.console_key_put(request=request, response=response, key=key)
            return response
    context = {"form": form, "replace_form": ReplaceKeysForm(user=user)}
    return _render(request, "recover.html", context, status=400 if form.errors else 200)


@console_view
@require_POST
def keys_replace(request: HttpRequest) -> HttpResponse:
    """Both the old password and the recovery key are lost: start again with a new key pair."""
    user = _user(request)
    form = ReplaceKeysForm(request.POST, user=user)
    if form.is_valid():
        password = form.cleaned_data["password"]
        try:
            recovery_key = services.caseworker_keys_create(
                user=user, password=password, replace=True
            )
            key = services.caseworker_keys_unlock(user=user, password=password)
        except services.SafetyError as error:
            form.add_error(None, str(error))
        else:
            response = _show_recovery_key(request, user, recovery_key)
            services.console_key_put(request=request, response=response, key=key)
            return response
    context = {"form": RecoveryForm(user=user), "replace_form": form}
    return _render(request, "recover.html", context, status=400)


@console_view
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(reverse("safety:console_inbox"))
    services.console_key_forget(request=request, response=response)
    messages.success(request, _("The console is locked. Type your password to open reports again."))
    return response


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out of the console: the unlocked key goes (both halves), then the session."""
    response = HttpResponseRedirect(reverse("core:home"))
    services.console_key_forget(request=request, response=response)
    logout(request)
    return response


# --- Inbox -------------------------------------------------------------------------------------


@console_view
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if _key_or_none(request) is None:
        # Once per session, before anything else: set up or unlock her key.
        return _unlock_redirect(request)
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    counts = selectors.console_status_counts(user=user)
    overdue = selectors.console_overdue_ids(user=user)
    reports = selectors.console_reports(user=user, status=status or None)
    context = {
        "status": status,
        "status_label": ReportStatus(status).label if status else "",
        "tabs": [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in ReportStatus.choices
        ],
        "total": sum(counts.values()),
        "rows": [{"report": r, "overdue": r.pk in overdue} for r in reports],
        "overdue_count": len(overdue),
        "retention_days": settings.AWAAZ_REPORT_RETENTION_DAYS,
    }
    return _render(request, "inbox.html", context)


@coordinator_view
@require_safe
def unassigned(request: HttpRequest) -> HttpResponse:
    summary = selectors.console_unassigned_summary()
    by_status = [
        {"label": label, "count": summary.by_status[value]} for value, label in ReportStatus.choices
    ]
    return _render(request, "unassigned.html", {"summary": summary, "by_status": by_status})


# --- A report ----------------------------------------------------------------------------------


def _report_page(
    request: HttpRequest,
    report: Report,
    key: services.UnlockedKey,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Decrypt the report for its page (audited as a read by the service) and render it."""
    user = _user(request)
    contents = services.report_read(actor=user, key=key, report=report)
    forms = forms or {}
    context = {
        "report": report,
        "contents": contents,
        "assignees": selectors.console_report_assignees(report=report),
        "referrals": report.referrals.select_related("service"),
        "deleted_on": selectors.console_deletion_date(report=report),
        "help_wanted": [HelpWanted(v).label for v in report.help_wanted if v in HelpWanted.values],
        "reply_form": forms.get("reply") or ReplyForm(),
        "note_form": forms.get("note") or NoteForm(),
        "status_form": forms.get("status") or StatusForm(initial={"status": report.status}),
        "labels_form": forms.get("labels")
        or LabelsForm(initial={"labels": list(report.labels.all())}),
        "referral_form": forms.get("referral")
        or ReferralForm(services=selectors.console_referral_services()),
        "assign_form": forms.get("assign")
        or AssignForm(case_workers=selectors.console_assignable_case_workers(report=report)),
    }
    return _render(request, "report.html", context, status=status)


def _key_or_none(request: HttpRequest) -> services.UnlockedKey | None:
    return services.console_key_get(request=request)


@console_view
@require_safe
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.console_report(user=_user(request), public_id=public_id)
    key = _key_or_none(request)
    if key is None:
        return _unlock_redirect(request)
    return _report_page(request, report, key)


def _report_action(
    form_name: str,
    build: Callable[[HttpRequest, Report], Any],
    act: Callable[[HttpRequest, Report, Any], str],
) -> Callable[..., HttpResponse]:
    """A POST on a report: check the form, run one service, then back to the report page.

    A refused form re-renders the page with the typed text kept and the error beside it, so
    nothing a case worker wrote is lost; a refused action (a `SafetyError`) is shown the same way.
    """

    @console_view
    @require_POST
    def view(request: HttpRequest, public_id: str) -> HttpResponse:
        report = selectors.console_report(user=_user(request), public_id=public_id)
        key = _key_or_none(request)
        if key is None:
            return _unlock_redirect(request)
        form = build(request, report)
        if form.is_valid():
            try:
                done = act(request, report, form)
            except services.SafetyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                if not selectors.console_holds(user=_user(request), report=report):
                    # Handed over: the report is no longer hers to open.
                    return HttpResponseRedirect(reverse("safety:console_inbox"))
                return HttpResponseRedirect(_report_url(report))
        return _report_page(request, report, key, forms={form_name: form}, status=400)

    return view


def _reply(request: HttpRequest, report: Report, form: Any) -> str:
    services.message_send(actor=_user(request), report=report, text=form.cleaned_data["message"])
    return _("Your reply was sent. The reporter will see it with their receipt.")


def _note(request: HttpRequest, report: Report, form: Any) -> str:
    services.note_add(actor=_user(request), report=report, text=form.cleaned_data["note"])
    return _("The note was saved.")


def _status(request: HttpRequest, report: Report, form: Any) -> str:
    services.report_status_set(
        actor=_user(request), report=report, status=form.cleaned_data["status"]
    )
    return _("The status is now: %(status)s.") % {
        "status": ReportStatus(form.cleaned_data["status"]).label
    }


def _labels(request: HttpRequest, report: Report, form: Any) -> str:
    names = [label.name for label in form.cleaned_data["labels"]]
    if form.cleaned_data["new_label"]:
        names.append(form.cleaned_data["new_label"])
    services.report_label(actor=_user(request), report=report, names=names)
    return _("The labels were saved.")


def _refer(request: HttpRequest, report: Report, form: Any) -> str:
    services.report_refer(actor=_user(request), report=report, service=form.cleaned_data["service"])
    return _("The referral was recorded and the status is now: referred.")


def _assign(request: HttpRequest, report: Report, form: Any) -> str:
    key = _key_or_none(request)
    if key is None:  # checked before the form; a session cannot lose it in between
        raise PermissionDenied
    worker = form.cleaned_data["case_worker"]
    hand_over = form.cleaned_data["hand_over"]
    services.console_report_assign(
        actor=_user(request), key=key, report=report, case_worker=worker, hand_over=hand_over
    )
    name = worker.get_full_name() or worker.get_username()
    if hand_over:
        return _("The report is now with %(name)s, who has been told by email.") % {"name": name}
    return _("The report is now shared with %(name)s, who has been told by email.") % {"name": name}


report_reply = _report_action("reply", lambda r, _rep: ReplyForm(r.POST), _reply)
report_note = _report_action("note", lambda r, _rep: NoteForm(r.POST), _note)
report_status = _report_action("status", lambda r, _rep: StatusForm(r.POST), _status)
report_labels = _report_action("labels", lambda r, _rep: LabelsForm(r.POST), _labels)
report_refer = _report_action(
    "referral",
    lambda r, _rep: ReferralForm(r.POST, services=selectors.console_referral_services()),
    _refer,
)
report_assign = _report_action(
    "assign",
    lambda r, rep: AssignForm(
        r.POST, case_workers=selectors.console_assignable_case_workers(report=rep)
    ),
    _assign,
)


@console_view
@require_http_methods(["GET", "POST"])
def report_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    """Deleting destroys the report's keys and ciphertext: a confirm step with its reference."""
    report = selectors.console_report(user=_user(request), public_id=public_id)
    form = DeleteForm(request.POST or None, expected=report.public_id)
    if request.method == "POST" and form.is_valid():
        services.report_delete(actor=_user(request), report=report)
        messages.success(
            request,
            _("Report %(reference)s was deleted. Nobody can read it any more.")
            % {"reference": public_id},
        )
        return HttpResponseRedirect(reverse("safety:console_inbox"))
    context = {"report": report, "form": form}
    return _render(request, "delete.html", context, status=400 if form.errors else 200)


@console_view
@require_safe
def attachment_download(
    request: HttpRequest, public_id: str, attachment_id: int
) -> HttpResponseBase:
    """Decrypt a file on the fly, as a download (never shown inside the console's pages)."""
    user = _user(request)
    attachment = selectors.console_attachment(
        user=user, public_id=public_id, attachment_id=attachment_id
    )
    key = _key_or_none(request)
    if key is None:
        return _unlock_redirect(request)
    try:
        view, chunks = services.attachment_open(actor=user, key=key, attachment=attachment)
    except services.SafetyError as error:
        raise Http404(str(error)) from error
    response = StreamingHttpResponse(
        chunks, content_type=view.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=view.name) or "attachment"
    )
    return response

"""What a reporter sees: the first page, the report, the receipt, and follow-up with the receipt.

Every view is wrapped by `intake_view` (awaaz/safety/intake_guard.py): no address, browser name or
referrer reaches it, no session is kept, nothing may be cached. No page needs JavaScript:
static/safety/intake.js only solves the proof-of-work in the background; without it, a form sent
in under a few seconds comes back with "wait a moment and press again".

The receipt appears once, in the answer to the form's POST (never in a URL, so never in the
browser's history). Later pages carry the reporter's access in a short-lived signed token in a
hidden field (`reporter_token_issue`), never in a cookie and never the receipt itself.

Abuse control uses no address at all: the proof-of-work (one use per challenge), a global limit
on receipt look-ups and report submissions (each costs a slow key derivation), and a limit per
receipt (counted under a keyed, daily-salted hash of it, in the cache only).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.lib import abuse
from awaaz.safety import services
from awaaz.safety.forms_intake import AddForm, ContactCardForm, ReceiptForm, ReportForm
from awaaz.safety.intake_guard import intake_view, render_intake
from awaaz.safety.models import ReportStatus

# Seconds a form must have been open: with the proof-of-work done, and without it.
MIN_SECONDS = 3
MIN_SECONDS_WITHOUT_WORK = 10
RECEIPT_MIN_SECONDS = 1
RECEIPT_MIN_SECONDS_WITHOUT_WORK = 5

# Each submission and each receipt look-up costs one Argon2id derivation: these bound the work
# the whole server does per hour, whoever asks. Per receipt: a handful of tries an hour.
REPORTS_PER_HOUR = 600
RECEIPT_TRIES_PER_HOUR = 1200
TRIES_PER_RECEIPT_PER_HOUR = 10

_PURPOSE_REPORT = "safety-report"
_PURPOSE_RECEIPT = "safety-receipt"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render_intake(request, f"safety/intake/{template}", context, status=status)


def _fresh(form: ReportForm | ReceiptForm, *, purpose: str) -> str:
    """Put a new challenge in a bound form (the old one was used) and return it."""
    challenge = abuse.challenge_issue(purpose=purpose)
    data = QueryDict(mutable=True)
    data.update(form.data)
    data["challenge"] = challenge
    data["work"] = ""
    data["website"] = ""
    form.data = data
    return challenge


def _group(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


# --- First page ---------------------------------------------------------------------------


@intake_view
@require_safe
def intake_start(request: HttpRequest) -> HttpResponse:
    return _page(request, "start.html", {"retention_days": settings.AWAAZ_REPORT_RETENTION_DAYS})


# --- The report ---------------------------------------------------------------------------


def _report_page(
    request: HttpRequest,
    form: ReportForm,
    *,
    challenge: str,
    status: int = 200,
    slow_down: bool = False,
) -> HttpResponse:
    files_dropped = bool(request.FILES) and form.is_bound
    return _page(
        request,
        "form.html",
        {
            "form": form,
            "challenge": challenge,
            "slow_down": slow_down,
            "files_dropped": files_dropped,
        },
        status=status,
    )


@intake_view
@require_http_methods(["GET", "POST"])
def intake_report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _report_page(
            request, ReportForm(), challenge=abuse.challenge_issue(purpose=_PURPOSE_REPORT)
        )

    form = ReportForm(request.POST, request.FILES)
    if form.honeypot_filled:
        # Never silently drop what a person wrote: a robot learns nothing, a person presses again.
        form.is_valid()
        form.add_error(None, _("Something in the form looked automatic. Please press send again."))
        challenge = _fresh(form, purpose=_PURPOSE_REPORT)
        return _report_page(request, form, challenge=challenge, status=400)
    if not form.is_valid():
        return _report_page(
            request, form, challenge=str(form.data.get("challenge", "")), status=400
        )

    challenge, work = form.cleaned_data["challenge"], form.cleaned_data["work"]
    check = abuse.challenge_check(challenge, work, purpose=_PURPOSE_REPORT, consume=False)
    passes = check.passes(
        min_seconds=MIN_SECONDS, min_seconds_without_work=MIN_SECONDS_WITHOUT_WORK
    )
    # Only a challenge that passes is used up; a form sent twice finds it used.
    replayed = passes and abuse.challenge_check(challenge, work, purpose=_PURPOSE_REPORT).replayed
    if not passes or replayed:
        # Too quick: the same challenge, once a few more seconds have passed. Used or not ours:
        # a new one.
        keep = check.valid and not replayed
        challenge = challenge if keep else _fresh(form, purpose=_PURPOSE_REPORT)
        return _report_page(request, form, challenge=challenge, slow_down=True)
    if abuse.rate_limit_hit(
        scope="safety-report",
        key="all",
        limit=_limit("AWAAZ_REPORTS_PER_HOUR", REPORTS_PER_HOUR),
        window=3600,
    ):
        return _page(request, "limited.html", {"what": "report"}, status=429)

    data = form.cleaned_data
    contact = None
    if data["consent_contact"]:
        contact = services.Contact(
            channel=str(data["contact_channel"]),
            details=data["contact_detail"],
            safe_time=data["contact_safe_time"],
        )
    try:
        _report, receipt = services.report_create(
            reporter_role=data["reporter_role"],
            incident_type=data["incident_type"],
            when=data["when"],
            district=data["district"],
            survivor_gender=data["survivor_gender"],
            survivor_age=data["survivor_age"],
            perpetrator_count=data["perpetrator_count"],
            perpetrator_relationship=data["perpetrator_relationship"],
            police_told=data["police_told"],
            fir_registered=data["fir_registered"],
            help_wanted=data["help_wanted"],
            narrative=data["narrative"],
            consent_statistics=data["consent_statistics"],
            consent_share=data["consent_share"],
            share_service=data["share_service"],
            consent_contact=data["consent_contact"],
            contact=contact,
            uploads=data["attachments"],
        )
    except services.SafetyError as exc:
        form.add_error(None, str(exc))
        challenge = _fresh(form, purpose=_PURPOSE_REPORT)
        return _report_page(request, form, challenge=challenge, status=400)
    return _page(
        request,
        "receipt.html",
        {"receipt": receipt, "receipt_grouped": _group(receipt), "card_form": ContactCardForm()},
    )


def _vcard_text(value: str) -> str:
    # RFC 6350 §3.4: backslash, comma, semicolon and line breaks are escaped.
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


@intake_view
@require_POST
def intake_contact_card(request: HttpRequest) -> HttpResponse:
    """The receipt as a phone contact (vCard), made now and stored nowhere."""
    form = ContactCardForm(request.POST)
    if not form.is_valid():
        receipt = str(request.POST.get("receipt", ""))
        digits = "".join(c for c in receipt if c.isdigit())[:16]
        return _page(
            request,
            "receipt.html",
            {"receipt": digits, "receipt_grouped": _group(digits), "card_form": form},
            status=400,
        )
    name = _vcard_text(form.cleaned_data["name"])
    receipt = form.cleaned_data["receipt"]
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{name}\r\nN:;{name};;;\r\nTEL;TYPE=CELL:{receipt}\r\nEND:VCARD\r\n"
    )
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contact.vcf"'
    return response


# --- Follow-up with the receipt ----------------------------------------------------------


def _status_text(status: str) -> str:
    texts: dict[str, str] = {
        ReportStatus.NEW: _("Received. A case worker will read it soon."),
        ReportStatus.IN_PROGRESS: _("A case worker is working on it."),
        ReportStatus.REFERRED: _("Passed on to a service, as you allowed."),
        ReportStatus.CLOSED: _("Closed. You can still read it until it is deleted."),
    }
    return texts.get(status, "")


def _thread_page(
    request: HttpRequest,
    access: services.ReporterAccess,
    *,
    add_form: AddForm | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    view = services.reporter_read(access=access)
    return _page(
        request,
        "thread.html",
        {
            "view": view,
            "status_text": _status_text(view.status),
            "token": services.reporter_token_issue(access=access),
            "add_form": add_form or AddForm(),
            "notice": notice,
            "token_minutes": services.REPORTER_TOKEN_SECONDS // 60,
        },
        status=status,
    )


def _followup_page(
    request: HttpRequest,
    form: ReceiptForm,
    *,
    challenge: str,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    return _page(
        request,
        "followup.html",
        {"form": form, "challenge": challenge, "notice": notice},
        status=status,
    )


@intake_view
@require_http_methods(["GET", "POST"])
def intake_followup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _followup_page(
            request, ReceiptForm(), challenge=abuse.challenge_issue(purpose=_PURPOSE_RECEIPT)
        )
    form = ReceiptForm(request.POST)
    if form.honeypot_filled or not form.is_valid():
        if form.honeypot_filled:
            form.is_valid()
            form.add_error(
                None, _("Something in the form looked automatic. Please press Open again.")
            )
        challenge = _fresh(form, purpose=_PURPOSE_RECEIPT)
        return _followup_page(request, form, challenge=challenge, status=400)

    challenge, work = form.cleaned_data["challenge"], form.cleaned_data["work"]
    check = abuse.challenge_check(challenge, work, purpose=_PURPOSE_RECEIPT)
    if not check.passes(
        min_seconds=RECEIPT_MIN_SECONDS, min_seconds_without_work=RECEIPT_MIN_SECONDS_WITHOUT_WORK
    ):
        # Not counted against any limit: nothing was tried. A fresh challenge, and wait a moment.
        challenge = _fresh(form, purpose=_PURPOSE_RECEIPT)
        notice = _(
            "That was very quick. To keep out automated guessing, please wait a few seconds "
            "and press Open again."
        )
        return _followup_page(request, form, challenge=challenge, notice=notice)

    receipt = form.cleaned_data["receipt"]
    if abuse.rate_limit_hit(
        scope="safety-receipt-one",
        key=abuse.keyed_hash(f"receipt:{receipt}"),
        limit=_limit("AWAAZ_TRIES_PER_RECEIPT_PER_HOUR", TRIES_PER_RECEIPT_PER_HOUR),
        window=3600,
    ) or abuse.rate_limit_hit(
        scope="safety-receipt-all",
        key="all",
        limit=_limit("AWAAZ_RECEIPT_TRIES_PER_HOUR", RECEIPT_TRIES_PER_HOUR),
        window=3600,
    ):
        return _page(request, "limited.html", {"what": "receipt"}, status=429)

    try:
        access = services.report_open_by_receipt(receipt=receipt)
    except services.ReceiptNotFound as exc:
        form.add_error("receipt", str(exc))
        challenge = _fresh(form, purpose=_PURPOSE_RECEIPT)
        return _followup_page(request, form, challenge=challenge, status=400)
    return _thread_page(request, access)


def _access_or_followup(request: HttpRequest) -> services.ReporterAccess | HttpResponse:
    try:
        return services.reporter_token_open(token=str(request.POST.get("token", "")))
    except services.AccessExpired:
        notice = _(
            "For your safety, an open report closes itself after a few minutes. Please type "
            "your receipt again."
        )
        return _followup_page(
            request,
            ReceiptForm(),
            challenge=abuse.challenge_issue(purpose=_PURPOSE_RECEIPT),
            notice=notice,
            status=403,
        )


@intake_view
@require_POST
def intake_thread(request: HttpRequest) -> HttpResponse:
    """The open report again (e.g. to see a new reply), with a fresh token."""
    access = _access_or_followup(request)
    if isinstance(access, HttpResponse):
        return access
    return _thread_page(request, access)


@intake_view
@require_POST
def intake_add(request: HttpRequest) -> HttpResponse:
    access = _access_or_followup(request)
    if isinstance(access, HttpResponse):
        return access
    form = AddForm(request.POST, request.FILES)
    if not form.is_valid():
        return _thread_page(request, access, add_form=form, status=400)
    try:
        services.reporter_add(
            access=access, text=form.cleaned_data["text"], uploads=form.cleaned_data["attachments"]
        )
    except services.SafetyError as exc:
        form.add_error(None, str(exc))
        return _thread_page(request, access, add_form=form, status=400)
    return _thread_page(request, access, notice=_("Added to your report. Thank you."))


@intake_view
@require_POST
def intake_delete(request: HttpRequest) -> HttpResponse:
    """Withdraw and delete the report: first a page that asks, then the deletion."""
    access = _access_or_followup(request)
    if isinstance(access, HttpResponse):
        return access
    if request.POST.get("confirm") != "yes":
        return _page(
            request,
            "delete_confirm.html",
            {"token": services.reporter_token_issue(access=access), "report": access.report},
        )
    services.reporter_delete(access=access)
    return _page(request, "deleted.html")

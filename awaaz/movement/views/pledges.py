"""Public pages of the pledge: take it, confirm it, thank-you, and the pledge wall.

No page needs JavaScript. static/movement/pledges.js only solves the proof-of-work in the
background (and narrows the chapter list to the chosen district); without it, a form sent in
under a few seconds gets a "wait a moment and press again" page instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from awaaz.lib import abuse
from awaaz.movement.forms.pledges import NAME_PUBLIC, CodeForm, PledgeForm
from awaaz.movement.selectors import pledges as selectors
from awaaz.movement.services import pledges as services
from awaaz.movement.services.pledges import ConfirmResult, Outcome
from awaaz.places.models import District

# Seconds a form must have been open before it is accepted: with the proof-of-work done (a
# browser with JavaScript), and without it (the delay page is the fallback).
MIN_SECONDS = 3
MIN_SECONDS_WITHOUT_WORK = 8
_THANKS_SALT = "awaaz.movement.pledge.thanks"
_THANKS_MAX_AGE = 7 * 24 * 60 * 60


View = Callable[..., HttpResponse]


def _network_limit() -> int:
    # Generous: a whole campus or a mobile operator's shared address may pledge together.
    return int(getattr(settings, "AWAAZ_PLEDGE_RATE_PER_ADDRESS", 120))


def _form_page(request: HttpRequest, form: PledgeForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "movement/pledges/form.html",
        {"form": form, "text": form.text, "challenge": form["challenge"].value()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest) -> HttpResponse:
    posted_version = request.POST.get("text_version", "") if request.method == "POST" else ""
    text = selectors.pledge_text_current(
        seen=int(posted_version) if posted_version.isascii() and posted_version.isdigit() else None
    )
    if text is None:
        raise Http404("no published pledge text")
    if request.method != "POST":
        form = PledgeForm(text=text, initial={"challenge": abuse.challenge_issue(purpose="pledge")})
        return _form_page(request, form)

    form = PledgeForm(request.POST, text=text)
    if form.honeypot_filled:
        # Tell a robot nothing: it gets the page a person gets, and nothing is saved or sent.
        return redirect("movement:pledge_sent")
    if abuse.rate_limit_hit(
        scope="pledge-net", key=abuse.network_key(request), limit=_network_limit(), window=3600
    ):
        return render(request, "movement/pledges/limited.html", status=429)
    if not form.is_valid():
        return _form_page(request, form, status=400)

    challenge, work = form.cleaned_data["challenge"], form.cleaned_data["work"]
    check = abuse.challenge_check(challenge, work, purpose="pledge", consume=False)
    if not check.passes(min_seconds=MIN_SECONDS, min_seconds_without_work=MIN_SECONDS_WITHOUT_WORK):
        return _delay_page(request, form, keep=check.valid and not check.replayed)
    if abuse.challenge_check(challenge, work, purpose="pledge").replayed:
        return _delay_page(request, form, keep=False)

    data = form.cleaned_data
    try:
        submission = services.pledge_submit(
            text=text,
            display_name=data["display_name"],
            is_public=data["name_choice"] == NAME_PUBLIC,
            phone=data["phone"],
            email=data["email"],
            district=data["district"],
            chapter=data["chapter"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except services.PledgeContactLimitedError:
        form.add_error(
            None,
            _(
                "We have sent several messages to this phone or email today. Please try again "
                "tomorrow."
            ),
        )
        return _form_page(request, _fresh(form), status=429)
    except services.PledgeDeliveryError:
        form.add_error(
            None,
            _(
                "We could not send the message just now, and nothing was saved. Please try "
                "again in a few minutes."
            ),
        )
        return _form_page(request, _fresh(form), status=503)
    if submission.ticket:
        return redirect("movement:pledge_code", ticket=submission.ticket)
    return redirect("movement:pledge_sent")


def _fresh(form: PledgeForm) -> PledgeForm:
    """The same form with a new challenge (the old one was used)."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data["challenge"] = abuse.challenge_issue(purpose="pledge")
    data["work"] = ""
    form.data = data
    return form


def _delay_page(request: HttpRequest, form: PledgeForm, *, keep: bool) -> HttpResponse:
    if not keep:
        form = _fresh(form)
    return render(
        request,
        "movement/pledges/delay.html",
        {"form": form, "challenge": form.data.get("challenge", "")},
    )


@require_http_methods(["GET", "POST"])
def pledge_sent(request: HttpRequest, ticket: str = "") -> HttpResponse:
    """ "Check your messages", with a box for the SMS code when a phone number was given."""
    if request.method == "POST" and not ticket:
        return redirect("movement:pledge_sent")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        result = services.pledge_confirm_code(ticket=ticket, code=form.cleaned_data["code"])
        if result.outcome in (Outcome.CONFIRMED, Outcome.ALREADY):
            return _to_thanks(result)
        if result.outcome == Outcome.WRONG_CODE:
            form.add_error(
                "code",
                ngettext(
                    "That code is not right. You have %(count)s more try.",
                    "That code is not right. You have %(count)s more tries.",
                    result.tries_left,
                )
                % {"count": result.tries_left},
            )
            status = 400
        else:
            return _refusal_page(request, result, channel="sms")
    elif form.is_bound:
        status = 400
    return render(
        request,
        "movement/pledges/sent.html",
        {"form": form, "ticket": ticket, "confirm_hours": settings.AWAAZ_PLEDGE_CONFIRM_HOURS},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def pledge_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a button first (mail scanners open links), then the confirmation."""
    if request.method == "POST":
        result = services.pledge_confirm_link(token=token)
        if result.outcome in (Outcome.CONFIRMED, Outcome.ALREADY):
            return _to_thanks(result)
        return _refusal_page(request, result, channel="email", token=token)
    result = services.pledge_link_check(token=token)
    if result.outcome != Outcome.CONFIRMED:
        return _refusal_page(request, result, channel="email", token=token)
    return render(request, "movement/pledges/confirm.html", {"token": token})


@require_http_methods(["POST"])
def pledge_resend(request: HttpRequest, token: str) -> HttpResponse:
    try:
        result = services.pledge_resend(token=token)
    except services.PledgeContactLimitedError:
        result = ConfirmResult(Outcome.LOCKED)
    except services.PledgeDeliveryError:
        return render(
            request, "movement/pledges/refused.html", {"outcome": "undelivered"}, status=503
        )
    if result.outcome == Outcome.CONFIRMED:
        return redirect("movement:pledge_sent")
    if result.outcome == Outcome.ALREADY:
        return _to_thanks(result)
    return _refusal_page(request, result, channel="email", token=token)


_REFUSAL_STATUS = {
    Outcome.EXPIRED: 410,
    Outcome.USED: 410,
    Outcome.LOCKED: 403,
    Outcome.INVALID: 404,
}


def _refusal_page(
    request: HttpRequest, result: ConfirmResult, *, channel: str, token: str = ""
) -> HttpResponse:
    return render(
        request,
        "movement/pledges/refused.html",
        {"outcome": result.outcome.value, "channel": channel, "token": token},
        status=_REFUSAL_STATUS.get(result.outcome, 400),
    )


def _to_thanks(result: ConfirmResult) -> HttpResponse:
    signed = signing.dumps(
        {"d": result.district_id, "a": int(result.outcome == Outcome.ALREADY)}, salt=_THANKS_SALT
    )
    return redirect("movement:pledge_thanks", signed=signed)


def _optional_url(name: str, **kwargs: str) -> str:
    # Chapter pages belong to another area of the app; link to them when they exist.
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@require_safe
def pledge_thanks(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        data: dict[str, Any] = signing.loads(signed, salt=_THANKS_SALT, max_age=_THANKS_MAX_AGE)
        district = District.objects.select_related("province").get(pk=data["d"])
    except (signing.BadSignature, KeyError, TypeError, District.DoesNotExist) as exc:
        raise Http404("not a thank-you link") from exc
    nearest = selectors.chapters_nearest(district=district)
    text = selectors.pledge_text_current()
    pledge_url = settings.AWAAZ_PUBLIC_URL.rstrip("/") + reverse("movement:pledge")
    share = f"{text.text if text else ''}\n\n{pledge_url}"
    chapters = [
        (c, _optional_url("movement:chapter_detail", slug=c.slug)) for c in nearest.chapters
    ]
    return render(
        request,
        "movement/pledges/thanks.html",
        {
            "already": bool(data.get("a")),
            "district": district,
            "scope": nearest.scope,
            "chapters": chapters,
            "start_url": _optional_url("movement:chapter_propose"),
            "whatsapp_url": "https://wa.me/?text=" + quote(share, safe=""),
        },
    )


@require_safe
def pledge_wall(request: HttpRequest) -> HttpResponse:
    counts = selectors.pledge_wall_counts()
    return render(
        request,
        "movement/pledges/wall.html",
        {
            "counts": counts,
            "recent": selectors.pledge_recent_public(),
            "map": _wall_map(),
        },
    )


def _wall_map() -> Any:
    """Pledges per 100,000 people by province, drawn by awaaz.places.maps; None if unavailable."""
    try:
        from awaaz.places import maps
        from awaaz.places import selectors as places
    except ImportError:  # pragma: no cover - the map renderer is optional for this page
        return None
    populations = places.population_by_province()
    pledged = selectors.pledges_by_province_code()
    rates: dict[str, float | None] = {
        code: (round(pledged.get(code, 0) * 100_000 / population, 1) if population else None)
        for code, population in populations.items()
    }
    return maps.province_choropleth(
        places.map_geography(),
        rates,
        title=_("Pledges per 100,000 people, by province"),
        value_label=_("Pledges per 100,000 people"),
        decimals=1,
        id_prefix="wall",
    )

"""Closing reports with photos, the media log, endorsements and partners.

Every page but the public endorsements and consented photos needs a verified second factor
(`otp_required`) and a role, which the selectors check (403 for someone else's chapter).
Photos and clippings are sent by these views, never from a public media folder, so that an
unconsented photo has no public address at all.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awaaz.activities.forms.reports import (
    EndorsementEditForm,
    EndorsementForm,
    EngagementForm,
    MediaFilterForm,
    MediaItemForm,
    PartnerForm,
    PhotoConsentForm,
    PhotoForm,
    ReportEditForm,
    ReportForm,
)
from awaaz.activities.models import Endorsement, EventReport
from awaaz.activities.selectors import reports as selectors
from awaaz.activities.services import reports as services
from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.movement.selectors.chapters import chapters_visible_to, is_country_coordinator

# Read at most this much of an upload: one byte more than the largest photo we accept, so
# that "too large" is still detected without holding a 40 MB file in memory.
_READ_LIMIT = services.PHOTO_MAX_BYTES + 1


def _read(upload: UploadedFile | None) -> bytes | None:
    """The bytes of an upload, or None; one larger than any we accept is refused unread."""
    if upload is None:
        return None
    if upload.size is not None and upload.size > services.PHOTO_MAX_BYTES:
        raise services.ReportError(
            _(
                "This file is %(size)s MB, and uploads can be at most %(limit)s MB. Please "
                "choose a smaller one."
            )
            % {
                "size": services.megabytes(upload.size),
                "limit": services.megabytes(services.PHOTO_MAX_BYTES),
            },
            code="too_large",
        )
    return cast(bytes, upload.read(_READ_LIMIT))


def _photos(form: ReportForm | PhotoForm) -> list[services.PhotoInput]:
    """The uploaded photos, each with its caption and consent (recorded per photo)."""
    photos = []
    uploads = form.cleaned_data["photo"]
    details = form.photo_details()
    if form.errors:
        # A caption refused (e.g. a direction override): nothing is read or saved.
        raise services.ReportError(_("Please correct the captions of the photos."), code="caption")
    for upload, (caption, consent) in zip(uploads, details, strict=True):
        try:
            content = _read(upload) or b""
        except services.ReportError as error:
            raise services.ReportError(
                _("The photo %(name)s was refused: %(problem)s")
                % {"name": services.file_name_shown(upload.name or ""), "problem": _errors(error)},
                code=error.code,
            ) from None
        photos.append(
            services.PhotoInput(
                data=content, caption=caption, consent_to_publish=consent, name=upload.name or ""
            )
        )
    return photos


def _errors(error: services.ReportError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Closing report --------------------------------------------------------------------------


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def report_file(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_reporter(user=request.user, slug=slug)
    report = selectors.report_for_event(event)
    if report is not None:
        context = {"event": event, "report": report, "photo_form": PhotoForm()}
        return render(request, "activities/reports/report.html", context)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photos = _photos(form)
            services.report_file(
                actor=cast(User, request.user),
                event=event,
                men=data["men"],
                women=data["women"],
                transgender=data["transgender"],
                total=data["total"],
                total_note=data["total_note"],
                audience=data["audience"],
                outcomes=data["outcomes"],
                follow_ups=data["follow_ups"],
                coverage_links=data["coverage_links"],
                photos=photos,
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Thank you: the report is filed."))
            return redirect("activities:report_file", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "form": form}
    return render(request, "activities/reports/form.html", context, status=status)


def _report_initial(report: EventReport) -> dict[str, Any]:
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    initial["coverage_links"] = "\n".join(report.coverage_links)
    initial["version"] = services.report_version(report)
    return initial


def _report_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.REPORT_FIELDS}


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Correct a filed report: the same people who may file it (its chapter's managers)."""
    event = selectors.event_for_reporter(user=request.user, slug=slug)
    report = selectors.report_for_event(event)
    if report is None:
        return redirect("activities:report_file", slug=event.slug)
    if request.method != "POST":
        form = ReportEditForm(initial=_report_initial(report))
        context = {"event": event, "report": report, "form": form}
        return render(request, "activities/reports/report_edit.html", context)
    form = ReportEditForm(request.POST)
    if form.is_valid():
        try:
            services.report_update(
                actor=cast(User, request.user),
                report=report,
                version=form.cleaned_data["version"],
                **_report_fields(form.cleaned_data),
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
            if error.code == "stale":
                # Show what the other person saved, with the reason this person's was not.
                fresh = selectors.report_for_event(event)
                assert fresh is not None
                form = ReportEditForm(initial=_report_initial(fresh))
                context = {"event": event, "report": fresh, "form": form, "notice": _errors(error)}
                return render(request, "activities/reports/report_edit.html", context, status=409)
        else:
            messages.success(request, _("The report is corrected."))
            return redirect("activities:report_file", slug=event.slug)
    context = {"event": event, "report": report, "form": form}
    return render(request, "activities/reports/report_edit.html", context, status=400)


@otp_required
@require_POST
def report_photo_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_reporter(user=request.user, slug=slug)
    report = selectors.report_for_event(event)
    if report is None:
        return redirect("activities:report_file", slug=event.slug)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.report_photos_add(
                actor=cast(User, request.user), report=report, photos=_photos(form)
            )
        except services.ReportError as error:
            form.add_error("photo", _errors(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s photo was added.", "%(count)s photos were added.", len(added))
                % {"count": len(added)},
            )
            return redirect("activities:report_file", slug=event.slug)
    context = {"event": event, "report": report, "photo_form": form}
    return render(request, "activities/reports/report.html", context, status=400)


@otp_required
@require_POST
def report_photo_consent(request: HttpRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_for_manager(user=request.user, pk=pk)
    form = PhotoConsentForm(request.POST)
    form.is_valid()
    services.report_photo_consent_set(
        actor=cast(User, request.user),
        photo=photo,
        consent=bool(form.cleaned_data.get("consent")),
    )
    messages.success(request, _("Saved."))
    return redirect("activities:report_file", slug=photo.report.event.slug)


@otp_required
@require_POST
def report_photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_for_manager(user=request.user, pk=pk)
    slug = photo.report.event.slug
    services.report_photo_delete(actor=cast(User, request.user), photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("activities:report_file", slug=slug)


@require_safe
def report_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = selectors.photo_for_viewer(user=request.user, pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    # A consented photo may be cached, briefly, so that withdrawn consent takes effect soon;
    # one only a manager sees must not be cached at all.
    public = photo.consent_to_publish and photo.report.event.is_public
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return response


# --- Media log -------------------------------------------------------------------------------


def _media_allowed(request: HttpRequest) -> None:
    if not selectors.can_keep_media_log(request.user):
        raise PermissionDenied


@never_cache
@otp_required
@require_safe
def media_list(request: HttpRequest) -> HttpResponse:
    _media_allowed(request)
    chapters = chapters_visible_to(request.user)
    form = MediaFilterForm(request.GET or None, chapters=chapters)
    filters = selectors.MediaFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.MediaFilters(
            medium=data["medium"],
            language=data["language"],
            chapter=data["chapter"],
            since=data["since"],
            until=data["until"],
        )
    items = list(selectors.media_items_visible_to(request.user, filters)[:500])
    return render(request, "activities/reports/media_list.html", {"form": form, "items": items})


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def media_new(request: HttpRequest) -> HttpResponse:
    _media_allowed(request)
    form = MediaItemForm(
        request.POST or None,
        request.FILES or None,
        chapters=chapters_visible_to(request.user),
        events=selectors.events_for_media(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.media_item_create(
                actor=cast(User, request.user),
                outlet=data["outlet"],
                medium=data["medium"],
                language=data["language"],
                published_on=data["published_on"],
                title=data["title"],
                link=data["link"],
                clipping=_read(data["clipping"]),
                spokesperson=data["spokesperson"],
                chapter=data["chapter"],
                event=data["event"],
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The coverage was added to the media log."))
            return redirect("activities:media_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/reports/media_form.html", {"form": form}, status=status)


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def media_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _media_allowed(request)
    item = selectors.media_item_for_viewer(user=request.user, pk=pk)
    fields = services.MEDIA_FIELDS
    form = MediaItemForm(
        request.POST or None,
        request.FILES or None,
        initial={name: getattr(item, name) for name in fields},
        chapters=chapters_visible_to(request.user),
        events=selectors.events_for_media(request.user),
        has_clipping=bool(item.clipping),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.media_item_update(
                actor=cast(User, request.user),
                item=item,
                clipping=_read(data["clipping"]),
                **{name: data[name] for name in fields},
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The coverage is corrected."))
            return redirect("activities:media_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "item": item}
    return render(request, "activities/reports/media_form.html", context, status=status)


@otp_required
@require_safe
def media_clipping(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.media_item_for_viewer(user=request.user, pk=pk)
    if not item.clipping:
        raise PermissionDenied
    # At most CLIPPING_MAX_BYTES; read whole, as otp_required wraps plain responses.
    with item.clipping.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=item.clipping_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Endorsements ----------------------------------------------------------------------------


@require_safe
def endorsements(request: HttpRequest) -> HttpResponse:
    items = list(selectors.endorsements_public())
    response = render(request, "activities/reports/endorsements.html", {"items": items})
    # Read live, and no cache on the way may keep it: withdrawn consent takes effect at once.
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def endorsements_manage(request: HttpRequest) -> HttpResponse:
    items = list(selectors.endorsements_for_coordinator(request.user))
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.endorsement_create(actor=cast(User, request.user), **data)
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The endorsement was recorded. Verify it to publish it."))
            return redirect("activities:endorsements_manage")
    status = 400 if request.method == "POST" else 200
    context = {"items": items, "form": form}
    return render(request, "activities/reports/endorsements_manage.html", context, status=status)


@otp_required
@require_POST
def endorsement_verify(request: HttpRequest, pk: int) -> HttpResponse:
    endorsement = selectors.endorsement_for_coordinator(user=request.user, pk=pk)
    services.endorsement_verify(actor=cast(User, request.user), endorsement=endorsement)
    messages.success(request, _("Marked as verified."))
    return redirect("activities:endorsements_manage")


def _endorsement_initial(endorsement: Endorsement) -> dict[str, Any]:
    initial = {name: getattr(endorsement, name) for name in services.ENDORSEMENT_FIELDS}
    initial["verified_by"] = endorsement.verified_by_id
    initial["version"] = services.endorsement_version(endorsement)
    return initial


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def endorsement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an endorsement or withdraw its consent: the coordinators who may record one."""
    endorsement = selectors.endorsement_for_coordinator(user=request.user, pk=pk)
    verifiers = selectors.endorsement_verifiers(endorsement=endorsement)
    if request.method != "POST":
        form = EndorsementEditForm(initial=_endorsement_initial(endorsement), verifiers=verifiers)
        context = {"endorsement": endorsement, "form": form}
        return render(request, "activities/reports/endorsement_edit.html", context)
    form = EndorsementEditForm(request.POST, verifiers=verifiers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.endorsement_update(
                actor=cast(User, request.user),
                endorsement=endorsement,
                version=data["version"],
                **{name: data[name] for name in services.ENDORSEMENT_FIELDS},
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
            if error.code == "stale":
                # Show what the other person saved, with the reason this person's was not.
                fresh = selectors.endorsement_for_coordinator(user=request.user, pk=pk)
                form = EndorsementEditForm(
                    initial=_endorsement_initial(fresh),
                    verifiers=selectors.endorsement_verifiers(endorsement=fresh),
                )
                context = {"endorsement": fresh, "form": form, "notice": _errors(error)}
                return render(
                    request, "activities/reports/endorsement_edit.html", context, status=409
                )
        else:
            messages.success(request, _("The endorsement is corrected."))
            return redirect("activities:endorsements_manage")
    context = {"endorsement": endorsement, "form": form}
    return render(request, "activities/reports/endorsement_edit.html", context, status=400)


# --- Partners --------------------------------------------------------------------------------


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def partners(request: HttpRequest) -> HttpResponse:
    items = list(selectors.partners_for_coordinator(request.user))
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=cast(User, request.user), **form.cleaned_data)
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The partner was added."))
            return redirect("activities:partner_detail", pk=partner.pk)
    status = 400 if request.method == "POST" else 200
    context = {"items": items, "form": form}
    return render(request, "activities/reports/partners.html", context, status=status)


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_for_coordinator(user=request.user, pk=pk)
    initial = {name: getattr(partner, name) for name in ("name", "kind", "website", "notes")}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                actor=cast(User, request.user), partner=partner, **form.cleaned_data
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The partner is corrected."))
            return redirect("activities:partner_detail", pk=partner.pk)
    status = 400 if request.method == "POST" else 200
    context = {"partner": partner, "form": form}
    return render(request, "activities/reports/partner_edit.html", context, status=status)


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_for_editor(user=request.user, pk=pk)
    initial = {name: getattr(engagement, name) for name in ("kind", "happened_on", "notes")}
    initial["chapter"] = engagement.chapter_id
    form = EngagementForm(
        request.POST or None, initial=initial, chapters=chapters_visible_to(request.user)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["chapter"] is None
        and not is_country_coordinator(request.user)
    ):
        # He could not correct it again afterwards: national entries are the country
        # coordinator's (selectors.engagement_for_editor).
        form.add_error(
            "chapter",
            _("Choose one of your chapters; national engagements are the country coordinator's."),
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_engagement_update(
                actor=cast(User, request.user), engagement=engagement, **form.cleaned_data
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The engagement is corrected."))
            return redirect("activities:partner_detail", pk=engagement.partner_id)
    status = 400 if request.method == "POST" else 200
    context = {"partner": engagement.partner, "engagement": engagement, "form": form}
    return render(request, "activities/reports/engagement_edit.html", context, status=status)


@never_cache
@otp_required
@require_http_methods(["GET", "POST"])
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_for_coordinator(user=request.user, pk=pk)
    form = EngagementForm(request.POST or None, chapters=chapters_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_engagement_record(
                actor=cast(User, request.user), partner=partner, **form.cleaned_data
            )
        except services.ReportError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The engagement was recorded."))
            return redirect(reverse("activities:partner_detail", kwargs={"pk": partner.pk}))
    engagements = list(selectors.partner_engagements(user=request.user, partner=partner))
    status = 400 if request.method == "POST" else 200
    context = {
        "partner": partner,
        "engagements": engagements,
        "editable": selectors.engagements_editable_by(request.user, engagements),
        "form": form,
    }
    return render(request, "activities/reports/partner_detail.html", context, status=status)

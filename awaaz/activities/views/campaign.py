"""The campaign pages: live progress and leaderboard (public), the end-of-campaign report.

The public sees the progress page and the report summary (totals by province, the
leaderboard). The country coordinator, with a verified second factor, also sees the full
report: every event held, the media list and the consented photos, as printable HTML, as a PDF
(WeasyPrint, Urdu shaped by Pango with the local Noto fonts) and as an XLSX workbook.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from awaaz.activities.models import CampaignPeriod
from awaaz.activities.selectors import campaign as selectors
from awaaz.activities.services.campaign import campaign_report_export_record
from awaaz.core.models import User
from awaaz.core.otp import otp_required
from awaaz.movement.services.imports import cell_safe
from awaaz.places.models import Province

PRINT_CSS = "activities/campaign_print.css"


@require_safe
def campaign(request: HttpRequest) -> HttpResponse:
    period = selectors.campaign_current()
    if period is None:
        return render(request, "activities/campaign/none.html", status=404)
    return _progress_page(request, period)


@require_safe
def campaign_period(request: HttpRequest, slug: str) -> HttpResponse:
    return _progress_page(request, selectors.campaign_get(slug=slug))


def _progress_page(request: HttpRequest, period: CampaignPeriod) -> HttpResponse:
    context = {
        "progress": selectors.campaign_progress(period),
        "today": timezone.localdate(),
    }
    return render(request, "activities/campaign/progress.html", context)


@require_safe
def campaign_report(request: HttpRequest, slug: str) -> HttpResponse:
    period = selectors.campaign_get(slug=slug)
    context = {
        "progress": selectors.campaign_progress(period),
        "full_allowed": selectors.can_see_full_report(request.user),
        "report_provinces": list(selectors.provinces_for_report(request.user)),
    }
    return render(request, "activities/campaign/report.html", context)


def _full_context(request: HttpRequest, slug: str, province: str = "") -> dict[str, Any]:
    """The full report: national (country coordinator), or one province's (its coordinator or
    the country coordinator). High-risk chapters' events and coverage are named only to the
    country coordinator; a provincial report counts them in its totals, like the public page."""
    if province:
        scope: Province | None = selectors.province_for_report(user=request.user, slug=province)
    elif selectors.can_see_full_report(request.user):
        scope = None
    else:
        raise PermissionDenied
    period = selectors.campaign_get(slug=slug)
    progress = selectors.campaign_progress(period)
    if scope is not None:
        progress = selectors.progress_for_province(progress, scope)
    high_risk = selectors.can_see_full_report(request.user)
    return {
        "progress": progress,
        "province": scope,
        "events": list(selectors.report_events(period, province=scope, high_risk=high_risk)),
        "media": list(selectors.report_media(period, province=scope, high_risk=high_risk)),
        "photos": list(selectors.report_photos(period, province=scope, high_risk=high_risk)),
        "generated_at": timezone.localtime(),
    }


def _file_name(context: dict[str, Any], extension: str) -> str:
    province = context["province"]
    parts = [context["progress"].period.slug, *([province.slug] if province else [])]
    return f"{'-'.join(parts)}-{translation.get_language()}.{extension}"


@never_cache
@require_safe
@otp_required
def campaign_report_full(request: HttpRequest, slug: str, province: str = "") -> HttpResponse:
    context = _full_context(request, slug, province)
    return render(request, "activities/campaign/report_full.html", context)


@never_cache
@require_safe
@otp_required
def campaign_report_pdf(request: HttpRequest, slug: str, province: str = "") -> HttpResponse:
    context = _full_context(request, slug, province)
    pdf = report_pdf(context)
    _record_export(request, context, "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _file_name(context, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@require_safe
@otp_required
def campaign_report_xlsx(request: HttpRequest, slug: str, province: str = "") -> HttpResponse:
    context = _full_context(request, slug, province)
    _record_export(request, context, "xlsx")
    response = HttpResponse(
        report_xlsx(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _file_name(context, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _record_export(request: HttpRequest, context: dict[str, Any], fmt: str) -> None:
    assert isinstance(request.user, User)  # otp_required let only a signed-in person through
    campaign_report_export_record(
        actor=request.user,
        period=context["progress"].period,
        fmt=fmt,
        province=context["province"],
    )


# --- PDF -------------------------------------------------------------------------------------


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT).resolve()]
    css = finders.find(PRINT_CSS)
    if isinstance(css, str):
        roots.append(Path(css).resolve().parent)
    return roots


def local_url_fetcher() -> Any:
    """A WeasyPrint fetcher that reads our own files (the print stylesheet, stored photos) only.

    Any other URL (http, https, data, a file elsewhere) is refused, so a report can never make
    the server fetch from the network or read a file outside media and our static folder.
    """
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc] # WeasyPrint ships no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if any(path.is_relative_to(root) for root in _allowed_roots()):
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]!r}: only local report files")

    return LocalOnlyFetcher(allowed_protocols={"file"}, allow_redirects=False)


def report_pdf(context: dict[str, Any]) -> bytes:
    """The full report as PDF bytes, in the active language (lang and dir set on <html>)."""
    from weasyprint import CSS, HTML

    photos = [
        {"uri": Path(photo.image.path).resolve().as_uri(), "photo": photo}
        for photo in context["photos"]
        if photo.image and Path(photo.image.path).exists()
    ]
    html = render_to_string(
        "activities/campaign/report_pdf.html", {**context, "pdf_photos": photos, "pdf": True}
    )
    css_path = finders.find(PRINT_CSS)
    assert isinstance(css_path, str), "the print stylesheet ships with the app"
    fetcher = local_url_fetcher()
    document = HTML(string=html, base_url=Path(css_path).parent.as_uri(), url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[CSS(filename=css_path, url_fetcher=fetcher)])
    assert isinstance(pdf, bytes)
    return pdf


# --- XLSX ------------------------------------------------------------------------------------


def report_xlsx(context: dict[str, Any]) -> bytes:
    """The full report as a workbook; every text cell defused against formula injection."""
    from openpyxl import Workbook

    progress: selectors.Progress = context["progress"]
    book = Workbook()
    totals = book.active
    assert totals is not None
    totals.title = _("Totals")[:31]
    header = [_("Province or territory")]
    for key in selectors.MEASURES:
        label = selectors.measure_label(key)
        header += [label, _("%(measure)s target") % {"measure": label}]
    totals.append([cell_safe(h) for h in header])
    if progress.scope:
        rows = [(progress.scope, progress.national)]
    else:
        rows = [(_("Pakistan"), progress.national)]
        rows += [(p.name, p.figures) for p in progress.provinces]
    for name, figures in rows:
        line: list[object] = [cell_safe(name)]
        for f in figures:
            line += [f.actual if f.counted else cell_safe(_("not yet counted")), f.target]
        totals.append(line)

    board = book.create_sheet(_("Leaderboard")[:31])
    board.append(
        [cell_safe(h) for h in [_("Rank"), _("Chapter"), _("Province or territory")]]
        + [cell_safe(selectors.measure_label(k)) for k in selectors.MEASURES]
    )
    for row in progress.leaderboard:
        board.append(
            [row.rank, cell_safe(row.name), cell_safe(row.province)]
            + [f.actual for f in row.figures]
        )

    events = book.create_sheet(_("Events")[:31])
    events.append(
        [
            cell_safe(h)
            for h in (
                _("Date"),
                _("Title"),
                _("Type"),
                _("Chapter"),
                _("District"),
                _("Province or territory"),
                _("Public"),
                _("Attendance"),
            )
        ]
    )
    for event in context["events"]:
        report = getattr(event, "report", None)
        events.append(
            [
                timezone.localtime(event.starts_at).date(),
                cell_safe(event.title),
                cell_safe(event.get_kind_display()),
                cell_safe(event.chapter.name),
                cell_safe(event.district.name),
                cell_safe(event.district.province.name),
                cell_safe(_("yes") if event.is_public else _("no")),
                report.total if report is not None else None,
            ]
        )

    media = book.create_sheet(_("Media")[:31])
    media.append(
        [
            cell_safe(h)
            for h in (
                _("Date"),
                _("Outlet"),
                _("Medium"),
                _("Language"),
                _("Title"),
                _("Link"),
                _("Chapter"),
            )
        ]
    )
    for item in context["media"]:
        chapter = item.chapter or (item.event.chapter if item.event else None)
        media.append(
            [
                item.published_on,
                cell_safe(item.outlet),
                cell_safe(item.get_medium_display()),
                cell_safe(item.get_language_display()),
                cell_safe(item.title),
                cell_safe(item.link),
                cell_safe(chapter.name if chapter else ""),
            ]
        )

    photos = book.create_sheet(_("Photos")[:31])
    photos.append([cell_safe(h) for h in (_("Event"), _("Caption"), _("File"))])
    for photo in context["photos"]:
        photos.append(
            [
                cell_safe(photo.report.event.title),
                cell_safe(photo.caption),
                cell_safe(Path(photo.image.name).name),
            ]
        )

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The end-of-campaign report as PDF (read back with poppler: text layer and page images) and
as XLSX (read back with openpyxl). Needs Debian's poppler-utils (`pdftotext`, `pdftoppm`)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from awaaz.activities.models import EventReport, ReportPhoto
from awaaz.activities.tests.test_campaign_progress import CampaignData
from awaaz.activities.views.campaign import local_url_fetcher
from awaaz.core.models import AuditEvent


def url(name: str, language: str = "en", **kwargs: str) -> str:
    with translation.override(language):
        return reverse(f"activities:{name}", kwargs=kwargs)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is missing: install Debian's poppler-utils (apt-get install poppler-utils)"
        )
    return path


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(  # noqa: S603 - a fixed local tool, our own PDF on stdin
        [poppler("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_first_page(pdf: bytes) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - a fixed local tool and a temporary file we wrote
            [
                poppler("pdftoppm"),
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(source),
                f"{tmp}/page",
            ],
            check=True,
            capture_output=True,
        )
        pages = sorted(Path(tmp).glob("page*.png"))
        assert pages, "pdftoppm made no image"
        image = Image.open(pages[0])
        image.load()
        return image


def ink_share(image: Image.Image) -> float:
    """Share of pixels that are not (near) white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    dark = sum(histogram[:200])
    return dark / (grey.width * grey.height)


class PdfTests(CampaignData):
    def pdf(self, language: str) -> bytes:
        client = self.verified_client_for(self.coordinator)
        response = client.get(url("campaign_report_pdf", language, slug=self.period.slug))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert AuditEvent.objects.filter(
            action="campaign.report_export", actor=self.coordinator, detail={"format": "pdf"}
        ).exists()
        return response.content

    def test_english_pdf_shows_english_and_urdu_headings(self) -> None:
        pdf = self.pdf("en")
        text = pdf_text(pdf)
        assert "Report: 16 Days of Activism 2025" in text
        assert "Campus talk on consent" in text
        # The Urdu name of the campaign, shaped by Pango, comes back as Urdu letters.
        assert "روزہ" in text
        assert ink_share(pdf_first_page(pdf)) > 0.01

    def test_urdu_pdf_is_urdu(self) -> None:
        pdf = self.pdf("ur")
        text = pdf_text(pdf)
        assert "صنفی تشدد" in text
        assert "16 Days of Activism 2025" in text  # the English name, as a subtitle
        assert "لاہور نہر چیپٹر" in text
        page = pdf_first_page(pdf)
        assert ink_share(page) > 0.01
        # Right-to-left: the ink of the first lines sits towards the right edge.
        top = page.crop((0, 0, page.width, page.height // 5)).convert("L")
        left = top.crop((0, 0, top.width // 2, top.height))
        right = top.crop((top.width // 2, 0, top.width, top.height))
        assert ink_share(right) > ink_share(left)

    def test_the_pdf_fetcher_refuses_the_network_and_other_files(self) -> None:
        fetcher = local_url_fetcher()
        for refused in (
            "https://example.org/font.woff",
            "http://127.0.0.1/",
            "file:///etc/passwd",
            "data:text/css,body{}",
            "file:///work/../etc/hostname",
        ):
            with pytest.raises(ValueError, match="refused"):
                fetcher.fetch(refused)
        css = finders.find("activities/campaign_print.css")
        assert isinstance(css, str)
        response = fetcher.fetch(Path(css).resolve().as_uri())
        try:
            assert b"@page" in response.read()
        finally:
            response.close()


class XlsxTests(CampaignData):
    def test_workbook_has_totals_events_and_media_and_defuses_formulas(self) -> None:
        client = self.verified_client_for(self.coordinator)
        response = client.get(url("campaign_report_xlsx", slug=self.period.slug))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Totals", "Leaderboard", "Events", "Media", "Photos"]
        totals = list(book["Totals"].iter_rows(values_only=True))
        assert totals[1][:3] == ("Pakistan", 6, 7)
        assert {row[0] for row in totals[2:]} == {"Punjab", "Islamabad Capital Territory"} or len(
            totals
        ) == 4
        events = list(book["Events"].iter_rows(values_only=True))
        assert len(events) == 1 + 6
        assert "Closed training for officials" in {row[1] for row in events}
        media = list(book["Media"].iter_rows(values_only=True))
        titles = {row[4] for row in media[1:]}
        assert '\'=HYPERLINK("http://evil.example")' in titles
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate)
        board = list(book["Leaderboard"].iter_rows(values_only=True))
        assert [row[1] for row in board[1:]] == ["Lahore Canal Chapter", "Multan Fort Chapter"]


class PhotoTests(CampaignData):
    """Consented photos appear in the full report and are embedded in the PDF; others never."""

    def setUp(self) -> None:
        super().setUp()
        media_dir = tempfile.TemporaryDirectory()
        self.addCleanup(media_dir.cleanup)
        override = override_settings(MEDIA_ROOT=media_dir.name)
        override.enable()
        self.addCleanup(override.disable)
        report = EventReport.objects.get(event=self.lahore_first)
        for caption, consent, colour in (
            ("Students at the banner", True, (122, 31, 61)),
            ("Faces of the audience", False, (31, 61, 122)),
        ):
            buffer = io.BytesIO()
            Image.new("RGB", (120, 80), colour).save(buffer, "PNG")
            photo = ReportPhoto(
                report=report, width=120, height=80, caption=caption, consent_to_publish=consent
            )
            photo.image.save(f"{colour[0]}.png", ContentFile(buffer.getvalue()), save=False)
            photo.save()

    def test_full_report_shows_only_consented_photos(self) -> None:
        client = self.verified_client_for(self.coordinator)
        html = client.get(url("campaign_report_full", slug=self.period.slug)).content.decode()
        assert "Students at the banner" in html
        assert "Faces of the audience" not in html

    def test_pdf_embeds_the_consented_photo_only(self) -> None:
        client = self.verified_client_for(self.coordinator)
        pdf = client.get(url("campaign_report_pdf", slug=self.period.slug)).content
        text = pdf_text(pdf)
        assert "Students at the banner" in text
        assert "Faces of the audience" not in text
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "report.pdf"
            source.write_bytes(pdf)
            listing = subprocess.run(  # noqa: S603 - a fixed local tool and a file we wrote
                [poppler("pdfimages"), "-list", str(source)],
                capture_output=True,
                check=True,
            )
        # Two header lines, then one line per image drawn.
        images = [line for line in listing.stdout.decode().splitlines()[2:] if line.strip()]
        assert len(images) == 1
        assert " 120 " in images[0]  # the photo's width

"""Importing members and chapters from CSV and XLSX: preview, row errors, dedupe, all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from awaaz.core.models import AuditEvent
from awaaz.core.otp import otp_verify_client
from awaaz.core.testing import PersonasTestCase
from awaaz.movement.models import Chapter, Member
from awaaz.movement.services import imports
from awaaz.places.models import District, Province

HEADER = "name,email,phone,district,chapter,language\n"


def make_places() -> District:
    province = Province.objects.create(
        code="PK-PB", slug="punjab", name_en="Punjab", name_ur="پنجاب", kind="province"
    )
    return District.objects.create(
        code="pb-lahore",
        province=province,
        name_en="Lahore",
        name_ur="لاہور",
        roman=["Lahor"],
    )


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportServiceTests(PersonasTestCase):
    lahore: ClassVar[District]
    chapter: ClassVar[Chapter]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lahore = make_places()
        cls.chapter = Chapter.objects.create(
            slug="lahore-city",
            name_en="Lahore City",
            name_ur="لاہور شہر",
            kind="city",
            district=cls.lahore,
        )
        Member.objects.create(
            display_name="Known", email="known@example.org", phone="+923000000500"
        )

    def preview(self, text: str, *, encoding: str = "utf-8", kind: str = "members") -> Any:
        return imports.import_preview(kind=kind, data=text.encode(encoding), filename="m.csv")

    def test_a_clean_file_previews_without_saving(self) -> None:
        preview = self.preview(
            HEADER + "Ali Raza,ali@example.org,0300 0000501,Lahore,lahore-city,ur\n"
            "علی رضا,,03000000502,لاہور,,en\n"
        )
        assert preview.ok
        assert [r["phone"] for r in preview.rows] == ["+923000000501", "+923000000502"]
        assert preview.rows[0]["home_chapter"] == self.chapter
        assert preview.rows[1]["district"] == self.lahore
        assert Member.objects.count() == 1

    def test_encodings_from_excel(self) -> None:
        text = HEADER + "عمر فاروق,omar@example.org,,Lahore,,ur\n"
        for encoding in ("utf-8-sig", "utf-16"):
            preview = self.preview(text, encoding=encoding)
            assert preview.ok, encoding
            assert preview.rows[0]["display_name"] == "عمر فاروق"
        # Excel's "Unicode text": UTF-16 with tabs.
        tabbed = text.replace(",", "\t")
        preview = self.preview(tabbed, encoding="utf-16")
        assert preview.ok
        assert preview.rows[0]["email"] == "omar@example.org"

    def test_a_latin1_file_is_refused_with_advice(self) -> None:
        with pytest.raises(imports.ImportFileError, match="CSV UTF-8"):
            imports.import_preview(
                kind="members",
                data=(HEADER + "Jos\xe9,j@example.org,,,,\n").encode("latin-1"),
                filename="m.csv",
            )

    def test_wrong_columns_are_named(self) -> None:
        preview = self.preview("full name,city\nAli,Lahore\n")
        assert not preview.ok
        assert "email / phone" in preview.problems[0].message
        assert "city" in preview.ignored_columns

    def test_row_problems_in_plain_words(self) -> None:
        preview = self.preview(
            HEADER + "A,not-an-email,,,,\n"
            "B,,+44 20 7946 0958,,,\n"
            "C,c@example.org,,Atlantis,,\n"
            "D,d@example.org,,,no-such-chapter,\n"
            "E\u202eX,e@example.org,,,,\n"
            "F,,,,,\n"
        )
        by_row = {p.row: p for p in preview.problems}
        assert "not complete" in by_row[2].message
        assert "Pakistani" in by_row[3].message
        assert "Atlantis" in by_row[4].message
        assert "no-such-chapter" in by_row[5].message
        assert "reverses the direction" in by_row[6].message
        assert "email address or a phone" in by_row[7].message

    def test_duplicates_in_file_and_database_are_skipped(self) -> None:
        preview = self.preview(
            HEADER + "New,new@example.org,03000000510,,,\n"
            "Again,NEW@example.org,,,,\n"
            "Same phone,,+92 300 0000510,,,\n"
            "Known,,0300-0000500,,,\n"
        )
        assert preview.ok
        assert len(preview.rows) == 1
        reasons = {s.row: s.reason for s in preview.skipped}
        assert "row 2" in reasons[3]
        assert "row 2" in reasons[4]
        assert "Already a member" in reasons[5]

    def test_email_and_phone_of_two_different_members_is_a_problem(self) -> None:
        Member.objects.create(email="second@example.org")
        preview = self.preview(HEADER + "X,second@example.org,03000000500,,,\n")
        assert not preview.ok

    def test_formula_payloads_stay_plain_text(self) -> None:
        payload = '=HYPERLINK("http://evil.example","x")'
        data = xlsx(
            [
                ["name", "email"],
                [payload, "f@example.org"],
                ["@SUM(1+1)", "g@example.org"],
            ]
        )
        result = imports.import_apply(kind="members", data=data, filename="m.xlsx", actor=None)
        assert result.applied
        assert Member.objects.get(email="f@example.org").display_name == payload
        assert Member.objects.get(email="g@example.org").display_name == "@SUM(1+1)"

    def test_xlsx_phone_numbers_that_lost_their_zero(self) -> None:
        data = xlsx([["Name", "Mobile"], ["Saad", 3000000520]])
        preview = imports.import_preview(kind="members", data=data, filename="m.xlsx")
        assert preview.rows[0]["phone"] == "+923000000520"

    def test_urdu_names_are_stored_in_nfc(self) -> None:
        decomposed = "آ"  # ALEF + MADDA ABOVE, two code points
        assert len("\u0627\u0653") == 2
        preview = self.preview(HEADER + "\u0627\u0653صف,asif@example.org,,,,\n")
        assert preview.rows[0]["display_name"] == decomposed + "صف"

    def test_a_failed_import_changes_nothing(self) -> None:
        before = Member.objects.count()
        with pytest.raises(imports.ImportRefusedError):
            imports.import_apply(
                kind="members",
                data=(HEADER + "Ok,ok@example.org,,,,\nBad,bad@,,,,\n").encode(),
                filename="m.csv",
                actor=None,
            )
        assert Member.objects.count() == before
        assert not AuditEvent.objects.filter(action="members.imported").exists()

    def test_oversized_and_old_excel_files(self) -> None:
        with pytest.raises(imports.ImportFileError, match="larger"):
            imports.import_preview(
                kind="members", data=b"a" * (imports.MAX_IMPORT_BYTES + 1), filename="m.csv"
            )
        with pytest.raises(imports.ImportFileError, match=r"\.xls"):
            imports.import_preview(
                kind="members", data=b"\xd0\xcf\x11\xe0" + b"\0" * 100, filename="m.xls"
            )

    def test_chapters_import(self) -> None:
        text = (
            "slug,name_en,name_ur,kind,district,status,launched_on,high_risk\n"
            "lahore-uni,Lahore University,لاہور یونیورسٹی,university,pb-lahore,launched,"
            "25/11/2024,no\n"
            "lahore-city,Lahore City,لاہور شہر,city,Lahore,active,,\n"
            "bad slug,X,ایکس,village,Nowhere,sleeping,soon,maybe\n"
        )
        preview = self.preview(text, kind="chapters")
        by_column = {p.column for p in preview.problems if p.row == 4}
        assert {"slug", "kind", "district", "status", "launched_on", "high_risk"} <= by_column
        good = "\n".join(text.splitlines()[:3]) + "\n"
        result = imports.import_apply(
            kind="chapters", data=good.encode(), filename="c.csv", actor=self.coordinator
        )
        assert [r["slug"] for r in result.rows] == ["lahore-uni"]
        chapter = Chapter.objects.get(slug="lahore-uni")
        assert chapter.launched_on is not None
        assert chapter.launched_on.isoformat() == "2024-11-25"
        event = AuditEvent.objects.get(action="chapters.imported")
        assert event.detail == {"rows": 1, "skipped": 1}

    def test_command_dry_run_and_apply(self) -> None:
        path = Path(self._testMethodName + ".csv")
        tmp = Path("var/test") / path
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(HEADER + "Cmd,cmd@example.org,,,,\n", encoding="utf-8")
        try:
            out = io.StringIO()
            call_command("movement_account_import", str(tmp), kind="members", stdout=out)
            assert "dry run: 1 new" in out.getvalue()
            assert not Member.objects.filter(email="cmd@example.org").exists()
            call_command(
                "movement_account_import", str(tmp), kind="members", apply=True, stdout=out
            )
            assert Member.objects.filter(email="cmd@example.org").exists()
            tmp.write_text(HEADER + "Bad,bad@,,,,\n", encoding="utf-8")
            with pytest.raises(CommandError, match="nothing was imported"):
                call_command(
                    "movement_account_import", str(tmp), kind="members", apply=True, stdout=out
                )
        finally:
            tmp.unlink()


class ImportPageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_places()

    def upload(self, client: Client, text: str, *, apply: bool = False, lang: str = "en") -> Any:
        data: dict[str, Any] = {
            "kind": "members",
            "file": SimpleUploadedFile("m.csv", text.encode(), content_type="text/csv"),
        }
        if apply:
            data["apply"] = "on"
        return client.post(f"/{lang}/movement/import/", data)

    def test_coordinator_previews_then_imports(self) -> None:
        client = Client()
        otp_verify_client(client, self.coordinator)
        text = HEADER + "Hamza,hamza@example.org,,Lahore,,\n"
        response = self.upload(client, text)
        assert response.status_code == 200
        assert "nothing has been saved" in response.content.decode()
        assert not Member.objects.filter(email="hamza@example.org").exists()
        response = self.upload(client, text, apply=True)
        assert response.status_code == 200
        assert Member.objects.filter(email="hamza@example.org").exists()

    def test_row_errors_are_shown_and_nothing_saved(self) -> None:
        client = Client()
        otp_verify_client(client, self.coordinator)
        response = self.upload(client, HEADER + "A,a@example.org,,,,\nB,b@,,,,\n", apply=True)
        assert response.status_code == 400
        assert "not complete" in response.content.decode()
        assert Member.objects.count() == 0

    def test_refusals(self) -> None:
        # Signed out, or signed in without a second factor: sent to sign in or two-factor first.
        assert Client().get(reverse("movement:import")).status_code == 302
        unverified = self.client_for(self.coordinator)
        response = self.upload(unverified, HEADER + "Z,z@example.org,,,,\n", apply=True)
        assert response.status_code == 302
        assert "two-factor" in response["Location"]
        # With a second factor but not a country coordinator: refused.
        for persona in (self.outsider, self.other_focal_person, self.focal_person):
            client = Client()
            otp_verify_client(client, persona)
            assert client.get(reverse("movement:import")).status_code == 403
            response = self.upload(client, HEADER + "Z,z@example.org,,,,\n", apply=True)
            assert response.status_code == 403
        assert Member.objects.count() == 0

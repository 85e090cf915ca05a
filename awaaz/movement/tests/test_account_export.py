"""Permission-scoped member exports, safe against formula injection, audited."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any, ClassVar

import openpyxl
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awaaz.core.models import AuditEvent, User
from awaaz.core.otp import otp_verify_client
from awaaz.core.testing import PersonasTestCase
from awaaz.movement.models import Chapter, ChapterRole, Member, ProvinceRole
from awaaz.places.models import District, Province


def _chapter(slug: str, district: District, *, high_risk: bool = False) -> Chapter:
    return Chapter.objects.create(
        slug=slug,
        name_en=slug.replace("-", " ").title(),
        name_ur="چیپٹر",
        kind="city",
        district=district,
        status="active",
        high_risk=high_risk,
    )


class ExportTests(PersonasTestCase):
    lahore: ClassVar[Chapter]
    multan: ClassVar[Chapter]
    karachi: ClassVar[Chapter]
    risky: ClassVar[Chapter]
    provincial: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        punjab = Province.objects.create(
            code="PK-PB", slug="punjab", name_en="Punjab", name_ur="پنجاب", kind="province"
        )
        sindh = Province.objects.create(
            code="PK-SD", slug="sindh", name_en="Sindh", name_ur="سندھ", kind="province"
        )
        lahore = District.objects.create(
            code="pb-lahore", province=punjab, name_en="Lahore", name_ur="لاہور"
        )
        multan = District.objects.create(
            code="pb-multan", province=punjab, name_en="Multan", name_ur="ملتان"
        )
        karachi = District.objects.create(
            code="sd-karachi-south", province=sindh, name_en="Karachi South", name_ur="کراچی"
        )
        cls.lahore = _chapter("lahore-city", lahore)
        cls.multan = _chapter("multan-city", multan)
        cls.karachi = _chapter("karachi-city", karachi)
        cls.risky = _chapter("risky-district", multan, high_risk=True)
        for chapter, names in [
            (cls.lahore, ["=cmd|' /C calc'!A0", "Ali Lahori"]),
            (cls.multan, ["Usman Multani"]),
            (cls.karachi, ["Saad Karachiwala"]),
            (cls.risky, ["Hidden Person"]),
        ]:
            for name in names:
                Member.objects.create(
                    display_name=name,
                    email=f"{name.split()[-1].lower()[:8]}{Member.objects.count()}@example.org",
                    home_chapter=chapter,
                    district=chapter.district,
                )
        Member.objects.create(display_name="No Chapter", phone="+923000000600")
        today = timezone.localdate()
        start = today - datetime.timedelta(days=10)
        for persona, chapter in [
            (cls.focal_person, cls.lahore),
            (cls.other_focal_person, cls.karachi),
        ]:
            leader = Member.objects.create(
                user=persona, email=f"{persona.username}@example.org", display_name="Leader"
            )
            ChapterRole.objects.create(
                chapter=chapter, member=leader, kind="focal_person", starts_on=start
            )
        cls.provincial = User.objects.create_user(username="punjab_coordinator", is_staff=True)
        ProvinceRole.objects.create(user=cls.provincial, province=punjab, starts_on=start)

    def _client(self, user: User) -> Client:
        client = Client()
        otp_verify_client(client, user)
        return client

    def _export(self, user: User, chapter: str = "", fmt: str = "csv") -> Any:
        return self._client(user).post(
            reverse("movement:export"), {"chapter": chapter, "format": fmt}
        )

    def _names(self, response: Any) -> set[str]:
        assert response.status_code == 200, response.content[:300]
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        return {row["name"] for row in rows}

    def test_country_coordinator_exports_everyone_but_high_risk(self) -> None:
        names = self._names(self._export(self.coordinator))
        assert "Usman Multani" in names
        assert "Saad Karachiwala" in names
        assert "No Chapter" in names
        assert "Hidden Person" not in names

    def test_provincial_coordinator_exports_the_province(self) -> None:
        names = self._names(self._export(self.provincial))
        assert "Ali Lahori" in names
        assert "Usman Multani" in names
        assert "Saad Karachiwala" not in names
        assert "Hidden Person" not in names
        assert "No Chapter" not in names

    def test_focal_person_exports_only_his_chapter(self) -> None:
        names = self._names(self._export(self.focal_person))
        assert "Ali Lahori" in names
        assert "Usman Multani" not in names
        assert "Saad Karachiwala" not in names
        assert self._names(self._export(self.focal_person, "lahore-city")) >= {"Ali Lahori"}

    def test_focal_person_of_another_chapter_is_refused(self) -> None:
        response = self._export(self.other_focal_person, "lahore-city")
        assert response.status_code == 403
        assert b"Ali Lahori" not in response.content

    def test_high_risk_chapter_is_refused_even_for_the_country_coordinator(self) -> None:
        response = self._export(self.coordinator, "risky-district")
        assert response.status_code == 403
        assert "high-risk" in response.content.decode()
        assert b"Hidden Person" not in response.content

    def test_outsider_and_signed_out_are_refused(self) -> None:
        assert Client().get(reverse("movement:export")).status_code == 302
        unverified = self.client_for(self.coordinator).post(
            reverse("movement:export"), {"chapter": "", "format": "csv"}
        )
        assert unverified.status_code == 302
        assert "two-factor" in unverified["Location"]
        assert self._client(self.outsider).get(reverse("movement:export")).status_code == 403
        assert self._export(self.outsider).status_code == 403
        assert self._export(self.member).status_code == 403
        assert not AuditEvent.objects.filter(action="members.export").exists()

    def test_formula_cells_are_defused_in_csv_and_xlsx(self) -> None:
        names = self._names(self._export(self.focal_person))
        assert "'=cmd|' /C calc'!A0" in names
        response = self._export(self.focal_person, fmt="xlsx")
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'=cmd|' /C calc'!A0" in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    def test_export_is_audited_with_the_count_only(self) -> None:
        self._export(self.focal_person, "lahore-city")
        event = AuditEvent.objects.get(action="members.export")
        assert event.actor == self.focal_person
        assert event.detail == {"rows": 2, "format": "csv"}
        assert event.object_id == str(self.lahore.pk)
        assert "@" not in str(event.detail)

    def test_urdu_page(self) -> None:
        response = self._client(self.coordinator).get("/ur/movement/export/")
        assert response.status_code == 200
        assert 'dir="rtl"' in response.content.decode()

    def test_admin_shows_a_focal_person_only_his_chapter_and_audits_the_read(self) -> None:
        url = reverse("admin:movement_member_changelist")
        page = self._client(self.focal_person).get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Ali Lahori" in text
        assert "Usman Multani" not in text
        assert "Saad Karachiwala" not in text
        assert AuditEvent.objects.filter(
            action="members.admin_list_read", actor=self.focal_person
        ).exists()
        other = Member.objects.get(display_name="Usman Multani")
        change = reverse("admin:movement_member_change", args=[other.pk])
        assert self._client(self.focal_person).get(change).status_code in (302, 403, 404)
        assert self._client(self.outsider).get(url).status_code in (302, 403)
        hidden = self._client(self.provincial).get(url).content.decode()
        assert "Hidden Person" not in hidden

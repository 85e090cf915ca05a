"""Official figures: the seed loads once (running it again changes nothing), a CSV import is
all-or-nothing with row numbers in its errors, and the public page shows each figure with its
source and definition, in English and Urdu, without ever mixing them into incident counts."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awaaz.evidence.models import Incident, OfficialFigure
from awaaz.places.models import Province

pytestmark = pytest.mark.django_db

HEADER = (
    "publisher,source,url,area_level,province,period_start,period_end,category,definition,"
    "value,unit,notes\n"
)


@pytest.fixture
def provinces() -> None:
    for code, slug, name, name_ur in (
        ("PK-PB", "punjab", "Punjab", "پنجاب"),
        ("PK-SD", "sindh", "Sindh", "سندھ"),
        ("PK-KP", "khyber-pakhtunkhwa", "Khyber Pakhtunkhwa", "خیبر پختونخوا"),
    ):
        Province.objects.create(
            code=code, slug=slug, name_en=name, name_ur=name_ur, kind="province"
        )


def test_seed_loads_sahil_boys_and_girls_and_is_idempotent(
    provinces: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("evidence_official_load")
    first = OfficialFigure.objects.count()
    assert first > 50
    boys_2018 = OfficialFigure.objects.get(
        publisher="Sahil", period_start__year=2018, category="Boys"
    )
    assert boys_2018.value == 2094
    assert "up to 18" in boys_2018.definition
    ssdo_punjab = OfficialFigure.objects.get(
        category="Rapes", province__code="PK-PB", period_start__year=2024
    )
    assert ssdo_punjab.value == 4641
    assert OfficialFigure.objects.get(category="Rape conviction rate").unit == "percent"
    call_command("evidence_official_load")
    assert OfficialFigure.objects.count() == first
    assert "0 added, 0 updated" in capsys.readouterr().out.splitlines()[-1]
    assert not Incident.objects.exists()  # figures are never incidents


def test_csv_import_adds_rows_and_refuses_a_bad_file_entirely(
    provinces: None, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + "Example Trust,Annual report 2025,https://example.org/r,province,Sindh,2025-01-01,"
        '2025-12-31,Boys abused,Cases in newspapers,"1,204",cases,\n',
        encoding="utf-8",
    )
    call_command("evidence_official_import", str(good))
    figure = OfficialFigure.objects.get(publisher="Example Trust")
    assert figure.value == 1204
    assert figure.province is not None
    assert figure.province.code == "PK-SD"

    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "Example Trust,Report 2026,,national,,2026-01-01,2026-12-31,Girls abused,x,12,cases,\n"
        + "Example Trust,Report 2026,,province,Atlantis,2026-01-01,2026-12-31,Boys,x,12,cases,\n"
        + "Example Trust,Report 2026,,national,,2026-12-31,2026-01-01,Men,x,many,apples,\n"
        + "Example Trust,Report 2026,,national,,2026-01-01,2026-12-31,Women \u202eabused,x,1,"
        + "cases,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("evidence_official_import", str(bad))
    message = str(refused.value)
    assert "Row 3: province Atlantis is not known" in message
    assert "Row 4: the period ends before it starts" in message
    assert "Row 4: value must be a number" in message
    assert "Row 4: unit must be one of" in message
    assert "Row 5: category" in message  # the hidden direction-reversing character
    assert not OfficialFigure.objects.filter(source="Report 2026").exists()  # row 2 not kept


def test_csv_import_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("publisher,value\nSahil,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("evidence_official_import", str(path))


def test_public_page_lists_figures_with_definitions_in_both_languages(provinces: None) -> None:
    call_command("evidence_official_load")
    client = Client()
    with translation.override("en"):
        url = reverse("evidence:figures")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sahil" in html
    assert "2,094" in html or "2094" in html
    assert "up to 18" in html
    assert "<caption>" in html
    assert 'style="' not in html
    # Light on a slow phone: what travels is the compressed page (target 50 KB).
    assert len(gzip.compress(page.content)) < 50_000
    with translation.override("ur"):
        ur_url = reverse("evidence:figures")
    ur = client.get(ur_url)
    assert ur.status_code == 200
    assert 'dir="rtl"' in ur.content.decode()
    assert "سرکاری اعداد و شمار" in ur.content.decode()

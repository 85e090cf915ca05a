"""The seed content: complete in both languages, and loaded without ever overwriting edits."""

from __future__ import annotations

import datetime
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import TestCase

from awaaz.content.models import Amendment, LawEntry, Myth, Page, Source
from awaaz.content.services import DATA_DIR, content_load

MODELS = (Source, LawEntry, Amendment, Myth, Page)


def snapshot() -> dict[str, list[dict[str, object]]]:
    return {
        model.__name__: [
            model_to_dict(row) | {"updated_at": getattr(row, "updated_at", None)}
            for row in model.objects.order_by("pk")
        ]
        for model in MODELS
    }


class ContentLoadTest(TestCase):
    def test_loading_twice_changes_nothing(self) -> None:
        first = content_load()
        assert first.created["law entries"] == 7
        before = snapshot()
        second = content_load()
        assert second.created == {}
        assert second.updated == {}
        assert snapshot() == before

    def test_an_edited_entry_is_not_overwritten(self) -> None:
        content_load()
        entry = LawEntry.objects.get(slug="ppc-375")
        entry.title_en = "Edited by a coordinator"
        entry.save()
        entry.amendments.all().delete()
        myth = Myth.objects.get(slug="men-cannot-be-raped")
        myth.published = False
        myth.save()

        content_load()
        entry.refresh_from_db()
        assert entry.title_en == "Edited by a coordinator"
        assert not entry.amendments.exists()
        myth.refresh_from_db()
        assert not myth.published

    def test_a_deleted_entry_is_restored_and_update_overwrites_deliberately(self) -> None:
        content_load()
        LawEntry.objects.filter(slug="ppc-375a").delete()
        LawEntry.objects.filter(slug="ppc-375").update(title_en="Edited")
        content_load()
        assert LawEntry.objects.filter(slug="ppc-375a").exists()
        assert LawEntry.objects.get(slug="ppc-375").title_en == "Edited"

        result = content_load(update=True)
        assert result.updated["law entries"] == 7
        entry = LawEntry.objects.get(slug="ppc-375")
        assert entry.title_en != "Edited"
        assert entry.amendments.count() == 1

    def test_command_reports_what_it_did(self) -> None:
        out = io.StringIO()
        call_command("content_load", stdout=out)
        assert "law entries: 7 created" in out.getvalue()
        out = io.StringIO()
        call_command("content_load", stdout=out)
        assert "law entries: 0 created, 0 updated, 7 kept" in out.getvalue()

    def test_bad_seed_text_is_refused_and_nothing_is_half_loaded(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp)
            (data_dir / "sources.json").write_text(
                json.dumps([{"key": "ok", "title": "A fictional report"}]), encoding="utf-8"
            )
            (data_dir / "myths.json").write_text(
                json.dumps([{"slug": "bad", "myth_en": "Hidden \u202e text", "fact_en": "f"}]),
                encoding="utf-8",
            )
            with pytest.raises(ValidationError):
                content_load(data_dir=data_dir)
        assert not Source.objects.exists()
        assert not Myth.objects.exists()


class SeedDataTest(TestCase):
    """The files in awaaz/content/data as a reviewer would check them."""

    @classmethod
    def setUpTestData(cls) -> None:
        content_load()

    def test_every_text_has_urdu(self) -> None:
        for entry in LawEntry.objects.all():
            for name in ("reference", "title", "summary", "body"):
                assert getattr(entry, f"{name}_ur").strip(), f"{entry.slug} {name}"
            for amendment in entry.amendments.all():
                assert amendment.act_ur, entry.slug
                assert amendment.change_ur, entry.slug
        for myth in Myth.objects.all():
            for name in ("myth", "fact", "explanation"):
                assert getattr(myth, f"{name}_ur").strip(), f"{myth.slug} {name}"
        for page in Page.objects.all():
            for name in ("title", "summary", "body"):
                assert getattr(page, f"{name}_ur").strip(), f"{page.slug} {name}"

    def test_law_entries_are_reviewed_sourced_and_published(self) -> None:
        slugs = set(LawEntry.objects.values_list("slug", flat=True))
        assert slugs == {
            "ppc-375",
            "ppc-375a",
            "ppc-376",
            "ppc-377",
            "ppc-377a-377b",
            "rape-act-2016",
            "anti-rape-act-2021",
        }
        for entry in LawEntry.objects.all():
            assert entry.last_reviewed == datetime.date(2026, 11, 21), entry.slug
            assert entry.published, entry.slug
            assert entry.sources.exists(), entry.slug
            assert entry.amendments.exists(), entry.slug

    def test_myths_cover_men_boys_and_transgender_people(self) -> None:
        assert Myth.objects.filter(published=True).count() >= 12
        english = " ".join(Myth.objects.values_list("myth_en", flat=True))
        for phrase in ("Men cannot be raped", "A boy who was abused", "women who go out"):
            assert phrase in english
        assert "transgender" in english
        assert "Marriage" in english

    def test_no_stigmatising_words(self) -> None:
        for path in DATA_DIR.glob("*.json"):
            text = path.read_text(encoding="utf-8")
            for word in ("عزت لٹ", "عصمت دری", "عزت لوٹ"):
                assert word not in text, path.name

    def test_source_links_are_web_addresses(self) -> None:
        for url in Source.objects.exclude(url="").values_list("url", flat=True):
            assert re.search(r"^https?://", url)

"""The help directory's seed: loaded once, honest about what is verified, safe to load again."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import TestCase

from awaaz.safety import services
from awaaz.safety.models import Served, Service, ServiceKind
from awaaz.safety.tests.test_directory_world import world_create

SEED = json.loads(services.DIRECTORY_DATA.read_text(encoding="utf-8"))["services"]


class DirectoryLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        world_create()

    def test_loads_every_seed_entry_once_and_again_adds_nothing(self) -> None:
        out = StringIO()
        call_command("safety_directory_load", stdout=out)
        assert Service.objects.count() == len(SEED)
        assert f"{len(SEED)} added" in out.getvalue()
        out = StringIO()
        call_command("safety_directory_load", stdout=out)
        assert Service.objects.count() == len(SEED)
        assert f"0 added, {len(SEED)} already present" in out.getvalue()

    def test_a_coordinators_correction_survives_loading_again(self) -> None:
        services.directory_load()
        service = Service.objects.get(slug="sindh-women-1094")
        service.phone = "1094 (checked)"
        service.published = False
        service.save()
        services.directory_load()
        service.refresh_from_db()
        assert service.phone == "1094 (checked)"
        assert service.published is False

    def test_who_is_served_and_where_follow_the_reference(self) -> None:
        services.directory_load()
        arcc_sindh = Service.objects.get(slug="arcc-sindh")
        assert set(arcc_sindh.serves) == set(Served.values)
        assert [p.code for p in arcc_sindh.provinces.all()] == ["PK-SD"]
        # The Anti-Rape Act's cells elsewhere: women and children only, and the note says so.
        arcc = Service.objects.get(slug="arcc")
        assert Served.MEN not in arcc.serves
        assert Served.TRANSGENDER not in arcc.serves
        assert "women and for children under 18" in arcc.note_en
        assert "375" in arcc.note_ur
        tahaffuz = Service.objects.get(slug="punjab-tahaffuz-centres")
        assert tahaffuz.serves == [Served.TRANSGENDER]
        assert tahaffuz.kind == ServiceKind.POLICE_DESK
        gulbahar = Service.objects.get(slug="peshawar-gulbahar-desk")
        assert [d.code for d in gulbahar.districts.all()] == ["kp-peshawar"]

    def test_unconfirmed_numbers_are_not_offered_and_entries_are_marked(self) -> None:
        services.directory_load()
        for slug in ("sahil", "rozan", "aurat-foundation", "mohr-transgender-protection-centre"):
            service = Service.objects.get(slug=slug)
            assert service.phone == ""
            assert service.is_verified is False
        # The Punjab "1787" line is only in a secondary source: not a number we offer.
        assert not Service.objects.filter(phone__contains="1787").exists()
        for service in Service.objects.filter(is_verified=True):
            assert service.last_verified is not None
            assert service.verified_source
        assert Service.objects.filter(is_verified=False).count() >= 5

    def test_every_entry_has_urdu(self) -> None:
        services.directory_load()
        for service in Service.objects.all():
            assert service.name_ur, service.slug
            assert service.note_ur, service.slug

    def test_a_bad_entry_writes_nothing(self) -> None:
        path = Path(self._tmp_file())
        rows = json.loads(services.DIRECTORY_DATA.read_text(encoding="utf-8"))
        rows["services"][-1]["districts"] = ["xx-nowhere"]
        path.write_text(json.dumps(rows), encoding="utf-8")
        with pytest.raises(CommandError, match="xx-nowhere"):
            call_command("safety_directory_load", file=path, stdout=StringIO())
        assert Service.objects.count() == 0

    def test_hidden_characters_in_the_seed_are_refused(self) -> None:
        path = Path(self._tmp_file())
        rows = json.loads(services.DIRECTORY_DATA.read_text(encoding="utf-8"))
        rows["services"][0]["name_en"] = "Police \u202eemergency"
        path.write_text(json.dumps(rows), encoding="utf-8")
        with pytest.raises(services.DirectoryDataError):
            services.directory_load(path=path)
        assert Service.objects.count() == 0

    def test_the_database_refuses_verified_without_a_date(self) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Service.objects.create(
                kind=ServiceKind.HELPLINE, name_en="Test line", nationwide=True, is_verified=True
            )

    def _tmp_file(self) -> str:
        import tempfile

        handle = tempfile.NamedTemporaryFile(suffix=".json", delete=False)  # noqa: SIM115 - closed at once, removed below
        handle.close()
        self.addCleanup(Path(handle.name).unlink, missing_ok=True)
        return handle.name

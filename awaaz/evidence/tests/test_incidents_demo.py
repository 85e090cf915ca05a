"""The demo incidents behind `make run`: invented, marked, spread over every province,
deterministic, added once, and never in production."""

from __future__ import annotations

import datetime
import io
import random

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from awaaz.evidence.management.commands.evidence_incidents_demo import (
    SEED,
    covered_districts,
    demo_incidents,
)
from awaaz.evidence.models import Article, Gender, Incident, IncidentStream, Perpetrator
from awaaz.evidence.services_incidents import OFFENCE_TYPES, IncidentData
from awaaz.places.models import District, Province
from awaaz.places.services import places_load


class DemoIncidentsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        places_load()

    def test_added_once_all_marked_and_in_every_province(self) -> None:
        out = io.StringIO()
        call_command("evidence_incidents_demo", "--count", "500", stdout=out)
        assert "500 invented incidents" in out.getvalue()
        again = io.StringIO()
        call_command("evidence_incidents_demo", stdout=again)
        assert "nothing added" in again.getvalue()
        incidents = Incident.objects.all()
        assert incidents.count() == 500
        assert not incidents.filter(is_demo=False).exists()
        # Categories only: no article, no coder, offence words from the codebook's vocabulary.
        assert not Article.objects.exists()
        assert not incidents.filter(coded_by__isnull=False).exists()
        assert set(incidents.values_list("offence_words", flat=True)) <= set(OFFENCE_TYPES)
        provinces = set(incidents.values_list("district__province__code", flat=True))
        assert provinces == set(Province.objects.values_list("code", flat=True))
        genders = set(incidents.values_list("victim__gender", flat=True))
        assert {Gender.GIRL, Gender.BOY, Gender.WOMAN, Gender.MAN} <= genders
        streams = set(incidents.values_list("stream", flat=True))
        assert streams == {IncidentStream.NEWS, IncidentStream.SURVIVOR_REPORT}
        assert Perpetrator.objects.exists()

    def test_the_same_seed_gives_the_same_incidents(self) -> None:
        districts = covered_districts(District.objects.current().order_by("code"))
        today = datetime.date(2026, 11, 21)

        def draw() -> list[IncidentData]:
            return demo_incidents(
                rng=random.Random(SEED), districts=districts, count=200, today=today
            )

        first = draw()
        assert first == draw()
        days = [d.occurred_on for d in first if d.occurred_on is not None]
        assert min(days) >= datetime.date(2023, 1, 1)
        assert max(days) < today

    @override_settings(PRODUCTION=True)
    def test_refused_in_production(self) -> None:
        with self.assertRaisesMessage(CommandError, "never added in production"):
            call_command("evidence_incidents_demo", stdout=io.StringIO())
        assert not Incident.objects.exists()

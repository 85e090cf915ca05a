"""A release of invented demonstration incidents says so on every page, chart, download and API
response, in English and Urdu; a release of real incidents says nothing of the kind; production
never publishes demonstration incidents."""

from __future__ import annotations

import csv
import datetime
import io
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from awaaz.evidence.models import Incident
from awaaz.evidence.services_incidents import IncidentData, VictimData, incident_create
from awaaz.places.models import District
from awaaz.places.services import places_load
from awaaz.stats.models import Release
from awaaz.stats.releases import release_compute

NOTICE_EN = "Demonstration data: these incidents are invented."
NOTICE_UR = "نمائشی ڈیٹا: یہ واقعات فرضی ہیں۔"
OPEN_DATA = "/en/statistics/open-data/"


def _real_incidents(n: int) -> None:
    district = District.objects.get(code="pb-lahore")
    for day in range(n):
        incident_create(
            actor=None,
            data=IncidentData(
                stream="news",
                victim=VictimData(gender="girl", age_band="11-15"),
                offence_types=("rape",),
                occurred_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
                district=district,
            ),
        )


class DemoReleaseTests(TestCase):
    release: Release

    @classmethod
    def setUpTestData(cls) -> None:
        places_load()
        call_command("evidence_incidents_demo", "--count", "600", stdout=io.StringIO())
        cls.release = release_compute(actor=None)

    def setUp(self) -> None:
        cache.clear()

    def test_the_release_knows_it_counts_invented_incidents(self) -> None:
        assert self.release.contains_demo
        assert self.release.parameters["demo_incidents"] == self.release.incident_count > 0

    def test_statistics_pages_carry_the_banner_in_both_languages(self) -> None:
        english = self.client.get("/en/statistics/").content.decode()
        assert NOTICE_EN in english
        assert 'class="demo-banner"' in english
        # A computed release has no all-streams slice by quarter: the headline, the trend and
        # the map come from the all-streams totals of rate_by_province.
        assert "/en/statistics/charts/trend.svg" in english
        assert 'id="map-h"' in english
        assert 'id="headline-h"' in english
        assert NOTICE_UR in self.client.get("/ur/statistics/").content.decode()
        assert NOTICE_EN in self.client.get("/en/statistics/official-figures/").content.decode()

    def test_a_downloaded_chart_keeps_the_warning_in_its_source_line(self) -> None:
        svg = self.client.get("/en/statistics/charts/trend.svg").content.decode()
        assert NOTICE_EN in svg
        assert NOTICE_UR in self.client.get("/ur/statistics/charts/trend.svg").content.decode()

    def test_api_says_so_in_english_and_urdu(self) -> None:
        data = self.client.get("/api/v1/releases/latest/").json()
        assert data["demonstration"] is True
        assert NOTICE_EN in data["notes"]
        assert NOTICE_UR in data["notes"]
        table = self.client.get(
            f"/api/v1/releases/{self.release.version}/tables/quarter_by_province/"
        ).json()
        assert table["meta"]["demonstration"] is True
        assert any(NOTICE_EN in note and NOTICE_UR in note for note in table["meta"]["notes"])
        assert all(row["demonstration"] is True for row in table["rows"])

    def test_open_data_files_say_so(self) -> None:
        base = f"{OPEN_DATA}{self.release.version}/quarter_by_province"
        raw = self.client.get(f"{base}.csv").content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw)))
        assert rows
        assert all(row["demonstration"] == "true" for row in rows)
        meta = json.loads(self.client.get(f"{base}.json").content)
        assert meta["meta"]["demonstration"] is True
        entry = next(e for e in meta["dictionary"] if e["column"] == "demonstration")
        assert NOTICE_EN in entry["description"]
        assert NOTICE_UR in entry["description"]
        assert NOTICE_EN in self.client.get(OPEN_DATA).content.decode()
        assert NOTICE_EN in self.client.get(f"{base}/").content.decode()

    def test_a_release_of_real_incidents_has_no_banner(self) -> None:
        Incident.objects.filter(is_demo=True).delete()
        _real_incidents(30)
        real = release_compute(actor=None)
        cache.clear()
        assert not real.contains_demo
        assert NOTICE_EN not in self.client.get("/en/statistics/").content.decode()
        assert NOTICE_EN not in self.client.get("/en/statistics/charts/trend.svg").content.decode()
        data = self.client.get("/api/v1/releases/latest/").json()
        assert data["version"] == str(real.version)
        assert data["demonstration"] is False
        assert data["notes"] == ""
        raw = self.client.get(f"{OPEN_DATA}{real.version}/quarter_by_province.csv")
        header = raw.content.decode("utf-8-sig").splitlines()[0]
        assert "demonstration" not in header

    @override_settings(PRODUCTION=True)
    def test_production_refuses_to_publish_demo_incidents(self) -> None:
        before = Release.objects.count()
        with self.assertRaisesMessage(ValidationError, "invented demonstration incidents"):
            release_compute(actor=None)
        with self.assertRaisesMessage(CommandError, "production never publishes them"):
            call_command("stats_release", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "never added in production"):
            call_command("evidence_incidents_demo", stdout=io.StringIO())
        assert Release.objects.count() == before
        # Once they are gone, production publishes what is real.
        Incident.objects.filter(is_demo=True).delete()
        _real_incidents(12)
        assert not release_compute(actor=None).contains_demo

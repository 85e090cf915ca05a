"""The statistics feed: a consenting report becomes one anonymous incident, once, coarsely dated."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from awaaz.evidence.models import Incident
from awaaz.places.models import District
from awaaz.safety import services
from awaaz.safety.models import Report
from awaaz.safety.tests.test_directory_world import world_create

pytestmark = pytest.mark.django_db

CANARY = "Zarmina's blue kite flew over Qissa Khwani at dawn"  # fictional
TODAY = datetime.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _world(settings: Any, tmp_path: Any) -> None:
    settings.AWAAZ_SAFETY_FILES_DIR = tmp_path / "safety"
    world_create()


def make_report(**overrides: Any) -> Report:
    fields: dict[str, Any] = {
        "reporter_role": "survivor",
        "incident_type": "rape",
        "when": "within_3_days",
        "district": District.objects.get(code="kp-peshawar"),
        "survivor_gender": "man",
        "survivor_age": "18_24",
        "perpetrator_count": "one",
        "perpetrator_relationship": "acquaintance",
        "police_told": "no",
        "fir_registered": "no",
        "help_wanted": ["counselling"],
        "narrative": CANARY,
        "consent_statistics": True,
        "consent_share": False,
        "share_service": None,
        "consent_contact": False,
        "contact": None,
    }
    received_on = overrides.pop("received_on", TODAY - datetime.timedelta(days=1))
    fields.update(overrides)
    report, _receipt = services.report_create(**fields)
    Report.objects.filter(pk=report.pk).update(received_on=received_on)
    report.refresh_from_db()
    return report


def test_a_consenting_report_becomes_one_anonymous_incident_once() -> None:
    report = make_report()
    assert services.reports_statistics_feed(today=TODAY) == 1
    incident = Incident.objects.get()
    assert incident.stream == "survivor_report"
    assert incident.district is not None
    assert incident.district.code == "kp-peshawar"
    assert incident.victim.gender == "man"
    assert incident.victim.age_band == "18-25"
    assert incident.gbv_type == "rape"
    assert incident.fir_status == "not_registered"
    assert [p.relationship for p in incident.perpetrators.all()] == ["acquaintance"]
    # The month, never the day.
    assert incident.occurred_on == datetime.date(2026, 11, 1)
    assert incident.date_precision == "month"
    # Nothing of the account, and nothing that points back to the report.
    row = str(Incident.objects.filter(pk=incident.pk).values().get())
    assert CANARY not in row
    assert report.public_id not in row
    # Counted once, however often the feed runs.
    assert services.reports_statistics_feed(today=TODAY) == 0
    assert services.report_statistics_feed(report=report) is False
    assert Incident.objects.count() == 1


def test_no_consent_no_count_and_today_waits_for_tomorrow() -> None:
    make_report(consent_statistics=False)
    todays = make_report(received_on=TODAY)
    assert services.reports_statistics_feed(today=TODAY) == 0
    assert Incident.objects.count() == 0
    # The next day's run counts it: the incident's creation time says nothing about the report's.
    assert services.reports_statistics_feed(today=TODAY + datetime.timedelta(days=1)) == 1
    todays.refresh_from_db()
    assert todays.counted_in_statistics is True


def test_something_else_cannot_be_coded_and_is_not_counted() -> None:
    report = make_report(incident_type="other")
    assert services.report_statistics_record(report=report) is None
    assert services.reports_statistics_feed(today=TODAY) == 0


@pytest.mark.parametrize(
    ("when", "received_on", "expected", "precision"),
    [
        ("within_3_days", datetime.date(2026, 11, 15), datetime.date(2026, 11, 1), "month"),
        # Three days before 2 November is in October: only the year is certain.
        ("within_3_days", datetime.date(2026, 11, 2), datetime.date(2026, 1, 1), "year"),
        ("within_month", datetime.date(2026, 11, 15), datetime.date(2026, 1, 1), "year"),
        ("within_year", datetime.date(2026, 11, 15), None, "unknown"),
        ("over_year", datetime.date(2026, 11, 15), None, "unknown"),
        ("not_sure", datetime.date(2026, 11, 15), None, "unknown"),
    ],
)
def test_the_date_is_never_more_precise_than_what_was_said(
    when: str, received_on: datetime.date, expected: datetime.date | None, precision: str
) -> None:
    report = make_report(when=when, received_on=received_on)
    record = services.report_statistics_record(report=report)
    assert record is not None
    assert record.occurred_on == expected
    assert record.date_precision == precision


def test_categories_map_onto_the_codebook() -> None:
    gang = make_report(perpetrator_count="three_plus", survivor_gender="transgender")
    online = make_report(incident_type="online_abuse", survivor_gender="girl", survivor_age="12_17")
    gang_record = services.report_statistics_record(report=gang)
    online_record = services.report_statistics_record(report=online)
    assert gang_record is not None
    assert online_record is not None
    assert gang_record.offence_type == "gang_rape"
    assert gang_record.survivor_gender == "khawaja_sira"
    assert gang_record.perpetrator_count == 3
    assert online_record.offence_type == "harassment"
    assert online_record.is_online is True
    assert online_record.age_band == "child"
    assert services.reports_statistics_feed(today=TODAY) == 2
    assert Incident.objects.filter(is_online=True).count() == 1
    assert Incident.objects.filter(victim__gender="khawaja_sira", is_gang=True).count() == 1

"""Incidents: one victim per incident, sodomy counted as rape with the victim's sex, the
survivor-report feed, and all-or-nothing writes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from awaaz.core.models import AuditEvent
from awaaz.evidence.models import (
    DatePrecision,
    FirStatus,
    GbvType,
    IccsCode,
    Incident,
    IncidentStream,
    Perpetrator,
    SahilCategory,
    Victim,
)
from awaaz.evidence.services_incidents import (
    IncidentData,
    PerpetratorData,
    VictimData,
    age_band_for,
    gender_for,
    incident_create,
    incident_create_from_report,
    offence_code,
)
from awaaz.places.models import District, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasur() -> District:
    punjab = Province.objects.create(
        code="PB", slug="punjab-test", name_en="Punjab", name_ur="پنجاب", kind="province"
    )
    return District.objects.create(
        code="kasur-test", province=punjab, name_en="Kasur", name_ur="قصور"
    )


def test_sodomy_of_a_boy_is_rape_with_the_victims_sex() -> None:
    coded = offence_code(offence_types=["sodomy"], sex="male", num_accused=1)
    assert coded.gbv_type == GbvType.RAPE
    assert coded.iccs_code == IccsCode.RAPE
    assert coded.sahil_category == SahilCategory.SODOMY
    assert coded.offence_words == "sodomy"


def test_two_accused_make_a_gang_offence_even_if_the_article_says_rape() -> None:
    coded = offence_code(offence_types=["rape"], sex="female", num_accused=2)
    assert coded.is_gang
    assert coded.sahil_category == SahilCategory.GANG_RAPE
    boy = offence_code(offence_types=["rape"], sex="male", num_accused=3)
    assert boy.sahil_category == SahilCategory.GANG_SODOMY


def test_attempt_and_murder_are_sexual_assault_and_flag_fatal() -> None:
    attempt = offence_code(offence_types=["attempted_rape"], sex="male", num_accused=None)
    assert attempt.gbv_type == GbvType.SEXUAL_ASSAULT
    assert attempt.sahil_category == SahilCategory.ATTEMPTED_SODOMY
    murder = offence_code(
        offence_types=["murder_after_assault", "rape", "abduction"], sex="female", num_accused=1
    )
    assert murder.is_fatal
    assert murder.involved_abduction
    assert murder.gbv_type == GbvType.RAPE
    assert murder.sahil_category == SahilCategory.MURDER_AFTER_ABUSE


def test_unknown_offence_words_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        offence_code(offence_types=["robbery"], sex="female", num_accused=None)


@pytest.mark.parametrize(
    ("age", "group", "band"),
    [
        (4, None, "0-5"),
        (10, None, "6-10"),
        (17, None, "16-17"),
        (18, None, "18-25"),
        (None, "child", "child"),
        (None, None, "unknown"),
        (70, None, "61+"),
    ],
)
def test_age_bands(age: int | None, group: str | None, band: str) -> None:
    assert age_band_for(age, group) == band


def test_an_eighteen_year_old_teenage_boy_is_a_man() -> None:
    assert gender_for("male", age_band_for(18)) == ("male", "man")
    assert gender_for("male", age_band_for(17)) == ("male", "boy")
    assert gender_for("transgender", "18-25") == ("unknown", "khawaja_sira")


def test_incident_create_stores_categories_only(kasur: District) -> None:
    incident = incident_create(
        actor=None,
        data=IncidentData(
            stream=IncidentStream.NEWS,
            victim=VictimData(gender="boy", age=12),
            offence_types=["sodomy"],
            occurred_on=datetime.date(2026, 3, 4),
            date_precision=DatePrecision.DAY,
            district=kasur,
            perpetrators=[PerpetratorData(relationship="cleric", count=1)],
            ppc_sections=["377", "377-B", "377"],
            fir_status=FirStatus.REGISTERED,
        ),
    )
    victim = Victim.objects.get(incident=incident)
    assert (victim.sex, victim.gender, victim.age_band) == ("male", "boy", "11-15")
    assert incident.gbv_type == GbvType.RAPE
    assert incident.ppc_sections == ["377", "377-B"]
    assert incident.codebook_version
    assert AuditEvent.objects.filter(action="evidence.incident_create").count() == 1
    # No text field about the victim exists at all.
    names = {f.name for f in Victim._meta.get_fields()}
    assert not names & {"name", "village", "address", "phone", "notes"}


def test_bad_values_leave_nothing_half_saved() -> None:
    with pytest.raises(ValidationError):
        incident_create(
            actor=None,
            data=IncidentData(
                stream=IncidentStream.NEWS,
                victim=VictimData(gender="girl"),
                offence_types=["rape"],
                perpetrators=[PerpetratorData(relationship="alien")],
            ),
        )
    assert not Incident.objects.exists()
    assert not Perpetrator.objects.exists()


def test_survivor_report_feed_makes_a_month_precision_incident(kasur: District) -> None:
    incident = incident_create_from_report(
        district=kasur,
        month=datetime.date(2026, 5, 17),
        survivor_gender="man",
        age_band="26-40",
        incident_type="rape",
        perpetrator_relationship="employer",
        perpetrator_count=1,
        fir_registered=False,
    )
    incident.refresh_from_db()
    assert incident.stream == IncidentStream.SURVIVOR_REPORT
    assert incident.occurred_on == datetime.date(2026, 5, 1)
    assert incident.date_precision == DatePrecision.MONTH
    assert incident.fir_status == FirStatus.NOT_REGISTERED
    assert incident.victim.sex == "male"
    assert incident.gbv_type == GbvType.RAPE  # a man raped is counted as rape
    assert incident.perpetrators.get().relationship == "employer"
    assert incident.coded_by is None


def test_survivor_report_feed_refuses_an_unknown_type() -> None:
    with pytest.raises(ValidationError):
        incident_create_from_report(
            district=None,
            month=datetime.date(2026, 5, 1),
            survivor_gender="woman",
            age_band="unknown",
            incident_type="burglary",
            perpetrator_relationship="unknown",
            perpetrator_count=None,
            fir_registered=None,
        )
    assert not Incident.objects.exists()

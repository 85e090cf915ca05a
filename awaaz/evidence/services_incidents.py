"""Writes for incidents: one victim, one event, from a coded news article or a survivor report.

The codebook (docs/codebook.md) decides how the article's words become categories; the helpers
here apply it the same way everywhere, so a coder, the survivor-report feed and the tests agree:

- the offence is kept as the article words it (`offence_words`, e.g. "sodomy") and mapped to
  the GBVIMS type, the ICCS code and Sahil's category; sodomy is rape, with the victim's sex
  recorded (GBVIMS, ICCS 03011), so male rape is never hidden in a category of its own;
- a gang offence is one with two or more accused;
- a victim's gender combines sex and age (a girl is female and under 18).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.evidence.models import (
    Article,
    ArticleCluster,
    CoderConfidence,
    DatePrecision,
    Disability,
    FirStatus,
    GbvType,
    Gender,
    IccsCode,
    Incident,
    IncidentStream,
    Perpetrator,
    PerpetratorAgeBand,
    PlaceType,
    Relationship,
    SahilCategory,
    Sex,
    Victim,
    VictimAgeBand,
)
from awaaz.places.models import District

CODEBOOK_VERSION = "1.0"

# The extractor's offence vocabulary (issue 6), most serious first: the first one present
# decides the categories, the others only set flags.
OFFENCE_TYPES: tuple[str, ...] = (
    "murder_after_assault",
    "gang_rape",
    "gang_sodomy",
    "rape",
    "sodomy",
    "attempted_rape",
    "sexual_assault",
    "harassment",
    "abduction",
)
_PENETRATIVE = frozenset({"gang_rape", "gang_sodomy", "rape", "sodomy"})
_GANG = frozenset({"gang_rape", "gang_sodomy"})
_SEXUAL = frozenset(OFFENCE_TYPES) - {"abduction"}


@dataclass(frozen=True)
class OffenceCoding:
    gbv_type: str
    iccs_code: str
    sahil_category: str
    offence_words: str
    is_gang: bool
    is_fatal: bool
    involved_abduction: bool


def offence_code(
    *, offence_types: Iterable[str], sex: str, num_accused: int | None
) -> OffenceCoding:
    """Map the article's offence words and the victim's sex to GBVIMS, ICCS and Sahil.

    Unknown words raise ValueError: the vocabulary is fixed by the codebook.
    """
    words = [w for w in OFFENCE_TYPES if w in set(offence_types)]
    unknown = set(offence_types) - set(OFFENCE_TYPES)
    if unknown:
        raise ValueError(f"unknown offence types: {sorted(unknown)}")
    if not words:
        raise ValueError("at least one offence type is needed")
    present = set(words)
    penetrative = bool(present & _PENETRATIVE)
    is_gang = bool(present & _GANG) or (
        bool(present & _SEXUAL) and num_accused is not None and num_accused >= 2
    )
    male = sex == Sex.MALE
    main = words[0]

    if penetrative:
        gbv, iccs = GbvType.RAPE, IccsCode.RAPE
    elif present & {"murder_after_assault", "attempted_rape", "sexual_assault"}:
        gbv, iccs = GbvType.SEXUAL_ASSAULT, IccsCode.SEXUAL_ASSAULT
    elif "harassment" in present:
        # Verbal harassment, stalking and threats are psychological abuse in GBVIMS; ICCS 03012
        # covers non-physical sexual assault.
        gbv, iccs = GbvType.PSYCHOLOGICAL, IccsCode.SEXUAL_ASSAULT
    else:
        gbv, iccs = GbvType.PSYCHOLOGICAL, IccsCode.SEXUAL_VIOLENCE

    if main == "murder_after_assault":
        sahil = SahilCategory.MURDER_AFTER_ABUSE
    elif penetrative:
        gang = is_gang
        # Keep the article's own word when the victim's sex is not stated.
        is_sodomy = main in {"sodomy", "gang_sodomy"} if sex == Sex.UNKNOWN else male
        sahil = {
            (True, True): SahilCategory.GANG_SODOMY,
            (True, False): SahilCategory.GANG_RAPE,
            (False, True): SahilCategory.SODOMY,
            (False, False): SahilCategory.RAPE,
        }[(gang, is_sodomy)]
    elif main == "attempted_rape":
        sahil = SahilCategory.ATTEMPTED_SODOMY if male else SahilCategory.ATTEMPTED_RAPE
    elif main == "sexual_assault":
        sahil = SahilCategory.SEXUAL_ASSAULT
    elif main == "harassment":
        sahil = SahilCategory.HARASSMENT
    else:
        sahil = SahilCategory.OTHER
    return OffenceCoding(
        gbv_type=gbv,
        iccs_code=iccs,
        sahil_category=sahil,
        offence_words=main,
        is_gang=is_gang,
        is_fatal="murder_after_assault" in present,
        involved_abduction="abduction" in present,
    )


def age_band_for(age: int | None, age_group: str | None = None) -> str:
    """The victim's age band from an age, or 'child'/'adult' when only that is known."""
    if age is None:
        if age_group == "child":
            return VictimAgeBand.CHILD
        if age_group == "adult":
            return VictimAgeBand.ADULT
        return VictimAgeBand.UNKNOWN
    for upper, band in (
        (5, VictimAgeBand.AGE_0_5),
        (10, VictimAgeBand.AGE_6_10),
        (15, VictimAgeBand.AGE_11_15),
        (17, VictimAgeBand.AGE_16_17),
        (25, VictimAgeBand.AGE_18_25),
        (40, VictimAgeBand.AGE_26_40),
        (60, VictimAgeBand.AGE_41_60),
    ):
        if age <= upper:
            return band
    return VictimAgeBand.AGE_61_PLUS


_CHILD_BANDS = frozenset(
    {
        VictimAgeBand.AGE_0_5,
        VictimAgeBand.AGE_6_10,
        VictimAgeBand.AGE_11_15,
        VictimAgeBand.AGE_16_17,
        VictimAgeBand.CHILD,
    }
)


def gender_for(extracted_gender: str, age_band: str) -> tuple[str, str]:
    """(sex, gender) from the extractor's gender (female/male/transgender/unknown) and age."""
    child = age_band in _CHILD_BANDS
    adult = age_band not in _CHILD_BANDS and age_band != VictimAgeBand.UNKNOWN
    if extracted_gender == "female":
        return Sex.FEMALE, Gender.GIRL if child else Gender.WOMAN if adult else Gender.UNKNOWN
    if extracted_gender == "male":
        return Sex.MALE, Gender.BOY if child else Gender.MAN if adult else Gender.UNKNOWN
    if extracted_gender == "transgender":
        return Sex.UNKNOWN, Gender.KHAWAJA_SIRA
    return Sex.UNKNOWN, Gender.UNKNOWN


def sex_for_gender(gender: str) -> str:
    if gender in (Gender.WOMAN, Gender.GIRL):
        return Sex.FEMALE
    if gender in (Gender.MAN, Gender.BOY):
        return Sex.MALE
    return Sex.UNKNOWN


@dataclass(frozen=True)
class VictimData:
    gender: str
    age: int | None = None
    age_band: str = VictimAgeBand.UNKNOWN
    disability: str = Disability.UNKNOWN
    sex: str | None = None  # derived from gender when not given


@dataclass(frozen=True)
class PerpetratorData:
    relationship: str = Relationship.UNKNOWN
    count: int = 1
    sex: str = Sex.UNKNOWN
    age_band: str = PerpetratorAgeBand.UNKNOWN


@dataclass(frozen=True)
class IncidentData:
    """Everything an incident records, already validated against the codebook's categories."""

    stream: str
    victim: VictimData
    offence_types: Sequence[str]
    occurred_on: datetime.date | None = None
    date_precision: str = DatePrecision.UNKNOWN
    district: District | None = None
    place_type: str = PlaceType.UNKNOWN
    ppc_sections: Sequence[str] = ()
    perpetrators: Sequence[PerpetratorData] = ()
    fir_status: str = FirStatus.NOT_STATED
    arrest_made: bool | None = None
    is_online: bool = False
    machine_confidence: float | None = None
    coder_confidence: str = ""
    verified: bool = False
    articles: Sequence[Article] = field(default_factory=tuple)
    cluster: ArticleCluster | None = None
    is_demo: bool = False  # invented demonstration data (evidence_incidents_demo)


def _check_choice(value: str, choices: type[models.TextChoices], label: str) -> None:
    if value not in choices.values:
        raise ValidationError(
            _("%(value)s is not a valid %(field)s.") % {"value": value, "field": label},
            code="invalid_choice",
        )


def _validate(data: IncidentData) -> None:
    _check_choice(data.stream, IncidentStream, _("source stream"))
    _check_choice(data.date_precision, DatePrecision, _("precision of the date"))
    _check_choice(data.place_type, PlaceType, _("type of place"))
    _check_choice(data.fir_status, FirStatus, _("FIR status"))
    _check_choice(data.victim.gender, Gender, _("gender"))
    _check_choice(data.victim.age_band, VictimAgeBand, _("age band"))
    _check_choice(data.victim.disability, Disability, _("disability"))
    if data.victim.sex is not None:
        _check_choice(data.victim.sex, Sex, _("sex"))
    if data.coder_confidence:
        _check_choice(data.coder_confidence, CoderConfidence, _("coder confidence"))
    if data.victim.age is not None and not 0 <= data.victim.age <= 120:
        raise ValidationError(_("The age must be between 0 and 120."), code="age")
    for p in data.perpetrators:
        _check_choice(p.relationship, Relationship, _("relationship to the victim"))
        _check_choice(p.sex, Sex, _("sex"))
        _check_choice(p.age_band, PerpetratorAgeBand, _("age band"))
        if not 1 <= p.count <= 100:
            raise ValidationError(
                _("The number of accused must be between 1 and 100."), code="count"
            )
    if set(data.offence_types) - set(OFFENCE_TYPES) or not data.offence_types:
        raise ValidationError(_("Choose at least one offence from the list."), code="offence")


@transaction.atomic
def incident_create(*, actor: User | None, data: IncidentData) -> Incident:
    """Create one incident with its victim and perpetrators, all or nothing, and audit it."""
    _validate(data)
    victim = data.victim
    sex = victim.sex or sex_for_gender(victim.gender)
    band = victim.age_band
    if victim.age is not None and band == VictimAgeBand.UNKNOWN:
        band = age_band_for(victim.age)
    num_accused = sum(p.count for p in data.perpetrators) or None
    offence = offence_code(offence_types=data.offence_types, sex=sex, num_accused=num_accused)
    incident = Incident.objects.create(
        stream=data.stream,
        occurred_on=data.occurred_on,
        date_precision=data.date_precision,
        district=data.district,
        place_type=data.place_type,
        gbv_type=offence.gbv_type,
        iccs_code=offence.iccs_code,
        sahil_category=offence.sahil_category,
        offence_words=offence.offence_words,
        ppc_sections=sorted(set(data.ppc_sections)),
        is_gang=offence.is_gang,
        is_fatal=offence.is_fatal,
        involved_abduction=offence.involved_abduction,
        is_online=data.is_online,
        fir_status=data.fir_status,
        arrest_made=data.arrest_made,
        coded_by=actor if actor is not None and actor.pk else None,
        codebook_version=CODEBOOK_VERSION,
        machine_confidence=data.machine_confidence,
        coder_confidence=data.coder_confidence,
        verified=data.verified,
        cluster=data.cluster,
        is_demo=data.is_demo,
    )
    Victim.objects.create(
        incident=incident,
        sex=sex,
        gender=victim.gender,
        age=victim.age,
        age_band=band,
        disability=victim.disability,
    )
    Perpetrator.objects.bulk_create(
        Perpetrator(
            incident=incident,
            sex=p.sex,
            age_band=p.age_band,
            relationship=p.relationship,
            count=p.count,
        )
        for p in data.perpetrators
    )
    if data.articles:
        incident.articles.add(*data.articles)
    audit_record(
        actor=actor,
        action="evidence.incident_create",
        obj=incident,
        detail={"stream": data.stream, "articles": len(data.articles)},
    )
    return incident


# The safety app's statistics feed speaks in these incident types; they are the extractor's
# offence words, so a survivor's "someone raped me" and a news "rape" land in the same column.
SURVIVOR_INCIDENT_TYPES = OFFENCE_TYPES


def incident_create_from_report(
    *,
    district: District | None,
    month: datetime.date,
    survivor_gender: str,
    age_band: str,
    incident_type: str,
    perpetrator_relationship: str,
    perpetrator_count: int | None,
    fir_registered: bool | None,
) -> Incident:
    """Count one survivor report (given with consent to be counted) as an incident.

    Called by the safety app. Only categories cross over: the month (never the day), the
    district, the survivor's gender (`Gender` values) and age band (`VictimAgeBand` values), the
    incident type (one of `SURVIVOR_INCIDENT_TYPES`), the perpetrator's relationship
    (`Relationship` values) and number, and whether an FIR was registered (None: not said).
    No actor is recorded: the survivor is anonymous. Invalid values raise ValidationError.
    """
    if incident_type not in SURVIVOR_INCIDENT_TYPES:
        raise ValidationError(_("Choose at least one offence from the list."), code="offence")
    if perpetrator_count is not None and perpetrator_count < 1:
        raise ValidationError(_("The number of accused must be between 1 and 100."), code="count")
    fir = (
        FirStatus.NOT_STATED
        if fir_registered is None
        else FirStatus.REGISTERED
        if fir_registered
        else FirStatus.NOT_REGISTERED
    )
    perpetrators: tuple[PerpetratorData, ...] = ()
    if perpetrator_count is not None or perpetrator_relationship != Relationship.UNKNOWN:
        perpetrators = (
            PerpetratorData(relationship=perpetrator_relationship, count=perpetrator_count or 1),
        )
    return incident_create(
        actor=None,
        data=IncidentData(
            stream=IncidentStream.SURVIVOR_REPORT,
            victim=VictimData(gender=survivor_gender, age_band=age_band),
            offence_types=(incident_type,),
            occurred_on=month.replace(day=1),
            date_precision=DatePrecision.MONTH,
            district=district,
            perpetrators=perpetrators,
            fir_status=fir,
        ),
    )

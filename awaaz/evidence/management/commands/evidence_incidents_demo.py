"""Demo incidents, so that a fresh install (`make run`) shows statistics, charts, maps and data.

Everything here is INVENTED: no real person, no real case, no name, no narrative, no article. The
incidents are categories only (a district, a date, the victim's gender and age band, the offence,
the accused's relationship, the FIR status), drawn with a fixed seed from plausible mixes, and
created through the real service (`incident_create`) with `is_demo=True`. A statistics release
that counts them says "Demonstration data: these incidents are invented" on every page, chart,
download and API response, and production refuses to publish it (docs/statistics.md).

Refused in production; running it again adds nothing (it stops if any demo incident exists).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from awaaz.evidence.models import (
    DatePrecision,
    FirStatus,
    Gender,
    Incident,
    IncidentStream,
    PlaceType,
    Relationship,
    VictimAgeBand,
)
from awaaz.evidence.services_incidents import (
    IncidentData,
    PerpetratorData,
    VictimData,
    incident_create,
)
from awaaz.places.models import District

SEED = 7_2026
DEFAULT_COUNT = 3_000
SURVIVOR_SHARE = 0.07
# News coverage favours cities: a district's weight grows faster than its population.
URBAN_EXPONENT = 1.25
COVERED_SHARE = 0.3

T = TypeVar("T")
Mix = Sequence[tuple[T, float]]

GENDERS: Mix[str] = [
    (Gender.GIRL, 0.33),
    (Gender.BOY, 0.24),
    (Gender.WOMAN, 0.30),
    (Gender.MAN, 0.04),
    (Gender.KHAWAJA_SIRA, 0.02),
    (Gender.UNKNOWN, 0.07),
]
CHILD_BANDS: Mix[str] = [
    (VictimAgeBand.AGE_0_5, 0.09),
    (VictimAgeBand.AGE_6_10, 0.27),
    (VictimAgeBand.AGE_11_15, 0.38),
    (VictimAgeBand.AGE_16_17, 0.14),
    (VictimAgeBand.CHILD, 0.12),
]
ADULT_BANDS: Mix[str] = [
    (VictimAgeBand.AGE_18_25, 0.42),
    (VictimAgeBand.AGE_26_40, 0.30),
    (VictimAgeBand.AGE_41_60, 0.08),
    (VictimAgeBand.AGE_61_PLUS, 0.02),
    (VictimAgeBand.ADULT, 0.18),
]
TRANSGENDER_BANDS: Mix[str] = [
    (VictimAgeBand.AGE_18_25, 0.4),
    (VictimAgeBand.AGE_26_40, 0.35),
    (VictimAgeBand.ADULT, 0.15),
    (VictimAgeBand.UNKNOWN, 0.1),
]
# The extractor's offence words (services_incidents.OFFENCE_TYPES); abduction only as a flag.
OFFENCES_FEMALE: Mix[tuple[str, ...]] = [
    (("rape",), 0.38),
    (("gang_rape",), 0.10),
    (("rape", "abduction"), 0.08),
    (("attempted_rape",), 0.10),
    (("sexual_assault",), 0.16),
    (("harassment",), 0.12),
    (("murder_after_assault",), 0.03),
    (("abduction", "sexual_assault"), 0.03),
]
OFFENCES_MALE: Mix[tuple[str, ...]] = [
    (("sodomy",), 0.44),
    (("gang_sodomy",), 0.12),
    (("attempted_rape",), 0.10),
    (("sexual_assault",), 0.17),
    (("harassment",), 0.10),
    (("murder_after_assault",), 0.04),
    (("sodomy", "abduction"), 0.03),
]
OFFENCES_OTHER: Mix[tuple[str, ...]] = [
    (("rape",), 0.35),
    (("gang_rape",), 0.12),
    (("sexual_assault",), 0.28),
    (("harassment",), 0.25),
]
RELATIONSHIPS_CHILD: Mix[str] = [
    (Relationship.ACQUAINTANCE, 0.26),
    (Relationship.NEIGHBOUR, 0.24),
    (Relationship.FAMILY, 0.11),
    (Relationship.STRANGER, 0.12),
    (Relationship.TEACHER, 0.06),
    (Relationship.CLERIC, 0.06),
    (Relationship.EMPLOYER, 0.03),
    (Relationship.UNKNOWN, 0.12),
]
RELATIONSHIPS_ADULT: Mix[str] = [
    (Relationship.ACQUAINTANCE, 0.25),
    (Relationship.NEIGHBOUR, 0.12),
    (Relationship.FAMILY, 0.08),
    (Relationship.PARTNER, 0.09),
    (Relationship.STRANGER, 0.18),
    (Relationship.EMPLOYER, 0.08),
    (Relationship.POLICE, 0.02),
    (Relationship.UNKNOWN, 0.18),
]
PLACES: Mix[str] = [
    (PlaceType.VICTIM_HOME, 0.16),
    (PlaceType.PERPETRATOR_HOME, 0.18),
    (PlaceType.STREET, 0.08),
    (PlaceType.FIELD, 0.12),
    (PlaceType.MADRASSA, 0.04),
    (PlaceType.SCHOOL, 0.03),
    (PlaceType.WORKPLACE, 0.05),
    (PlaceType.VEHICLE, 0.04),
    (PlaceType.INSTITUTION, 0.01),
    (PlaceType.ONLINE, 0.02),
    (PlaceType.OTHER, 0.05),
    (PlaceType.UNKNOWN, 0.22),
]
FIR_NEWS: Mix[str] = [
    (FirStatus.REGISTERED, 0.58),
    (FirStatus.REFUSED, 0.05),
    (FirStatus.NOT_REGISTERED, 0.07),
    (FirStatus.NOT_STATED, 0.30),
]
FIR_SURVIVOR: Mix[str] = [
    (FirStatus.REGISTERED, 0.18),
    (FirStatus.REFUSED, 0.12),
    (FirStatus.NOT_REGISTERED, 0.55),
    (FirStatus.NOT_STATED, 0.15),
]
_CHILDREN = {Gender.GIRL, Gender.BOY}
_FEMALE = {Gender.GIRL, Gender.WOMAN}
_MALE = {Gender.BOY, Gender.MAN}


def covered_districts(districts: Iterable[District]) -> list[District]:
    """The districts the demo news "covers": in every province, the largest `COVERED_SHARE` of
    its districts by population (at least two). Coverage favours cities, and a release over
    a few thousand incidents spread thinly over every district would be mostly suppressed."""
    by_province: dict[int, list[District]] = {}
    for district in districts:
        by_province.setdefault(district.province_id, []).append(district)
    out: list[District] = []
    for members in by_province.values():
        members.sort(key=lambda d: (-(d.population or 0), d.code))
        out += members[: max(2, round(len(members) * COVERED_SHARE))]
    return sorted(out, key=lambda d: d.code)


def _pick(rng: random.Random, mix: Mix[T]) -> T:
    return rng.choices([v for v, _w in mix], [w for _v, w in mix])[0]


def _year_shares(today: datetime.date) -> list[tuple[int, int, int]]:
    """(year, first day-of-year index, last) for the last three full years and this year so far."""
    out = []
    for year in range(today.year - 3, today.year + 1):
        last = (
            (today - datetime.timedelta(days=1))
            if year == today.year
            else datetime.date(year, 12, 31)
        )
        out.append((year, 0, (last - datetime.date(year, 1, 1)).days))
    return out


def demo_incidents(
    *, rng: random.Random, districts: Sequence[District], count: int, today: datetime.date
) -> list[IncidentData]:
    """`count` invented incidents over the last three full years and this year, in `districts`
    (weighted by population, cities more), with plausible mixes. Deterministic for a seed."""
    weights = [float(d.population or 50_000) ** URBAN_EXPONENT for d in districts]
    years = _year_shares(today)
    # A slowly rising count each year (more outlets covered), this year pro rata.
    year_weights = [(1 + 0.08 * i) * (last + 1) for i, (_y, _f, last) in enumerate(years)]
    out: list[IncidentData] = []
    for _ in range(count):
        year, first, last = rng.choices(years, year_weights)[0]
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(first, last))
        survivor = rng.random() < SURVIVOR_SHARE
        gender = _pick(rng, GENDERS)
        if gender in _CHILDREN:
            band = _pick(rng, CHILD_BANDS)
        elif gender == Gender.KHAWAJA_SIRA:
            band = _pick(rng, TRANSGENDER_BANDS)
        elif gender == Gender.UNKNOWN:
            band = VictimAgeBand.UNKNOWN
        else:
            band = _pick(rng, ADULT_BANDS)
        offences = _pick(
            rng,
            OFFENCES_FEMALE
            if gender in _FEMALE
            else OFFENCES_MALE
            if gender in _MALE
            else OFFENCES_OTHER,
        )
        gang = any(o.startswith("gang_") for o in offences)
        perpetrators: tuple[PerpetratorData, ...] = ()
        if rng.random() < 0.9:
            relationship = _pick(
                rng, RELATIONSHIPS_CHILD if gender in _CHILDREN else RELATIONSHIPS_ADULT
            )
            perpetrators = (
                PerpetratorData(relationship=relationship, count=rng.randint(2, 4) if gang else 1),
            )
        out.append(
            IncidentData(
                stream=IncidentStream.SURVIVOR_REPORT if survivor else IncidentStream.NEWS,
                victim=VictimData(gender=gender, age_band=band),
                offence_types=offences,
                # A survivor report gives the month only, as the survivor-report feed does.
                occurred_on=day.replace(day=1) if survivor else day,
                date_precision=DatePrecision.MONTH if survivor else DatePrecision.DAY,
                district=rng.choices(districts, weights)[0],
                place_type=_pick(rng, PLACES),
                perpetrators=perpetrators,
                fir_status=_pick(rng, FIR_SURVIVOR if survivor else FIR_NEWS),
                is_online="harassment" in offences and rng.random() < 0.3,
                is_demo=True,
            )
        )
    return out


class Command(BaseCommand):
    help = "Add invented demo incidents (about 3,000) so the statistics have something to show."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never added in production.")
        existing = Incident.objects.filter(is_demo=True).count()
        if existing:
            self.stdout.write(f"demo incidents exist ({existing}); nothing added")
            return
        districts = covered_districts(District.objects.current().order_by("code"))
        if not districts:
            self.stdout.write("no districts loaded (places_load): demo incidents skipped")
            return
        rng = random.Random(SEED)
        data = demo_incidents(
            rng=rng, districts=districts, count=options["count"], today=timezone.localdate()
        )
        with transaction.atomic():
            for item in data:
                incident_create(actor=None, data=item)
        self.stdout.write(
            f"demo incidents: {len(data)} invented incidents in {len(districts)} districts"
        )

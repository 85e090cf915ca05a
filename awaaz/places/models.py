"""Provinces, districts and the smaller places (tehsils, cities, towns) that point to them.

Districts are versioned: a district that is split or renamed keeps its row with `valid_to` set and
points to its successor(s), so an incident coded in 2019 still counts in the district as it was.
Names are kept in English, Urdu and the Roman-Urdu spellings that Pakistani newspapers use.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import validate_safe_text


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("province")
    FEDERAL_TERRITORY = "federal_territory", _("federal territory")
    ADMINISTERED_TERRITORY = "administered_territory", _("administered territory")


class Province(TimeStampedModel):
    """A province or territory: Punjab, Sindh, Khyber Pakhtunkhwa, Balochistan, Islamabad,
    Gilgit-Baltistan, Azad Jammu & Kashmir."""

    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("ISO 3166-2, e.g. PK-PB")
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, validators=[validate_safe_text])
    name_ur = models.CharField(_("name (Urdu)"), max_length=80, validators=[validate_safe_text])
    kind = models.CharField(_("kind"), max_length=32, choices=ProvinceKind.choices)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The province total as the census published it: known even where some of its districts'
    # figures are not yet in the gazetteer. AJK and Gilgit-Baltistan are not in PBS's census.
    population = models.PositiveIntegerField(_("population (2023 census)"), null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("province or territory")
        verbose_name_plural = _("provinces and territories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ur if reading_urdu() else self.name_en


class DistrictQuerySet(models.QuerySet["District"]):
    def valid_on(self, day: datetime.date) -> DistrictQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )

    def current(self) -> DistrictQuerySet:
        return self.valid_on(timezone.localdate())


class District(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="districts"
    )
    name_en = models.CharField(_("name (English)"), max_length=80, validators=[validate_safe_text])
    name_ur = models.CharField(_("name (Urdu)"), max_length=80, validators=[validate_safe_text])
    roman = models.JSONField(
        _("Roman-Urdu spellings"),
        default=list,
        blank=True,
        help_text=_(
            "Spellings seen in English and Roman-Urdu text, e.g. Dera Ghazi Khan, D.G. Khan"
        ),
    )
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    division = models.CharField(_("division"), max_length=80, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population (2023 census)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["province__sort_order", "name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="district_validity_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ur if reading_urdu() else self.name_en

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to > today
        )


class PlaceKind(models.TextChoices):
    TEHSIL = "tehsil", _("tehsil")
    CITY = "city", _("city")
    TOWN = "town", _("town")
    AREA = "area", _("area")


class Place(TimeStampedModel):
    """A tehsil, city or town inside a district: the gazetteer uses it to find the district."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="places"
    )
    name_en = models.CharField(_("name (English)"), max_length=80, validators=[validate_safe_text])
    name_ur = models.CharField(
        _("name (Urdu)"), max_length=80, blank=True, validators=[validate_safe_text]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)

    class Meta:
        ordering = ["district", "name_en"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_en", "kind"], name="place_unique_in_district"
            )
        ]

    def __str__(self) -> str:
        return self.name_en


class BoundaryLevel(models.TextChoices):
    PROVINCE = "province", _("province or territory")
    DISTRICT = "district", _("district")


class Boundary(models.Model):
    """The outline of a province or district, already projected into the map's frame.

    Loaded by `places_import_boundaries` from a file an operator provides; the map falls back to
    hexagonal tiles for any level whose outlines are missing. `path` is SVG path data in the
    coordinate frame of `awaaz.places.maps`, so that drawing a page needs no geometry work.
    """

    level = models.CharField(_("level"), max_length=16, choices=BoundaryLevel.choices)
    code = models.CharField(_("code"), max_length=60)
    path = models.TextField(_("SVG path"))
    source = models.CharField(_("source"), max_length=300, validators=[validate_safe_text])
    licence = models.CharField(_("licence"), max_length=300, validators=[validate_safe_text])
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="boundary_unique_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}"

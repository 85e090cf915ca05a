"""Forms of the coding screens: one article's coding (with a victim formset) and cluster review."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awaaz.evidence.models import (
    CoderConfidence,
    DatePrecision,
    Disability,
    FirStatus,
    Gender,
    PlaceType,
    Relationship,
    VictimAgeBand,
)
from awaaz.evidence.services_coding import CodedVictim, Coding
from awaaz.evidence.services_incidents import OFFENCE_TYPES, age_band_for
from awaaz.lib.text import SafeCharField
from awaaz.places.models import District

OFFENCE_LABELS = {
    "murder_after_assault": _("murder after sexual assault"),
    "gang_rape": _("gang rape"),
    "gang_sodomy": _("gang sodomy"),
    "rape": _("rape"),
    "sodomy": _("sodomy"),
    "attempted_rape": _("attempted rape"),
    "sexual_assault": _("sexual assault"),
    "harassment": _("harassment"),
    "abduction": _("abduction"),
}
YES_NO = [("yes", _("yes")), ("no", _("no"))]
YES_NO_UNKNOWN = [("", _("not stated")), ("yes", _("yes")), ("no", _("no"))]
# 376, 376(3), 377-B, 375A, 511
PPC_SECTION = re.compile(r"^\d{3}(?:-?[A-Z])?(?:\(\d+\))?$")


def _tri(value: str) -> bool | None:
    return None if value == "" else value == "yes"


class CodingForm(forms.Form):
    is_case_report = forms.ChoiceField(
        label=_("Is this a report of a specific incident of sexual violence?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    offence_types = forms.MultipleChoiceField(
        label=_("Offences, as the article words them"),
        choices=[(o, OFFENCE_LABELS[o]) for o in OFFENCE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.select_related("province").order_by("name_en"),
        required=False,
        empty_label=_("not stated"),
    )
    occurred_on = forms.DateField(
        label=_("Date of the incident"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_precision = forms.ChoiceField(
        label=_("How precise is the date?"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
    )
    place_type = forms.ChoiceField(
        label=_("Type of place"), choices=PlaceType.choices, initial=PlaceType.UNKNOWN
    )
    perpetrator_relationship = forms.ChoiceField(
        label=_("Relationship of the accused to the victim"),
        choices=Relationship.choices,
        initial=Relationship.UNKNOWN,
    )
    num_accused = forms.IntegerField(
        label=_("Number of accused"), min_value=1, max_value=100, required=False
    )
    ppc_sections = SafeCharField(
        label=_("PPC sections"),
        help_text=_("Separated by commas, e.g. 376(3), 377-B, 511."),
        max_length=120,
        required=False,
    )
    fir_status = forms.ChoiceField(
        label=_("FIR"), choices=FirStatus.choices, initial=FirStatus.NOT_STATED
    )
    arrest_made = forms.ChoiceField(label=_("Arrest made"), choices=YES_NO_UNKNOWN, required=False)
    coder_confidence = forms.ChoiceField(
        label=_("How sure are you?"), choices=CoderConfidence.choices, initial="high"
    )

    def clean_ppc_sections(self) -> list[str]:
        raw: str = self.cleaned_data.get("ppc_sections") or ""
        sections = [s.strip().upper().replace(" ", "") for s in raw.split(",") if s.strip()]
        wrong = [s for s in sections if not PPC_SECTION.match(s)]
        if wrong:
            raise forms.ValidationError(
                _("%(sections)s is not a PPC section such as 376(3) or 377-B.")
                % {"sections": ", ".join(wrong)}
            )
        return sorted(set(sections))


class VictimForm(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120, required=False)
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=VictimAgeBand.choices,
        initial=VictimAgeBand.UNKNOWN,
        help_text=_("Filled from the age when an age is given."),
    )
    disability = forms.ChoiceField(
        label=_("Disability"), choices=Disability.choices, initial=Disability.UNKNOWN
    )


# Victim forms are never "empty" in Django's sense (their choices have defaults), so the
# formset validates every one and `_is_blank` decides which stand for nobody.
VictimFormSet = forms.formset_factory(VictimForm, extra=1, max_num=20, validate_max=True)


def _is_blank(victim: dict[str, Any]) -> bool:
    """A victim form left (or put back) at "unknown" everywhere stands for no victim."""
    return not victim or (
        victim.get("gender") == Gender.UNKNOWN
        and victim.get("age") is None
        and victim.get("age_band") == VictimAgeBand.UNKNOWN
        and victim.get("disability") == Disability.UNKNOWN
    )


def coding_from_forms(form: CodingForm, victims: Any) -> Coding:
    """Turn valid forms into the service's input (a victim form left blank is ignored)."""
    data = form.cleaned_data
    case = data["is_case_report"] == "yes"
    coded_victims = []
    for vf in victims.forms:
        v = vf.cleaned_data
        if _is_blank(v):
            continue
        age = v.get("age")
        band = age_band_for(age) if age is not None else v["age_band"]
        coded_victims.append(
            CodedVictim(gender=v["gender"], age=age, age_band=band, disability=v["disability"])
        )
    return Coding(
        is_case_report=case,
        victims=coded_victims,
        offence_types=data.get("offence_types") or [],
        district=data.get("district"),
        occurred_on=data.get("occurred_on"),
        date_precision=data["date_precision"] if data.get("occurred_on") else DatePrecision.UNKNOWN,
        place_type=data["place_type"],
        perpetrator_relationship=data["perpetrator_relationship"],
        num_accused=data.get("num_accused"),
        ppc_sections=data.get("ppc_sections") or [],
        fir_status=data["fir_status"],
        arrest_made=_tri(data.get("arrest_made") or ""),
        coder_confidence=data["coder_confidence"],
    )


def check_case_report(form: CodingForm, victims: Any) -> bool:
    """A case report needs at least one victim and one offence; adds the errors to the form."""
    if form.cleaned_data.get("is_case_report") != "yes":
        return True
    ok = True
    if not form.cleaned_data.get("offence_types"):
        form.add_error("offence_types", _("Choose at least one offence for a case report."))
        ok = False
    if all(_is_blank(vf.cleaned_data) for vf in victims.forms):
        form.add_error(None, _("A case report needs at least one victim."))
        ok = False
    return ok


class ClusterReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("confirm", _("Same incident")),
            ("split", _("Split the chosen articles off")),
            ("merge", _("Merge into another cluster")),
        ]
    )
    articles = forms.TypedMultipleChoiceField(coerce=int, required=False)
    other_cluster = forms.IntegerField(label=_("Other cluster number"), required=False)

    def __init__(self, *args: Any, article_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["articles"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(i, str(i)) for i in article_ids or []]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "split" and not data.get("articles"):
            self.add_error("articles", _("Choose the articles that report a different incident."))
        if data.get("action") == "merge" and not data.get("other_cluster"):
            self.add_error("other_cluster", _("Give the number of the cluster to merge with."))
        return data

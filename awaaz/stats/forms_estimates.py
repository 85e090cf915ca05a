"""The estimate page's GET form: a count on record and a reporting-rate scenario, in per cent."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awaaz.stats.estimates import (
    MAX_OBSERVED,
    Scenario,
    ScenarioKind,
    capture_recapture_chapman,
    scenario_beta,
    scenario_fixed,
    scenario_range,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The worked example of the method: HRCP's 4,175 reported rapes in 2024, one in ten reported.
DEFAULTS = {
    "observed": 4175,
    "kind": ScenarioKind.FIXED.value,
    "rate": Decimal("10"),
    "low": Decimal("5"),
    "high": Decimal("20"),
    "a": Decimal("5"),
    "b": Decimal("45"),
}


def _percent_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DecimalField:
    # No min/max here on purpose: an impossible rate gets the estimator's own explanation of why
    # it is impossible, not a bare "must be at least 0.01".
    return forms.DecimalField(
        label=label, help_text=help_text, required=False, max_digits=9, decimal_places=4
    )


class EstimateForm(forms.Form):
    observed = forms.IntegerField(
        label=_("Incidents on record in a year"),
        min_value=0,
        max_value=MAX_OBSERVED,
        error_messages={"min_value": _("A count on record cannot be negative.")},
    )
    kind = forms.ChoiceField(
        label=_("Reporting rate"),
        widget=forms.RadioSelect,
        choices=[
            (ScenarioKind.FIXED.value, _("One share (e.g. one in ten)")),
            (ScenarioKind.RANGE.value, _("A range (every share in it equally likely)")),
            (ScenarioKind.BETA.value, _("A Beta distribution (for statisticians)")),
        ],
    )
    rate = _percent_field(_("Share reported, in per cent"), _("10 means one in ten."))
    low = _percent_field(_("Lowest share reported, in per cent"))
    high = _percent_field(_("Highest share reported, in per cent"))
    a = forms.DecimalField(label=_("Beta a"), required=False, max_digits=9, decimal_places=4)
    b = forms.DecimalField(label=_("Beta b"), required=False, max_digits=9, decimal_places=4)

    def _required(self, data: dict[str, Any], *names: str) -> list[float]:
        missing = [name for name in names if data.get(name) is None]
        for name in missing:
            self.add_error(name, _("Enter a number for this scenario."))
        if missing:
            raise ValidationError(_("Some numbers the scenario needs are missing."))
        return [float(data[name]) for name in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind is None or self.errors:
            return data
        if kind == ScenarioKind.FIXED:
            (rate,) = self._required(data, "rate")
            scenario = scenario_fixed(rate / 100)
        elif kind == ScenarioKind.RANGE:
            low, high = self._required(data, "low", "high")
            scenario = scenario_range(low / 100, high / 100)
        else:
            a, b = self._required(data, "a", "b")
            scenario = scenario_beta(a, b)
        data["scenario"] = scenario
        return data

    @property
    def scenario(self) -> Scenario:
        scenario: Scenario = self.cleaned_data["scenario"]
        return scenario


class ChapmanForm(forms.Form):
    """Two overlapping lists: the cases in each and those found in both."""

    first = forms.IntegerField(
        label=_("Cases in the first list"), min_value=0, max_value=MAX_OBSERVED
    )
    second = forms.IntegerField(
        label=_("Cases in the second list"), min_value=0, max_value=MAX_OBSERVED
    )
    both = forms.IntegerField(
        label=_("Cases found in both lists"), min_value=0, max_value=MAX_OBSERVED
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            # Refuses an overlap larger than a list, with the estimator's own explanation.
            capture_recapture_chapman(first=data["first"], second=data["second"], both=data["both"])
        return data

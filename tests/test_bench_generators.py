"""The benchmarks' data generators write rows the application accepts.

`make bench` is not part of CI (it measures, it does not test), so a model change that the
generators' raw INSERTs do not follow would only show when someone next measures. This runs
the statistics generator at a small size and computes a release from what it wrote.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from awaaz.evidence.models import Incident
from awaaz.stats.releases import release_compute


@pytest.mark.django_db
def test_the_statistics_generator_writes_incidents_a_release_can_count() -> None:
    from bench.stats import generate

    call_command("places_load", verbosity=0)
    generate(400)
    assert Incident.objects.count() == 400
    assert not Incident.objects.filter(is_demo=True).exists()
    release = release_compute(actor=None, publish=False)
    assert release.tables.exists()

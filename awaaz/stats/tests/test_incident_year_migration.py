"""Incidents recorded before year and quarter were stored get them from the migration that adds
them, so the first release after an upgrade counts them like any other."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evidence", "0002_incidents_models")]
AFTER = [("evidence", "0003_incident_year_quarter")]


@pytest.mark.django_db(transaction=True)
def test_existing_incidents_get_their_year_and_quarter() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("evidence", "Incident")
    common = {"stream": "news", "gbv_type": "rape", "iccs_code": "03011", "sahil_category": "rape"}
    dated = old.objects.create(occurred_on=datetime.date(2023, 8, 14), **common)
    undated = old.objects.create(occurred_on=None, **common)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("evidence", "Incident")
    assert new.objects.values_list("occurred_year", "occurred_quarter").get(pk=dated.pk) == (
        2023,
        3,
    )
    assert new.objects.values_list("occurred_year", "occurred_quarter").get(pk=undated.pk) == (
        None,
        None,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

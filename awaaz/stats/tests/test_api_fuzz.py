"""The API fuzzed from its own OpenAPI description (schemathesis, through the WSGI app).

Every operation gets a bounded number of generated requests, valid and invalid; each answer must
not be a server error, must use a status code the description lists, and must match the
response schema the description gives. A published release and official figures exist, so the
generated versions and filters reach real tables as well as refusals.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from awaaz.evidence.models import AreaLevel, FigureUnit, OfficialFigure
from awaaz.stats.openapi import description
from awaaz.stats.tests.test_api_tables import make_release
from awaaz.wsgi import application

schema = schemathesis.openapi.from_dict(description())
schema.app = application


@pytest.fixture
def published_data(db: Any) -> None:
    make_release(1)
    OfficialFigure.objects.create(
        source="Cruel Numbers 2018",
        publisher="Sahil",
        area_level=AreaLevel.NATIONAL,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        category="child abuse cases",
        value=Decimal("3832"),
        unit=FigureUnit.CASES,
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    # The examples of one test share a client address: start each test with no count.
    cache.clear()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # The WSGI handler closes the database connection when a request ends, which would close
    # the test's own transaction on PostgreSQL; Django's test client turns this off the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_api_from_its_own_description(case: schemathesis.Case[Any], published_data: None) -> None:
    # The site compresses responses for clients that ask; the WSGI test client does not unpack.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )

"""The daily command counts a consenting report exactly once, and never the same day."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from awaaz.safety.models import Report


@pytest.mark.django_db
def test_the_daily_feed_command_runs_and_reports_what_it_counted() -> None:
    out = io.StringIO()
    call_command("safety_statistics_feed", stdout=out)
    assert out.getvalue().strip() == "0 report(s) counted"
    assert not Report.objects.filter(counted_in_statistics=True).exists()

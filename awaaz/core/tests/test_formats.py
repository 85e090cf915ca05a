"""Dates and numbers read the way Pakistani readers write them, in each language."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation


def test_site_time_is_pakistan_time() -> None:
    assert settings.TIME_ZONE == "Asia/Karachi"
    moment = datetime.datetime(2026, 11, 25, 0, 30, tzinfo=datetime.UTC)
    assert timezone.localtime(moment).hour == 5  # UTC+5, no daylight saving


def test_urdu_groups_large_numbers_in_lakhs() -> None:
    with translation.override("ur"):
        assert formats.number_format(1234567, force_grouping=True) == "12,34,567"
    with translation.override("en"):
        assert formats.number_format(1234567, force_grouping=True) == "1,234,567"


def test_dates_are_day_month_year_with_urdu_month_names() -> None:
    day = datetime.date(2026, 11, 25)
    template = Template("{{ day|date:'DATE_FORMAT' }}")
    with translation.override("en"):
        assert template.render(Context({"day": day})) == "25 November 2026"
    with translation.override("ur"):
        rendered = template.render(Context({"day": day}))
    assert rendered.startswith("25 ")
    assert rendered.endswith(" 2026")
    assert "November" not in rendered


def test_a_datetime_renders_in_karachi_time() -> None:
    moment = datetime.datetime(2026, 12, 10, 19, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("en"), timezone.override("Asia/Karachi"):
        rendered = Template("{{ m|date:'DATETIME_FORMAT' }}").render(Context({"m": moment}))
    assert rendered == "11 December 2026, 12:00 AM"

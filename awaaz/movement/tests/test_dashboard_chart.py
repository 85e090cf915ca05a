"""The growth timeline and its chart, as pure functions (no database)."""

from __future__ import annotations

import datetime
import re

from awaaz.movement.selectors.dashboard import WeekRow, growth_timeline
from awaaz.movement.views.dashboard import PANEL_HEIGHT, nice_ceiling, timeline_chart

MONDAY = datetime.date(2024, 1, 1)


def week(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(weeks=n)


def test_timeline_has_every_week_including_quiet_ones() -> None:
    rows = growth_timeline(
        {week(0): 4, week(3): 6}, {week(1): 2}, today=week(4) + datetime.timedelta(days=2)
    )
    assert [r.week for r in rows] == [week(i) for i in range(5)]
    assert [r.pledges for r in rows] == [4, 0, 0, 6, 0]
    assert [r.chapters for r in rows] == [0, 2, 0, 0, 0]
    assert [r.pledges_total for r in rows] == [4, 4, 4, 10, 10]
    assert rows[-1].chapters_total == 2


def test_timeline_ignores_weeks_after_today_and_is_empty_without_data() -> None:
    assert growth_timeline({}, {}, today=week(2)) == []
    rows = growth_timeline({week(0): 1, week(9): 5}, {}, today=week(1))
    assert rows[-1].week == week(1)
    assert rows[-1].pledges_total == 1


def test_nice_ceiling() -> None:
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 12, 180, 250, 251, 9999)] == [
        1, 1, 5, 10, 20, 200, 250, 500, 10000,
    ]  # fmt: skip


def test_chart_bars_are_proportional_and_quiet_weeks_have_none() -> None:
    rows = [WeekRow(week(i), c, p, 0, 0) for i, (c, p) in enumerate([(1, 40), (0, 0), (2, 100)])]
    chart = timeline_chart(rows)
    assert chart is not None
    assert chart.scale_pledges == 100
    assert chart.scale_chapters == 2
    heights = [
        float(h) for h in re.findall(r'class="bar pledges"[^>]*height="([\d.]+)"', chart.svg)
    ]
    assert heights == [PANEL_HEIGHT * 40 / 100, PANEL_HEIGHT]
    assert len(re.findall(r'class="bar chapters"', chart.svg)) == 2
    assert 'role="img"' in chart.svg
    assert "style=" not in chart.svg


def test_chart_escapes_its_text() -> None:
    assert timeline_chart([]) is None
    chart = timeline_chart([WeekRow(week(0), 1, 1, 1, 1)])
    assert chart is not None
    assert '<title id="growth-t">' in chart.svg

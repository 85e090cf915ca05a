"""The public calendar, the event page and the iCal feeds."""

from __future__ import annotations

import icalendar
import pytest
from django.db import connection

from awaaz.activities.models import EventKind
from awaaz.activities.selectors.events import CalendarFilter, calendar_events, province_by_slug
from awaaz.activities.services import events as services
from awaaz.activities.tests.events_support import EventWorld, at


class CalendarTests(EventWorld):
    def test_the_list_shows_upcoming_public_events_only(self) -> None:
        self.make_event(title_en="A closed-door training", is_public=False)
        self.make_event(title_en="Last week's walk", starts_at=at(-7), ends_at=at(-7, 17))
        html = self.client.get("/en/events/").content.decode()
        assert "Consent and courage" in html
        assert "Panel: blame the rapist" in html
        assert "A closed-door training" not in html
        assert "Last week&#x27;s walk" not in html

    def test_filters_by_province_type_and_date(self) -> None:
        html = self.client.get("/en/events/?province=punjab").content.decode()
        assert "Panel: blame the rapist" in html
        assert "Consent and courage" not in html
        html = self.client.get(f"/en/events/?type={EventKind.AWARENESS}").content.decode()
        assert "Consent and courage" in html
        assert "Panel: blame the rapist" not in html
        day = at(8).date().isoformat()
        html = self.client.get(f"/en/events/?from={day}&to={day}").content.decode()
        assert "Panel: blame the rapist" in html
        assert "Consent and courage" not in html

    def test_nonsense_filters_are_ignored_not_an_error(self) -> None:
        response = self.client.get("/en/events/?province=atlantis&type=dance&from=yesterday")
        assert response.status_code == 200
        assert "Consent and courage" in response.content.decode()

    def test_the_month_view_names_the_events_on_their_day(self) -> None:
        start = at(8)
        url = f"/en/events/month/{start.year}/{start.month}/?province=punjab"
        html = self.client.get(url).content.decode()
        assert "Panel: blame the rapist" in html
        assert "Consent and courage" not in html
        assert "<caption>" in html
        assert self.client.get("/en/events/month/2026/13/").status_code == 404

    def test_the_event_page_in_urdu_with_a_whatsapp_link(self) -> None:
        html = self.client.get(f"/ur/events/{self.session.slug}/").content.decode()
        assert "رضامندی اور ہمت" in html
        assert 'dir="rtl"' in html
        assert "https://wa.me/?text=" in html
        assert self.session.slug in html.split("https://wa.me/?text=")[1].split('"')[0]

    def test_a_private_event_has_no_public_page(self) -> None:
        private = self.make_event(title_en="Staff only", is_public=False)
        assert self.client.get(f"/en/events/{private.slug}/").status_code == 404

    def test_a_cancelled_event_says_so_and_takes_no_rsvp(self) -> None:
        services.event_cancel(actor=None, event=self.session)
        html = self.client.get(f"/en/events/{self.session.slug}/").content.decode()
        assert "This event has been cancelled." in html
        assert "I am coming" not in html


class IcalTests(EventWorld):
    def parse(self, url: str) -> list[icalendar.cal.Component]:
        response = self.client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        cal = icalendar.Calendar.from_ical(response.content)
        return list(cal.walk("VEVENT"))

    def test_the_national_feed_parses_and_holds_the_events(self) -> None:
        events = self.parse("/en/events/feed.ics")
        by_summary = {str(e["summary"]): e for e in events}
        assert set(by_summary) == {
            "Consent and courage: a session for students",
            "Panel: blame the rapist, not the victim",
        }
        item = by_summary["Consent and courage: a session for students"]
        assert str(item["uid"]) == f"event-{self.session.pk}@127.0.0.1"
        assert "dtstamp" in item
        assert item.decoded("dtstart") == self.session.starts_at
        assert item.decoded("dtend") == self.session.ends_at
        assert self.session.slug in str(item["url"])

    def test_the_chapter_and_province_feeds_hold_only_their_events(self) -> None:
        chapter = self.parse("/en/events/feed/chapter/lahore-city.ics")
        assert [str(e["summary"]) for e in chapter] == ["Panel: blame the rapist, not the victim"]
        province = self.parse("/en/events/feed/province/islamabad.ics")
        assert [str(e["summary"]) for e in province] == [
            "Consent and courage: a session for students"
        ]
        assert self.client.get("/en/events/feed/province/atlantis.ics").status_code == 404

    def test_a_private_event_is_in_no_feed_and_a_cancelled_one_says_cancelled(self) -> None:
        self.make_event(title_en="Staff only", is_public=False)
        services.event_cancel(actor=None, event=self.lahore_panel)
        events = {str(e["summary"]): e for e in self.parse("/en/events/feed.ics")}
        assert "Staff only" not in events
        assert str(events["Panel: blame the rapist, not the victim"]["status"]) == "CANCELLED"


class CalendarPagingTests(EventWorld):
    def test_a_long_calendar_pages_forward_and_back(self) -> None:
        for n in range(30):
            self.make_event(title_en=f"Session {n:02d}", starts_at=at(20, 9), ends_at=at(20, 10))
        first = self.client.get("/en/events/?province=islamabad").content.decode()
        assert 'rel="next"' in first
        assert "Session 28" in first
        assert "Session 29" not in first
        second = self.client.get("/en/events/?province=islamabad&page=2").content.decode()
        assert "Session 29" in second
        assert 'rel="prev"' in second
        assert 'rel="next"' not in second
        assert self.client.get("/en/events/?page=banana").status_code == 200


class BusyMonthTests(EventWorld):
    def test_a_busy_month_shows_counts_per_day_without_titles(self) -> None:
        from unittest import mock

        from awaaz.activities.selectors import events as selectors

        start = at(8)
        self.make_event(title_en="Second on the day", starts_at=at(8, 10), ends_at=at(8, 11))
        with mock.patch.object(selectors, "MONTH_TITLES_LIMIT", 1):
            html = self.client.get(f"/en/events/month/{start.year}/{start.month}/").content.decode()
        assert "Panel: blame the rapist" not in html
        assert f'>{start.day}</a> <span class="muted">(2)</span>' in html


class CalendarIndexTests(EventWorld):
    """The calendar's province filter is served by the calendar index (is_public, starts_at,
    district): a structural check of the query plan, not a timing (timings: bench/events.py)."""

    def test_the_province_filter_walks_the_calendar_index(self) -> None:
        if connection.vendor != "sqlite":
            pytest.skip("the plan checked here is SQLite's (PostgreSQL plans by statistics)")
        events = calendar_events(flt=CalendarFilter(province=province_by_slug("punjab")))[:31]
        sql, params = events.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "activities_event_calendar (is_public=? AND starts_at>?)" in plan
        assert [e.title_en for e in events] == ["Panel: blame the rapist, not the victim"]

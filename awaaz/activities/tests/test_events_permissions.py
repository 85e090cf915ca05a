"""Every management view refuses the outsider and another chapter's focal person."""

from __future__ import annotations

from awaaz.activities.models import Event, EventStatus
from awaaz.activities.tests.events_support import EventWorld, at
from awaaz.core.models import AuditEvent


class ManagementRefusalTests(EventWorld):
    def views(self) -> list[tuple[str, str, dict[str, str]]]:
        slug = self.session.slug
        return [
            ("get", "/en/events/manage/islamabad-university/", {}),
            ("get", "/en/events/manage/islamabad-university/new/", {}),
            ("post", "/en/events/manage/islamabad-university/new/", self.form_data()),
            ("get", f"/en/events/{slug}/edit/", {}),
            ("post", f"/en/events/{slug}/edit/", self.form_data(title_en="Taken over")),
            ("post", f"/en/events/{slug}/cancel/", {}),
            ("post", f"/en/events/{slug}/held/", {}),
            ("get", f"/en/events/{slug}/rsvps/", {}),
        ]

    def form_data(self, **overrides: str) -> dict[str, str]:
        data = {
            "title_en": "Training for volunteers",
            "title_ur": "رضاکاروں کی تربیت",
            "kind": "training",
            "starts_at": at(10).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(10, 17).strftime("%Y-%m-%dT%H:%M"),
            "district": str(self.isb.pk),
            "venue_kind": "community_hall",
            "venue_name": "Fictional Community Hall",
            "is_public": "on",
            "capacity": "40",
        }
        data.update(overrides)
        return data

    def test_outsider_and_other_focal_person_are_refused_everywhere(self) -> None:
        for user in (self.outsider, self.other_focal_person, self.member):
            client = self.verified(user)
            for method, url, data in self.views():
                response = getattr(client, method)(url, data)
                assert response.status_code == 403, (user, url)
        self.session.refresh_from_db()
        assert self.session.status == EventStatus.PLANNED
        assert self.session.title_en != "Taken over"
        assert Event.objects.filter(chapter=self.home).count() == 1

    def test_without_a_second_factor_nobody_gets_in(self) -> None:
        client = self.client_for(self.focal_person)
        for method, url, data in self.views():
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, url
            assert "/two-factor/" in response["Location"], url

    def test_the_anonymous_visitor_is_sent_to_sign_in(self) -> None:
        for method, url, data in self.views():
            response = getattr(self.client, method)(url, data)
            assert response.status_code == 302, url

    def test_the_focal_person_plans_edits_and_cancels_his_chapters_event(self) -> None:
        client = self.verified(self.focal_person)
        response = client.post("/en/events/manage/islamabad-university/new/", self.form_data())
        assert response.status_code == 302
        event = Event.objects.get(title_en="Training for volunteers")
        assert event.chapter == self.home
        assert event.capacity == 40
        page = client.get(response["Location"]).content.decode()
        assert "Check-in link for the door" in page
        assert AuditEvent.objects.filter(
            action="event.rsvps_view", actor=self.focal_person
        ).exists()
        response = client.post(
            f"/en/events/{event.slug}/edit/", self.form_data(title_en="Training, second round")
        )
        assert response.status_code == 302
        client.post(f"/en/events/{event.slug}/cancel/")
        event.refresh_from_db()
        assert event.title_en == "Training, second round"
        assert event.status == EventStatus.CANCELLED
        listing = client.get("/en/events/manage/islamabad-university/").content.decode()
        assert "Training, second round" in listing

    def test_the_rsvp_page_leads_to_the_closing_report_once_the_event_is_over(self) -> None:
        client = self.verified(self.focal_person)
        upcoming = client.get(f"/en/events/{self.session.slug}/rsvps/").content.decode()
        assert "The closing report" not in upcoming
        Event.objects.filter(pk=self.session.pk).update(starts_at=at(-1), ends_at=at(-1, 17))
        over = client.get(f"/en/events/{self.session.slug}/rsvps/").content.decode()
        assert f"/en/events/{self.session.slug}/report/" in over
        assert "The closing report" in over

    def test_the_manage_index_lists_only_his_chapters(self) -> None:
        html = self.verified(self.focal_person).get("/en/events/manage/").content.decode()
        assert "Islamabad University Chapter" in html
        assert "Lahore City Chapter" not in html
        assert self.verified(self.outsider).get("/en/events/manage/").status_code == 403


class BadEventInputTests(EventWorld):
    def post(self, **overrides: str) -> str:
        data = ManagementRefusalTests.form_data(self, **overrides)  # type: ignore[arg-type]
        client = self.verified(self.focal_person)
        response = client.post("/en/events/manage/islamabad-university/new/", data)
        assert response.status_code == 400
        return response.content.decode()

    def test_an_event_ending_before_it_starts_is_refused(self) -> None:
        html = self.post(ends_at=at(9).strftime("%Y-%m-%dT%H:%M"))
        assert "The event must end after it starts." in html
        assert not Event.objects.filter(title_en="Training for volunteers").exists()

    def test_a_bidi_override_in_the_title_is_refused(self) -> None:
        html = self.post(title_en="Training \u202egnp.exe")
        assert "reverses the direction of writing" in html
        assert Event.objects.filter(chapter=self.home).count() == 1

    def test_capacity_zero_or_negative_is_refused(self) -> None:
        for capacity in ("0", "-5"):
            html = self.post(capacity=capacity)
            assert "Capacity must be at least 1" in html
        assert Event.objects.filter(chapter=self.home).count() == 1

    def test_a_missing_time_gets_a_clear_message(self) -> None:
        html = self.post(starts_at="next tuesday")
        assert "Give a date and time" in html


class EventAdminScopeTests(EventWorld):
    def test_the_admin_lists_only_his_chapters_events_read_only(self) -> None:
        html = self.verified(self.focal_person).get("/en/admin/activities/event/").content.decode()
        assert "Consent and courage" in html
        assert "Panel: blame the rapist" not in html
        client = self.verified(self.other_focal_person)
        foreign = client.get(f"/en/admin/activities/event/{self.session.pk}/change/")
        assert foreign.status_code in (302, 403, 404)
        assert "Consent and courage" not in foreign.content.decode()
        own = self.verified(self.focal_person).get(
            f"/en/admin/activities/event/{self.session.pk}/change/"
        )
        assert own.status_code == 200
        assert 'name="title_en"' not in own.content.decode()

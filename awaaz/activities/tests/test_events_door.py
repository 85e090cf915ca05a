"""Check-in at the door through the signed host link: no account, no double counting."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from awaaz.activities.models import Rsvp, RsvpStatus
from awaaz.activities.services import events as services
from awaaz.activities.tests.events_support import EventWorld, at


class DoorTests(EventWorld):
    def setUp(self) -> None:
        self.ali = services.rsvp_create(
            event=self.session, name="Ali Fictional", email="ali@example.org", phone=None
        )
        self.bano = services.rsvp_create(
            event=self.session, name="Bano Fictional", email=None, phone="+923001234567"
        )
        self.door = f"/en/events/{self.session.slug}/door/{services.checkin_token(self.session)}/"
        self.phone = Client()  # the host's phone: no account, no session

    def test_the_host_checks_in_by_code_and_by_name_once(self) -> None:
        html = self.phone.get(self.door, {"q": self.ali.code.lower()}).content.decode()
        assert "Ali Fictional" in html
        assert "Bano Fictional" not in html
        response = self.phone.post(f"{self.door}?q={self.ali.code}", {"rsvp": self.ali.pk})
        assert response.status_code == 302
        html = self.phone.get(response["Location"]).content.decode()
        assert "Ali Fictional is checked in." in html
        assert "Checked in: 1 of 2" in html
        # Pressed again (or from a second phone): refused, still one.
        html = self.phone.post(self.door, {"rsvp": self.ali.pk}, follow=True).content.decode()
        assert "Ali Fictional is already checked in." in html
        self.ali.refresh_from_db()
        assert self.ali.status == RsvpStatus.ATTENDED
        assert Rsvp.objects.filter(status=RsvpStatus.ATTENDED).count() == 1
        html = self.phone.get(self.door, {"q": "bano"}).content.decode()
        assert "Bano Fictional" in html
        self.phone.post(self.door, {"rsvp": self.bano.pk})
        assert Rsvp.objects.filter(status=RsvpStatus.ATTENDED).count() == 2
        self.home.refresh_from_db()
        assert self.home.last_activity_at is not None

    def test_a_forged_link_is_refused(self) -> None:
        token = services.checkin_token(self.session)
        forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
        for bad in (forged, "not-a-token", services.checkin_token(self.lahore_panel)):
            url = f"/en/events/{self.session.slug}/door/{bad}/"
            assert self.phone.get(url).status_code == 403, bad
            assert self.phone.post(url, {"rsvp": self.ali.pk}).status_code == 403, bad
        self.ali.refresh_from_db()
        assert self.ali.status == RsvpStatus.GOING

    def test_the_link_expires_at_the_end_of_the_day_after_the_event(self) -> None:
        token = services.checkin_token(self.session)
        next_day_evening = at(6, 23)
        two_days_after = at(7, 0) + datetime.timedelta(minutes=1)
        assert services.checkin_token_valid(event=self.session, token=token, now=next_day_evening)
        assert not services.checkin_token_valid(event=self.session, token=token, now=two_days_after)
        # An event that ended three days ago: its (genuine) link no longer works.
        old = self.make_event(title_en="Old", starts_at=at(-3), ends_at=at(-3, 17))
        url = f"/en/events/{old.slug}/door/{services.checkin_token(old)}/"
        response = self.phone.get(url)
        assert response.status_code == 403
        assert "expired" in response.content.decode()

    def test_a_cancelled_events_link_is_refused_and_a_cancelled_rsvp_cannot_check_in(self) -> None:
        services.rsvp_cancel(rsvp=self.bano)
        response = self.phone.post(self.door, {"rsvp": self.bano.pk}, follow=True)
        assert "Bano Fictional cancelled this RSVP." in response.content.decode()
        services.event_cancel(actor=None, event=self.session)
        assert self.phone.get(self.door).status_code == 403

    def test_an_rsvp_of_another_event_cannot_be_checked_in_here(self) -> None:
        stranger = services.rsvp_create(
            event=self.lahore_panel, name="Chand Fictional", email="c@example.org", phone=None
        )
        assert self.phone.post(self.door, {"rsvp": stranger.pk}).status_code == 404
        stranger.refresh_from_db()
        assert stranger.status == RsvpStatus.GOING
        assert timezone.now() < services.checkin_expires_at(self.session)

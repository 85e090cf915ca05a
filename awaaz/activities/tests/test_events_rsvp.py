"""RSVPs: capacity and the waitlist, refusals, the cancel link by email, reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from awaaz.activities.models import Rsvp, RsvpStatus
from awaaz.activities.services import events as services
from awaaz.activities.tests.events_support import EventWorld, at
from awaaz.core.testing import SmtpSink


class RsvpTests(EventWorld):
    sink: SmtpSink

    @pytest.fixture(autouse=True)
    def _delivery(self, smtp_sink: SmtpSink, settings: Any) -> None:
        self.sink = smtp_sink
        cache.clear()

    def rsvp(self, name: str, email: str = "", phone: str = "", **extra: str) -> Any:
        data = {"name": name, "email": email, "phone": phone, **extra}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/en/events/{self.small.slug}/rsvp/", data)

    def setUp(self) -> None:
        self.small = self.make_event(title_en="Small workshop", capacity=2)

    def test_past_capacity_goes_to_the_waitlist_and_moves_up_on_cancel(self) -> None:
        for name in ("Ali Fictional", "Bano Fictional", "Chand Fictional"):
            response = self.rsvp(name, email=f"{name.split()[0].lower()}@example.org")
            assert response.status_code == 200
        assert "you are on the waitlist" in response.content.decode()
        statuses = dict(Rsvp.objects.filter(event=self.small).values_list("name", "status"))
        assert statuses == {
            "Ali Fictional": RsvpStatus.GOING,
            "Bano Fictional": RsvpStatus.GOING,
            "Chand Fictional": RsvpStatus.WAITLISTED,
        }
        # Ali cancels through the link in his confirmation email.
        mail = self.sink.messages_to("ali@example.org")[0]
        body = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        cancel = next(line for line in body.splitlines() if "/events/rsvp/cancel/" in line)
        path = cancel[cancel.index("/en/") :]
        assert "Cancel my RSVP" in self.client.get(path).content.decode()
        with self.captureOnCommitCallbacks(execute=True):
            html = self.client.post(path).content.decode()
        assert "Your RSVP is cancelled" in html
        chand = Rsvp.objects.get(name="Chand Fictional")
        assert chand.status == RsvpStatus.GOING
        assert "A place is free for you" in str(
            self.sink.messages_to("chand@example.org")[-1]["Subject"]
        )

    def test_the_same_person_twice_holds_one_place(self) -> None:
        self.rsvp("Ali Fictional", email="ali@example.org")
        self.rsvp("Ali Again", email="ALI@example.org")
        self.rsvp("Ali Phone", email="", phone="0300 1234567")
        self.rsvp("Ali Phone Again", phone="+92 300 1234567")
        assert Rsvp.objects.filter(event=self.small).count() == 2

    def test_past_and_cancelled_events_refuse_with_a_clear_message(self) -> None:
        past = self.make_event(title_en="Yesterday", starts_at=at(-1), ends_at=at(-1, 17))
        response = self.client.post(
            f"/en/events/{past.slug}/rsvp/", {"name": "Dua Fictional", "email": "dua@example.org"}
        )
        assert response.status_code == 400
        assert "already started or taken place" in response.content.decode()
        services.event_cancel(actor=None, event=self.small)
        response = self.rsvp("Dua Fictional", email="dua@example.org")
        assert response.status_code == 400
        assert "This event has been cancelled." in response.content.decode()
        assert not Rsvp.objects.exists()

    def test_bad_input_is_explained_and_nothing_is_saved(self) -> None:
        html = self.rsvp("Eman Fictional").content.decode()
        assert "Give an email address or a phone number" in html
        html = self.rsvp("Eman \u202eFictional", email="eman@example.org").content.decode()
        assert "reverses the direction of writing" in html
        html = self.rsvp("Eman Fictional", phone="12345").content.decode()
        assert "This is not a phone number" in html
        assert not Rsvp.objects.exists()

    def test_a_robot_filling_the_honeypot_saves_nothing(self) -> None:
        response = self.rsvp("Bot", email="bot@example.org", website="http://spam.invalid")
        assert response.status_code == 200
        assert not Rsvp.objects.exists()
        assert self.sink.messages == []

    def test_a_forged_cancel_link_cancels_nothing(self) -> None:
        self.rsvp("Ali Fictional", email="ali@example.org")
        rsvp = Rsvp.objects.get()
        token = services.rsvp_cancel_token(rsvp)
        response = self.client.post(f"/en/events/rsvp/cancel/{token[:-2]}xx/")
        assert response.status_code == 404
        rsvp.refresh_from_db()
        assert rsvp.status == RsvpStatus.GOING

    def test_the_rate_limit_stops_a_flood(self) -> None:
        with self.settings(AWAAZ_RSVP_RATE_PER_ADDRESS=2):
            self.rsvp("One Fictional", email="one@example.org")
            self.rsvp("Two Fictional", email="two@example.org")
            assert self.rsvp("Three Fictional", email="three@example.org").status_code == 429
        assert Rsvp.objects.count() == 2


class ReminderTests(EventWorld):
    @pytest.fixture(autouse=True)
    def _delivery(self, smtp_sink: SmtpSink) -> None:
        self.sink = smtp_sink

    def test_the_day_before_each_rsvp_is_reminded_once(self) -> None:
        soon = self.make_event(
            title_en="Tomorrow's session",
            starts_at=timezone.now() + datetime.timedelta(hours=20),
            ends_at=timezone.now() + datetime.timedelta(hours=22),
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.rsvp_create(
                event=soon, name="Faris Fictional", email="faris@example.org", phone=None
            )
            services.rsvp_create(
                event=self.session, name="Gul Fictional", email="gul@example.org", phone=None
            )
        self.sink.messages.clear()
        for _ in range(3):
            with self.captureOnCommitCallbacks(execute=True):
                call_command("activities_events_remind", verbosity=0)
        assert [str(m["Subject"]) for m in self.sink.messages] == ["Tomorrow: Tomorrow's session"]
        assert "faris@example.org" in str(self.sink.messages[0]["To"])

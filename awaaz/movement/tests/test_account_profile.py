"""A member's profile, "download my data" and "delete my data"."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awaaz.core.models import AuditEvent, User
from awaaz.core.testing import PersonasTestCase, SmtpSink
from awaaz.lib.sms import outbox
from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    JoinRequest,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
    Verification,
)
from awaaz.places.models import District, Province


def make_place() -> District:
    province = Province.objects.create(
        code="PK-IS", slug="islamabad", name_en="Islamabad", name_ur="اسلام آباد", kind="province"
    )
    return District.objects.create(
        code="is-islamabad", province=province, name_en="Islamabad", name_ur="اسلام آباد"
    )


class ProfileTests(PersonasTestCase):
    district: ClassVar[District]
    chapter: ClassVar[Chapter]
    other: ClassVar[Member]
    zubair: ClassVar[Member]
    pledge: ClassVar[Pledge]
    sink: SmtpSink
    sms_dir: Path

    @pytest.fixture(autouse=True)
    def _delivery(self, smtp_sink: SmtpSink, settings: Any, tmp_path: Path) -> None:
        self.sink = smtp_sink
        self.sms_dir = tmp_path / "sms"
        settings.AWAAZ_SMS_DIR = self.sms_dir
        cache.clear()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.district = make_place()
        cls.chapter = Chapter.objects.create(
            slug="islamabad-city",
            name_en="Islamabad City",
            name_ur="اسلام آباد شہر",
            kind="city",
            district=cls.district,
            status="active",
        )
        cls.other = Member.objects.create(display_name="Other Person", email="other@example.org")
        cls.zubair = Member.objects.create(
            user=cls.member,
            display_name="Zubair Awan",
            email="zubair@example.org",
            phone="+923000000202",
            district=cls.district,
            home_chapter=cls.chapter,
            language="en",
        )
        text = PledgeText.objects.create(
            version=1,
            text_en="I pledge.",
            text_ur="میں عہد کرتا ہوں۔",
            consent_en="Yes",
            consent_ur="ہاں",
        )
        now = timezone.now()
        cls.pledge = Pledge.objects.create(
            member=cls.zubair,
            text=text,
            district=cls.district,
            consent_version=1,
            language="en",
            status=PledgeStatus.CONFIRMED,
            confirmed_at=now,
            expires_at=now + datetime.timedelta(days=3),
        )
        Pledge.objects.create(
            member=cls.other,
            text=text,
            district=cls.district,
            display_name="Other Person",
            consent_version=1,
            language="en",
            status=PledgeStatus.CONFIRMED,
            confirmed_at=now,
            expires_at=now + datetime.timedelta(days=3),
        )
        PledgeTally.objects.create(district=cls.district, week=PledgeTally.week_of(now), count=2)
        JoinRequest.objects.create(member=cls.other, chapter=cls.chapter)

    def _client(self) -> Client:
        return self.client_for(self.member)

    def test_profile_shows_home_chapter_read_only(self) -> None:
        page = self._client().get(reverse("movement:profile")).content.decode()
        assert "Islamabad City" in page
        assert 'name="home_chapter"' not in page

    def test_signed_out_goes_to_sign_in(self) -> None:
        response = Client().get(reverse("movement:profile"))
        assert response.status_code == 302
        assert response["Location"] == reverse("movement:sign_in")

    def test_staff_without_membership_are_refused(self) -> None:
        for persona in (self.outsider, self.other_focal_person, self.coordinator):
            client = self.client_for(persona)
            for name in ("movement:profile", "movement:my_data", "movement:erase"):
                assert client.get(reverse(name)).status_code == 403, (persona, name)

    def _save(self, **changes: str) -> Any:
        data = {
            "display_name": "Zubair Awan",
            "district": str(self.district.pk),
            "language": "en",
            "email": "zubair@example.org",
            "phone": "+923000000202",
            **changes,
        }
        with self.captureOnCommitCallbacks(execute=True):
            return self._client().post(reverse("movement:profile"), data)

    def test_name_district_and_language_are_saved(self) -> None:
        response = self._save(display_name="زبیر اعوان", language="ur")
        assert response.status_code == 302
        assert response["Location"].startswith("/ur/")
        member = Member.objects.get(pk=self.zubair.pk)
        assert member.display_name == "زبیر اعوان"
        assert member.language == "ur"
        assert User.objects.get(pk=self.member.pk).preferred_language == "ur"

    def test_a_bidi_override_in_the_name_is_refused(self) -> None:
        response = self._save(display_name="Zubair\u202eAwan")
        assert response.status_code == 400
        assert "reverses the direction" in response.content.decode()
        assert Member.objects.get(pk=self.zubair.pk).display_name == "Zubair Awan"

    def test_new_email_is_used_only_after_confirmation(self) -> None:
        self._save(email="zubair.new@example.org")
        assert Member.objects.get(pk=self.zubair.pk).email == "zubair@example.org"
        assert self.sink.messages[-1]["To"] == "zubair.new@example.org"
        link = re.search(r"https?://\S+", self.sink.bodies()[-1])
        assert link
        path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
        assert Client().post(path).status_code == 200
        member = Member.objects.get(pk=self.zubair.pk)
        assert member.email == "zubair.new@example.org"
        assert member.email_verified_at is not None

    def test_taking_another_members_email_fails_at_confirmation(self) -> None:
        self._save(email="other@example.org")
        link = re.search(r"https?://\S+", self.sink.bodies()[-1])
        assert link
        path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
        response = Client().post(path)
        assert response.status_code == 400
        assert Member.objects.get(pk=self.zubair.pk).email == "zubair@example.org"

    def test_new_phone_is_confirmed_by_code(self) -> None:
        response = self._save(phone="0300 0000303")
        assert response["Location"] == reverse("movement:contact_code")
        assert Member.objects.get(pk=self.zubair.pk).phone == "+923000000202"
        message = outbox(self.sms_dir)[-1]
        assert message["to"] == "+923000000303"
        code = re.search(r"\d{6}", message["body"])
        assert code
        client = self._client()
        assert client.post(reverse("movement:contact_code"), {"code": "99999x"}).status_code == 400
        response = client.post(reverse("movement:contact_code"), {"code": code.group(0)})
        assert response.status_code == 302
        assert Member.objects.get(pk=self.zubair.pk).phone == "+923000000303"

    def test_a_member_must_stay_reachable(self) -> None:
        response = self._save(email="", phone="")
        assert response.status_code == 400
        assert "at least one way" in response.content.decode()

    def test_download_my_data_holds_only_my_data(self) -> None:
        response = self._client().get(reverse("movement:my_data"))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["member"]["email"] == "zubair@example.org"
        assert data["member"]["home_chapter"] == "islamabad-city"
        assert len(data["pledges"]) == 1
        assert data["join_requests"] == []
        assert "Other Person" not in response.content.decode()
        assert "other@example.org" not in response.content.decode()
        event = AuditEvent.objects.get(action="member.data_downloaded")
        assert event.actor is None

    def test_erasure_needs_the_second_step(self) -> None:
        client = self._client()
        page = client.get(reverse("movement:erase"))
        assert "What is kept" in page.content.decode()
        response = client.post(reverse("movement:erase"), {})
        assert response.status_code == 400
        assert Member.objects.filter(pk=self.zubair.pk).exists()

    def test_erasure_deletes_everything_but_the_anonymous_count(self) -> None:
        ChapterRole.objects.create(
            chapter=self.chapter,
            member=self.zubair,
            kind="deputy",
            starts_on=timezone.localdate(),
        )
        JoinRequest.objects.create(member=self.zubair, chapter=self.chapter, status="approved")
        Verification.objects.create(
            member=self.zubair,
            purpose="sign_in",
            channel="email",
            token_hash="a" * 64,
            expires_at=timezone.now(),
        )
        tallies = list(PledgeTally.objects.values_list("district_id", "week", "count"))
        client = self._client()
        response = client.post(reverse("movement:erase"), {"understood": "on"})
        assert response.status_code == 302
        assert not Member.objects.filter(pk=self.zubair.pk).exists()
        assert not Pledge.objects.filter(pk=self.pledge.pk).exists()
        assert not Verification.objects.filter(member_id=self.zubair.pk).exists()
        assert not JoinRequest.objects.filter(member_id=self.zubair.pk).exists()
        assert not ChapterRole.objects.filter(member_id=self.zubair.pk).exists()
        assert not User.objects.filter(pk=self.member.pk).exists()
        assert list(PledgeTally.objects.values_list("district_id", "week", "count")) == tallies
        # Other people's rows are untouched.
        assert Member.objects.filter(pk=self.other.pk).exists()
        assert Pledge.objects.filter(member=self.other).count() == 1
        event = AuditEvent.objects.get(action="member.erased")
        assert event.actor is None
        assert event.object_id == ""
        assert "zubair" not in json.dumps(event.detail).lower()
        assert client.get(reverse("movement:profile")).status_code == 302

    def test_an_account_named_in_the_audit_log_is_emptied_not_deleted(self) -> None:
        AuditEvent.objects.create(actor=self.member, actor_label="member", action="chapter.read")
        self._client().post(reverse("movement:erase"), {"understood": "on"})
        user = User.objects.get(pk=self.member.pk)
        assert not user.is_active
        assert user.email == ""
        assert user.username.startswith("erased-")
        assert not Member.objects.filter(pk=self.zubair.pk).exists()

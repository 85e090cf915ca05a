"""Chapter pages as people use them: directory, public page, contact relay, joining, console."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from awaaz.core.models import AuditEvent
from awaaz.core.testing import SmtpSink
from awaaz.movement.models import Chapter, ChapterStatus, JoinRequest, JoinRequestStatus
from awaaz.movement.selectors.chapters import HIGH_RISK_COUNT_THRESHOLD
from awaaz.movement.tests.test_chapters_support import ChapterWorld

DETAIL = "/en/chapters/islamabad-university/"
MANAGE = "/en/chapters/islamabad-university/manage/"
BIDI = "Meet us \u202eevil\u202c here"


class PublicPageTests(ChapterWorld):
    def test_the_directory_lists_public_chapters_by_province_and_district(self) -> None:
        html = Client().get("/en/chapters/").content.decode()
        assert "Islamabad University Chapter" in html
        assert "Lahore City Chapter" in html
        assert "Lahore College Chapter" not in html  # only proposed
        assert "<h2>Punjab</h2>" in html
        assert "<h3>Lahore</h3>" in html
        html = Client().get("/en/chapters/?province=punjab").content.decode()
        assert "Islamabad University Chapter" not in html
        html = Client().get("/ur/chapters/").content.decode()
        assert "اسلام آباد یونیورسٹی چیپٹر" in html
        assert 'dir="rtl"' in html

    def test_the_public_page_names_the_focal_person_and_nobodys_contact_details(self) -> None:
        html = Client().get(DETAIL).content.decode()
        assert "Bilal Fictional" in html
        assert "We meet every month on campus." in html
        assert "Launch seminar" in html
        for secret in ("bilal.focal@example.org", "+923001110001", "usman", "Usman"):
            assert secret not in html
        assert "style=" not in html
        assert "<script" not in html
        assert len(html.encode()) < 30_000  # light enough for a slow phone

    def test_a_high_risk_chapter_shows_no_names_and_no_small_count(self) -> None:
        Chapter.objects.filter(pk=self.home.pk).update(high_risk=True)
        html = Client().get(DETAIL).content.decode()
        assert "Bilal Fictional" not in html
        assert "<dt>Members</dt>" not in html
        assert self.home.members.count() < HIGH_RISK_COUNT_THRESHOLD

    def test_proposed_and_closed_chapters_have_no_public_page(self) -> None:
        assert Client().get("/en/chapters/lahore-college/").status_code == 404
        Chapter.objects.filter(pk=self.other.pk).update(status=ChapterStatus.CLOSED)
        assert Client().get("/en/chapters/lahore-city/").status_code == 404


class ContactRelayTests(ChapterWorld):
    sink: SmtpSink

    @pytest.fixture(autouse=True)
    def _sink(self, smtp_sink: SmtpSink) -> None:
        self.sink = smtp_sink
        cache.clear()

    def test_a_message_reaches_the_focal_person_by_real_smtp(self) -> None:
        response = Client().post(
            f"{DETAIL}contact/",
            {"name": "Ayesha", "reply_to": "ayesha@example.org", "message": "Can I volunteer?"},
            follow=True,
        )
        assert "Your message has been passed on to the focal person." in response.content.decode()
        assert len(self.sink.messages) == 1
        mail = self.sink.messages[0]
        assert mail["To"] == "bilal.focal@example.org"
        assert mail["Reply-To"] == "ayesha@example.org"
        body = self.sink.bodies()[0]
        assert "Can I volunteer?" in body
        assert "ayesha@example.org" in body
        event = AuditEvent.objects.get(action="chapter.contact.relayed")
        assert event.detail == {}

    def test_without_a_reply_address_none_is_sent_and_the_mail_is_in_urdu(self) -> None:
        Client().post("/ur/chapters/lahore-city/contact/", {"message": "سلام"})
        mail = self.sink.messages[0]
        assert mail["Reply-To"] is None
        assert mail["To"] == "kamran.focal@example.org"
        assert "سلام" in self.sink.bodies()[0]
        assert "Awaaz" in mail["Subject"]
        assert "لاہور شہر چیپٹر" in mail["Subject"]

    def test_the_honeypot_sends_nothing_but_looks_sent(self) -> None:
        response = Client().post(
            f"{DETAIL}contact/", {"message": "Buy now", "website": "http://spam.example"}
        )
        assert response.status_code == 302
        assert self.sink.messages == []

    def test_an_oversized_message_is_refused_in_english_and_urdu(self) -> None:
        long = "x" * 2001
        response = Client().post(f"{DETAIL}contact/", {"message": long})
        assert response.status_code == 400
        assert "Please keep this under 2000 characters (it has 2001)." in response.content.decode()
        response = Client().post("/ur/chapters/islamabad-university/contact/", {"message": long})
        assert "2000" in response.content.decode()
        assert "حروف" in response.content.decode()
        assert self.sink.messages == []

    def test_a_bidi_override_is_refused(self) -> None:
        response = Client().post(f"{DETAIL}contact/", {"message": BIDI})
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        assert self.sink.messages == []

    def test_one_visitor_is_rate_limited(self) -> None:
        client = Client()
        for _ in range(3):
            assert client.post(f"{DETAIL}contact/", {"message": "Hello"}).status_code == 302
        response = client.post(f"{DETAIL}contact/", {"message": "Hello"})
        assert response.status_code == 400
        assert "Too many messages" in response.content.decode()
        assert len(self.sink.messages) == 3


class JoinTests(ChapterWorld):
    def test_a_member_asks_once_and_a_second_click_gets_a_clear_answer(self) -> None:
        client = Client()
        client.force_login(self.newcomer)
        response = client.post(f"{DETAIL}join/", {"message": "I study here."}, follow=True)
        html = response.content.decode()
        assert "Your request has been sent." in html
        assert "You have asked to join this chapter." in html
        response = client.post(f"{DETAIL}join/", {"message": ""})
        assert response.status_code == 400
        assert "You have already asked to join this chapter." in response.content.decode()
        response = client.post("/ur/chapters/islamabad-university/join/", {"message": ""})
        assert "آپ اس چیپٹر میں شامل ہونے کی درخواست پہلے ہی دے چکے ہیں" in (
            response.content.decode()
        )
        assert JoinRequest.objects.filter(member=self.newcomer_member).count() == 1

    def test_signed_out_visitors_and_people_without_a_member_record_cannot_ask(self) -> None:
        assert Client().post(f"{DETAIL}join/").status_code == 302
        client = Client()
        client.force_login(self.outsider)
        response = client.post(f"{DETAIL}join/")
        assert response.status_code == 400
        assert not JoinRequest.objects.exists()


class ConsoleTests(ChapterWorld):
    def test_the_focal_person_approves_a_request(self) -> None:
        request = JoinRequest.objects.create(member=self.newcomer_member, chapter=self.home)
        client = self.verified(self.focal_person)
        html = client.get(MANAGE).content.decode()
        assert "Faisal Fictional" in html
        response = client.post(f"{MANAGE}requests/{request.pk}/", {"decision": "approve"})
        assert response.status_code == 302
        self.newcomer_member.refresh_from_db()
        assert self.newcomer_member.home_chapter_id == self.home.pk
        request.refresh_from_db()
        assert request.status == JoinRequestStatus.APPROVED

    def test_reading_the_member_list_is_audited_without_personal_data(self) -> None:
        html = self.verified(self.focal_person).get(MANAGE).content.decode()
        assert "Usman Fictional" in html
        assert "usman.member@example.org" not in html  # only on the explicit action
        event = AuditEvent.objects.get(action="chapter.members.read")
        assert event.actor == self.focal_person
        assert event.object_id == str(self.home.pk)
        assert "Usman" not in str(event.detail)

    def test_showing_contact_details_is_an_explicit_audited_action(self) -> None:
        client = self.verified(self.focal_person)
        response = client.post(f"{MANAGE}members/{self.member_record.pk}/contact/")
        html = response.content.decode()
        assert "usman.member@example.org" in html
        assert "+923001110002" in html
        event = AuditEvent.objects.get(action="chapter.member.contact.read")
        assert event.detail == {"member": self.member_record.pk}
        # A GET does not show them: the action must be deliberate.
        assert client.get(f"{MANAGE}members/{self.member_record.pk}/contact/").status_code == 405

    def test_a_high_risk_chapter_hides_its_list_from_its_own_focal_person(self) -> None:
        Chapter.objects.filter(pk=self.home.pk).update(high_risk=True)
        html = self.verified(self.focal_person).get(MANAGE).content.decode()
        assert "Usman Fictional" not in html
        assert "high-risk chapter" in html
        response = self.verified(self.focal_person).post(
            f"{MANAGE}members/{self.member_record.pk}/contact/"
        )
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action__startswith="chapter.member").exists()
        html = self.verified(self.coordinator).get(MANAGE).content.decode()
        assert "Usman Fictional" in html

    def test_a_bidi_override_in_the_description_saves_nothing(self) -> None:
        client = self.verified(self.focal_person)
        response = client.post(
            f"{MANAGE}description/", {"description_en": BIDI, "description_ur": "نیا"}
        )
        assert response.status_code == 400
        assert "reverses the direction of writing" in response.content.decode()
        response = client.post(
            "/ur/chapters/islamabad-university/manage/description/",
            {"description_en": "", "description_ur": BIDI},
        )
        assert response.status_code == 400
        assert "لکھنے کی سمت" in response.content.decode()
        self.home.refresh_from_db()
        assert self.home.description_en == "We meet every month on campus."
        assert self.home.description_ur == "ہم ہر مہینے کیمپس میں ملتے ہیں۔"

    def test_the_description_is_saved_and_shown_on_the_public_page(self) -> None:
        client = self.verified(self.focal_person)
        client.post(
            f"{MANAGE}description/",
            {"description_en": "Sessions on Fridays.", "description_ur": "جمعے کو نشستیں۔"},
        )
        assert "Sessions on Fridays." in Client().get(DETAIL).content.decode()
        assert "جمعے کو نشستیں۔" in (
            Client().get("/ur/chapters/islamabad-university/").content.decode()
        )
        assert AuditEvent.objects.filter(
            action="chapter.description.updated", actor=self.focal_person
        ).exists()

    def test_the_focal_person_activates_but_may_not_close_his_chapter(self) -> None:
        client = self.verified(self.focal_person)
        response = client.post(f"{MANAGE}status/", {"status": "closed"})
        assert response.status_code == 400
        self.home.refresh_from_db()
        assert self.home.status == ChapterStatus.LAUNCHED
        assert client.post(f"{MANAGE}status/", {"status": "active"}).status_code == 302
        self.home.refresh_from_db()
        assert self.home.status == ChapterStatus.ACTIVE
        coordinator = self.verified(self.coordinator)
        assert coordinator.post(f"{MANAGE}status/", {"status": "closed"}).status_code == 302
        self.home.refresh_from_db()
        assert self.home.status == ChapterStatus.CLOSED

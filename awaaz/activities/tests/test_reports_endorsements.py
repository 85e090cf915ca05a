"""Correcting an endorsement: who may, what is audited, consent withdrawn off the public page at
once, and bad input that leaves the stored endorsement as it was."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from awaaz.activities.models import Endorsement
from awaaz.activities.services import reports as services
from awaaz.activities.tests.test_reports_editing import EditingWorld
from awaaz.core.models import AuditEvent

QUOTE_EN = "Blame the rapist, never the victim."
QUOTE_UR = "قصور وار ریپسٹ ہے، متاثرہ نہیں۔"


class EndorsementEditTests(EditingWorld):
    endorsement: Endorsement
    public_url = reverse("activities:endorsements")

    def setUp(self) -> None:
        self.endorsement = services.endorsement_create(
            actor=self.coordinator,
            name="Ayesha Fictional",
            title="Vice-chancelor",
            quote_en=QUOTE_EN,
            quote_ur=QUOTE_UR,
            consent_to_publish=True,
        )
        self.endorsement = services.endorsement_verify(
            actor=self.coordinator, endorsement=self.endorsement
        )

    def url(self, language: str = "en") -> str:
        with translation.override(language):
            return reverse("activities:endorsement_edit", kwargs={"pk": self.endorsement.pk})

    def form(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "name": "Ayesha Fictional",
            "title": "Vice-chancelor",
            "quote_en": QUOTE_EN,
            "quote_ur": QUOTE_UR,
            "consent_to_publish": "on",
            "verified_by": str(self.coordinator.pk),
            "version": services.endorsement_version(self.endorsement),
        }
        data.update(extra)
        return {key: value for key, value in data.items() if value is not None}

    def assert_unchanged(self) -> None:
        stored = Endorsement.objects.get(pk=self.endorsement.pk)
        assert (stored.name, stored.title) == ("Ayesha Fictional", "Vice-chancelor")
        assert (stored.quote_en, stored.quote_ur) == (QUOTE_EN, QUOTE_UR)
        assert stored.consent_to_publish
        assert stored.verified_by == self.coordinator
        assert stored.updated_at == self.endorsement.updated_at
        assert not AuditEvent.objects.filter(action="endorsement.edit").exists()

    def test_the_coordinator_corrects_it_and_it_is_audited_without_the_words(self) -> None:
        client = self.verified_client_for(self.coordinator)
        page = client.get(self.url())
        assert page.status_code == 200
        assert "Vice-chancelor" in page.content.decode()
        manage = client.get(reverse("activities:endorsements_manage")).content.decode()
        assert self.url() in manage
        data = self.form(
            title="Vice-chancellor", quote_en="Blame the rapist. Never the victim.", quote_ur=""
        )
        response = client.post(self.url(), data)
        assert response.status_code == 302
        self.endorsement.refresh_from_db()
        assert self.endorsement.title == "Vice-chancellor"
        assert self.endorsement.quote_en == "Blame the rapist. Never the victim."
        assert self.endorsement.quote_ur == ""
        audit = AuditEvent.objects.get(action="endorsement.edit")
        assert audit.actor == self.coordinator
        assert audit.detail == {
            "fields": ["title", "quote_en", "quote_ur"],
            "public_before": True,
            "public": True,
        }
        assert "Never the victim" not in str(audit.detail)
        public = self.client.get(self.public_url).content.decode()
        assert "Vice-chancellor" in public
        assert "Blame the rapist. Never the victim." in public

    def test_withdrawn_consent_takes_it_off_the_public_page_at_once(self) -> None:
        before = self.client.get(self.public_url)
        assert "Ayesha Fictional" in before.content.decode()
        # No cache between the site and a reader may serve the page without asking again.
        assert before["Cache-Control"] == "no-cache"
        client = self.verified_client_for(self.coordinator)
        response = client.post(self.url(), self.form(consent_to_publish=None))
        assert response.status_code == 302
        self.endorsement.refresh_from_db()
        assert not self.endorsement.consent_to_publish
        # Still on record, still verified: only its publication was withdrawn.
        assert self.endorsement.verified_by == self.coordinator
        for language in ("en", "ur"):
            page = self.client.get(f"/{language}/endorsements/").content.decode()
            assert "Ayesha Fictional" not in page
            assert QUOTE_UR not in page
        audit = AuditEvent.objects.get(action="endorsement.edit")
        assert audit.detail["fields"] == ["consent_to_publish"]
        assert (audit.detail["public_before"], audit.detail["public"]) == (True, False)

    def test_who_verified_it_is_corrected_or_cleared(self) -> None:
        client = self.verified_client_for(self.coordinator)
        verified_at = self.endorsement.verified_at
        data = self.form(verified_by=str(self.provincial.pk))
        assert client.post(self.url(), data).status_code == 302
        self.endorsement.refresh_from_db()
        assert self.endorsement.verified_by == self.provincial
        assert self.endorsement.verified_at == verified_at
        # Nobody verified it after all: unverified again, and so not public.
        assert client.post(self.url(), self.form(verified_by="")).status_code == 302
        self.endorsement.refresh_from_db()
        assert self.endorsement.verified_by is None
        assert self.endorsement.verified_at is None
        assert "Ayesha Fictional" not in self.client.get(self.public_url).content.decode()
        # Someone who may not verify endorsements cannot be named.
        response = client.post(self.url(), self.form(verified_by=str(self.focal_person.pk)))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
        self.endorsement.refresh_from_db()
        assert self.endorsement.verified_by is None

    def test_a_provincial_coordinator_may_correct_it_as_he_may_record_one(self) -> None:
        client = self.verified_client_for(self.provincial)
        assert client.post(self.url(), self.form(title="Vice-chancellor")).status_code == 302
        self.endorsement.refresh_from_db()
        assert self.endorsement.title == "Vice-chancellor"
        assert AuditEvent.objects.get(action="endorsement.edit").actor == self.provincial

    def test_focal_persons_members_and_outsiders_are_refused(self) -> None:
        for persona in (self.focal_person, self.other_focal_person, self.member, self.outsider):
            client = self.verified_client_for(persona)
            assert client.get(self.url()).status_code == 403, persona
            data = self.form(consent_to_publish=None, quote_en="Taken over.")
            assert client.post(self.url(), data).status_code == 403, persona
        # Signed out: to the sign-in page, nothing changed.
        assert self.client.post(self.url(), self.form(consent_to_publish=None)).status_code == 302
        self.assert_unchanged()

    def test_the_same_word_typed_on_two_keyboards_is_stored_alike(self) -> None:
        client = self.verified_client_for(self.coordinator)
        decomposed = "Ayesha Fictional, Ministe\u0300re"  # e + combining grave accent
        assert client.post(self.url(), self.form(title=decomposed)).status_code == 302
        self.endorsement.refresh_from_db()
        assert self.endorsement.title == "Ayesha Fictional, Minist\u00e8re"

    def test_markup_is_kept_as_text_and_never_runs(self) -> None:
        client = self.verified_client_for(self.coordinator)
        data = self.form(quote_en="<script>alert(1)</script> Stand with survivors.")
        assert client.post(self.url(), data).status_code == 302
        for url in ("/en/endorsements/", "/en/endorsements/manage/"):
            html = self.verified_client_for(self.coordinator).get(url).content.decode()
            assert "<script>alert(1)" not in html
            assert "&lt;script&gt;alert(1)&lt;/script&gt; Stand with survivors." in html

    def test_odd_unicode_is_refused_in_the_visitors_language_and_nothing_is_lost(self) -> None:
        client = self.verified_client_for(self.coordinator)
        cases = (
            (
                {"name": "Ayesha \u202eFictional"},
                "reverses the direction of writing",
                "لکھنے کی سمت الٹ دیتا ہے",
            ),
            (
                {"quote_ur": "قصور وار\x07 ریپسٹ ہے"},
                "invisible control characters",
                "نظر نہ آنے والے کنٹرول حروف",
            ),
            (
                {"title": "Vice\u009b-chancellor"},  # a C1 control (terminal escape)
                "invisible control characters",
                None,
            ),
        )
        for change, english, urdu in cases:
            response = client.post(self.url(), self.form(**change))
            assert response.status_code == 400, change
            assert english in response.content.decode(), change
            if urdu:
                in_urdu = client.post(self.url("ur"), self.form(**change))
                assert in_urdu.status_code == 400
                assert urdu in in_urdu.content.decode()
        self.assert_unchanged()

    def test_an_oversized_or_missing_quote_is_refused_with_a_clear_message(self) -> None:
        client = self.verified_client_for(self.coordinator)
        long_quote = "ہم ساتھ ہیں " * 200  # 2,400 characters
        response = client.post(self.url(), self.form(quote_ur=long_quote))
        assert response.status_code == 400
        html = response.content.decode()
        assert "Please keep this under 2000 characters (it has 2399)." in html
        assert "Give the quote in English" not in html
        in_urdu = client.post(self.url("ur"), self.form(quote_ur=long_quote)).content.decode()
        assert "براہِ کرم اسے 2000 حروف سے کم رکھیں" in in_urdu
        # The form gives back what was typed, so nothing typed is lost either.
        assert "ہم ساتھ ہیں ہم ساتھ ہیں" in in_urdu
        response = client.post(self.url(), self.form(quote_en="  ", quote_ur=""))
        assert response.status_code == 400
        assert "Give the quote in English, in Urdu, or both." in response.content.decode()
        self.assert_unchanged()

    def test_a_correction_saved_meanwhile_is_not_overwritten(self) -> None:
        opened = self.form(title="Vice-chancellor (retd.)")
        services.endorsement_update(
            actor=self.provincial, endorsement=self.endorsement, title="Dean"
        )
        response = self.verified_client_for(self.coordinator).post(self.url(), opened)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone else corrected this endorsement" in html
        assert 'value="Dean"' in html
        self.endorsement.refresh_from_db()
        assert self.endorsement.title == "Dean"

    def test_saving_without_a_change_writes_nothing(self) -> None:
        form = self.form(title="Vice-chancelor")
        assert self.verified_client_for(self.coordinator).post(self.url(), form).status_code == 302
        self.assert_unchanged()

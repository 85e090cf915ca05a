"""The back office: who may edit content, and what the admin refuses."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from awaaz.content.models import Amendment, LawEntry, Source
from awaaz.content.tests.helpers import make_law
from awaaz.core.models import AuditEvent
from awaaz.core.testing import PersonasTestCase
from awaaz.lib.text import text_problem

RLO = "\u202e"


def form_data(client: Client, admin_url: str, /, **fields: Any) -> dict[str, Any]:
    """The admin add form as a browser would submit it: management forms included."""
    response = client.get(admin_url)
    assert response.status_code == 200, response.status_code
    data: dict[str, Any] = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data.update(fields)
    return data


VALID_LAW = {
    "slug": "ppc-999",
    "kind": "ppc_section",
    "order": "0",
    "published": "on",
    "last_reviewed": "2026-11-21",
    "reference_en": "PPC 999",
    "reference_ur": "دفعہ 999",
    "title_en": "A fictional section",
    "title_ur": "ایک فرضی دفعہ",
    "summary_en": "A summary.",
    "summary_ur": "خلاصہ۔",
    "body_en": "",
    "body_ur": "",
}


class ContentAdminTest(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The country coordinator edits content; the coder (staff, evidence only) does not.
        coordinators = Group.objects.get(name="country coordinator")
        coordinators.permissions.set(Permission.objects.filter(content_type__app_label="content"))

    def test_coordinator_can_list_search_and_open_every_content_model(self) -> None:
        make_law(reference_en="PPC 999")
        client = self.verified_client_for(self.coordinator)
        for model in ("lawentry", "myth", "page", "source"):
            assert client.get(reverse(f"admin:content_{model}_changelist")).status_code == 200
            assert client.get(reverse(f"admin:content_{model}_add")).status_code == 200
        response = client.get(reverse("admin:content_lawentry_changelist"), {"q": "999"})
        self.assertContains(response, "A fictional section")
        response = client.get(
            reverse("admin:content_lawentry_changelist"), {"q": "nothing-like-it"}
        )
        self.assertNotContains(response, "A fictional section")

    def test_urdu_inputs_are_right_to_left(self) -> None:
        response = self.verified_client_for(self.coordinator).get(
            reverse("admin:content_lawentry_add")
        )
        self.assertContains(response, 'name="title_ur"')
        html = response.content.decode()
        tag = html[html.index('name="title_ur"') - 200 : html.index('name="title_ur"') + 200]
        assert 'dir="rtl"' in tag

    def test_coordinator_adds_a_law_entry_with_its_amendment_history(self) -> None:
        client = self.verified_client_for(self.coordinator)
        url = reverse("admin:content_lawentry_add")
        data = form_data(client, url, **VALID_LAW)
        data |= {
            "amendments-TOTAL_FORMS": "1",
            "amendments-0-date": "2021-11-17",
            "amendments-0-act_en": "A fictional Act",
            "amendments-0-act_ur": "ایک فرضی ایکٹ",
            "amendments-0-change_en": "Inserted.",
            "amendments-0-change_ur": "شامل کی گئی۔",
        }
        response = client.post(url, data)
        assert response.status_code == 302, getattr(response, "context", None)
        entry = LawEntry.objects.get(slug="ppc-999")
        assert entry.amendments.get().act_en == "A fictional Act"
        event = AuditEvent.objects.get(action="content.created")
        assert event.actor == self.coordinator
        assert event.object_id == str(entry.pk)

    def test_a_bidi_override_in_a_title_is_refused_and_nothing_is_saved(self) -> None:
        client = self.verified_client_for(self.coordinator)
        url = reverse("admin:content_lawentry_add")
        data = form_data(client, url, **(VALID_LAW | {"title_en": f"Section {RLO}999"}))
        data |= {
            "amendments-TOTAL_FORMS": "1",
            "amendments-0-date": "2021-11-17",
            "amendments-0-act_en": "A fictional Act",
            "amendments-0-change_en": "Inserted.",
        }
        response = client.post(url, data)
        assert response.status_code == 200
        message = text_problem(RLO)
        assert message is not None
        self.assertContains(response, message)
        assert not LawEntry.objects.exists()
        assert not Amendment.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_a_law_entry_needs_a_review_date(self) -> None:
        client = self.verified_client_for(self.coordinator)
        url = reverse("admin:content_lawentry_add")
        response = client.post(url, form_data(client, url, **(VALID_LAW | {"last_reviewed": ""})))
        assert response.status_code == 200
        assert "last_reviewed" in response.context["adminform"].form.errors
        assert not LawEntry.objects.exists()

    def test_a_source_link_must_be_a_web_address(self) -> None:
        client = self.verified_client_for(self.coordinator)
        url = reverse("admin:content_source_add")
        data = form_data(
            client, url, key="bad", title="A fictional report", url="javascript:alert(1)"
        )
        response = client.post(url, data)
        assert response.status_code == 200
        assert "url" in response.context["adminform"].form.errors
        assert not Source.objects.exists()

    def test_publish_action_publishes_and_is_audited(self) -> None:
        entry = make_law(published=False)
        client = self.verified_client_for(self.coordinator)
        response = client.post(
            reverse("admin:content_lawentry_changelist"),
            {"action": "publish", "_selected_action": [entry.pk]},
        )
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.published
        assert AuditEvent.objects.filter(action="content.published").exists()

    def test_outsider_is_sent_to_sign_in_and_cannot_write(self) -> None:
        client = self.verified_client_for(self.outsider)
        changelist = reverse("admin:content_lawentry_changelist")
        response = client.get(changelist)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
        response = client.post(reverse("admin:content_lawentry_add"), VALID_LAW)
        assert response.status_code == 302
        assert not LawEntry.objects.exists()

    def test_staff_without_content_permission_is_refused(self) -> None:
        client = self.verified_client_for(self.coder)
        response = client.get(reverse("admin:content_lawentry_changelist"))
        assert response.status_code == 403
        response = client.post(reverse("admin:content_lawentry_add"), VALID_LAW)
        assert response.status_code == 403
        assert not LawEntry.objects.exists()

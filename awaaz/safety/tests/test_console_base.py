"""Shared set-up for the console tests (no tests here): case workers with keys and reports.

Everything here is fictional; the KDF runs at its test cost (settings under AWAAZ_TESTING).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from awaaz.core.models import User
from awaaz.core.roles import CASE_WORKER
from awaaz.core.testing import PERSONA_PASSWORD, PersonasTestCase
from awaaz.safety import services
from awaaz.safety.models import Report

CANARY = "Canary sentence: the blue kite flew over Qasimabad at noon."


def report_make(narrative: str = CANARY, **overrides: Any) -> tuple[Report, str]:
    """A report filed through the intake's service, as a reporter would; returns it and receipt."""
    fields: dict[str, Any] = {
        "reporter_role": "survivor",
        "incident_type": "sexual_assault",
        "when": "within_month",
        "district": None,
        "survivor_gender": "man",
        "survivor_age": "18_24",
        "perpetrator_count": "one",
        "perpetrator_relationship": "acquaintance",
        "police_told": "no",
        "fir_registered": "no",
        "help_wanted": ["counselling"],
        "narrative": narrative,
        "consent_statistics": True,
        "consent_share": False,
        "share_service": None,
        "consent_contact": False,
        "contact": None,
    }
    fields.update(overrides)
    return services.report_create(**fields)


class ConsoleTestCase(PersonasTestCase):
    """Personas, plus a second case worker; `case_worker` takes in new reports."""

    other_case_worker: ClassVar[User]
    recovery_key: ClassVar[str]
    other_recovery_key: ClassVar[str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_case_worker = User.objects.create_user(
            username="other_case_worker",
            email="other_case_worker@example.org",
            password=PERSONA_PASSWORD,
            is_staff=True,
            first_name="Nargis",
        )
        cls.other_case_worker.groups.add(Group.objects.get(name=CASE_WORKER))
        cls.case_worker.first_name = "Bilal"
        cls.case_worker.save(update_fields=["first_name"])
        cls.recovery_key = services.caseworker_keys_create(
            user=cls.case_worker, password=PERSONA_PASSWORD, receives_new_reports=True
        )
        cls.other_recovery_key = services.caseworker_keys_create(
            user=cls.other_case_worker, password=PERSONA_PASSWORD
        )
        # Creating keys may re-hash the password; keep the objects in step with the database.
        cls.case_worker.refresh_from_db()
        cls.other_case_worker.refresh_from_db()

    def setUp(self) -> None:
        super().setUp()
        # Counters of wrong unlock tries live in the cache, which outlives each test's rollback.
        cache.clear()

    def unlocked_client_for(self, persona: User) -> Client:
        """A verified client whose console key is unlocked (as after typing the password)."""
        client = self.verified_client_for(persona)
        response = client.post(reverse("safety:console_unlock"), {"password": PERSONA_PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

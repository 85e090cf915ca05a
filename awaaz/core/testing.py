"""The base test case: named personas that every view test can use.

Modelled on healthchecks' alice/bob/charlie. Roles are Django groups for now; the movement and
safety apps attach their own row-level scope (a chapter, assigned reports) to the same people.
All personas are fictional; no real personal data appears in any test.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import Group
from django.test import Client, TestCase

from awaaz.core.models import User

PERSONA_PASSWORD = "correct horse battery staple"  # noqa: S105 - a fake password for tests

# username -> (role group, is_staff)
PERSONAS: dict[str, tuple[str | None, bool]] = {
    "coordinator": ("country coordinator", True),
    "focal_person": ("focal person", True),
    "other_focal_person": ("focal person", True),
    "member": ("member", False),
    "outsider": (None, False),
    "case_worker": ("case worker", True),
    "coder": ("coder", True),
    "administrator": ("administrator", True),
}


class PersonasTestCase(TestCase):
    """A TestCase with one user per persona, created once per class."""

    coordinator: ClassVar[User]
    focal_person: ClassVar[User]
    other_focal_person: ClassVar[User]
    member: ClassVar[User]
    outsider: ClassVar[User]
    case_worker: ClassVar[User]
    coder: ClassVar[User]
    administrator: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for username, (group_name, is_staff) in PERSONAS.items():
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=PERSONA_PASSWORD,
                is_staff=is_staff,
            )
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.add(group)
            setattr(cls, username, user)

    def client_for(self, persona: User) -> Client:
        client = Client()
        client.force_login(persona)
        return client

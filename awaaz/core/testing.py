"""The base test case: named personas that every view test can use.

Modelled on healthchecks' alice/bob/charlie. Roles are Django groups for now; the movement and
safety apps attach their own row-level scope (a chapter, assigned reports) to the same people.
All personas are fictional; no real personal data appears in any test.
"""

from __future__ import annotations

import email
import email.message
import email.policy
from typing import Any, ClassVar

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
        """A client signed in as `persona` with a password only (no second factor yet)."""
        client = Client()
        client.force_login(persona)
        return client

    def verified_client_for(self, persona: User) -> Client:
        """A client signed in as `persona` with a verified second factor, as staff work."""
        from awaaz.core.otp import otp_verify_client

        client = Client()
        otp_verify_client(client, persona)
        return client


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that keeps what it receives, for tests.

    Mail goes through Django's SMTP backend and over a socket, exactly as in production; only
    the far end is ours. Use the `smtp_sink` pytest fixture, or start/stop it yourself.
    """

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        sink = self

        class _Handler:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
                parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
                sink.messages.append(parsed)
                return "250 OK"

        self.port = free_port()
        self._controller = Controller(_Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def messages_to(self, address: str) -> list[email.message.EmailMessage]:
        """The messages received for `address`, in order (other tests may share the sink)."""
        return [m for m in self.messages if address in str(m.get("To", ""))]

    def bodies(self) -> list[str]:
        """The plain-text body of each message received, in order."""
        texts = []
        for message in self.messages:
            part = message.get_body(preferencelist=("plain",))
            texts.append(part.get_content() if part is not None else "")
        return texts


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

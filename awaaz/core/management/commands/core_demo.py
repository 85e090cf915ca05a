"""Demo accounts for a local try-out: one administrator, created once, never in production."""

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from awaaz.core.models import User

DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = "Create a demo administrator for local use (refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are never created in production.")
        if User.objects.filter(username=DEMO_ADMIN).exists():
            self.stdout.write(
                f"demo administrator '{DEMO_ADMIN}' exists "
                f"(new password: awaaz changepassword {DEMO_ADMIN})"
            )
            return
        # A fresh random password, shown once: a known default would outlive the demo.
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=DEMO_ADMIN, email="demo-admin@example.org", password=password
        )
        self.stdout.write(
            self.style.WARNING(
                f"demo administrator created: user '{DEMO_ADMIN}', password '{password}' "
                "(shown once; sign in at /en/admin/)"
            )
        )

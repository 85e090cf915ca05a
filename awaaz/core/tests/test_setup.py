"""`awaaz setup` (behind `make run`) can run any number of times without changing anything."""

from __future__ import annotations

import io

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase, override_settings

from awaaz.core.models import User
from awaaz.evidence.models import Incident
from awaaz.stats.releases import release_latest


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"core", "places", "content", "evidence", "stats"}
    }


class SetupTests(TestCase):
    def test_running_setup_twice_changes_nothing(self) -> None:
        call_command("setup", stdout=io.StringIO())
        first = _row_counts()
        out = io.StringIO()
        call_command("setup", stdout=out)
        assert _row_counts() == first
        assert "Awaaz is set up." in out.getvalue()
        assert first["places.District"] > 0
        assert User.objects.filter(username="demo-admin", is_superuser=True).count() == 1
        # Invented incidents and a published release of them, so the statistics are not empty;
        # the release says it is demonstration data.
        assert Incident.objects.filter(is_demo=True).count() == first["evidence.Incident"] > 0
        assert first["stats.Release"] == 1
        latest = release_latest()
        assert latest is not None
        assert latest.contains_demo

    def test_the_demo_password_is_shown_once_and_is_not_a_default(self) -> None:
        out = io.StringIO()
        call_command("core_demo", stdout=out)
        second = io.StringIO()
        call_command("core_demo", stdout=second)
        assert "password" in out.getvalue()
        assert "exists" in second.getvalue()
        admin = User.objects.get(username="demo-admin")
        assert not admin.check_password("demo")
        assert not admin.check_password("admin")

    @override_settings(PRODUCTION=True)
    def test_production_setup_creates_no_demo_accounts(self) -> None:
        out = io.StringIO()
        call_command("setup", stdout=out)
        assert "demo data skipped" in out.getvalue()
        assert not User.objects.filter(username="demo-admin").exists()
        assert not Incident.objects.exists()
        assert release_latest() is None

"""The public pledge wall and the pledge admin."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awaaz.core.models import User
from awaaz.movement.models import Member, Pledge, PledgeStatus, PledgeTally, PledgeText
from awaaz.movement.services.pledges import pledge_text_load
from awaaz.places.models import District
from awaaz.places.services import DATA_DIR, places_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _world() -> None:
    places_load(files=[DATA_DIR / "provinces" / "islamabad.json"])
    pledge_text_load()


def confirmed(name: str, *, public: bool, n: int) -> Pledge:
    member = Member.objects.create(display_name=name, email=f"p{n}@example.org")
    return Pledge.objects.create(
        member=member,
        text=PledgeText.objects.get(),
        display_name=name,
        is_public=public,
        district=District.objects.get(code="is-islamabad"),
        consent_version=1,
        language="en",
        status=PledgeStatus.CONFIRMED,
        confirmed_at=timezone.now() - datetime.timedelta(minutes=n),
        expires_at=timezone.now(),
    )


def wall(client: Client, lang: str = "en") -> str:
    with translation.override(lang):
        response = client.get(reverse("movement:pledge_wall"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "style=" not in html
    assert "<script" not in html
    return html


def test_counts_come_from_tallies_not_from_counting_pledges(client: Client) -> None:
    district = District.objects.get(code="is-islamabad")
    PledgeTally.objects.create(district=district, week=datetime.date(2025, 1, 6), count=1200)
    PledgeTally.objects.create(
        district=district, week=PledgeTally.week_of(timezone.now()), count=34
    )
    with CaptureQueriesContext(connection) as queries:
        html = wall(client)
    assert 'id="pledge-total">1,234<' in html
    assert "This week: 34." in html
    assert "Islamabad" in html
    assert not any(
        "COUNT(" in q["sql"].upper() and '"movement_pledge"' in q["sql"] for q in queries
    )
    assert len(queries) < 15


def test_only_named_pledges_appear_by_first_name(client: Client) -> None:
    confirmed("Zubair Ahmed Khan", public=True, n=1)
    confirmed("Hidden Person", public=False, n=2)
    html = wall(client)
    assert "Zubair from Islamabad" in html
    assert "Ahmed" not in html
    assert "Hidden" not in html
    assert "example.org" not in html


def test_wall_in_urdu_with_the_map(client: Client) -> None:
    html = wall(client, "ur")
    assert '<html lang="ur" dir="rtl">' in html
    assert "عہد کی دیوار" in html
    assert "<svg" in html
    assert "فی ایک لاکھ آبادی عہد" in html


def test_pledge_admin_is_for_the_verified_coordinator_only(client: Client, settings: Any) -> None:
    url = reverse("admin:movement_pledge_changelist")
    outsider = User.objects.create_user("outsider", password="x" * 16)
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    focal = User.objects.create_user("focal", password="x" * 16, is_staff=True)
    focal.groups.add(Group.objects.get_or_create(name="focal person")[0])
    client.force_login(focal)
    assert client.get(url).status_code in (302, 403)

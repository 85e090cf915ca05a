"""The demo movement: believable, fictional, consistent, and added only once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    JoinRequest,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
)
from awaaz.places.models import Province
from awaaz.places.services import places_load


@pytest.mark.django_db
def test_demo_network_is_consistent_and_idempotent() -> None:
    places_load()
    out = io.StringIO()
    call_command("movement_account_demo", stdout=out)
    chapters = Chapter.objects.count()
    members = Member.objects.count()
    assert chapters >= 40
    assert members >= 3000
    # Every province and territory has at least one chapter.
    assert not Province.objects.exclude(districts__chapters__isnull=False).exists()
    statuses = set(Chapter.objects.values_list("status", flat=True))
    assert {"proposed", "launched", "active", "dormant", "closed"} <= statuses
    assert Chapter.objects.filter(high_risk=True).exists()
    # The anonymous tally matches the confirmed pledges exactly.
    confirmed = Pledge.objects.filter(status=PledgeStatus.CONFIRMED).count()
    assert confirmed > 2000
    assert PledgeTally.objects.aggregate(n=Sum("count"))["n"] == confirmed
    # More pledges in the 16 Days (25 Nov - 10 Dec) than in an average 16 days.
    in_window = sum(
        1
        for d in Pledge.objects.filter(status=PledgeStatus.CONFIRMED).values_list(
            "confirmed_at", flat=True
        )
        if d is not None and ((d.month == 11 and d.day >= 25) or (d.month == 12 and d.day <= 10))
    )
    assert in_window > confirmed * 16 / 365 * 2
    assert ChapterRole.objects.filter(kind="focal_person", ends_on__isnull=True).count() > 20
    assert ChapterRole.objects.filter(kind="deputy").exists()
    assert ChapterRole.objects.filter(ends_on__isnull=False).exists()
    assert JoinRequest.objects.filter(status="pending").count() >= 50
    # Fictional contacts only: the documented fake phone block and example.org addresses.
    assert (
        not Member.objects.exclude(phone__isnull=True)
        .exclude(phone__startswith="+92300000")
        .exists()
    )
    assert (
        not Member.objects.exclude(email__isnull=True)
        .exclude(email__endswith="@example.org")
        .exists()
    )
    # Running it again adds nothing.
    call_command("movement_account_demo", stdout=out)
    assert Chapter.objects.count() == chapters
    assert Member.objects.count() == members
    assert PledgeTally.objects.aggregate(n=Sum("count"))["n"] == confirmed
    assert "nothing added" in out.getvalue()

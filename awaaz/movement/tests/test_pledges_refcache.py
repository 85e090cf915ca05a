"""The pledge form's reference rows (current text, district by code) are kept for a minute per
process (awaaz.lib.refcache), and never at the cost of a wrong or uncommitted row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from awaaz.lib import refcache
from awaaz.movement.models import Pledge, PledgeText
from awaaz.movement.selectors.pledges import district_find, pledge_text_current
from awaaz.movement.services.pledges import PLEDGE_V1, pledge_text_load
from awaaz.movement.tests.test_pledges_flow import form_data, url
from awaaz.places.models import District
from awaaz.places.services import DATA_DIR, places_load

# Committed rows are what the cache keeps, so these tests run outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


class RollbackError(Exception):
    pass


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Clock]:
    settings.AWAAZ_REFERENCE_CACHE_SECONDS = 60
    fake = Clock()
    monkeypatch.setattr(refcache, "monotonic", fake)
    refcache.clear_all()
    places_load(files=[DATA_DIR / "provinces" / "islamabad.json"])
    pledge_text_load()
    yield fake
    refcache.clear_all()


def publish(version: int) -> PledgeText:
    return PledgeText.objects.create(version=version, **PLEDGE_V1, published_at=timezone.now())


def test_second_read_needs_no_query(clock: Clock, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert pledge_text_current().version == 1  # type: ignore[union-attr]
    with django_assert_num_queries(1):
        assert district_find("is-islamabad") is not None
    with django_assert_num_queries(0):
        assert pledge_text_current().version == 1  # type: ignore[union-attr]
        district = district_find("is-islamabad")
        assert district is not None
        assert district.code == "is-islamabad"


def test_a_new_version_saved_here_shows_at_once(clock: Clock) -> None:
    assert pledge_text_current().version == 1  # type: ignore[union-attr]
    publish(2)
    assert pledge_text_current().version == 2  # type: ignore[union-attr]


def test_a_change_made_by_another_process_shows_when_the_copy_expires(clock: Clock) -> None:
    district = district_find("is-islamabad")
    assert district is not None
    # An update() sends no signal: this process cannot know, as if another process had done it.
    District.objects.filter(pk=district.pk).update(name_en="Islamabad Capital Territory")
    clock.now += 59
    assert district_find("is-islamabad").name_en == "Islamabad"  # type: ignore[union-attr]
    clock.now += 2
    assert district_find("is-islamabad").name_en == "Islamabad Capital Territory"  # type: ignore[union-attr]


def test_a_row_read_inside_a_rolled_back_transaction_is_never_served(clock: Clock) -> None:
    PledgeText.objects.all().delete()
    refcache.clear_all()

    seen_inside = None
    try:
        with transaction.atomic():
            publish(1)
            seen_inside = pledge_text_current()
            raise RollbackError
    except RollbackError:
        pass
    assert seen_inside is not None
    assert pledge_text_current() is None


def test_misses_are_not_kept(clock: Clock) -> None:
    assert district_find("is-new-town") is None
    islamabad = District.objects.get(code="is-islamabad")
    District.objects.create(
        code="is-new-town", province=islamabad.province, name_en="New Town", name_ur="نیا شہر"
    )
    found = district_find("is-new-town")
    assert found is not None
    assert found.name_en == "New Town"


def test_each_caller_gets_its_own_copy(clock: Clock) -> None:
    district_find("is-islamabad")
    first = district_find("is-islamabad")
    assert first is not None
    first.name_en = "changed by one request"
    second = district_find("is-islamabad")
    assert second is not None
    assert second.name_en == "Islamabad"


def test_zero_seconds_reads_the_database_every_time(
    clock: Clock, settings: Any, django_assert_num_queries: Any
) -> None:
    settings.AWAAZ_REFERENCE_CACHE_SECONDS = 0
    pledge_text_current()
    with django_assert_num_queries(1):
        pledge_text_current()


def test_a_visitor_who_saw_a_newer_text_is_not_shown_the_old_one(clock: Clock) -> None:
    assert pledge_text_current().version == 1  # type: ignore[union-attr]
    # Another process published version 2 (no signal here) and showed it to the visitor.
    PledgeText.objects.filter(version=1).update(published_at=timezone.now())
    PledgeText.objects.bulk_create(
        [PledgeText(version=2, **PLEDGE_V1, published_at=timezone.now())]
    )
    assert pledge_text_current().version == 1  # type: ignore[union-attr]
    assert pledge_text_current(seen=2).version == 2  # type: ignore[union-attr]
    assert pledge_text_current().version == 2  # type: ignore[union-attr]
    # A version that does not exist costs a query, nothing more.
    assert pledge_text_current(seen=99).version == 2  # type: ignore[union-attr]


def test_the_form_takes_a_pledge_on_the_text_the_visitor_read(
    clock: Clock, client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.AWAAZ_SMS_BACKEND = "file"
    settings.AWAAZ_SMS_DIR = tmp_path / "sms"
    assert client.get(url("pledge")).status_code == 200  # this process keeps version 1
    PledgeText.objects.bulk_create(
        [PledgeText(version=2, **PLEDGE_V1, published_at=timezone.now())]
    )
    response = client.post(url("pledge"), form_data(phone="0300 7654321", text_version="2"))
    assert response.status_code == 302
    assert Pledge.objects.get().text.version == 2

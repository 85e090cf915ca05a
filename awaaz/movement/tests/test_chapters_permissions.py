"""Who sees which chapter and which members: selectors, consoles, exports and the admin."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from awaaz.core.models import AuditEvent
from awaaz.movement.models import ChapterRole, JoinRequest, JoinRequestStatus, ProvinceRole
from awaaz.movement.selectors import chapters as selectors
from awaaz.movement.tests.test_chapters_support import ChapterWorld


class SelectorTests(ChapterWorld):
    def slugs(self, user: object) -> set[str]:
        return set(selectors.chapters_visible_to(user).values_list("slug", flat=True))  # type: ignore[arg-type]

    def test_each_layer_sees_its_own_chapters(self) -> None:
        everything = {"islamabad-university", "lahore-city", "lahore-college"}
        assert self.slugs(self.coordinator) == everything
        assert self.slugs(self.focal_person) == {"islamabad-university"}
        assert self.slugs(self.other_focal_person) == {"lahore-city"}
        for nobody in (self.member, self.outsider, self.case_worker, self.administrator):
            assert self.slugs(nobody) == set()

    def test_a_provincial_coordinator_sees_his_province_only(self) -> None:
        ProvinceRole.objects.create(
            user=self.case_worker, province=self.punjab, starts_on=timezone.localdate()
        )
        assert self.slugs(self.case_worker) == {"lahore-city", "lahore-college"}

    def test_an_ended_term_gives_no_access(self) -> None:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        ChapterRole.objects.filter(member=self.focal_member).update(ends_on=yesterday)
        ProvinceRole.objects.create(
            user=self.case_worker,
            province=self.punjab,
            starts_on=yesterday - datetime.timedelta(days=30),
            ends_on=yesterday,
        )
        assert self.slugs(self.focal_person) == set()
        assert self.slugs(self.case_worker) == set()

    def test_members_are_visible_to_their_leaders_and_a_member_sees_himself(self) -> None:
        leaders = selectors.members_visible_to(self.focal_person, self.home)
        assert self.member_record in leaders
        assert list(selectors.members_visible_to(self.member, self.home)) == [self.member_record]
        assert not selectors.members_visible_to(self.other_focal_person, self.home).exists()
        assert not selectors.members_visible_to(self.outsider, self.home).exists()

    def test_a_high_risk_chapter_hides_members_from_all_but_the_country_coordinator(self) -> None:
        self.home.high_risk = True
        self.home.save()
        assert not selectors.members_visible_to(self.focal_person, self.home).exists()
        assert not selectors.members_visible_to(self.member, self.home).exists()
        assert selectors.members_visible_to(self.coordinator, self.home).exists()
        # Exports are blocked for everyone, the country coordinator included.
        assert not selectors.can_export_members(self.coordinator, self.home)
        assert not selectors.can_export_members(self.focal_person, self.home)
        assert selectors.can_export_members(self.focal_person, self.other) is False
        assert selectors.can_export_members(self.other_focal_person, self.other)


class ConsoleRefusalTests(ChapterWorld):
    """Every console view, for the outsider and the focal person of another chapter."""

    def setUp(self) -> None:
        self.request = JoinRequest.objects.create(member=self.newcomer_member, chapter=self.home)
        base = "/en/chapters/islamabad-university/manage"
        self.views = [
            ("get", f"{base}/", {}),
            ("post", f"{base}/requests/{self.request.pk}/", {"decision": "approve"}),
            ("post", f"{base}/members/{self.member_record.pk}/contact/", {}),
            ("post", f"{base}/description/", {"description_en": "Hijacked", "description_ur": ""}),
            ("post", f"{base}/status/", {"status": "active"}),
        ]

    def test_signed_out_visitors_are_sent_to_sign_in(self) -> None:
        for method, url, data in self.views:
            response = getattr(Client(), method)(url, data)
            assert response.status_code == 302, url
            assert "two-factor" not in response["Location"]

    def test_without_a_second_factor_everyone_is_sent_to_it_first(self) -> None:
        for user in (self.focal_person, self.coordinator):
            client = Client()
            client.force_login(user)
            for method, url, data in self.views:
                response = getattr(client, method)(url, data)
                assert response.status_code == 302, url
                assert response["Location"].startswith("/en/two-factor/enrol/?next=")

    def test_the_outsider_and_another_chapters_focal_person_are_refused(self) -> None:
        for user in (self.outsider, self.other_focal_person, self.member):
            client = self.verified(user)
            for method, url, data in self.views:
                response = getattr(client, method)(url, data)
                assert response.status_code == 403, (user, url)
        self.request.refresh_from_db()
        self.home.refresh_from_db()
        assert self.request.status == JoinRequestStatus.PENDING
        assert self.home.description_en == "We meet every month on campus."
        assert self.home.status == "launched"
        assert not AuditEvent.objects.filter(action__startswith="chapter.member").exists()
        assert not AuditEvent.objects.filter(action="chapter.members.read").exists()

    def test_a_focal_person_cannot_reach_another_chapters_request_through_his_own(self) -> None:
        foreign = JoinRequest.objects.create(member=self.newcomer_member, chapter=self.other)
        client = self.verified(self.focal_person)
        response = client.post(
            f"/en/chapters/islamabad-university/manage/requests/{foreign.pk}/",
            {"decision": "approve"},
        )
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.status == JoinRequestStatus.PENDING

    def test_the_console_index_lists_only_the_persons_chapters(self) -> None:
        html = self.verified(self.focal_person).get("/en/chapters/manage/").content.decode()
        assert "Islamabad University Chapter" in html
        assert "Lahore City Chapter" not in html
        html = self.verified(self.outsider).get("/en/chapters/manage/").content.decode()
        assert "You do not manage any chapter." in html

    def test_the_focal_person_and_the_coordinator_get_in(self) -> None:
        for user in (self.focal_person, self.coordinator):
            response = self.verified(user).get("/en/chapters/islamabad-university/manage/")
            assert response.status_code == 200


class AdminScopeTests(ChapterWorld):
    def setUp(self) -> None:
        JoinRequest.objects.create(member=self.newcomer_member, chapter=self.home)
        JoinRequest.objects.create(member=self.newcomer_member, chapter=self.other)

    def test_the_admin_shows_a_focal_person_only_his_chapter(self) -> None:
        client = self.verified(self.focal_person)
        html = client.get("/en/admin/movement/chapter/").content.decode()
        assert "Islamabad University Chapter" in html
        assert "Lahore City Chapter" not in html
        assert "Lahore College Chapter" not in html
        own = client.get(f"/en/admin/movement/chapter/{self.home.pk}/change/")
        assert own.status_code == 200
        foreign = client.get(f"/en/admin/movement/chapter/{self.other.pk}/change/")
        assert foreign.status_code in (302, 403, 404)
        assert "Lahore City Chapter" not in foreign.content.decode()
        requests = client.get("/en/admin/movement/joinrequest/").content.decode()
        assert "Islamabad University Chapter" in requests
        assert "Lahore City Chapter" not in requests

    def test_a_focal_person_cannot_mark_his_chapter_low_risk_in_the_admin(self) -> None:
        self.home.high_risk = True
        self.home.save()
        client = self.verified(self.focal_person)
        html = client.get(f"/en/admin/movement/chapter/{self.home.pk}/change/").content.decode()
        assert 'name="high_risk"' not in html

    def test_a_provincial_coordinator_sees_his_province_in_the_admin(self) -> None:
        ProvinceRole.objects.create(
            user=self.case_worker, province=self.punjab, starts_on=timezone.localdate()
        )
        html = self.verified(self.case_worker).get("/en/admin/movement/chapter/").content.decode()
        assert "Lahore City Chapter" in html
        assert "Lahore College Chapter" in html
        assert "Islamabad University Chapter" not in html

    def test_the_country_coordinator_sees_every_chapter(self) -> None:
        html = self.verified(self.coordinator).get("/en/admin/movement/chapter/").content.decode()
        for name in ("Islamabad University", "Lahore City", "Lahore College"):
            assert f"{name} Chapter" in html

    def test_staff_without_a_role_see_no_chapter(self) -> None:
        Group.objects.get_or_create(name="administrator")
        response = self.verified(self.administrator).get("/en/admin/movement/chapter/")
        assert response.status_code == 403

"""The chapter lifecycle, terms of office, dormancy and join requests (services and command)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from awaaz.core.models import AuditEvent
from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    ChapterRoleKind,
    ChapterStatus,
    JoinRequest,
    JoinRequestStatus,
    Member,
)
from awaaz.movement.selectors import chapters as selectors
from awaaz.movement.services import chapters as services
from awaaz.movement.tests.test_chapters_support import ChapterWorld


class LifecycleTests(ChapterWorld):
    def test_a_chapter_goes_from_proposed_to_closed(self) -> None:
        day = timezone.localdate()
        chapter = services.chapter_status_change(
            actor=self.coordinator,
            chapter=self.proposed,
            status=ChapterStatus.LAUNCHED,
            on=day,
            launch_event="Seminar at the college hall",
        )
        assert chapter.launched_on == day
        assert chapter.last_activity_at is not None
        for status in (ChapterStatus.ACTIVE, ChapterStatus.DORMANT, ChapterStatus.ACTIVE):
            chapter = services.chapter_status_change(
                actor=self.coordinator, chapter=chapter, status=status
            )
            assert chapter.status == status
        chapter = services.chapter_status_change(
            actor=self.coordinator, chapter=chapter, status=ChapterStatus.CLOSED
        )
        assert chapter.closed_on == day
        actions = list(
            AuditEvent.objects.filter(object_id=str(chapter.pk), actor=self.coordinator)
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == [
            "chapter.launched",
            "chapter.active",
            "chapter.dormant",
            "chapter.active",
            "chapter.closed",
        ]

    def test_impossible_transitions_are_refused_in_both_languages(self) -> None:
        with pytest.raises(services.ChapterError) as error:
            services.chapter_status_change(
                actor=self.coordinator, chapter=self.proposed, status=ChapterStatus.DORMANT
            )
        assert "A chapter that is proposed cannot become dormant." in error.value.messages
        services.chapter_status_change(
            actor=self.coordinator, chapter=self.other, status=ChapterStatus.CLOSED
        )
        with translation.override("ur"), pytest.raises(services.ChapterError) as error:
            services.chapter_status_change(
                actor=self.coordinator, chapter=self.other, status=ChapterStatus.ACTIVE
            )
        assert "بند" in error.value.messages[0]
        self.proposed.refresh_from_db()
        assert self.proposed.status == ChapterStatus.PROPOSED

    def test_launching_needs_a_date_not_in_the_future_and_an_event(self) -> None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        for on, event in ((None, "Seminar"), (timezone.localdate(), "  "), (tomorrow, "Seminar")):
            with pytest.raises(services.ChapterError):
                services.chapter_status_change(
                    actor=self.coordinator,
                    chapter=self.proposed,
                    status=ChapterStatus.LAUNCHED,
                    on=on,
                    launch_event=event,
                )
        self.proposed.refresh_from_db()
        assert self.proposed.status == ChapterStatus.PROPOSED
        assert self.proposed.launched_on is None

    def test_appointing_a_new_focal_person_ends_the_previous_term(self) -> None:
        services.chapter_role_appoint(
            actor=self.coordinator,
            chapter=self.home,
            member=self.member_record,
            kind=ChapterRoleKind.FOCAL_PERSON,
        )
        roles = ChapterRole.objects.filter(chapter=self.home, kind=ChapterRoleKind.FOCAL_PERSON)
        old = roles.get(member=self.focal_member)
        new = roles.get(member=self.member_record)
        assert old.ends_on == timezone.localdate()
        assert new.ends_on is None
        # The former focal person no longer manages the chapter.
        assert not selectors.can_manage_chapter(self.focal_person, self.home)
        assert selectors.can_manage_chapter(self.member, self.home)
        with pytest.raises(services.ChapterError):
            services.chapter_role_appoint(
                actor=self.coordinator,
                chapter=self.home,
                member=self.member_record,
                kind=ChapterRoleKind.FOCAL_PERSON,
            )


class DormancyTests(ChapterWorld):
    @override_settings(AWAAZ_CHAPTER_DORMANT_DAYS=30)
    def test_quiet_chapters_become_dormant_once_and_it_is_audited_as_the_system(self) -> None:
        old = timezone.now() - datetime.timedelta(days=31)
        Chapter.objects.filter(pk=self.home.pk).update(last_activity_at=old)
        Chapter.objects.filter(pk=self.other.pk).update(
            last_activity_at=timezone.now() - datetime.timedelta(days=29)
        )
        out = StringIO()
        call_command("movement_chapters_dormancy", stdout=out)
        assert "1 chapter(s) marked dormant" in out.getvalue()
        self.home.refresh_from_db()
        self.other.refresh_from_db()
        assert self.home.status == ChapterStatus.DORMANT
        assert self.other.status == ChapterStatus.LAUNCHED
        event = AuditEvent.objects.get(action="chapter.dormant")
        assert event.actor is None
        assert event.detail == {"from": "launched", "system": True, "days": 30}
        # Running it again changes nothing and writes nothing.
        out = StringIO()
        call_command("movement_chapters_dormancy", stdout=out)
        assert "0 chapter(s) marked dormant" in out.getvalue()
        assert AuditEvent.objects.filter(action="chapter.dormant").count() == 1
        # Proposed chapters are not "quiet": they have not started.
        self.proposed.refresh_from_db()
        assert self.proposed.status == ChapterStatus.PROPOSED

    @override_settings(AWAAZ_CHAPTER_DORMANT_DAYS=5)
    def test_the_configured_number_of_days_is_used(self) -> None:
        Chapter.objects.filter(pk=self.home.pk).update(
            last_activity_at=timezone.now() - datetime.timedelta(days=6)
        )
        changed = services.chapter_dormancy_sweep()
        assert [c.pk for c in changed] == [self.home.pk]

    def test_new_activity_revives_a_dormant_chapter(self) -> None:
        Chapter.objects.filter(pk=self.home.pk).update(status=ChapterStatus.DORMANT)
        chapter = services.chapter_activity_mark(chapter=self.home)
        assert chapter.status == ChapterStatus.ACTIVE


class JoinRequestTests(ChapterWorld):
    def test_approval_sets_the_home_chapter_and_ends_the_old_membership(self) -> None:
        Member.objects.filter(pk=self.newcomer_member.pk).update(home_chapter=self.other)
        request = services.join_request_create(
            member=self.newcomer_member, chapter=self.home, message="I study here."
        )
        Chapter.objects.filter(pk=self.home.pk).update(last_activity_at=None)
        services.join_request_decide(actor=self.focal_person, join_request=request, approve=True)
        self.newcomer_member.refresh_from_db()
        request.refresh_from_db()
        self.home.refresh_from_db()
        assert self.newcomer_member.home_chapter_id == self.home.pk
        assert self.newcomer_member.joined_chapter_at is not None
        assert request.status == JoinRequestStatus.APPROVED
        assert request.decided_by == self.focal_person
        assert self.home.last_activity_at is not None
        assert AuditEvent.objects.filter(
            action="chapter.join.approved", actor=self.focal_person
        ).exists()

    def test_moving_chapters_ends_the_role_held_in_the_old_one(self) -> None:
        request = services.join_request_create(member=self.other_focal_member, chapter=self.home)
        services.join_request_decide(actor=self.focal_person, join_request=request, approve=True)
        role = ChapterRole.objects.get(member=self.other_focal_member)
        assert role.ends_on == timezone.localdate()

    def test_a_declined_request_changes_no_membership(self) -> None:
        request = services.join_request_create(member=self.newcomer_member, chapter=self.home)
        services.join_request_decide(actor=self.focal_person, join_request=request, approve=False)
        self.newcomer_member.refresh_from_db()
        assert self.newcomer_member.home_chapter is None
        with pytest.raises(services.ChapterError):
            services.join_request_decide(
                actor=self.focal_person, join_request=request, approve=True
            )

    def test_a_second_pending_request_is_refused_and_saves_nothing(self) -> None:
        services.join_request_create(member=self.newcomer_member, chapter=self.home)
        with pytest.raises(services.ChapterError) as error:
            services.join_request_create(member=self.newcomer_member, chapter=self.home)
        assert "already asked to join" in error.value.messages[0]
        assert JoinRequest.objects.filter(member=self.newcomer_member).count() == 1

    def test_members_and_closed_chapters_are_refused(self) -> None:
        with pytest.raises(services.ChapterError):
            services.join_request_create(member=self.member_record, chapter=self.home)
        services.chapter_status_change(
            actor=self.coordinator, chapter=self.other, status=ChapterStatus.CLOSED
        )
        with pytest.raises(services.ChapterError):
            services.join_request_create(member=self.newcomer_member, chapter=self.other)
        assert not JoinRequest.objects.exists()

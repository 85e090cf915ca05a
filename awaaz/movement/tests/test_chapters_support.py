"""A small fictional network for the chapter tests (no tests in this module).

Two provinces, two districts, three chapters; the focal person persona leads the Islamabad
chapter, the other focal person the Lahore one; the member persona belongs to Islamabad.
Every name, address and number is invented.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.test import Client, override_settings
from django.utils import timezone

from awaaz.core.models import User
from awaaz.core.otp import otp_verify_client
from awaaz.core.testing import PersonasTestCase
from awaaz.core.tests.test_otp import urlconf_with_otp
from awaaz.movement.models import Chapter, ChapterRoleKind, ChapterStatus, Member
from awaaz.movement.services.chapters import (
    chapter_create,
    chapter_role_appoint,
    chapter_status_change,
)
from awaaz.places.models import District, Province

URLCONF = urlconf_with_otp()


@override_settings(ROOT_URLCONF=URLCONF)
class ChapterWorld(PersonasTestCase):
    islamabad: ClassVar[Province]
    punjab: ClassVar[Province]
    isb: ClassVar[District]
    lhr: ClassVar[District]
    home: ClassVar[Chapter]
    other: ClassVar[Chapter]
    proposed: ClassVar[Chapter]
    focal_member: ClassVar[Member]
    other_focal_member: ClassVar[Member]
    member_record: ClassVar[Member]
    newcomer: ClassVar[User]
    newcomer_member: ClassVar[Member]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.islamabad = Province.objects.create(
            code="PK-IS",
            slug="islamabad",
            name_en="Islamabad",
            name_ur="اسلام آباد",
            kind="federal_territory",
        )
        cls.punjab = Province.objects.create(
            code="PK-PB", slug="punjab", name_en="Punjab", name_ur="پنجاب", kind="province"
        )
        cls.isb = District.objects.create(
            code="islamabad", province=cls.islamabad, name_en="Islamabad", name_ur="اسلام آباد"
        )
        cls.lhr = District.objects.create(
            code="lahore", province=cls.punjab, name_en="Lahore", name_ur="لاہور"
        )
        launched = timezone.localdate() - datetime.timedelta(days=10)
        cls.home = chapter_create(
            actor=None,
            slug="islamabad-university",
            name_en="Islamabad University Chapter",
            name_ur="اسلام آباد یونیورسٹی چیپٹر",
            kind="university",
            district=cls.isb,
            description_en="We meet every month on campus.",
            description_ur="ہم ہر مہینے کیمپس میں ملتے ہیں۔",
        )
        cls.home = chapter_status_change(
            actor=None,
            chapter=cls.home,
            status=ChapterStatus.LAUNCHED,
            on=launched,
            launch_event="Launch seminar",
        )
        cls.other = chapter_create(
            actor=None,
            slug="lahore-city",
            name_en="Lahore City Chapter",
            name_ur="لاہور شہر چیپٹر",
            kind="city",
            district=cls.lhr,
        )
        cls.other = chapter_status_change(
            actor=None,
            chapter=cls.other,
            status=ChapterStatus.LAUNCHED,
            on=launched,
            launch_event="Press club meeting",
        )
        cls.proposed = chapter_create(
            actor=None,
            slug="lahore-college",
            name_en="Lahore College Chapter",
            name_ur="لاہور کالج چیپٹر",
            kind="college",
            district=cls.lhr,
        )
        cls.focal_member = Member.objects.create(
            user=cls.focal_person,
            display_name="Bilal Fictional",
            email="bilal.focal@example.org",
            phone="+923001110001",
            district=cls.isb,
            language="en",
        )
        chapter_role_appoint(
            actor=None,
            chapter=cls.home,
            member=cls.focal_member,
            kind=ChapterRoleKind.FOCAL_PERSON,
            starts_on=launched,
        )
        cls.other_focal_member = Member.objects.create(
            user=cls.other_focal_person,
            display_name="Kamran Fictional",
            email="kamran.focal@example.org",
            district=cls.lhr,
            language="ur",
        )
        chapter_role_appoint(
            actor=None,
            chapter=cls.other,
            member=cls.other_focal_member,
            kind=ChapterRoleKind.FOCAL_PERSON,
            starts_on=launched,
        )
        cls.member_record = Member.objects.create(
            user=cls.member,
            display_name="Usman Fictional",
            email="usman.member@example.org",
            phone="+923001110002",
            district=cls.isb,
            home_chapter=cls.home,
            joined_chapter_at=timezone.now(),
        )
        cls.newcomer = User.objects.create_user(username="newcomer", email="n@example.org")
        cls.newcomer_member = Member.objects.create(
            user=cls.newcomer,
            display_name="Faisal Fictional",
            email="faisal.new@example.org",
            district=cls.lhr,
        )

    def verified(self, user: User) -> Client:
        client = Client()
        otp_verify_client(client, user)
        return client

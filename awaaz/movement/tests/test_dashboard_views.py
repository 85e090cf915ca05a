"""The coordinator dashboard: who may see it, what each person sees, and that its numbers,
map, chart and tables agree with the data. All people and chapters here are fictional."""

from __future__ import annotations

import datetime
import re
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from awaaz.core.models import User
from awaaz.core.otp import otp_verify_client
from awaaz.core.testing import PersonasTestCase
from awaaz.movement.models import (
    Chapter,
    ChapterRole,
    ChapterRoleKind,
    ChapterStatus,
    JoinRequest,
    JoinRequestStatus,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
    ProvinceRole,
)
from awaaz.movement.views.dashboard import PANEL_HEIGHT
from awaaz.places.models import District, Province
from awaaz.places.services import DATA_DIR, places_load

PROVINCE_FILES = ["islamabad", "punjab", "gilgit-baltistan"]


def _dashboard_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("movement:dashboard")


class DashboardTestCase(PersonasTestCase):
    """Three provinces; chapters in every status; tallies, pledges and join requests."""

    punjab_coordinator: ClassVar[User]
    lahore_uni: ClassVar[Chapter]
    islamabad_city: ClassVar[Chapter]
    multan_city: ClassVar[Chapter]
    bahawalpur: ClassVar[Chapter]
    gilgit: ClassVar[Chapter]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        places_load(files=[DATA_DIR / "provinces" / f"{name}.json" for name in PROVINCE_FILES])
        lahore = District.objects.get(code="pb-lahore")
        multan = District.objects.get(code="pb-multan")
        islamabad = District.objects.get(code="is-islamabad")
        gilgit = District.objects.get(code="gb-gilgit")
        now = timezone.now()

        def chapter(slug: str, name: str, district: District, status: str, **kw: object) -> Chapter:
            return Chapter.objects.create(
                slug=slug,
                name_en=name,
                name_ur=name + " (ur)",
                kind="city",
                district=district,
                status=status,
                **kw,
            )

        cls.lahore_uni = chapter(
            "lahore-uni",
            "Lahore Riverside University",
            lahore,
            ChapterStatus.ACTIVE,
            launched_on=datetime.date(2024, 1, 10),
            last_activity_at=now - datetime.timedelta(days=3),
        )
        cls.islamabad_city = chapter(
            "islamabad-city",
            "Islamabad Blue Area",
            islamabad,
            ChapterStatus.LAUNCHED,
            launched_on=datetime.date(2024, 3, 5),
            last_activity_at=now - datetime.timedelta(days=10),
        )
        cls.multan_city = chapter(
            "multan-city",
            "Multan Old Town",
            multan,
            ChapterStatus.DORMANT,
            launched_on=datetime.date(2023, 12, 1),
            last_activity_at=now - datetime.timedelta(days=200),
        )
        cls.bahawalpur = chapter(
            "bahawalpur-college", "Bahawalpur Canal College", multan, "proposed"
        )
        cls.gilgit = chapter(
            "gilgit-city",
            "Gilgit Bridge",
            gilgit,
            ChapterStatus.CLOSED,
            launched_on=datetime.date(2023, 12, 4),
            closed_on=datetime.date(2024, 6, 1),
        )
        for user, led in (
            (cls.focal_person, cls.lahore_uni),
            (cls.other_focal_person, cls.islamabad_city),
        ):
            leader = Member.objects.create(user=user, email=f"{user.username}@example.org")
            ChapterRole.objects.create(
                chapter=led,
                member=leader,
                kind=ChapterRoleKind.FOCAL_PERSON,
                starts_on=datetime.date(2024, 1, 1),
            )
        cls.punjab_coordinator = User.objects.create_user(username="punjab_coordinator")
        ProvinceRole.objects.create(
            user=cls.punjab_coordinator,
            province=Province.objects.get(code="PK-PB"),
            starts_on=datetime.date(2024, 1, 1),
        )
        # Join requests: two waiting at Lahore, one at Islamabad; a decided one does not count.
        joiners = [
            Member.objects.create(display_name=f"Joiner {i}", email=f"joiner{i}@example.org")
            for i in range(4)
        ]
        for joiner, target, status in (
            (joiners[0], cls.lahore_uni, JoinRequestStatus.PENDING),
            (joiners[1], cls.lahore_uni, JoinRequestStatus.PENDING),
            (joiners[2], cls.islamabad_city, JoinRequestStatus.PENDING),
            (joiners[3], cls.lahore_uni, JoinRequestStatus.APPROVED),
        ):
            JoinRequest.objects.create(member=joiner, chapter=target, status=status)
        joiners[3].home_chapter = cls.lahore_uni
        joiners[3].save()
        # Weekly tallies: 8 in Punjab, 7 in Islamabad.
        for district, week, count in (
            (lahore, datetime.date(2024, 1, 8), 5),
            (multan, datetime.date(2024, 1, 15), 3),
            (islamabad, datetime.date(2024, 3, 4), 7),
        ):
            PledgeTally.objects.create(district=district, week=week, count=count)
        # Pledges that named the Lahore chapter: two confirmed (one week apart), one pending.
        text = PledgeText.objects.create(
            version=1, text_en="I pledge.", text_ur="میں عہد کرتا ہوں۔", consent_en="Yes.",
            consent_ur="جی ہاں۔", published_at=now,
        )  # fmt: skip
        for i, (pledge_status, confirmed) in enumerate(
            (
                (PledgeStatus.CONFIRMED, datetime.datetime(2024, 1, 10, 12, tzinfo=datetime.UTC)),
                (PledgeStatus.CONFIRMED, datetime.datetime(2024, 1, 17, 12, tzinfo=datetime.UTC)),
                (PledgeStatus.PENDING, None),
            )
        ):
            Pledge.objects.create(
                member=joiners[i],
                text=text,
                district=lahore,
                chapter=cls.lahore_uni,
                consent_version=1,
                language="en",
                status=pledge_status,
                confirmed_at=confirmed,
                expires_at=now + datetime.timedelta(days=3),
            )

    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # the map's geography is cached between requests

    def verified(self, user: User) -> Client:
        client = Client()
        otp_verify_client(client, user)
        return client

    def figures(self, html: str) -> dict[str, int]:
        found = re.findall(r'<dd id="fig-(\w+)">([\d,]+)</dd>', html)
        return {key: int(value.replace(",", "")) for key, value in found}


class DashboardRefusalTests(DashboardTestCase):
    def test_signed_out_visitor_is_sent_to_sign_in(self) -> None:
        response = Client().get(_dashboard_url())
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        assert "Lahore" not in response.content.decode()

    def test_password_alone_is_not_enough(self) -> None:
        # No authenticator yet: sent to enrol one. One enrolled but not used in this session:
        # sent to type a code. Neither sees a figure.
        TOTPDevice.objects.create(user=self.focal_person, name="phone", confirmed=True)
        for persona, step in (
            (self.coordinator, "core:otp_enrol"),
            (self.focal_person, "core:otp_verify"),
        ):
            client = Client()
            client.force_login(persona)
            response = client.get(_dashboard_url())
            assert response.status_code == 302
            assert response["Location"].startswith(reverse(step))
            assert "Lahore" not in response.content.decode()

    def test_outsider_and_member_are_refused(self) -> None:
        for persona in (self.outsider, self.member):
            response = self.verified(persona).get(_dashboard_url())
            assert response.status_code == 403, persona.username
            assert "Lahore Riverside University" not in response.content.decode()

    def test_focal_person_of_another_chapter_sees_none_of_this_one(self) -> None:
        html = self.verified(self.other_focal_person).get(_dashboard_url()).content.decode()
        assert "Islamabad Blue Area" in html
        assert "Lahore Riverside University" not in html
        assert "Multan Old Town" not in html
        assert self.figures(html)["pending"] == 1

    def test_post_is_not_allowed(self) -> None:
        response = self.verified(self.coordinator).post(_dashboard_url())
        assert response.status_code == 405


class CountryDashboardTests(DashboardTestCase):
    def test_figures_match_the_data(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        # 5 chapters (closed included), 2 active (launched or active), 15 pledges, 3 waiting.
        assert self.figures(html) == {"chapters": 5, "active": 2, "pledges": 15, "pending": 3}

    def test_table_by_province_and_status(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        table = html[html.index('<table id="by-status">') :]
        table = table[: table.index("</table>")]
        rows = dict(
            re.findall(r'<th scope="row">([^<]+)</th>((?:<td class="num">\d+</td>)+)', table)
        )
        counts = {
            name: [int(n) for n in re.findall(r"(\d+)</td>", cells)] for name, cells in rows.items()
        }
        # Columns: proposed, launched, active, dormant, closed, all.
        assert counts["Punjab"] == [1, 0, 1, 1, 0, 3]
        assert counts["Islamabad Capital Territory"] == [0, 1, 0, 0, 0, 1]
        assert counts["Gilgit-Baltistan"] == [0, 0, 0, 0, 1, 1]

    def test_provinces_without_an_active_chapter(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        listed = html[html.index('<ul id="without-list">') :]
        listed = listed[: listed.index("</ul>")]
        assert "Gilgit-Baltistan" in listed
        assert "1 chapter, none active" in listed
        assert "Punjab" not in listed
        assert "Islamabad" not in listed

    def test_dormant_chapter_listed_with_days_since_activity(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        quiet = html[html.index('<table id="quiet">') :]
        quiet = quiet[: quiet.index("</table>")]
        assert "Multan Old Town" in quiet
        assert '<td class="num">200</td>' in quiet
        assert "Lahore Riverside University" not in quiet  # active three days ago

    def test_join_requests_per_chapter_link_to_the_focal_console(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        queues = html[html.index('<table id="queues">') :]
        queues = queues[: queues.index("</table>")]
        manage = reverse("movement:chapter_manage", kwargs={"slug": "lahore-uni"})
        assert f'<a href="{manage}">Lahore Riverside University</a>' in queues
        assert re.search(
            r"Lahore Riverside University</a></th><td>[^<]+</td><td class=\"num\">2<", queues
        )
        assert "3 requests waiting" in queues

    def test_maps_of_active_chapters_and_chapters_per_district(self) -> None:
        html = self.verified(self.coordinator).get(_dashboard_url()).content.decode()
        assert 'id="map-active-table"' in html
        assert 'id="map-chapters-table"' in html
        symbols = html[html.index('id="map-chapters-table"') :]
        # Multan has a dormant and a proposed chapter: two on the map; Gilgit's closed one is not.
        assert re.search(r">Multan</a></th><td>Punjab</td><td class=\"num\">2<", symbols)
        assert re.search(r">Gilgit</a></th><td>Gilgit-Baltistan</td><td class=\"num\">0<", symbols)

    def test_page_has_no_inline_style_or_script(self) -> None:
        response = self.verified(self.coordinator).get(_dashboard_url())
        html = response.content.decode()
        assert "style=" not in html
        assert "<script" not in html
        assert "<style" not in html
        assert len(response.content) < 200_000


class ProvinceDashboardTests(DashboardTestCase):
    def test_provincial_coordinator_sees_his_province_only(self) -> None:
        html = self.verified(self.punjab_coordinator).get(_dashboard_url()).content.decode()
        assert "Your province: Punjab." in html
        assert self.figures(html) == {"chapters": 3, "active": 1, "pledges": 8, "pending": 2}
        assert "Islamabad Blue Area" not in html
        assert "Gilgit" not in html  # neither the closed chapter nor the district on the map
        assert "Multan Old Town" in html
        assert 'id="map-active-table"' not in html

    def test_ended_term_sees_nothing(self) -> None:
        ProvinceRole.objects.filter(user=self.punjab_coordinator).update(
            ends_on=timezone.localdate()
        )
        response = self.verified(self.punjab_coordinator).get(_dashboard_url())
        assert response.status_code == 403


class ChapterDashboardTests(DashboardTestCase):
    def test_focal_person_sees_his_chapter_numbers(self) -> None:
        html = self.verified(self.focal_person).get(_dashboard_url()).content.decode()
        # Two confirmed pledges named the chapter (the pending one does not count); one member.
        assert self.figures(html) == {"chapters": 1, "active": 1, "pledges": 2, "pending": 2}
        row = re.search(r"Lahore Riverside University</a></th>(.*?)</tr>", html)
        assert row is not None
        assert re.findall(r'<td class="num">(\d+)</td>', row.group(1)) == ["1", "2", "2"]
        assert "Multan Old Town" not in html
        assert "Islamabad Blue Area" not in html
        assert 'id="map-chapters-table"' not in html


class GrowthChartTests(DashboardTestCase):
    def chart_and_table(
        self, user: User
    ) -> tuple[list[tuple[float, float]], list[list[int]], float]:
        html = self.verified(user).get(_dashboard_url()).content.decode()
        svg = html[
            html.index('<svg class="growth"') : html.index(
                "</svg>", html.index('<svg class="growth"')
            )
        ]
        bars = [
            (float(x), float(h))
            for x, h in re.findall(
                r'<rect class="bar pledges" x="([\d.]+)" y="[\d.]+" width="[\d.]+" '
                r'height="([\d.]+)"',
                svg,
            )
        ]
        table = html[html.index('<table id="growth-table">') :]
        table = table[: table.index("</table>")]
        rows = [
            [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
            for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table)
        ]
        scale = re.search(r'<text class="tick" x="[\d.]+" y="32">([\d,]+)</text>', svg)
        assert scale is not None
        return bars, rows, float(scale.group(1).replace(",", ""))

    def test_table_alternative_agrees_with_the_bars(self) -> None:
        bars, rows, scale = self.chart_and_table(self.coordinator)
        # One row per week from the first launch (week of 27 November 2023) to this week.
        first = datetime.date(2023, 11, 27)
        this_week = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
        assert len(rows) == (this_week - first).days // 7 + 1
        weekly = [row[0] for row in rows]
        assert [n for n in weekly if n] == [5, 3, 7]
        assert len(bars) == 3  # quiet weeks have no bar
        # Each bar's height is its table value on the chart's scale, in week order.
        for (x, height), value in zip(sorted(bars), [5, 3, 7], strict=True):
            assert abs(height - PANEL_HEIGHT * value / scale) < 0.1, (x, height, value)
        assert rows[-1][2] == 15  # pledges since the start
        assert rows[-1][3] == 4  # chapters launched since the start (the proposed one has not)

    def test_bars_are_in_the_weeks_of_the_table(self) -> None:
        bars, rows, _scale = self.chart_and_table(self.coordinator)
        step = (640 - 52 - 8) / len(rows)
        indexes = [round((x - 52) / step - 0.1) for x, _h in sorted(bars)]
        assert [rows[i][0] for i in indexes] == [5, 3, 7]


class UrduDashboardTests(DashboardTestCase):
    def test_urdu_page_is_right_to_left_and_translated(self) -> None:
        response = self.verified(self.coordinator).get(_dashboard_url("ur"))
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="ur" dir="rtl">' in html
        with translation.override("ur"):
            heading = translation.gettext("Movement dashboard")
            dormant = translation.gettext("Dormant chapters to revive")
        assert heading != "Movement dashboard"
        assert f"<h1>{heading}</h1>" in html
        assert dormant in html
        assert "Multan Old Town (ur)" in html  # chapter names in Urdu
        assert "Chapters by province and status" not in html


class DashboardQueryTests(DashboardTestCase):
    def test_queries_do_not_grow_with_the_data(self) -> None:
        client = self.verified(self.coordinator)
        url = _dashboard_url()
        client.get(url)  # warm caches (content types, sessions)
        with self.assertNumQueries(QUERIES) as first:
            assert client.get(url).status_code == 200
        # Many more chapters, tallies and join requests: the same queries.
        lahore = District.objects.get(code="pb-lahore")
        Chapter.objects.bulk_create(
            Chapter(
                slug=f"extra-{i}", name_en=f"Extra {i}", name_ur=f"اضافی {i}", kind="college",
                district=lahore, status=ChapterStatus.DORMANT,
                launched_on=datetime.date(2024, 2, 1),
            )
            for i in range(60)
        )  # fmt: skip
        PledgeTally.objects.bulk_create(
            PledgeTally(
                district=lahore,
                week=datetime.date(2024, 4, 1) + datetime.timedelta(weeks=i),
                count=i + 1,
            )
            for i in range(40)
        )
        with self.assertNumQueries(len(first.captured_queries)):
            html = client.get(url).content.decode()
        assert self.figures(html)["chapters"] == 65


# Session, user, device, role; five counts; two chapter lists; and the two permission reads of
# the site navigation (base.html shows coordinators the dashboard link).
QUERIES = 13

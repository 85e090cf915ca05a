"""Demo data for the movement: a believable network of fictional people in real districts.

Everything here is made up. Names are drawn from short lists of common Pakistani first names and
surnames; email addresses are at example.org (reserved for documentation, RFC 2606); phone
numbers are +92 300 000xxxx ("0300-000xxxx"), a block we treat as fake and never send to in
production: docs/members.md says so. Seeded, so every run builds the same network; running it
twice adds nothing (chapters are matched by slug, people are only added when none exist yet).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from awaaz.movement.models import (
    Chapter,
    ChapterKind,
    ChapterRole,
    ChapterRoleKind,
    ChapterStatus,
    JoinRequest,
    Member,
    Pledge,
    PledgeStatus,
    PledgeTally,
    PledgeText,
)
from awaaz.places.models import District

SEED = 3_000_375
MEMBERS = 3_200
DEMO_PHONE_PREFIX = "+92300000"  # +92 300 000xxxx: the documented fake block
DEMO_EMAIL_DOMAIN = "example.org"

C, D, U, K = ChapterKind.CITY, ChapterKind.DISTRICT, ChapterKind.UNIVERSITY, ChapterKind.COLLEGE
P, L, A, Z, X = (
    ChapterStatus.PROPOSED,
    ChapterStatus.LAUNCHED,
    ChapterStatus.ACTIVE,
    ChapterStatus.DORMANT,
    ChapterStatus.CLOSED,
)

# slug, English name, Urdu name, kind, district code, status, high risk
CHAPTERS: list[tuple[str, str, str, str, str, str, bool]] = [
    ("islamabad-city", "Islamabad City", "اسلام آباد شہر", C, "is-islamabad", A, False),
    (
        "quaid-i-azam-university",
        "Quaid-i-Azam University",
        "قائداعظم یونیورسٹی",
        U,
        "is-islamabad",
        A,
        False,
    ),
    ("nust-islamabad", "NUST Islamabad", "نسٹ اسلام آباد", U, "is-islamabad", L, False),
    ("lahore-city", "Lahore City", "لاہور شہر", C, "pb-lahore", A, False),
    ("punjab-university", "University of the Punjab", "جامعہ پنجاب", U, "pb-lahore", A, False),
    (
        "gcu-lahore",
        "Government College University Lahore",
        "جی سی یونیورسٹی لاہور",
        U,
        "pb-lahore",
        A,
        False,
    ),
    ("rawalpindi-city", "Rawalpindi City", "راولپنڈی شہر", C, "pb-rawalpindi", A, False),
    ("faisalabad-district", "Faisalabad District", "ضلع فیصل آباد", D, "pb-faisalabad", A, False),
    ("multan-city", "Multan City", "ملتان شہر", C, "pb-multan", A, False),
    (
        "bahauddin-zakariya-university",
        "Bahauddin Zakariya University",
        "بہاءالدین زکریا یونیورسٹی",
        U,
        "pb-multan",
        Z,
        False,
    ),
    ("gujranwala-district", "Gujranwala District", "ضلع گوجرانوالہ", D, "pb-gujranwala", L, False),
    ("sialkot-city", "Sialkot City", "سیالکوٹ شہر", C, "pb-sialkot", A, False),
    (
        "bahawalpur-islamia-university",
        "Islamia University Bahawalpur",
        "اسلامیہ یونیورسٹی بہاولپور",
        U,
        "pb-bahawalpur",
        A,
        False,
    ),
    (
        "dera-ghazi-khan-district",
        "Dera Ghazi Khan District",
        "ضلع ڈیرہ غازی خان",
        D,
        "pb-dera-ghazi-khan",
        Z,
        False,
    ),
    (
        "sargodha-college",
        "Government College Sargodha",
        "گورنمنٹ کالج سرگودھا",
        K,
        "pb-sargodha",
        P,
        False,
    ),
    ("sahiwal-district", "Sahiwal District", "ضلع ساہیوال", D, "pb-sahiwal", X, False),
    ("karachi-city", "Karachi City", "کراچی شہر", C, "sd-karachi-south", A, False),
    ("karachi-university", "University of Karachi", "جامعہ کراچی", U, "sd-karachi-east", A, False),
    ("ned-university", "NED University", "این ای ڈی یونیورسٹی", U, "sd-karachi-east", L, False),
    ("korangi-district", "Korangi District", "ضلع کورنگی", D, "sd-korangi", A, False),
    ("hyderabad-city", "Hyderabad City", "حیدرآباد شہر", C, "sd-hyderabad", A, False),
    (
        "sindh-university-jamshoro",
        "University of Sindh, Jamshoro",
        "سندھ یونیورسٹی جامشورو",
        U,
        "sd-jamshoro",
        A,
        False,
    ),
    ("sukkur-city", "Sukkur City", "سکھر شہر", C, "sd-sukkur", Z, False),
    ("larkana-district", "Larkana District", "ضلع لاڑکانہ", D, "sd-larkana", L, False),
    ("tharparkar-district", "Tharparkar District", "ضلع تھرپارکر", D, "sd-tharparkar", P, False),
    ("peshawar-city", "Peshawar City", "پشاور شہر", C, "kp-peshawar", A, False),
    ("university-of-peshawar", "University of Peshawar", "جامعہ پشاور", U, "kp-peshawar", A, False),
    ("mardan-district", "Mardan District", "ضلع مردان", D, "kp-mardan", A, False),
    ("swat-district", "Swat District", "ضلع سوات", D, "kp-swat", L, False),
    ("abbottabad-city", "Abbottabad City", "ایبٹ آباد شہر", C, "kp-abbottabad", A, False),
    ("bajaur-district", "Bajaur District", "ضلع باجوڑ", D, "kp-bajaur", L, True),
    (
        "north-waziristan-district",
        "North Waziristan District",
        "ضلع شمالی وزیرستان",
        D,
        "kp-north-waziristan",
        P,
        True,
    ),
    (
        "dera-ismail-khan-college",
        "Gomal College Dera Ismail Khan",
        "گومل کالج ڈیرہ اسماعیل خان",
        K,
        "kp-dera-ismail-khan",
        Z,
        False,
    ),
    ("quetta-city", "Quetta City", "کوئٹہ شہر", C, "ba-quetta", A, False),
    (
        "university-of-balochistan",
        "University of Balochistan",
        "جامعہ بلوچستان",
        U,
        "ba-quetta",
        L,
        True,
    ),
    ("gwadar-district", "Gwadar District", "ضلع گوادر", D, "ba-gwadar", L, False),
    ("turbat-kech-district", "Kech District (Turbat)", "ضلع کیچ (تربت)", D, "ba-kech", P, True),
    ("khuzdar-college", "Degree College Khuzdar", "ڈگری کالج خضدار", K, "ba-khuzdar", X, False),
    ("gilgit-city", "Gilgit City", "گلگت شہر", C, "gb-gilgit", A, False),
    (
        "karakoram-university",
        "Karakoram International University",
        "قراقرم انٹرنیشنل یونیورسٹی",
        U,
        "gb-gilgit",
        L,
        False,
    ),
    ("skardu-district", "Skardu District", "ضلع سکردو", D, "gb-skardu", Z, False),
    ("muzaffarabad-city", "Muzaffarabad City", "مظفرآباد شہر", C, "jk-muzaffarabad", A, False),
    (
        "mirpur-university",
        "Mirpur University of Science and Technology",
        "میرپور یونیورسٹی",
        U,
        "jk-mirpur",
        L,
        False,
    ),
    ("bagh-district", "Bagh District", "ضلع باغ", D, "jk-bagh", P, False),
]

# (English, Urdu)
FIRST_NAMES = [
    ("Ali", "علی"),
    ("Ahmed", "احمد"),
    ("Bilal", "بلال"),
    ("Usman", "عثمان"),
    ("Hamza", "حمزہ"),
    ("Hassan", "حسن"),
    ("Imran", "عمران"),
    ("Kamran", "کامران"),
    ("Zubair", "زبیر"),
    ("Faisal", "فیصل"),
    ("Saad", "سعد"),
    ("Omar", "عمر"),
    ("Asad", "اسد"),
    ("Junaid", "جنید"),
    ("Waqas", "وقاص"),
    ("Adnan", "عدنان"),
    ("Tariq", "طارق"),
    ("Shahid", "شاہد"),
    ("Naveed", "نوید"),
    ("Farhan", "فرحان"),
    ("Sajid", "ساجد"),
    ("Rizwan", "رضوان"),
    ("Ayesha", "عائشہ"),
    ("Fatima", "فاطمہ"),
    ("Sana", "ثنا"),
    ("Hira", "حرا"),
    ("Maryam", "مریم"),
    ("Zainab", "زینب"),
]
SURNAMES = [
    ("Khan", "خان"),
    ("Malik", "ملک"),
    ("Qureshi", "قریشی"),
    ("Butt", "بٹ"),
    ("Chaudhry", "چودھری"),
    ("Shah", "شاہ"),
    ("Baloch", "بلوچ"),
    ("Memon", "میمن"),
    ("Abbasi", "عباسی"),
    ("Awan", "اعوان"),
    ("Siddiqui", "صدیقی"),
    ("Raja", "راجہ"),
    ("Mirza", "مرزا"),
    ("Bhatti", "بھٹی"),
    ("Sheikh", "شیخ"),
    ("Jatoi", "جتوئی"),
    ("Marri", "مری"),
    ("Yousafzai", "یوسفزئی"),
    ("Hussain", "حسین"),
    ("Durrani", "درانی"),
]

DEMO_PLEDGE = (
    "I will never commit, excuse or stay silent about rape. I blame the rapist, not the victim.",
    "میں کبھی زیادتی نہیں کروں گا، نہ اس کا جواز دوں گا، نہ اس پر خاموش رہوں گا۔ "
    "قصوروار زیادتی کرنے والا ہے، متاثرہ نہیں۔",
    "I agree that Awaaz keeps my pledge and contact details to confirm it and to keep me informed.",
    "میں متفق ہوں کہ آواز میرے عہد اور رابطے کی تفصیل محفوظ رکھے تاکہ اس کی تصدیق ہو اور مجھے "
    "اطلاع دی جا سکے۔",
)


def _sixteen_days(day: datetime.date) -> bool:
    return (day.month == 11 and day.day >= 25) or (day.month == 12 and day.day <= 10)


class Command(BaseCommand):
    help = "Add a demo movement (44 chapters, a few thousand fictional members and pledges)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never added in production.")
        rng = random.Random(SEED)
        with transaction.atomic():
            chapters = self._chapters(rng)
            if Member.objects.filter(phone__startswith=DEMO_PHONE_PREFIX).exists():
                self.stdout.write(f"demo movement exists ({len(chapters)} chapters); nothing added")
                return
            people = self._people(rng, chapters)
        self.stdout.write(
            f"demo movement: {len(chapters)} chapters, {people['members']} members, "
            f"{people['confirmed']} confirmed pledges, {people['requests']} join requests"
        )

    # --- chapters ---------------------------------------------------------------------------

    def _chapters(self, rng: random.Random) -> list[Chapter]:
        districts = {d.code: d for d in District.objects.filter(code__in=[c[4] for c in CHAPTERS])}
        existing = {c.slug: c for c in Chapter.objects.filter(slug__in=[c[0] for c in CHAPTERS])}
        now = timezone.now()
        dormant_after = datetime.timedelta(days=settings.AWAAZ_CHAPTER_DORMANT_DAYS)
        new = []
        for slug, name_en, name_ur, kind, code, status, high_risk in CHAPTERS:
            if slug in existing:
                continue
            district = districts.get(code)
            if district is None:
                self.stdout.write(f"district {code} is not loaded: chapter {slug} skipped")
                continue
            launched = None
            if status != P:
                launched = (now - datetime.timedelta(days=rng.randint(120, 700))).date()
            if status == Z:
                activity = now - dormant_after - datetime.timedelta(days=rng.randint(5, 90))
            elif status == X:
                activity = now - datetime.timedelta(days=rng.randint(200, 400))
            else:
                activity = now - datetime.timedelta(days=rng.randint(0, 40))
            new.append(
                Chapter(
                    slug=slug,
                    name_en=name_en,
                    name_ur=name_ur,
                    kind=kind,
                    district=district,
                    status=status,
                    high_risk=high_risk,
                    launched_on=launched,
                    launch_event=(f"Launch session, {name_en}" if launched is not None else ""),
                    closed_on=(now - datetime.timedelta(days=150)).date() if status == X else None,
                    last_activity_at=activity,
                    description_en=f"The Awaaz chapter of {name_en}.",
                    description_ur=f"{name_ur} میں آواز کا چیپٹر۔",
                )
            )
        Chapter.objects.bulk_create(new)
        return list(Chapter.objects.filter(slug__in=[c[0] for c in CHAPTERS]).order_by("slug"))

    # --- people -----------------------------------------------------------------------------

    def _moment(self, rng: random.Random, now: datetime.datetime) -> datetime.datetime:
        # One pledge in four falls in a 16 Days window (25 Nov - 10 Dec): the campaign's peak.
        if rng.random() < 0.25:
            windows = [
                datetime.date(year, 11, 25) for year in (now.year - 2, now.year - 1, now.year)
            ]
            starts = [
                w for w in windows if now.date() - datetime.timedelta(days=730) <= w < now.date()
            ]
            if starts:
                start = rng.choice(starts)
                day = start + datetime.timedelta(days=rng.randint(0, 15))
                moment = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(rng.randint(8, 22)))
                )
                if moment < now:
                    return moment
        return now - datetime.timedelta(minutes=rng.randint(60, 730 * 24 * 60))

    def _people(self, rng: random.Random, chapters: list[Chapter]) -> dict[str, int]:
        now = timezone.now()
        text = PledgeText.objects.order_by("-version").first()
        if text is None:
            text = PledgeText.objects.create(
                version=1,
                text_en=DEMO_PLEDGE[0],
                text_ur=DEMO_PLEDGE[1],
                consent_en=DEMO_PLEDGE[2],
                consent_ur=DEMO_PLEDGE[3],
                published_at=now - datetime.timedelta(days=800),
            )
        open_chapters = [c for c in chapters if c.status != X]
        weights = [4 if c.status == A else 2 if c.status in (L, Z) else 1 for c in open_chapters]
        all_districts = list(District.objects.current().values_list("pk", flat=True))
        members: list[Member] = []
        moments: list[datetime.datetime] = []
        for i in range(MEMBERS):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            language = "ur" if rng.random() < 0.65 else "en"
            urdu_name = rng.random() < 0.5
            name = f"{first[1]} {last[1]}" if urdu_name else f"{first[0]} {last[0]}"
            has_phone = rng.random() < 0.8
            has_email = not has_phone or rng.random() < 0.4
            chapter = rng.choices(open_chapters, weights)[0] if rng.random() < 0.6 else None
            moment = self._moment(rng, now)
            district_id = (
                chapter.district_id
                if chapter is not None
                else (rng.choice(all_districts) if all_districts else None)
            )
            members.append(
                Member(
                    display_name=name if rng.random() < 0.9 else "",
                    email=(
                        f"{first[0]}.{last[0]}.{i:04d}@{DEMO_EMAIL_DOMAIN}".lower()
                        if has_email
                        else None
                    ),
                    phone=f"{DEMO_PHONE_PREFIX}{i:04d}" if has_phone else None,
                    email_verified_at=moment if has_email else None,
                    phone_verified_at=moment if has_phone else None,
                    district_id=district_id,
                    home_chapter=chapter,
                    joined_chapter_at=moment if chapter is not None else None,
                    language=language,
                )
            )
            moments.append(moment)
        members = Member.objects.bulk_create(members, batch_size=500)
        for member, moment in zip(members, moments, strict=True):
            member.created_at = member.updated_at = moment
        Member.objects.bulk_update(members, ["created_at", "updated_at"], batch_size=500)

        pledges: list[Pledge] = []
        tally: Counter[tuple[int, datetime.date]] = Counter()
        for member, moment in zip(members, moments, strict=True):
            if member.district_id is None:
                continue
            roll = rng.random()
            status = (
                PledgeStatus.CONFIRMED
                if roll < 0.9
                else PledgeStatus.EXPIRED
                if roll < 0.96
                else PledgeStatus.PENDING
            )
            if status == PledgeStatus.PENDING:
                moment = now - datetime.timedelta(hours=rng.randint(1, 48))
            hours = settings.AWAAZ_PLEDGE_CONFIRM_HOURS
            pledges.append(
                Pledge(
                    member=member,
                    text=text,
                    display_name=member.display_name,
                    is_public=bool(member.display_name) and rng.random() < 0.3,
                    district_id=member.district_id,
                    chapter=member.home_chapter,
                    consent_version=text.version,
                    language=member.language,
                    status=status,
                    confirmed_at=moment if status == PledgeStatus.CONFIRMED else None,
                    expires_at=moment + datetime.timedelta(hours=hours),
                    created_at=moment,
                )
            )
            if status == PledgeStatus.CONFIRMED:
                tally[(member.district_id, PledgeTally.week_of(moment))] += 1
        pledges = Pledge.objects.bulk_create(pledges, batch_size=500)
        for pledge in pledges:
            pledge.created_at = pledge.updated_at = pledge.expires_at - datetime.timedelta(
                hours=settings.AWAAZ_PLEDGE_CONFIRM_HOURS
            )
        Pledge.objects.bulk_update(pledges, ["created_at", "updated_at"], batch_size=500)
        self._tally(tally)
        self._roles(rng, chapters, members, now)
        requests = self._join_requests(rng, open_chapters, members)
        return {
            "members": len(members),
            "confirmed": sum(tally.values()),
            "requests": requests,
        }

    def _tally(self, tally: Counter[tuple[int, datetime.date]]) -> None:
        # Added to what is there: the demo pledges are new, and so are their counts.
        existing = {
            (t.district_id, t.week): t
            for t in PledgeTally.objects.filter(
                district_id__in={d for d, _ in tally}, week__in={w for _, w in tally}
            )
        }
        updates, creates = [], []
        for (district_id, week), count in tally.items():
            row = existing.get((district_id, week))
            if row is not None:
                row.count += count
                updates.append(row)
            else:
                creates.append(PledgeTally(district_id=district_id, week=week, count=count))
        PledgeTally.objects.bulk_create(creates, batch_size=500)
        PledgeTally.objects.bulk_update(updates, ["count"], batch_size=500)

    def _roles(
        self,
        rng: random.Random,
        chapters: list[Chapter],
        members: list[Member],
        now: datetime.datetime,
    ) -> None:
        by_chapter: dict[int, list[Member]] = {}
        for member in members:
            if member.home_chapter_id is not None:
                by_chapter.setdefault(member.home_chapter_id, []).append(member)
        roles = []
        for chapter in chapters:
            people = by_chapter.get(chapter.pk, [])
            if len(people) < 3 or chapter.status == P:
                continue
            focal, deputy, former = rng.sample(people, 3)
            start = chapter.launched_on or (now - datetime.timedelta(days=365)).date()
            handover = start + (now.date() - start) / 2
            ended = chapter.closed_on if chapter.status == X else None
            roles.append(
                ChapterRole(
                    chapter=chapter,
                    member=former,
                    kind=ChapterRoleKind.FOCAL_PERSON,
                    starts_on=start,
                    ends_on=handover,
                )
            )
            roles.append(
                ChapterRole(
                    chapter=chapter,
                    member=focal,
                    kind=ChapterRoleKind.FOCAL_PERSON,
                    starts_on=handover,
                    ends_on=ended,
                )
            )
            if rng.random() < 0.6:
                roles.append(
                    ChapterRole(
                        chapter=chapter,
                        member=deputy,
                        kind=ChapterRoleKind.DEPUTY,
                        starts_on=handover,
                        ends_on=ended,
                    )
                )
        ChapterRole.objects.bulk_create(roles)

    def _join_requests(
        self, rng: random.Random, chapters: list[Chapter], members: list[Member]
    ) -> int:
        joinable = [c for c in chapters if c.status != X]
        free = [m for m in members if m.home_chapter_id is None]
        requests = [
            JoinRequest(
                member=member,
                chapter=rng.choice(joinable),
                message=rng.choice(["", "I want to help with sessions at my college."]),
            )
            for member in rng.sample(free, min(80, len(free)))
        ]
        JoinRequest.objects.bulk_create(requests)
        return len(requests)

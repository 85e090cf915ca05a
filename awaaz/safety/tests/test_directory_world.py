"""A small map of Pakistan for directory tests: every province the seed names, a few districts.

Loading the whole gazetteer takes seconds; these rows are all the seed and the tests need.
"""

from __future__ import annotations

from awaaz.places.models import District, Province

PROVINCES = [
    ("PK-PB", "punjab", "Punjab", "پنجاب", "province"),
    ("PK-SD", "sindh", "Sindh", "سندھ", "province"),
    ("PK-KP", "khyber-pakhtunkhwa", "Khyber Pakhtunkhwa", "خیبر پختونخوا", "province"),
    ("PK-BA", "balochistan", "Balochistan", "بلوچستان", "province"),
    ("PK-IS", "islamabad", "Islamabad Capital Territory", "اسلام آباد", "federal_territory"),
    ("PK-GB", "gilgit-baltistan", "Gilgit-Baltistan", "گلگت بلتستان", "administered_territory"),
    ("PK-JK", "azad-kashmir", "Azad Jammu and Kashmir", "آزاد کشمیر", "administered_territory"),
]
DISTRICTS = [
    ("pb-lahore", "PK-PB", "Lahore", "لاہور"),
    ("pb-rawalpindi", "PK-PB", "Rawalpindi", "راولپنڈی"),
    ("sd-karachi-south", "PK-SD", "Karachi South", "کراچی جنوبی"),
    ("kp-peshawar", "PK-KP", "Peshawar", "پشاور"),
    ("kp-swat", "PK-KP", "Swat", "سوات"),
    ("ba-quetta", "PK-BA", "Quetta", "کوئٹہ"),
    ("is-islamabad", "PK-IS", "Islamabad", "اسلام آباد"),
]


def world_create() -> None:
    provinces = {}
    for n, (code, slug, name_en, name_ur, kind) in enumerate(PROVINCES):
        provinces[code] = Province.objects.create(
            code=code, slug=slug, name_en=name_en, name_ur=name_ur, kind=kind, sort_order=n
        )
    for code, province, name_en, name_ur in DISTRICTS:
        District.objects.create(
            code=code, province=provinces[province], name_en=name_en, name_ur=name_ur
        )

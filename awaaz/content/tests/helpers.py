"""Small factories for content tests: fictional entries, built with the same validators."""

from __future__ import annotations

import datetime
from typing import Any

from awaaz.content.models import LawEntry, LawKind, Myth, Page

REVIEWED = datetime.date(2026, 11, 21)


def make_law(**overrides: Any) -> LawEntry:
    values: dict[str, Any] = {
        "slug": "test-section",
        "kind": LawKind.PPC_SECTION,
        "reference_en": "PPC 999",
        "reference_ur": "دفعہ 999",
        "title_en": "A fictional section",
        "title_ur": "ایک فرضی دفعہ",
        "summary_en": "A summary in English.",
        "summary_ur": "اردو میں خلاصہ۔",
        "body_en": "First paragraph.\n\nSecond paragraph.",
        "body_ur": "پہلا پیراگراف۔\n\nدوسرا پیراگراف۔",
        "last_reviewed": REVIEWED,
        "published": True,
    }
    values.update(overrides)
    entry = LawEntry(**values)
    entry.full_clean()
    entry.save()
    return entry


def make_page(**overrides: Any) -> Page:
    values: dict[str, Any] = {
        "slug": "test-page",
        "title_en": "A test page",
        "title_ur": "ایک آزمائشی صفحہ",
        "body_en": "Hello.",
        "body_ur": "سلام۔",
        "published": True,
    }
    values.update(overrides)
    page = Page(**values)
    page.full_clean()
    page.save()
    return page


def make_myth(**overrides: Any) -> Myth:
    values: dict[str, Any] = {
        "slug": "test-myth",
        "myth_en": "A fictional myth.",
        "myth_ur": "ایک فرضی غلط فہمی۔",
        "fact_en": "A fictional fact.",
        "fact_ur": "ایک فرضی حقیقت۔",
        "published": True,
    }
    values.update(overrides)
    myth = Myth(**values)
    myth.full_clean()
    myth.save()
    return myth

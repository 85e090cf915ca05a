"""The intake's pages are usable with a screen reader: headings in order, one h1, every field
labelled, every group of choices in a fieldset with a legend; in English and in Urdu."""

from __future__ import annotations

from html.parser import HTMLParser

from django.core.cache import cache
from django.test import Client

from awaaz.safety.tests.test_intake_report import IntakeTestCase, receipt_in, report_data, url


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.fields: list[str] = []
        self.labelled: set[str] = set()
        self.fieldsets = 0
        self.legends = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "label" and attributes.get("for"):
            self.labelled.add(str(attributes["for"]))
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
        }:
            self.fields.append(
                str(attributes.get("id") or f"<{tag} name={attributes.get('name')}>")
            )
        if tag == "fieldset":
            self.fieldsets += 1
        if tag == "legend":
            self.legends += 1


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


class IntakePagesTests(IntakeTestCase):
    def assert_accessible(self, html: str, where: str) -> None:
        outline = _outline(html)
        assert outline.headings.count(1) == 1, where
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            assert after <= before + 1, f"{where}: h{before} then h{after}"
        unlabelled = [f for f in outline.fields if f not in outline.labelled]
        assert unlabelled == [], f"{where}: {unlabelled}"
        assert outline.fieldsets == outline.legends, where

    def test_every_page_has_ordered_headings_and_labelled_fields(self) -> None:
        for language in ("en", "ur"):
            cache.clear()
            client = Client()
            for name in ("safety:intake_start", "safety:intake_report", "safety:intake_followup"):
                page = client.get(url(name, language)).content.decode()
                self.assert_accessible(page, f"{name} ({language})")
            errors = client.post(url("safety:intake_report", language), {})
            self.assert_accessible(errors.content.decode(), f"errors ({language})")
            sent = client.post(url("safety:intake_report", language), report_data())
            self.assert_accessible(sent.content.decode(), f"receipt ({language})")
            receipt = receipt_in(sent.content.decode())
            opened = self.open_report(client, receipt, language)
            self.assert_accessible(opened.content.decode(), f"thread ({language})")

    def test_the_form_has_a_fieldset_for_each_group_of_choices(self) -> None:
        outline = _outline(Client().get(url("safety:intake_report")).content.decode())
        # Who, what, when, gender, age, how many, relationship, police, FIR, help, channel.
        assert outline.fieldsets >= 11

"""Campaign content that coordinators edit in the admin: the law library, myths and facts, pages.

Every text exists twice, in English (`*_en`) and Urdu (`*_ur`). The model exposes the text for the
active language as a `Localised` value; when the Urdu is still empty it falls back to English and
says so, so a page is never blank and a reader always knows why the language changed.

Bodies are plain text with a small structure (blank lines between paragraphs, "- " for list items,
"## " for a subheading), rendered by `awaaz.content.templatetags.content_text`. No HTML is ever
taken from the database: everything typed is escaped on output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awaaz.core.models import TimeStampedModel
from awaaz.lib.i18n import reading_urdu
from awaaz.lib.text import validate_safe_multiline_text, validate_safe_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Sources are links a reader follows, so only the web's own schemes: never javascript: or data:.
validate_web_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Localised:
    """Text in the reader's language, or in English with `is_fallback` set."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class Translated(models.Model):
    """Abstract base: picks `<name>_ur` or `<name>_en` for the active language."""

    class Meta:
        abstract = True

    def localised(self, name: str) -> Localised:
        english: str = getattr(self, f"{name}_en")
        if not reading_urdu():
            return Localised(english, "en", False)
        urdu: str = getattr(self, f"{name}_ur")
        if urdu.strip():
            return Localised(urdu, "ur", False)
        return Localised(english, "en", bool(english))


def _line(
    verbose: StrOrPromise, max_length: int, *, blank: bool = False
) -> models.CharField[str, str]:
    return models.CharField(
        verbose, max_length=max_length, blank=blank, validators=[validate_safe_text]
    )


def _text(verbose: StrOrPromise, *, blank: bool = True) -> models.TextField[str, str]:
    return models.TextField(verbose, blank=blank, validators=[validate_safe_multiline_text])


class Source(TimeStampedModel, Translated):
    """A document that content relies on: an Act, a Gazette, a report, a news article."""

    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        help_text=_("A short stable name, e.g. criminal-laws-amendment-2021"),
    )
    title = _line(_("title"), 300)
    publisher = _line(_("publisher"), 200, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(
        _("web address"), max_length=500, blank=True, validators=[validate_web_url]
    )
    note_en = _text(_("note (English)"))
    note_ur = _text(_("note (Urdu)"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    @property
    def note(self) -> Localised:
        return self.localised("note")


class Page(TimeStampedModel, Translated):
    """A campaign page: the narrative ("campaign"), "about", and others coordinators add."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title_en = _line(_("title (English)"), 200)
    title_ur = _line(_("title (Urdu)"), 200, blank=True)
    summary_en = _text(_("summary (English)"))
    summary_ur = _text(_("summary (Urdu)"))
    body_en = _text(_("body (English)"))
    body_ur = _text(_("body (Urdu)"))
    published = models.BooleanField(_("published"), default=False)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="pages"
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> Localised:
        return self.localised("title")

    @property
    def summary(self) -> Localised:
        return self.localised("summary")

    @property
    def body(self) -> Localised:
        return self.localised("body")


class LawKind(models.TextChoices):
    PPC_SECTION = "ppc_section", _("Pakistan Penal Code sections")
    ACT = "act", _("Acts of Parliament")
    PROCEDURE = "procedure", _("Procedure and courts")


class LawEntry(TimeStampedModel, Translated):
    """One section of the Penal Code, one Act, or one procedure, explained in plain words."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=LawKind.choices)
    reference_en = _line(_("reference (English)"), 80)
    reference_ur = _line(_("reference (Urdu)"), 80, blank=True)
    title_en = _line(_("title (English)"), 200)
    title_ur = _line(_("title (Urdu)"), 200, blank=True)
    summary_en = _text(_("summary (English)"), blank=False)
    summary_ur = _text(_("summary (Urdu)"))
    body_en = _text(_("body (English)"))
    body_ur = _text(_("body (Urdu)"))
    last_reviewed = models.DateField(
        _("last reviewed"),
        help_text=_("The day a reviewer last checked this entry against its sources."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="law_entries"
    )

    class Meta:
        ordering = ["kind", "order", "reference_en"]
        verbose_name = _("law entry")
        verbose_name_plural = _("law entries")

    def __str__(self) -> str:
        return f"{self.reference_en}: {self.title_en}"

    @property
    def reference(self) -> Localised:
        return self.localised("reference")

    @property
    def title(self) -> Localised:
        return self.localised("title")

    @property
    def summary(self) -> Localised:
        return self.localised("summary")

    @property
    def body(self) -> Localised:
        return self.localised("body")


class Amendment(Translated):
    """One change to a law entry: when, by which Act, and what it changed."""

    law = models.ForeignKey(
        LawEntry, verbose_name=_("law entry"), on_delete=models.CASCADE, related_name="amendments"
    )
    date = models.DateField(_("date"))
    act_en = _line(_("Act (English)"), 200)
    act_ur = _line(_("Act (Urdu)"), 200, blank=True)
    change_en = _text(_("what changed (English)"), blank=False)
    change_ur = _text(_("what changed (Urdu)"))

    class Meta:
        ordering = ["law", "date", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendment history")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.act_en}"

    @property
    def act(self) -> Localised:
        return self.localised("act")

    @property
    def change(self) -> Localised:
        return self.localised("change")


class Myth(TimeStampedModel, Translated):
    """A belief that keeps survivors silent, the fact that answers it, and why."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    myth_en = _line(_("myth (English)"), 300)
    myth_ur = _line(_("myth (Urdu)"), 300, blank=True)
    fact_en = _text(_("fact (English)"), blank=False)
    fact_ur = _text(_("fact (Urdu)"))
    explanation_en = _text(_("explanation (English)"))
    explanation_ur = _text(_("explanation (Urdu)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="myths"
    )

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("myth and fact")
        verbose_name_plural = _("myths and facts")

    def __str__(self) -> str:
        return self.myth_en

    @property
    def myth(self) -> Localised:
        return self.localised("myth")

    @property
    def fact(self) -> Localised:
        return self.localised("fact")

    @property
    def explanation(self) -> Localised:
        return self.localised("explanation")

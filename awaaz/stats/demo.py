"""The notice on every page, chart, download and API response of a release that counts invented
demonstration incidents (`Incident.is_demo`, added by `evidence_incidents_demo` for `make run`)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

DEMO_NOTICE = gettext_lazy("Demonstration data: these incidents are invented.")


def demo_notice_bilingual() -> str:
    """The notice in English and in Urdu, for files and API responses read in any language."""
    texts = []
    for language in ("en", "ur"):
        with translation.override(language):
            texts.append(str(DEMO_NOTICE))
    return " / ".join(texts)

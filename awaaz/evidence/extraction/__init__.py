"""The extractor: is a news report a case of sexual violence, and what does it say?

`extract(article)` reads one article (English, Urdu or Roman Urdu) and returns an `Extraction`
whose `as_dict()` is one output line of `awaaz extract` (docs/codebook.md, "Extraction rules").
"""

from awaaz.evidence.extraction.extractor import (
    AGE_GROUPS,
    GENDERS,
    OFFENCE_TYPES,
    RELATIONSHIPS,
    Extraction,
    extract,
)

__all__ = ["AGE_GROUPS", "GENDERS", "OFFENCE_TYPES", "RELATIONSHIPS", "Extraction", "extract"]

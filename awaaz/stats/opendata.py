"""Open data: published tables as plain rows, and their CSV, JSON and XLSX files.

A `DataTable` is what a reader downloads: named columns (each with a meaning and, for coded
columns, the list of codes), rows of values, the release version it belongs to, the licence and
the source line. Every published table of a release and the official figures become one, and all
three formats are written from it, so they always agree.

Spreadsheet programs run a cell that starts with "=", "+", "-", "@", a tab or a carriage return
as a formula (CSV injection). Text cells that start so are prefixed with an apostrophe in CSV
and XLSX; numbers are written as numbers. The JSON keeps the text as it is.

Nothing in this module reads raw incidents: only released tables (through `awaaz.stats.releases`)
and official figures (through `awaaz.evidence.selectors`).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awaaz.evidence import selectors as evidence_selectors
from awaaz.places import selectors as places_selectors
from awaaz.stats.demo import demo_notice_bilingual
from awaaz.stats.models import PublishedTable, Release, ReleaseFile, ReleaseStatus

LICENCE_ID = "CC-BY-4.0"
FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OFFICIAL_FIGURES_SLUG = "official-figures"
# The marker written in place of a suppressed count, in every format's text columns.
SUPPRESSED = "suppressed"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | Decimal | datetime.date | None


def licence_name() -> str:
    return _("Creative Commons Attribution 4.0 International (CC BY 4.0)")


def attribution(version: str) -> str:
    return _("Source: Awaaz open data, release %(version)s, licensed CC BY 4.0.") % {
        "version": version
    }


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    description: str
    kind: str = "dimension"  # dimension | measure | flag | text
    codes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DataTable:
    slug: str
    title: str
    description: str
    version: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Value]]
    source: str = ""
    notes: Sequence[str] = ()
    # From a release of invented demonstration incidents (`notes` says so).
    demo: bool = False

    @property
    def dimensions(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "dimension"]

    def filtered(self, chosen: Mapping[str, str]) -> list[Mapping[str, Value]]:
        """Rows whose dimension values equal every chosen value (compared as text)."""
        if not chosen:
            return list(self.rows)
        return [
            row
            for row in self.rows
            if all(text(row.get(name)) == value for name, value in chosen.items())
        ]


def filter_values(table: DataTable) -> dict[str, set[str]]:
    """For each dimension, the values a filter may name: its codes and every value present."""
    allowed = {c.name: set(c.codes) for c in table.dimensions}
    for row in table.rows:
        for name, values in allowed.items():
            values.add(text(row.get(name)))
    return allowed


def text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet will show, never run: a formula-like start gets an apostrophe."""
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Value) -> str | int | float | Decimal:
    """A value for CSV or XLSX: numbers stay numbers, text is made safe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return value
    return spreadsheet_safe(text(value))


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    title: str
    published_at: datetime.datetime | None
    checksum: str = ""
    notes: str = ""
    # It counts invented demonstration incidents: `notes` says so in English and Urdu.
    demo: bool = False


# --- Releases ----------------------------------------------------------------------------------
# Only published releases are visible, and only their stored tables: never raw incidents.


def _published() -> QuerySet[Release]:
    return Release.objects.filter(status=ReleaseStatus.PUBLISHED).order_by("-version")


def _release_info(release: Release) -> ReleaseInfo:
    return ReleaseInfo(
        version=str(release.version),
        title=_("Release %(version)s") % {"version": release.version},
        published_at=release.published_at,
        checksum=release.checksum,
        notes=demo_notice_bilingual() if release.contains_demo else "",
        demo=release.contains_demo,
    )


# The API asks for the list of releases on every call; it changes only when one is published.
# It is kept for a minute, so a new release reaches the API within a minute of publication.
_RELEASES_CACHE_SECONDS = 60


def releases() -> list[ReleaseInfo]:
    """Published releases, newest first."""
    key = f"stats:opendata:releases:{get_language()}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    found = [
        _release_info(r)
        for r in _published().only("version", "published_at", "checksum", "status", "contains_demo")
    ]
    cache.set(key, found, _RELEASES_CACHE_SECONDS)
    return found


def _release_row(version: str) -> Release | None:
    info = release_get(version)
    if info is None:
        return None
    return _published().filter(version=int(info.version)).first()


def release_get(version: str) -> ReleaseInfo | None:
    """A published release by version; "latest" names the newest."""
    found = releases()
    if version == "latest":
        return found[0] if found else None
    return next((r for r in found if r.version == version), None)


def table_title(key: str) -> str:
    titles = {
        "quarter_by_province": _("Incidents by province and quarter"),
        "district_by_stream": _("Incidents by district and source"),
        "gender_by_province": _("Incidents by province and the victim's gender"),
        "age_band_by_province": _("Incidents by province and the victim's age"),
        "gbv_type_by_province": _("Incidents by province and type of violence (GBVIMS)"),
        "sahil_category_by_province": _("Incidents by province and the report's own category"),
        "age_band_by_gender": _("Incidents by the victim's age and gender"),
        "gbv_type_by_gender": _("Type of violence (GBVIMS) by the victim's gender"),
        "sahil_category_by_gender": _("The report's own category by the victim's gender"),
        "place_type_by_gender": _("Place of the incident by the victim's gender"),
        "fir_status_by_province": _("Whether an FIR was registered, by province"),
        "relationship_by_gender": _("The accused's relationship to the victim, by gender"),
        "rate_by_province": _("Incidents per 100,000 people, by province"),
        "rate_by_district": _("Incidents per 100,000 people, by district"),
    }
    return titles.get(key, key.replace("_", " "))


def _dimension_column(name: str) -> Column:
    from awaaz.evidence import models as evidence

    choices: dict[str, Any] = {
        "stream": evidence.IncidentStream,
        "gender": evidence.Gender,
        "age_band": evidence.VictimAgeBand,
        "gbv_type": evidence.GbvType,
        "sahil_category": evidence.SahilCategory,
        "place_type": evidence.PlaceType,
        "fir_status": evidence.FirStatus,
        "relationship": evidence.Relationship,
    }
    descriptions = {
        "stream": _("Where the incidents come from: news reports or survivors' own reports."),
        "year": _("Year of the incident."),
        "quarter": _("Quarter of the year of the incident, Q1 to Q4."),
        "province": _("Province or territory, as its ISO 3166-2 code (e.g. PK-PB)."),
        "district": _("District, as the district code of Awaaz's gazetteer."),
        "gender": _("The victim's gender."),
        "age_band": _("The victim's age band."),
        "gbv_type": _("Type of violence in the GBVIMS classification."),
        "sahil_category": _("The category the report itself uses."),
        "place_type": _("Where the incident took place."),
        "fir_status": _("Whether the police registered a First Information Report."),
        "relationship": _("The accused's relationship to the victim."),
    }
    codes: dict[str, str] = {"*": _("all (a total)"), "unknown": _("not known")}
    if name in choices:
        codes.update({k: str(v) for k, v in choices[name].choices})
    elif name == "province":
        codes.update({p.code: p.name_en for p in places_selectors.province_list()})
    elif name == "district":
        codes["other"] = _(
            "other districts of the province: those with fewer incidents in the year than the "
            "district threshold, merged into one row"
        )
    return Column(name, name.replace("_", " "), descriptions.get(name, name), "dimension", codes)


def _measure_columns(present: set[str]) -> list[Column]:
    known = [
        Column(
            "value",
            _("count"),
            _("Number of incidents; empty when suppressed."),
            "measure",
        ),
        Column(
            "suppressed",
            _("suppressed"),
            _("true when the count is hidden to protect the people it counts."),
            "flag",
        ),
        Column(
            "display",
            _("as shown"),
            _(
                "The count as printed: the number, '<10' or '<5' when it is between 1 and the "
                "threshold, 'x' when it is hidden so that another hidden count cannot be worked "
                "out from the totals."
            ),
            "text",
        ),
        Column("rounded", _("rounded"), _("true when the count is rounded."), "flag"),
        Column(
            "population",
            _("population"),
            _("Population in the 2023 census, where known."),
            "measure",
        ),
        Column(
            "rate",
            _("rate per 100,000"),
            _("Incidents per 100,000 people, from the true count; empty when suppressed."),
            "measure",
        ),
        Column(
            "rate_low",
            _("rate, 95% interval, low"),
            _("Lower end of the exact (Garwood) 95% Poisson interval of the rate."),
            "measure",
        ),
        Column(
            "rate_high",
            _("rate, 95% interval, high"),
            _("Upper end of the exact (Garwood) 95% Poisson interval of the rate."),
            "measure",
        ),
        Column(
            "rate_reliable",
            _("rate reliable"),
            _("false when the count is below 16: the rate is unreliable, read its interval."),
            "flag",
        ),
        Column(
            "share",
            _("share (per cent)"),
            _("Per cent of the row's incidents with an FIR registered."),
            "measure",
        ),
    ]
    return [c for c in known if c.name in present or c.name in ("value", "suppressed", "display")]


DEMO_COLUMN = "demonstration"


def _demo_column() -> Column:
    return Column(
        DEMO_COLUMN,
        _("demonstration data"),
        demo_notice_bilingual(),
        kind="flag",
    )


def _as_data_table(table: PublishedTable, version: str, demo: bool = False) -> DataTable:
    """A release's table as open data; a release of invented demonstration incidents gets a
    "demonstration" column (true on every row) and a note saying so in English and Urdu."""
    dimensions = [str(d) for d in table.dimensions]
    cells: list[Mapping[str, Value]] = list(table.cells)
    present = {key for cell in cells for key in cell}
    columns = [_dimension_column(d) for d in dimensions] + _measure_columns(present)
    notes: tuple[str, ...] = ()
    if demo:
        columns.append(_demo_column())
        cells = [{**cell, DEMO_COLUMN: True} for cell in cells]
        notes = (demo_notice_bilingual(),)
    return DataTable(
        slug=table.key,
        title=table_title(table.key),
        description=_("Rows: %(row)s; columns: %(column)s. '*' in a dimension is a total.")
        % {"row": table.row_dimension, "column": table.column_dimension},
        version=version,
        columns=columns,
        rows=cells,
        source=_("Awaaz, coded from news reports and survivors' consented reports."),
        notes=notes,
        demo=demo,
    )


def release_tables(version: str) -> list[DataTable]:
    release = _release_row(version)
    if release is None:
        return []
    return [
        _as_data_table(t, str(release.version), release.contains_demo)
        for t in release.tables.order_by("key")
    ]


def release_table(version: str, slug: str) -> DataTable | None:
    release = _release_row(version)
    if release is None:
        return None
    table = release.tables.filter(key=slug).first()
    if table is None:
        return None
    return _as_data_table(table, str(release.version), release.contains_demo)


# --- Data dictionary and metadata --------------------------------------------------------------


def dictionary(table: DataTable) -> list[dict[str, Any]]:
    """One entry per column: its meaning, its kind and its codes."""
    return [
        {
            "column": column.name,
            "label": column.label,
            "kind": column.kind,
            "description": column.description,
            "codes": [{"code": code, "meaning": meaning} for code, meaning in column.codes.items()],
        }
        for column in table.columns
    ]


def metadata(table: DataTable) -> dict[str, Any]:
    return {
        "table": table.slug,
        "title": table.title,
        "description": table.description,
        "release": table.version,
        "licence": {"id": LICENCE_ID, "name": licence_name()},
        "attribution": attribution(table.version),
        "source": table.source,
        "notes": list(table.notes),
        "demonstration": table.demo,
        "suppression": _(
            "A count shown as empty with the flag 'suppressed' is hidden to protect the people "
            "it counts: either it is below the publication threshold, or it would let a hidden "
            "count be worked out from the totals."
        ),
    }


# --- Files -------------------------------------------------------------------------------------


def as_csv(table: DataTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(c.name)) for c in table.columns])
    # A byte-order mark so that spreadsheet programs read the Urdu as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_json(table: DataTable) -> bytes:
    data = {
        "meta": metadata(table),
        "dictionary": dictionary(table),
        "rows": [{c.name: row.get(c.name) for c in table.columns} for row in table.rows],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def as_xlsx(table: DataTable) -> bytes:
    """A workbook with three sheets: the data, the data dictionary, and the licence."""
    from openpyxl import Workbook  # imported here: only downloads need it

    # Write-only mode streams rows: several times faster than building cells in memory.
    book = Workbook(write_only=True)
    data = book.create_sheet("data")
    data.append([c.name for c in table.columns])
    for row in table.rows:
        # Text cells are made safe by _cell: none starts with "=", so none is read as a formula.
        data.append([_cell(row.get(c.name)) for c in table.columns])

    sheet = book.create_sheet("dictionary")
    sheet.append([_("column"), _("label"), _("kind"), _("meaning"), _("codes")])
    for entry in dictionary(table):
        codes = "; ".join(f"{c['code']} = {c['meaning']}" for c in entry["codes"])
        sheet.append(
            [
                spreadsheet_safe(str(entry[key]))
                for key in ("column", "label", "kind", "description")
            ]
            + [spreadsheet_safe(codes)]
        )

    about = book.create_sheet("about")
    meta = metadata(table)
    for label, value in (
        (_("table"), meta["table"]),
        (_("title"), meta["title"]),
        (_("release"), meta["release"]),
        (_("licence"), meta["licence"]["name"]),
        (_("attribution"), meta["attribution"]),
        (_("source"), meta["source"]),
        (_("suppression"), meta["suppression"]),
    ):
        about.append([spreadsheet_safe(label), spreadsheet_safe(str(value))])
    for note in table.notes:
        about.append([_("note"), spreadsheet_safe(note)])

    # Fixed timestamps: the same table gives the same bytes, hence the same checksum.
    fixed = datetime.datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return _zip_normalised(buffer.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _zip_normalised(data: bytes) -> bytes:
    """Rewrite a zip with fixed member dates, so identical content has an identical checksum."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the time of saving, whatever was set before.
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(member, content)
    return out.getvalue()


def render(table: DataTable, fmt: str) -> bytes:
    if fmt == "csv":
        return as_csv(table)
    if fmt == "json":
        return as_json(table)
    if fmt == "xlsx":
        return as_xlsx(table)
    raise ValueError(fmt)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Published tables never change, and official figures are versioned by their content, so a file
# once written can be kept: the downloads page lists sizes and checksums without rebuilding them.
_FILE_CACHE_SECONDS = 24 * 60 * 60


# --- Files written with the release ------------------------------------------------------------
# Writing a spreadsheet takes seconds for a large table, so it is written once, with the release,
# in every language of the site, and stored (ReleaseFile): the first download is as fast as any
# other, and the downloads page and SHA256SUMS list its checksum without writing anything. CSV
# and JSON take milliseconds and are written when first asked for (then cached).
STORED_FORMATS = ("xlsx",)


def release_files_build(release: Release) -> int:
    """Write and store the files of every table of `release` in STORED_FORMATS, in every
    language; returns how many. Called by `releases.release_compute` inside its transaction."""
    made: list[ReleaseFile] = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for stored in release.tables.order_by("key"):
                table = _as_data_table(stored, str(release.version), release.contains_demo)
                for fmt in STORED_FORMATS:
                    data = render(table, fmt)
                    made.append(
                        ReleaseFile(
                            release=release,
                            language=language,
                            key=table.slug,
                            fmt=fmt,
                            content=data,
                            size=len(data),
                            sha256=checksum(data),
                        )
                    )
    ReleaseFile.objects.bulk_create(made)
    return len(made)


def _stored_file(table: DataTable, fmt: str) -> QuerySet[ReleaseFile] | None:
    if fmt not in STORED_FORMATS or table.slug == OFFICIAL_FIGURES_SLUG:
        return None
    if not table.version.isdigit():
        return None
    return ReleaseFile.objects.filter(
        release__version=int(table.version), language=get_language(), key=table.slug, fmt=fmt
    )


def file_bytes(table: DataTable, fmt: str) -> bytes:
    """The file of `table` in `fmt`, in the current language (labels are translated): the one
    stored with the release, or else written now and cached."""
    stored = _stored_file(table, fmt)
    content = stored.values_list("content", flat=True).first() if stored is not None else None
    if content is not None:
        return bytes(content)
    key = f"stats:opendata:{get_language()}:{table.version}:{table.slug}:{fmt}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    data = render(table, fmt)
    cache.set(key, data, _FILE_CACHE_SECONDS)
    return data


@dataclass(frozen=True)
class FileEntry:
    fmt: str
    filename: str
    size: int | None  # None: not written yet (a spreadsheet is written when first asked for)
    checksum: str


@dataclass(frozen=True)
class TableDownloads:
    slug: str
    title: str
    version: str
    rows: int
    files: list[FileEntry]


# The downloads page writes CSV and JSON to list their checksums; the spreadsheet's come from
# the release's stored files (a release made before they were stored links its dictionary page).
QUICK_FORMATS = ("csv", "json")


def table_files(table: DataTable, formats: Sequence[str] = FORMATS) -> list[FileEntry]:
    """Each file of `table` with its size and checksum; a format outside `formats` is listed
    without them unless it was stored with the release (then they are known for free)."""
    entries = []
    for fmt in FORMATS:
        stored = _stored_file(table, fmt)
        known = stored.values_list("size", "sha256").first() if stored is not None else None
        if known is not None:
            entries.append(FileEntry(fmt, filename(table, fmt), known[0], known[1]))
            continue
        if fmt not in formats:
            entries.append(FileEntry(fmt, filename(table, fmt), None, ""))
            continue
        data = file_bytes(table, fmt)
        entries.append(FileEntry(fmt, filename(table, fmt), len(data), checksum(data)))
    return entries


def _downloads(table: DataTable, formats: Sequence[str]) -> TableDownloads:
    return TableDownloads(
        table.slug, table.title, table.version, len(table.rows), table_files(table, formats)
    )


def downloads(version: str, formats: Sequence[str] = QUICK_FORMATS) -> list[TableDownloads]:
    """Every table of a published release with its files, sizes and checksums."""
    return [_downloads(t, formats) for t in release_tables(version)]


def figures_download() -> TableDownloads:
    return _downloads(official_figures_table(), QUICK_FORMATS)


def filename(table: DataTable, fmt: str) -> str:
    return f"awaaz-{table.version}-{table.slug}.{fmt}"


# --- Official figures --------------------------------------------------------------------------


def official_figures_table() -> DataTable:
    from awaaz.evidence.models import AreaLevel, FigureUnit

    figures = list(evidence_selectors.official_figures())
    columns = [
        Column("publisher", _("publisher"), _("Who published the figure.")),
        Column("source", _("source"), _("The publication the figure is taken from."), "text"),
        Column("url", _("URL"), _("Where the publication can be read."), "text"),
        Column(
            "area_level",
            _("area"),
            _("Whether the figure is for the whole country or one province."),
            codes={k: str(v) for k, v in AreaLevel.choices},
        ),
        Column(
            "province",
            _("province"),
            _("The province's ISO 3166-2 code; empty for national figures."),
        ),
        Column("period_start", _("period start"), _("First day of the period counted.")),
        Column("period_end", _("period end"), _("Last day of the period counted.")),
        Column("category", _("category"), _("What was counted, in the publisher's words.")),
        Column("definition", _("definition"), _("The publisher's definition."), "text"),
        Column("value", _("value"), _("The figure as published."), "measure"),
        Column(
            "unit",
            _("unit"),
            _("The unit of the value."),
            codes={k: str(v) for k, v in FigureUnit.choices},
        ),
        Column("notes", _("notes"), _("Notes on the figure."), "text"),
    ]
    rows: list[Mapping[str, Value]] = [
        {
            "publisher": f.publisher,
            "source": f.source,
            "url": f.url,
            "area_level": f.area_level,
            "province": f.province.code if f.province else "",
            "period_start": f.period_start,
            "period_end": f.period_end,
            "category": f.category,
            "definition": f.definition,
            "value": f.value,
            "unit": f.unit,
            "notes": f.notes,
        }
        for f in figures
    ]
    # Official figures are not part of a release: their version is a digest of their content,
    # so it changes exactly when a figure is added, corrected or removed.
    digest = hashlib.sha256(json.dumps(rows, cls=DjangoJSONEncoder).encode()).hexdigest()
    return DataTable(
        slug=OFFICIAL_FIGURES_SLUG,
        title=_("Official figures"),
        description=_(
            "Figures published by others (NGOs, the police, ministries), exactly as published. "
            "Each counts something different; they are never added to Awaaz's counts."
        ),
        version=f"figures-{digest[:12]}",
        columns=columns,
        rows=rows,
        source=_("Compiled by Awaaz from the publications named in each row."),
    )

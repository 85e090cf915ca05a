"""Import existing members and chapters from spreadsheets, and export members to them.

Import is two steps over the same code: a *preview* (the dry run) reads the file and says, row
by row and in plain words, what would be created, what is skipped as already known, and what is
wrong; *apply* does the same inside one transaction and refuses everything if any row is wrong,
so a failed import changes nothing.

Files come from Excel, LibreOffice and Google Sheets: CSV in UTF-8 (with or without the BOM
Excel adds), UTF-16 "Unicode text" (tab-separated), or XLSX. Cells are only ever read as text:
a formula such as `=HYPERLINK(...)` is kept as the characters typed, never evaluated. Names are
stored in Unicode NFC; hidden direction-changing characters are refused per row.

Exports prefix any cell that a spreadsheet would treat as a formula (= + - @, tab, CR) with an
apostrophe, the OWASP "CSV injection" rule, in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from awaaz.core.models import User
from awaaz.core.services import audit_record
from awaaz.lib.text import normalise_text, text_problem
from awaaz.places.models import District

from ..models import Chapter, ChapterKind, ChapterStatus, Member
from .account import email_normalise, phone_normalise

MAX_IMPORT_BYTES = 1_500_000
MAX_IMPORT_ROWS = 5_000
# An XLSX is a zip file: refuse one that would unpack to far more than its size suggests.
MAX_XLSX_UNPACKED_BYTES = 40_000_000

MEMBERS = "members"
CHAPTERS = "chapters"

# Column names people actually use, in English and Urdu, mapped to ours.
_MEMBER_COLUMNS = {
    "name": ("name", "display_name", "full_name", "نام"),
    "email": ("email", "e_mail", "email_address", "ای_میل", "ای میل"),
    "phone": ("phone", "mobile", "phone_number", "mobile_number", "cell", "فون", "موبائل"),
    "district": ("district", "ضلع"),
    "chapter": ("chapter", "chapter_slug", "چیپٹر"),
    "language": ("language", "زبان"),
}
_CHAPTER_COLUMNS = {
    "slug": ("slug", "code"),
    "name_en": ("name_en", "name", "name_english"),
    "name_ur": ("name_ur", "name_urdu", "نام"),
    "kind": ("kind", "type", "قسم"),
    "district": ("district", "ضلع"),
    "status": ("status", "حیثیت"),
    "launched_on": ("launched_on", "launched", "launch_date"),
    "high_risk": ("high_risk",),
}
_REQUIRED = {MEMBERS: (), CHAPTERS: ("slug", "name_en", "name_ur", "kind", "district")}

_YES = frozenset({"yes", "y", "true", "1", "ہاں", "جی"})
_NO = frozenset({"no", "n", "false", "0", "", "نہیں"})
_LANGUAGES = {"en": "en", "english": "en", "انگریزی": "en", "ur": "ur", "urdu": "ur", "اردو": "ur"}
_KINDS = {
    **{k.value: k.value for k in ChapterKind},
    "شہر": ChapterKind.CITY,
    "ضلع": ChapterKind.DISTRICT,
    "یونیورسٹی": ChapterKind.UNIVERSITY,
    "جامعہ": ChapterKind.UNIVERSITY,
    "کالج": ChapterKind.COLLEGE,
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read; `message` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class RowSkipped:
    row: int
    reason: str


@dataclass
class ImportPreview:
    kind: str
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # what would be created
    skipped: list[RowSkipped] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRefusedError(Exception):
    """Apply was refused because the preview has problems; nothing was changed."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(f"{len(preview.problems)} problem(s)")
        self.preview = preview


# --- Reading files ----------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 03001234567 as the number 3001234567.0; keep the digits, drop the ".0".
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("This XLSX file is damaged. Please save it again.")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(_("This file is too large. Please split it into smaller files."))
    try:
        # data_only=False: a formula cell yields its text ("=SUM(A1)"), never a computed value.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors for broken files
        raise ImportFileError(_("This XLSX file is damaged. Please save it again.")) from None
    try:
        sheet = book.worksheets[0]
        table: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            table.append([_cell_text(v) for v in values])
            if len(table) > MAX_IMPORT_ROWS + 1:
                break
        return table
    finally:
        book.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-16 without a byte-order mark: every other byte of Latin text is zero.
    if len(data) >= 2 and data[1::2].count(0) > len(data) // 4:
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    raise ImportFileError(
        _(
            "This file is not in a text encoding we can read. In Excel, choose "
            "“Save as” and then “CSV UTF-8”."
        )
    )


def _read_text_table(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    try:
        for values in reader:
            table.append(values)
            if len(table) > MAX_IMPORT_ROWS + 1:
                break
    except csv.Error:
        raise ImportFileError(
            _("This CSV file is damaged (a quotation mark is not closed). Please save it again.")
        ) from None
    return table


def table_read(*, data: bytes, filename: str) -> list[list[str]]:
    """Read the first sheet of an XLSX, or a CSV/TSV in UTF-8 or UTF-16, as rows of text."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("This file is larger than %(size)s MB. Please split it into smaller files.")
            % {"size": MAX_IMPORT_BYTES // 1_000_000 or 1}
        )
    if not data.strip():
        raise ImportFileError(_("This file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read. Please save it as .xlsx or as CSV UTF-8.")
        )
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        table = _read_xlsx(data)
    else:
        table = _read_text_table(_decode(data))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise ImportFileError(
            _("This file has more than %(count)s rows. Please split it into smaller files.")
            % {"count": MAX_IMPORT_ROWS}
        )
    if len(table) < 2:
        raise ImportFileError(_("This file has a header row but no data rows."))
    return table


# --- Columns ----------------------------------------------------------------------------------


def _header_key(value: str) -> str:
    text = normalise_text(value.replace("\ufeff", "")).lower()
    return "_".join(text.replace("-", " ").split())


def _map_columns(header: Sequence[str], kind: str, preview: ImportPreview) -> dict[str, int] | None:
    known = _MEMBER_COLUMNS if kind == MEMBERS else _CHAPTER_COLUMNS
    alias_to_name = {
        _header_key(alias): name for name, aliases in known.items() for alias in aliases
    }
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = _header_key(raw)
        if not key:
            continue
        name = alias_to_name.get(key)
        if name is None:
            preview.ignored_columns.append(raw.strip())
        elif name in positions:
            preview.problems.append(
                RowProblem(1, raw, _("The column “%(column)s” appears twice.") % {"column": raw})
            )
        else:
            positions[name] = index
    missing = [name for name in _REQUIRED[kind] if name not in positions]
    if kind == MEMBERS and "email" not in positions and "phone" not in positions:
        missing.append("email / phone")
    for name in missing:
        preview.problems.append(
            RowProblem(
                1,
                name,
                _(
                    "The column “%(column)s” is missing. "
                    "The first row must name the columns: %(all)s."
                )
                % {"column": name, "all": ", ".join(known)},
            )
        )
    preview.columns = list(positions)
    return None if preview.problems else positions


def _cells(row: Sequence[str], positions: dict[str, int]) -> dict[str, str]:
    return {
        name: (row[index] if index < len(row) else "").strip() for name, index in positions.items()
    }


# --- Values -----------------------------------------------------------------------------------


def _district_index() -> dict[str, District]:
    index: dict[str, District] = {}
    for district in District.objects.current().select_related("province"):
        for key in (district.code, district.name_en, district.name_ur, *district.roman):
            index.setdefault(normalise_text(str(key)).casefold(), district)
    return index


def _safe_text(value: str, *, column: str, row: int, limit: int, out: list[RowProblem]) -> str:
    problem = text_problem(value)
    if problem:
        out.append(RowProblem(row, column, problem))
        return ""
    text = normalise_text(value)
    if len(text) > limit:
        out.append(
            RowProblem(
                row,
                column,
                _("This is longer than %(limit)s characters.") % {"limit": limit},
            )
        )
    return text


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Members ----------------------------------------------------------------------------------


def _preview_members(table: list[list[str]], preview: ImportPreview) -> None:
    positions = _map_columns(table[0], MEMBERS, preview)
    if positions is None:
        return
    districts = _district_index()
    chapters = {c.slug: c for c in Chapter.objects.all()}
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    candidates: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(table[1:], start=2):
        cells = _cells(row, positions)
        problems: list[RowProblem] = []
        name = _safe_text(cells.get("name", ""), column="name", row=number, limit=80, out=problems)
        email = phone = None
        if cells.get("email"):
            try:
                email = email_normalise(cells["email"])
            except ValidationError as error:
                problems.append(RowProblem(number, "email", _message(error)))
        if cells.get("phone"):
            try:
                phone = phone_normalise(cells["phone"])
            except ValidationError as error:
                problems.append(RowProblem(number, "phone", _message(error)))
        if not cells.get("email") and not cells.get("phone"):
            problems.append(
                RowProblem(number, "email / phone", _("Give an email address or a phone number."))
            )
        district = None
        if cells.get("district"):
            district = districts.get(normalise_text(cells["district"]).casefold())
            if district is None:
                problems.append(
                    RowProblem(
                        number,
                        "district",
                        _("The district “%(value)s” is not known. Use its name or code.")
                        % {"value": cells["district"]},
                    )
                )
        chapter = None
        if cells.get("chapter"):
            chapter = chapters.get(cells["chapter"].lower())
            if chapter is None:
                problems.append(
                    RowProblem(
                        number,
                        "chapter",
                        _("There is no chapter with the code “%(value)s”.")
                        % {"value": cells["chapter"]},
                    )
                )
        language = "ur"
        if cells.get("language"):
            language = _LANGUAGES.get(normalise_text(cells["language"]).casefold(), "")
            if not language:
                problems.append(
                    RowProblem(number, "language", _("The language must be “ur” or “en”."))
                )
        if problems:
            preview.problems.extend(problems)
            continue
        earlier = (seen_email.get(email) if email else None) or (
            seen_phone.get(phone) if phone else None
        )
        if earlier:
            preview.skipped.append(
                RowSkipped(number, _("The same person as row %(row)s.") % {"row": earlier})
            )
            continue
        if email:
            seen_email[email] = number
        if phone:
            seen_phone[phone] = number
        candidates.append(
            (
                number,
                {
                    "display_name": name,
                    "email": email,
                    "phone": phone,
                    "district": district,
                    "home_chapter": chapter,
                    "language": language,
                },
            )
        )
    _members_against_database(candidates, preview)


def _members_against_database(
    candidates: list[tuple[int, dict[str, Any]]], preview: ImportPreview
) -> None:
    emails = [c["email"] for _, c in candidates if c["email"]]
    phones = [c["phone"] for _, c in candidates if c["phone"]]
    by_email: dict[str, int] = {}
    by_phone: dict[str, int] = {}
    for pk, email, phone in Member.objects.filter(
        Q(email__in=emails) | Q(phone__in=phones)
    ).values_list("pk", "email", "phone"):
        if email:
            by_email[email] = pk
        if phone:
            by_phone[phone] = pk
    for number, values in candidates:
        found = {by_email.get(values["email"] or ""), by_phone.get(values["phone"] or "")}
        found.discard(None)
        if len(found) > 1:
            preview.problems.append(
                RowProblem(
                    number,
                    "email / phone",
                    _(
                        "The email address belongs to one member and the phone number to "
                        "another. Please correct this row."
                    ),
                )
            )
        elif found:
            preview.skipped.append(RowSkipped(number, _("Already a member; left unchanged.")))
        else:
            preview.rows.append({"row": number, **values})


# --- Chapters ---------------------------------------------------------------------------------


def _parse_date(value: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _preview_chapters(table: list[list[str]], preview: ImportPreview) -> None:
    positions = _map_columns(table[0], CHAPTERS, preview)
    if positions is None:
        return
    districts = _district_index()
    existing = set(Chapter.objects.values_list("slug", flat=True))
    seen: dict[str, int] = {}
    statuses = {s.value: s.value for s in ChapterStatus}
    for number, row in enumerate(table[1:], start=2):
        cells = _cells(row, positions)
        problems: list[RowProblem] = []
        slug = slugify(cells["slug"])
        if not slug or slug != cells["slug"].lower():
            problems.append(
                RowProblem(
                    number,
                    "slug",
                    _("The code must use only letters a–z, digits and hyphens, e.g. lahore-city."),
                )
            )
        name_en = _safe_text(
            cells["name_en"], column="name_en", row=number, limit=120, out=problems
        )
        name_ur = _safe_text(
            cells["name_ur"], column="name_ur", row=number, limit=120, out=problems
        )
        if not name_en or not name_ur:
            problems.append(
                RowProblem(number, "name_en / name_ur", _("Give the name in English and in Urdu."))
            )
        kind = _KINDS.get(normalise_text(cells["kind"]).casefold(), "")
        if not kind:
            problems.append(
                RowProblem(
                    number,
                    "kind",
                    _("The kind must be one of: city, district, university, college."),
                )
            )
        district = districts.get(normalise_text(cells["district"]).casefold())
        if district is None:
            problems.append(
                RowProblem(
                    number,
                    "district",
                    _("The district “%(value)s” is not known. Use its name or code.")
                    % {"value": cells["district"]},
                )
            )
        status = statuses.get(cells.get("status", "").lower() or ChapterStatus.PROPOSED, "")
        if not status:
            problems.append(
                RowProblem(
                    number,
                    "status",
                    _("The status must be one of: proposed, launched, active, dormant, closed."),
                )
            )
        launched_on = None
        if cells.get("launched_on"):
            launched_on = _parse_date(cells["launched_on"])
            if launched_on is None:
                problems.append(
                    RowProblem(
                        number,
                        "launched_on",
                        _("The date must look like 2024-11-25 or 25/11/2024."),
                    )
                )
        high_risk_text = normalise_text(cells.get("high_risk", "")).casefold()
        if high_risk_text not in _YES | _NO:
            problems.append(RowProblem(number, "high_risk", _("Write “yes” or “no”.")))
        if problems:
            preview.problems.extend(problems)
            continue
        if slug in seen:
            preview.skipped.append(
                RowSkipped(number, _("The same chapter as row %(row)s.") % {"row": seen[slug]})
            )
            continue
        seen[slug] = number
        if slug in existing:
            preview.skipped.append(
                RowSkipped(number, _("This chapter exists already; left unchanged."))
            )
            continue
        preview.rows.append(
            {
                "row": number,
                "slug": slug,
                "name_en": name_en,
                "name_ur": name_ur,
                "kind": kind,
                "district": district,
                "status": status,
                "launched_on": launched_on,
                "high_risk": high_risk_text in _YES,
            }
        )


# --- Preview and apply ------------------------------------------------------------------------


def import_preview(*, kind: str, data: bytes, filename: str) -> ImportPreview:
    """Read the file and say what an import would do, changing nothing (the dry run).

    Raises ImportFileError when the file as a whole cannot be read.
    """
    if kind not in (MEMBERS, CHAPTERS):
        raise ValueError(f"unknown import kind {kind!r}")
    table = table_read(data=data, filename=filename)
    preview = ImportPreview(kind=kind)
    if kind == MEMBERS:
        _preview_members(table, preview)
    else:
        _preview_chapters(table, preview)
    return preview


@transaction.atomic
def import_apply(*, kind: str, data: bytes, filename: str, actor: User | None) -> ImportPreview:
    """Create every new row of the file, or nothing at all if any row has a problem.

    The file is read again inside the transaction, so rows that became duplicates since the
    preview are skipped rather than doubled. `actor` is None for the command line.
    """
    preview = import_preview(kind=kind, data=data, filename=filename)
    if not preview.ok:
        raise ImportRefusedError(preview)
    now = timezone.now()
    if kind == MEMBERS:
        Member.objects.bulk_create(
            [
                Member(
                    display_name=r["display_name"],
                    email=r["email"],
                    phone=r["phone"],
                    district=r["district"],
                    home_chapter=r["home_chapter"],
                    joined_chapter_at=now if r["home_chapter"] else None,
                    language=r["language"],
                )
                for r in preview.rows
            ],
            batch_size=500,
        )
    else:
        Chapter.objects.bulk_create(
            [
                Chapter(
                    **{k: v for k, v in r.items() if k != "row"},
                    last_activity_at=now,
                )
                for r in preview.rows
            ],
            batch_size=500,
        )
    audit_record(
        actor=actor,
        action=f"{kind}.imported",
        detail={"rows": len(preview.rows), "skipped": len(preview.skipped)},
    )
    preview.applied = True
    return preview


# --- Export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "name",
    "email",
    "phone",
    "district",
    "province",
    "chapter",
    "language",
    "confirmed",
    "joined_chapter_at",
    "created_at",
)


def cell_safe(value: object) -> str:
    """Text for a spreadsheet cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _export_rows(members: QuerySet[Member]) -> Iterable[list[str]]:
    members = members.select_related("district__province", "home_chapter").order_by("pk")
    for m in members.iterator(chunk_size=1000):
        yield [
            cell_safe(v)
            for v in (
                m.display_name,
                m.email or "",
                m.phone or "",
                m.district.code if m.district else "",
                m.district.province.slug if m.district else "",
                m.home_chapter.slug if m.home_chapter else "",
                m.language,
                "yes" if m.is_confirmed else "no",
                m.joined_chapter_at.date().isoformat() if m.joined_chapter_at else "",
                m.created_at.date().isoformat(),
            )
        ]


@dataclass(frozen=True)
class Export:
    content: bytes
    rows: int
    content_type: str
    extension: str


def members_export(
    *, actor: User, members: QuerySet[Member], fmt: str, chapter: Chapter | None
) -> Export:
    """Write the members (already scoped by a permission selector) as CSV or XLSX; audited.

    The audit event records how many rows left the system, never who they were.
    """
    rows = list(_export_rows(members))
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("members")
        sheet.append(list(EXPORT_COLUMNS))
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        export = Export(
            buffer.getvalue(),
            len(rows),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)
        # With the BOM, Excel opens Urdu names correctly instead of as mojibake.
        export = Export(
            text.getvalue().encode("utf-8-sig"), len(rows), "text/csv; charset=utf-8", "csv"
        )
    audit_record(
        actor=actor,
        action="members.export",
        obj=chapter,
        detail={"rows": export.rows, "format": export.extension},
    )
    return export

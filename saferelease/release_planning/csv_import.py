"""The prisoner file (CSV): parse and validate a whole file into typed rows, or row errors.

Pure: no database access. Whatever must be checked against the database (that an
establishment code exists and the importer may use it, that an existing prisoner is in
their scope) is checked by ``services_import``. The contract is ``docs/prisoner-csv.md``.

Row numbers are those a spreadsheet shows: the header is row 1, the first prisoner row 2
(a quoted cell that spans lines still counts as one row; an Excel ``sep=`` line is not
counted, as Excel hides it).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Final, NamedTuple, TextIO

from saferelease.core.dates import parse_date
from saferelease.deadlines import (
    AccommodationStatus,
    MappaCategory,
    MappaLevel,
    OffenceCategory,
    RiskLevel,
    SentenceType,
)
from saferelease.deadlines.catalogue import CSV_COLUMNS, CSV_REQUIRED_COLUMNS, FACTS_BY_NAME, Kind
from saferelease.release_planning.models import PRISON_NUMBER_RE, Prisoner, ProgrammeStatus

#: Every column of the contract, in the documented order (the prisoner facts catalogue's
#: columns). Each is a ``Prisoner`` field.
COLUMNS: Final[tuple[str, ...]] = CSV_COLUMNS
#: Columns every file must have (``establishment`` may be left out when a default
#: establishment is given: every row then takes the default).
REQUIRED_COLUMNS: Final[tuple[str, ...]] = CSV_REQUIRED_COLUMNS
#: Columns that must have a value in every row (``establishment`` may be empty when a
#: default establishment is given).
REQUIRED_VALUES: Final[frozenset[str]] = frozenset(REQUIRED_COLUMNS)

DATE_COLUMNS: Final[frozenset[str]] = frozenset(
    name for name in COLUMNS if FACTS_BY_NAME[name].kind == Kind.DATE
)

#: The shape of an agency code, as ``Establishment.code`` validates it (most are three
#: letters; the register also has STC3, ZZGHI). Whether it exists is for the service.
ESTABLISHMENT_CODE_RE: Final = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_PRISON_NUMBER_RE: Final = re.compile(PRISON_NUMBER_RE)
_WHITESPACE_RE: Final = re.compile(r"\s+")
_TRUE: Final = frozenset({"true", "yes", "1", "y"})
_FALSE: Final = frozenset({"false", "no", "0", "n", ""})
_ZIP_MAGIC: Final = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the file. ``row`` 1 is the header; ``row`` 0 is the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class PrisonerRow:
    """One valid prisoner row: typed values for the columns present in the file.

    ``values`` maps a ``Prisoner`` field name to its new value and holds only the columns
    the file has (a column left out of the file leaves the stored value unchanged).
    """

    row: int
    prison_number: str
    establishment_code: str
    values: dict[str, Any]


class RowKey(NamedTuple):
    """A row's well-formed prison number and establishment code ("" when not), kept for
    every row, valid or not, so that the checks against the database can report their
    errors together with the file's own."""

    row: int
    prison_number: str
    establishment_code: str


@dataclass(slots=True)
class ParsedFile:
    """A whole file: the columns it has, its rows (only when every row is valid), the
    keys of every row, and every error found."""

    columns: tuple[str, ...] = ()
    rows: list[PrisonerRow] = field(default_factory=list)
    keys: list[RowKey] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _CellError(ValueError):
    """A cell's value is not allowed; the message says what is."""


# =========================================================================================
# Cell converters: text (already stripped) -> value, or _CellError
# =========================================================================================


def _max_length(name: str) -> int:
    return int(Prisoner._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]


def _text_converter(name: str) -> Callable[[str], str]:
    limit = _max_length(name)

    def convert(text: str) -> str:
        if len(text) > limit:
            raise _CellError(f"must be {limit} characters or fewer (it has {len(text)})")
        return text

    return convert


_date_cache: dict[str, dt.date] = {}


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    value = _date_cache.get(text)
    if value is None:
        try:
            value = parse_date(text)
        except ValueError as error:
            raise _CellError(str(error)) from None
        if len(_date_cache) < 100_000:
            _date_cache[text] = value
    return value


def _normalise_code(text: str) -> str:
    return text.lower().replace(" ", "_").replace("-", "_")


def _choice_converter(values: list[str], empty: str = "") -> Callable[[str], str]:
    allowed = frozenset(values)
    listed = ", ".join(values)

    def convert(text: str) -> str:
        if not text:
            return empty
        value = _normalise_code(text)
        if value not in allowed:
            raise _CellError(f"'{text}' is not allowed: use one of {listed}")
        return value

    return convert


def _integer_choice_converter(values: list[int]) -> Callable[[str], int | None]:
    allowed = {str(v): v for v in values}
    listed = ", ".join(allowed)

    def convert(text: str) -> int | None:
        if not text:
            return None
        try:
            return allowed[text]
        except KeyError:
            raise _CellError(f"'{text}' is not allowed: use one of {listed}") from None

    return convert


def _boolean(text: str) -> bool:
    value = text.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(f"'{text}' is not allowed: use true or false (or yes/no, 1/0, Y/N)")


def _build_converters() -> dict[str, Callable[[str], Any]]:
    converters: dict[str, Callable[[str], Any]] = {
        "given_name": _text_converter("given_name"),
        "family_name": _text_converter("family_name"),
        "resettlement_transfer_exemption": _text_converter("resettlement_transfer_exemption"),
        "sentence_type": _choice_converter([v.value for v in SentenceType]),
        "offence_category": _choice_converter([v.value for v in OffenceCategory]),
        "rosh": _choice_converter([v.value for v in RiskLevel]),
        "osp": _choice_converter([v.value for v in RiskLevel]),
        "accommodation_status": _choice_converter([v.value for v in AccommodationStatus]),
        "accommodation_on_release": _choice_converter([v.value for v in AccommodationStatus]),
        "mappa_category": _integer_choice_converter([v.value for v in MappaCategory]),
        "mappa_level": _integer_choice_converter([v.value for v in MappaLevel]),
        "maintains_innocence": _boolean,
        # The field cannot be empty: an empty cell means "no referral".
        "programme_status": _choice_converter(
            [str(v) for v in ProgrammeStatus.values], empty=ProgrammeStatus.NONE.value
        ),
    }
    for name in DATE_COLUMNS:
        converters[name] = _date
    return converters


CONVERTERS: Final[dict[str, Callable[[str], Any]]] = _build_converters()


# =========================================================================================
# Reading the file
# =========================================================================================


def decode_prisoner_file(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without a BOM), UTF-16 with a BOM
    (Excel "Unicode text"), or Windows-1252 (Excel's plain "CSV (Comma delimited)").

    Raises ``ValueError`` with a message for the person who uploaded it.
    """
    if data.startswith(_ZIP_MAGIC):
        raise ValueError(
            "The file is an Excel workbook or another zipped file, not a CSV file: "
            "in Excel choose Save As, then 'CSV UTF-8 (Comma delimited)'"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("The file is not readable UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(
            "The file is not UTF-8 text: in Excel choose Save As, then "
            "'CSV UTF-8 (Comma delimited)'"
        ) from None


def _text_of(source: str | bytes | BinaryIO | TextIO) -> str:
    if isinstance(source, bytes):
        return decode_prisoner_file(source)
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    content = source.read()
    if isinstance(content, bytes):
        return decode_prisoner_file(content)
    return content.removeprefix("\ufeff")


def _delimiter(header_line: str) -> str:
    """Comma, unless the header has none and uses semicolons or tabs (some Excel locales
    and Excel's "Unicode text" export)."""
    if "," in header_line:
        return ","
    if "\t" in header_line:
        return "\t"
    if ";" in header_line:
        return ";"
    return ","


def _read_header(
    header: list[str], *, has_default_establishment: bool
) -> tuple[list[tuple[int, str]], list[int], list[RowError]]:
    """The recognised columns as (index, name), the indexes of blank header cells, and the
    header's errors."""
    errors: list[RowError] = []
    columns: list[tuple[int, str]] = []
    blank: list[int] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            blank.append(index)
            continue
        if name not in CONVERTERS and name not in {"prison_number", "establishment"}:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            errors.append(RowError(1, raw.strip(), f"unknown column '{raw.strip()}'{hint}"))
            continue
        if name in seen:
            errors.append(
                RowError(
                    1,
                    name,
                    f"column '{name}' appears twice (columns {seen[name] + 1} and {index + 1})",
                )
            )
            continue
        seen[name] = index
        columns.append((index, name))
    for name in REQUIRED_COLUMNS:
        if name in seen:
            continue
        if name == "establishment" and has_default_establishment:
            continue
        hint = " (or choose a default establishment)" if name == "establishment" else ""
        errors.append(RowError(1, name, f"required column '{name}' is missing{hint}"))
    return columns, blank, errors


def parse_prisoner_csv(
    source: str | bytes | BinaryIO | TextIO, *, default_establishment_code: str = ""
) -> ParsedFile:
    """Parse and validate a whole prisoner file; collect every error with its row number.

    ``default_establishment_code`` fills an empty ``establishment`` cell (and every row when
    the file has no ``establishment`` column). Whether it exists and the importer may use
    it is for the service to check.
    """
    parsed = ParsedFile()
    default_code = default_establishment_code.strip().upper()
    try:
        text = _text_of(source)
    except ValueError as error:
        parsed.errors.append(RowError(0, "", str(error)))
        return parsed

    lines = io.StringIO(text, newline="")
    first = lines.readline()
    if first.strip().lower().startswith("sep="):
        delimiter = first.strip()[4:5] or ","
    else:
        delimiter = _delimiter(first)
        lines.seek(0)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)

    try:
        header = next(reader, None)
    except csv.Error as error:
        parsed.errors.append(RowError(1, "", f"the header cannot be read: {error}"))
        return parsed
    if header is None or not any(cell.strip() for cell in header):
        parsed.errors.append(
            RowError(1, "", "the file is empty: the first row must be the column names")
        )
        return parsed

    columns, blank_columns, header_errors = _read_header(
        header, has_default_establishment=bool(default_code)
    )
    parsed.columns = tuple(name for _, name in columns)
    parsed.errors.extend(header_errors)
    width = len(header)
    # Columns other than the two handled by name, with their converters, in file order.
    typed = [
        (index, name, CONVERTERS[name], name in REQUIRED_VALUES)
        for index, name in columns
        if name not in {"prison_number", "establishment"}
    ]
    prison_number_index = next((i for i, n in columns if n == "prison_number"), None)
    establishment_index = next((i for i, n in columns if n == "establishment"), None)
    first_row_of: dict[str, int] = {}
    errors = parsed.errors

    row_number = 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            row_number += 1
            errors.append(RowError(row_number, "", f"the row cannot be read: {error}"))
            break
        if cells is None:
            break
        row_number += 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank line (Excel often leaves some at the end)
        parsed.row_count += 1
        row_errors: list[RowError] = []
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            row_errors.append(
                RowError(
                    row_number,
                    "",
                    f"the row has {len(cells)} values but the header has {width} columns",
                )
            )
        for index in blank_columns:
            if index < len(cells) and cells[index].strip():
                row_errors.append(
                    RowError(row_number, "", f"column {index + 1} has a value but no header")
                )

        prison_number = key_number = key_code = ""
        if prison_number_index is not None:
            raw = cells[prison_number_index] if prison_number_index < len(cells) else ""
            prison_number = _WHITESPACE_RE.sub("", raw).upper()
            if not prison_number:
                row_errors.append(RowError(row_number, "prison_number", "enter a prison number"))
            elif not _PRISON_NUMBER_RE.match(prison_number):
                row_errors.append(
                    RowError(
                        row_number,
                        "prison_number",
                        f"'{raw.strip()}' is not a prison number like A1234BC",
                    )
                )
            elif prison_number in first_row_of:
                row_errors.append(
                    RowError(
                        row_number,
                        "prison_number",
                        f"{prison_number} is already on row {first_row_of[prison_number]}",
                    )
                )
            else:
                first_row_of[prison_number] = row_number
                key_number = prison_number

        establishment_code = default_code
        if establishment_index is not None:
            raw = cells[establishment_index] if establishment_index < len(cells) else ""
            code = raw.strip().upper()
            if code:
                establishment_code = code
                if not ESTABLISHMENT_CODE_RE.match(code):
                    row_errors.append(
                        RowError(
                            row_number,
                            "establishment",
                            f"'{raw.strip()}' is not an establishment code: use the "
                            "three-letter code, for example LTI",
                        )
                    )
            elif not default_code:
                row_errors.append(
                    RowError(
                        row_number,
                        "establishment",
                        "enter an establishment code (or choose a default establishment)",
                    )
                )

        values: dict[str, Any] = {}
        for index, name, convert, required in typed:
            cell = cells[index].strip() if index < len(cells) else ""
            if required and not cell:
                row_errors.append(RowError(row_number, name, f"enter a value for {name}"))
                continue
            try:
                values[name] = convert(cell)
            except _CellError as error:
                row_errors.append(RowError(row_number, name, str(error)))

        if establishment_code and ESTABLISHMENT_CODE_RE.match(establishment_code):
            key_code = establishment_code
        parsed.keys.append(RowKey(row_number, key_number, key_code))
        if row_errors:
            errors.extend(row_errors)
        elif not errors:
            # Once the file has an error no row will be saved: stop keeping rows.
            parsed.rows.append(PrisonerRow(row_number, prison_number, establishment_code, values))

    if parsed.row_count == 0 and not errors:
        errors.append(RowError(2, "", "the file has no prisoner rows under the header"))
    if errors:
        parsed.rows = []
    return parsed

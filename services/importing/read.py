"""Any file a person keeps test cases in (CSV, TSV, TXT, XLSX, JSONL, JSON) → a table of text cells, with the read
settings that were guessed (or chosen) shown back so they can be changed.

Spreadsheet cells stay text exactly as written: "00123" stays "00123". JSON and JSONL records keep their own types.
CSV goes through the standard library's C `csv` reader (quotes, doubled quotes and line breaks inside cells), which,
unlike pandas, tells a ragged row from a good one; XLSX through python-calamine (fast, and says when a workbook is
password-protected); the encoding through charset-normalizer when the bytes are not UTF-8.
"""

import csv
import io
import itertools
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from services.exporting.spreadsheet import unprotect
from services.importing.guessing import (
    DELIMITERS,
    ENCODINGS,
    HEADER_SEARCH_ROWS,
    guess_delimiter,
    guess_encoding,
    header_index,
    sep_line,
)
from services.importing.table import (
    SEPARATOR,
    Kind,
    Limits,
    PackedRows,
    ReadSettings,
    Table,
    UnreadableFile,
    check_size,
    gc_paused,
    unique_headings,
)
from services.importing.workbook import OLE, read_xlsx
from services.importing.xlsx_bounds import MAX_COLUMNS

__all__ = [
    "DELIMITERS",
    "ENCODINGS",
    "Limits",
    "ReadSettings",
    "Table",
    "UnreadableFile",
    "gc_paused",
    "read_guessed",
    "read_table",
]

EXTENSIONS: Mapping[str, Kind] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".json": "json",
}
_ZIP = b"PK\x03\x04"
_QUOTED_CELL = SEPARATOR + "'"


def kind_of(filename: str) -> Kind:
    _, extension = os.path.splitext(filename.lower())
    if extension not in EXTENSIONS:
        raise UnreadableFile(
            f"“{filename}” is not a file the studio reads. Upload a .csv, .tsv, .txt, .xlsx, .jsonl or .json file."
        )
    return EXTENSIONS[extension]


def guess_settings(filename: str, data: bytes) -> ReadSettings:
    """What a person would most likely have meant: the kind from the name, then encoding and delimiter."""
    kind = kind_of(filename)
    if kind == "xlsx":
        return ReadSettings(kind, header_row=None)
    encoding = guess_encoding(data)
    if kind != "csv":
        return ReadSettings(kind, encoding=encoding)
    default = "\t" if filename.lower().endswith(".tsv") else ","
    return ReadSettings(kind, delimiter=guess_delimiter(_decode(data[:65536], encoding, partial=True), default),
                        encoding=encoding, header_row=None)  # fmt: skip


def read_guessed(filename: str, data: bytes, limits: "Limits | None" = None) -> Table:
    """The file read as it was most likely meant: its settings, sheet and heading row all guessed."""
    return read_table(data, guess_settings(filename, data[:200_000]), limits or Limits())


def read_table(data: bytes, settings: ReadSettings, limits: Limits = Limits()) -> Table:
    """The whole file as a table, or `UnreadableFile` saying why nothing can be imported from it. The row and
    column limits are checked as rows are read, so a file far beyond them costs no more than reaching them."""
    if len(data) > limits.max_bytes:
        raise UnreadableFile(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is {limits.megabytes}. "
            "Split it into smaller files and import them one after another."
        )
    if not data.strip():
        raise UnreadableFile("The file is empty: there is nothing to import.")
    if settings.kind == "xlsx":
        table = read_xlsx(data, settings, limits)
    else:
        _refuse_binary(data, settings)
        if settings.kind == "csv":
            table = _read_csv(data, settings, limits)
        else:
            table = _read_json(_decode(data, settings.encoding), settings, limits)
    if not table.rows:
        raise UnreadableFile("The file has headings but no rows under them: there is nothing to import.")
    check_size(len(table.rows), len(table.columns), limits)
    return table


def _refuse_binary(data: bytes, settings: ReadSettings) -> None:
    head = data[:4096]
    if head.startswith(_ZIP):
        raise UnreadableFile(
            "This is not a text file: it is a zip archive or an Excel workbook with another name. "
            "If it is an Excel file, save it as .xlsx and upload that."
        )
    if head.startswith(OLE):
        raise UnreadableFile("This is not a text file: it looks like an old Excel (.xls) or Word file.")
    if settings.encoding != "utf-16" and b"\x00" in head:
        raise UnreadableFile("This is not a text file (it holds binary data). Upload a CSV, Excel or JSONL file.")


def _decode(data: bytes, encoding: str, partial: bool = False) -> str:
    try:
        return data.decode(encoding, errors="ignore" if partial else "strict")
    except UnicodeDecodeError as error:
        label = ENCODINGS.get(encoding, encoding)
        raise UnreadableFile(
            f"The file is not valid {label} (byte {error.start + 1:,} does not fit). Choose another encoding "
            "under “Read settings”."
        ) from None
    except LookupError:
        raise UnreadableFile(f"Unknown encoding {encoding!r}.") from None


def _csv_records(data: bytes, settings: ReadSettings) -> Iterator[list[str]]:
    try:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=settings.encoding, newline="")
    except LookupError:
        raise UnreadableFile(f"Unknown encoding {settings.encoding!r}.") from None
    return csv.reader(stream, delimiter=settings.delimiter, strict=False)


@gc_paused
def _read_csv(data: bytes, settings: ReadSettings, limits: Limits) -> Table:
    """Decodes as it reads (no second copy of the whole file as text) and keeps only the rows themselves.

    Excel's first line `sep=;` names the delimiter and is not a row: the headings below it are row 1, as in Excel.
    A cell that starts with an apostrophe before =, +, -, @, a tab or a carriage return loses that apostrophe: it is
    how the studio's own files keep spreadsheets from running a cell (services.spreadsheet_files)."""
    csv.field_size_limit(2**31 - 1)  # a cell may be large; the file's size limit is what bounds it
    has_sep_line = sep_line(_decode(data[:64], settings.encoding, partial=True)) is not None
    first = 0 if has_sep_line else 1
    guessed = ""
    header_row = settings.header_row
    try:
        if header_row is None:
            sample = list(itertools.islice(_csv_records(data, settings), HEADER_SEARCH_ROWS + first))[1 - first :]
            header_row = header_index(sample) + 1
            if header_row > 1:
                guessed = f"The headings are in row {header_row}; the rows above them were skipped."
        reader = _csv_records(data, settings)
        skip = max(header_row, 1) - 1
        columns: tuple[str, ...] | None = None
        width = 0
        lines: list[str] = []  # each row packed as soon as it is read: the unpacked form never exists for all rows
        unpacked: list[list[str]] | None = None  # only when a cell holds NUL
        may_hold_nul = settings.encoding == "utf-16" or b"\x00" in data  # else no row needs checking
        numbers: list[int] = []
        ragged: dict[int, int] = {}
        for number, record in enumerate(reader, start=first):
            if number == 0:
                continue  # the `sep=` line
            if columns is None:
                if number <= skip or not any(cell.strip() for cell in record):
                    continue  # above the headings, or blank lines before them
                if record:
                    record[0] = record[0].removeprefix("\ufeff")  # a BOM read as UTF-8
                columns = unique_headings([unprotect(cell) for cell in record])
                width = len(columns)
                check_size(0, width, limits)
                continue
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # a blank line
            if len(record) != width:
                # Trailing empty cells (a spreadsheet's habit) are not a ragged row.
                extra_blank = len(record) > width and not any(c.strip() for c in record[width:])
                trimmed = record[:width] if extra_blank else record
                if len(trimmed) != width:
                    ragged[len(numbers)] = len(record)
                record = trimmed + [""] * (width - len(trimmed))
            line = SEPARATOR.join(record)
            if line[:1] == "'" or _QUOTED_CELL in line:  # a cell may carry the apostrophe the studio's files put in
                record = [unprotect(cell) for cell in record]
                line = SEPARATOR.join(record)
            if unpacked is not None:
                unpacked.append(record)
            elif not may_hold_nul:
                lines.append(line)
            elif line.count(SEPARATOR) != width - 1:
                unpacked = [row.split(SEPARATOR) for row in lines] + [record]
            else:
                lines.append(line)
            numbers.append(number)
            if len(numbers) > limits.max_rows:
                check_size(len(numbers), width, limits)
    except UnicodeDecodeError:
        _decode(data, settings.encoding)  # says where, from the whole file
        raise
    except csv.Error as error:
        raise UnreadableFile(f"The file could not be read as CSV: {error}.") from None
    if columns is None:
        raise UnreadableFile("The file has no headings row: there is nothing to import.")
    rows = unpacked if unpacked is not None else PackedRows(lines)
    used = replace(settings, header_row=header_row)
    return Table(used, columns, rows, numbers, ragged, guessed=guessed, may_hold_nul=may_hold_nul)


class _NonFinite:
    """Remembers whether NaN or Infinity appeared: Python's JSON reads them, Gentrace's JSON does not."""

    def __init__(self) -> None:
        self.seen: str | None = None

    def __call__(self, constant: str) -> float:
        self.seen = constant
        return float(constant)


def _parse(text: str, where: str, constants: _NonFinite) -> Any:
    try:
        return json.loads(text, parse_constant=constants)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"{where} is not valid JSON ({error.msg}, line {error.lineno}, character {error.colno})."
        ) from None
    except RecursionError:
        raise UnreadableFile(f"{where} nests objects or lists too deeply to read.") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise UnreadableFile(f"{where} holds a value that cannot be read ({error}).") from None


def _non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    if isinstance(value, dict):
        return any(_non_finite(inner) for inner in value.values())
    if isinstance(value, list):
        return any(_non_finite(inner) for inner in value)
    return False


_NON_FINITE = "holds NaN or Infinity, which Gentrace's JSON cannot carry: write a number or text instead"


def _read_json(text: str, settings: ReadSettings, limits: Limits) -> Table:
    text = text.removeprefix("\ufeff")
    records: list[tuple[int, Any]] = []
    row_problems: dict[int, str] = {}
    constants = _NonFinite()
    if settings.kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            constants.seen = None
            try:
                records.append((number, _parse(line, f"Line {number:,}", constants)))
            except UnreadableFile as error:
                raise UnreadableFile(f"{error} Every line of a JSONL file must be one JSON object.") from None
            if constants.seen is not None:
                row_problems[len(records) - 1] = _NON_FINITE
            if len(records) > limits.max_rows:
                check_size(len(records), 0, limits)
    else:
        document = _parse(text, "The file", constants)
        if isinstance(document, dict) and isinstance(document.get("data"), list):
            document = document["data"]  # Gentrace's list shape
        if not isinstance(document, list):
            raise UnreadableFile("A JSON file must hold a list of objects, one per test case.")
        check_size(len(document), 0, limits)
        records = [(index, item) for index, item in enumerate(document, start=1)]
        if constants.seen is not None:
            row_problems = {index: _NON_FINITE for index, (_, item) in enumerate(records) if _non_finite(item)}
    if not records:
        raise UnreadableFile("The file holds no records: there is nothing to import.")
    for number, record in records:
        if not isinstance(record, dict):
            where = f"Line {number:,}" if settings.kind == "jsonl" else f"Item {number:,}"
            raise UnreadableFile(f"{where} is not a JSON object. Each test case must be an object {{…}}.")
    columns: dict[str, None] = {}
    for _, record in records:
        columns.update(dict.fromkeys(record))
        if len(columns) > MAX_COLUMNS:
            check_size(0, len(columns), limits)
    names = tuple(columns)
    rows = [[record.get(column) for column in names] for _, record in records]
    numbers = [number for number, _ in records]
    nul = "\x00" in text or "\\u0000" in text
    return Table(settings, names, rows, numbers, typed=True, row_problems=row_problems, may_hold_nul=nul)

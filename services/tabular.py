"""Any file a person keeps test cases in (CSV, TSV, TXT, XLSX, JSONL, JSON) → a table of text cells, with the read
settings that were guessed (or chosen) shown back so they can be changed.

Spreadsheet cells stay text exactly as written: "00123" stays "00123". JSON and JSONL records keep their own types.
CSV goes through the standard library's C `csv` reader (quotes, doubled quotes and line breaks inside cells), which,
unlike pandas, tells a ragged row from a good one; XLSX through python-calamine (fast, and says when a workbook is
password-protected); the encoding through charset-normalizer when the bytes are not UTF-8.
"""

import csv
import datetime as dt
import functools
import gc
import io
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import charset_normalizer
import python_calamine

Kind = Literal["csv", "xlsx", "jsonl", "json"]

DELIMITERS: Mapping[str, str] = {",": "Comma", ";": "Semicolon", "\t": "Tab", "|": "Pipe"}
ENCODINGS: Mapping[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
EXTENSIONS: Mapping[str, Kind] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".json": "json",
}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls


class UnreadableFile(ValueError):
    """The file cannot become rows; the message says why in plain words and what to do."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 100_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Limits":
        """`STUDIO_IMPORT_MAX_MB` and `STUDIO_IMPORT_MAX_ROWS` override the defaults."""
        try:
            megabytes = float(environ.get("STUDIO_IMPORT_MAX_MB") or 50)
            rows = int(environ.get("STUDIO_IMPORT_MAX_ROWS") or 100_000)
        except ValueError:
            return cls()
        return cls(max_bytes=int(megabytes * 1024 * 1024), max_rows=rows)

    @property
    def megabytes(self) -> str:
        return f"{self.max_bytes / 1024 / 1024:g} MB"


@dataclass(frozen=True)
class ReadSettings:
    kind: Kind
    delimiter: str = ","
    encoding: str = "utf-8"
    sheet: str | None = None
    header_row: int = 1  # the row (1 = first) that holds the column headings


@dataclass(frozen=True)
class Table:
    """Rows as read. `row_numbers[i]` is the number a person sees for `rows[i]` (a spreadsheet's row number, or a
    JSONL line number); `ragged` maps a row index to its cell count when that differs from the headings'."""

    settings: ReadSettings
    columns: tuple[str, ...]
    rows: "Sequence[list[Any]]"
    row_numbers: list[int]
    ragged: dict[int, int] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    typed: bool = False  # JSON/JSONL: cells keep their JSON types


_SEPARATOR = "\x00"

F = TypeVar("F", bound=Callable[..., Any])


def gc_paused(function: F) -> F:
    """Runs `function` with Python's cycle collector paused. Reading or checking 100,000 rows makes hundreds of
    thousands of objects that hold no cycles; in a process with Streamlit's heap, the collections they trigger cost
    more than the work. Only the outermost call re-enables it."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused  # type: ignore[return-value]


class PackedRows(Sequence[list[str]]):
    """Rows of text cells, each kept as one string (cells joined by NUL) and split when read.

    A cell as its own Python string costs about 57 bytes beyond its text; for a 25 MB CSV of 100,000 rows by 10
    columns that made the table alone 4-5 times the file. Packed, it is a little over the file's size. Files whose
    cells contain NUL themselves are kept as plain lists."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [line.split(_SEPARATOR) for line in self._lines[index]]
        return self._lines[index].split(_SEPARATOR)

    def __iter__(self) -> Iterator[list[str]]:
        for line in self._lines:
            yield line.split(_SEPARATOR)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def kind_of(filename: str) -> Kind:
    _, extension = os.path.splitext(filename.lower())
    if extension not in EXTENSIONS:
        raise UnreadableFile(
            f"“{filename}” is not a file this page reads. Upload a .csv, .tsv, .txt, .xlsx, .jsonl or .json file."
        )
    return EXTENSIONS[extension]


def guess_settings(filename: str, data: bytes) -> ReadSettings:
    """What a person would most likely have meant: the kind from the name, then encoding and delimiter."""
    kind = kind_of(filename)
    if kind == "xlsx":
        return ReadSettings(kind)
    encoding = guess_encoding(data)
    if kind != "csv":
        return ReadSettings(kind, encoding=encoding)
    default = "\t" if filename.lower().endswith(".tsv") else ","
    return ReadSettings(kind, delimiter=guess_delimiter(_decode(data[:65536], encoding, partial=True), default),
                        encoding=encoding)  # fmt: skip


def guess_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and len(data) > 3:  # only a character cut off at the very end
            return "utf-8"
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=["utf_16", "cp1252"]).best()
    if best is not None and best.encoding.replace("_", "-") in ENCODINGS:
        return best.encoding.replace("_", "-")
    return "cp1252"


def guess_delimiter(sample: str, default: str = ",") -> str:
    sample = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else default


def read_table(data: bytes, settings: ReadSettings, limits: Limits = Limits()) -> Table:
    """The whole file as a table, or `UnreadableFile` saying why nothing can be imported from it."""
    if len(data) > limits.max_bytes:
        raise UnreadableFile(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is {limits.megabytes}. "
            "Split it into smaller files and import them one after another."
        )
    if not data.strip():
        raise UnreadableFile("The file is empty: there is nothing to import.")
    if settings.kind == "xlsx":
        table = _read_xlsx(data, settings)
    else:
        _refuse_binary(data, settings)
        if settings.kind == "csv":
            table = _read_csv(data, settings)
        else:
            table = _read_json(_decode(data, settings.encoding), settings)
    if not table.rows:
        raise UnreadableFile("The file has headings but no rows under them: there is nothing to import.")
    if len(table.rows) > limits.max_rows:
        raise UnreadableFile(
            f"The file has {len(table.rows):,} rows; the limit is {limits.max_rows:,}. "
            "Split it into smaller files and import them one after another."
        )
    return table


def _refuse_binary(data: bytes, settings: ReadSettings) -> None:
    head = data[:4096]
    if head.startswith(_ZIP):
        raise UnreadableFile(
            "This is not a text file: it is a zip archive or an Excel workbook with another name. "
            "If it is an Excel file, save it as .xlsx and upload that."
        )
    if head.startswith(_OLE):
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


@gc_paused
def _read_csv(data: bytes, settings: ReadSettings) -> Table:
    """Decodes as it reads (no second copy of the whole file as text) and keeps only the rows themselves."""
    csv.field_size_limit(2**31 - 1)  # a cell may be large; the file's size limit is what bounds it
    try:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=settings.encoding, newline="")
    except LookupError:
        raise UnreadableFile(f"Unknown encoding {settings.encoding!r}.") from None
    reader = csv.reader(stream, delimiter=settings.delimiter, strict=False)
    skip = max(settings.header_row, 1) - 1
    columns: tuple[str, ...] | None = None
    width = 0
    lines: list[str] = []  # each row packed as soon as it is read, so the unpacked form never exists for all rows
    unpacked: list[list[str]] | None = None  # only when a cell holds NUL
    may_hold_nul = settings.encoding == "utf-16" or b"\x00" in data  # else no row needs checking
    numbers: list[int] = []
    ragged: dict[int, int] = {}
    try:
        for number, record in enumerate(reader, start=1):
            if columns is None:
                if number <= skip or not any(cell.strip() for cell in record):
                    continue  # above the headings, or blank lines before them
                if number == 1 and record:
                    record[0] = record[0].removeprefix("\ufeff")  # a BOM read as UTF-8
                columns = _unique_headings(record)
                width = len(columns)
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
            if unpacked is not None:
                unpacked.append(record)
            elif not may_hold_nul:
                lines.append(_SEPARATOR.join(record))
            else:
                line = _SEPARATOR.join(record)
                if line.count(_SEPARATOR) != width - 1:
                    unpacked = [row.split(_SEPARATOR) for row in lines] + [record]
                else:
                    lines.append(line)
            numbers.append(number)
    except UnicodeDecodeError:
        _decode(data, settings.encoding)  # says where, from the whole file
        raise
    except csv.Error as error:
        raise UnreadableFile(f"The file could not be read as CSV: {error}.") from None
    if columns is None:
        raise UnreadableFile("The file has no headings row: there is nothing to import.")
    return Table(settings, columns, unpacked if unpacked is not None else PackedRows(lines), numbers, ragged)


def _unique_headings(raw: list[str]) -> tuple[str, ...]:
    """Blank headings get a name, repeated ones a suffix, so every column can be mapped on its own."""
    seen: dict[str, int] = {}
    out = []
    for index, heading in enumerate(raw, start=1):
        name = heading.strip() or f"Column {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return tuple(out)


def _read_xlsx(data: bytes, settings: ReadSettings) -> Table:
    if data.startswith(_OLE):
        raise UnreadableFile(
            "This workbook is password-protected (or an old .xls file). Remove the password in Excel, "
            "save it as .xlsx and upload it again."
        )
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = tuple(workbook.sheet_names)
        if not sheets:
            raise UnreadableFile("The workbook has no sheets.")
        if settings.sheet in sheets:
            sheet = settings.sheet
            cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        else:  # not chosen yet: the first sheet with a headings row and a row under it
            for sheet in sheets:
                cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
                if sum(1 for row in cells if any(_cell_text(v).strip() for v in row)) >= 2:
                    break
            else:
                sheet = sheets[0]
                cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        raise UnreadableFile(
            "This workbook is password-protected. Remove the password in Excel and upload it again."
        ) from None
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        if isinstance(error, UnreadableFile):
            raise
        raise UnreadableFile(
            "This file could not be opened as an Excel workbook: it may be damaged, or not really an .xlsx file. "
            "Open it in Excel, save it as .xlsx, and upload it again."
        ) from None
    text_rows = [[_cell_text(value) for value in row] for row in cells]
    skip = max(settings.header_row, 1) - 1
    body = text_rows[skip:]
    while body and not any(cell.strip() for cell in body[0]):
        body, skip = body[1:], skip + 1
    if not body:
        raise UnreadableFile(f"The sheet “{sheet}” is empty: there is nothing to import.")
    columns = _unique_headings(_trim_right(body[0]))
    width = len(columns)
    rows, numbers = [], []
    for offset, row in enumerate(body[1:]):
        if not any(cell.strip() for cell in row):
            continue
        rows.append((row + [""] * width)[:width])
        numbers.append(skip + 2 + offset)
    return Table(replace(settings, sheet=sheet), columns, rows, numbers, sheets=sheets)


def _trim_right(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _cell_text(value: Any) -> str:
    """A cell as the person sees it in Excel: 12 not 12.0, a date as 2024-03-01, TRUE as true."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else str(value.date())
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _read_json(text: str, settings: ReadSettings) -> Table:
    text = text.removeprefix("\ufeff")
    records: list[tuple[int, Any]] = []
    if settings.kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise UnreadableFile(
                    f"Line {number:,} is not valid JSON ({error.msg}, at character {error.colno}). "
                    "Every line of a JSONL file must be one JSON object. Fix that line and upload again."
                ) from None
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise UnreadableFile(
                f"The file is not valid JSON ({error.msg}, line {error.lineno}, character {error.colno})."
            ) from None
        if isinstance(document, dict) and isinstance(document.get("data"), list):
            document = document["data"]  # Gentrace's list shape
        if not isinstance(document, list):
            raise UnreadableFile("A JSON file must hold a list of objects, one per test case.")
        records = [(index, item) for index, item in enumerate(document, start=1)]
    if not records:
        raise UnreadableFile("The file holds no records: there is nothing to import.")
    for number, record in records:
        if not isinstance(record, dict):
            where = f"Line {number:,}" if settings.kind == "jsonl" else f"Item {number:,}"
            raise UnreadableFile(f"{where} is not a JSON object. Each test case must be an object {{…}}.")
    columns: dict[str, None] = {}
    for _, record in records:
        columns.update(dict.fromkeys(record))
    names = tuple(columns)
    rows = [[record.get(column) for column in names] for _, record in records]
    return Table(settings, names, rows, [number for number, _ in records], typed=True)

"""A dataset's test cases as CSV or JSONL files that the import page reads back into exactly the same cases.

CSV: `name`, then `inputs.<key>` and `expectedOutputs.<key>` columns in the order the keys first appear. A column
whose values are all plain text is written as the text itself, so the file reads well in Excel. Any other column
(numbers, true/false, null, objects, lists, empty text) is written as JSON, cell by cell; it is read back as JSON
because it holds objects, lists or quoted text, or, when it holds only numbers, true/false or null, because its
heading ends in " (JSON)". Keys that cannot be a heading (a dot inside, blank, spaces around) put the whole object
in one `inputs (JSON)` / `expectedOutputs (JSON)` column. UTF-8 with a BOM, so Excel shows every character; no cell
starts a formula (services.spreadsheet_files says how, and how the import undoes it).

Excel: the same columns. Text is a text cell exactly as written; in a JSON column, numbers that Excel holds exactly
and true/false are typed cells, everything else (null, objects, lists, quoted text, numbers Excel would round) is
its JSON written out, as in the CSV.

JSONL: one test case per line, exactly as Gentrace returns it.
"""

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from services.cases.format import JSON_MARK, holds_json, json_bytes
from services.exporting.spreadsheet import EXCEL_CELL_LIMIT, Cell, csv_bytes, xlsx_bytes
from services.gentrace.types import TestCase

Part = Literal["inputs", "expectedOutputs"]


@dataclass(frozen=True)
class ExportColumn:
    heading: str
    part: Part
    key: str | None  # None: the whole object
    as_json: bool


def _json_text(value: Any) -> str:
    return json_bytes(value, errors="backslashreplace").decode()


def _usable_key(key: str) -> bool:
    return bool(key.strip()) and key == key.strip() and "." not in key and not key.lower().endswith(JSON_MARK.lower())


def _part_of(case: TestCase, part: Part) -> dict[str, Any]:
    return case.inputs if part == "inputs" else (case.expected_outputs or {})


def _columns_for(cases: Sequence[TestCase], part: Part) -> list[ExportColumn]:
    keys: dict[str, None] = {}
    for case in cases:
        keys.update(dict.fromkeys(_part_of(case, part)))
    if not keys:
        return []
    if not all(_usable_key(key) for key in keys):
        return [ExportColumn(f"{part}{JSON_MARK}", part, None, True)]
    columns = []
    for key in keys:
        values = [values_of[key] for values_of in (_part_of(case, part) for case in cases) if key in values_of]
        texts = [value for value in values if isinstance(value, str)]
        plain = len(texts) == len(values) and all(text.strip() for text in texts)
        # Text that itself looks like JSON would be read back as JSON: write it quoted instead.
        as_json = not plain or holds_json(texts)
        scalar_only = as_json and not any(isinstance(value, dict | list | str) for value in values)
        heading = f"{part}.{key}" + (JSON_MARK if scalar_only else "")
        columns.append(ExportColumn(heading, part, key, as_json))
    return columns


def export_columns(cases: Sequence[TestCase]) -> list[ExportColumn]:
    return _columns_for(cases, "inputs") + _columns_for(cases, "expectedOutputs")


def _rows(cases: Sequence[TestCase], columns: Sequence[ExportColumn], typed: bool) -> Iterator[list[Cell]]:
    """Each case as cells under `columns`; `typed`: numbers and true/false of JSON columns as typed cells."""
    for case in cases:
        row: list[Cell] = [case.name]
        for column in columns:
            values = _part_of(case, column.part)
            if column.key is None:
                row.append(_json_text(values) if values else "")
            elif column.key not in values:
                row.append("")
            elif not column.as_json:
                row.append(values[column.key])
            else:
                value = values[column.key]
                row.append(value if typed and _exact_in_excel(value) else _json_text(value))
        yield row


def _exact_in_excel(value: Any) -> bool:
    """True/false, and numbers that an Excel cell (a double shown to 15 digits) gives back exactly as JSON."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) < 10**15
    if isinstance(value, float):
        return math.isfinite(value) and not value.is_integer() and float(f"{value:.15g}") == value
    return False


def export_csv(cases: Sequence[TestCase]) -> bytes:
    columns = export_columns(cases)
    return csv_bytes(["name", *(column.heading for column in columns)], _rows(cases, columns, typed=False))


def fits_in_excel(cases: Sequence[TestCase]) -> bool:
    """Whether every cell of the export fits in an Excel cell (32,767 characters)."""
    columns = export_columns(cases)
    return all(
        len(cell) <= EXCEL_CELL_LIMIT
        for row in _rows(cases, columns, typed=True)
        for cell in row
        if isinstance(cell, str)
    )


def export_xlsx(cases: Sequence[TestCase]) -> bytes:
    """The CSV's columns in a workbook; `CellTooLong` when a text is longer than an Excel cell holds."""
    columns = export_columns(cases)
    return xlsx_bytes(["name", *(column.heading for column in columns)], _rows(cases, columns, typed=True))


def export_jsonl(cases: Sequence[TestCase]) -> bytes:
    """Each case exactly as Gentrace returns it, one per line; the import maps `name`, `inputs` and
    `expectedOutputs` and leaves the rest."""
    return b"".join(
        json_bytes(case.model_dump(by_alias=True, mode="json"), errors="backslashreplace") + b"\n" for case in cases
    )


def export_file_name(dataset_name: str, extension: str) -> str:
    """A file name from the dataset's name: letters, digits, dashes and underscores only."""
    stem = re.sub(r"[^\w-]+", "-", dataset_name, flags=re.UNICODE).strip("-_")[:80] or "dataset"
    return f"{stem}.test-cases.{extension}"

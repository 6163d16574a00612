"""A dataset's test cases as CSV or JSONL files that the import page reads back into exactly the same cases.

CSV: `name`, then `inputs.<key>` and `expectedOutputs.<key>` columns in the order the keys first appear. A column
whose values are all plain text is written as the text itself, so the file reads well in Excel. Any other column
(numbers, true/false, null, objects, lists, empty text) is written as JSON, cell by cell; it is read back as JSON
because it holds objects, lists or quoted text, or, when it holds only numbers, true/false or null, because its
heading ends in " (JSON)". Keys that cannot be a heading (a dot inside, blank, spaces around) put the whole object
in one `inputs (JSON)` / `expectedOutputs (JSON)` column. UTF-8 with a BOM, so Excel shows every character.

JSONL: one test case per line, exactly as Gentrace returns it.
"""

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from services.models import TestCase
from services.test_case_import import JSON_MARK, holds_json

Part = Literal["inputs", "expectedOutputs"]


@dataclass(frozen=True)
class ExportColumn:
    heading: str
    part: Part
    key: str | None  # None: the whole object
    as_json: bool


def _json_bytes(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # integers beyond 64 bits, which orjson refuses
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _json_text(value: Any) -> str:
    return _json_bytes(value).decode()


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


def export_csv(cases: Sequence[TestCase]) -> bytes:
    columns = export_columns(cases)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["name", *(column.heading for column in columns)])
    for case in cases:
        row = [case.name]
        for column in columns:
            values = _part_of(case, column.part)
            if column.key is None:
                row.append(_json_text(values) if values else "")
            elif column.key not in values:
                row.append("")
            else:
                value = values[column.key]
                row.append(_json_text(value) if column.as_json else value)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode()


def export_jsonl(cases: Sequence[TestCase]) -> bytes:
    """Each case exactly as Gentrace returns it, one per line; the import maps `name`, `inputs` and
    `expectedOutputs` and leaves the rest."""
    return b"".join(_json_bytes(case.model_dump(by_alias=True, mode="json")) + b"\n" for case in cases)


def export_file_name(dataset_name: str, extension: str) -> str:
    """A file name from the dataset's name: letters, digits, dashes and underscores only."""
    stem = re.sub(r"[^\w-]+", "-", dataset_name, flags=re.UNICODE).strip("-_")[:80] or "dataset"
    return f"{stem}.test-cases.{extension}"

"""What the import page hands out as files: the template to fill, the rows the check refused and the rows an import
could not send, each in the original file's columns plus `row` and `error`, ready to fix and upload again. Every
file opens safely in a spreadsheet (services.spreadsheet_files)."""

import json
from collections.abc import Sequence
from typing import Any

from services.exporting.spreadsheet import Cell, csv_bytes, xlsx_bytes
from services.gentrace.types import TestCase
from services.importing.job import Outcome
from services.importing.plan import PlannedCase, Problem
from services.importing.table import Table


def template_csv(existing: Sequence[TestCase]) -> bytes:
    """A CSV whose headings match the keys the dataset's cases use, or a small example when it has none."""
    input_keys: dict[str, None] = {}
    expected_keys: dict[str, None] = {}
    for case in existing[:1000]:
        input_keys.update(dict.fromkeys(case.inputs))
        expected_keys.update(dict.fromkeys(case.expected_outputs or {}))
    if not input_keys:
        headings = ["name", "inputs.question", "expectedOutputs.answer"]
        rows = [
            ["Refund after 30 days", "Can I get a refund after 30 days?", "Refunds are possible within 60 days."],
            ["Change billing email", "How do I change my billing email?", "Settings → Billing → Email."],
        ]
    else:
        headings = ["name", *(f"inputs.{k}" for k in input_keys), *(f"expectedOutputs.{k}" for k in expected_keys)]
        rows = []
    return csv_bytes(headings, rows)


def _failed_rows(table: Table, failures: Sequence[tuple[PlannedCase, Outcome]]) -> list[list[Cell]]:
    return [
        [*(_as_text(c) for c in table.rows[case.index]), case.row, outcome.error or outcome.status]
        for case, outcome in failures
    ]


def _problem_rows(table: Table, problems: Sequence[Problem]) -> list[list[Cell]]:
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        where = f"{problem.column}: " if problem.column else ""
        by_row.setdefault(problem.row, []).append(where + problem.message)
    index_of = {row: index for index, row in enumerate(table.row_numbers)}
    return [
        [*(_as_text(c) for c in table.rows[index_of[row]]), row, "; ".join(messages)]
        for row, messages in by_row.items()
    ]


def failed_rows_file(table: Table, failures: Sequence[tuple[PlannedCase, Outcome]], excel: bool) -> bytes:
    """The original columns of each failed row, plus `row` and `error`: ready to fix and upload again. As Excel
    when the uploaded file was Excel."""
    write = xlsx_bytes if excel else csv_bytes
    return write([*table.columns, "row", "error"], _failed_rows(table, failures))


def problem_rows_file(table: Table, problems: Sequence[Problem], excel: bool) -> bytes:
    """Rows the check refused, with every problem of each row, in the same shape as the failed rows."""
    write = xlsx_bytes if excel else csv_bytes
    return write([*table.columns, "row", "error"], _problem_rows(table, problems))


def _as_text(cell: Any) -> str:
    if cell is None:
        return ""
    return cell if isinstance(cell, str) else json.dumps(cell, ensure_ascii=False)

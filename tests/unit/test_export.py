"""Exports read back by the import into exactly the same cases: names, inputs, expected outputs, value types."""

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from services.cases.format import fingerprint, fingerprints_of
from services.exporting.dataset_files import export_columns, export_csv, export_file_name, export_jsonl, export_xlsx
from services.gentrace.types import TestCase
from services.importing.mapping import default_rules
from services.importing.plan import plan_import
from services.importing.read import guess_settings, read_table

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def case(name: str, inputs: dict[str, Any], expected: dict[str, Any] | None = None, n: int = 0) -> TestCase:
    return TestCase(
        id=f"00000000-0000-4000-8000-{n:012d}",
        created_at=NOW,
        updated_at=NOW,
        inputs=inputs,
        expected_outputs=expected,
        dataset_id="11111111-1111-4111-8111-111111111111",
        name=name,
        pipeline_id="22222222-2222-4222-8222-222222222222",
    )


def read_back(data: bytes, file_name: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """What the import page would send for this file, with its default mapping."""
    table = read_table(data, guess_settings(file_name, data))
    plan = plan_import(table, default_rules(table))
    assert plan.problems == []
    return [(c.name, *c.content) for c in plan.cases]


def as_sent(cases: list[TestCase]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(c.name, c.inputs, c.expected_outputs or {}) for c in cases]


TRICKY = [
    case("Plain", {"question": "How do I reset my password?"}, {"answer": "Settings → Security."}, 1),
    case(
        "Types",
        {"question": "Limit?", "max_tokens": 12, "temperature": 0.25, "stream": True, "user": None},
        {"answer": "12", "score": 1.0},
        2,
    ),
    case(
        "Nested",
        {"question": "Where?", "context": {"docs": ["a", {"b": 2}], "empty": {}}, "tags": []},
        {"answer": {"text": "Here", "sources": [1, 2]}},
        3,
    ),
    case("Looks like JSON", {"question": '{"a": 1}', "note": "[1, 2]"}, None, 4),
    case("Text numbers", {"question": "00123", "zip": "true", "blank": "", "spaces": "  "}, {}, 5),
    case("Lines, commas and quotes", {"question": 'Line one\nline "two", three\r\nfour'}, {"answer": "a,b"}, 6),
    case("Unicode 😀 ü", {"question": "Grüße, 你好, عربى", "big": 2**70}, {"answer": "ok"}, 7),
    case("Missing keys", {"question": "Only a question"}, None, 8),
]


def test_csv_export_reads_back_into_the_same_cases_types_and_all() -> None:
    data = export_csv(TRICKY)
    assert read_back(data, "export.csv") == as_sent(TRICKY)


def test_jsonl_export_reads_back_into_the_same_cases_types_and_all() -> None:
    data = export_jsonl(TRICKY)
    assert read_back(data, "export.jsonl") == as_sent(TRICKY)


@pytest.mark.parametrize("exporter,file_name", [(export_csv, "x.csv"), (export_jsonl, "x.jsonl")])
def test_fingerprints_survive_the_round_trip_so_a_second_import_adds_nothing(exporter: Any, file_name: str) -> None:
    data = exporter(TRICKY)
    table = read_table(data, guess_settings(file_name, data))
    existing = {fingerprint(c.name, c.inputs, c.expected_outputs) for c in TRICKY}
    plan = plan_import(table, default_rules(table), existing)
    assert plan.cases == []
    assert len(plan.already_there) == len(TRICKY)


def test_csv_columns_are_name_then_inputs_then_expected_outputs_and_plain_text_stays_plain() -> None:
    data = export_csv(TRICKY)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    headings = list(rows[0])
    assert headings[:2] == ["name", "inputs.question"]
    assert "inputs.context" in headings and "expectedOutputs.answer" in headings
    assert headings.index("inputs.question") < headings.index("expectedOutputs.answer")
    plain = rows[0]
    assert plain["inputs.question"] == "How do I reset my password?"  # no quotes: reads well in Excel
    nested = rows[2]
    assert json.loads(nested["inputs.context"]) == {"docs": ["a", {"b": 2}], "empty": {}}
    # A column of only numbers is marked, since "12" in a spreadsheet is text unless said otherwise.
    assert "inputs.max_tokens (JSON)" in headings
    assert rows[1]["inputs.max_tokens (JSON)"] == "12"


def test_keys_that_cannot_be_headings_put_the_whole_object_in_one_json_column() -> None:
    cases = [case("Dotted", {"a.b": "x", " padded ": 1}, {"": "blank key"}, 1)]
    columns = [column.heading for column in export_columns(cases)]
    assert columns == ["inputs (JSON)", "expectedOutputs (JSON)"]
    assert read_back(export_csv(cases), "x.csv") == as_sent(cases)


def test_a_spreadsheet_column_of_numbers_or_true_false_still_stays_text() -> None:
    data = b'name,inputs.count,inputs.flag,inputs.meta\r\nA,12,true,{"k": 1}\r\nB,7,false,\r\n'
    assert read_back(data, "people.csv") == [
        ("A", {"count": "12", "flag": "true", "meta": {"k": 1}}, {}),
        ("B", {"count": "7", "flag": "false"}, {}),
    ]


def test_file_names_come_from_the_dataset_name() -> None:
    assert export_file_name("Billing questions / EU", "csv") == "Billing-questions-EU.test-cases.csv"
    assert export_file_name("***", "jsonl") == "dataset.test-cases.jsonl"


def test_a_case_whose_name_has_spaces_around_it_is_already_there_when_its_export_comes_back() -> None:
    cases = [case("  Padded name ", {"q": "x"}, None, 1)]
    data = export_csv(cases)
    table = read_table(data, guess_settings("x.csv", data))
    plan = plan_import(table, default_rules(table), fingerprints_of(cases))
    assert plan.cases == [] and len(plan.already_there) == 1


RISKY_STARTS = ["=", "+", "-", "@", "\t", "\r"]
RISKY = [
    case(
        '=HYPERLINK("http://example.invalid","Click")', {"q": "=1+1", "r": "+cmd", "s": "@SUM(A1)"}, {"a": "-2+3"}, 20
    ),
    case("+name", {"q": "\tTabbed", "r": "\rReturn", "s": "'=already quoted"}, {"a": "''=twice"}, 21),
    case("-name", {"q": "-", "r": "@", "s": "plain"}, {"a": "=A1"}, 22),
    case("@name", {"q": "x", "n": -7, "j": {"k": "=1+1"}, "t": "-7"}, {"a": "+", "score": -2.5}, 23),
]


def risky_text(cell: str) -> bool:
    core = cell.lstrip("'")
    number = core.lstrip("+-").replace(".", "", 1).replace("e", "", 1).replace("E", "", 1).lstrip("+-")
    return cell[:1] in RISKY_STARTS and not number.isdigit()


def test_no_csv_cell_the_studio_writes_starts_a_formula() -> None:
    data = export_csv(RISKY)
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert [cell for cell in cells if risky_text(cell)] == []
    assert "'=1+1" in cells and "'+cmd" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert "-7" in cells, "a plain number in a number column stays a number"


@pytest.mark.parametrize("file_name", ["x.csv", "x.xlsx"])
def test_risky_first_characters_read_back_exactly(file_name: str) -> None:
    data = export_csv(RISKY) if file_name.endswith(".csv") else export_xlsx(RISKY)
    assert read_back(data, file_name) == as_sent(RISKY)


def test_xlsx_export_reads_back_into_the_same_cases_types_and_all() -> None:
    assert read_back(export_xlsx(TRICKY), "export.xlsx") == as_sent(TRICKY)


@pytest.mark.parametrize("exporter,file_name", [(export_csv, "x.csv"), (export_xlsx, "x.xlsx")])
def test_a_second_import_of_an_export_adds_nothing(exporter: Any, file_name: str) -> None:
    data = exporter(TRICKY + RISKY)
    table = read_table(data, guess_settings(file_name, data))
    existing = {fingerprint(c.name, c.inputs, c.expected_outputs) for c in TRICKY + RISKY}
    plan = plan_import(table, default_rules(table), existing)
    assert plan.cases == [] and len(plan.already_there) == len(TRICKY + RISKY)


def test_the_excel_export_has_no_formula_cell_typed_columns_and_a_frozen_bold_heading() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(TRICKY + RISKY))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    headings = [c.value for c in sheet[1]]
    assert headings[:2] == ["name", "inputs.question"] and all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("How do I reset my password?")
    by_name = {row[0].value: {h: c.value for h, c in zip(headings, row, strict=False)} for row in sheet.iter_rows(2)}
    assert by_name['=HYPERLINK("http://example.invalid","Click")']["inputs.q"] == "=1+1"
    assert by_name["Types"]["inputs.max_tokens (JSON)"] == 12 and by_name["Types"]["inputs.stream (JSON)"] is True
    assert by_name["Text numbers"]["inputs.question"] == "00123", "text stays text"
    assert by_name["Nested"]["inputs.context"] == '{"docs":["a",{"b":2}],"empty":{}}'
    assert by_name["Unicode 😀 ü"]["inputs.big (JSON)"] == str(2**70), "a number Excel would round stays exact"


def test_a_text_longer_than_an_excel_cell_is_refused_with_what_to_do() -> None:
    from services.exporting.spreadsheet import CellTooLong

    with pytest.raises(CellTooLong, match="Download CSV or JSONL instead"):
        export_xlsx([case("Long", {"q": "x" * 40_000}, None, 30)])


def test_a_persons_own_csv_cell_with_an_apostrophe_before_a_mark_loses_the_apostrophe() -> None:
    data = b"name,inputs.q,inputs.r\r\n'=A,'-1,'hello\r\n"
    assert read_back(data, "mine.csv") == [("=A", {"q": "'-1", "r": "'hello"}, {})], "a number was never a formula"

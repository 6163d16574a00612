"""A dataset's cases as a spreadsheet-like table: a column per key, text as text, JSON only where nested."""

from datetime import UTC, datetime
from typing import Any

from services.cases.columns import case_columns, cell_text
from services.gentrace.types import TestCase

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def case(inputs: dict[str, Any], expected: dict[str, Any] | None = None, name: str = "A case") -> TestCase:
    return TestCase.model_validate(
        {
            "id": "123e4567-e89b-42d3-a456-426614174000",
            "datasetId": "123e4567-e89b-42d3-a456-426614174001",
            "pipelineId": "123e4567-e89b-42d3-a456-426614174002",
            "name": name,
            "inputs": inputs,
            "expectedOutputs": expected,
            "createdAt": NOW.isoformat(),
            "updatedAt": NOW.isoformat(),
            "archivedAt": None,
            "deletedAt": None,
        }
    )


def test_columns_follow_the_keys_as_they_first_appear_inputs_then_expected_outputs() -> None:
    cases = [
        case({"Question": "Refund?", "Customer tier": "Free"}, {"Expected answer": "No"}),
        case({"Question": "Reset?", "Region": "EU"}, {"Expected answer": "Link", "Tone": "kind"}),
    ]
    columns = case_columns(cases)
    assert [(c.side, c.heading) for c in columns] == [
        ("inputs", "Question"),
        ("inputs", "Customer tier"),
        ("inputs", "Region"),
        ("expected", "Expected answer"),
        ("expected", "Tone"),
    ]
    assert columns[2].value(cases[0]) is None and columns[2].value(cases[1]) == "EU"


def test_an_expected_output_named_like_an_input_says_it_is_expected() -> None:
    columns = case_columns([case({"answer": "draft"}, {"answer": "final"})])
    assert [c.heading for c in columns] == ["answer", "answer (expected)"]
    assert [c.value(case({"answer": "draft"}, {"answer": "final"})) for c in columns] == ["draft", "final"]


def test_a_cell_is_text_as_typed_and_json_only_for_nested_values() -> None:
    assert cell_text("00123") == "00123"
    assert cell_text("two\nlines") == "two\nlines"
    assert cell_text(12) == "12" and cell_text(1.5) == "1.5"
    assert cell_text(True) == "true" and cell_text(False) == "false"
    assert cell_text(None) == ""
    assert cell_text({"plan": "team", "seats": 5}) == '{"plan": "team", "seats": 5}'
    assert cell_text(["a", "b"]) == '["a", "b"]'
    assert cell_text("é" * 10) == "é" * 10  # not \u escapes
    assert cell_text(10**30) == str(10**30)


def test_a_long_value_is_cut_with_an_ellipsis() -> None:
    assert cell_text("x" * 400) == "x" * 299 + "…"
    assert cell_text("x" * 300) == "x" * 300
    assert cell_text("abcdef", limit=4) == "abc…"


def test_an_imports_cases_are_put_in_the_files_order_among_themselves() -> None:
    from services.datasets.browse import in_file_order

    prints = ["by hand", "row 4", "row 2", "other", "row 3"]  # creation order: the import's sends overtook each other
    rows = {"row 2": 2, "row 3": 3, "row 4": 4}
    order = in_file_order(prints, rows)
    assert order is not None and [prints[at] for at in order] == ["by hand", "row 2", "row 3", "other", "row 4"]
    assert in_file_order(prints, {"gone": 2}) is None

"""A test case typed by hand: the fields a dataset suggests, the types, and an error under each field to fix."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.cases.content import CaseContent
from services.cases.form import FieldInput, InvalidCase, build_case, fields_of, suggested_fields
from services.gentrace.types import TestCase


def case(inputs: dict[str, Any], expected: dict[str, Any] | None = None) -> TestCase:
    moment = datetime(2026, 12, 1, tzinfo=UTC).isoformat()
    return TestCase.model_validate(
        {
            "id": "123e4567-e89b-42d3-a456-426614174000",
            "datasetId": "123e4567-e89b-42d3-a456-426614174001",
            "pipelineId": "123e4567-e89b-42d3-a456-426614174002",
            "name": "A case",
            "inputs": inputs,
            "expectedOutputs": expected,
            "createdAt": moment,
            "updatedAt": moment,
            "archivedAt": None,
            "deletedAt": None,
        }
    )


def test_the_fields_are_the_keys_the_cases_use_most_common_first_nested_ones_dotted() -> None:
    cases = [
        case({"Question": "a", "user": {"plan": "pro"}}, {"answer": "x"}),
        case({"Question": "b", "tier": "Free", "user": {"plan": "team"}}, {"answer": "y", "score": 2}),
        case({"Question": "c", "user": {"plan": "free"}}),
    ]
    fields = suggested_fields(cases)
    assert [(f.side, f.key, f.type) for f in fields] == [
        ("input", "Question", "text"),
        ("input", "user.plan", "text"),
        ("input", "tier", "text"),
        ("expected", "answer", "text"),
        ("expected", "score", "number"),
    ]
    assert all(f.value == "" for f in fields)


def test_each_type_is_kept_as_chosen_text_exactly_as_typed() -> None:
    built = build_case(
        " Refund ",
        [
            FieldInput("input", "Question", "text", "00123"),
            FieldInput("input", "user.plan", "text", "pro"),
            FieldInput("input", "user.seats", "number", "12"),
            FieldInput("input", "ok", "boolean", "Yes"),
            FieldInput("expected", "answer", "json", '{"steps": [1, 2]}'),
            FieldInput("expected", "skipped", "text", ""),
        ],
    )
    assert built == CaseContent(
        "Refund",
        {"Question": "00123", "user": {"plan": "pro", "seats": 12}, "ok": True},
        {"answer": {"steps": [1, 2]}},
    )


def test_every_mistake_is_an_error_under_its_own_field() -> None:
    with pytest.raises(InvalidCase) as caught:
        build_case(
            "x" * 256,
            [
                FieldInput("input", "Question", "text", "Refund?"),
                FieldInput("input", "n", "number", "twelve"),
                FieldInput("input", "meta", "json", '{"a": 1,\n "b" 2}'),
                FieldInput("input", "Question", "text", "again"),
                FieldInput("input", "", "text", "no key"),
                FieldInput("expected", "ok", "boolean", "maybe"),
            ],
        )
    errors = caught.value.errors
    assert "at most 255 characters" in errors["name"]
    assert errors[1] == "“twelve” is not a number."
    assert "line 2, column 6" in errors[2]
    assert "already the name of another field" in errors[3]
    assert "Give this field a name" in errors[4]
    assert "not true or false" in errors[5]


def test_a_name_and_at_least_one_input_are_needed() -> None:
    with pytest.raises(InvalidCase) as caught:
        build_case("", [FieldInput("expected", "answer", "text", "Yes")])
    assert set(caught.value.errors) == {"name", "inputs"}


def test_a_case_read_back_into_fields_builds_the_same_case() -> None:
    original = CaseContent("Typed", {"q": "00123", "n": 1.5, "ok": False, "user": {"plan": "pro"}}, {"a": [1, "two"]})
    assert build_case(original.name, fields_of(original)) == original

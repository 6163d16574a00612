"""A dataset's cases as a table a person reads like their spreadsheet: one column per key, named as the key, in the
order the keys first appear; text as text, and JSON only for a value that is itself nested."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from services.gentrace.types import TestCase

Side = Literal["inputs", "expected"]
SHOWN_CHARS = 300  # of one cell; a case's own view shows all of it


@dataclass(frozen=True)
class CaseColumn:
    side: Side
    key: str
    heading: str

    def value(self, case: TestCase) -> Any:
        return self.value_in(case.inputs, case.expected_outputs or {})

    def value_in(self, inputs: Mapping[str, Any], expected: Mapping[str, Any]) -> Any:
        return (inputs if self.side == "inputs" else expected).get(self.key)


def case_columns(cases: Iterable[TestCase]) -> list[CaseColumn]:
    return columns_of((case.inputs, case.expected_outputs or {}) for case in cases)


def columns_of(contents: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> list[CaseColumn]:
    """Every input key, then every expected-output key, each in the order it first appears. An expected output
    named like an input is headed "… (expected)"."""
    inputs: dict[str, None] = {}
    expected: dict[str, None] = {}
    for case_inputs, case_expected in contents:
        inputs.update(dict.fromkeys(case_inputs))
        expected.update(dict.fromkeys(case_expected))
    columns = [CaseColumn("inputs", key, key) for key in inputs]
    columns += [CaseColumn("expected", key, f"{key} (expected)" if key in inputs else key) for key in expected]
    return columns


def cell_text(value: Any, limit: int = SHOWN_CHARS) -> str:
    """Text as it is; numbers and true/false as written in JSON; a missing value empty; an object or list as
    compact JSON. Longer than `limit` characters: cut, with "…"."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:  # true, not Python's True; {"plan": "team"} for a nested value
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""One test case typed by hand: its fields (a key, inputs or expected outputs, a type, the text typed), the keys a
dataset's cases already use, and the case they make, or the error under each field. Nothing here is sent."""

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from services.cases.content import CaseContent
from services.cases.format import boolean_from_text, number_from_text
from services.gentrace.types import TestCase

Side = Literal["input", "expected"]
FieldType = Literal["text", "number", "boolean", "json"]
TYPES: Mapping[FieldType, str] = {"text": "Text", "number": "Number", "boolean": "True/false", "json": "JSON"}
SIDES: Mapping[Side, str] = {"input": "Input", "expected": "Expected output"}
NAME_LIMIT = 255


@dataclass(frozen=True)
class FieldInput:
    side: Side
    key: str  # a dot nests: "user.plan"
    type: FieldType = "text"
    value: str = ""


class InvalidCase(Exception):
    """What to fix: `errors` maps "name" or a field's position to its message."""

    def __init__(self, errors: Mapping[str | int, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def _flat(values: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in values.items():
        if isinstance(value, Mapping) and value:
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _type_of(value: Any) -> FieldType:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "text" if isinstance(value, str) or value is None else "json"


def _text_of(value: Any, kind: FieldType) -> str:
    if kind == "text":
        return "" if value is None else str(value)
    if kind == "boolean":
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, indent=2 if kind == "json" else None)


def suggested_fields(cases: Sequence[TestCase]) -> list[FieldInput]:
    """The keys the dataset's cases use, inputs then expected outputs, most common first (dotted for nested
    ones), each typed as most of its values are; values empty."""
    fields: list[FieldInput] = []
    for side in ("input", "expected"):
        counts: Counter[str] = Counter()
        types: dict[str, Counter[FieldType]] = {}
        for case in cases:
            values = case.inputs if side == "input" else case.expected_outputs or {}
            for key, value in _flat(values):
                counts[key] += 1
                types.setdefault(key, Counter())[_type_of(value)] += 1
        for key, _ in counts.most_common():
            fields.append(FieldInput(side, key, types[key].most_common(1)[0][0]))
    return fields


def fields_of(case: CaseContent) -> list[FieldInput]:
    """A case's own fields, filled in (for editing it)."""
    fields = []
    for side, values in (("input", case.inputs), ("expected", case.expected_outputs)):
        for key, value in _flat(values):
            kind = _type_of(value)
            fields.append(FieldInput(side, key, kind, _text_of(value, kind)))  # type: ignore[arg-type]
    return fields


def _value(field: FieldInput) -> Any:
    text = field.value
    if field.type == "text":
        return text  # exactly as typed: "00123" stays text
    if field.type in ("number", "boolean"):
        convert = number_from_text if field.type == "number" else boolean_from_text
        try:
            return convert(text.strip())
        except ValueError as error:
            raise ValueError(f"{error}.") from None
    try:
        return json.loads(text, parse_constant=lambda constant: _refuse(constant))
    except json.JSONDecodeError as error:
        raise ValueError(f"This is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not a value JSON can carry here: write a number or text instead.")


def build_case(name: str, fields: Sequence[FieldInput], case_id: str | None = None) -> CaseContent:
    """The case the form makes, or `InvalidCase` with an error for the name and each field to fix. A field whose
    value is empty is left out (its key is not sent)."""
    errors: dict[str | int, str] = {}
    if not name.strip():
        errors["name"] = "Give the test case a name."
    elif len(name.strip()) > NAME_LIMIT:
        errors["name"] = f"A name can be at most {NAME_LIMIT} characters; this one has {len(name.strip()):,}."
    inputs: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    seen: dict[tuple[Side, str], int] = {}
    for position, field in enumerate(fields):
        key = field.key.strip()
        empty = not field.value.strip() if field.type != "text" else field.value == ""
        if empty:
            continue
        if not key or any(not part for part in key.split(".")):
            errors[position] = "Give this field a name (a dot nests one value in another: user.plan)."
            continue
        if (field.side, key) in seen:
            errors[position] = f"“{key}” is already the name of another field: give this one another name."
            continue
        seen[(field.side, key)] = position
        try:
            value = _value(field)
            _put(inputs if field.side == "input" else expected, key.split("."), value)
        except ValueError as error:
            errors[position] = str(error)
    if not inputs and not any(isinstance(at, int) and fields[at].side == "input" for at in errors):
        errors.setdefault("inputs", "Fill in at least one input: a test case needs something to run on.")
    if errors:
        raise InvalidCase(errors)
    return CaseContent(name.strip(), inputs, expected, case_id)


def _put(target: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        inner = target.setdefault(part, {})
        if not isinstance(inner, dict):
            raise ValueError(f"“{'.'.join(path)}” clashes with the field “{part}”.")
        target = inner
    if isinstance(target.get(path[-1]), dict):
        raise ValueError(f"“{'.'.join(path)}” clashes with fields nested under it.")
    target[path[-1]] = value

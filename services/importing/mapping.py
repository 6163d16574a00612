"""What each column of a file becomes (name, input, expected output, skipped; its key and type), worked out from the
headings' words, and the names made when no column gives them (from the first input, or a pattern)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from services.cases.format import JSON_MARK, holds_json
from services.importing.headings import heading_role, recognised
from services.importing.table import Table

Role = Literal["name", "input", "expected", "skip"]
ValueType = Literal["text", "number", "boolean", "json", "object", "literal"]

ROLES: Mapping[Role, str] = {"name": "Name", "input": "Input", "expected": "Expected output", "skip": "Skip"}
TYPES: Mapping[ValueType, str] = {
    "text": "Text", "number": "Number", "boolean": "True/false", "json": "JSON",
    "object": "Object's keys (else text)", "literal": "JSON or Python value (else text)",
}  # fmt: skip
ROW_NAME_PATTERN = "Row {n}"
FIRST_INPUT = "{first input}"  # a name pattern: the row's first text input, shortened
DEFAULT_NAME_PATTERN = FIRST_INPUT
NAME_CHARS = 80
_INPUT_PREFIXES = {"inputs", "input"}
_EXPECTED_PREFIXES = {"expectedoutputs", "expected_outputs", "expected", "outputs", "output"}


@dataclass(frozen=True)
class ColumnRule:
    """What one column becomes. `key` is a dotted path inside inputs or expected outputs ("user.name" nests);
    an empty key means the cell is the whole object (Gentrace's own `inputs` / `expectedOutputs` columns)."""

    column: str
    role: Role
    key: str = ""
    type: ValueType = "text"


def default_rule(heading: str) -> ColumnRule:
    """The role a column's heading suggests (services.headings: the words for a name, an expected output, else an
    input), with the heading as the key. Dotted headings give the key and its nesting.
    A heading ending in " (JSON)" types the column JSON; `inputs (JSON)` / `expectedOutputs (JSON)` hold whole
    objects."""
    text = heading.strip()
    if text.lower().endswith(JSON_MARK.lower()) and len(text) > len(JSON_MARK):
        plain = text[: -len(JSON_MARK)].strip()
        rule = default_rule(plain)
        if rule.role == "name":
            return rule
        whole = plain.lower() in _INPUT_PREFIXES | _EXPECTED_PREFIXES
        role: Role = "input" if plain.lower() in _INPUT_PREFIXES else rule.role
        role = "expected" if plain.lower() in _EXPECTED_PREFIXES else role
        return ColumnRule(heading, role, "" if whole else rule.key, "json")
    lower = text.lower()
    head, _, rest = lower.partition(".")
    original_rest = text.partition(".")[2]
    if rest and head in _INPUT_PREFIXES:
        return ColumnRule(heading, "input", original_rest)
    if rest and head in _EXPECTED_PREFIXES:
        return ColumnRule(heading, "expected", original_rest)
    role = heading_role(text)
    return ColumnRule(heading, "name") if role == "name" else ColumnRule(heading, role, text)


def is_gentrace_shape(table: Table) -> bool:
    """JSON records that already are test cases: `name`, an `inputs` object, maybe `expectedOutputs`."""
    if not table.typed or "inputs" not in table.columns or "name" not in table.columns:
        return False
    column = table.columns.index("inputs")
    return all(isinstance(row[column], dict) for row in table.rows[:100])


def holds_case_records(table: Table) -> bool:
    """Test cases written out (Gentrace's JSON shape, or an export's name / inputs.x / expectedOutputs.x columns),
    rather than a spreadsheet made by hand: a key one case lacks was left out on purpose."""
    if is_gentrace_shape(table):
        return True
    headings = [h for h in table.columns if h.strip().lower() != "name"]
    return bool(headings) and all(_keyed_heading(h.removesuffix(JSON_MARK)) for h in headings)


def _keyed_heading(heading: str) -> bool:
    head, dot, _ = heading.strip().lower().partition(".")
    return bool(dot) and head in _INPUT_PREFIXES | _EXPECTED_PREFIXES


def default_rules(table: Table) -> list[ColumnRule]:
    if is_gentrace_shape(table):
        whole = {"name": ColumnRule("name", "name"), "inputs": ColumnRule("inputs", "input")}
        whole["expectedOutputs"] = ColumnRule("expectedOutputs", "expected")
        return [whole.get(column, ColumnRule(column, "skip")) for column in table.columns]
    rules = [default_rule(column) for column in table.columns]
    names = [index for index, rule in enumerate(rules) if rule.role == "name"]
    if len(names) > 1:  # one column names the cases: an exact "name" heading, else the first; the rest are inputs
        keep = next((i for i in names if rules[i].column.strip().lower() == "name"), names[0])
        for index in names:
            if index != keep:
                rules[index] = ColumnRule(rules[index].column, "input", rules[index].column.strip())
    if table.typed:
        return rules
    # `inputs.x` / `expectedOutputs.x` columns written as JSON (an export's objects and lists) are read as JSON.
    for index, rule in enumerate(rules):
        if rule.type == "text" and rule.role in ("input", "expected") and _keyed_heading(rule.column):
            cells = [row[index] for row in table.rows]
            if any(cell.lstrip()[:1] in ("{", "[", '"') for cell in cells if cell) and holds_json(cells):
                rules[index] = ColumnRule(rule.column, rule.role, rule.key, "json")
    return rules


def looks_like_notes(table: Table, rules: Sequence[ColumnRule]) -> str | None:
    """Why a table may be notes rather than test cases (no name column and one column, or headings that name no
    part of a test case over rows that fill one cell), so the person is told before anything is sent."""
    if table.typed or any(rule.role == "name" for rule in rules):
        return None
    sample = table.rows[:50]
    one_cell = sum(1 for row in sample if sum(1 for cell in row if cell.strip()) <= 1)
    if len(table.columns) == 1 or (not any(recognised(c) for c in table.columns) and one_cell * 2 > len(sample)):
        where = f"the sheet “{table.settings.sheet}”" if table.settings.sheet else "the file"
        return (
            f"This looks like notes rather than a table of test cases: {where} has no column of names and "
            f"{'only one column' if len(table.columns) == 1 else 'mostly one filled cell per row'}. If the test "
            "cases are elsewhere, choose their sheet or heading row before importing."
        )
    return None


def name_from_pattern(pattern: str, row: int, inputs: Mapping[str, object] | None = None) -> str:
    """`{n}` is the row number; `{first input}` the row's first text input on one line, cut at about 80 characters
    (a row with no text input is named "Row {n}")."""
    pattern = pattern or DEFAULT_NAME_PATTERN
    if FIRST_INPUT in pattern:
        first = first_text(inputs or {})
        pattern = pattern.replace(FIRST_INPUT, first) if first else ROW_NAME_PATTERN
    return pattern.replace("{n}", str(row)).strip()


def first_text(values: Mapping[str, object]) -> str:
    for value in values.values():
        if isinstance(value, Mapping):
            value = first_text(value)
        if isinstance(value, str) and (text := " ".join(value.split())):
            return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"
    return ""


def pattern_problem(pattern: str) -> str | None:
    if not pattern.strip():
        return "Give a pattern for the names, such as “Row {n}”."
    if "{n}" not in pattern and FIRST_INPUT not in pattern:
        return "Put {n} in the pattern, where the row number goes, so every name is different."
    return None

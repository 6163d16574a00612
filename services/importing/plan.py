"""What a file would do to a dataset: every row checked (with its row and column when something is wrong), mapped to a
test case, fingerprinted, and told apart from rows repeated in the file or already in the dataset."""

import ast
import json
import re
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, overload

import orjson

from services.cases.format import boolean_from_text, case_json, digest, number_from_text
from services.importing.mapping import (
    DEFAULT_NAME_PATTERN,
    ColumnRule,
    ValueType,
    holds_case_records,
    name_from_pattern,
)
from services.importing.table import Table, gc_paused

MAX_CASE_BYTES = 1_000_000  # "over 1 MB of JSON": the sandbox and Gentrace refuse larger request bodies


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None
    message: str


@dataclass(slots=True)
class PlannedCase:
    """A row that will become a test case. Its inputs and expected outputs are built again from the row when asked
    for, not kept: for 100,000 rows, keeping them cost more memory than the file and its table together."""

    index: int  # into Table.rows
    row: int  # the number a person sees
    name: str
    fingerprint: str
    mapper: "RowMapper" = field(repr=False, compare=False)

    @property
    def content(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(inputs, expected outputs)"""
        inputs, expected, _ = self.mapper.build(self.mapper.table.rows[self.index])
        return inputs, expected

    @property
    def inputs(self) -> dict[str, Any]:
        return self.content[0]

    @property
    def expected_outputs(self) -> dict[str, Any]:
        return self.content[1]


class PlannedCases(Sequence[PlannedCase]):
    """The cases a plan will send, kept as parallel arrays of plain values; a `PlannedCase` is made when one is read.

    A plan lives in session state across reruns. As 100,000 objects it was walked by Python's cycle collector on every
    rerun (the import page's rerun with such a file loaded was 1.67× one with no file); numbers in arrays and strings
    in lists are not tracked by it at all."""

    def __init__(self, mapper: "RowMapper") -> None:
        self.mapper = mapper
        self.indices = array("l")  # into Table.rows
        self.rows = array("l")  # the numbers a person sees
        self.names: list[str] = []
        self.fingerprints: list[str] = []

    def append(self, index: int, row: int, name: str, fingerprint: str) -> None:
        self.indices.append(index)
        self.rows.append(row)
        self.names.append(name)
        self.fingerprints.append(fingerprint)

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, position: int) -> PlannedCase: ...
    @overload
    def __getitem__(self, position: slice) -> list[PlannedCase]: ...
    def __getitem__(self, position: int | slice) -> PlannedCase | list[PlannedCase]:
        if isinstance(position, slice):
            return [self[n] for n in range(*position.indices(len(self)))]
        return PlannedCase(
            self.indices[position], self.rows[position], self.names[position], self.fingerprints[position], self.mapper
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class ImportPlan:
    """What a file would do to a dataset. `cases` are to be sent; every other row is accounted for below."""

    table: Table  # what it was made from
    cases: PlannedCases
    problems: list[Problem]
    repeated: dict[int, int]  # row → the earlier row of the file it repeats
    already_there: list[int]  # rows whose case the dataset already has
    gaps: list[Problem] = field(default_factory=list)  # rows empty where nearly every other row has a value
    gaps_included: bool = False  # whether those rows are among `cases` (the person said so) or skipped

    @property
    def total_rows(self) -> int:
        return len(self.table.rows)

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def set_aside(self) -> dict[str, int]:
        """The file's rows that are not sent, by why: with `cases`, every row of the file is accounted for."""
        held_back = 0 if self.gaps_included else len({gap.row for gap in self.gaps})
        return {
            "already there": len(self.already_there),
            "repeated in the file": len(self.repeated),
            "with problems": self.rows_with_problems,
            "held back": held_back,
        }


_NOT_TEXT = "holds a character that is not text (half of a surrogate pair, such as \\ud800)"
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # a NUL as canonical JSON writes it, not an escaped backslash
_BODY_OVERHEAD = 128  # what a request adds to the canonical text: the dataset id and the key names


class _CellError(ValueError):
    pass


def _refuse_constant(constant: str) -> Any:
    raise _CellError(f"{constant} is not a number Gentrace's JSON can carry: write a number or text instead")


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise _CellError(f"the cell should hold JSON and does not ({error.msg} at character {error.pos + 1})") from None
    except RecursionError:
        raise _CellError("the cell's JSON nests too deeply to read") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise _CellError(f"the cell's JSON cannot be read ({error})") from None


LITERAL_LIMIT = 100_000  # characters: a longer cell is not read as a Python literal


def object_or_text(text: str) -> Any:
    """An "object" cell, as another tool writes it: JSON (an object spreads into its keys), else a Python literal
    (pandas writes a dict with single quotes; read with `ast.literal_eval`, never evaluated), else the text."""
    stripped = text.strip()
    if stripped[:1] in ("{", "[", '"') or stripped in ("true", "false", "null") or _NUMBER.fullmatch(stripped):
        try:
            return orjson.loads(stripped)  # the fast path; what it refuses is read (or refused) as below
        except orjson.JSONDecodeError:
            pass
        try:
            return _json(stripped)
        except _CellError as error:
            if "nests too deeply" in str(error):
                raise  # beyond the import's limits: refused for this row, not taken for text

    if stripped[:1] in ("{", "[", "'") and len(stripped) <= LITERAL_LIMIT:
        try:
            value = ast.literal_eval(stripped)
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            return text
        if isinstance(value, dict | list | str | int | float | bool) and _json_safe(value):
            return value
    return text


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _json_safe(value: Any, depth: int = 0) -> bool:
    """A literal JSON could have written: strings as keys, no tuples, sets, bytes or complex numbers, not too deep."""
    if depth > 64:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_safe(v, depth + 1) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return value is None or isinstance(value, str | int | bool)


_CONVERT: Mapping[ValueType, Callable[[str], Any]] = {
    "number": number_from_text,
    "boolean": boolean_from_text,
    "json": _json,
    "object": object_or_text,
    "literal": object_or_text,
}


def _put(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        inner = target.setdefault(part, {})
        if not isinstance(inner, dict):
            raise _CellError(f"“{'.'.join(path)}” clashes with the value already given to “{part}”")
        target = inner
    if path[-1] in target and isinstance(target[path[-1]], dict) and not isinstance(value, dict):
        raise _CellError(f"“{'.'.join(path)}” clashes with keys nested under it")
    target[path[-1]] = value


class RowMapper:
    """Turns one row of the table into (inputs, expected outputs, problems) by the column rules.

    This is the hot loop of a 100,000-row check: text cells under a one-level key (the usual spreadsheet) are done in
    one dict comprehension, and spreadsheet cells (always text) skip the type tests that JSON cells need."""

    def __init__(self, table: Table, rules: Sequence[ColumnRule]) -> None:
        self.table = table
        self.general: list[tuple[int, str, bool, tuple[str, ...], Callable[[str], Any] | None, bool]] = []
        self.plain_inputs: list[tuple[int, str]] = []
        self.plain_expected: list[tuple[int, str]] = []
        self.name_column: int | None = None
        for index, rule in enumerate(rules):
            if rule.role == "skip":
                continue
            if rule.role == "name":
                self.name_column = index if self.name_column is None else self.name_column
                continue
            path = tuple(part for part in rule.key.split(".") if part) if rule.key.strip() else ()
            if not table.typed and rule.type == "text" and len(path) == 1:
                (self.plain_inputs if rule.role == "input" else self.plain_expected).append((index, path[0]))
            else:
                spreads = rule.type == "object"
                self.general.append((index, rule.column, rule.role == "input", path, _CONVERT.get(rule.type), spreads))
        self.name_heading = rules[self.name_column].column if self.name_column is not None else None

    def build(self, cells: Sequence[Any]) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
        inputs = {key: cells[c] for c, key in self.plain_inputs if cells[c] and not cells[c].isspace()}
        expected = {key: cells[c] for c, key in self.plain_expected if cells[c] and not cells[c].isspace()}
        problems: list[tuple[str, str]] = []
        typed = self.table.typed
        for column, heading, is_input, path, convert, spreads in self.general:
            value = cells[column]
            if typed:
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
            elif not value or value.isspace():
                continue
            target = inputs if is_input else expected
            try:
                if convert is not None and isinstance(value, str):
                    value = convert(value)
                if spreads and isinstance(value, dict):  # an object column: the object's keys, under its path
                    for key, inner in value.items():
                        _put(target, (*path[:-1], key), inner)
                elif len(path) == 1 and path[0] not in target:
                    target[path[0]] = value
                elif path:
                    _put(target, path, value)
                elif isinstance(value, dict):
                    for key, inner in value.items():
                        _put(target, (key,), inner)
                else:
                    raise _CellError("this column holds a whole object, but the cell is not one: give it a key")
            except ValueError as error:  # _CellError, or a Number or True/false cell that is not one
                problems.append((heading, str(error)))
        return inputs, expected, problems


@gc_paused
def plan_import(
    table: Table,
    rules: Sequence[ColumnRule],
    existing: set[str] | frozenset[str] = frozenset(),
    name_pattern: str = DEFAULT_NAME_PATTERN,
    include_gaps: bool = False,
) -> ImportPlan:
    """Checks every row of the file (not the first few) and says what each would become. A row empty in a column
    that nearly every other row fills is a gap: skipped, unless `include_gaps`."""
    mapper = RowMapper(table, rules)
    usual = [] if holds_case_records(table) else usually_filled(table, rules)
    gaps: list[Problem] = []
    name_column, name_heading = mapper.name_column, mapper.name_heading
    width = len(table.columns)
    cases = PlannedCases(mapper)
    problems: list[Problem] = []
    repeated: dict[int, int] = {}
    already: list[int] = []
    first_row_of: dict[str, int] = {}
    numbers, ragged, build = table.row_numbers, table.ragged, mapper.build
    read_problems, may_hold_nul = table.row_problems, table.may_hold_nul
    for index, cells in enumerate(table.rows):
        row = numbers[index]
        found: list[Problem] = []
        if ragged and index in ragged:
            found.append(Problem(row, None, f"has {ragged[index]} cells, but the headings have {width}"))
        if read_problems and index in read_problems:
            found.append(Problem(row, None, read_problems[index]))
        if name_column is not None:
            raw_name = cells[name_column]
            name = raw_name.strip() if isinstance(raw_name, str) else ("" if raw_name is None else str(raw_name))
            if not name:
                found.append(Problem(row, name_heading, "the name is empty"))
        inputs, expected, cell_problems = build(cells)
        if cell_problems:
            found.extend(Problem(row, heading, message) for heading, message in cell_problems)
        elif not inputs:
            found.append(Problem(row, None, "has no inputs: every input cell is empty"))
        if found:
            problems.extend(found)
            continue
        if name_column is None:
            name = name_from_pattern(name_pattern, row, inputs)
        if usual and (missing := [(heading, filled) for column, heading, filled in usual if _blank(cells[column])]):
            gaps.extend(
                Problem(row, heading, _gap_message(heading, filled, len(table.rows))) for heading, filled in missing
            )
            if not include_gaps:
                continue
        try:
            encoded = case_json(name, inputs, expected)
        except UnicodeEncodeError:
            problems.append(Problem(row, None, _NOT_TEXT))
            continue
        if may_hold_nul and _NUL.search(encoded):
            problems.append(Problem(row, None, "holds a NUL character (\\0), which is not text"))
            continue
        print_ = digest(encoded)
        if print_ in first_row_of:
            repeated[row] = first_row_of[print_]
            continue
        first_row_of[print_] = row
        if print_ in existing:
            already.append(row)
            continue
        if len(encoded) + _BODY_OVERHEAD > MAX_CASE_BYTES:
            message = f"is {len(encoded) / 1_000_000:.1f} MB of JSON; a test case can be at most 1 MB"
            problems.append(Problem(row, None, message))
            continue
        cases.append(index, row, name, print_)
    return ImportPlan(table, cases, problems, repeated, already, gaps, include_gaps)


GAP_SHARE = 0.9  # a column is "nearly always filled" when at least this share of the other rows fill it
GAP_MIN_FILLED = 3


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def usually_filled(table: Table, rules: Sequence[ColumnRule]) -> list[tuple[int, str, int]]:
    """(column, heading, rows that fill it) for each input or expected-output column that nearly every row fills
    but not all: an empty cell there is more likely a slip than a case meant to be without it."""
    rows = table.rows
    found = []
    for column, rule in enumerate(rules):
        if rule.role not in ("input", "expected"):
            continue
        empty = sum(
            1 for v in map(itemgetter(column), rows) if v is None or v == "" or (v.__class__ is str and v.isspace())
        )
        filled = len(rows) - empty
        if empty and filled >= GAP_MIN_FILLED and filled >= GAP_SHARE * (len(rows) - 1):
            found.append((column, rule.column, filled))
    return found


def _gap_message(heading: str, filled: int, rows: int) -> str:
    return f"“{heading}” is empty, though {filled:,} of the other {rows - 1:,} rows fill it"

"""Recognising a file that another tool exported, from its columns, and what each column becomes: the tool's input
and expected output (a cell holding a JSON object spreads into its keys; a Python literal, as pandas writes one, is
read without being evaluated; anything else stays text under one key), and what is left out, with the reason.

Each tool's columns, as its own export code writes them:
- Langfuse (worker/src/features/database-read-stream/getDatabaseReadStream.ts, dataset items): id, projectId,
  datasetId, datasetName, status, input, expectedOutput, metadata, htmlSourcePath, sourceTraceId,
  sourceObservationId, createdAt, updatedAt; objects as JSON in the cell, plain strings raw.
- Arize Phoenix (src/phoenix/server/api/routers/v1/datasets.py, `_get_content_csv`): example_id, then input_<key>,
  output_<key>, metadata_<key>, one level deep, written by pandas.
- LangSmith (the Example schema): id, name, created_at, modified_at, inputs, outputs, dataset_id, source_run_id,
  metadata; inputs and outputs as JSON objects, or flattened as inputs.<key> / outputs.<key> (or input_ / output_).
- Opik (DatasetItemsActionsPanel.tsx with json-2-csv): the item's own keys (input, expected_output, metadata) plus id
  and created_at; nested objects flattened into dotted headings (expected_output.answer).
- Braintrust: id, input, expected, metadata, tags.
A file that fits none is read exactly as before."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.importing.mapping import ColumnRule, default_rules
from services.importing.plan import object_or_text
from services.importing.table import Table

_LEFT_OUT = {
    "id": "an id of the other tool", "example_id": "an id of the other tool", "projectid": "the other tool's project",
    "datasetid": "the other tool's dataset", "dataset_id": "the other tool's dataset",
    "datasetname": "the other tool's dataset", "status": "the other tool's status",
    "createdat": "a timestamp", "updatedat": "a timestamp", "created_at": "a timestamp", "modified_at": "a timestamp",
    "last_updated_at": "a timestamp", "sourcetraceid": "a trace id", "sourceobservationid": "an observation id",
    "source_run_id": "a run id", "trace_id": "a trace id", "span_id": "a span id", "htmlsourcepath": "a page address",
    "tags": "tags", "created_by": "the other tool's user", "last_updated_by": "the other tool's user",
    "dataset_item_id": "an id of the other tool", "source": "the other tool's source",
}  # fmt: skip
METADATA = "metadata: Gentrace test cases have none (make it an input to keep it)"


@dataclass(frozen=True)
class ToolExport:
    tool: str
    rules: list[ColumnRule]
    left_out: dict[str, str]  # column → why it is not imported

    @property
    def words(self) -> str:
        """ "This looks like a Langfuse export: input → inputs, expectedOutput → expected outputs; id, … not
        imported." """
        inputs = [r.column for r in self.rules if r.role == "input"]
        expected = [r.column for r in self.rules if r.role == "expected"]
        parts = []
        if inputs:
            parts.append(f"{_listed(inputs)} → inputs")
        if expected:
            parts.append(f"{_listed(expected)} → expected outputs")
        named = next((r.column for r in self.rules if r.role == "name"), None)
        if named:
            parts.append(f"{named} → the name")
        text = f"This looks like a {self.tool} export: " + ", ".join(parts)
        if self.left_out:
            text += f"; {_listed(list(self.left_out))} not imported"
        return text + "."


def _listed(columns: Sequence[str]) -> str:
    return ", ".join(columns[:6]) + (" …" if len(columns) > 6 else "")


def _object(column: str, role: str) -> ColumnRule:
    """The tool's input or expected output: an object's keys, or the cell under the column's own name."""
    return ColumnRule(column, role, column, "object")  # type: ignore[arg-type]


def _left_out(column: str) -> str | None:
    lower = column.strip().lower()
    if lower == "metadata" or lower.startswith(("metadata.", "metadata_")):
        return METADATA
    return _LEFT_OUT.get(lower)


def _rules(table: Table, tool: str, decide: Mapping[str, ColumnRule | None]) -> ToolExport:
    """The rules in the table's column order: `decide` by lower-case heading (None: left out), the rest by
    `_left_out`, and anything else kept as an input under its heading."""
    rules, left_out = [], {}
    for column in table.columns:
        lower = column.strip().lower()
        rule = decide.get(lower, ColumnRule(column, "input", column.strip()))
        reason = _left_out(column) if lower not in decide or rule is None else None
        if reason is not None or rule is None:
            rules.append(ColumnRule(column, "skip"))
            left_out[column] = reason or "not part of a test case"
        else:
            rules.append(ColumnRule(column, rule.role, rule.key, rule.type))
    return ToolExport(tool, rules, left_out)


def _prefixed(table: Table, prefixes: dict[str, str]) -> dict[str, ColumnRule | None]:
    """Columns named <prefix><key> (input_question, expected_output.answer) as that key of their part."""
    found: dict[str, ColumnRule | None] = {}
    for column in table.columns:
        lower = column.strip().lower()
        for prefix, role in prefixes.items():
            if lower.startswith(prefix) and len(lower) > len(prefix):
                # pandas writes a nested value as a Python literal, json-2-csv an array as JSON: read as written
                found[lower] = ColumnRule(column, role, column.strip()[len(prefix) :], "literal")  # type: ignore[arg-type]
                break
    return found


def recognise(table: Table) -> ToolExport | None:
    columns = {column.strip().lower() for column in table.columns}
    if {"input", "expectedoutput"} <= columns and columns & {"datasetid", "datasetname", "sourcetraceid"}:
        langfuse = {"input": _object("input", "input"), "expectedoutput": _object("expectedOutput", "expected")}
        return _rules(table, "Langfuse", langfuse)
    if "example_id" in columns and any(c.startswith(("input_", "output_")) for c in columns):
        return _rules(table, "Phoenix", _prefixed(table, {"input_": "input", "output_": "expected"}))
    if columns & {"source_run_id", "modified_at"} and (
        {"inputs", "outputs"} & columns
        or any(c.startswith(("inputs.", "outputs.", "input_", "output_")) for c in columns)
    ):
        decide = _prefixed(
            table, {"inputs.": "input", "outputs.": "expected", "input_": "input", "output_": "expected"}
        )
        decide |= {"inputs": _object("inputs", "input"), "outputs": _object("outputs", "expected")}
        decide["name"] = ColumnRule("name", "name")
        return _rules(table, "LangSmith", decide)
    opik_input = "input" in columns or any(c.startswith("input.") for c in columns)
    opik_expected = "expected_output" in columns or any(c.startswith("expected_output.") for c in columns)
    if opik_input and opik_expected and "id" in columns:
        decide = _prefixed(table, {"input.": "input", "expected_output.": "expected"})
        decide |= {"input": _object("input", "input"), "expected_output": _object("expected_output", "expected")}
        return _rules(table, "Opik", decide)
    if {"messages", "ideal"} <= columns:  # Phoenix's OpenAI evals JSONL (`_get_content_jsonl_openai_evals`)
        evals = {"messages": ColumnRule("messages", "input", "messages", "literal"),
                 "ideal": ColumnRule("ideal", "expected", "ideal", "literal")}  # fmt: skip
        return _rules(table, "Phoenix (OpenAI evals)", evals)
    if {"id", "input", "expected"} <= columns:
        return _rules(
            table, "Braintrust", {"input": _object("input", "input"), "expected": _object("expected", "expected")}
        )
    return None


def rules_for(table: Table) -> list[ColumnRule]:
    """The mapping a file starts with: its tool's, when it is another tool's export, else the headings' defaults."""
    tool = recognise(table)
    return tool.rules if tool is not None else default_rules(table)


@dataclass(frozen=True)
class MixedColumn:
    """An object column that holds objects in some rows and something else in others: the person chooses."""

    column: int
    heading: str
    objects: int  # rows whose cell is an object
    others: list[int]  # the row numbers of the rest (non-empty cells)


def mixed_columns(table: Table, rules: Sequence[ColumnRule]) -> list[MixedColumn]:
    """The "object" columns whose non-empty cells are objects in some rows and not in others."""
    found = []
    for column, rule in enumerate(rules):
        if rule.type != "object":
            continue
        objects, others = 0, []
        for row, cells in zip(table.row_numbers, table.rows, strict=False):
            cell = cells[column]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            try:
                value = object_or_text(cell) if isinstance(cell, str) else cell
            except ValueError:
                value = cell
            if isinstance(value, dict):
                objects += 1
            else:
                others.append(row)
        if objects and others:
            found.append(MixedColumn(column, rule.column, objects, others))
    return found

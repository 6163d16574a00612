"""From a table of rows to test cases in a dataset: column mapping, checks with row numbers, fingerprints, and the
worker pool that sends them, never twice.

Gentrace has one case per request and no idempotency key, so a case's fingerprint (canonical JSON of its name,
inputs and expected outputs) stands in for one: the dataset is listed before sending, and again after any answer
that was lost, and a case whose fingerprint is already there is not sent (again).
"""

import hashlib
import json
import logging
import math
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

from services.errors import CannotConnect, GentraceError, InvalidApiKey, RateLimited
from services.gentrace import GentraceClient
from services.headings import heading_role, recognised
from services.models import TestCase
from services.tabular import Table, gc_paused

log = logging.getLogger(__name__)

Role = Literal["name", "input", "expected", "skip"]
ValueType = Literal["text", "number", "boolean", "json"]

ROLES: Mapping[Role, str] = {"name": "Name", "input": "Input", "expected": "Expected output", "skip": "Skip"}
TYPES: Mapping[ValueType, str] = {"text": "Text", "number": "Number", "boolean": "True/false", "json": "JSON"}
DEFAULT_NAME_PATTERN = "Row {n}"
MAX_CASE_BYTES = 1_000_000  # "over 1 MB of JSON": the sandbox and Gentrace refuse larger request bodies
MAX_SEND_ATTEMPTS = 5  # per case, when an answer was lost and the case is provably not there
RESEND_BACKOFF_SECONDS = 0.25  # doubled after each lost answer: a struggling server gets room to recover
MAX_RATE_LIMIT_WAITS = 20  # per case
DEFAULT_CONCURRENCY = 8

_INPUT_PREFIXES = {"inputs", "input"}
_EXPECTED_PREFIXES = {"expectedoutputs", "expected_outputs", "expected", "outputs", "output"}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


# -- mapping --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnRule:
    """What one column becomes. `key` is a dotted path inside inputs or expected outputs ("user.name" nests);
    an empty key means the cell is the whole object (Gentrace's own `inputs` / `expectedOutputs` columns)."""

    column: str
    role: Role
    key: str = ""
    type: ValueType = "text"


JSON_MARK = " (JSON)"  # a heading ending in this types its column JSON: how an export keeps 12 a number


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


def holds_json(cells: Iterable[str]) -> bool:
    """Cells that are JSON written out, as an export writes a column of objects, lists or quoted text: every
    non-empty cell parses as JSON and at least one is an object, a list or a quoted string. A column of plain
    numbers or true/false is not taken for JSON: in a spreadsheet those stay text unless the person says so."""
    marked = False
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        if text[0] in '{["':
            marked = True
        try:
            json.loads(text)
        except ValueError:
            return False
    return marked


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
            "cases are elsewhere, choose their sheet or heading row above before importing."
        )
    return None


# -- checking -------------------------------------------------------------------------------------------------------


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


@dataclass
class ImportPlan:
    """What a file would do to a dataset. `cases` are to be sent; every other row is accounted for below."""

    table: Table  # what it was made from
    cases: list[PlannedCase]
    problems: list[Problem]
    repeated: dict[int, int]  # row → the earlier row of the file it repeats
    already_there: list[int]  # rows whose case the dataset already has

    @property
    def total_rows(self) -> int:
        return len(self.table.rows)

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems})


_NOT_TEXT = "holds a character that is not text (half of a surrogate pair, such as \\ud800)"
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # a NUL as canonical JSON writes it, not an escaped backslash
_BODY_OVERHEAD = 128  # what a request adds to the canonical text: the dataset id and the key names
_standard_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8. orjson does it ~10× faster than the standard library (it is the hot spot of
    checking 100,000 rows); the standard library takes what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return _standard_canonical(value).encode()


def fingerprint(name: str, inputs: Mapping[str, Any], expected_outputs: Mapping[str, Any] | None) -> str:
    """A hash of the case's canonical JSON: the same case always gives the same text, key order and all. A case
    from the API may hold half a surrogate pair (JSON can write one): it still gets a fingerprint of its own."""
    value = [name, inputs, expected_outputs or {}]
    try:
        encoded = canonical_json(value)
    except UnicodeEncodeError:
        encoded = _standard_canonical(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def fingerprints_of(cases: Iterable[TestCase]) -> set[str]:
    """The fingerprints of cases already in a dataset. A file's names are trimmed when read, so a case whose name has
    spaces around it is also known by its trimmed name: its own export, imported back, is "already there"."""
    prints = set()
    for case in cases:
        prints.add(fingerprint(case.name, case.inputs, case.expected_outputs))
        if case.name != case.name.strip():
            prints.add(fingerprint(case.name.strip(), case.inputs, case.expected_outputs))
    return prints


class _CellError(ValueError):
    pass


def _number(text: str) -> int | float:
    cleaned = text.strip().replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        raise _CellError(f"“{text}” is not a number") from None
    if not math.isfinite(value):
        raise _CellError(f"“{text}” is not a finite number")
    return value


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _CellError(f"“{text}” is not true or false (use true/false, yes/no or 1/0)")


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


_CONVERT: Mapping[ValueType, Callable[[str], Any]] = {"number": _number, "boolean": _boolean, "json": _json}


def _put(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for part in path[:-1]:
        inner = target.setdefault(part, {})
        if not isinstance(inner, dict):
            raise _CellError(f"“{'.'.join(path)}” clashes with the value already given to “{part}”")
        target = inner
    if path[-1] in target and isinstance(target[path[-1]], dict) and not isinstance(value, dict):
        raise _CellError(f"“{'.'.join(path)}” clashes with keys nested under it")
    target[path[-1]] = value


def name_from_pattern(pattern: str, row: int) -> str:
    return (pattern or DEFAULT_NAME_PATTERN).replace("{n}", str(row)).strip()


class RowMapper:
    """Turns one row of the table into (inputs, expected outputs, problems) by the column rules.

    This is the hot loop of a 100,000-row check: text cells under a one-level key (the usual spreadsheet) are done in
    one dict comprehension, and spreadsheet cells (always text) skip the type tests that JSON cells need."""

    def __init__(self, table: Table, rules: Sequence[ColumnRule]) -> None:
        self.table = table
        self.general: list[tuple[int, str, bool, tuple[str, ...], Callable[[str], Any] | None]] = []
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
                self.general.append((index, rule.column, rule.role == "input", path, _CONVERT.get(rule.type)))
        self.name_heading = rules[self.name_column].column if self.name_column is not None else None

    def build(self, cells: Sequence[Any]) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
        inputs = {key: cells[c] for c, key in self.plain_inputs if cells[c] and not cells[c].isspace()}
        expected = {key: cells[c] for c, key in self.plain_expected if cells[c] and not cells[c].isspace()}
        problems: list[tuple[str, str]] = []
        typed = self.table.typed
        for column, heading, is_input, path, convert in self.general:
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
                if len(path) == 1 and path[0] not in target:
                    target[path[0]] = value
                elif path:
                    _put(target, path, value)
                elif isinstance(value, dict):
                    for key, inner in value.items():
                        _put(target, (key,), inner)
                else:
                    raise _CellError("this column holds a whole object, but the cell is not one: give it a key")
            except _CellError as error:
                problems.append((heading, str(error)))
        return inputs, expected, problems


@gc_paused
def plan_import(
    table: Table,
    rules: Sequence[ColumnRule],
    existing: set[str] | frozenset[str] = frozenset(),
    name_pattern: str = DEFAULT_NAME_PATTERN,
) -> ImportPlan:
    """Checks every row of the file (not the first few) and says what each would become."""
    mapper = RowMapper(table, rules)
    name_column, name_heading = mapper.name_column, mapper.name_heading
    width = len(table.columns)
    cases: list[PlannedCase] = []
    problems: list[Problem] = []
    repeated: dict[int, int] = {}
    already: list[int] = []
    first_row_of: dict[str, int] = {}
    numbers, ragged, blake2b, build = table.row_numbers, table.ragged, hashlib.blake2b, mapper.build
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
        else:
            name = name_from_pattern(name_pattern, row)
        inputs, expected, cell_problems = build(cells)
        if cell_problems:
            found.extend(Problem(row, heading, message) for heading, message in cell_problems)
        elif not inputs:
            found.append(Problem(row, None, "has no inputs: every input cell is empty"))
        if found:
            problems.extend(found)
            continue
        try:
            encoded = canonical_json([name, inputs, expected])
        except UnicodeEncodeError:
            problems.append(Problem(row, None, _NOT_TEXT))
            continue
        if may_hold_nul and _NUL.search(encoded):
            problems.append(Problem(row, None, "holds a NUL character (\\0), which is not text"))
            continue
        print_ = blake2b(encoded, digest_size=16).hexdigest()
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
        cases.append(PlannedCase(index, row, name, print_, mapper))
    return ImportPlan(table, cases, problems, repeated, already)


# -- sending --------------------------------------------------------------------------------------------------------

Status = Literal["created", "already there", "failed", "unknown", "not sent"]


@dataclass(frozen=True)
class Outcome:
    status: Status
    error: str | None = None


@dataclass(frozen=True)
class Progress:
    state: Literal["running", "cancelling", "finished", "cancelled", "stopped"]
    total: int
    sent: int
    created: int
    already_there: int
    failed: int
    unknown: int
    seconds_left: float | None
    message: str | None  # why it stopped, when it did

    @property
    def done(self) -> bool:
        return self.state in ("finished", "cancelled", "stopped")


def import_concurrency(environ: Mapping[str, str] = os.environ) -> int:
    try:
        return max(1, min(64, int(environ.get("GENTRACE_IMPORT_CONCURRENCY") or DEFAULT_CONCURRENCY)))
    except ValueError:
        return DEFAULT_CONCURRENCY


class _Listing:
    """The dataset's fingerprints as last listed, shared by the workers: answers lost at about the same time are
    checked against one listing made after the last of them, not one listing each."""

    def __init__(self, client: GentraceClient, dataset_id: str) -> None:
        self.client, self.dataset_id = client, dataset_id
        self.lock = threading.Lock()
        self.listed_at = -math.inf
        self.prints: set[str] = set()

    def after(self, moment: float) -> set[str]:
        with self.lock:
            if self.listed_at < moment:
                started = time.monotonic()
                self.prints = fingerprints_of(self.client.list_test_cases(dataset_id=self.dataset_id))
                self.listed_at = started
            return self.prints


class ImportJob:
    """One import into one dataset, on worker threads that belong to the server, not to a page run."""

    def __init__(
        self,
        client: GentraceClient,
        dataset_id: str,
        cases: Sequence[PlannedCase],
        concurrency: int = DEFAULT_CONCURRENCY,
        label: str = "",
        source: Table | None = None,
        on_finish: Callable[["ImportJob"], None] | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.on_finish = on_finish  # called once on the import's thread after it ended (e.g. for the audit log)
        self.source = source  # the file's table, for the failed-rows download
        self.client, self.dataset_id, self.cases = client, dataset_id, list(cases)
        self.concurrency = max(1, concurrency)
        self.label = label
        self.outcomes: dict[int, Outcome] = {}  # position in `cases` → what happened
        self.started_at = time.monotonic()
        self.finished_at: float | None = None
        self._lock = threading.Lock()
        self._next = 0
        self._cancel = threading.Event()
        self._stop_message: str | None = None
        self._pause_until = 0.0
        self._finished = threading.Event()
        self._listing = _Listing(client, dataset_id)
        self._thread = threading.Thread(target=self._run, name=f"import-{self.id[:8]}", daemon=True)

    # -- control ----------------------------------------------------------------------------------------------

    def start(self) -> "ImportJob":
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Starts no new request; those in flight finish and are counted."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    def progress(self) -> Progress:
        with self._lock:
            counts = {status: 0 for status in ("created", "already there", "failed", "unknown", "not sent")}
            for outcome in self.outcomes.values():
                counts[outcome.status] += 1
            stop = self._stop_message
        total = len(self.cases)
        settled = counts["created"] + counts["already there"] + counts["failed"] + counts["unknown"]
        if self.finished_at is not None:
            state: Any = "stopped" if stop else "cancelled" if self._cancel.is_set() else "finished"
        else:
            state = "cancelling" if self._cancel.is_set() else "running"
        elapsed = time.monotonic() - self.started_at
        left = (elapsed / settled) * (total - settled) if settled and state == "running" else None
        return Progress(
            state,
            total,
            settled,
            counts["created"],
            counts["already there"],
            counts["failed"],
            counts["unknown"],
            left,
            stop,
        )

    def failed_cases(self) -> list[tuple[PlannedCase, Outcome]]:
        """Cases that did not make it (failed, unknown, or never sent), with why."""
        with self._lock:
            return [
                (case, self.outcomes.get(position, Outcome("not sent", "not sent: the import was stopped")))
                for position, case in enumerate(self.cases)
                if self.outcomes.get(position, Outcome("not sent")).status in ("failed", "unknown", "not sent")
            ]

    # -- the work ---------------------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            try:
                there = self._listing.after(self.started_at)
            except GentraceError as error:
                self._stop(f"The dataset's test cases could not be read, so nothing was sent. {error.message}")
                return
            with self._lock:
                for position, case in enumerate(self.cases):
                    if case.fingerprint in there:
                        self.outcomes[position] = Outcome("already there")
            workers = [
                threading.Thread(target=self._work, name=f"import-{self.id[:8]}-{n}", daemon=True)
                for n in range(min(self.concurrency, len(self.cases)) or 1)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        except Exception:  # a bug must still end the import and say so
            log.exception("import %s failed unexpectedly", self.id)
            self._stop("The import stopped because of an unexpected problem in the app.")
        finally:
            self.finished_at = time.monotonic()  # from here on, progress() says it has ended
            if self.on_finish is not None:
                try:
                    self.on_finish(self)
                except Exception:  # a failing hook must not look like a failed import
                    log.exception("after import %s", self.id)
            self._finished.set()  # wait() returns once on_finish is done too

    def _stop(self, message: str) -> None:
        with self._lock:
            if self._stop_message is None:
                self._stop_message = message
        self._cancel.set()

    def _take(self) -> int | None:
        with self._lock:
            while self._next < len(self.cases):
                position = self._next
                self._next += 1
                if position not in self.outcomes:
                    return position
            return None

    def _record(self, position: int, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes[position] = outcome

    def _wait_for_pause(self) -> None:
        while not self._cancel.is_set():
            with self._lock:
                wait = self._pause_until - time.monotonic()
            if wait <= 0:
                return
            self._cancel.wait(min(wait, 0.25))

    def _work(self) -> None:
        while not self._cancel.is_set():
            position = self._take()
            if position is None:
                return
            self._record(position, self._send(self.cases[position]))

    def _send(self, case: PlannedCase) -> Outcome:
        sends = waits = 0
        while True:
            self._wait_for_pause()
            if self._cancel.is_set() and sends == 0:
                return Outcome("not sent", "not sent: the import was cancelled")
            sends += 1
            try:
                inputs, expected = case.content
                self.client.create_test_case(self.dataset_id, case.name, inputs, expected)
                return Outcome("created")
            except RateLimited as error:
                sends -= 1
                waits += 1
                with self._lock:
                    self._pause_until = max(self._pause_until, time.monotonic() + (error.retry_after or 1.0))
                if waits > MAX_RATE_LIMIT_WAITS:
                    return Outcome("failed", error.message)
            except InvalidApiKey as error:
                self._stop(error.message)
                return Outcome("failed", error.message)
            except GentraceError as error:
                lost_at = time.monotonic()
                backoff = RESEND_BACKOFF_SECONDS * 2 ** (sends - 1)
                if not error.may_have_acted:
                    if isinstance(error, CannotConnect) and sends < MAX_SEND_ATTEMPTS:  # never reached it: resend
                        self._cancel.wait(backoff)
                        continue
                    said = f" {error.server_message}" if error.server_message else ""
                    return Outcome("failed", f"{error.message}{said}".strip())
                # Only a listing begun after the answer was lost can show what the request did: one begun after it
                # was sent may have been read before the server saved the case (seen here: one case created twice
                # under load). The wait first gives a server still working on it a moment more.
                self._cancel.wait(backoff)
                try:
                    there = self._listing.after(lost_at)
                except GentraceError:
                    return Outcome(
                        "unknown", f"unknown: check before retrying ({error.message} and the check failed too)"
                    )
                if case.fingerprint in there:
                    return Outcome("created")
                if sends >= MAX_SEND_ATTEMPTS:
                    return Outcome("failed", f"{error.message} (tried {sends} times; it is not in the dataset)")


class ImportAlreadyRunning(RuntimeError):
    pass


class ImportRegistry:
    """Every import of this server process, by dataset: what a reloaded tab finds, and what refuses a second
    import into a dataset while one runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_dataset: dict[str, ImportJob] = {}
        self._by_id: dict[str, ImportJob] = {}

    def start(
        self,
        client: GentraceClient,
        dataset_id: str,
        cases: Sequence[PlannedCase],
        concurrency: int,
        label: str = "",
        source: Table | None = None,
        on_finish: Callable[[ImportJob], None] | None = None,
    ) -> ImportJob:
        with self._lock:
            current = self._by_dataset.get(dataset_id)
            if current is not None and current.running:
                raise ImportAlreadyRunning(
                    f"An import into this dataset is already running ({current.label or 'another file'}). "
                    "Wait for it to finish, or cancel it, before starting another."
                )
            job = ImportJob(client, dataset_id, cases, concurrency, label, source, on_finish)
            if current is not None:  # only the latest import per dataset is kept: each holds its file's rows
                self._by_id.pop(current.id, None)
            self._by_dataset[dataset_id] = job
            self._by_id[job.id] = job
        return job.start()

    def latest(self, dataset_id: str) -> ImportJob | None:
        with self._lock:
            return self._by_dataset.get(dataset_id)

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._by_id.get(job_id)


def pattern_problem(pattern: str) -> str | None:
    if not pattern.strip():
        return "Give a pattern for the names, such as “Row {n}”."
    if "{n}" not in pattern:
        return "Put {n} in the pattern, where the row number goes, so every name is different."
    return None

"""A file read into rows: the table, the settings it was read with, the limits that bound reading, and the error
that says in plain words why a file cannot be read. Shared by every reader (importing.read, importing.workbook).
"""

import functools
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from services.importing.xlsx_bounds import MAX_COLUMNS

Kind = Literal["csv", "xlsx", "jsonl", "json"]


class UnreadableFile(ValueError):
    """The file cannot become rows; the message says why in plain words and what to do."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 100_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Limits":
        """`STUDIO_IMPORT_MAX_MB` and `STUDIO_IMPORT_MAX_ROWS` override the defaults."""
        try:
            megabytes = float(environ.get("STUDIO_IMPORT_MAX_MB") or 50)
            rows = int(environ.get("STUDIO_IMPORT_MAX_ROWS") or 100_000)
        except ValueError:
            return cls()
        return cls(max_bytes=int(megabytes * 1024 * 1024), max_rows=rows)

    @property
    def megabytes(self) -> str:
        return f"{self.max_bytes / 1024 / 1024:g} MB"


@dataclass(frozen=True)
class ReadSettings:
    kind: Kind
    delimiter: str = ","
    encoding: str = "utf-8"
    sheet: str | None = None  # None: the sheet that looks most like a table of test cases
    header_row: int | None = 1  # the row (1 = first) that holds the column headings; None: guess it


@dataclass(frozen=True)
class Table:
    """Rows as read. `row_numbers[i]` is the number a person sees for `rows[i]` (a spreadsheet's row number, or a
    JSONL line number); `ragged` maps a row index to its cell count when that differs from the headings'."""

    settings: ReadSettings
    columns: tuple[str, ...]
    rows: "Sequence[list[Any]]"
    row_numbers: list[int]
    ragged: dict[int, int] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    typed: bool = False  # JSON/JSONL: cells keep their JSON types
    guessed: str = ""  # what was guessed about the sheet and the headings, and why, in words
    row_problems: dict[int, str] = field(default_factory=dict)  # row index → what the reader found wrong in it
    may_hold_nul: bool = False  # some cell may hold a NUL character, which is not text


SEPARATOR = "\x00"

F = TypeVar("F", bound=Callable[..., Any])


def gc_paused(function: F) -> F:
    """Runs `function` with Python's cycle collector paused. Reading or checking 100,000 rows makes hundreds of
    thousands of objects that hold no cycles; in a process with Streamlit's heap, the collections they trigger cost
    more than the work. Only the outermost call re-enables it."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused  # type: ignore[return-value]


class PackedRows(Sequence[list[str]]):
    """Rows of text cells, each kept as one string (cells joined by NUL) and split when read.

    A cell as its own Python string costs about 57 bytes beyond its text; for a 25 MB CSV of 100,000 rows by 10
    columns that made the table alone 4-5 times the file. Packed, it is a little over the file's size. Files whose
    cells contain NUL themselves are kept as plain lists."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [line.split(SEPARATOR) for line in self._lines[index]]
        return self._lines[index].split(SEPARATOR)

    def __iter__(self) -> Iterator[list[str]]:
        for line in self._lines:
            yield line.split(SEPARATOR)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def check_size(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise UnreadableFile(
            f"The file has more than {limits.max_rows:,} rows, the limit. "
            "Split it into smaller files and import them one after another."
        )
    if columns > MAX_COLUMNS:
        raise UnreadableFile(
            f"The file has {columns:,} columns; the limit is {MAX_COLUMNS:,}. Keep the columns that hold the test "
            "cases and upload it again."
        )


def unique_headings(raw: list[str]) -> tuple[str, ...]:
    """Blank headings get a name, repeated ones a suffix, so every column can be mapped on its own."""
    seen: dict[str, int] = {}
    out = []
    for index, heading in enumerate(raw, start=1):
        name = heading.strip() or f"Column {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return tuple(out)

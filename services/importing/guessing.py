"""Guesses of how a file is meant to be read: encoding, delimiter, Excel's `sep=` line, which row holds the headings
and which sheet holds the test cases. Each guess is shown to the person, who can change it.
"""

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import charset_normalizer

from services.importing.headings import recognised

DELIMITERS: Mapping[str, str] = {",": "Comma", ";": "Semicolon", "\t": "Tab", "|": "Pipe"}
ENCODINGS: Mapping[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
HEADER_SEARCH_ROWS = 30  # the headings are looked for this far down
_SEP_LINE = re.compile(r"\ufeff?sep=(.)[ \t]*\r?(\n|$)")


def guess_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and len(data) > 3:  # only a character cut off at the very end
            return "utf-8"
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=["utf_16", "cp1252"]).best()
    if best is not None and best.encoding.replace("_", "-") in ENCODINGS:
        return best.encoding.replace("_", "-")
    return "cp1252"


def sep_line(text: str) -> str | None:
    """The delimiter named by Excel's first line `sep=;`, which Excel honours and does not show as a row."""
    match = _SEP_LINE.match(text)
    return match.group(1) if match else None


def guess_delimiter(sample: str, default: str = ",") -> str:
    if (named := sep_line(sample)) is not None:
        return named
    sample = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else default


def _width(row: Sequence[str]) -> int:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return end


def _filled(row: Sequence[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def header_index(rows: Sequence[Sequence[str]]) -> int:
    """Which of the first rows holds the headings (0 = the first): the first row that is mostly filled and whose
    next rows are no wider, so a title line or notes above a table are skipped. A one-column table, or rows that
    fit no such shape, keep their first non-blank row."""
    rows = rows[:HEADER_SEARCH_ROWS]
    widest = max((_width(row) for row in rows), default=0)
    first_filled = next((index for index, row in enumerate(rows) if _filled(row)), 0)
    for index, row in enumerate(rows):
        filled, width = _filled(row), _width(row)
        if filled < 2 or filled * 2 < widest:
            continue
        following = [other for other in rows[index + 1 : index + 4] if _filled(other)]
        if following and all(_width(other) <= width for other in following):
            return index
    return first_filled


@dataclass(frozen=True)
class SheetGuess:
    score: float
    reason: str


def sheet_guess(rows: Sequence[Sequence[str]]) -> SheetGuess:
    """How much a sheet looks like a table of test cases: headings that name inputs, answers or names, and rows
    under them of the same width. Notes (one filled column, or few rows) score low."""
    start = header_index(rows)
    headings = [cell for cell in rows[start] if cell.strip()] if rows else []
    body = [row for row in rows[start + 1 : start + 201] if _filled(row)]
    if not headings or not body:
        return SheetGuess(0.0, "it has no rows under a row of headings")
    known = sum(1 for heading in headings if recognised(heading))
    same_width = sum(1 for row in body if _width(row) <= len(rows[start]) and _filled(row) >= 1) / len(body)
    score = known * 2 + min(len(headings), 10) * same_width + min(len(body), 50) / 50
    if known:
        listed = ", ".join(f"“{heading}”" for heading in headings if recognised(heading))
        return SheetGuess(score, f"its headings ({listed[:120]}) name parts of test cases")
    return SheetGuess(score, "it looks most like a table")

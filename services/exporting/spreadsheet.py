"""Files the studio hands out that a spreadsheet opens safely: no cell ever runs as a formula.

CSV (OWASP's rule against "CSV injection"): a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is written with an apostrophe in front, so Excel, LibreOffice and Google Sheets show it as text. A plain
number (`-7`, `+1.5e3`) is not a formula and is written as it is. So that the studio's own export imports back into
exactly the same cases, the import undoes the rule (`unprotect`): a CSV cell that starts with an apostrophe followed
by one of those marks loses that one apostrophe. Text that itself starts with apostrophes before such a mark gets
one more, so it too comes back as it was.

XLSX (XlsxWriter): every text cell is written as a string, which a spreadsheet never evaluates, so it needs no
apostrophe; numbers and true/false are typed cells. The heading row is bold and frozen, the columns wide enough to
read. XlsxWriter rather than openpyxl: it only writes, streams rows to disk in `constant_memory` mode and is several
times faster for the same sheet.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter

Cell = str | int | float | bool | None

RISKY_MARKS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
EXCEL_CELL_LIMIT = 32_767  # characters in one cell
_WIDTH_SAMPLE = 200  # rows looked at to size the columns
_MAX_WIDTH = 60


def _risky(text: str) -> bool:
    core = text.lstrip("'")
    return core.startswith(RISKY_MARKS) and not _PLAIN_NUMBER.fullmatch(core)


def protect(text: str) -> str:
    """The cell as written to a CSV: an apostrophe in front of anything a spreadsheet would run."""
    return "'" + text if _risky(text) else text


def unprotect(text: str) -> str:
    """A CSV cell as the studio wrote it → its text: the inverse of `protect`."""
    return text[1:] if text.startswith("'") and _risky(text) else text


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (so Excel shows every character) and CRLF line ends; every text cell protected."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([protect(heading) for heading in headings])
    writer.writerows([protect(cell) if isinstance(cell, str) else cell for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8", "backslashreplace")


class CellTooLong(ValueError):
    """A text longer than an Excel cell can hold; the message says where and what to download instead."""


def xlsx_bytes(headings: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str = "Test cases") -> bytes:
    """One sheet: the headings bold and frozen, text as text, numbers and true/false typed, None left empty."""
    with tempfile.TemporaryDirectory() as scratch:
        out = io.BytesIO()
        options = {"in_memory": False, "tmpdir": scratch, "constant_memory": True, "strings_to_formulas": False}
        book = xlsxwriter.Workbook(out, {**options, "strings_to_numbers": False, "strings_to_urls": False})
        bold = book.add_format({"bold": True})
        worksheet = book.add_worksheet(sheet)
        worksheet.freeze_panes(1, 0)
        widths = [min(max(len(heading), 8), _MAX_WIDTH) for heading in headings]
        for column, heading in enumerate(headings):
            worksheet.write_string(0, column, heading, bold)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write(worksheet, number, column, value, headings)
                if number <= _WIDTH_SAMPLE and isinstance(value, str):
                    widths[column] = min(max(widths[column], len(value.split("\n", 1)[0]) + 2), _MAX_WIDTH)
        for column, width in enumerate(widths):  # the column widths are written when the book closes
            worksheet.set_column(column, column, width)
        book.close()
        return out.getvalue()


def _write(
    worksheet: "xlsxwriter.worksheet.Worksheet", row: int, column: int, value: Cell, headings: Sequence[str]
) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        worksheet.write_number(row, column, value)
    else:
        if len(value) > EXCEL_CELL_LIMIT:
            raise CellTooLong(
                f"Row {row + 1}, column “{headings[column]}” holds {len(value):,} characters; an Excel cell holds at "
                f"most {EXCEL_CELL_LIMIT:,}. Download CSV or JSONL instead: they keep every character."
            )
        worksheet.write_string(row, column, value)

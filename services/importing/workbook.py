"""An .xlsx workbook → a table of text cells, each cell as the person sees it in Excel.

Every sheet is measured in the zip (services.xlsx_bounds) before python-calamine unpacks it, and, with no sheet
chosen, the one that looks most like a table of test cases is read (services.guessing).
"""

import datetime as dt
import io
import zipfile
from dataclasses import replace
from typing import Any

import python_calamine

from services.importing.guessing import header_index, sheet_guess
from services.importing.table import Limits, ReadSettings, Table, UnreadableFile, check_size, unique_headings
from services.importing.xlsx_bounds import TooLarge, check_members, measure_sheet, sheet_members

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
_DAMAGED = (
    "This file could not be opened as an Excel workbook: it may be damaged, or not really an .xlsx file. "
    "Open it in Excel, save it as .xlsx, and upload it again."
)


class _Workbook:
    """A workbook whose sheets are measured in the zip before python-calamine unpacks any of them."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            check_members(self.archive, len(data))
            self.members = sheet_members(self.archive)
            self.calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            self.sheets = tuple(self.calamine.sheet_names)
        except TooLarge as error:
            raise UnreadableFile(f"This workbook is too large to read safely: {error}.") from None
        except python_calamine.PasswordError:
            raise UnreadableFile(
                "This workbook is password-protected. Remove the password in Excel and upload it again."
            ) from None
        except (python_calamine.CalamineError, zipfile.BadZipFile, ValueError, OSError, KeyError):
            raise UnreadableFile(_DAMAGED) from None
        if not self.sheets:
            raise UnreadableFile("The workbook has no sheets.")

    def rows(self, sheet: str) -> list[list[str]]:
        """The sheet's cells as text, from A1; `TooLarge` when the sheet is past the limits."""
        member = self.members.get(sheet)
        if member is None:
            raise UnreadableFile(f"The sheet “{sheet}” holds no cells the studio can read (a chart sheet?).")
        try:
            measure_sheet(self.archive, member, sheet, self.limits.max_rows)
            cells = self.calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except (python_calamine.CalamineError, zipfile.BadZipFile, ValueError, OSError) as error:
            if isinstance(error, TooLarge):
                raise
            raise UnreadableFile(_DAMAGED) from None
        return [[_cell_text(value) for value in row] for row in cells]

    def likeliest(self) -> tuple[str, list[list[str]], str]:
        """The sheet that looks most like a table of test cases, its rows, and why it was taken."""
        best: tuple[float, str, list[list[str]], str] | None = None
        for sheet in self.sheets:
            try:
                rows = self.rows(sheet)
            except (TooLarge, UnreadableFile):
                continue  # not a candidate; choosing it by hand says why
            guess = sheet_guess(rows)
            if best is None or guess.score > best[0]:
                best = (guess.score, sheet, rows, guess.reason)
        if best is None:
            return self.sheets[0], self.rows(self.sheets[0]), ""
        return best[1], best[2], best[3]


def read_xlsx(data: bytes, settings: ReadSettings, limits: Limits) -> Table:
    if data.startswith(OLE):
        raise UnreadableFile(
            "This workbook is password-protected (or an old .xls file). Remove the password in Excel, "
            "save it as .xlsx and upload it again."
        )
    workbook = _Workbook(data, limits)
    guessed: list[str] = []
    try:
        if settings.sheet in workbook.sheets:
            sheet, text_rows = settings.sheet, workbook.rows(settings.sheet)
        else:
            sheet, text_rows, why = workbook.likeliest()
            if len(workbook.sheets) > 1:
                guessed.append(f"Read the sheet “{sheet}” of {len(workbook.sheets)}" + (f": {why}." if why else "."))
    except TooLarge as error:
        raise UnreadableFile(f"This workbook is too large to read safely: {error}.") from None
    if settings.header_row is None:
        skip = header_index(text_rows)
        if skip:
            guessed.append(f"The headings are in row {skip + 1}; the rows above them were skipped.")
    else:
        skip = max(settings.header_row, 1) - 1
    body = text_rows[skip:]
    while body and not any(cell.strip() for cell in body[0]):
        body, skip = body[1:], skip + 1
    if not body:
        raise UnreadableFile(f"The sheet “{sheet}” is empty: there is nothing to import.")
    columns = unique_headings(_trim_right(body[0]))
    check_size(0, len(columns), limits)
    width = len(columns)
    rows, numbers = [], []
    for offset, row in enumerate(body[1:]):
        if not any(cell.strip() for cell in row):
            continue
        rows.append((row + [""] * width)[:width])
        numbers.append(skip + 2 + offset)
    used = replace(settings, sheet=sheet, header_row=skip + 1)
    nul = any("\x00" in cell for row in rows for cell in row)
    return Table(used, columns, rows, numbers, sheets=workbook.sheets, guessed=" ".join(guessed), may_hold_nul=nul)


def _trim_right(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _cell_text(value: Any) -> str:
    """A cell as the person sees it in Excel: 12 not 12.0, a date as 2024-03-01, TRUE as true."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else str(value.date())
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)

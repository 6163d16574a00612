"""How big an .xlsx workbook really is, found before anything decompresses it whole.

A workbook is a zip of XML. Its declared sizes (the zip's uncompressed sizes, a sheet's `<dimension>`) can lie, and
a reader that trusts the cells allocates a grid as wide and tall as the farthest cell: one cell at XFD1048576 made
python-calamine ask for 512 GB and abort the whole process. So the zip's members are checked against the file's own
size, and each sheet's XML is streamed (never held whole) to find its farthest row and column, stopping as soon as a
limit is passed.
"""

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_COLUMNS = 1_000
MAX_CELLS = 20_000_000  # rows × columns of one sheet's grid: about 640 MB in the reader, bounded by the child anyway
MEMBER_RATIO = 100  # a member may unpack to 100 × the file's size (XML packs about 10-20 ×)
MEMBER_FLOOR = 32 * 1024 * 1024  # ... and a small file to this much
MAX_HEADER_ROWS = 1_000  # rows a sheet may have above its headings, on top of the row limit
_CHUNK = 1 << 20

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)\b([^>]*)>")
_REF = re.compile(rb"""\b(?:r|ref)\s*=\s*["']\$?([A-Za-z]{0,3})\$?(\d*)(?::\$?([A-Za-z]{0,3})\$?(\d*))?["']""")
_SHEET = re.compile(r"<(?:\w+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")


class TooLarge(ValueError):
    """The workbook, or one of its sheets, is beyond what may be read; the message says which limit, in words."""


@dataclass(frozen=True)
class SheetSize:
    rows: int
    columns: int


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def check_members(archive: zipfile.ZipFile, file_size: int) -> None:
    """Refuses a member, or a whole, that would unpack far beyond the file's size (a zip bomb)."""
    ceiling = max(MEMBER_RATIO * file_size, MEMBER_FLOOR)
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if member.file_size > ceiling:
            raise TooLarge(
                f"part “{member.filename}” of the workbook would unpack to {member.file_size / 1e6:,.0f} MB, "
                f"more than {MEMBER_RATIO} times the file's size"
            )
    if total > 2 * ceiling:
        raise TooLarge(f"the workbook would unpack to {total / 1e6:,.0f} MB, far more than its size suggests")


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its cells, from the workbook's own index."""
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for match in _RELATIONSHIP.finditer(relations):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        target = attributes.get("Target", "").lstrip("/")
        targets[attributes.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"
    members = {}
    for match in _SHEET.finditer(workbook):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        relation = next((value for key, value in attributes.items() if key.endswith(":id")), "")
        member = targets.get(relation, "")
        if member in names:
            members[html.unescape(attributes.get("name", ""))] = member
    return members


def _tags(stream: Iterator[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """(tag name, attributes) of every row, cell and dimension tag, read a chunk at a time."""
    tail = b""
    for chunk in stream:
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        if cut == -1 or buffer.find(b">", cut) != -1:
            cut = len(buffer)
        for match in _TAG.finditer(buffer, 0, cut):
            yield match.group(1), match.group(2)
        tail = buffer[cut:]
        if len(tail) > _CHUNK:  # a tag that never ends: not a sheet any reader should go on with
            raise TooLarge("a sheet holds a tag longer than a megabyte")
    for match in _TAG.finditer(tail):
        yield match.group(1), match.group(2)


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def measure_sheet(archive: zipfile.ZipFile, member: str, name: str, max_rows: int) -> SheetSize:
    """The sheet's farthest row and column, declared or written; stops at the first one past the limits."""
    row_limit = max_rows + MAX_HEADER_ROWS
    row = column = farthest_row = farthest_column = 0
    for tag, attributes in _tags(_chunks(archive, member)):
        reference = _REF.search(attributes)
        if tag == b"row":
            row = int(reference.group(2)) if reference and reference.group(2) else row + 1
            column = 0
        elif tag == b"c":
            if reference and reference.group(1):
                column = column_number(reference.group(1))
                row = int(reference.group(2)) if reference.group(2) else row
            else:
                column += 1
        elif reference is not None:  # the declared dimension, e.g. A1:D120
            last_row = reference.group(4) or reference.group(2)
            farthest_row = max(farthest_row, int(last_row or 0))
            farthest_column = max(farthest_column, column_number(reference.group(3) or reference.group(1)))
        farthest_row, farthest_column = max(farthest_row, row), max(farthest_column, column)
        if farthest_column > MAX_COLUMNS:
            raise TooLarge(
                f"the sheet “{name}” reaches column {farthest_column:,}; a sheet can have at most {MAX_COLUMNS:,} "
                "columns"
            )
        if farthest_row > row_limit:
            raise TooLarge(f"the sheet “{name}” reaches row {farthest_row:,}; the limit is {max_rows:,} rows")
        if farthest_row * farthest_column > MAX_CELLS:
            raise TooLarge(f"the sheet “{name}” spans more than {MAX_CELLS:,} cells")
    return SheetSize(farthest_row, farthest_column)

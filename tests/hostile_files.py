"""Builders of hostile and odd files, made in the test (never committed as binaries)."""

import io
import itertools
import zipfile
from collections.abc import Iterable, Sequence

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b"%s</Types>"
)
_SHEET_TYPE = (
    b'<Override PartName="/xl/worksheets/sheet%d.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def cell(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def sheet_xml(rows: Iterable[bytes], dimension: str | None = None) -> Iterable[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _NS + b">"
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def table_rows(rows: Sequence[Sequence[str]], first_row: int = 1) -> Iterable[bytes]:
    """<row> elements for text rows, A1 upwards."""
    for offset, values in enumerate(rows):
        number = first_row + offset
        cells = b"".join(cell(f"{chr(65 + i)}{number}", value) for i, value in enumerate(values) if value)
        yield f'<row r="{number}">'.encode() + cells + b"</row>"


def workbook(sheets: dict[str, Iterable[bytes]], level: int = 6) -> bytes:
    """An .xlsx whose sheets are the given XML pieces, streamed into the zip (a sheet may be gigabytes unpacked)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        overrides = b"".join(_SHEET_TYPE % n for n in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES % overrides)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        entries = b"".join(
            f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'.encode() for n, name in enumerate(sheets, 1)
        )
        archive.writestr(
            "xl/workbook.xml", b"<workbook " + _NS + b" " + _R_NS + b"><sheets>" + entries + b"</sheets></workbook>"
        )
        relations = b"".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{n}.xml"/>'.encode()
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + relations
            + b"</Relationships>",
        )
        for n, pieces in enumerate(sheets.values(), 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as member:
                for piece in pieces:
                    member.write(piece)
    return out.getvalue()


def simple_workbook(sheets: dict[str, Sequence[Sequence[str]]]) -> bytes:
    return workbook({name: sheet_xml(table_rows(rows)) for name, rows in sheets.items()})


def far_cell_workbook(reference: str) -> bytes:
    """A tiny workbook with headings and one cell far away (XFD1048576 made the reader ask for 512 GB)."""
    rows = [b'<row r="1">' + cell("A1", "name") + cell("B1", "question") + b"</row>"]
    row = "".join(ch for ch in reference if ch.isdigit())
    rows.append(f'<row r="{row}">'.encode() + cell(reference, "x") + b"</row>")
    return workbook({"Sheet1": sheet_xml(rows)})


def whitespace_bomb(megabytes: int) -> bytes:
    """A valid workbook whose sheet XML carries `megabytes` MB of whitespace: a few hundred KB packed."""
    block = b" " * (1 << 20)
    rows = list(table_rows([["name", "question"], ["A", "x"]]))
    return workbook({"Sheet1": sheet_xml([rows[0], *(block for _ in range(megabytes)), rows[1]])}, level=9)


def many_rows_workbook(rows: int) -> bytes:
    body = (
        f'<row r="{n}">'.encode() + cell(f"A{n}", f"r{n}") + cell(f"B{n}", "x") + b"</row>" for n in range(2, rows + 2)
    )
    return workbook({"Sheet1": sheet_xml(itertools.chain(table_rows([["name", "question"]]), body))})

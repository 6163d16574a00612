"""What hostile workbooks cost the server's process now that uploads are read in a bounded child: its memory before
and after each is refused (as a ratio to the file's size), and the time to the message against reading a normal
file of the same size."""

import io
import os
import re
import time
import zipfile
from collections.abc import Iterator

import openpyxl

from bench.measure import Row, memory_kib


def _workbook_with_sheet(body: Iterator[bytes]) -> bytes:
    """A valid workbook (made by openpyxl) whose sheet's rows are replaced by `body`, streamed into the zip."""
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = "name", "question"
    made = io.BytesIO()
    book.save(made)
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, content)
                continue
            head, _, tail = re.sub(rb"<dimension[^>]*/>", b"", content).partition(b"</sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as member:
                member.write(head)
                for piece in body:
                    member.write(piece)
                member.write(b"</sheetData>" + tail)
    return out.getvalue()


def whitespace_bomb(megabytes: int) -> bytes:
    block = b" " * (1 << 20)
    return _workbook_with_sheet(block for _ in range(megabytes))


def million_rows() -> bytes:
    return _workbook_with_sheet(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>r</t></is></c></row>' % (n, n) for n in range(2, 1_000_002)
    )


def _refused(name: str, data: bytes) -> tuple[float, int]:
    """Seconds to the message, and KiB the server's process kept afterwards."""
    from services.importing.bounded_read import read_upload
    from services.importing.table import UnreadableFile

    before = memory_kib(os.getpid())["VmRSS"]
    started = time.perf_counter()
    try:
        read_upload(name, data)
    except UnreadableFile:
        pass
    else:
        raise AssertionError(f"{name} was read")
    return time.perf_counter() - started, memory_kib(os.getpid())["VmRSS"] - before


def bench_hostile() -> list[Row]:
    from services.importing.bounded_read import read_upload

    rows = []
    for label, data in (("2 GB of whitespace", whitespace_bomb(2048)), ("1,000,000 rows", million_rows())):
        seconds, kept_kib = _refused("hostile.xlsx", data)
        normal = io.BytesIO()
        book = openpyxl.Workbook()
        for n in range(max(2, len(data) // 40)):  # about the same size packed
            book.active.append([f"case {n}", f"question {n} " + "x" * (n % 17)])
            if n > 60_000:
                break
        book.save(normal)
        started = time.perf_counter()
        read_upload("normal.xlsx", normal.getvalue())
        normal_seconds = time.perf_counter() - started
        rows.append(
            Row(
                f"15. {label} in a {len(data) / 1e6:.1f} MB .xlsx: server memory kept after the refusal vs file size",
                f"{max(kept_kib, 0) / 1024:.1f} MiB",
                f"{len(data) / 1024 / 1024:.1f} MiB",
                max(kept_kib, 0) * 1024 / len(data),
                "≤ 2",
            )
        )
        rows.append(
            Row(
                f"15. {label}: time to the message vs reading a normal {len(normal.getvalue()) / 1e6:.1f} MB workbook",
                f"{seconds * 1000:.0f} ms",
                f"{normal_seconds * 1000:.0f} ms",
                seconds / normal_seconds,
                "≤ 2",
            )
        )
    return rows

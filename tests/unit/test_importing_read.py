"""Reading every format into rows of text, with the read settings guessed as a person would expect."""

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest

from services.importing.read import Limits, ReadSettings, UnreadableFile, guess_settings, read_table

CASES_CSV = 'name,question,expected_answer\r\nFirst,"Hello, world","He said ""hi""\nthen left"\r\nSecond,00123,true\r\n'


def read(filename: str, data: bytes, **overrides: object) -> tuple[ReadSettings, list[str], list[list[object]]]:
    settings = guess_settings(filename, data)
    if overrides:
        settings = ReadSettings(**{**settings.__dict__, **overrides})  # type: ignore[arg-type]
    table = read_table(data, settings)
    return table.settings, list(table.columns), table.rows


def test_quotes_commas_and_line_breaks_inside_cells_read_correctly() -> None:
    settings, columns, rows = read("cases.csv", CASES_CSV.encode())
    assert (settings.delimiter, settings.encoding) == (",", "utf-8")
    assert columns == ["name", "question", "expected_answer"]
    assert rows == [["First", "Hello, world", 'He said "hi"\nthen left'], ["Second", "00123", "true"]]


@pytest.mark.parametrize(
    ("delimiter", "filename"), [(";", "eu.csv"), ("\t", "cases.tsv"), ("|", "cases.txt"), ("\t", "x.csv")]
)
def test_the_delimiter_is_guessed(delimiter: str, filename: str) -> None:
    text = f"name{delimiter}question\r\nA{delimiter}1,5 kg\r\nB{delimiter}x, y\r\n"
    settings, columns, rows = read(filename, text.encode())
    assert settings.delimiter == delimiter
    assert columns == ["name", "question"]
    assert rows == [["A", "1,5 kg"], ["B", "x, y"]]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        ("name;question\nÄpfel;Grüße – “quoted”\n".encode(), "utf-8"),
        ("name;question\nÄpfel;Grüße – “quoted”\n".encode("utf-8-sig"), "utf-8-sig"),
        ("name;question\nÄpfel;Grüße – “quoted”\n".encode("utf-16"), "utf-16"),
        ("name;question\nÄpfel;Grüße – “quoted”\n".encode("cp1252"), "cp1252"),
    ],
)
def test_the_encoding_is_guessed_and_text_comes_back_intact(encoded: bytes, encoding: str) -> None:
    settings, columns, rows = read("export.csv", encoded)
    assert settings.encoding == encoding
    assert columns == ["name", "question"]
    assert rows == [["Äpfel", "Grüße – “quoted”"]]


def test_a_wrong_encoding_chosen_by_hand_is_explained() -> None:
    with pytest.raises(UnreadableFile, match="not valid UTF-8"):
        read("x.csv", "name\nÄ\n".encode("cp1252"), encoding="utf-8")


def test_header_row_can_be_moved_and_ragged_rows_are_marked() -> None:
    data = b"Exported by the ticket system\n\nname,question\nA,1\nB,2,3\nC\nD,4,,\n"
    table = read_table(data, ReadSettings("csv", header_row=3))
    assert table.columns == ("name", "question")
    assert [row[0] for row in table.rows] == ["A", "B", "C", "D"]
    assert table.row_numbers == [4, 5, 6, 7]
    assert table.ragged == {1: 3, 2: 1}, "B has a cell too many, C one too few; D's trailing empty cells are fine"


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_two_sheets_reads_the_chosen_one_with_numbers_and_dates_as_shown() -> None:
    data = workbook(
        ("Notes", [["just notes"]]),
        (
            "Cases",
            [
                ["name", "count", "ratio", "when", "flag", "code"],
                ["A", 12, 0.5, dt.datetime(2024, 3, 1), True, "00123"],
                [None, None, None, None, None, None],
                ["B", 3, 1.25, dt.datetime(2024, 3, 1, 14, 30), False, "007"],
            ],
        ),
    )
    settings = guess_settings("support.xlsx", data)
    first = read_table(data, settings)
    assert first.sheets == ("Notes", "Cases")
    assert first.settings.sheet == "Cases", "not chosen: the first sheet that has rows under its headings"
    with pytest.raises(UnreadableFile, match="no rows"):
        read_table(data, ReadSettings("xlsx", sheet="Notes"))
    table = read_table(data, ReadSettings("xlsx", sheet="Cases"))
    assert table.columns == ("name", "count", "ratio", "when", "flag", "code")
    assert table.rows == [
        ["A", "12", "0.5", "2024-03-01", "true", "00123"],
        ["B", "3", "1.25", "2024-03-01 14:30:00", "false", "007"],
    ]
    assert table.row_numbers == [2, 4]


def test_jsonl_with_nested_objects_keeps_json_types() -> None:
    lines = [
        {"name": "A", "inputs": {"user": {"name": "Ann", "age": 40}}, "expectedOutputs": {"ok": True}},
        {"name": "B", "inputs": {"q": "00123"}, "expectedOutputs": None},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n"
    table = read_table(data, guess_settings("cases.jsonl", data))
    assert table.typed
    assert table.columns == ("name", "inputs", "expectedOutputs")
    assert table.rows[0][1] == {"user": {"name": "Ann", "age": 40}}
    assert table.rows[1] == ["B", {"q": "00123"}, None]


def test_json_in_gentraces_list_shape_is_read() -> None:
    data = json.dumps({"data": [{"name": "A", "inputs": {"q": 1}}]}).encode()
    assert read_table(data, guess_settings("export.json", data)).rows == [["A", {"q": 1}]]


def zipped() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "words"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"  \n\n", "empty"),
        ("headings.csv", b"name,question\r\n", "no rows"),
        ("renamed.csv", zipped(), "zip archive or an Excel workbook"),
        ("binary.csv", b"name\x00\x01\x02\x03", "not a text file"),
        ("old.xls.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        ("corrupt.xlsx", b"PK\x03\x04 this is not really a workbook", "could not be opened as an Excel workbook"),
        ("notes.xlsx", b"name,question\nA,B\n", "could not be opened as an Excel workbook"),
        ("broken.jsonl", b'{"name": "A", "q": 1}\n{"name": "B", "q": \n{"name": "C"}\n', "Line 2 is not valid JSON"),
        ("scalar.jsonl", b'{"name": "A"}\n[1, 2]\n', "Line 2 is not a JSON object"),
        ("broken.json", b'[{"name": "A"},', "not valid JSON"),
        ("object.json", b'{"name": "A"}', "list of objects"),
        ("picture.png", b"\x89PNG", "Upload a .csv, .tsv, .txt, .xlsx, .jsonl or .json"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(filename: str, data: bytes, words: str) -> None:
    with pytest.raises(UnreadableFile, match=words.replace("(", r"\(").replace(".", r"\.")):
        read_table(data, guess_settings(filename, data))


def test_limits_name_themselves_and_can_be_set() -> None:
    data = b"name,q\n" + b"".join(b"r%d,x\n" % n for n in range(20))
    with pytest.raises(UnreadableFile, match="more than 10 rows, the limit"):
        read_table(data, guess_settings("x.csv", data), Limits(max_rows=10))
    with pytest.raises(UnreadableFile, match="the limit is 1 MB"):
        read_table(data + b"x" * 1024 * 1024, guess_settings("x.csv", data), Limits(max_bytes=1024 * 1024))
    limits = Limits.from_env({"STUDIO_IMPORT_MAX_MB": "5", "STUDIO_IMPORT_MAX_ROWS": "1000"})
    assert (limits.max_bytes, limits.max_rows, limits.megabytes) == (5 * 1024 * 1024, 1000, "5 MB")
    assert Limits.from_env({}) == Limits(max_bytes=50 * 1024 * 1024, max_rows=100_000)


def test_rows_are_kept_packed_and_a_cell_holding_nul_is_kept_intact() -> None:
    packed = read_table(b"name,q\r\nA,x\r\nB,y\r\n", ReadSettings("csv"))
    assert type(packed.rows).__name__ == "PackedRows"
    assert packed.rows[1] == ["B", "y"] and packed.rows[:1] == [["A", "x"]] and len(packed.rows) == 2
    filler = b"".join(b"row %d,text\r\n" % n for n in range(400))  # past the binary check of the first 4 KB
    table = read_table(b"name,q\r\n" + filler + b"odd,a\x00b\r\n", ReadSettings("csv"))
    assert table.rows[-1] == ["odd", "a\x00b"]
    assert table.rows[0] == ["row 0", "text"]
    assert len(table.rows) == 401

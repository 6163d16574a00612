"""Hostile files end as a plain message (or a problem of their row), never as a crash of the server's process."""

import json

import pytest
import responses

from services.gentrace.client import GentraceClient
from services.gentrace.errors import CannotConnect, RejectedInput
from services.importing.bounded_read import ChildLimits, read_upload, run_bounded
from services.importing.mapping import ColumnRule, default_rules
from services.importing.plan import plan_import
from services.importing.read import read_guessed
from services.importing.table import Limits, UnreadableFile
from tests.hostile_files import far_cell_workbook, many_rows_workbook, sheet_xml, simple_workbook, whitespace_bomb
from tests.hostile_files import workbook as raw_workbook

GOOD_CSV = b"name,question\r\nA,Can I get a refund?\r\n"


def still_reads_a_good_file() -> None:
    assert read_upload("good.csv", GOOD_CSV).rows == [["A", "Can I get a refund?"]]


def refused(filename: str, data: bytes, **kwargs: object) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_upload(filename, data, **kwargs)  # type: ignore[arg-type]
    still_reads_a_good_file()
    return str(caught.value)


@pytest.mark.parametrize("reference", ["XFD1048576", "Z1048576", "ALM2"])
def test_a_far_away_cell_is_refused_before_the_reader_allocates_its_grid(reference: str) -> None:
    data = far_cell_workbook(reference)
    assert len(data) < 4096
    message = refused("far.xlsx", data)
    assert message.startswith("This workbook is too large to read safely: the sheet “Sheet1” reaches")
    assert ("column 1,001" if reference == "ALM2" else "row 1,048,576") in message


def test_a_declared_dimension_past_the_limits_is_refused() -> None:
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>']
    data = raw_workbook({"Sheet1": sheet_xml(rows, dimension="A1:XFD1048576")})
    assert "reaches column 16,384" in refused("declared.xlsx", data)


def test_a_zip_bomb_is_refused_from_its_declared_size() -> None:
    data = whitespace_bomb(200)
    assert len(data) < 1_000_000
    message = refused("bomb.xlsx", data)
    assert "would unpack to 210 MB, more than 100 times the file's size" in message


def test_rows_past_the_limit_stop_the_read_at_the_limit() -> None:
    message = refused("many.xlsx", many_rows_workbook(5_000), limits=Limits(max_rows=100))
    assert "reaches row 1,101; the limit is 100 rows" in message
    csv = b"name,q\n" + b"".join(b"r%d,x\n" % n for n in range(5_000))
    assert "more than 100 rows" in refused("many.csv", csv, limits=Limits(max_rows=100))
    jsonl = b"".join(b'{"name": "r%d", "q": 1}\n' % n for n in range(5_000))
    assert "more than 100 rows" in refused("many.jsonl", jsonl, limits=Limits(max_rows=100))


def test_more_columns_than_the_limit_are_refused_with_the_limit_named() -> None:
    wide = ",".join(f"c{n}" for n in range(1_001)).encode() + b"\n" + b"x," * 1_000 + b"x\n"
    assert "1,001 columns; the limit is 1,000" in refused("wide.csv", wide)
    fits = ",".join(f"c{n}" for n in range(1_000)).encode() + b"\n" + b"x," * 999 + b"x\n"
    assert len(read_upload("fits.csv", fits).columns) == 1_000


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b'{"name": "A", "q": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "Line 1 nests objects or lists too deeply"),
        (b'{"name": "A", "q": ' + b"7" * 5_000 + b"}\n", "Line 1 holds a value that cannot be read"),
        (b'{"name": "A", "q": 1}\n{"name": \n', "Line 2 is not valid JSON"),
    ],
)
def test_jsonl_that_no_reader_can_hold_is_a_plain_message(content: bytes, said: str) -> None:
    assert said in refused("cases.jsonl", content)


def plan_of(filename: str, data: bytes, rules: list[ColumnRule] | None = None) -> dict[int, list[str]]:
    table = read_upload(filename, data)
    plan = plan_import(table, rules or default_rules(table))
    found: dict[int, list[str]] = {}
    for problem in plan.problems:
        found.setdefault(problem.row, []).append(problem.message)
    return found


def test_values_gentrace_cannot_carry_are_problems_of_their_row() -> None:
    lines = [
        '{"name": "fine", "q": "x"}',
        '{"name": "nan", "q": NaN}',
        '{"name": "inf", "q": {"deep": [Infinity]}}',
        '{"name": "surrogate", "q": "\\ud800"}',
        '{"name": "nul", "q": "a\\u0000b"}',
        '{"name": "escaped backslash", "q": "a\\\\u0000b"}',
    ]
    found = plan_of("cases.jsonl", "\n".join(lines).encode())
    assert set(found) == {2, 3, 4, 5}
    assert "NaN or Infinity" in found[2][0] and "NaN or Infinity" in found[3][0]
    assert "not text" in found[4][0] and "\\ud800" in found[4][0]
    assert "NUL" in found[5][0]


def test_a_csv_column_typed_json_turns_hostile_cells_into_problems() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    rows = [["A", "1"], ["B", "NaN"], ["C", deep], ["D", "9" * 5_000], ["E", '"""\\ud800"""']]
    data = ("name,q\r\n" + "".join(f"{n},{v}\r\n" for n, v in rows)).encode()
    rules = [ColumnRule("name", "name"), ColumnRule("q", "input", "q", "json")]
    found = plan_of("typed.csv", data, rules)
    assert set(found) == {3, 4, 5, 6}
    assert "NaN is not a number" in found[3][0]
    assert "nests too deeply" in found[4][0]
    assert "cannot be read" in found[5][0]
    assert "not text" in found[6][0]


def test_a_nul_byte_far_into_a_csv_is_a_problem_of_its_row() -> None:
    data = b"name,q\r\n" + b"".join(b"r%d,%s\r\n" % (n, b"x" * 60) for n in range(100)) + b"odd,a\x00b\r\n"
    assert len(data) > 4096
    found = plan_of("late-nul.csv", data)
    assert list(found) == [102] and "NUL" in found[102][0]


def test_a_reader_that_runs_out_of_memory_time_or_dies_costs_only_a_message() -> None:
    small = ChildLimits(memory_bytes=512 * 1024**2, cpu_seconds=1, wall_seconds=20)
    helpers = "tests.unit.misbehaving_readers"
    with pytest.raises(UnreadableFile, match="could not be read safely: it needs more than the 512 MB"):
        run_bounded(f"{helpers}:ask_for_too_much_memory", limits=small)
    with pytest.raises(UnreadableFile, match="took more than 1 seconds of processing"):
        run_bounded(f"{helpers}:spin", limits=small)
    with pytest.raises(UnreadableFile, match="took longer than 1 seconds"):
        run_bounded(f"{helpers}:sleep_forever", limits=ChildLimits(wall_seconds=1))
    with pytest.raises(UnreadableFile, match="could not be read safely: the reader stopped on it"):
        run_bounded(f"{helpers}:abort", limits=small)
    with pytest.raises(UnreadableFile, match="the reader's answer was not a table"):
        run_bounded(f"{helpers}:send_back_code", limits=small)
    still_reads_a_good_file()


def test_the_two_sheet_workbook_reads_its_table_in_the_child() -> None:
    data = simple_workbook({"Read me": [["Notes"], ["Fill in the Cases sheet"]], "Cases": [["name", "q"], ["A", "x"]]})
    table = read_upload("book.xlsx", data)
    assert table.settings.sheet == "Cases" and table.rows == [["A", "x"]]
    assert read_guessed("book.xlsx", data).rows == table.rows


@responses.activate
def test_a_body_json_cannot_carry_is_refused_before_sending_and_is_not_a_connection_error() -> None:
    client = GentraceClient("http://gentrace.test/api", "gen_api_x", retries=0)
    with pytest.raises(RejectedInput) as caught:
        client.create_test_case("123e4567-e89b-42d3-a456-426614174000", "A", {"q": float("nan")}, None)
    assert not isinstance(caught.value, CannotConnect)
    assert "NaN or Infinity" in caught.value.message
    assert len(responses.calls) == 0


def test_heading_markup_survives_the_round_trip_as_text() -> None:
    heading = "![i](http://attacker.example/px)"
    table = read_upload("h.csv", json.dumps(heading).encode() + b",name\r\nx,A\r\n")
    assert table.columns[0] == heading


def test_a_case_from_the_api_with_half_a_surrogate_pair_still_has_a_fingerprint() -> None:
    from services.cases.format import fingerprint

    odd = fingerprint("A", {"q": "\ud800"}, None)
    assert odd != fingerprint("A", {"q": "\ud801"}, None) and len(odd) == 32

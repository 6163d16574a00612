"""Mapping defaults, value types, every check with its row number, and fingerprints."""

import csv
import io
import json

import pytest

from services.cases.format import fingerprint
from services.importing.job import Outcome
from services.importing.mapping import ColumnRule, default_rule, default_rules, pattern_problem
from services.importing.plan import plan_import
from services.importing.read import ReadSettings, Table, guess_settings, read_table
from services.importing.reports import failed_rows_file, problem_rows_file, template_csv


def table(text: str, filename: str = "cases.csv") -> Table:
    data = text.encode()
    return read_table(data, guess_settings(filename, data))


@pytest.mark.parametrize(
    ("heading", "role", "key"),
    [
        ("name", "name", ""),
        ("Title", "name", ""),
        ("case", "name", ""),
        ("question", "input", "question"),
        ("expected_answer", "expected", "expected_answer"),
        ("Expected", "expected", "Expected"),
        ("output", "expected", "output"),
        ("answer", "expected", "answer"),
        ("reference", "expected", "reference"),
        ("ground_truth", "expected", "ground_truth"),
        ("label", "expected", "label"),
        ("inputs.query", "input", "query"),
        ("inputs.user.name", "input", "user.name"),
        ("expectedOutputs.answer", "expected", "answer"),
        ("expected.answer", "expected", "answer"),
    ],
)
def test_default_roles_come_from_headings(heading: str, role: str, key: str) -> None:
    rule = default_rule(heading)
    assert (rule.role, rule.key, rule.type) == (role, key, "text")


def test_values_stay_text_and_dotted_keys_nest() -> None:
    source = table("name,inputs.user.name,inputs.user.id,flag,expected.answer\r\nA,Ann,00123,true,\r\n")
    plan = plan_import(source, default_rules(source))
    (case,) = plan.cases
    assert case.name == "A"
    assert case.inputs == {"user": {"name": "Ann", "id": "00123"}, "flag": "true"}
    assert case.expected_outputs == {}, "an empty cell leaves its key out"
    assert case.content == (case.inputs, {})


def test_chosen_types_convert_cells() -> None:
    source = table('n,count,ok,meta\r\n1,00123,yes,"{""a"": [1, 2]}"\r\n2,1.5,FALSE,[]\r\n')
    rules = [
        ColumnRule("n", "skip"),
        ColumnRule("count", "input", "count", "number"),
        ColumnRule("ok", "expected", "ok", "boolean"),
        ColumnRule("meta", "input", "meta", "json"),
    ]
    plan = plan_import(source, rules)
    assert [c.name for c in plan.cases] == ["Row 2", "Row 3"], "no text input to name them: the row numbers"
    assert [c.inputs for c in plan.cases] == [{"count": 123, "meta": {"a": [1, 2]}}, {"count": 1.5, "meta": []}]
    assert [c.expected_outputs for c in plan.cases] == [{"ok": True}, {"ok": False}]
    assert [c.name for c in plan_import(source, rules, name_pattern="Case {n} of the file").cases] == [
        "Case 2 of the file",
        "Case 3 of the file",
    ]


def test_every_problem_names_its_row_and_column() -> None:
    big = "x" * 1_000_100
    text = (
        "name,question,count,meta\r\n"
        "Good,q,1,{}\r\n"  # row 2
        ",q,1,{}\r\n"  # 3: empty name
        "No inputs,,,\r\n"  # 4: no inputs
        "Bad json,q,1,{not json}\r\n"  # 5
        "Bad number,q,many,{}\r\n"  # 6
        "Ragged,q,1,{},extra\r\n"  # 7
        f"Huge,{big},1,{{}}\r\n"  # 8
    )
    source = table(text)
    rules = [
        ColumnRule("name", "name"),
        ColumnRule("question", "input", "question"),
        ColumnRule("count", "input", "count", "number"),
        ColumnRule("meta", "input", "meta", "json"),
    ]
    plan = plan_import(source, rules)
    assert [c.row for c in plan.cases] == [2]
    found = {(p.row, p.column): p.message for p in plan.problems}
    assert found[(3, "name")] == "the name is empty"
    assert found[(4, None)] == "has no inputs: every input cell is empty"
    assert found[(5, "meta")].startswith("the cell should hold JSON and does not")
    assert found[(6, "count")] == "“many” is not a number"
    assert found[(7, None)] == "has 5 cells, but the headings have 4"
    assert found[(8, None)].endswith("a test case can be at most 1 MB")
    assert plan.rows_with_problems == 6
    assert plan.total_rows == 7


def test_repeated_rows_are_imported_once_and_rows_already_there_are_skipped() -> None:
    source = table("name,q\r\nA,1\r\nB,2\r\nA,1\r\nC,3\r\n")
    rules = default_rules(source)
    existing = {fingerprint("C", {"q": "3"}, None)}
    plan = plan_import(source, rules, existing)
    assert [c.name for c in plan.cases] == ["A", "B"]
    assert plan.repeated == {4: 2}
    assert plan.already_there == [5]


def test_fingerprints_ignore_key_order_and_treat_no_expected_outputs_as_empty() -> None:
    assert fingerprint("A", {"x": 1, "y": {"b": 2, "a": 1}}, None) == fingerprint(
        "A", {"y": {"a": 1, "b": 2}, "x": 1}, {}
    )
    assert fingerprint("A", {"x": "1"}, {}) != fingerprint("A", {"x": 1}, {}), "types matter"
    assert fingerprint("A", {"x": 1}, {}) != fingerprint("B", {"x": 1}, {})


def test_gentrace_shaped_jsonl_maps_with_no_questions() -> None:
    records = [
        {"id": "1", "name": "A", "inputs": {"q": "00123", "n": 5}, "expectedOutputs": {"a": [1]}, "datasetId": "d"},
        {"id": "2", "name": "B", "inputs": {"q": "x"}, "expectedOutputs": None, "datasetId": "d"},
    ]
    source = table("\n".join(json.dumps(r) for r in records), "export.jsonl")
    rules = default_rules(source)
    assert {r.column: r.role for r in rules} == {
        "id": "skip",
        "name": "name",
        "inputs": "input",
        "expectedOutputs": "expected",
        "datasetId": "skip",
    }
    plan = plan_import(source, rules)
    assert [(c.name, c.inputs, c.expected_outputs) for c in plan.cases] == [
        ("A", {"q": "00123", "n": 5}, {"a": [1]}),
        ("B", {"q": "x"}, {}),
    ]


def test_failed_rows_file_has_the_original_columns_plus_row_and_error() -> None:
    source = table('name,question\r\nA,"a, b"\r\nB,c\r\n')
    plan = plan_import(source, default_rules(source))
    data = failed_rows_file(source, [(plan.cases[1], Outcome("failed", "Gentrace did not accept it"))], excel=False)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "question", "row", "error"], ["B", "c", "3", "Gentrace did not accept it"]]
    again = read_table(data, ReadSettings("csv", encoding="utf-8-sig"))
    assert [r.role for r in default_rules(again)][:2] == ["name", "input"]


def test_problem_rows_file_lists_every_problem_of_a_row() -> None:
    source = table("name,count\r\n,x\r\n")
    plan = plan_import(source, [ColumnRule("name", "name"), ColumnRule("count", "input", "count", "number")])
    rows = list(csv.reader(io.StringIO(problem_rows_file(source, plan.problems, excel=False).decode("utf-8-sig"))))
    assert rows[1][:3] == ["", "x", "2"]
    assert "name: the name is empty" in rows[1][3] and "count: “x” is not a number" in rows[1][3]


def test_template_matches_the_datasets_keys_or_is_an_example() -> None:
    example = template_csv([]).decode("utf-8-sig")
    assert example.splitlines()[0] == "name,inputs.question,expectedOutputs.answer"
    assert len(example.splitlines()) == 3


def test_name_pattern_needs_a_row_number() -> None:
    assert pattern_problem("Row {n}") is None
    assert pattern_problem("Row") is not None
    assert pattern_problem("  ") is not None


def test_a_lost_answer_is_checked_against_a_listing_begun_after_the_loss_not_one_begun_after_the_send() -> None:
    """Case A is sent; case B's answer is lost and B's worker lists the dataset (a listing begun after A was sent)
    before the server saves A; then A's answer is lost too. That listing cannot show A: A must be looked for
    again, not sent again."""
    import threading
    from datetime import UTC, datetime

    from services.gentrace.errors import ConnectionDropped
    from services.gentrace.types import TestCase
    from services.importing.job import ImportJob
    from services.importing.mapping import default_rules
    from services.importing.plan import plan_import

    plan = plan_import(table("name,q\r\nA,1\r\nB,2\r\n"), default_rules(table("name,q\r\nA,1\r\nB,2\r\n")))
    saved: list[TestCase] = []
    a_sent, b_lost, b_listed = threading.Event(), threading.Event(), threading.Event()
    lock = threading.Lock()

    class Server:
        def create_test_case(self, dataset_id: str, name: str, inputs: dict, expected: dict | None = None) -> TestCase:
            first = all(case.name != name for case in saved)
            if name == "A" and first and not a_sent.is_set():
                a_sent.set()
                assert b_listed.wait(10), "B's worker never listed"
                self._save(name, inputs)  # saved after that listing was read
                raise ConnectionDropped(may_have_acted=True)
            if name == "B" and not b_lost.is_set():
                assert a_sent.wait(10)
                b_lost.set()
                raise ConnectionDropped(may_have_acted=True)  # lost before the server acted
            return self._save(name, inputs)

        def _save(self, name: str, inputs: dict) -> TestCase:
            now = datetime.now(UTC)
            with lock:
                saved.append(
                    TestCase(
                        id=str(len(saved)),
                        created_at=now,
                        updated_at=now,
                        inputs=inputs,
                        expected_outputs={},
                        dataset_id="d",
                        name=name,
                        pipeline_id="p",
                    )
                )
                return saved[-1]

        def list_test_cases(self, dataset_id: str) -> list[TestCase]:
            with lock:
                snapshot = list(saved)
            if b_lost.is_set():
                b_listed.set()
            return snapshot

    job = ImportJob(Server(), "d", plan.cases, concurrency=2).start()  # type: ignore[arg-type]
    assert job.wait(30)
    assert sorted(case.name for case in saved) == ["A", "B"], "A was sent again after a stale listing"
    assert job.progress().created == 2


def test_report_files_protect_their_cells_and_come_as_excel_too() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    source = table("name,=heading\r\n'=evil,@x\r\n,+y\r\n")
    plan = plan_import(source, default_rules(source))
    csv_rows = list(csv.reader(io.StringIO(problem_rows_file(source, plan.problems, excel=False).decode("utf-8-sig"))))
    assert csv_rows == [["name", "'=heading", "row", "error"], ["", "'+y", "3", "name: the name is empty"]]
    failed = [(plan.cases[0], Outcome("failed", "-refused"))]
    sheet = openpyxl.load_workbook(io.BytesIO(failed_rows_file(source, failed, excel=True))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["name", "=heading", "row", "error"],
        ["=evil", "@x", 2, "-refused"],
    ]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_with_no_name_column_cases_are_named_from_their_first_text_input() -> None:
    long = "A question that goes on and on " * 5
    source = table(f'Question,Customer tier\r\n"  Can I get a refund?\n Please  ",Free\r\n{long},Pro\r\n,Team\r\n')
    rules = [ColumnRule("Question", "input", "Question"), ColumnRule("Customer tier", "input", "Customer tier")]
    names = [case.name for case in plan_import(source, rules).cases]
    assert names[0] == "Can I get a refund? Please"  # on one line, trimmed
    assert len(names[1]) == 80 and names[1].endswith("…") and names[1].startswith("A question that goes on")
    assert names[2] == "Team"  # the first input with text
    assert [c.name for c in plan_import(source, rules, name_pattern="Row {n}").cases] == ["Row 2", "Row 3", "Row 4"]


def test_a_row_empty_where_nearly_every_other_row_has_a_value_is_skipped_unless_included() -> None:
    rows = "".join(f"Question {n}?,Free,Answer {n}\r\n" for n in range(4))
    source = table("Question,Customer tier,Expected answer\r\n" + rows + ",Pro,An answer\r\n")
    rules = [
        ColumnRule("Question", "input", "Question"),
        ColumnRule("Customer tier", "input", "Customer tier"),
        ColumnRule("Expected answer", "expected", "Expected answer"),
    ]
    plan = plan_import(source, rules)
    assert [(gap.row, gap.column) for gap in plan.gaps] == [(6, "Question")]
    assert "4 of the other 4 rows" in plan.gaps[0].message
    assert len(plan.cases) == 4 and not plan.problems and not plan.gaps_included
    included = plan_import(source, rules, include_gaps=True)
    assert len(included.cases) == 5 and included.gaps_included and included.cases[4].name == "Pro"


def test_a_column_many_rows_leave_empty_is_optional_not_a_gap() -> None:
    rows = "".join(f"Q{n},{'note' if n % 3 else ''}\r\n" for n in range(30))
    rules = [ColumnRule("q", "input", "q"), ColumnRule("note", "input", "note")]
    assert plan_import(table("q,note\r\n" + rows), rules).gaps == []
    tiny = table("q,note\r\nQ1,a\r\nQ2,\r\n")  # two rows say nothing about what is usual
    assert plan_import(tiny, rules).gaps == []


def test_an_export_read_back_has_no_gaps_its_cases_are_as_they_were() -> None:
    rows = "".join(f"Case {n},Q{n},A{n}\r\n" for n in range(5))
    source = table("name,inputs.q,expectedOutputs.a\r\n" + rows + "Case 5,Q5,\r\n")
    plan = plan_import(source, default_rules(source))
    assert plan.gaps == [] and len(plan.cases) == 6

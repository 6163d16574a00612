"""How a spreadsheet is read with no setting touched: which sheet, which heading row, Excel's `sep=` line, and what
each heading's words make of its column."""

import pytest

from services.importing.headings import EXPECTED_WORDS, NAME_WORDS, heading_role
from services.importing.mapping import default_rules, looks_like_notes
from services.importing.plan import plan_import
from services.importing.read import ReadSettings, read_guessed, read_table
from tests.hostile_files import simple_workbook

CASES = [
    ["name", "inputs.query", "expectedOutputs.answer"],
    ["Refund", "Can I get a refund?", "Within 60 days"],
    ["Card", "How do I change my card?", "Settings → Billing"],
    ["Email", "How do I change my email?", "Settings → Account"],
]
READ_ME = [["How to fill this workbook"], ["Put one test case per row on the Cases sheet."]]


def test_the_sheet_that_looks_like_test_cases_is_read_not_the_first() -> None:
    table = read_guessed("book.xlsx", simple_workbook({"Read me": READ_ME, "Cases": CASES}))
    assert table.settings.sheet == "Cases"
    assert table.columns == tuple(CASES[0])
    assert [row[0] for row in table.rows] == ["Refund", "Card", "Email"]
    assert table.guessed.startswith("Read the sheet “Cases” of 2: its headings (")
    assert "“expectedOutputs.answer”" in table.guessed


def test_a_workbook_of_one_sheet_says_nothing_about_sheets() -> None:
    table = read_guessed("book.xlsx", simple_workbook({"Cases": CASES}))
    assert table.settings.sheet == "Cases" and table.guessed == ""


def test_a_sheet_chosen_by_hand_is_read_even_when_it_looks_like_notes() -> None:
    table = read_table(simple_workbook({"Read me": READ_ME, "Cases": CASES}), ReadSettings("xlsx", sheet="Read me"))
    assert table.columns == ("How to fill this workbook",)
    assert "looks like notes" in (looks_like_notes(table, default_rules(table)) or "")


def test_title_and_blank_lines_above_the_headings_are_skipped() -> None:
    titled = [["Support test cases, Q3"], [], *CASES]
    table = read_guessed("book.xlsx", simple_workbook({"Cases": titled}))
    assert table.settings.header_row == 3 and table.columns == tuple(CASES[0])
    assert table.row_numbers == [4, 5, 6]
    assert "The headings are in row 3" in table.guessed
    csv = b"Support test cases, Q3\r\n\r\nname,question,answer\r\nRefund,Can I?,Yes\r\nCard,How?,Settings\r\n"
    table = read_guessed("cases.csv", csv)
    assert table.settings.header_row == 3 and table.columns == ("name", "question", "answer")
    assert table.row_numbers == [4, 5]


def test_a_two_cell_title_above_wider_rows_is_not_taken_for_headings() -> None:
    titled = [["Owner:", "Support team"], ["name", "question", "answer", "tier"], ["A", "q", "a", "Free"]]
    assert read_guessed("book.xlsx", simple_workbook({"Cases": titled})).columns == tuple(titled[1])


def test_the_heading_guess_does_not_fire_on_a_real_first_row_or_a_one_column_table() -> None:
    table = read_guessed("cases.csv", b"name,question\r\nA,\r\nB,x\r\n")
    assert table.settings.header_row == 1 and table.columns == ("name", "question") and table.guessed == ""
    one_column = read_guessed("questions.csv", b"question\r\nCan I get a refund?\r\nHow do I pay?\r\n")
    assert one_column.columns == ("question",) and len(one_column.rows) == 2
    sparse = [["name", "question", "answer"], ["A", "", ""], ["B", "q", "a"]]
    assert read_guessed("book.xlsx", simple_workbook({"Cases": sparse})).settings.header_row == 1


def test_excels_sep_line_names_the_delimiter_and_is_not_a_row() -> None:
    data = b"sep=;\r\nname;question\r\nRefund;Can I, maybe, get a refund?\r\n"
    table = read_guessed("excel.csv", data)
    assert table.settings.delimiter == ";"
    assert table.columns == ("name", "question")
    assert table.rows == [["Refund", "Can I, maybe, get a refund?"]]
    assert table.row_numbers == [2], "numbered as Excel shows it: the sep line is not a row"
    with_bom = read_guessed("excel.csv", b"\xef\xbb\xbfsep=|\r\nname|q\r\nA|x\r\n")
    assert with_bom.settings.delimiter == "|" and with_bom.columns == ("name", "q")


def test_a_first_cell_that_merely_starts_with_sep_is_data() -> None:
    table = read_guessed("cases.csv", b"separator,question\r\nA,x\r\n")
    assert table.columns == ("separator", "question")


@pytest.mark.parametrize("heading", ["Test case", "test_case", "Case", "Title", "Name", "Case name"])
def test_headings_that_name_the_case(heading: str) -> None:
    assert heading_role(heading) == "name"


@pytest.mark.parametrize(
    "heading",
    [
        "Expected answer",
        "Ground truth",
        "groundTruth",
        "ground_truth",
        "Reference answer",
        "Gold answer",
        "Golden",
        "Correct answer",
        "Ideal response",
        "Target",
        "label",
        "Labels",
        "OUTPUT",
        "expected_output",
        "Answer",
    ],
)
def test_headings_that_hold_an_expected_output(heading: str) -> None:
    assert heading_role(heading) == "expected"


@pytest.mark.parametrize("heading", ["Question", "Customer tier", "username", "casework", "Outputting", "Goldfish"])
def test_other_headings_are_inputs(heading: str) -> None:
    assert heading_role(heading) == "input"


def test_every_listed_word_makes_its_role_on_its_own() -> None:
    for word in NAME_WORDS:
        assert heading_role(word.title()) == "name", word
    for word in EXPECTED_WORDS:
        assert heading_role(word.upper()) == "expected", word


def test_a_hand_made_workbook_maps_by_its_words_and_keeps_the_headings_as_keys() -> None:
    rows = [["Test case", "Question", "Ground truth", "Customer tier"], ["Refund", "Can I?", "Yes", "Free"]]
    table = read_guessed("book.xlsx", simple_workbook({"Sheet1": rows}))
    plan = plan_import(table, default_rules(table))
    case = plan.cases[0]
    assert case.name == "Refund"
    assert case.inputs == {"Question": "Can I?", "Customer tier": "Free"}
    assert case.expected_outputs == {"Ground truth": "Yes"}


def test_two_name_like_headings_give_one_name_column() -> None:
    table = read_guessed("cases.csv", b"Case,name,question\r\nc1,A,x\r\n")
    roles = [rule.role for rule in default_rules(table)]
    assert roles == ["input", "name", "input"]


def test_notes_are_flagged_and_a_real_table_is_not() -> None:
    notes = read_guessed("notes.csv", b"Notes\r\nFill in the other sheet\r\nThanks\r\n")
    assert "looks like notes" in (looks_like_notes(notes, default_rules(notes)) or "")
    cases = read_guessed("cases.csv", b"question,answer\r\nCan I?,Yes\r\n")
    assert looks_like_notes(cases, default_rules(cases)) is None
    named = read_guessed("one.csv", b"name\r\nA\r\n")
    assert looks_like_notes(named, default_rules(named)) is None

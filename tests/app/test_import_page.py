"""The Add-test-cases page through AppTest: choosing the dataset (also by link), mapping, preview, import, result."""

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from components.importing.dataset_chooser import DATASET_KEY, PIPELINE_KEY
from components.importing.registry import import_registry
from tests.app.helpers import Page, button, expand, open_import, page_links, run, shown, unescape, upload
from tests.conftest import Api

CSV = (
    "name;question;expected_answer;priority\r\n"
    "Refund;Can I get a refund?;Yes, within 60 days;00123\r\n"
    'Card;"How do I change; my card?";Settings → Billing;2\r\n'
    ";empty name;x;3\r\n"
    "Refund;Can I get a refund?;Yes, within 60 days;00123\r\n"
)


def dataset_id(api: Api, pipeline: str, name: str) -> str:
    datasets = api.get("/datasets", params={"pipelineSlug": pipeline}).json()["data"]
    return str(next(d["id"] for d in datasets if d["name"] == name))


def previews(at: AppTest) -> list[str]:
    """The JSON the check shows for its first cases, behind "Show what will be sent"."""
    if any(e.label == "Show what will be sent" for e in at.expander):
        expand(at, "Show what will be sent")
    return [c.value for c in at.code if c.value.startswith('{\n  "name"')]


def test_choosing_a_dataset_shows_its_summary_and_puts_it_in_the_address(page: Page, api: Api) -> None:
    at = open_import(page)
    at.selectbox(key=PIPELINE_KEY).select(api.pipeline("support-chatbot")["id"])
    run(at)
    at.selectbox(key=DATASET_KEY).select(dataset_id(api, "support-chatbot", "Billing questions"))
    run(at)
    text = shown(at)
    assert "Billing questions" in text
    assert "Golden dataset" in text
    assert "24 test cases already" in text
    assert at.query_params["dataset"] == dataset_id(api, "support-chatbot", "Billing questions")


def test_a_link_opens_the_page_with_its_dataset_chosen(page: Page, api: Api) -> None:
    wanted = dataset_id(api, "email-summarizer", "Customer escalations")
    at = open_import(page, wanted)
    assert at.selectbox(key=DATASET_KEY).value == wanted
    assert "2 test cases already" in shown(at)


def test_a_link_to_a_missing_dataset_says_so(page: Page) -> None:
    at = open_import(page, "123e4567-e89b-42d3-a456-426614174000")
    assert "could not be opened" in "\n".join(unescape(w.value) for w in at.warning)
    assert at.selectbox(key=DATASET_KEY).value is None


def test_mapping_defaults_preview_and_problems_before_anything_is_sent(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = upload(open_import(page, target), "support cases.csv", CSV.encode())
    assert "Not the golden dataset" in shown(at)
    assert "| expected_answer | Expected output “expected_answer” | Text |" in shown(at).replace("\\", "")
    assert not [s for s in at.selectbox if s.label.startswith("Role of")], "widgets only when asked for"
    next(t for t in at.toggle if t.label == "Change what each column becomes").set_value(True)
    run(at)
    roles = {s.label: s.value for s in at.selectbox if s.label.startswith("Role of")}
    assert roles == {
        "Role of name": "name",
        "Role of question": "input",
        "Role of expected_answer": "expected",
        "Role of priority": "input",
    }
    text = shown(at)
    assert "4 rows in the file · 2 will become test cases · 1 with problems (skipped) · 1 repeat" in text
    first = json.loads(previews(at)[0])
    assert first == {
        "name": "Refund",
        "inputs": {"question": "Can I get a refund?", "priority": "00123"},
        "expectedOutputs": {"expected_answer": "Yes, within 60 days"},
    }
    problems = at.dataframe[0].value
    assert list(problems["Row"]) == [4] and list(problems["Problem"]) == ["the name is empty"]
    assert button(at, "Import the 2 valid rows (skip 1 with problems)", starts=True)
    assert api.get("/test-cases", params={"datasetId": target}).json()["data"] == []
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Type of priority")).select("number")
    run(at)
    assert json.loads(previews(at)[0])["inputs"]["priority"] == 123
    next(t for t in at.toggle if t.label == "Change what each column becomes").set_value(False)
    run(at)
    assert json.loads(previews(at)[0])["inputs"]["priority"] == 123, "the choice outlives its widgets"
    assert "| priority | Input “priority” | Number |" in shown(at).replace("\\", "")


def test_import_runs_on_the_server_and_shows_the_result(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = upload(open_import(page, target), "support cases.csv", CSV.encode())
    button(at, "Import the 2 valid rows", starts=True).click()
    run(at)
    job = import_registry().latest(target)
    assert job is not None and job.wait(30)
    run(at)
    assert "Import finished: 2 test cases created." in shown(at)
    names = sorted(c["name"] for c in api.get("/test-cases", params={"datasetId": target}).json()["data"])
    assert names == ["Card", "Refund"]
    # Finished: the way on, and nothing of the file's check (which would now say "0 will become test cases").
    assert not at.file_uploader and "will become test cases" not in shown(at)
    links = {link.label: link for link in page_links(at)}
    assert links["Open the dataset"].query_string == f"dataset={target}"
    button(at, "Import another file", starts=True).click()
    run(at)
    assert "Import finished" not in shown(at)
    upload(at, "support cases again.csv", CSV.encode())
    assert "2 already there (skipped)" in shown(at)
    assert "There is nothing to import" in shown(at)


def test_a_broken_file_is_explained_and_offers_no_import(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = upload(open_import(page, target), "cases.jsonl", b'{"name": "A", "q": 1}\n{"name": \n')
    errors = "\n".join(unescape(e.value) for e in at.error)
    assert "Nothing can be imported from “cases.jsonl”" in errors
    assert "Line 2 is not valid JSON" in errors
    assert not [b for b in at.button if b.label.startswith("Import")]


def test_the_create_pages_card_offers_to_add_test_cases(page: Page) -> None:
    page.pipeline("meeting-notes").fill("Fresh from the form").create()
    assert page.created is not None
    created = page.created.dataset.id
    links = {link.label: link for link in page_links(page.at)}
    assert (
        links["Add test cases"].page.endswith("import_test_cases") and created in links["Add test cases"].query_string
    )
    assert links["Open the dataset"].page.endswith("datasets") and created in links["Open the dataset"].query_string


def test_the_mapping_follows_the_sheet_and_keeps_a_choice_made_for_a_column(page: Page, api: Api) -> None:
    from tests.hostile_files import simple_workbook

    cases = [
        ["name", "question", "expected_answer", "priority"],
        ["Refund", "Can I get a refund?", "Within 60 days", "00123"],
    ]
    book = simple_workbook({"Read me": [["How to fill this"], ["One case per row"]], "Cases": cases})
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = open_import(page, target)
    at.file_uploader[0].upload("book.xlsx", book, "application/octet-stream")
    run(at)
    sheet = next(s for s in at.selectbox if s.label == "Sheet")
    assert sheet.value == "Cases", "the sheet of test cases, with no setting touched"
    assert "Read the sheet “Cases” of 2" in shown(at)
    next(t for t in at.toggle if t.label == "Change what each column becomes").set_value(True)
    run(at)
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Type of priority")).select("number")
    run(at)
    assert json.loads(previews(at)[0])["inputs"]["priority"] == 123

    next(s for s in at.selectbox if s.label == "Sheet").select("Read me")
    run(at)
    assert [s.label for s in at.selectbox if s.label.startswith("Role of")] == ["Role of How to fill this"]
    assert "looks like notes" in shown(at)

    next(s for s in at.selectbox if s.label == "Sheet").select("Cases")
    run(at)
    roles = {s.label: s.value for s in at.selectbox if s.label.startswith(("Role of", "Type of"))}
    assert roles["Role of name"] == "name" and roles["Role of expected_answer"] == "expected"
    assert roles["Type of priority"] == "number", "the person's choice for a column that still exists is kept"
    first = json.loads(previews(at)[0])
    assert first == {
        "name": "Refund",
        "inputs": {"question": "Can I get a refund?", "priority": 123},
        "expectedOutputs": {"expected_answer": "Within 60 days"},
    }


def test_a_heading_row_chosen_by_hand_is_kept_and_the_columns_follow(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = upload(open_import(page, target), "titled.csv", b"Q3 cases\r\n\r\nname,question\r\nA,x\r\nB,y\r\n")
    assert "The headings are in row 3" in shown(at)
    expand(at, "Read settings")

    def header_row() -> Any:
        return at.number_input(key=next(n.key for n in at.number_input if n.label == "Header row"))

    assert header_row().value == 3
    header_row().set_value(6)
    run(at)
    assert "The file has no headings row" in shown(at)
    assert header_row().value == 6, "the settings stay on screen so the choice can be put right"
    header_row().set_value(4)
    run(at)
    assert "headings in row 4" in shown(at)
    assert "| A | Input “A” | Text |" in shown(at).replace("\\", "")


def test_a_file_the_guess_cannot_read_offers_the_settings_that_can(page: Page, api: Api) -> None:
    rows = b"".join(b"Case %d,How do I reset my password (number %d)?\r\n" % (n, n) for n in range(6_000))
    data = b"name,question\r\n" + rows + b"Caf\xe9,Where is the caf\xe9?\r\n"  # Windows-1252 after the first 200 KB
    assert len(data) > 250_000
    target = dataset_id(api, "support-chatbot", "Password resets")
    at = upload(open_import(page, target), "legacy.csv", data)
    assert "is not valid UTF-8" in shown(at) and "Choose another encoding" in shown(at)
    encoding = next(s for s in at.selectbox if s.label == "Encoding")
    assert encoding.value == "utf-8"
    encoding.select("cp1252")
    run(at)
    assert "6,001 rows in the file · 6,001 will become test cases" in shown(at)


HAND_MADE = (
    "Question,Expected answer,Customer tier\r\n"
    "Can I get a refund after 30 days?,No,Free\r\n"
    "How do I reset my password?,Use the link,Pro\r\n"
    "Do you have an API?,Yes,Team\r\n"
    "Where is my invoice?,Billing page,Free\r\n"
    ",Maybe,Pro\r\n"
)


def test_a_hand_made_sheet_is_named_from_its_questions_and_a_row_without_one_is_held_back(page: Page, api: Api) -> None:
    target = api.new_dataset("Hand made")["id"]
    at = upload(open_import(page, target), "cases.csv", HAND_MADE.encode())
    assert next(r for r in at.radio if r.label == "Names for the test cases").value == "first input"
    assert "4 will become test cases" in shown(at) and "1 with a cell left empty (skipped)" in shown(at)
    assert "1 row has an empty cell in a column that nearly every other row fills" in shown(at)
    table = at.dataframe[-1].value  # the preview reads like the file
    assert list(table.columns) == ["Row", "Name", "Question", "Customer tier", "Expected answer"]
    assert table["Name"].tolist()[0] == "Can I get a refund after 30 days?"
    assert not [c for c in at.code if '"Question"' in c.value]  # the JSON stays behind its switch
    expand(at, "Show what will be sent")
    (sent,) = [e for e in at.expander if e.label == "Show what will be sent"]
    assert '"Question": "Can I get a refund after 30 days?"' in "\n".join(c.value for c in sent.code)

    next(box for box in at.checkbox if box.label == "Import this row too").check()
    run(at)
    assert "5 will become test cases" in shown(at)
    button(at, "Import 5 test cases", starts=True).click()
    run(at)
    job = import_registry().latest(target)
    assert job is not None and job.wait(30)
    names = sorted(c["name"] for c in api.get("/test-cases", params={"datasetId": target}).json()["data"])
    assert "Pro" in names and "Row 2" not in names  # the held-back row is named from its first input with text


def test_the_finished_import_accounts_for_every_row_of_the_file(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    data = "name,question,answer\r\nA,Qa?,Yes\r\nB,Qb?,Yes\r\nC,Qc?,Yes\r\nD,Qd?,\r\nA,Qa?,Yes\r\n,Qe?,No\r\n"
    at = upload(open_import(page, target), "four.csv", data.encode())
    button(at, "Import", starts=True).click()
    run(at)
    job = import_registry().latest(target)
    assert job is not None and job.wait(30)
    run(at)
    assert (
        "Every row of the file (6): 3 created · 1 repeated in the file (imported once) · 1 with problems · "
        "1 held back (empty where the other rows have a value; not included)" in shown(at)
    )


def test_a_langfuse_export_is_recognised_and_imported_with_nothing_to_choose(page: Page, api: Api) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    data = (
        "id,projectId,datasetId,datasetName,status,input,expectedOutput,metadata,sourceTraceId,createdAt\r\n"
        'i1,p1,d1,Support,ACTIVE,"{""question"":""Reset?"",""tier"":""pro""}",Use the link,,t1,2026-01-01\r\n'
    )
    at = upload(open_import(page, target), "langfuse.csv", data.encode())
    assert "This looks like a Langfuse export: input → inputs, expectedOutput → expected outputs" in shown(at)
    button(at, "Import 1 test case").click()
    run(at)
    job = import_registry().latest(target)
    assert job is not None and job.wait(30)
    found = api.get("/test-cases", params={"datasetId": target}).json()["data"]
    assert [(c["name"], c["inputs"], c["expectedOutputs"]) for c in found if c["name"] == "Reset?"] == [
        ("Reset?", {"question": "Reset?", "tier": "pro"}, {"expectedOutput": "Use the link"})
    ]


def test_an_input_of_objects_in_some_rows_and_text_in_others_says_which_and_offers_the_choice(
    page: Page, api: Api
) -> None:
    target = dataset_id(api, "support-chatbot", "Password resets")
    data = (
        "id,datasetId,input,expectedOutput,createdAt\r\n"
        'i1,d1,"{""question"":""Reset?""}",Use the link,2026-01-01\r\n'
        "i2,d1,Where is my invoice?,Billing page,2026-01-02\r\n"
    )
    at = upload(open_import(page, target), "mixed.csv", data.encode())
    assert "“input” holds an object in 1 row and plain text in 1 row (row 3)." in shown(at)
    assert [json.loads(p)["inputs"] for p in previews(at)] == [
        {"question": "Reset?"},
        {"input": "Where is my invoice?"},
    ]
    at.radio(key=next(r.key for r in at.radio if r.label == "Read input as")).set_value("text")
    run(at)
    assert [json.loads(p)["inputs"] for p in previews(at)] == [
        {"input": '{"question":"Reset?"}'}, {"input": "Where is my invoice?"},
    ]  # fmt: skip

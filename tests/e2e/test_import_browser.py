"""Filling a dataset from a file in a real Chromium: a link that opens the page, upload, mapping, preview, import
with progress, cancel, the result, the failed rows as a file, a broken file, and axe-core in each state."""

import csv
import io
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import Api
from tests.e2e.browser import idle, open_for, rows_csv, screenshot, upload, violations

ROUTE = "POST /api/v4/test-cases"


def test_a_link_opens_the_page_through_the_app_with_the_dataset_chosen(
    tab: Page, import_app: str, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Linked")["id"]
    open_for(tab, import_app, dataset)  # the first request this app has seen
    sidebar = tab.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Create dataset")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Add test cases")).to_be_visible()
    expect(sidebar).to_contain_text("Connected to Gentrace")
    expect(tab.locator(".st-key-dataset_summary")).to_contain_text("0 test cases already")
    expect(tab.get_by_role("combobox", name="Dataset")).to_have_value(
        f"{faulty_api.get('/datasets/' + dataset).json()['name']}"
    )
    assert violations(tab) == []


def test_upload_check_import_with_progress_and_result(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Spreadsheet")["id"]
    open_for(tab, import_app, dataset)
    screenshot(tab, "import-01-chosen")
    upload(tab, tmp_path, "support cases.csv", rows_csv(40, problems=2))
    counts = tab.locator(".st-key-import_counts")
    expect(counts).to_contain_text("42 rows in the file · 40 will become test cases · 2 with problems (skipped)")
    expect(tab.get_by_text("Read as text separated by semicolon, UTF-8, headings in row 1.")).to_be_visible()
    mapping = tab.get_by_role("table").filter(has_text="Becomes")
    expect(mapping.get_by_role("row").filter(has_text="expected_answer")).to_contain_text("Expected output")
    tab.get_by_text("Change what each column becomes").click()
    expect(tab.get_by_role("combobox", name="Role of name")).to_have_value("Name")
    expect(tab.get_by_role("combobox", name="Role of expected_answer")).to_have_value("Expected output")
    tab.get_by_text("Show what will be sent").click()
    expect(tab.get_by_text('"priority": "00000"')).to_be_visible()  # stays text exactly as written
    idle(tab)
    screenshot(tab, "import-02-preview")
    assert violations(tab) == []

    faulty_api.inject(ROUTE, "latency=0.4", 40)
    tab.get_by_role("button", name="Import the 40 valid rows (skip 2 with problems)").click()
    progress = tab.locator(".st-key-import_progress")
    expect(progress).to_contain_text("of 40 sent")
    expect(progress.get_by_role("button", name="Cancel import")).to_be_visible()
    screenshot(tab, "import-03-progress")
    assert violations(tab) == []
    result = tab.locator(".st-key-import_result")
    expect(result).to_contain_text("Import finished: 40 test cases created.")
    idle(tab)
    screenshot(tab, "import-04-result")
    assert violations(tab) == []
    assert sorted(c["name"] for c in faulty_api.cases(dataset)) == sorted(f"Case {n}" for n in range(40))

    tab.reload()  # a reloaded tab finds the finished import, and the same file again adds nothing
    expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished")
    tab.get_by_role("button", name="Import another file").click()
    upload(tab, tmp_path, "support cases.csv", rows_csv(40))
    expect(tab.locator(".st-key-import_counts")).to_contain_text("40 already there (skipped)")
    expect(tab.get_by_text("There is nothing to import", exact=False)).to_be_visible()


def test_failed_rows_are_listed_and_download_as_a_file_to_fix(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Partly refused")["id"]
    open_for(tab, import_app, dataset)
    upload(tab, tmp_path, "cases.csv", rows_csv(6))
    expect(tab.locator(".st-key-import_counts")).to_contain_text("6 will become test cases")
    idle(tab)
    faulty_api.inject(ROUTE, "status=400", 2)
    tab.get_by_role("button", name="Import 6 test cases").click()
    result = tab.locator(".st-key-import_result")
    expect(result).to_contain_text("Import finished, but some rows failed.")
    expect(result).to_contain_text("Failed")
    idle(tab)
    assert violations(tab) == []
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download failed rows").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["name", "question", "expected_answer", "priority", "row", "error"]
    assert len(rows) == 3
    assert all("did not accept" in row[5] for row in rows[1:])
    assert len(sorted(c["name"] for c in faulty_api.cases(dataset))) == 4
    tab.get_by_role("button", name="Retry failed rows (2)").click()
    expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 2 test cases created.")
    assert sorted(c["name"] for c in faulty_api.cases(dataset)) == sorted(f"Case {n}" for n in range(6))


def test_cancel_stops_the_import_and_says_what_was_created(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Cancelled")["id"]
    open_for(tab, import_app, dataset)
    upload(tab, tmp_path, "many.csv", rows_csv(200))
    expect(tab.locator(".st-key-import_counts")).to_contain_text("200 will become test cases")
    idle(tab)
    faulty_api.inject(ROUTE, "latency=0.5", 200)
    tab.get_by_role("button", name="Import 200 test cases").click()
    expect(tab.locator(".st-key-import_progress")).to_contain_text("of 200 sent")
    tab.reload()  # the import belongs to the server: a reloaded tab finds it running
    expect(tab.locator(".st-key-import_progress")).to_contain_text("of 200 sent")
    assert len(sorted(c["name"] for c in faulty_api.cases(dataset))) < 200
    tab.get_by_role("button", name="Cancel import").click()
    result = tab.locator(".st-key-import_result")
    expect(result).to_contain_text("Import cancelled.")
    created = len(sorted(c["name"] for c in faulty_api.cases(dataset)))
    assert created < 200
    expect(result).to_contain_text(f"{created} test cases were created before it stopped")


def test_a_broken_file_is_explained_and_nothing_is_sent(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Broken file")["id"]
    open_for(tab, import_app, dataset)
    upload(tab, tmp_path, "cases.jsonl", b'{"name": "A", "inputs": {"q": 1}}\n{"name": "B", "inputs": \n')
    error = tab.locator(".st-key-import_file_error")
    expect(error).to_contain_text("Nothing can be imported from “cases.jsonl”")
    expect(error).to_contain_text("Line 2 is not valid JSON")
    idle(tab)
    expect(tab.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    screenshot(tab, "import-05-broken-file")
    assert violations(tab) == []
    assert sorted(c["name"] for c in faulty_api.cases(dataset)) == []


def test_the_created_card_and_the_sidebar_lead_to_the_new_dataset_and_back_to_the_list(page: Page) -> None:
    name = f"Fill me {uuid.uuid4().hex[:6]}"
    page.get_by_role("combobox", name="Pipeline slug").click()
    page.get_by_role("option", name="Meeting Notes (meeting-notes)").click()
    expect(page.locator(".st-key-pipeline_preview")).to_contain_text("Meeting Notes")
    idle(page)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create dataset").click()
    actions = page.locator(".st-key-created_actions")
    actions.get_by_role("link", name="Add test cases").click()
    expect(page.get_by_role("heading", name="Add test cases")).to_be_visible()
    expect(page.locator(".st-key-dataset_summary")).to_contain_text(name)
    assert "?dataset=" in page.url

    page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()  # "Created in this session"
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Edit details").click()
    page.get_by_label("Name", exact=True).fill(name + " renamed")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name=name + " renamed")).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_role("link", name="Datasets", exact=True).click()
    expect(page.get_by_role("heading", name="Datasets", exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name="Pipeline")).to_be_visible()


TWO_SHEETS = {
    "Read me": [["How to fill this workbook"], ["One test case per row, on the Cases sheet."]],
    "Cases": [
        ["name", "inputs.query", "expectedOutputs.answer"],
        ["Refund", "Can I get a refund?", "Within 60 days"],
        ["Card", "How do I change my card?", "Settings, then Billing"],
        ["Email", "How do I change my email?", "Settings, then Account"],
    ],
}


def imported_cases(api: Api, dataset: str) -> dict[str, tuple[object, object]]:
    cases = api.get("/test-cases", params={"datasetId": dataset}).json()["data"]
    return {c["name"]: (c["inputs"], c["expectedOutputs"]) for c in cases}


def test_a_two_sheet_workbook_imports_its_cases_with_no_setting_touched_and_by_hand(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    from tests.hostile_files import simple_workbook

    book = simple_workbook(TWO_SHEETS)
    wanted = {"Refund": ({"query": "Can I get a refund?"}, {"answer": "Within 60 days"})}
    untouched = faulty_api.new_dataset("Two sheets")["id"]
    open_for(tab, import_app, untouched)
    upload(tab, tmp_path, "book.xlsx", book)
    expect(tab.get_by_text("Read the sheet “Cases” of 2", exact=False)).to_be_visible()
    expect(tab.get_by_role("combobox", name="Sheet")).to_have_value("Cases")
    expect(tab.locator(".st-key-import_counts")).to_contain_text("3 rows in the file · 3 will become test cases")
    idle(tab)
    tab.get_by_role("button", name="Import 3 test cases").click()
    expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 3 test cases created.")
    cases = imported_cases(faulty_api, untouched)
    assert sorted(cases) == ["Card", "Email", "Refund"] and cases["Refund"] == wanted["Refund"]

    by_hand = faulty_api.new_dataset("Two sheets by hand")["id"]
    open_for(tab, import_app, by_hand)
    upload(tab, tmp_path, "book.xlsx", book)
    expect(tab.get_by_role("combobox", name="Sheet")).to_have_value("Cases")
    idle(tab)
    tab.get_by_role("combobox", name="Sheet").click()
    tab.get_by_role("option", name="Read me").click()
    expect(tab.get_by_text("This looks like notes rather than a table of test cases", exact=False)).to_be_visible()
    idle(tab)
    tab.get_by_role("combobox", name="Sheet").click()
    tab.get_by_role("option", name="Cases").click()
    expect(tab.locator(".st-key-import_counts")).to_contain_text("3 will become test cases")
    idle(tab)
    tab.get_by_role("button", name="Import 3 test cases").click()
    expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 3 test cases created.")
    assert imported_cases(faulty_api, by_hand) == cases


LANGFUSE = (
    b"id,projectId,datasetId,datasetName,status,input,expectedOutput,metadata,htmlSourcePath,sourceTraceId,"
    b"sourceObservationId,createdAt,updatedAt\r\n"
    b'i1,p1,d1,Support,ACTIVE,"{""question"":""Can I get a refund?"",""tier"":""pro""}",Within 30 days,'
    b'"{""source"":""chat""}",,t1,,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z\r\n'
)
OPIK = (
    b"id,created_at,input.question,input.context.locale,expected_output.answer,metadata.source\r\n"
    b"o1,2026-01-01,Where is my invoice?,de-DE,On the Billing page,chat\r\n"
)


def test_a_langfuse_and_an_opik_export_import_with_nothing_to_choose(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Moved in")["id"]
    open_for(tab, import_app, dataset)
    for name, data, tool in (("langfuse.csv", LANGFUSE, "Langfuse"), ("opik.csv", OPIK, "Opik")):
        upload(tab, tmp_path, name, data)
        expect(tab.get_by_text(f"This looks like a {tool} export", exact=False)).to_be_visible()
        idle(tab)
        if tool == "Langfuse":
            screenshot(tab, "import-other-tool")
            assert violations(tab) == []
        tab.get_by_role("button", name="Import 1 test case").click()
        expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 1 test case created.")
        idle(tab)
        if tool == "Langfuse":
            tab.get_by_role("button", name="Import another file").click()
            idle(tab)
    assert faulty_api.contents(dataset) == [
        ("Can I get a refund?", {"question": "Can I get a refund?", "tier": "pro"}, {"expectedOutput": "Within 30 days"}),
        ("Where is my invoice?", {"question": "Where is my invoice?", "context": {"locale": "de-DE"}},
         {"answer": "On the Billing page"}),
    ]  # fmt: skip

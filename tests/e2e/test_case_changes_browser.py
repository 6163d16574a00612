"""Changing cases by hand in a real Chromium: add one with typed fields, edit one and review the difference, delete
two and undo, undo an import, and the history still there after the studio restarts."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from sandbox.server import RunningSandbox
from tests.conftest import Api, numbered_cases
from tests.e2e.browser import idle, open_view, screenshot, tick, violations
from tests.servers import streamlit_server

QUESTIONS = [
    {"name": "Refund", "inputs": {"Question": "Can I get a refund?"}, "expectedOutputs": {"Expected answer": "No"}},
    {
        "name": "Invoice",
        "inputs": {"Question": "Where is my invoice?"},
        "expectedOutputs": {"Expected answer": "Billing"},
    },
]


def test_add_a_case_with_typed_fields_then_edit_it_after_reviewing_the_difference(
    tab: Page, app_url: str, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("By hand", cases=QUESTIONS)
    open_view(tab, app_url, dataset)
    tab.get_by_role("button", name="Add a test case").click()
    panel = tab.locator(".st-key-add_case")
    expect(panel.get_by_label("Field 1", exact=True)).to_have_value("Question")
    panel.get_by_label("Test case name", exact=True).fill("Reported this morning")
    panel.get_by_label("Value of Question", exact=True).fill("00123 is my order number: where is it?")
    panel.get_by_label("Value of Expected answer", exact=True).fill("It ships tomorrow.")
    panel.get_by_role("button", name="Add a field").click()
    expect(panel.get_by_label("Field 3", exact=True)).to_be_visible()
    panel.get_by_label("Field 3", exact=True).fill("priority")
    panel.get_by_label("Field 3", exact=True).press("Tab")
    panel.get_by_role("combobox", name="Type of field 3").click()
    tab.get_by_role("option", name="Number").click()
    panel.get_by_label("Value of priority", exact=True).fill("2")
    panel.get_by_label("Value of priority", exact=True).press("Tab")
    expect(panel.get_by_text('"priority": 2')).to_be_visible()  # the exact JSON, before anything is sent
    idle(tab)
    screenshot(tab, "cases-01-add")
    assert violations(tab) == []
    panel.get_by_role("button", name="Add test case").click()
    expect(tab.get_by_text("Added “Reported this morning”.", exact=False)).to_be_visible()
    added = next(c for c in faulty_api.cases(dataset["id"]) if c["name"] == "Reported this morning")
    assert added["inputs"] == {"Question": "00123 is my order number: where is it?", "priority": 2}

    table = tab.locator(".st-key-test_case_table")
    table.get_by_role("link", name="Refund", exact=True).click()
    expect(tab.get_by_role("heading", name="Refund", exact=True)).to_be_visible()
    idle(tab)
    screenshot(tab, "cases-02-case")
    assert violations(tab) == []
    tab.get_by_role("button", name="Edit this test case").click()
    answer = tab.get_by_label("Value of Expected answer", exact=True)
    answer.fill("Yes, within 30 days")
    answer.press("Tab")
    idle(tab)
    tab.get_by_role("button", name="Review the changes").click()
    review = tab.locator(".st-key-edit_case")
    expect(review.locator("del")).to_have_text("No")  # removed words struck through, not by colour alone
    expect(review.locator("strong").filter(has_text="Yes, within 30 days")).to_have_count(1)
    idle(tab)
    screenshot(tab, "cases-03-review")
    assert violations(tab) == []
    assert any(c["expectedOutputs"] == {"Expected answer": "No"} for c in faulty_api.cases(dataset["id"]))
    review.get_by_role("button", name="Save", exact=True).click()
    expect(tab.get_by_text("Saved.", exact=False)).to_be_visible()
    assert "case=" in tab.url  # the address follows the new case
    names = sorted((c["name"], c["expectedOutputs"]["Expected answer"]) for c in faulty_api.cases(dataset["id"]))
    assert names == [
        ("Invoice", "Billing"),
        ("Refund", "Yes, within 30 days"),
        ("Reported this morning", "It ships tomorrow."),
    ]


def test_delete_two_and_undo_then_undo_an_import(tab: Page, app_url: str, faulty_api: Api, tmp_path: Path) -> None:
    dataset = faulty_api.new_dataset("Undo", cases=numbered_cases(4))
    open_view(tab, app_url, dataset)
    tick(tab, "Case 1")
    expect(tab.get_by_role("button", name="Delete selected (1)")).to_be_enabled()
    tick(tab, "Case 3")
    tab.get_by_role("button", name="Delete selected (2)").click()
    tab.locator(".st-key-confirm_delete").get_by_role("button", name="Yes, delete 2 test cases").click()
    expect(tab.get_by_text("Deleted 2 of 2 test cases.", exact=False)).to_be_visible()
    assert len(faulty_api.cases(dataset["id"])) == 2
    entry = tab.locator("[class*='st-key-history_entry_']").first
    expect(entry).to_contain_text("Deleted · −2 removed")
    entry.get_by_role("button", name="Undo this change").click()
    confirm = tab.locator(".st-key-confirm_undo")
    expect(confirm).to_contain_text("Undo this change? It will create 2 test cases again.")
    idle(tab)
    screenshot(tab, "cases-04-undo-confirm")
    assert violations(tab) == []
    confirm.get_by_role("button", name="Yes, undo it").click()
    expect(tab.get_by_text("Undone: 2 added.", exact=False)).to_be_visible()
    assert sorted(c["name"] for c in faulty_api.cases(dataset["id"])) == [f"Case {n}" for n in range(4)]

    csv = tmp_path / "more.csv"
    csv.write_text("name,q\r\nNew 1,a\r\nNew 2,b\r\nNew 3,c\r\n")
    tab.goto(f"{app_url}/import_test_cases?dataset={dataset['id']}")
    expect(tab.locator(".st-key-dataset_summary")).to_be_visible()
    idle(tab)
    tab.locator("input[type='file']").set_input_files(str(csv))
    tab.get_by_role("button", name="Import 3 test cases").click()
    expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 3 test cases created.")
    tab.locator(".st-key-import_next").get_by_role("link", name="Open the dataset").click()
    entry = tab.locator("[class*='st-key-history_entry_']").first
    expect(entry).to_contain_text("Imported · +3 added · more.csv")
    entry.get_by_role("button", name="Undo this change").click()
    expect(tab.locator(".st-key-confirm_undo")).to_contain_text("It will delete 3 test cases.")
    tab.locator(".st-key-confirm_undo").get_by_role("button", name="Yes, undo it").click()
    expect(tab.get_by_text("Undone: 3 removed.", exact=False)).to_be_visible()
    assert sorted(c["name"] for c in faulty_api.cases(dataset["id"])) == [f"Case {n}" for n in range(4)]
    idle(tab)
    tab.get_by_role("heading", name="History").scroll_into_view_if_needed()
    screenshot(tab, "cases-05-history")
    assert violations(tab) == []


def test_the_history_is_still_there_after_the_studio_restarts(
    browser: Browser, faulty: RunningSandbox, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Restart", cases=numbered_cases(2))
    env = {
        "GENTRACE_API_KEY": faulty.api_key,
        "GENTRACE_BASE_URL": faulty.base_url,
        "STUDIO_DATABASE_URL": f"sqlite:///{tmp_path / 'studio.db'}",
    }
    for run in range(2):
        with streamlit_server("app.py", env, tmp_path / f"streamlit-{run}.log") as (url, _):
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            tab = context.new_page()
            open_view(tab, url, dataset)
            if run == 0:
                tick(tab, "Case 0")
                tab.get_by_role("button", name="Delete selected (1)").click()
                tab.locator(".st-key-confirm_delete").get_by_role("button", name="Yes, delete 1 test case").click()
                expect(tab.get_by_text("Deleted 1 of 1 test case.", exact=False)).to_be_visible()
            entry = tab.locator("[class*='st-key-history_entry_']").first
            expect(entry).to_contain_text("Deleted · −1 removed · Case 0")
            context.close()

"""Looking after datasets in a real Chromium: browse and open by link, edit, golden with its notice (a double-click
sends once), archive and restore, a colleague's change, delete cases, and exports imported back exactly; axe-core
on both pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import AILING_VERDICT, COUNTER, Api, numbered_cases
from tests.e2e.browser import idle, open_view, screenshot, tick, violations


def test_browse_search_open_by_link_and_rename(tab: Page, app_url: str, faulty_api: Api) -> None:
    dataset = faulty_api.new_dataset("Browse", description="Before", cases=[{"name": "One", "inputs": {"q": "1"}}])
    tab.goto(app_url + "/datasets")
    expect(tab.get_by_role("heading", name="Datasets")).to_be_visible()
    tab.get_by_role("combobox", name="Pipeline").click()
    tab.get_by_role("option", name="Support Chatbot (support-chatbot)").click()
    table = tab.locator(".st-key-dataset_table")
    # Filtered once the summary stops counting pipelines; the rows drawn before the filter go when the run ends.
    expect(tab.get_by_text(re.compile(r"datasets in \d+ pipelines"))).to_have_count(0)
    idle(tab)
    expect(table.get_by_role("link", name="Billing questions")).to_be_visible()
    expect(table).to_contain_text("Golden")
    tab.get_by_label("Search by name", exact=True).fill(dataset["name"][-6:])
    tab.keyboard.press("Enter")
    expect(table.get_by_role("link")).to_have_count(1)
    expect(tab.get_by_text("1 of ")).to_be_visible()
    idle(tab)
    screenshot(tab, "datasets-01-list")
    assert violations(tab) == []

    link = table.get_by_role("link", name=dataset["name"])
    assert link.get_attribute("href") == f"datasets?dataset={dataset['id']}"
    link.click()
    expect(tab.get_by_role("heading", name=dataset["name"], exact=True)).to_be_visible()
    expect(tab).to_have_url(f"{app_url}/datasets?dataset={dataset['id']}")
    idle(tab)
    screenshot(tab, "datasets-02-view")
    assert violations(tab) == []

    tab.get_by_role("button", name="Edit details").click()
    name = tab.get_by_label("Name", exact=True)
    name.fill("")
    tab.get_by_role("button", name="Save changes").click()
    expect(tab.get_by_text("Give the dataset a name.")).to_be_visible()
    name.fill(dataset["name"] + " renamed")
    tab.get_by_role("button", name="Save changes").click()
    expect(tab.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(tab.get_by_role("heading", name=dataset["name"] + " renamed", exact=True)).to_be_visible()
    assert faulty_api.get(f"/datasets/{dataset['id']}").json()["name"] == dataset["name"] + " renamed"

    tab.get_by_role("link", name="All datasets of this pipeline").click()
    expect(tab.locator(".st-key-dataset_table").get_by_role("link", name="Billing questions")).to_be_visible()


def test_the_list_opens_on_every_pipeline_and_the_demo_inbox_names_its_problems(
    tab: Page, app_url: str, faulty_api: Api
) -> None:
    tab.goto(app_url + "/datasets")
    expect(tab.get_by_role("heading", name="Datasets")).to_be_visible()
    idle(tab)
    expect(tab.get_by_role("combobox", name="Pipeline")).to_have_value("All pipelines")
    summary = tab.get_by_text(re.compile(r"\d+ datasets in \d+ pipelines"))
    expect(summary).to_be_visible()
    pipelines = int(re.search(r"in (\d+) pipelines", summary.inner_text()).group(1))  # type: ignore[union-attr]
    assert pipelines >= 2
    table = tab.locator(".st-key-dataset_table")
    expect(table.get_by_role("link", name="Billing questions")).to_be_visible()
    expect(table.get_by_role("link", name="Customer escalations")).to_be_visible()  # another pipeline's
    expect(table).to_contain_text("Support Chatbot")
    expect(table).to_contain_text("Email Summarizer")
    assert violations(tab) == []

    table.get_by_role("link", name="Inbox, not yet reviewed").click()
    expect(tab.get_by_role("heading", name="Inbox, not yet reviewed", exact=True)).to_be_visible()
    expect(tab.get_by_text(AILING_VERDICT)).to_be_visible()  # the demo's Inbox holds one of each problem
    idle(tab)
    assert violations(tab) == []


def test_golden_switch_names_what_it_replaces_and_a_double_click_sends_once(
    tab: Page, app_url: str, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Golden", description="Before")
    golden_before = faulty_api.pipeline("support-chatbot")["goldenDatasetId"]
    current = faulty_api.get(f"/datasets/{golden_before}").json()["name"] if golden_before else None
    open_view(tab, app_url, dataset)
    tab.get_by_role("button", name="Make it golden").click()
    confirm = tab.locator(".st-key-confirm_golden")
    expect(confirm).to_contain_text(f"It replaces {current}" if current else "no golden dataset yet")
    idle(tab)
    screenshot(tab, "datasets-03-golden-confirm")
    assert violations(tab) == []

    route = f"POST /api/v4/datasets/{dataset['id']}"
    faulty_api.inject(route, COUNTER, 1000)
    confirm.get_by_role("button", name="Yes, make it golden").dblclick()
    expect(tab.get_by_text("It is now the golden dataset.")).to_be_visible()
    idle(tab)
    assert faulty_api.pipeline("support-chatbot")["goldenDatasetId"] == dataset["id"]
    assert faulty_api.requests_seen(route) == 1
    expect(tab.get_by_role("button", name="Stop it being golden")).to_be_visible()
    expect(tab.get_by_text("Golden dataset", exact=True)).to_be_visible()


def test_archive_warns_then_restore(tab: Page, app_url: str, faulty_api: Api) -> None:
    dataset = faulty_api.new_dataset("Archive", description="Before")
    open_view(tab, app_url, dataset)
    tab.get_by_role("button", name="Archive dataset").click()
    confirm = tab.locator(".st-key-confirm_archive")
    expect(confirm).to_contain_text("Archiving hides it from the dataset lists and pickers")
    confirm.get_by_role("button", name="Yes, archive it").click()
    expect(tab.get_by_text("This dataset was archived on")).to_be_visible()
    assert faulty_api.get(f"/datasets/{dataset['id']}").json()["archivedAt"] is not None
    idle(tab)
    screenshot(tab, "datasets-04-archived")
    assert violations(tab) == []
    tab.get_by_role("button", name="Restore dataset").click()
    tab.locator(".st-key-confirm_archive").get_by_role("button", name="Yes, restore it").click()
    expect(tab.get_by_text("Restored.", exact=True)).to_be_visible()
    assert faulty_api.get(f"/datasets/{dataset['id']}").json()["archivedAt"] is None


def test_a_colleagues_change_is_shown_before_anything_is_overwritten(tab: Page, app_url: str, faulty_api: Api) -> None:
    dataset = faulty_api.new_dataset("Shared", description="Before")
    open_view(tab, app_url, dataset)
    faulty_api.post(f"/datasets/{dataset['id']}", json={"name": "Their name"})
    tab.get_by_role("button", name="Edit details").click()
    tab.get_by_label("Name", exact=True).fill("My name")
    tab.get_by_role("button", name="Save changes").click()
    warning = tab.locator(".st-key-changed_elsewhere")
    expect(warning).to_contain_text("Someone else changed this dataset")
    expect(warning).to_contain_text(f"Name: was “{dataset['name']}”, now “Their name”")
    expect(tab.get_by_label("Name", exact=True)).to_have_value("My name")
    idle(tab)
    assert violations(tab) == []
    assert faulty_api.get(f"/datasets/{dataset['id']}").json()["name"] == "Their name"
    warning.get_by_role("button", name="Overwrite with my change").click()
    expect(tab.get_by_text("Saved.", exact=True)).to_be_visible()
    assert faulty_api.get(f"/datasets/{dataset['id']}").json()["name"] == "My name"


def test_delete_selected_cases_after_a_confirmation_that_says_how_many(
    tab: Page, app_url: str, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Prune", description="Before", cases=numbered_cases(4))
    open_view(tab, app_url, dataset)
    table = tab.locator(".st-key-test_case_table")
    tick(tab, "Case 1")
    expect(tab.get_by_role("button", name="Delete selected (1)")).to_be_enabled()
    tick(tab, "Case 3")
    tab.get_by_role("button", name="Delete selected (2)").click()
    confirm = tab.locator(".st-key-confirm_delete")
    expect(confirm).to_contain_text(f"Delete 2 test cases from {dataset['name']}? The History below can undo it.")
    idle(tab)
    screenshot(tab, "datasets-05-delete-confirm")
    assert violations(tab) == []
    confirm.get_by_role("button", name="Yes, delete 2 test cases").click()
    expect(tab.get_by_text("Deleted 2 of 2 test cases.")).to_be_visible()
    expect(table.get_by_role("checkbox")).to_have_count(2)
    assert [name for name, _, _ in faulty_api.contents(dataset["id"])] == ["Case 0", "Case 2"]


TYPED_CASES = [
    {"name": "Types", "inputs": {"q": "Limit?", "n": 12, "f": 0.5, "ok": True, "none": None},
     "expectedOutputs": {"a": {"nested": [1, "two", {"three": 3}]}}},
    {"name": "Text that looks typed", "inputs": {"q": "00123", "n": "12", "ok": "true", "blank": ""}},
    {"name": "Ünïcödé, \"quotes\", commas", "inputs": {"q": "Grüße 😀\nzweite Zeile"}, "expectedOutputs": {}},
    {"name": '=HYPERLINK("http://example.invalid","Click")', "inputs": {"q": "=1+1", "cmd": "+cmd", "sum": "@SUM(A1)"},
     "expectedOutputs": {"a": "-2+3", "n": -7}},
]  # fmt: skip


@pytest.mark.parametrize(
    "button,suffix", [("Download CSV", "csv"), ("Download Excel", "xlsx"), ("Download JSONL", "jsonl")]
)
def test_an_export_imports_back_into_the_same_cases(
    tab: Page, app_url: str, faulty_api: Api, tmp_path: Path, button: str, suffix: str
) -> None:
    source = faulty_api.new_dataset("Export", description="Before", cases=TYPED_CASES)
    open_view(tab, app_url, source)
    tab.get_by_role("button", name="Export").click()
    expect(tab.get_by_role("button", name=button)).to_be_visible()
    screenshot(tab, f"datasets-export-{suffix}")
    assert violations(tab) == []
    with tab.expect_download() as download:
        tab.get_by_role("button", name=button).click()
    assert download.value.suggested_filename.endswith(f".test-cases.{suffix}")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    if suffix == "csv":
        assert exported.read_bytes().startswith(b"\xef\xbb\xbfname,inputs.q,")
        written = exported.read_bytes()
        assert b"\r\n\"'=HYPERLINK(" in written and b",'=1+1," in written and b",'+cmd,'@SUM(A1)," in written
    if suffix == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(exported).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    empty = faulty_api.new_dataset("Copy", description="Before")
    for target, created in ((empty, 4), (source, 0)):
        tab.goto(f"{app_url}/import_test_cases?dataset={target['id']}")
        expect(tab.locator(".st-key-dataset_summary")).to_be_visible()
        idle(tab)
        tab.locator("input[type='file']").set_input_files(str(exported))
        if created:
            tab.get_by_role("button", name=f"Import {created} test cases").click()
            expect(tab.locator(".st-key-import_result")).to_contain_text(f"{created} test cases created")
        else:
            expect(tab.locator(".st-key-import_counts")).to_contain_text("4 already there (skipped)")
    assert faulty_api.contents(empty["id"]) == faulty_api.contents(source["id"])
    assert len(faulty_api.contents(source["id"])) == 4


def test_names_show_exactly_as_written_in_the_list_and_the_cases_table(
    tab: Page, app_url: str, faulty_api: Api
) -> None:
    tricky = "**Bold** <b>tag</b> [link](javascript:alert(1)) :red[red]"
    body = {"name": tricky, "description": None, "pipelineSlug": "sql-assistant"}
    dataset = faulty_api.post("/datasets", json=body).json()
    faulty_api.post("/test-cases", json={"datasetId": dataset["id"], "name": tricky, "inputs": {"q": "<i>x</i>"}})
    tab.goto(f"{app_url}/datasets?pipeline_id={dataset['pipelineId']}")
    link = tab.locator(".st-key-dataset_table").get_by_role("link", name=tricky, exact=True)
    expect(link).to_be_visible()
    link.click()
    table = tab.locator(".st-key-test_case_table")
    expect(table.get_by_role("link", name=tricky, exact=True)).to_be_visible()  # the case's name, as written
    expect(table.get_by_role("checkbox", name=tricky, exact=True)).to_have_count(1)
    expect(table.get_by_text("<i>x</i>", exact=True)).to_be_visible()  # the q column's text, as written
    assert tab.locator("b, i, a[href^='javascript']").count() == 0

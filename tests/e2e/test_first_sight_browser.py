"""A product manager's first tour, at a projector's 1024×768 and a laptop's 1280×800: create a golden dataset, fill
it from a hand-made workbook, open it, look at Activity. Each screen is checked for what a person sees first, and
saved for docs/screenshots."""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Api
from tests.e2e.browser import highlight_option, idle, screenshot, violations
from tests.hostile_files import simple_workbook

HAND_MADE = {
    "Cases": [
        ["Question", "Expected answer", "Customer tier"],
        ["Can I get a refund after 30 days?", "No: refunds are within 30 days.", "Free"],
        ["How do I reset my password?", "Use “Forgot password” on the sign-in page.", "Pro"],
        ["Do you have an API?", "Yes, on every paid plan.", "Team"],
        ["Where is my invoice?", "Billing, then Invoices.", "Free"],
        ["", "Maybe", "Pro"],
    ]
}


@pytest.mark.parametrize("width,height", [(1024, 768), (1280, 800)])
def test_a_first_tour_reads_plainly_and_has_no_dead_ends(
    browser: Browser, app_url: str, faulty_api: Api, tmp_path: Path, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, timezone_id="Europe/Berlin")
    tab = context.new_page()
    size = f"{width}x{height}"
    name = f"Support FAQ {uuid.uuid4().hex[:6]}"
    try:
        tab.goto(app_url)
        expect(tab.get_by_role("heading", name="Create a dataset")).to_be_visible()
        idle(tab)
        box = tab.get_by_role("combobox", name="Pipeline slug")
        box.click()
        tab.keyboard.type("support")
        highlight_option(tab, box, "Support Chatbot (support-chatbot)")
        tab.keyboard.press("Enter")  # the known pipeline, never "Add: support"
        expect(tab.locator(".st-key-pipeline_preview")).to_contain_text("Support Chatbot")
        idle(tab)
        tab.get_by_text("Golden dataset", exact=True).click()
        expect(tab.get_by_text("This will replace")).to_be_visible()  # what a person waits for before typing on
        idle(tab)
        tab.get_by_label("Name", exact=True).fill(name)
        screenshot(tab, f"first-sight-{size}-1-create")
        assert violations(tab) == []
        tab.get_by_role("button", name="Create dataset").click()
        card_links = tab.locator(".st-key-created_actions")
        expect(card_links.get_by_role("link", name="Open the dataset")).to_be_visible()
        idle(tab)
        card_links.get_by_role("link", name="Add test cases").click()

        expect(tab.locator(".st-key-dataset_summary")).to_contain_text(name)
        idle(tab)
        workbook = tmp_path / "support questions.xlsx"
        workbook.write_bytes(simple_workbook(HAND_MADE))
        tab.locator("input[type='file']").set_input_files(str(workbook))
        counts = tab.locator(".st-key-import_counts")
        expect(counts).to_contain_text("4 will become test cases")
        expect(counts).to_contain_text("1 with a cell left empty (skipped)")
        expect(tab.locator(".st-key-import_gaps")).to_contain_text("Row 6")
        idle(tab)
        tab.get_by_role("heading", name="Check").scroll_into_view_if_needed()
        expect(tab.get_by_test_id("data-grid-canvas").last).to_be_visible()  # the preview table is drawn
        screenshot(tab, f"first-sight-{size}-2-import-check")
        assert violations(tab) == []
        tab.get_by_role("button", name="Import 4 test cases").click()
        expect(tab.locator(".st-key-import_result")).to_contain_text("Import finished: 4 test cases created.")
        next_steps = tab.locator(".st-key-import_next")
        expect(next_steps.get_by_role("button", name="Import another file")).to_be_visible()
        expect(tab.get_by_text("will become test cases")).to_have_count(0)  # nothing of the old file's check
        idle(tab)
        screenshot(tab, f"first-sight-{size}-3-import-finished")
        next_steps.get_by_role("link", name="Open the dataset").click()

        expect(tab.get_by_role("heading", name=name, exact=True)).to_be_visible()
        idle(tab)
        table = tab.locator(".st-key-test_case_table")
        first_case = table.get_by_text("Can I get a refund after 30 days?", exact=True).last  # its Question cell
        expect(first_case).to_be_in_viewport()  # the first case is in view without scrolling
        for heading in ("Name", "Question", "Customer tier", "Expected answer"):
            expect(table.get_by_text(heading, exact=True)).to_be_visible()
        cells = table.locator("[data-testid='stMarkdownContainer']").all_inner_texts()
        assert not [cell for cell in cells if cell.lstrip().startswith(("{", "["))], cells  # no JSON for flat cases
        questions = [row[0] for row in HAND_MADE["Cases"][1:5]]
        expect(table.get_by_role("checkbox")).to_have_count(4)
        names = [t.strip() for t in table.get_by_role("link").all_inner_texts() if not t.strip().endswith("Edit")]
        assert names == questions, "named from the first input, in the file's order, each a link to the case"
        expect(tab.get_by_text("Golden dataset", exact=True)).to_be_visible()
        screenshot(tab, f"first-sight-{size}-4-dataset")
        assert violations(tab) == []

        tab.get_by_test_id("stSidebar").get_by_role("link", name="Datasets", exact=True).click()
        expect(tab.get_by_role("heading", name="Datasets", exact=True)).to_be_visible()
        expect(tab.get_by_text(re.compile(r"datasets in \d+ pipelines"))).to_be_visible()  # every one, unasked
        expect(tab.locator(".st-key-dataset_table")).to_contain_text("Email Summarizer")
        idle(tab)
        tab.get_by_role("combobox", name="Pipeline").click()
        tab.get_by_role("option", name="Support Chatbot (support-chatbot)").click()
        expect(tab.locator(".st-key-dataset_table").get_by_role("link", name=name)).to_be_visible()
        idle(tab)
        screenshot(tab, f"first-sight-{size}-5-datasets")
        assert violations(tab) == []

        tab.get_by_test_id("stSidebar").get_by_role("link", name="Activity").click()
        expect(tab.get_by_role("heading", name="Activity")).to_be_visible()
        expect(tab.get_by_role("link", name=name).first).to_be_visible()  # datasets by name, linked
        expect(tab.get_by_text("Imported test cases: 4 created", exact=True).first).to_be_visible()
        lines = tab.locator("table tbody tr td").first.evaluate(
            "cell => { const range = document.createRange(); range.selectNodeContents(cell); "
            "return range.getClientRects().length; }"
        )
        assert lines == 1, "the date is on one line"
        idle(tab)
        screenshot(tab, f"first-sight-{size}-6-activity")
        assert violations(tab) == []

        tab.get_by_test_id("stSidebar").get_by_role("link", name="Connection").click()
        expect(tab.get_by_role("heading", name="Connection")).to_be_visible()
        idle(tab)
        screenshot(tab, f"first-sight-{size}-7-connection")
        assert violations(tab) == []
    finally:
        context.close()

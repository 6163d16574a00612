"""Reviewing a dataset in a real Chromium with the keyboard only: approve, fix an answer, flag with a note, the
progress and the dataset's header; a held-down key approves once, letters typed in the note are text, and a restart
keeps the review."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from sandbox.server import RunningSandbox
from tests.conftest import Api
from tests.e2e.browser import idle, screenshot, tab_to, violations
from tests.servers import streamlit_server

CASES = [
    {"name": f"Question {n}", "inputs": {"question": f"How do I do thing {n}?"}, "expectedOutputs": {"answer": a}}
    for n, a in enumerate(["Like this.", "Ask billing.", "It cannot be done.", "Press Save.", "Wait a day."])
]


def open_review(tab: Page, url: str, dataset_id: str) -> None:
    tab.goto(f"{url}/datasets?dataset={dataset_id}&view=review")
    expect(tab.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    idle(tab)


def shown(tab: Page, position: int, name: str) -> None:
    case = tab.locator(".st-key-review_case")
    expect(case).to_contain_text(f"Case {position} of 5")
    expect(case.get_by_role("heading", name=name, exact=True)).to_be_visible()
    idle(tab)


def review_with_the_keyboard(tab: Page, url: str, dataset_id: str, api: Api) -> None:
    open_review(tab, url, dataset_id)
    expect(tab.get_by_text("0 approved · 0 flagged · 5 to review")).to_be_visible()
    shown(tab, 1, "Question 0")
    screenshot(tab, "review-01-screen")
    assert violations(tab) == []

    for _ in range(6):  # a held-down key: repeated keydowns, one approval
        tab.keyboard.down("a")
    tab.keyboard.up("a")
    idle(tab)
    expect(tab.get_by_text("1 approved · 0 flagged · 4 to review")).to_be_visible()
    shown(tab, 2, "Question 1")

    tab.keyboard.press("f")
    fix = tab.locator(".st-key-review_fix")
    expect(fix.get_by_role("heading", name="Fix this test case")).to_be_visible()
    expect(fix.get_by_label("Value of answer")).to_be_visible()
    idle(tab)
    tab_to(tab, "Value of answer")
    tab.keyboard.press("ControlOrMeta+a")
    tab.keyboard.type("Ask billing, or write to accounts.")
    tab_to(tab, "Review the changes")
    tab.keyboard.press("Enter")
    expect(fix.locator("strong").filter(has_text="or write to accounts")).to_have_count(1)
    idle(tab)
    screenshot(tab, "review-02-fix")
    assert violations(tab) == []
    tab_to(tab, "Save and approve")
    tab.keyboard.press("Enter")
    expect(tab.get_by_text("Fixed and approved.", exact=False)).to_be_visible()
    shown(tab, 2, "Question 2")  # the fixed case's new version is listed last
    expect(tab.get_by_text("2 approved · 0 flagged · 3 to review")).to_be_visible()
    answers = {c["name"]: c["expectedOutputs"]["answer"] for c in api.cases(dataset_id)}
    assert answers["Question 1"] == "Ask billing, or write to accounts." and len(answers) == 5

    tab.keyboard.press("g")
    note = tab.locator(".st-key-review_flag_note").get_by_role("textbox")
    expect(note).to_be_visible()
    idle(tab)
    tab_to(tab, "Note: what needs another look")
    typed = "A refund after 30 days goes to a manager: ask Sales first."  # a, f, g, s and d are text here
    tab.keyboard.type(typed)
    expect(note).to_have_value(typed)
    expect(tab.locator(".st-key-review_case")).to_contain_text("Case 2 of 5")
    idle(tab)
    screenshot(tab, "review-03-flag")
    assert violations(tab) == []
    tab_to(tab, "Flag it")
    tab.keyboard.press("Enter")
    expect(tab.get_by_text("Flagged “Question 2” for another look.")).to_be_visible()
    shown(tab, 3, "Question 3")
    expect(tab.get_by_text("2 approved · 1 flagged · 2 to review")).to_be_visible()
    assert len(api.cases(dataset_id)) == 5


def test_review_a_dataset_with_the_keyboard_only_and_a_restart_keeps_it(
    browser: Browser, faulty: RunningSandbox, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Support FAQ", cases=CASES)
    env = {
        "GENTRACE_API_KEY": faulty.api_key,
        "GENTRACE_BASE_URL": faulty.base_url,
        "STUDIO_DATABASE_URL": f"sqlite:///{tmp_path / 'studio.db'}",
    }
    for run in range(2):
        with streamlit_server("app.py", env, tmp_path / f"streamlit-{run}.log") as (url, _):
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Berlin")
            tab = context.new_page()
            if run == 0:
                review_with_the_keyboard(tab, url, dataset["id"], faulty_api)
            else:
                open_review(tab, url, dataset["id"])
                expect(tab.get_by_text("2 approved · 1 flagged · 2 to review")).to_be_visible()
                shown(tab, 3, "Question 3")  # it opens on the first case not yet reviewed
            tab.goto(f"{url}/datasets?dataset={dataset['id']}")
            expect(tab.locator(".st-key-review_line")).to_contain_text("Reviewed: 2 of 5 approved · 1 flagged")
            idle(tab)
            if run == 1:
                screenshot(tab, "review-04-dataset")
                assert violations(tab) == []
                tab.locator(".st-key-review_line").get_by_role("link", name="Review cases").click()
                expect(tab.get_by_role("heading", name="Review", exact=True)).to_be_visible()
            context.close()

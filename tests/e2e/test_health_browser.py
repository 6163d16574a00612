"""A dataset's health in a real Chromium: a dataset seeded with one of each problem shows each count and its charts,
deleting the repeats removes exactly them and the History undoes it, no accessibility violation, and the
Datasets list still shows the problems after the studio restarts."""

from pathlib import Path

from playwright.sync_api import Page, expect

from sandbox.server import RunningSandbox
from tests.conftest import AILING_HEADINGS, AILING_VERDICT, Api, ailing_cases
from tests.e2e.browser import idle, open_view, screenshot, violations
from tests.servers import streamlit_server


def test_each_problem_is_counted_and_charted_and_the_page_passes_axe(tab: Page, app_url: str, faulty_api: Api) -> None:
    dataset = faulty_api.new_dataset("Ailing", cases=ailing_cases())
    tab.goto(f"{app_url}/datasets?dataset={dataset['id']}")
    expect(tab.get_by_text(AILING_VERDICT)).to_be_visible()
    idle(tab)
    tab.get_by_role("link", name="See the dataset's health").click()
    expect(tab.get_by_role("heading", name="8 problems in 23 cases.")).to_be_visible()
    assert tab.url.endswith(f"dataset={dataset['id']}&view=health")
    for heading in AILING_HEADINGS:
        expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    charts = tab.locator("[data-testid='stVegaLiteChart']")
    expect(charts).to_have_count(3)
    for at in range(3):
        expect(charts.nth(at).locator("canvas, svg").first).to_be_visible()
    expect(tab.get_by_text("Exact repeats: 2 · Contradictions: 1 · Near repeats: 1", exact=False)).to_be_visible()
    idle(tab)
    screenshot(tab, "health-01-view")
    assert violations(tab) == []


def test_deleting_the_repeats_removes_exactly_them_and_can_be_undone(tab: Page, app_url: str, faulty_api: Api) -> None:
    dataset = faulty_api.new_dataset("Repeats", cases=ailing_cases())
    before = faulty_api.cases(dataset["id"])
    oldest = min((c for c in before if c["name"] == "Refund window"), key=lambda c: c["createdAt"])
    open_view(tab, app_url, dataset, "health")
    tab.get_by_role("button", name="Delete 2 repeats (keep the oldest of each)").click()
    yes = tab.get_by_role("button", name="Yes, delete 2 repeats (keep the oldest of each)")
    expect(yes).to_be_visible()
    expect(tab.get_by_text("Delete 2 test cases that repeat an older one?")).to_be_visible()
    idle(tab)
    tab.locator("[class*='st-key-review_health_fix_repeats']").scroll_into_view_if_needed()
    screenshot(tab, "health-02-review")
    assert violations(tab) == []
    yes.click()
    expect(tab.get_by_text("deleted 2 of 2 test cases", exact=False)).to_be_visible()
    expect(tab.get_by_role("heading", name="Exact repeats · 0", exact=True)).to_be_visible()
    after = faulty_api.cases(dataset["id"])
    assert sorted(c["id"] for c in after) == sorted(
        c["id"] for c in before if c["name"] != "Refund window" or c["id"] == oldest["id"]
    )
    idle(tab)
    tab.get_by_role("heading", name="Exact repeats · 0", exact=True).scroll_into_view_if_needed()
    screenshot(tab, "health-03-fixed")

    history = tab.locator("[class*='st-key-history_entry_']").first
    expect(history.get_by_text("Health fix: 2 repeats deleted, the oldest of each kept", exact=False)).to_be_visible()
    history.get_by_role("button", name="Undo this change").click()
    tab.get_by_role("button", name="Yes, undo it").click()
    expect(tab.get_by_role("heading", name="Exact repeats · 2", exact=True)).to_be_visible()
    assert len(faulty_api.cases(dataset["id"])) == 23


def test_after_a_restart_the_datasets_list_still_shows_the_problems(
    tab: Page, faulty: RunningSandbox, faulty_api: Api, tmp_path: Path
) -> None:
    dataset = faulty_api.new_dataset("Checked before a restart", cases=ailing_cases())
    env = {"GENTRACE_API_KEY": faulty.api_key, "GENTRACE_BASE_URL": faulty.base_url}
    log = tmp_path / "streamlit.log"  # both runs share the folder, and so the studio's database
    with streamlit_server("app.py", env, log) as (url, _):
        open_view(tab, url, dataset, "health")
        expect(tab.get_by_role("heading", name="8 problems in 23 cases.")).to_be_visible()
    with streamlit_server("app.py", env, log) as (url, _):
        tab.goto(f"{url}/datasets?pipeline_id={dataset['pipelineId']}")
        problems = tab.get_by_role("link", name="8 problems", exact=True)
        expect(problems).to_be_visible()
        idle(tab)
        tab.mouse.move(0, 0)  # from outside the link, so the hover is a new one whatever the last test left
        problems.hover()
        expect(tab.get_by_text("when it had 23 test cases.", exact=False)).to_be_visible()
        screenshot(tab, "health-04-list-after-restart")
        problems.click()
        expect(tab.get_by_role("heading", name="8 problems in 23 cases.")).to_be_visible()


def test_a_small_dataset_whose_keys_differ_passes_axe(tab: Page, app_url: str, faulty_api: Api) -> None:
    """Three cases with different keys draw the coverage chart with few marks: each chart keeps its text
    alternative."""
    cases = [
        {"name": "one", "inputs": {"question": "Where is my invoice?"}, "expectedOutputs": {"answer": "Billing"}},
        {"name": "two", "inputs": {"query": "Can I pay yearly?"}, "expectedOutputs": {"answer": "Yes"}},
        {"name": "three", "inputs": {"question": "Refund?", "tier": "pro"}},
    ]
    dataset = faulty_api.new_dataset("Small", cases=cases)
    tab.goto(f"{app_url}/datasets?dataset={dataset['id']}&view=health")
    charts = tab.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first.locator("canvas, svg").first).to_be_visible()
    idle(tab)
    assert violations(tab) == []

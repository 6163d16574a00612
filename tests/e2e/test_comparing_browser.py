"""Comparing two datasets in a real Chromium: each count and a different pair side by side, copying the missing
cases into A and undoing the copy, duplicating a dataset; axe at every impact level on each screen."""

from typing import Any

from playwright.sync_api import Page, expect

from tests.conftest import Api
from tests.e2e.browser import idle, screenshot, violations


def question(name: str, q: str, answer: str) -> dict[str, Any]:
    return {"name": name, "inputs": {"question": q}, "expectedOutputs": {"answer": answer}}


def seeded(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    golden = api.new_dataset(
        "Golden FAQ",
        cases=[question("Refund", "Can I get a refund?", "Within 30 days, from the Billing page."),
               question("Invoice", "Where is my invoice?", "Billing page"),
               question("Only mine", "Is this only here?", "Yes")],
    )  # fmt: skip
    scratch = api.new_dataset(
        "This week",
        cases=[question("Refund", "Can I get a refund?", "Within 14 days, from the Billing page."),
               question("Invoice", "Where is my invoice?", "Billing page"),
               question("Password", "How do I reset it?", "Use the link"),
               question("Plan", "How do I upgrade?", "Settings, then Plan")],
    )  # fmt: skip
    return golden, scratch


def looked_at(tab: Page, name: str) -> None:
    """The screen as a person leaves it: the pointer off every button (no tooltip open), saved and checked by axe."""
    tab.mouse.move(0, 0)
    expect(tab.get_by_role("tooltip")).to_have_count(0)
    idle(tab)
    screenshot(tab, name)
    assert violations(tab) == []


def counts(tab: Page) -> dict[str, str]:
    box = tab.locator(".st-key-compare_counts")
    expect(box.get_by_test_id("stMetric")).to_have_count(4)  # all drawn, as a person would see them
    found = {}
    for metric in box.get_by_test_id("stMetric").all():
        found[metric.get_by_test_id("stMetricLabel").inner_text().strip()] = (
            metric.get_by_test_id("stMetricValue").inner_text().strip()
        )
    return found


def test_compare_copy_the_missing_cases_undo_and_duplicate(tab: Page, app_url: str, faulty_api: Api) -> None:
    golden, scratch = seeded(faulty_api)
    tab.goto(f"{app_url}/datasets?dataset={golden['id']}")
    expect(tab.get_by_role("heading", name=golden["name"], exact=True)).to_be_visible()
    idle(tab)
    tab.get_by_role("link", name="Compare with another dataset").click()
    expect(tab.get_by_role("heading", name="Compare", exact=True)).to_be_visible()
    idle(tab)
    tab.get_by_role("combobox", name="Compare with (B)").click()
    tab.keyboard.type(scratch["name"])
    tab.get_by_role("option", name=f"{scratch['name']} · Support Chatbot (support-chatbot)").click()
    expect(tab.locator(".st-key-compare_counts")).to_contain_text(scratch["name"])
    idle(tab)
    assert counts(tab) == {"Only in A": "1", "Only in B": "2", "In both, different": "1", "Identical": "1"}
    assert f"compare={scratch['id']}" in tab.url  # the address is the link to send
    pair = tab.locator("[class*='st-key-compare_pair_']")
    expect(pair.locator("del").filter(has_text="30")).to_have_count(1)
    expect(pair.locator("strong").filter(has_text="14")).to_have_count(1)
    looked_at(tab, "compare-01-counts")

    tab.get_by_role("button", name="Copy all 2 into A").click()
    review = tab.locator(f".st-key-copy_review_{golden['id']}")
    expect(review).to_contain_text(f"Copy 2 test cases into {golden['name']}?")
    looked_at(tab, "compare-02-copy-review")
    review.get_by_role("button", name="Copy 2 test cases").click()
    expect(tab.get_by_text(f"Copied into {golden['name']}: 2 created.")).to_be_visible()
    idle(tab)
    expect(tab.locator(".st-key-compare_list_b")).to_have_count(0)  # the list of B's missing cases is gone
    assert counts(tab)["Only in B"] == "0"
    assert sorted(c["name"] for c in faulty_api.cases(golden["id"])) == [
        "Invoice", "Only mine", "Password", "Plan", "Refund",
    ]  # fmt: skip

    tab.get_by_role("link", name=f"Back to {golden['name']}").click()
    entry = tab.locator("[class*='st-key-history_entry_']").first
    expect(entry).to_contain_text("Copied in · +2 added")
    entry.get_by_role("button", name="Undo this change").click()
    tab.locator(".st-key-confirm_undo").get_by_role("button", name="Yes, undo it").click()
    expect(tab.get_by_text("Undone: 2 removed.", exact=False)).to_be_visible()
    assert sorted(c["name"] for c in faulty_api.cases(golden["id"])) == ["Invoice", "Only mine", "Refund"]
    idle(tab)

    tab.get_by_role("button", name="Duplicate", exact=True).click()
    form = tab.locator(".st-key-duplicate_form")
    expect(form.get_by_label("Name of the new dataset")).to_have_value(f"{golden['name']} (copy)")
    looked_at(tab, "compare-03-duplicate")
    form.get_by_role("button", name="Duplicate dataset").click()
    expect(tab.get_by_role("heading", name=f"{golden['name']} (copy)", exact=True)).to_be_visible()
    expect(tab.get_by_text("3 test cases", exact=False).first).to_be_visible()
    idle(tab)
    copies = [d for d in faulty_api.get("/datasets").json()["data"] if d["name"] == f"{golden['name']} (copy)"]
    assert len(copies) == 1
    assert faulty_api.contents(copies[0]["id"]) == faulty_api.contents(golden["id"])
    looked_at(tab, "compare-04-duplicated")

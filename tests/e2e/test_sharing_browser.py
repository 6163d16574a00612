"""Links that prefill the create form, "Copy a link to this form", and the demo reset, in a real Chromium."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page, expect

from sandbox.store import Store
from tests.e2e.browser import idle, screenshot, violations
from tests.servers import streamlit_server


def test_a_link_fills_the_form_and_the_form_gives_its_link(tab: Page, app_url: str) -> None:
    tab.goto(app_url + "/?pipeline=support-chatbot&golden=true&name=New+golden+set&description=For+the+Q3+review")
    expect(tab.get_by_label("Name", exact=True)).to_have_value("New golden set")
    expect(tab.get_by_label("Description (optional)", exact=True)).to_have_value("For the Q3 review")
    expect(tab.get_by_role("combobox", name="Pipeline slug")).to_have_value("Support Chatbot (support-chatbot)")
    expect(tab.get_by_text("This will replace")).to_be_visible()
    idle(tab)

    tab.get_by_label("Name", exact=True).fill("Edited before sharing")
    tab.get_by_role("button", name="Copy a link to this form").click()
    link_box = tab.locator(".st-key-form_link")
    expect(link_box).to_contain_text("A link to this form as it is filled in now.")
    idle(tab)
    link = link_box.locator("code").inner_text().strip()
    assert dict(parse_qsl(urlsplit(link).query)) == {
        "pipeline": "support-chatbot", "golden": "true", "name": "Edited before sharing",
        "description": "For the Q3 review",
    }  # fmt: skip
    screenshot(tab, "share-01-prefilled")
    assert violations(tab) == []

    tab.goto(link)  # the link opens the same form
    expect(tab.get_by_label("Name", exact=True)).to_have_value("Edited before sharing")


def test_bad_values_in_a_link_are_shown_as_field_errors(tab: Page, app_url: str) -> None:
    tab.goto(app_url + "/?pipeline=Support+Chatbot&golden=maybe&name=" + "x" * 300)
    expect(tab.get_by_text("A pipeline slug uses lowercase letters")).to_be_visible()
    expect(tab.get_by_text("The link says golden='maybe'; it must be true or false.")).to_be_visible()
    expect(tab.get_by_text("Shorten the name to 255 characters or fewer (it has 300).")).to_be_visible()
    idle(tab)
    assert violations(tab) == []


@pytest.fixture(scope="module")
def sandbox_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app in sandbox mode, on a sandbox database of its own."""
    folder = tmp_path_factory.mktemp("sandbox-app")
    db = folder / "demo.db"
    env = {"GENTRACE_API_KEY": "", "STUDIO_SANDBOX_DB": str(db), "STUDIO_AUDIT_LOG": str(folder / "audit.jsonl")}
    with streamlit_server("app.py", env, folder / "streamlit.log") as (url, _):
        yield url, db


def dataset_names(db: Path) -> set[str]:
    store = Store(db)
    try:
        return {d["name"] for d in store.list_datasets(None, None, True)}
    finally:
        store.close()


def test_reset_demo_data_asks_first_then_brings_the_seed_back(tab: Page, sandbox_app: tuple[str, Path]) -> None:
    url, db = sandbox_app
    tab.goto(url + "/?pipeline=support-chatbot&name=Made+in+the+demo")
    expect(tab.get_by_label("Name", exact=True)).to_have_value("Made in the demo")
    idle(tab)
    tab.get_by_role("button", name="Create dataset").click()
    expect(tab.get_by_text("Dataset created.")).to_be_visible()
    assert "Made in the demo" in dataset_names(db)

    tab.get_by_test_id("stSidebar").get_by_role("link", name="Connection").click()
    tab.get_by_role("button", name="Reset demo data").click()
    confirm = tab.locator(".st-key-confirm_reset")
    expect(confirm).to_contain_text("what was created, changed or imported here is lost")
    idle(tab)
    screenshot(tab, "share-02-reset-confirm")
    assert violations(tab) == []
    assert "Made in the demo" in dataset_names(db)
    confirm.get_by_role("button", name="Yes, reset the demo data").click()
    expect(tab.get_by_text("The demo data is back as it was at the start.")).to_be_visible()
    names = dataset_names(db)
    assert "Made in the demo" not in names and "Billing questions" in names

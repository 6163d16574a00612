"""Two copies of the studio on one PostgreSQL, in a real Chromium: a dataset created through the first is on the
second's Activity page with its name, and after both restart it is still there; axe at every impact level."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from sandbox.server import RunningSandbox
from tests.e2e.browser import card, choose_pipeline, create_button, idle, name_field, screenshot, unique, violations
from tests.servers import streamlit_server


@pytest.mark.parametrize("history_url", ["postgresql"], indirect=True)
def test_two_copies_on_one_postgresql_show_the_same_activity_after_a_restart(
    browser: Browser, faulty: RunningSandbox, history_url: str, tmp_path: Path
) -> None:
    env = {"GENTRACE_API_KEY": faulty.api_key, "GENTRACE_BASE_URL": faulty.base_url, "STUDIO_DATABASE_URL": history_url}
    name = unique("Made on the first copy")
    for run in range(2):
        folders = [tmp_path / f"{copy}-{run}" for copy in ("first", "second")]
        for folder in folders:
            folder.mkdir()
        with (
            streamlit_server("app.py", env, folders[0] / "streamlit.log") as (first, _),
            streamlit_server("app.py", env, folders[1] / "streamlit.log") as (second, _),
        ):
            context = browser.new_context(
                viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Berlin", accept_downloads=True
            )
            tab = context.new_page()
            if run == 0:
                tab.goto(first)
                expect(tab.get_by_role("heading", name="Create a dataset")).to_be_visible()
                idle(tab)
                choose_pipeline(tab, "Support Chatbot (support-chatbot)")
                name_field(tab).fill(name)
                create_button(tab).click()
                expect(card(tab).get_by_role("heading", name=name)).to_be_visible()
            tab.goto(f"{second}/activity")
            table = tab.locator(".st-key-activity_table")
            expect(table.get_by_role("link", name=name, exact=True)).to_be_visible()
            expect(table).to_contain_text("Created the dataset")
            expect(tab.get_by_role("combobox", name="Person")).to_be_visible()
            expect(tab.get_by_role("button", name="Download activity (CSV)")).to_be_visible()
            idle(tab)
            if run == 0:
                tab.mouse.move(0, 0)
                screenshot(tab, "activity-01-two-copies")
                assert violations(tab) == []
            with tab.expect_download() as download:
                tab.get_by_role("button", name="Download activity (CSV)").click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert text.startswith("When (UTC),Who,Dataset,Dataset ID,Action,What happened,Outcome,Copy")
            assert f"{name}," in text and "dataset created" in text
            context.close()

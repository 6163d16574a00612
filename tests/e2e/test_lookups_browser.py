"""What a person sees around the create: a pipeline list that fails at start-up comes back by itself, and the
result of a create is shown where the person is looking, even on a short screen."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, expect

from sandbox.server import RunningSandbox, start_in_thread
from tests.conftest import Api
from tests.e2e.browser import card, choose_pipeline, create_button, description_field, idle, name_field, screenshot
from tests.servers import streamlit_server


@pytest.fixture(scope="module")
def blip_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    running = start_in_thread(tmp_path_factory.mktemp("blip") / "gentrace.db", faults=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def blip_app_url(blip_sandbox: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The first load of the list fails: every try (the request and its 2 retries) gets a 503.
    Api(blip_sandbox).inject("GET /api/v4/pipelines", "status=503", 3)
    env = {"GENTRACE_API_KEY": blip_sandbox.api_key, "GENTRACE_BASE_URL": blip_sandbox.base_url}
    log_path: Path = tmp_path_factory.mktemp("blip-streamlit") / "streamlit.log"
    with streamlit_server("app.py", env, log_path) as (url, _):
        yield url


def test_a_pipeline_list_that_failed_at_start_up_comes_back_without_a_click(
    browser: Browser, blip_app_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(blip_app_url)
    expect(page.get_by_text("The list of pipelines could not be loaded", exact=False)).to_be_visible()
    expect(page.get_by_role("textbox", name="Pipeline slug")).to_be_visible()
    # Nobody touches the page: within seconds the list is asked for again and the searchable picker replaces the box.
    expect(page.get_by_role("combobox", name="Pipeline slug")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("The list of pipelines could not be loaded", exact=False)).to_have_count(0)
    idle(page)
    choose_pipeline(page, "Support Chatbot (support-chatbot)")
    context.close()


def uncovered(locator: Locator) -> bool:
    """True when a click at the element's centre would reach it: nothing (such as a sticky header) lies on top."""
    return bool(
        locator.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
            " return top !== null && (e === top || e.contains(top)); }"
        )
    )


def test_after_a_create_on_a_short_screen_the_result_is_in_view(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 600})
    page = context.new_page()
    page.goto(app_url)
    expect(page.get_by_role("combobox", name="Pipeline slug")).to_be_visible()
    idle(page)
    choose_pipeline(page, "Meeting Notes (meeting-notes)")
    name_field(page).fill("Seen at once")
    description_field(page).fill("A description long enough\nto take\nseveral\nlines\nof the page")
    create_button(page).scroll_into_view_if_needed()
    expect(page.get_by_role("heading", name="Create a dataset")).not_to_be_in_viewport()
    create_button(page).click()
    banner = page.get_by_text("Dataset created.")
    expect(card(page)).to_be_visible()
    idle(page)
    expect(banner).to_be_in_viewport(ratio=1)
    assert uncovered(banner), "the success banner is hidden behind the app's header"
    page.screenshot(path=str(screenshot(page, "04-success-on-a-short-screen")))  # what the viewport shows
    context.close()

"""A real Chromium (the system one) driving `streamlit run app.py` against a fresh sandbox."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.app_process import CHROMIUM_ARGS, IDLE, chromium_path, streamlit_server
from sandbox.server import RunningSandbox, start_in_thread
from tests.conftest import ROOT, Api

ARTIFACTS = ROOT / "artifacts"
CANARY_KEY = "gen_api_CANARY_never_show_me_4c1d2e"

expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium; a missing one skips the browser tests, or fails them when REQUIRE_E2E=1."""
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail(message + "; REQUIRE_E2E=1 makes the browser tests mandatory")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    path = chromium
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def e2e_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    # A recognisable key, so the leak test can search for it; faults on so tests can make Gentrace misbehave.
    running = start_in_thread(tmp_path_factory.mktemp("e2e") / "gentrace.db", api_key=CANARY_KEY, faults=True)
    yield running
    running.stop()


@pytest.fixture
def sandbox_api(e2e_sandbox: RunningSandbox) -> Iterator[Api]:
    api = Api(e2e_sandbox)
    yield api
    api.clear_faults()  # no fault outlives its test


@pytest.fixture(scope="module")
def app_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("streamlit") / "streamlit.log"


@pytest.fixture(scope="module")
def app_url(e2e_sandbox: RunningSandbox, app_log: Path) -> Iterator[str]:
    log_path = app_log
    env = {"GENTRACE_API_KEY": e2e_sandbox.api_key, "GENTRACE_BASE_URL": e2e_sandbox.base_url}
    try:
        with streamlit_server("app.py", env, log_path) as (url, _):
            yield url
    finally:
        (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / "logs" / f"streamlit-{log_path.parent.name}.log")


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Berlin")
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(app_url)
    expect(tab.get_by_role("heading", name="Create a dataset")).to_be_visible()
    idle(tab)
    yield tab
    assert dialogs == [], f"a script ran in the page: {dialogs}"
    context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A fresh browser context with nothing opened yet (the `page` fixture opens the app first)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Berlin", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)


def screenshot(page: Page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

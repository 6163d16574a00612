"""The fixtures of the browser tests: the system Chromium, `streamlit run app.py` against the faulty sandbox (one per
module), and a fresh browser context per test. The helpers that drive a page are in browser.py."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sandbox.server import RunningSandbox
from tests.e2e.browser import ARTIFACTS, idle
from tests.servers import CHROMIUM_ARGS, chromium_path, streamlit_server

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
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def app_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("streamlit") / "streamlit.log"


def _studio(faulty: RunningSandbox, log_path: Path) -> Iterator[str]:
    env = {"GENTRACE_API_KEY": faulty.api_key, "GENTRACE_BASE_URL": faulty.base_url}
    try:
        with streamlit_server("app.py", env, log_path) as (url, _):
            yield url
    finally:
        (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
        shutil.copy(log_path, ARTIFACTS / "logs" / f"streamlit-{log_path.parent.name}.log")


@pytest.fixture(scope="module")
def app_url(faulty: RunningSandbox, app_log: Path) -> Iterator[str]:
    """The studio, connected to the faulty sandbox as to Gentrace."""
    yield from _studio(faulty, app_log)


@pytest.fixture(scope="module")
def import_app(faulty: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A studio of its own, so the first request after its start is a link to the import page (see routing.py)."""
    yield from _studio(faulty, tmp_path_factory.mktemp("import-app") / "streamlit.log")


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """The studio's first page, open in a fresh context; no script may run in it."""
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

"""A real Chromium (the system one) driving `streamlit run app.py` against a fresh sandbox."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sandbox.server import RunningSandbox, start_in_thread
from tests.conftest import ROOT, Api

ARTIFACTS = ROOT / "artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CANARY_KEY = "gen_api_CANARY_never_show_me_4c1d2e"

expect.set_options(timeout=30_000)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


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
    api.session.delete(e2e_sandbox.base_url + "/__sandbox/faults", timeout=10)  # no fault outlives its test


def inject(api: Api, fault: str, route: str = "POST /api/v4/datasets", times: int = 1) -> None:
    """The next `times` requests on `route` get `fault` (see sandbox/faults.py)."""
    admin = api.base.removesuffix("/v4") + "/__sandbox/faults"
    response = api.session.post(admin, json={"route": route, "fault": fault, "times": times}, timeout=10)
    assert response.status_code == 200, response.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def streamlit_server(
    script: str, env: dict[str, str], log_path: Path, port: int | None = None, options: list[str] | None = None
) -> Iterator[tuple[str, int]]:
    """`streamlit run script` on a free loopback port (or `port`), logging to `log_path`; yields its URL and process
    id. `options` are more `--name value` pairs for Streamlit."""
    port = port or free_port()
    env = {"STUDIO_AUDIT_LOG": str(log_path.parent / "audit.jsonl"), **env}  # never into the project
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--logger.level", os.environ.get("E2E_STREAMLIT_LOG_LEVEL", "info"), *(options or []),
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # waiting for readiness, not for timing
            try:
                if requests.get(url + "/_stcore/health", timeout=2).text == "ok":
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script} did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


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

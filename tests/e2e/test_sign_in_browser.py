"""Sign-in end to end in a real Chromium, offline, against a local OpenID Connect provider: signed out → only the
sign-in screen and nothing fetched; an allowed person → the app, and the audit log names them; a disallowed email →
the no-access page and nothing fetched; sign out. Plus a prefilled link, the Activity page and axe-core."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, Page, Route, expect

from sandbox.server import RunningSandbox
from services.activity.store import ActivityFilter, ActivityStore
from services.database.engine import open_database
from tests.conftest import COUNTER, Api
from tests.e2e.browser import idle, screenshot, violations
from tests.servers import free_port, streamlit_server

LISTS = "GET /api/v4/pipelines"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signed_app(
    faulty: RunningSandbox, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """An app with sign-in on (its own secrets file), open to example.com; yields its address and audit log (the
    app's own log is `streamlit.log` beside it)."""
    folder = tmp_path_factory.mktemp("signed-app")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-enough-cookie-secret-for-tests"\n'
        'client_id = "studio"\nclient_secret = "studio-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    audit = folder / "audit.jsonl"
    env = {
        "GENTRACE_API_KEY": faulty.api_key,
        "GENTRACE_BASE_URL": faulty.base_url,
        "STUDIO_ALLOWED_DOMAINS": "example.com",
        "STUDIO_ACCESS_CONTACT": "the data team",
        "STUDIO_AUDIT_LOG": str(audit),
    }
    options = ["--secrets.files", str(secrets)]
    with streamlit_server("app.py", env, folder / "streamlit.log", port=port, options=options):
        yield f"http://localhost:{port}", audit  # one host name throughout: the sign-in cookie is per host


def _offline(route: Route) -> None:
    host = route.request.url.split("/")[2].split(":")[0]
    if host in ("localhost", "127.0.0.1"):
        route.continue_()
    else:
        route.abort()  # the provider's pages link a stylesheet on a CDN


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, timezone_id="Europe/Berlin")
    context.route("**/*", _offline)
    page = context.new_page()
    yield page
    context.close()


def count_lists(api: Api) -> None:
    api.clear_faults()
    api.inject(LISTS, COUNTER, 1000)


def lists_fetched(api: Api) -> int:
    return api.requests_seen(LISTS)


def sign_in(tab: Page, url: str, email: str) -> None:
    tab.goto(url)
    tab.get_by_role("button", name="Sign in").click()
    tab.locator("input[name=sub]").fill(email)
    tab.get_by_role("button", name="Authorize").click()


def test_signed_out_signed_in_and_signed_out_again(tab: Page, signed_app: tuple[str, Path], faulty_api: Api) -> None:
    url, audit = signed_app
    count_lists(faulty_api)
    tab.goto(url + "/datasets")
    expect(tab.get_by_role("button", name="Sign in")).to_be_visible()
    idle(tab)
    expect(tab.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert lists_fetched(faulty_api) == 0
    screenshot(tab, "sign-in-01-signed-out")
    assert violations(tab) == []

    sign_in(tab, url, "ann@example.com")
    sidebar = tab.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Signed in as ann@example.com")
    expect(tab.get_by_role("heading", name="Create a dataset")).to_be_visible()
    idle(tab)
    assert lists_fetched(faulty_api) >= 1
    screenshot(tab, "sign-in-02-signed-in")
    assert violations(tab) == []

    # A change made while signed in is recorded with the person's email.
    tab.goto(url + "/?pipeline=support-chatbot&name=Signed+in+set")
    expect(tab.get_by_label("Name", exact=True)).to_have_value("Signed in set")
    idle(tab)
    tab.get_by_role("button", name="Create dataset").click()
    expect(tab.get_by_text("Dataset created.")).to_be_visible()
    kept = ActivityStore(open_database(f"sqlite:///{audit.parent / 'studio.db'}")).everything(ActivityFilter())
    entries = [json.loads(entry.to_line()) for entry in kept]  # the studio's database holds the audit trail
    assert [(e["who"], e["action"], e["outcome"]) for e in entries] == [("ann@example.com", "dataset created", "ok")]
    key = faulty_api.session.headers["Authorization"].split()[1]
    assert not audit.exists() and key not in "".join(entry.to_line().decode() for entry in kept)
    app_log = (audit.parent / "streamlit.log").read_text()
    assert (
        "studio.audit" in app_log and '"who":"ann@example.com","mode":"gentrace","action":"dataset created"' in app_log
    )
    assert key not in app_log

    tab.goto(url + "/activity")
    expect(tab.get_by_role("table")).to_contain_text("ann@example.com")
    expect(tab.get_by_role("combobox", name="Person")).to_be_visible()  # drawn a moment after the table
    idle(tab)
    screenshot(tab, "sign-in-03-activity")
    assert violations(tab) == []

    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("button", name="End session").click()
    expect(tab.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_disallowed_email_sees_no_access_and_nothing_is_fetched(
    tab: Page, signed_app: tuple[str, Path], faulty_api: Api
) -> None:
    url, _ = signed_app
    count_lists(faulty_api)
    sign_in(tab, url, "eve@elsewhere.org")
    expect(tab.get_by_role("heading", name="No access")).to_be_visible()
    expect(tab.get_by_text("You are signed in as eve@elsewhere.org")).to_be_visible()
    expect(tab.get_by_text("Ask the data team for access.")).to_be_visible()
    idle(tab)
    tab.goto(url + "/datasets?pipeline_id=x")  # a deep link shows the same page
    expect(tab.get_by_role("heading", name="No access")).to_be_visible()
    idle(tab)
    assert lists_fetched(faulty_api) == 0
    expect(tab.get_by_test_id("stSidebarNav")).to_have_count(0)
    screenshot(tab, "sign-in-04-no-access")
    assert violations(tab) == []

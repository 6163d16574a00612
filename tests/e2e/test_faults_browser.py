"""When Gentrace misbehaves, in a real browser: a plain message, every input kept, never two datasets, and the
next try works. Also: the API key never reaches the page, the websocket or the app's log."""

from pathlib import Path

from playwright.sync_api import Page, WebSocket, expect

from tests.conftest import CANARY_KEY, Api
from tests.e2e.browser import (
    card,
    choose_pipeline,
    count_named,
    create_button,
    description_field,
    idle,
    name_field,
    unique,
)


def fill(page: Page, name: str) -> None:
    choose_pipeline(page, "Contract Review (contract-review)")
    name_field(page).fill(name)
    description_field(page).fill("Kept through the failure")


def assert_kept(page: Page, name: str) -> None:
    expect(name_field(page)).to_have_value(name)
    expect(description_field(page)).to_have_value("Kept through the failure")
    expect(page.get_by_role("combobox", name="Pipeline slug")).to_have_value("Contract Review (contract-review)")


def test_server_error_keeps_input_and_the_retry_creates_one(page: Page, faulty_api: Api) -> None:
    name = unique("Outage")
    fill(page, name)
    faulty_api.inject("POST /api/v4/datasets", "status=500")
    create_button(page).click()
    expect(page.get_by_text("Gentrace had a problem on its side")).to_be_visible()
    expect(page.get_by_text("safe to try again", exact=False)).to_be_visible()
    assert_kept(page, name)
    assert count_named(faulty_api, name) == 0
    create_button(page).click()
    expect(card(page)).to_be_visible()
    assert count_named(faulty_api, name) == 1


def test_connection_dropped_after_the_write_shows_the_dataset_once(page: Page, faulty_api: Api) -> None:
    name = unique("Dropped")
    fill(page, name)
    faulty_api.inject("POST /api/v4/datasets", "drop=after")
    create_button(page).click()
    expect(card(page)).to_be_visible()
    expect(page.get_by_text("created exactly once", exact=False)).to_be_visible()
    assert count_named(faulty_api, name) == 1


def test_revoked_key_is_explained_and_input_kept(page: Page, faulty_api: Api) -> None:
    name = unique("Revoked")
    fill(page, name)
    faulty_api.inject("POST /api/v4/datasets", "status=401")
    create_button(page).click()
    expect(page.get_by_text("The Gentrace API key was rejected", exact=False)).to_be_visible()
    assert_kept(page, name)
    assert count_named(faulty_api, name) == 0


def test_rate_limit_says_when_to_try_again(page: Page, faulty_api: Api) -> None:
    name = unique("Throttled")
    fill(page, name)
    faulty_api.inject("POST /api/v4/datasets", "status=429;retry-after=3")
    create_button(page).click()
    expect(page.get_by_text("Try again in 3 seconds", exact=False)).to_be_visible()
    assert_kept(page, name)
    create_button(page).click()
    expect(card(page)).to_be_visible()
    assert count_named(faulty_api, name) == 1


def test_the_key_never_reaches_the_browser_or_the_log(page: Page, faulty_api: Api, app_url: str, app_log: Path) -> None:
    frames: list[str] = []

    def capture(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: frames.append(repr(payload)))
        socket.on("framesent", lambda payload: frames.append(repr(payload)))

    page.on("websocket", capture)
    for fault in ("status=401", "status=403", "status=500", "drop=before", "body=not-json", "drop=after"):
        page.goto(app_url)  # a fresh session each time, so the outcome awaited below is this fault's
        expect(page.get_by_role("combobox", name="Pipeline slug")).to_be_visible()
        idle(page)
        fill(page, unique("Leak check"))
        faulty_api.inject("POST /api/v4/datasets", fault)
        create_button(page).click()
        expect(page.locator("[data-testid='stAlertContentError'], .st-key-result_card").first).to_be_visible()
    page.get_by_role("link", name="Connection").click()
    page.get_by_role("button", name="Test connection").click()
    expect(page.get_by_text("The key works", exact=False)).to_be_visible()
    assert len(frames) > 20
    assert not [f for f in frames if CANARY_KEY in f]
    assert CANARY_KEY not in page.content()
    assert CANARY_KEY not in app_log.read_text()

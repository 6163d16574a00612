"""Hostile files in a real Chromium against `streamlit run`: the file that used to stop the server costs its uploader
a plain message while another tab imports as usual, and a heading written as a markdown image fetches nothing."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from components.shared.text import label
from tests.conftest import Api
from tests.e2e.browser import idle, open_for, screenshot, upload, violations
from tests.hostile_files import far_cell_workbook


class Listener(ThreadingHTTPServer):
    """A local web server that counts every request made to it."""

    requests_seen = 0


class _Count(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        assert isinstance(self.server, Listener)
        self.server.requests_seen += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener(("127.0.0.1", 0), _Count)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_crash_workbook_is_refused_and_another_tab_imports_meanwhile(
    tab: Page, browser: Browser, import_app: str, faulty_api: Api, tmp_path: Path
) -> None:
    hostile = faulty_api.new_dataset("Hostile upload")["id"]
    open_for(tab, import_app, hostile)
    upload(tab, tmp_path, "tiny.xlsx", far_cell_workbook("XFD1048576"))
    error = tab.locator(".st-key-import_file_error")
    expect(error).to_contain_text("Nothing can be imported from “tiny.xlsx”")
    expect(error).to_contain_text("This workbook is too large to read safely")
    idle(tab)
    expect(tab.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    assert requests.get(import_app + "/_stcore/health", timeout=5).text == "ok"
    screenshot(tab, "hostile-01-refused-workbook")
    assert violations(tab) == []

    other = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        second = other.new_page()
        dataset = faulty_api.new_dataset("Meanwhile")["id"]
        open_for(second, import_app, dataset)
        upload(second, tmp_path, "cases.csv", b"name,question\r\nA,One?\r\nB,Two?\r\n")
        expect(second.locator(".st-key-import_counts")).to_contain_text("2 will become test cases")
        idle(second)
        second.get_by_role("button", name="Import 2 test cases").click()
        expect(second.locator(".st-key-import_result")).to_contain_text("Import finished: 2 test cases created.")
    finally:
        other.close()
    assert sorted(c["name"] for c in faulty_api.cases(dataset)) == ["A", "B"]
    assert sorted(c["name"] for c in faulty_api.cases(hostile)) == []


def test_a_heading_written_as_a_markdown_image_fetches_nothing(
    tab: Page, import_app: str, faulty_api: Api, tmp_path: Path, listener: Listener
) -> None:
    pixel = f"http://127.0.0.1:{listener.server_address[1]}/px"
    heading = f"![i]({pixel})"
    dataset = faulty_api.new_dataset("Image heading")["id"]
    open_for(tab, import_app, dataset)
    upload(tab, tmp_path, "image.csv", f'name,"{heading}"\r\nA,x\r\n'.encode())
    expect(tab.locator(".st-key-import_counts")).to_contain_text("1 will become test cases")
    tab.get_by_text("Change what each column becomes").click()
    named = label(heading)  # what markdown would act on is escaped; ordinary headings are named as written
    expect(tab.get_by_role("combobox", name=f"Role of {named}", exact=True)).to_be_visible()
    expect(tab.get_by_role("textbox", name=f"Key of {named}", exact=True)).to_be_visible()
    expect(tab.locator(".stMarkdown strong").filter(has_text="![i](")).to_have_count(1)
    idle(tab)
    assert tab.locator(f"img[src='{pixel}']").count() == 0
    assert listener.requests_seen == 0

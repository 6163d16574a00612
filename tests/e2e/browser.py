"""Driving the studio in a real Chromium the way a person does: wait for what they would see, find things by their
labels, and check each screen with axe-core. Every browser test uses these; the fixtures are in conftest.py."""

import uuid
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.conftest import ROOT, Api
from tests.servers import IDLE

ARTIFACTS = ROOT / "artifacts"


def idle(page: Page) -> None:
    """Waits until the app has finished its script run, as a person waits for the page to settle."""
    page.wait_for_selector(IDLE, timeout=30_000)


def screenshot(page: Page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def violations(page: Page) -> list[str]:
    """What axe-core finds on the page at every impact level, each with where and why.

    One finding is left out: Streamlit's file drop zone is a `role="presentation"` element that is focusable, which
    axe calls a role conflict; the zone's own button and label name it, and it is not ours to change.
    """
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        nodes = [
            node
            for node in violation["nodes"]
            if not (violation["id"] == "presentation-role-conflict" and "stFileUploaderDropzone" in node["html"])
        ]
        if nodes:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at "
                f"{[node['target'] for node in nodes]}: {nodes[0]['failureSummary']}"
            )
    return found


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:6]}"


# -- the Create page ------------------------------------------------------------------------------------------------


def choose_pipeline(page: Page, option: str, label: str = "Pipeline slug") -> None:
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option).click()
    expect(box).to_have_value(option)
    # Done when the page shows it: the preview names the pipeline only after the rerun for this choice.
    expect(page.locator(".st-key-pipeline_preview")).to_contain_text(option.split(" (")[0])
    idle(page)


def type_pipeline(page: Page, text: str, label: str = "Pipeline slug") -> None:
    """A pipeline that is not in the list is typed into its own field, after saying so."""
    page.get_by_text("It is not in the list", exact=False).click()
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value(text)
    idle(page)


def highlight_option(page: Page, box: Locator, name: str, limit: int = 10) -> None:
    """Moves the highlight with the arrow keys to the option `name`, looking after each key as a person would.

    Keys pressed before the filtered list is drawn are lost: the list highlights its first option when it appears
    (that race made this flow pick "Add: …" one run in three). So wait for the highlight to settle on the first
    option, then press ArrowDown until the combobox's active option (what a screen reader announces) is `name`."""
    options = page.get_by_role("option")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id") or "")
    target = page.get_by_role("option", name=name, exact=True)
    target_id = target.get_attribute("id") or ""
    for _ in range(limit):
        if box.get_attribute("aria-activedescendant") == target_id:
            return
        before = box.get_attribute("aria-activedescendant") or ""
        page.keyboard.press("ArrowDown")
        expect(box).not_to_have_attribute("aria-activedescendant", before)
    raise AssertionError(f"the arrow keys never reached {name!r}")


def tab_to(page: Page, accessible_name: str, limit: int = 40) -> None:
    """Presses Tab until the focused element has this label, as a keyboard user would."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const e = document.activeElement; "
            "return e ? (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) "
            "|| e.innerText || '').trim() : '' }"
        )
        # A button's text starts with its icon's ligature name ("add"), so compare the last line.
        if label and label.splitlines()[-1].strip() == accessible_name:
            return
        seen.append(label[-40:])
    raise AssertionError(f"Tab never reached {accessible_name!r}: {seen}")


def name_field(page: Page) -> Locator:
    return page.get_by_label("Name", exact=True)


def description_field(page: Page) -> Locator:
    return page.get_by_label("Description (optional)", exact=True)


def create_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Create dataset")


def card(page: Page) -> Locator:
    return page.locator(".st-key-result_card")


def count_named(api: Api, name: str) -> int:
    return [d["name"] for d in api.get("/datasets").json()["data"]].count(name)


# -- a dataset's page -----------------------------------------------------------------------------------------------


def open_view(tab: Page, url: str, dataset: dict[str, Any], view: str = "") -> None:
    """A dataset's page (`view="health"`: its Health view), opened by its address."""
    tab.goto(f"{url}/datasets?dataset={dataset['id']}" + (f"&view={view}" if view else ""))
    heading = "Health" if view == "health" else dataset["name"]
    expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    idle(tab)


def tick(tab: Page, name: str) -> None:
    """Ticks a case's box, as a person clicks it (the input itself is drawn over by its label)."""
    table = tab.locator(".st-key-test_case_table")
    table.locator("label").filter(has=tab.get_by_role("checkbox", name=name, exact=True)).click()


# -- the Add-test-cases page ----------------------------------------------------------------------------------------


def rows_csv(count: int, problems: int = 0) -> bytes:
    lines = ["name;question;expected_answer;priority"]
    lines += [f"Case {n};How do I do thing {n}?;Like this, step {n};{n:05d}" for n in range(count)]
    lines += [f";no name {n};x;1" for n in range(problems)]
    return ("\r\n".join(lines) + "\r\n").encode()


def open_for(page: Page, url: str, dataset: str) -> None:
    page.goto(f"{url}/import_test_cases?dataset={dataset}")
    expect(page.locator(".st-key-dataset_summary")).to_be_visible()
    idle(page)


def upload(page: Page, tmp_path: Path, name: str, data: bytes) -> None:
    """Gives the page a file, as a person drops it in (after "Choose another file" when one is held already)."""
    another = page.get_by_role("button", name="Choose another file")
    if another.count():
        another.click()
        idle(page)
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("input[type='file']").set_input_files(str(path))
    expect(page.locator(".st-key-importing_held_file")).to_contain_text(name)
    idle(page)

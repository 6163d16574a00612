"""Many people at once: 20 browser sessions, each creating 5 datasets, against one app and one sandbox."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.async_api import Page, async_playwright, expect

from tests.conftest import Api
from tests.servers import CHROMIUM_ARGS, IDLE

SESSIONS = 20
CREATES = 5


async def one_person(page: Page, number: int) -> list[str]:
    errors: list[str] = []
    for n in range(CREATES):
        await page.get_by_role("combobox", name="Pipeline slug").click()
        await page.get_by_role("option", name="Email Summarizer (email-summarizer)").click()
        await expect(page.locator(".st-key-pipeline_preview")).to_be_visible(timeout=60_000)
        await page.wait_for_selector(IDLE)
        await page.get_by_label("Name", exact=True).fill(f"Person {number} set {n}")
        await page.get_by_role("button", name="Create dataset").click()
        another = page.get_by_role("button", name="Create another dataset")
        await expect(another).to_be_visible(timeout=60_000)
        errors += await page.get_by_test_id("stAlertContentError").all_inner_texts()
        await another.click()
        await expect(page.get_by_role("combobox", name="Pipeline slug")).to_have_value("", timeout=60_000)
        await page.wait_for_selector(IDLE)
    return errors


async def everyone(chromium: str, url: str) -> list[str]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        pages = []
        for _ in range(SESSIONS):  # open the sessions one by one; the creates then run all at once
            page = await (await browser.new_context()).new_page()
            await page.goto(url, timeout=120_000)
            await page.wait_for_selector(IDLE, timeout=120_000)
            pages.append(page)
        results = await asyncio.gather(*(one_person(page, n) for n, page in enumerate(pages)))
        await browser.close()
    return [error for errors in results for error in errors]


def test_20_sessions_creating_5_each_make_exactly_100(chromium: str, app_url: str, faulty_api: Api) -> None:
    # Its own thread: the other browser tests' sync Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(lambda: asyncio.run(everyone(chromium, app_url))).result() == []
    names = [d["name"] for d in faulty_api.get("/datasets", params={"pipelineSlug": "email-summarizer"}).json()["data"]]
    made = [name for name in names if name.startswith("Person ")]
    assert sorted(made) == sorted(f"Person {p} set {n}" for p in range(SESSIONS) for n in range(CREATES))

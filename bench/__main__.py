"""`make bench`: every figure is a ratio against a baseline measured in the same run, on the same sandbox."""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from bench import load
from bench.measure import (
    API_KEY,
    ROOT,
    Row,
    interleaved,
    median,
    memory_kib,
    percentile,
    print_table,
    sandbox_process,
)
from sandbox.seed import seed_demo_data
from sandbox.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def first_pipeline(base_url: str, slug: str = "support-chatbot") -> str:
    response = requests.get(
        base_url + "/v4/pipelines", params={"slug": slug}, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30
    )
    return str(response.json()["data"][0]["id"])


def populate(db_path: Path, pipelines: int, datasets: int, heavy: int) -> None:
    """Demo data plus `pipelines` pipelines sharing `datasets` datasets, and one pipeline with `heavy` datasets."""
    store = Store(db_path)
    seed_demo_data(store)
    with store.write() as db:
        ids = [store.insert_pipeline(db, f"bench-{i:05d}", f"Bench pipeline {i}", None) for i in range(pipelines)]
        for i in range(datasets):
            store.insert_dataset(db, str(ids[i % pipelines]), f"Dataset {i}", None, False)
        if heavy:
            heavy_id = store.insert_pipeline(db, "bench-heavy", "Heavy", None)
            for i in range(heavy):
                store.insert_dataset(db, str(heavy_id), f"Heavy {i}", None, False)
    store.close()


def bench_client_create(base_url: str, repetitions: int) -> Row:
    from services.gentrace.client import GentraceClient
    from services.gentrace.types import DatasetCreate

    client = GentraceClient(base_url, API_KEY)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    request = DatasetCreate.from_form(
        name="bench", description="", is_golden=False, pipeline_mode="slug", pipeline="support-chatbot"
    )
    body = request.to_body()

    def bare() -> None:
        session.post(base_url + "/v4/datasets", json=body, timeout=30).raise_for_status()

    ours, baseline = interleaved(lambda: client.create_dataset(request), bare, repetitions)
    return Row(
        "1. create: GentraceClient vs bare requests post",
        ms(median(ours)),
        ms(median(baseline)),
        median(ours) / median(baseline),
        "≤ 1.10",
    )


def bench_import(repetitions: int) -> Row:
    def timed(statement: str) -> float:
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        return float(result.stdout)

    ours: list[float] = []
    baseline: list[float] = []
    for _ in range(repetitions):
        ours.append(timed("import services.gentrace.client, services.datasets.create"))
        baseline.append(timed("import requests"))
    return Row(
        "2. import services vs import requests", ms(median(ours)), ms(median(baseline)), median(ours) / median(baseline)
    )


def _page_runs(base_url: str, reruns: int) -> tuple[list[float], int]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.create.pipeline_picker import value_key
    from services.gentrace.client import GentraceClient

    calls = 0
    original = GentraceClient.list_pipelines

    def counted(self: GentraceClient, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(self, **kwargs)  # type: ignore[arg-type]

    os.environ["GENTRACE_API_KEY"], os.environ["GENTRACE_BASE_URL"] = API_KEY, base_url
    st.cache_data.clear()
    st.cache_resource.clear()
    GentraceClient.list_pipelines = counted  # type: ignore[method-assign,assignment]
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.selectbox(key=value_key(0, "slug")).set_value("support-chatbot")
        at.run()
        times = []
        for _ in range(reruns):
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        assert not at.exception
    finally:
        GentraceClient.list_pipelines = original  # type: ignore[method-assign]
    return times, calls


def bench_page(small_url: str, big_url: str, reruns: int) -> list[Row]:
    small, small_calls = _page_runs(small_url, reruns)
    big, big_calls = _page_runs(big_url, reruns)
    return [
        Row(
            "3. page run: 5,000 pipelines / 20,000 datasets vs 5 pipelines",
            ms(median(big)),
            ms(median(small)),
            median(big) / median(small),
            "≤ 1.5",
        ),
        Row(
            f"3. pipeline-list requests over {reruns} reruns (5,000 pipelines)",
            str(big_calls),
            str(small_calls),
            float(big_calls),
            "= 1",
        ),
    ]


@contextmanager
def streamlit_process(script: str, env: dict[str, str], launcher: str = "streamlit") -> Iterator[tuple[str, int]]:
    from tests.servers import streamlit_server

    with (
        tempfile.TemporaryDirectory() as tmp,
        streamlit_server(script, env, Path(tmp) / "streamlit.log", launcher=launcher) as running,
    ):
        yield running


def create_form_filled(browser: "Browser", app_url: str) -> "Page":
    """A new tab on the Create page with a pipeline chosen and a name typed, idle: ready for the click on Create."""
    from tests.servers import IDLE

    page = browser.new_page()
    page.goto(app_url)
    page.wait_for_selector(IDLE)
    fill_create_form(page)
    return page


def fill_create_form(page: "Page") -> None:
    """The Create page's pipeline chosen and a name typed, idle."""
    from playwright.sync_api import expect

    from tests.servers import IDLE

    page.get_by_role("combobox", name="Pipeline slug").click()
    page.get_by_role("option", name="Support Chatbot (support-chatbot)").click()
    expect(page.locator(".st-key-pipeline_preview")).to_be_visible()
    page.wait_for_selector(IDLE)
    page.get_by_label("Name", exact=True).fill(f"bench {uuid.uuid4().hex[:8]}")


def bench_browser(base_url: str, repetitions: int) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from tests.servers import CHROMIUM_ARGS, IDLE, chromium_path

    runs = Path(tempfile.mkdtemp()) / "runs.jsonl"
    runs.touch()
    env = {
        "GENTRACE_API_KEY": API_KEY,
        "GENTRACE_BASE_URL": base_url,
        "BENCH_API_KEY": API_KEY,
        "BENCH_BASE_URL": base_url,
        "BENCH_RUN_LOG": str(runs),
    }
    counted: list[list[dict[str, float]]] = []  # the app's script runs from each click to its card
    phases: list[tuple[float, float, float]] = []  # click → run starts, the run, run ends → card seen
    naive_phases: list[tuple[float, float, float]] = []
    naive_runs = runs.with_name("naive-runs.jsonl")
    naive_runs.touch()
    with (
        streamlit_process("app.py", env, launcher="bench.counted_streamlit") as (app_url, _),
        streamlit_process(
            "bench/naive_page.py", env | {"BENCH_RUN_LOG": str(naive_runs)}, launcher="bench.counted_streamlit"
        ) as (bare_url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        studio = browser.new_page()  # one tab for every click, as the naive page's: both drawn warm
        studio.goto(app_url)
        studio.wait_for_selector(IDLE)

        def ours() -> float:
            another = studio.get_by_role("button", name="Create another dataset")
            if another.count():
                another.click()
            studio.get_by_role("combobox", name="Pipeline slug").wait_for()
            studio.wait_for_selector(IDLE)
            fill_create_form(studio)
            before = len(runs.read_text().splitlines())
            started = time.perf_counter()
            studio.get_by_role("button", name="Create dataset").click()
            studio.locator(".st-key-result_card").wait_for()
            seen = time.perf_counter()
            studio.wait_for_selector(IDLE)
            click_runs = [json.loads(line) for line in runs.read_text().splitlines()[before:]]
            counted.append(click_runs)
            if click_runs:  # perf_counter is the system's monotonic clock: the app's times compare with ours
                first, last = click_runs[0], click_runs[-1]
                phases.append((first["started"] - started, sum(r["seconds"] for r in click_runs),
                               seen - (last["started"] + last["seconds"])))  # fmt: skip
            return seen - started

        naive = browser.new_page()  # one tab for every click: its st.code is drawn warm, as in a person's second try
        naive.goto(bare_url)
        naive.get_by_label("Name").wait_for()
        naive.wait_for_selector(IDLE)

        def bare() -> float:
            shown = naive.get_by_test_id("stCode")
            before = shown.inner_text() if shown.count() else ""
            naive.get_by_label("Name").fill(f"bench {uuid.uuid4().hex[:8]}")
            started = time.perf_counter()
            before_runs = len(naive_runs.read_text().splitlines())
            naive.get_by_role("button", name="Create").click()
            naive.wait_for_function(
                "before => { const c = document.querySelector('[data-testid=stCode]'); "
                "return c && c.innerText.trim() && c.innerText !== before }",
                arg=before,
                polling="raf",
            )
            seen = time.perf_counter()
            naive.wait_for_selector(IDLE)
            click_runs = [json.loads(line) for line in naive_runs.read_text().splitlines()[before_runs:]]
            if click_runs:
                first, last = click_runs[0], click_runs[-1]
                naive_phases.append((first["started"] - started, sum(r["seconds"] for r in click_runs),
                                     seen - (last["started"] + last["seconds"])))  # fmt: skip
            return seen - started

        mine: list[float] = []
        theirs: list[float] = []
        ours(), bare()
        for i in range(repetitions):
            for fn, out in ((ours, mine), (bare, theirs)) if i % 2 == 0 else ((bare, theirs), (ours, mine)):
                out.append(fn())
        browser.close()
    per_click = [len(click) for click in counted[1:]]  # the first is the warm-up
    elements = [sum(int(run["deltas"]) for run in click) for click in counted[1:]]
    run_ms = [sum(float(run["seconds"]) for run in click) * 1000 for click in counted[1:]]
    gc_ms = [sum(float(run["gc_seconds"]) for run in click) * 1000 for click in counted[1:]]
    gen2 = [sum(int(run["gen2"]) for run in click) for click in counted[1:]]
    return [
        Row(
            "4. click Create → card vs the naive page (bench/naive_page.py)",
            ms(median(mine)),
            ms(median(theirs)),
            median(mine) / median(theirs),
            "≤ 1.1",
        ),
        Row(
            f"4. script runs from click to card (most {max(per_click)}), elements sent (median {median(elements):.0f})",
            f"{median(per_click):.0f}",
            "1",
            median(per_click),
            "≤ 2",
        ),
        Row(
            "4. from the click to its run's start · the run · from the run's end to the card (medians)",
            " · ".join(f"{median([p[n] for p in phases[1:]]) * 1000:.0f}" for n in range(3)) + " ms",
            " · ".join(f"{median([p[n] for p in naive_phases[1:]]) * 1000:.0f}" for n in range(3)) + " ms",
            median([p[2] for p in phases[1:]]) / median([p[2] for p in naive_phases[1:]]),
        ),
        Row(
            f"4. the click's script run, of which garbage collection (generation-2 collections: median {median(gen2):.0f})",
            f"{median(run_ms):.0f} ms",
            f"{median(gc_ms):.0f} ms collecting",
            median(gc_ms) / median(run_ms),
        ),
    ]


def bench_sandbox(base_url: str, big_url: str, scale: int) -> list[Row]:
    pipeline_id = first_pipeline(base_url, "meeting-notes")
    rows = []
    single: float | None = None
    for clients, per_client in ((1, 20 * scale), (8, 4 * scale), (32, scale)):
        latencies, errors, wall = load.creates(base_url, API_KEY, pipeline_id, clients, per_client)
        p50, p99 = median(latencies), percentile(latencies, 0.99)
        single = single or p50
        rows.append(
            Row(
                f"5. sandbox creates, {clients} client{'s' if clients > 1 else ''}",
                f"{len(latencies) / wall:.0f}/s, p50 {ms(p50)}, p99 {ms(p99)}, {errors} errors",
                f"p50 at 1 client {ms(single)}",
                p99 / single,
                "≤ 10" if clients == 32 else "",
            )
        )
    heavy = first_pipeline(big_url, "bench-heavy")
    small = first_pipeline(big_url, "meeting-notes")
    big_list = load.gets(big_url, API_KEY, f"/v4/datasets?pipelineId={heavy}", 10)
    small_list = load.gets(big_url, API_KEY, f"/v4/datasets?pipelineId={small}", 10)
    rows.append(
        Row(
            "5. list a pipeline's datasets: 10,000 vs a few",
            ms(median(big_list)),
            ms(median(small_list)),
            median(big_list) / median(small_list),
        )
    )
    return rows


def bench_memory(base_url: str, creates: int) -> Row:
    from playwright.sync_api import sync_playwright

    from tests.servers import CHROMIUM_ARGS, IDLE, chromium_path

    env = {"GENTRACE_API_KEY": API_KEY, "GENTRACE_BASE_URL": base_url}
    with streamlit_process("app.py", env) as (app_url, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(app_url)
        page.wait_for_selector(IDLE)
        at_start = memory_kib(pid)["VmRSS"]
        for i in range(creates):
            page.get_by_role("combobox", name="Pipeline slug").click()
            page.get_by_role("option", name="Meeting Notes (meeting-notes)").click()
            page.locator(".st-key-pipeline_preview").wait_for()
            page.wait_for_selector(IDLE)
            page.get_by_label("Name", exact=True).fill(f"memory {i} {uuid.uuid4().hex[:6]}")
            page.get_by_role("button", name="Create dataset").click()
            page.get_by_role("button", name="Create another dataset").click()
            page.get_by_role("combobox", name="Pipeline slug").wait_for()
            page.wait_for_selector(IDLE)
        peak = memory_kib(pid)["VmHWM"]
        browser.close()
    return Row(
        f"6. app peak RSS after {creates} creates vs RSS after start",
        f"{peak / 1024:.0f} MiB",
        f"{at_start / 1024:.0f} MiB",
        peak / at_start,
        "≤ 1.2",
    )


BENCHES = (
    "client", "import", "page", "browser", "sandbox", "memory", "importing", "managing", "sharing", "hostile", "history",
    "health", "review", "comparing", "activity",
)  # fmt: skip


def bench_importing(tmp: Path, quick: bool) -> list[Row]:
    from bench import importing

    big = tmp / "big.csv"
    big.write_bytes(importing.big_csv())
    faulty_db, page_db = tmp / "faulty.db", tmp / "page.db"
    populate(faulty_db, pipelines=0, datasets=0, heavy=0)
    populate(page_db, pipelines=0, datasets=0, heavy=0)
    rows = []
    with sandbox_process(faulty_db, faults=True) as faulty_url:
        rows.append(importing.bench_import_pool(faulty_url, 100 if quick else 500, 0.05))
    rows += importing.bench_read_check(big, 2 if quick else 5)
    rows.append(importing.bench_langfuse(2 if quick else 5, 10_000 if quick else 100_000))
    with sandbox_process(page_db) as page_url:
        rows += importing.bench_import_page(page_url, big, 5 if quick else 20)
    return rows


def bench_managing(tmp: Path, quick: bool) -> list[Row]:
    from bench import managing

    many_db, few_db, export_db = tmp / "many.db", tmp / "few.db", tmp / "export.db"
    managing.populate(many_db, *managing.MANY)
    managing.populate(few_db, *managing.FEW)
    managing.populate_export(export_db)
    with sandbox_process(many_db) as many_url, sandbox_process(few_db) as few_url:
        rows = managing.bench_datasets_page(many_url, few_url, 5 if quick else 20)
    with sandbox_process(export_db) as export_url:
        return rows + managing.bench_export(export_url, 2 if quick else 5)


def bench_history(tmp: Path, quick: bool) -> list[Row]:
    from bench import history

    db = tmp / "history.db"
    store = Store(db)
    seed_demo_data(store)
    store.close()
    with sandbox_process(db, faults=True) as url:
        return [
            history.bench_edit_requests(url, tmp),
            history.bench_undo(url, tmp, 500 if quick else 5_000, 50 if quick else 200),
            history.bench_history_section(url, tmp, 5 if quick else 20),
            history.bench_entry_write(tmp, 5 if quick else 30),
        ]


def bench_health(tmp: Path, quick: bool) -> list[Row]:
    from bench import health

    return [
        *health.bench_analysis(tmp, 50_000, 3 if quick else 7),
        health.bench_growth(5_000, 50_000, 2 if quick else 5),
        *health.bench_rerun(tmp, 5_000 if quick else 50_000, 5 if quick else 20),
    ]


def bench_review(tmp: Path, quick: bool) -> list[Row]:
    from bench import review

    return [
        *review.bench_approve(tmp, 5_000, 5 if quick else 20),
        *review.bench_progress(tmp, 5_000 if quick else 50_000, 5 if quick else 20),
        review.bench_mark_write(tmp, 20 if quick else 200),
    ]


def bench_comparing(tmp: Path, quick: bool) -> list[Row]:
    from bench import comparing

    rows = comparing.bench_compare(tmp, 5_000 if quick else 50_000, 500 if quick else 5_000, 3 if quick else 5)
    db = tmp / "copy.db"
    populate(db, pipelines=0, datasets=0, heavy=0)
    with sandbox_process(db, faults=True) as url:
        rows.append(comparing.bench_copy(url, 500 if quick else 5_000, 100 if quick else 500, 0.05))
    rows.append(comparing.bench_view(tmp, 5_000 if quick else 50_000, 5 if quick else 20))
    return rows


def bench_activity(tmp: Path, quick: bool) -> list[Row]:
    from bench import activity

    return [
        activity.bench_page(tmp, 10_000 if quick else 100_000, 5 if quick else 20),
        activity.bench_record(tmp, 20 if quick else 200),
        activity.bench_move_in(tmp, 10_000 if quick else 100_000),
    ]


def bench_sharing(tmp: Path, quick: bool) -> list[Row]:
    from bench import sharing

    db = tmp / "sharing.db"
    populate(db, pipelines=0, datasets=0, heavy=0)
    with sandbox_process(db) as url:
        return [sharing.bench_sign_in(url, 5 if quick else 40), sharing.bench_audit_append(50 if quick else 500)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions: a smoke run, not figures to report")
    parser.add_argument("--only", nargs="*", default=list(BENCHES), choices=list(BENCHES), help="run only these")
    args = parser.parse_args()
    reps = 20 if args.quick else 200
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        small_db, big_db = Path(tmp) / "small.db", Path(tmp) / "big.db"
        populate(big_db, pipelines=5000, datasets=20_000, heavy=10_000)
        populate(small_db, pipelines=0, datasets=0, heavy=0)
        with sandbox_process(small_db) as small_url, sandbox_process(big_db) as big_url:
            if "client" in args.only:
                rows.append(bench_client_create(small_url, reps))
            if "import" in args.only:
                rows.append(bench_import(5 if args.quick else 15))
            if "page" in args.only:
                rows += bench_page(small_url, big_url, 20)
            if "browser" in args.only:
                rows += bench_browser(small_url, 5 if args.quick else 15)
            if "sandbox" in args.only:
                rows += bench_sandbox(small_url, big_url, 10 if args.quick else 50)
            if "memory" in args.only:
                rows.append(bench_memory(small_url, 10 if args.quick else 100))
        if "importing" in args.only:
            rows += bench_importing(Path(tmp), args.quick)
        if "managing" in args.only:
            rows += bench_managing(Path(tmp), args.quick)
        if "sharing" in args.only:
            rows += bench_sharing(Path(tmp), args.quick)
        if "history" in args.only:
            rows += bench_history(Path(tmp), args.quick)
        if "health" in args.only:
            rows += bench_health(Path(tmp), args.quick)
        if "review" in args.only:
            rows += bench_review(Path(tmp), args.quick)
        if "comparing" in args.only:
            rows += bench_comparing(Path(tmp), args.quick)
        if "activity" in args.only:
            rows += bench_activity(Path(tmp), args.quick)
        if "hostile" in args.only:
            from bench.hostile import bench_hostile

            rows += bench_hostile()
    print_table(rows)


if __name__ == "__main__":
    main()

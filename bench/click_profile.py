"""`python -m bench.click_profile`: where the time of the click-to-card script run goes (bench row 4).

Runs the app under `bench.counted_streamlit` with BENCH_PROFILE_DIR set, so every script run is profiled with
cProfile; clicks Create in Chromium as row 4 does, and prints, for the run each click started, the time spent in
each part of the app (cumulative, so a part includes what it calls) and in Streamlit's own garbage collection after
the run. cProfile slows Python code down, so the figures are for comparing the parts, not for the ratio of row 4."""

import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import create_form_filled, streamlit_process
from bench.measure import API_KEY, median, sandbox_process

# (what the report calls it, file name ending, function name)
PARTS = [
    ("whole script run", "script_runner.py", "_run_script"),
    ("  app.py: sign-in gate", "components/shell/sign_in.py", "sign_in_gate"),
    ("  app.py: page links in the sidebar", "components/shell/navigation.py", "page_links"),
    ("  app.py: mode line in the sidebar", "components/connection/connection.py", "show_mode"),
    ("  app.py: the history opened", "components/history/store.py", "open_history"),
    ("  app.py: the audit trail opened", "components/activity/recorder.py", "activity_trail"),
    ("  app.py: created list in the sidebar", "components/shell/created_list.py", "created_list"),
    ("  page: router (reroute once per process)", "components/shell/routing.py", "through_the_router"),
    ("  page: settle the create (waits for it)", "components/create/form.py", "settle_submissions"),
    ("    of which: lookups forgotten", "components/shared/lookups.py", "forget_lookups"),
    ("  page: the card", "components/create/result_card.py", "result_card"),
    ("  page: the card's links", "components/create/result_card.py", "created_actions"),
    ("  page: scroll-into-view script", "components/shared/scroll.py", "bring_into_view"),
    ("Streamlit's gc.collect() after the run", "~", "<built-in method gc.collect>"),
]


def cumulative_ms(stats: pstats.Stats, file_end: str, function: str) -> float:
    total = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name == function and filename.endswith(file_end):
            total += cumulative
    return total * 1000


def main(clicks: int = 7) -> None:
    from playwright.sync_api import sync_playwright

    from tests.servers import CHROMIUM_ARGS, IDLE, chromium_path

    folder = Path(tempfile.mkdtemp())
    runs = folder / "runs.jsonl"
    runs.touch()
    profiles = folder / "profiles"
    profiles.mkdir()
    with sandbox_process(folder / "gentrace.db") as base_url:
        env = {
            "GENTRACE_API_KEY": API_KEY,
            "GENTRACE_BASE_URL": base_url,
            "BENCH_RUN_LOG": str(runs),
            "BENCH_PROFILE_DIR": str(profiles),
        }
        per_click: list[list[Path]] = []
        with (
            streamlit_process("app.py", env, launcher="bench.counted_streamlit") as (app_url, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for _ in range(clicks + 1):  # the first warms up
                page = create_form_filled(browser, app_url)
                before = set(profiles.iterdir())
                page.get_by_role("button", name="Create dataset").click()
                page.locator(".st-key-result_card").wait_for()
                page.wait_for_selector(IDLE)
                deadline = time.monotonic() + 10
                while len(set(profiles.iterdir()) - before) < 1 and time.monotonic() < deadline:
                    time.sleep(0.05)  # the profile is written just after the run ends
                per_click.append(sorted(set(profiles.iterdir()) - before))
                page.close()
            browser.close()
    clicks_seen = per_click[1:]
    print(f"{len(clicks_seen)} clicks; script runs per click: {[len(c) for c in clicks_seen]}")
    sent = {f"{line['started']:.6f}": line["deltas"] for line in map(json.loads, runs.read_text().splitlines())}
    print(f"elements sent per click: {[sum(sent[p.stem.removeprefix('run-')] for p in c) for c in clicks_seen]}")
    print(f"{'part':<48} {'median ms':>10}  (each click)")
    for label, file_end, function in PARTS:
        values = [sum(cumulative_ms(pstats.Stats(str(p)), file_end, function) for p in click) for click in clicks_seen]
        print(f"{label:<48} {median(values):>10.1f}  {' '.join(f'{v:.0f}' for v in values)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)

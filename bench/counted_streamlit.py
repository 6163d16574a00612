"""`python -m bench.counted_streamlit run app.py …`: Streamlit with every script run counted, for bench row 4.

Each script run appends one JSON line to the file named by BENCH_RUN_LOG: how long the script ran, how many elements
(deltas) it sent, the time it started (perf_counter, comparable within this process only), and the garbage
collections during it (Streamlit's own after the run included): how many of generation 2, and their seconds. With BENCH_PROFILE_DIR
set, each run is profiled too, into a file of its own there."""

import cProfile
import gc
import json
import os
import sys
import threading
import time
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

_log_path = os.environ["BENCH_RUN_LOG"]
_profile_dir = os.environ.get("BENCH_PROFILE_DIR")  # set: every run is also profiled (bench.click_profile)
_lock = threading.Lock()
_deltas = threading.local()
_run_script = script_runner.ScriptRunner._run_script
_collecting = {"since": 0.0}
_collected: list[tuple[int, float]] = []  # (generation, seconds) of every collection in this process


def _timed_collection(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _collecting["since"] = time.perf_counter()
    else:
        _collected.append((info["generation"], time.perf_counter() - _collecting["since"]))


gc.callbacks.append(_timed_collection)
_enqueue = script_runner.ScriptRunner._enqueue_forward_msg


def _counted_run(self: Any, rerun_data: Any) -> None:
    _deltas.count = 0
    profile = cProfile.Profile() if _profile_dir else None
    started = time.perf_counter()
    collections_before = len(_collected)
    try:
        if profile is not None:
            profile.enable()
        _run_script(self, rerun_data)
    finally:
        if profile is not None:
            profile.disable()
            profile.dump_stats(os.path.join(str(_profile_dir), f"run-{started:.6f}.pstats"))
        during = _collected[collections_before:]
        line = {
            "started": started,
            "seconds": time.perf_counter() - started,
            "deltas": _deltas.count,
            "gen2": sum(1 for generation, _ in during if generation == 2),
            "gc_seconds": sum(seconds for _, seconds in during),
        }
        with _lock, open(_log_path, "a") as log:
            log.write(json.dumps(line) + "\n")


def _counted_enqueue(self: Any, msg: Any) -> None:
    if msg.HasField("delta"):
        _deltas.count = getattr(_deltas, "count", 0) + 1
    _enqueue(self, msg)


script_runner.ScriptRunner._run_script = _counted_run  # type: ignore[method-assign]
script_runner.ScriptRunner._enqueue_forward_msg = _counted_enqueue  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(cli.main())

"""`python -m bench.counted_streamlit run app.py …`: Streamlit with every script run counted, for bench row 4.

Each script run appends one JSON line to the file named by BENCH_RUN_LOG: how long the script ran, how many elements
(deltas) it sent, and the time it started (perf_counter, comparable within this process only)."""

import json
import os
import sys
import threading
import time
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

_log_path = os.environ["BENCH_RUN_LOG"]
_lock = threading.Lock()
_deltas = threading.local()
_run_script = script_runner.ScriptRunner._run_script
_enqueue = script_runner.ScriptRunner._enqueue_forward_msg


def _counted_run(self: Any, rerun_data: Any) -> None:
    _deltas.count = 0
    started = time.perf_counter()
    try:
        _run_script(self, rerun_data)
    finally:
        line = {"started": started, "seconds": time.perf_counter() - started, "deltas": _deltas.count}
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

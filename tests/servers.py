"""Running the studio and a browser for a machine to drive: `streamlit run` on a free loopback port (ready when its
health check says so) and the system Chromium. Used by the benchmarks and by the browser tests."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def streamlit_server(
    script: str,
    env: dict[str, str],
    log_path: Path,
    port: int | None = None,
    options: list[str] | None = None,
    launcher: str = "streamlit",
) -> Iterator[tuple[str, int]]:
    """`streamlit run script` on a free loopback port (or `port`), logging to `log_path`; yields its URL and process
    id. `options` are more `--name value` pairs for Streamlit; `launcher` the module run as `python -m` (one that
    wraps Streamlit's command line, such as bench.counted_streamlit)."""
    port = port or free_port()
    env = {  # never into the project
        "STUDIO_AUDIT_LOG": str(log_path.parent / "audit.jsonl"),
        "STUDIO_DATABASE_URL": f"sqlite:///{log_path.parent / 'studio.db'}",
        **env,
    }
    command = [
        sys.executable, "-m", launcher, "run", script,
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

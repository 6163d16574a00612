"""Timing helpers: interleaved A/B repetitions, medians and percentiles, and sandboxes in their own processes."""

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "gen_api_bench"


def interleaved(
    a: Callable[[], object], b: Callable[[], object], repetitions: int, warmup: int = 3
) -> tuple[list[float], list[float]]:
    """Runs a and b alternately so drift on a noisy machine hits both alike; returns seconds per call."""
    for _ in range(warmup):
        a()
        b()
    times_a: list[float] = []
    times_b: list[float] = []
    for i in range(repetitions):
        for fn, times in ((a, times_a), (b, times_b)) if i % 2 == 0 else ((b, times_b), (a, times_a)):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return times_a, times_b


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Row:
    what: str
    measured: str
    baseline: str
    ratio: float | None
    target: str = ""

    @property
    def verdict(self) -> str:
        if not self.target or self.ratio is None:
            return ""
        op, limit = self.target.split()
        checks = {"≤": self.ratio <= float(limit), "≥": self.ratio >= float(limit), "=": self.ratio == float(limit)}
        ok = checks[op]
        return "ok" if ok else "MISSED"


def print_table(rows: list[Row]) -> None:
    header = ("measurement", "measured", "baseline", "ratio", "target", "")
    lines = [header] + [
        (r.what, r.measured, r.baseline, "" if r.ratio is None else f"{r.ratio:.2f}", r.target, r.verdict) for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")


@contextmanager
def sandbox_process(db_path: Path, faults: bool = False) -> Iterator[str]:
    """`python -m sandbox` on a free port, in its own process so its threads do not share our GIL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "sandbox", "--port", "0", "--db", str(db_path), "--api-key", API_KEY]
    command += ["--faults"] if faults else []
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        text = "".join(process.stdout.readline() for _ in range(4))
        match = re.search(r"GENTRACE_BASE_URL=(\S+)", text)
        if not match:
            raise RuntimeError("sandbox did not start: " + text)
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=20)


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, from /proc."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found

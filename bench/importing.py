"""Benchmarks of filling a dataset from a file: the worker pool against one request at a time over a slow network,
reading and checking 100,000 rows against pandas reading them, and a page rerun with that file loaded."""

import csv
import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.measure import API_KEY, ROOT, Row, interleaved, median

COLUMNS = ["name", *(f"inputs.field_{i}" for i in range(7)), "expected_answer", "label"]
WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "billing",
    "refund",
    "card",
    "password",
    "account",
    "email",
    "invoice",
]


def big_csv(rows: int = 100_000, seed: int = 1) -> bytes:
    """About 25 MB for 100,000 rows of 10 columns, with quoted cells that hold commas."""
    chooser = random.Random(seed)
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\r\n")
    for n in range(rows):
        fields = [" ".join(chooser.choices(WORDS, k=4)) + f" {n}" for _ in range(7)]
        answer = '"' + " ".join(chooser.choices(WORDS, k=5)) + ', then done"'
        out.write(",".join([f"Case {n}", *fields, answer, str(n % 7)]) + "\r\n")
    return out.getvalue().encode()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def bench_import_pool(base_url: str, rows: int, latency: float) -> Row:
    """The same client, the same rows: the default pool against one request at a time, with `latency` per request."""
    from services.gentrace.client import GentraceClient
    from services.importing.job import ImportJob, import_concurrency
    from services.importing.mapping import default_rules
    from services.importing.plan import plan_import
    from services.importing.read import guess_settings, read_table

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    admin = base_url.removesuffix("/api") + "/api/__sandbox/faults"
    rule = {"route": "POST /api/v4/test-cases", "fault": f"latency={latency}", "times": 10 * rows}
    session.post(admin, json=rule, timeout=30).raise_for_status()
    data = big_csv(rows, seed=2)
    table = read_table(data, guess_settings("rows.csv", data))
    cases = plan_import(table, default_rules(table)).cases
    client = GentraceClient(base_url, API_KEY)

    def run(concurrency: int) -> float:
        body = {"name": f"bench import {concurrency}", "description": None, "pipelineSlug": "meeting-notes"}
        dataset = session.post(base_url + "/v4/datasets", json=body, timeout=30).json()["id"]
        started = time.perf_counter()
        job = ImportJob(client, dataset, cases, concurrency=concurrency).start()
        job.wait()
        elapsed = time.perf_counter() - started
        assert job.progress().created == len(cases), job.progress()
        return elapsed

    pool, one = run(import_concurrency()), run(1)
    session.delete(admin, timeout=30)
    return Row(
        f"7. import {rows} rows, {latency * 1000:.0f} ms per request: speed-up of {import_concurrency()} at once vs 1",
        ms(pool),
        ms(one),
        one / pool,
        "≥ 6",
    )


def bench_read_check(path: Path, repetitions: int) -> list[Row]:
    import pandas as pd

    from services.importing.mapping import default_rules
    from services.importing.plan import plan_import
    from services.importing.read import guess_settings, read_table

    data = path.read_bytes()

    def ours() -> None:
        table = read_table(data, guess_settings(path.name, data[:200_000]))
        plan_import(table, default_rules(table))

    def theirs() -> None:
        pd.read_csv(io.BytesIO(data), dtype=str)

    mine, baseline = interleaved(ours, theirs, repetitions, warmup=1)
    added = _peak_added_kib(path) * 1024
    return [
        Row(
            f"8. read + map + check {len(data) / 1e6:.0f} MB, 100,000 rows vs pandas.read_csv(dtype=str)",
            ms(median(mine)),
            ms(median(baseline)),
            median(mine) / median(baseline),
            "≤ 2",
        ),
        Row(
            "8. peak memory added while reading + checking, vs the file's size",
            f"{added / 1024 / 1024:.0f} MiB",
            f"{len(data) / 1024 / 1024:.0f} MiB",
            added / len(data),
            "≤ 5",
        ),
    ]


_MEMORY_PROBE = """
import sys
from pathlib import Path
from bench.measure import memory_kib
from services.importing.read import guess_settings, read_table
from services.importing.mapping import default_rules
from services.importing.plan import plan_import
import os
data = Path(sys.argv[1]).read_bytes()
before = memory_kib(os.getpid())["VmRSS"]
table = read_table(data, guess_settings("big.csv", data[:200_000]))
plan = plan_import(table, default_rules(table))
print(memory_kib(os.getpid())["VmHWM"] - before)
"""


def _peak_added_kib(path: Path) -> int:
    """In a fresh interpreter, so nothing measured before counts: its peak RSS minus its RSS with the file read."""
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip())


def bench_import_page(base_url: str, path: Path, reruns: int) -> list[Row]:
    """AppTest reruns of the Add-test-cases page with a dataset chosen: with the 100,000-row file loaded vs none."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["GENTRACE_API_KEY"], os.environ["GENTRACE_BASE_URL"] = API_KEY, base_url
    st.cache_data.clear()
    st.cache_resource.clear()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    body = {"name": "bench page", "description": None, "pipelineSlug": "meeting-notes"}
    dataset = session.post(base_url + "/v4/datasets", json=body, timeout=30).json()["id"]

    def page() -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["dataset"] = dataset
        at.switch_page("pages/import_test_cases.py")
        at.run()
        assert not at.exception, at.exception
        return at

    def with_file(data: bytes) -> AppTest:
        at = page()
        at.file_uploader[0].upload(path.name, data, "text/csv")
        at.run()
        assert not at.exception and [b for b in at.button if b.label.startswith("Import")], "file not loaded"
        return at

    empty, loaded = page(), with_file(path.read_bytes())
    small = with_file(b"".join(path.read_bytes().splitlines(keepends=True)[:4]))  # same columns, 3 rows
    big, none = interleaved(loaded.run, empty.run, reruns, warmup=2)
    big_again, three = interleaved(loaded.run, small.run, reruns, warmup=2)
    return [
        Row(
            "9. import page rerun with the 100,000-row file loaded vs no file",
            ms(median(big)),
            ms(median(none)),
            median(big) / median(none),
            "≤ 1.3",
        ),
        Row(
            "9. the same rerun vs one with a 3-row file of the same columns",
            ms(median(big_again)),
            ms(median(three)),
            median(big_again) / median(three),
            "≤ 1.3",
        ),
    ]


def langfuse_csv(rows: int = 100_000, seed: int = 4) -> bytes:
    """A Langfuse dataset export (worker/src/features/database-read-stream/getDatabaseReadStream.ts's columns) whose
    input and expected output are JSON objects, as Langfuse writes them."""
    rng = random.Random(seed)
    words = ["refund", "invoice", "plan", "seat", "billing", "reset", "password", "team", "export", "limit"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "projectId", "datasetId", "datasetName", "status", "input", "expectedOutput", "metadata",
                     "htmlSourcePath", "sourceTraceId", "sourceObservationId", "createdAt", "updatedAt"])  # fmt: skip
    for n in range(rows):
        question = " ".join(rng.choices(words, k=12)) + f" {n}?"
        inputs = {"question": question, "tier": rng.choice(["free", "pro"]), "seats": n % 50}
        expected = {"answer": " ".join(rng.choices(words, k=8)), "cites": [f"doc-{n % 97}"]}
        writer.writerow([f"item-{n}", "project", "dataset", "Support", "ACTIVE", json.dumps(inputs), json.dumps(expected),
                         "{}", "", f"trace-{n}", "", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"])  # fmt: skip
    return out.getvalue().encode()


def bench_langfuse(repetitions: int, rows: int = 100_000) -> Row:
    """Reading, recognising, mapping and checking a Langfuse export against pandas.read_csv and json.loads of its
    input and expected-output columns."""
    import pandas as pd

    from services.importing.plan import plan_import
    from services.importing.read import guess_settings, read_table
    from services.importing.tools import rules_for

    data = langfuse_csv(rows)

    def ours() -> None:
        table = read_table(data, guess_settings("langfuse.csv", data[:200_000]))
        plan = plan_import(table, rules_for(table))
        assert len(plan.cases) == rows, (len(plan.cases), plan.problems[:3])

    def theirs() -> None:
        frame = pd.read_csv(io.BytesIO(data), dtype=str)
        for column in ("input", "expectedOutput"):
            frame[column].map(json.loads)

    mine, baseline = interleaved(ours, theirs, repetitions, warmup=1)
    return Row(
        f"8. a Langfuse export of {rows:,} rows (JSON objects): read + recognise + map + check vs pandas + json.loads",
        ms(median(mine)),
        ms(median(baseline)),
        median(mine) / median(baseline),
        "≤ 2",
    )

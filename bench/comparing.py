"""Benchmarks of comparing and copying: comparing two datasets of 50,000 cases against listing both, its growth
from 5,000, copying with 50 ms per request at the import's concurrency against one at a time, and the compare view's
rerun against the dataset view's."""

import math
import os
import random
import string
import time
from pathlib import Path

import requests

from bench.measure import API_KEY, ROOT, Row, interleaved, median, sandbox_process
from sandbox.seed import seed_demo_data
from sandbox.store import Store
from services.comparing.copying import copy_plan
from services.comparing.matching import compare
from services.gentrace.client import GentraceClient
from services.importing.job import ImportJob, import_concurrency

DIFFERENT_SHARE = 0.10


def _pair_contents(count: int, seed: int = 3) -> tuple[list[tuple[str, dict, dict]], list[tuple[str, dict, dict]]]:
    """Two datasets of `count` cases with inputs of about 200 characters: B is A with a tenth of its expected
    outputs changed, 2% of A's cases missing from B and as many of its own."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(5_000)]

    def text() -> str:
        words: list[str] = []
        while sum(len(word) + 1 for word in words) < 200:
            words.append(rng.choice(vocabulary))
        return " ".join(words)

    a = [(f"Case {n}", {"question": text(), "tier": rng.choice(["free", "pro"])}, {"answer": text()[:80]})
         for n in range(count)]  # fmt: skip
    b = []
    for name, inputs, answer in a[: int(count * 0.98)]:
        b.append(
            (name, inputs, {"answer": answer["answer"] + " (revised)"} if rng.random() < DIFFERENT_SHARE else answer)
        )
    b += [(f"Only in B {n}", {"question": text(), "tier": "pro"}, {"answer": "new"}) for n in range(count - len(b))]
    return a, b


def _populated(db: Path, count: int) -> tuple[str, str]:
    a, b = _pair_contents(count)
    store = Store(db)
    seed_demo_data(store)
    ids = []
    with store.write() as write:
        pipeline_id = str(store.insert_pipeline(write, "bench-compare", "Bench Compare", None))
        for name, contents in (("A", a), ("B", b)):
            dataset = {"id": store.insert_dataset(write, pipeline_id, name, None, False), "pipelineId": pipeline_id}
            for case_name, inputs, answer in contents:
                store.insert_test_case(write, dataset, case_name, inputs, answer)
            ids.append(str(dataset["id"]))
    store.close()
    return ids[0], ids[1]


def bench_compare(tmp: Path, count: int, small: int, repetitions: int) -> list[Row]:
    """Comparing A with B (by name and by inputs) against listing both from the sandbox; and its growth."""
    a_id, b_id = _populated(tmp / "compare.db", count)
    with sandbox_process(tmp / "compare.db") as url:
        client = GentraceClient(url, API_KEY)
        a, b = client.list_test_cases(dataset_id=a_id), client.list_test_cases(dataset_id=b_id)

        def listing() -> None:
            client.list_test_cases(dataset_id=a_id)
            client.list_test_cases(dataset_id=b_id)

        by_name, listed = interleaved(lambda: compare(a, b, "name"), listing, repetitions, warmup=1)
        by_inputs = [0.0] * repetitions
        for n in range(repetitions):
            started = time.perf_counter()
            compare(a, b, "inputs")
            by_inputs[n] = time.perf_counter() - started
    found = compare(a, b, "name")
    expected_different = sum(1 for pair in found.different)
    few_a, few_b = a[:small], b[:small]
    few = []
    for _ in range(repetitions):
        started = time.perf_counter()
        compare(few_a, few_b, "name")
        few.append(time.perf_counter() - started)
    grown = median(by_name) / median(few)
    n_log_n = (count * math.log(count)) / (small * math.log(small))
    return [
        Row(
            f"21. compare {count:,} with {count:,} cases by name ({expected_different:,} different) vs listing both",
            f"{median(by_name) * 1000:.0f} ms",
            f"{median(listed) * 1000:.0f} ms",
            median(by_name) / median(listed),
            "≤ 2",
        ),
        Row(
            "21. the same by inputs vs listing both",
            f"{median(by_inputs) * 1000:.0f} ms",
            f"{median(listed) * 1000:.0f} ms",
            median(by_inputs) / median(listed),
            "≤ 2",
        ),
        Row(
            f"21. compare cost from {small:,} to {count:,} cases, against n log n ({n_log_n:.1f}×)",
            f"{grown:.1f}×",
            f"{n_log_n:.1f}×",
            grown / n_log_n,
            "≤ 1.2 (about)",
        ),
    ]


def bench_copy(base_url: str, cases: int, sequential: int, latency: float) -> Row:
    """Copying `cases` into an empty dataset at the import's concurrency, every create delayed by `latency`, against
    one at a time (measured on `sequential` cases and scaled: 5,000 one at a time would take over four minutes)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {API_KEY}"
    admin = base_url.removesuffix("/api") + "/api/__sandbox/faults"
    client = GentraceClient(base_url, API_KEY)
    source = [
        type("Case", (), {"id": f"c{n}", "name": f"Copied {n}", "inputs": {"question": f"How do I do thing {n}?"},
                          "expected_outputs": {"answer": f"Like this, step {n}"}})()
        for n in range(cases)
    ]  # fmt: skip
    plan = copy_plan(source, ())  # type: ignore[arg-type]

    def run(concurrency: int, count: int) -> float:
        body = {"name": f"bench copy {concurrency}", "description": None, "pipelineSlug": "meeting-notes"}
        dataset = session.post(base_url + "/v4/datasets", json=body, timeout=30).json()["id"]
        rule = {"route": "POST /api/v4/test-cases", "fault": f"latency={latency}", "times": 10 * count}
        session.post(admin, json=rule, timeout=30).raise_for_status()
        started = time.perf_counter()
        job = ImportJob(client, dataset, plan.cases[:count], concurrency=concurrency, kind="copy").start()
        job.wait()
        elapsed = time.perf_counter() - started
        session.delete(admin, timeout=30)
        assert job.progress().created == count, job.progress()
        return elapsed

    pool = run(import_concurrency(), cases)
    one = run(1, sequential) * cases / sequential
    return Row(
        f"21. copy {cases:,} cases, {latency * 1000:.0f} ms per request: {import_concurrency()} at once vs 1 "
        f"(1 at a time timed on {sequential:,}, scaled)",
        f"{pool:.1f} s",
        f"{one:.1f} s",
        one / pool,
        "≥ 6",
    )


def bench_view(tmp: Path, count: int, reruns: int) -> Row:
    """AppTest reruns of the compare view of A and B against the dataset view of A."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.health.checks import health_checks

    a_id, b_id = _populated(tmp / "view.db", count)
    with sandbox_process(tmp / "view.db") as url:
        os.environ.update(
            GENTRACE_API_KEY=API_KEY, GENTRACE_BASE_URL=url, STUDIO_DATABASE_URL=f"sqlite:///{tmp / 'studio.db'}"
        )
        st.cache_resource.clear()

        def page(**query: str) -> AppTest:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.query_params.update(dataset=a_id, **query)
            at.switch_page("pages/datasets.py")
            at.run()
            assert not at.exception, at.exception
            return at

        view = page()
        check = health_checks().latest(a_id)
        assert check is not None and check.finished.wait(300)  # the dataset view's analysis, once, on its worker
        view.run()
        compared = page(compare=b_id)
        assert any(m.label == "In both, different" for m in compared.metric), "the comparison is shown"
        comparing, viewing = interleaved(compared.run, view.run, reruns, warmup=2)
    return Row(
        f"21. compare view rerun (A and B of {count:,} cases) vs the dataset view of A",
        f"{median(comparing) * 1000:.0f} ms",
        f"{median(viewing) * 1000:.0f} ms",
        median(comparing) / median(viewing),
        "≤ 1.2",
    )

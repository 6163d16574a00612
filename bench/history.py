"""Benchmarks of changing cases by hand and the history: what saving an edit sends, undoing an import at the
import's concurrency against one request at a time, the History section with 10,000 entries against 10, and
writing an entry of 100 cases."""

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.managing import counted_requests
from bench.measure import API_KEY, ROOT, Row, interleaved, median
from services.cases.change import CaseChange, apply_pairs, change_cases
from services.cases.content import CaseContent, Pair, content_of
from services.database.engine import open_database
from services.gentrace.client import GentraceClient
from services.gentrace.types import DatasetCreate
from services.history.store import HistoryStore


def _dataset(client: GentraceClient, cases: int) -> str:
    """A new dataset with `cases` cases, made several at a time (without any latency fault)."""
    request = DatasetCreate.from_form(
        name=f"bench history {uuid.uuid4().hex[:6]}",
        description="",
        is_golden=False,
        pipeline_mode="slug",
        pipeline="support-chatbot",
    )
    dataset = client.create_dataset(request)

    def create(n: int) -> None:
        client.create_test_case(dataset.id, f"Case {n}", {"question": f"How do I do thing {n}?"}, {"answer": "x"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, range(cases)))
    return dataset.id


def bench_edit_requests(base_url: str, tmp: Path) -> Row:
    """Requests one edit sends: the check (a list), the new case, the old one's delete."""
    client = GentraceClient(base_url, API_KEY)
    store = HistoryStore(open_database(f"sqlite:///{tmp / 'edit.db'}"))
    dataset_id = _dataset(client, 3)
    (case, *_) = client.list_test_cases(dataset_id=dataset_id)
    pairs = (Pair(content_of(case), CaseContent(case.name, case.inputs, {"answer": "edited"})),)
    with counted_requests(base_url) as seen:
        report = change_cases(client, store, CaseChange(dataset_id, "edit", pairs, "bench"))
    assert report.state == "done"
    reads = sum(1 for r in seen if r.startswith("GET"))
    creates = sum(1 for r in seen if r.startswith("POST"))
    deletes = sum(1 for r in seen if r.startswith("DELETE"))
    return Row(
        "18. requests to save an edit (creates + deletes, reads)",
        f"{creates} + {deletes}, {reads} read",
        "1 + 1, ≤ 2 reads",
        float(creates + deletes + reads),
        "≤ 4",
    )


def bench_undo(base_url: str, tmp: Path, cases: int, sequential: int) -> Row:
    """Undoing an import of `cases` with 50 ms per request, at the import's concurrency, against `sequential`
    cases one request at a time (scaled to `cases`)."""
    from services.importing.job import import_concurrency

    client = GentraceClient(base_url, API_KEY)
    slow = GentraceClient(base_url, API_KEY)
    slow._session.headers["X-Sandbox-Fault"] = "latency=0.05"  # the sandbox (with --faults) waits 50 ms first
    store = HistoryStore(open_database(f"sqlite:///{tmp / 'undo.db'}"))
    timings = []
    for concurrency, count in ((import_concurrency(), cases), (1, sequential)):
        dataset_id = _dataset(client, count)
        current = client.list_test_cases(dataset_id=dataset_id)
        pairs = [Pair(content_of(c), None) for c in current]
        started = time.perf_counter()
        report = apply_pairs(slow, store, dataset_id, "undo", pairs, who="bench", concurrency=concurrency)
        timings.append((time.perf_counter() - started) / count)
        assert report.state == "done", report.failed
    parallel, one_at_a_time = timings
    return Row(
        f"18. undo an import of {cases:,} cases, 50 ms a request: one at a time vs the import's concurrency",
        f"{parallel * cases:.1f} s",
        f"{one_at_a_time * cases:.1f} s (from {sequential:,})",
        one_at_a_time / parallel,
        "≥ 6",
    )


def bench_history_section(base_url: str, tmp: Path, reruns: int) -> Row:
    """AppTest reruns of a dataset's page whose History holds 10,000 entries, against one holding 10."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    client = GentraceClient(base_url, API_KEY)
    url = f"sqlite:///{tmp / 'section.db'}"
    store = HistoryStore(open_database(url))
    many_id, few_id = _dataset(client, 5), _dataset(client, 5)
    pair = [Pair(None, CaseContent("Case", {"question": "How?"}, {"answer": "Like this"}))]
    for dataset_id, entries in ((many_id, 10_000), (few_id, 10)):
        for _ in range(entries):
            store.complete(store.begin(dataset_id, "add", pair, who="bench"), "done", "", done=[0])
    os.environ.update(GENTRACE_API_KEY=API_KEY, GENTRACE_BASE_URL=base_url, STUDIO_DATABASE_URL=url)
    st.cache_resource.clear()

    def page(dataset_id: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["dataset"] = dataset_id
        at.switch_page("pages/datasets.py")
        at.run()
        assert not at.exception, at.exception
        assert any(b.label == "Undo this change" for b in at.button)
        return at

    many, few = page(many_id), page(few_id)
    a, b = interleaved(many.run, few.run, reruns, warmup=2)
    return Row(
        "18. dataset page rerun: History of 10,000 entries vs 10",
        f"{median(a) * 1000:.0f} ms",
        f"{median(b) * 1000:.0f} ms",
        median(a) / median(b),
        "≤ 1.5",
    )


def bench_entry_write(tmp: Path, repetitions: int) -> Row:
    store = HistoryStore(open_database(f"sqlite:///{tmp / 'write.db'}"))
    pairs = [Pair(None, CaseContent(f"Case {n}", {"question": "x" * 200}, {"answer": "y" * 50})) for n in range(100)]
    times = []
    for _ in range(repetitions + 3):
        started = time.perf_counter()
        store.begin("bench", "import", pairs, who="bench")
        times.append(time.perf_counter() - started)
    measured = median(times[3:])
    return Row(
        "18. write a history entry of 100 cases (SQLite)", f"{measured * 1000:.1f} ms", "20 ms", measured / 0.020, "≤ 1"
    )

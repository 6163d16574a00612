"""Benchmarks of looking after datasets: the Datasets list of a big Gentrace against a small one, the requests a
page view costs, and exporting a big dataset against listing it."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from bench.measure import API_KEY, ROOT, Row, interleaved, median
from sandbox.seed import seed_demo_data
from sandbox.store import Store

MANY = (200, 2_000, 50_000)  # pipelines, datasets, test cases: every one on the list at once
FEW = (2, 20, 500)
EXPORTED = ("bench-export", 50_000)  # slug, test cases of its one dataset


def populate(db_path: Path, pipelines: int, datasets: int, cases: int) -> None:
    """`pipelines` pipelines sharing `datasets` datasets and `cases` test cases evenly, the first dataset of each
    pipeline golden; no demo data, so the list holds exactly these."""
    store = Store(db_path)
    with store.write() as db:
        pipeline_ids = [
            str(store.insert_pipeline(db, f"bench-{n}", f"Bench pipeline {n}", None)) for n in range(pipelines)
        ]
        owners = [pipeline_ids[n % pipelines] for n in range(datasets)]
        ids = [store.insert_dataset(db, owner, f"Dataset {n}", None, n < pipelines) for n, owner in enumerate(owners)]
        for n in range(cases):
            dataset = {"id": ids[n % datasets], "pipelineId": owners[n % datasets]}
            inputs = {"question": f"How do I do thing {n}?", "account": {"plan": "pro", "seats": n % 50}}
            store.insert_test_case(db, dataset, f"Case {n}", inputs, {"answer": f"Like this, step {n}"})
    store.close()


def populate_export(db_path: Path) -> None:
    """Demo data and one dataset of 50,000 test cases to export."""
    store = Store(db_path)
    seed_demo_data(store)
    slug, cases = EXPORTED
    with store.write() as db:
        pipeline_id = str(store.insert_pipeline(db, slug, "Bench export", None))
        dataset = {"id": store.insert_dataset(db, pipeline_id, "Exported", None, False), "pipelineId": pipeline_id}
        for n in range(cases):
            inputs = {"question": f"How do I do thing {n}?", "account": {"plan": "pro", "seats": n % 50}}
            store.insert_test_case(db, dataset, f"Case {n}", inputs, {"answer": f"Like this, step {n}"})
    store.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _pipeline_id(base_url: str, slug: str) -> str:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    response = requests.get(base_url + "/v4/pipelines", params={"slug": slug}, headers=headers, timeout=30)
    return str(response.json()["data"][0]["id"])


@contextmanager
def counted_requests(base_url: str) -> Iterator[list[str]]:
    """Every request this process sends to the sandbox while inside, as "METHOD path"."""
    seen: list[str] = []
    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        if request.url and request.url.startswith(base_url):
            path = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "{id}", request.path_url.split("?")[0])
            seen.append(f"{request.method} {path}")
        return original(self, request, **kwargs)  # type: ignore[arg-type]

    requests.Session.send = send  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        requests.Session.send = original  # type: ignore[method-assign]


def bench_datasets_page(many_url: str, few_url: str, reruns: int) -> list[Row]:
    """AppTest reruns of the Datasets list of every pipeline, one sandbox of 2,000 datasets in 200 pipelines with
    50,000 cases against one of 20 datasets with 500; the requests its first load sends with nothing cached; and
    those of a dataset's view with only the pipeline list cached."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.shared import lookups

    os.environ["GENTRACE_API_KEY"] = API_KEY
    st.cache_data.clear()
    st.cache_resource.clear()

    def page(base_url: str, **query: str) -> AppTest:
        os.environ["GENTRACE_BASE_URL"] = base_url
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page("pages/datasets.py")
        at.run()
        assert not at.exception, at.exception
        return at

    def list_page(base_url: str, pipelines: int) -> AppTest:
        at = page(base_url)
        assert any(f"datasets in {pipelines} pipelines" in m.value for m in at.markdown), "the list did not show"
        return at

    many_page, few_page = list_page(many_url, MANY[0]), list_page(few_url, FEW[0])

    def rerun(at: AppTest, base_url: str) -> None:
        os.environ["GENTRACE_BASE_URL"] = base_url  # the app reads its connection on every run
        at.run()

    many, few = interleaved(lambda: rerun(many_page, many_url), lambda: rerun(few_page, few_url), reruns, warmup=2)

    lookups.forget_all()
    with counted_requests(many_url) as first_load:
        list_page(many_url, MANY[0])
    dataset_id = _first_dataset(many_url, "bench-0")
    lookups.forget_all(keep_pipelines=True)
    with counted_requests(many_url) as dataset_view:
        page(many_url, dataset=dataset_id)
    return [
        Row(
            "10. Datasets list rerun: 2,000 datasets in 200 pipelines / 50,000 cases vs 20 / 500",
            ms(median(many)),
            ms(median(few)),
            median(many) / median(few),
            "≤ 1.5",
        ),
        Row(
            "11. requests of the list's first load, nothing cached: " + ", ".join(sorted(first_load)),
            str(len(first_load)),
            "3",
            len(first_load) / 3,
            "≤ 1",
        ),
        Row(
            "11. requests of a dataset view beyond the cached pipeline list: " + ", ".join(sorted(dataset_view)),
            str(len(dataset_view)),
            "2",
            len(dataset_view) / 2,
            "≤ 1",
        ),
    ]


def _first_dataset(base_url: str, slug: str) -> str:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    response = requests.get(base_url + "/v4/datasets", params={"pipelineSlug": slug}, headers=headers, timeout=30)
    return str(response.json()["data"][0]["id"])


def bench_export(base_url: str, repetitions: int) -> list[Row]:
    """Listing a 50,000-case dataset and writing it out, against listing it alone, through the same client."""
    from services.exporting.dataset_files import export_csv, export_jsonl, export_xlsx
    from services.gentrace.client import GentraceClient

    client = GentraceClient(base_url, API_KEY)
    dataset_id = _first_dataset(base_url, EXPORTED[0])

    def listing() -> None:
        assert len(client.list_test_cases(dataset_id=dataset_id)) == EXPORTED[1]

    rows = []
    for label, exporter, target in (
        ("CSV", export_csv, "≤ 2"),
        ("JSONL", export_jsonl, "≤ 2"),
        ("Excel", export_xlsx, "≤ 3"),
    ):
        ours, baseline = interleaved(
            lambda exporter=exporter: exporter(client.list_test_cases(dataset_id=dataset_id)),  # type: ignore[misc]
            listing,
            repetitions,
            warmup=1,
        )
        rows.append(
            Row(
                f"12. export 50,000 cases as {label} (list + write) vs listing them",
                ms(median(ours)),
                ms(median(baseline)),
                median(ours) / median(baseline),
                target,
            )
        )
    return rows

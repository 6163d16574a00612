"""Benchmarks of looking after datasets: the Datasets page for a big pipeline against a small one, the requests a
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

BIG = ("bench-big", 2_000, 50_000)  # slug, datasets, test cases
SMALL = ("bench-small", 20, 500)
EXPORTED = ("bench-export", 1, 50_000)


def populate(db_path: Path) -> None:
    """Demo data, plus the pipelines above with their datasets and cases spread evenly."""
    store = Store(db_path)
    seed_demo_data(store)
    with store.write() as db:
        for slug, datasets, cases in (BIG, SMALL, EXPORTED):
            pipeline_id = str(store.insert_pipeline(db, slug, slug.replace("-", " ").title(), None))
            ids = [store.insert_dataset(db, pipeline_id, f"Dataset {n}", None, n == 0) for n in range(datasets)]
            for n in range(cases):
                dataset = {"id": ids[n % datasets], "pipelineId": pipeline_id}
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


def bench_datasets_page(base_url: str, reruns: int) -> list[Row]:
    """AppTest reruns of the Datasets page: a pipeline of 2,000 datasets and 50,000 cases against 20 and 500; and
    the requests a first view sends when only the pipeline list is cached."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.shared import lookups

    os.environ["GENTRACE_API_KEY"], os.environ["GENTRACE_BASE_URL"] = API_KEY, base_url
    st.cache_data.clear()
    st.cache_resource.clear()

    def page(**query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page("pages/datasets.py")
        at.run()
        assert not at.exception, at.exception
        return at

    pipeline_ids = {slug: _pipeline_id(base_url, slug) for slug in (BIG[0], SMALL[0])}

    def pipeline_page(slug: str) -> AppTest:
        at = page(pipeline_id=pipeline_ids[slug])
        assert any("datasets ·" in m.value for m in at.markdown), "the table did not show"
        return at

    big, small = pipeline_page(BIG[0]), pipeline_page(SMALL[0])
    many, few = interleaved(big.run, small.run, reruns, warmup=2)

    def forget_all_but_the_pipeline_list() -> None:
        lookups.forget_all(keep_pipelines=True)

    forget_all_but_the_pipeline_list()
    with counted_requests(base_url) as list_view:
        pipeline_page(BIG[0])
    dataset_id = _first_dataset(base_url, BIG[0])
    forget_all_but_the_pipeline_list()
    with counted_requests(base_url) as dataset_view:
        page(dataset=dataset_id)
    return [
        Row(
            "10. Datasets page rerun: 2,000 datasets / 50,000 cases vs 20 / 500",
            ms(median(many)),
            ms(median(few)),
            median(many) / median(few),
            "≤ 1.5",
        ),
        Row(
            "11. requests of a list view beyond the cached pipeline list: " + ", ".join(sorted(list_view)),
            str(len(list_view)),
            "2",
            len(list_view) / 2,
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
        assert len(client.list_test_cases(dataset_id=dataset_id)) == EXPORTED[2]

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

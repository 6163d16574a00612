"""Benchmarks of reviewing: Approve → the next case against a rerun of a case's view, the dataset page's rerun with
the review's progress against the same page without it, and writing one approval."""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import event

from bench.measure import API_KEY, ROOT, Row, interleaved, median, sandbox_process
from sandbox.seed import seed_demo_data
from sandbox.store import Store
from services.cases.format import fingerprint
from services.database.engine import open_database
from services.review.rules import Mark
from services.review.store import ReviewStore


def _question(n: int) -> dict[str, Any]:
    return {"question": f"How do I do thing {n}?\nSecond line.", "account": {"plan": "pro", "seats": n % 50}}


def _answer(n: int) -> dict[str, Any]:
    return {"answer": f"Like this, step {n}."}


def _populated(db: Path, count: int) -> str:
    """Demo data and one dataset of `count` test cases: its id."""
    store = Store(db)
    seed_demo_data(store)
    with store.write() as write:
        pipeline_id = str(store.insert_pipeline(write, "bench-review", "Bench Review", None))
        dataset = {"id": store.insert_dataset(write, pipeline_id, "Reviewed", None, False), "pipelineId": pipeline_id}
        for n in range(count):
            store.insert_test_case(write, dataset, f"Case {n}", _question(n), _answer(n))
    store.close()
    return str(dataset["id"])


def _approved(studio_url: str, dataset_id: str, count: int) -> None:
    """Approvals of the first `count` cases, as a reviewer would have left them."""
    now = datetime.now(UTC)
    marks = [
        Mark(
            dataset_id,
            f"Case {n}",
            fingerprint(f"Case {n}", _question(n), _answer(n)),
            "approved",
            "ana@example.com",
            now,
        )
        for n in range(count)
    ]
    ReviewStore(open_database(studio_url)).add(marks)


@contextmanager
def _counting(target: str, owner: Any, name: str) -> Iterator[list[int]]:
    """Counts the calls of `owner.name` (patched on `target`'s path) while inside."""
    calls = [0]
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    with mock.patch(target, counted):
        yield calls


def _app(url: str, studio_url: str, **query: str) -> Any:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ.update(GENTRACE_API_KEY=API_KEY, GENTRACE_BASE_URL=url, STUDIO_DATABASE_URL=studio_url)
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update(**query)
    at.switch_page("pages/datasets.py")
    at.run()
    assert not at.exception, at.exception
    return at


def bench_approve(tmp: Path, count: int, approvals: int) -> list[Row]:
    """AppTest: Approve on the review screen of `count` cases and the run that shows the next one, against a rerun
    of a case's view of the same dataset; and what one Approve costs: script runs, database writes, listings."""
    from components.review import screen
    from services.gentrace.client import GentraceClient

    dataset_id = _populated(tmp / "approve.db", count)
    studio_url = f"sqlite:///{tmp / 'approve-studio.db'}"
    with sandbox_process(tmp / "approve.db") as url:
        review = _app(url, studio_url, dataset=dataset_id, view="review")
        first = review.session_state[f"review_at_{dataset_id}"][0]
        case_view = _app(url, studio_url, dataset=dataset_id, case=first)

        def approve() -> None:
            shown = review.session_state[f"review_at_{dataset_id}"][0]
            review.button(key=f"review_approve_{shown}").click().run()

        with (
            _counting("components.review.screen.review_section", screen, "review_section") as runs,
            _counting("services.review.store.ReviewStore.add", ReviewStore, "add") as writes,
            _counting("services.gentrace.client.GentraceClient.list_test_cases", GentraceClient,
                      "list_test_cases") as listings,
        ):  # fmt: skip
            approving, viewing = interleaved(approve, case_view.run, approvals, warmup=2)
            again, rerunning = interleaved(approve, review.run, approvals, warmup=0)
            pressed = 2 * approvals + 2
            runs[0] -= approvals  # the reruns of the screen between them
            assert not review.exception, review.exception
        shown = review.session_state[f"review_at_{dataset_id}"][1]
        assert shown == pressed, f"{pressed} approvals should show case {pressed + 1}, not {shown + 1}"
    return [
        Row(
            f"20. Approve → the next case shown ({count:,} cases) vs a rerun of a case's view",
            f"{median(approving) * 1000:.0f} ms",
            f"{median(viewing) * 1000:.0f} ms",
            median(approving) / median(viewing),
            "≤ 1.2",
        ),
        Row(
            "20. Approve → the next case shown vs a rerun of the review screen (what the approval adds)",
            f"{median(again) * 1000:.0f} ms",
            f"{median(rerunning) * 1000:.0f} ms",
            median(again) / median(rerunning),
        ),
        Row(
            "20. a rerun of the review screen vs a rerun of a case's view (before any action)",
            f"{median(rerunning) * 1000:.0f} ms",
            f"{median(viewing) * 1000:.0f} ms",
            median(rerunning) / median(viewing),
        ),
        Row(
            f"20. per Approve: script runs, database writes, listings of the dataset ({pressed} approvals)",
            f"{runs[0] / pressed:.0f}, {writes[0] / pressed:.0f}, {listings[0] / pressed:.0f}",
            "1, 1, 0",
            (runs[0] + writes[0] + listings[0]) / (2 * pressed),
            "= 1",
        ),
    ]


def bench_progress(tmp: Path, count: int, reruns: int) -> list[Row]:
    """AppTest reruns of a dataset page of `count` cases, a fifth of them approved: with the review's progress line
    against the same page without it; and the statements the line sends to the studio's database per rerun."""
    from components.health.checks import health_checks

    dataset_id = _populated(tmp / "progress.db", count)
    studio_url = f"sqlite:///{tmp / 'progress-studio.db'}"
    _approved(studio_url, dataset_id, count // 5)
    with sandbox_process(tmp / "progress.db") as url:
        page = _app(url, studio_url, dataset=dataset_id)
        check = health_checks().latest(dataset_id)
        assert check is not None and check.finished.wait(300)  # the health analysis, once, on its worker
        page.run()
        assert any("Reviewed:" in m.value for m in page.markdown), "the progress line is shown"

        def without() -> None:
            with mock.patch("components.review.standing.review_line", lambda *_: None):
                page.run()

        with_line, without_line = interleaved(page.run, without, reruns, warmup=2)

        from components.shared.database import studio_database

        statements = [0]

        def count_statement(*_: object) -> None:
            statements[0] += 1

        engine = studio_database()
        event.listen(engine, "before_cursor_execute", count_statement)
        try:
            without()
            alone = statements[0]
            page.run()
            added = statements[0] - 2 * alone
        finally:
            event.remove(engine, "before_cursor_execute", count_statement)
    return [
        Row(
            f"20. dataset page rerun ({count:,} cases, {count // 5:,} approved): with the review's progress vs without",
            f"{median(with_line) * 1000:.0f} ms",
            f"{median(without_line) * 1000:.0f} ms",
            median(with_line) / median(without_line),
            "≤ 1.2",
        ),
        Row(
            f"20. statements the progress adds to a rerun ({count:,} cases)",
            str(added),
            "1 read",
            float(added),
            "≤ 2",
        ),
    ]


def bench_mark_write(tmp: Path, repetitions: int) -> Row:
    """One approval written and committed on SQLite, against the 5 ms budget."""
    store = ReviewStore(open_database(f"sqlite:///{tmp / 'marks.db'}"))
    times = []
    for n in range(repetitions + 3):
        mark = Mark("bench", f"Case {n}", "f" * 64, "approved", "ana@example.com", datetime.now(UTC))
        started = time.perf_counter()
        store.add([mark])
        times.append(time.perf_counter() - started)
    measured = median(times[3:])
    return Row("20. write an approval (SQLite)", f"{measured * 1000:.2f} ms", "5 ms", measured / 0.005, "≤ 1")

"""Benchmarks of a dataset's health: the whole analysis of 50,000 cases against listing them from the sandbox, the
near repeats found among 2% planted ones (recall and precision), how the cost grows from 5,000 to 50,000 cases,
and a page rerun with the health shown against one without."""

import math
import os
import random
import string
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.measure import API_KEY, ROOT, Row, interleaved, median, sandbox_process
from sandbox.seed import seed_demo_data
from sandbox.store import Store
from services.gentrace.client import GentraceClient
from services.gentrace.types import TestCase
from services.health.findings import analyse
from services.health.near_repeats import DEFAULT_THRESHOLD

PLANTED_SHARE = 0.02


def inputs_with_near_repeats(count: int, seed: int = 7) -> tuple[list[str], set[tuple[int, int]]]:
    """`count` inputs of about 200 characters, 2% of them near repeats of another one (a trailing "?", case,
    spacing, a word or two changed): the inputs and the planted (original, copy) positions."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(5_000)]

    def text() -> str:
        words: list[str] = []
        while sum(len(word) + 1 for word in words) < 200:
            words.append(rng.choice(vocabulary))
        return " ".join(words).capitalize() + "."

    def near(original: str) -> str:
        words = original.split(" ")
        match rng.randrange(5):
            case 0:
                return original.rstrip(".") + "?"
            case 1:
                return original.lower()
            case 2:
                at = rng.randrange(len(words) - 1)
                words[at] += " "
            case 3:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            case _:
                for at in rng.sample(range(len(words)), 2):
                    words[at] = rng.choice(vocabulary)
        return " ".join(words)

    planted_count = int(count * PLANTED_SHARE)
    texts = [text() for _ in range(count - planted_count)]
    planted = set()
    for original in rng.sample(range(len(texts)), planted_count):
        texts.append(near(texts[original]))
        planted.add((original, len(texts) - 1))
    return texts, planted


def _cases(texts: list[str]) -> list[TestCase]:
    now = datetime.now(UTC)
    return [
        TestCase.model_construct(
            id=f"case-{n}",
            created_at=now,
            updated_at=now,
            inputs={"question": text},
            expected_outputs={"answer": f"Answer {n}"},
            dataset_id="bench",
            name=f"Case {n}",
            pipeline_id="bench",
        )
        for n, text in enumerate(texts)
    ]


def _populated(db: Path, texts: list[str]) -> str:
    store = Store(db)
    seed_demo_data(store)
    with store.write() as write:
        pipeline_id = str(store.insert_pipeline(write, "bench-health", "Bench Health", None))
        dataset_id = str(store.insert_dataset(write, pipeline_id, "Health", None, False))
        for n, text in enumerate(texts):
            dataset = {"id": dataset_id, "pipelineId": pipeline_id}
            store.insert_test_case(write, dataset, f"Case {n}", {"question": text}, {"answer": f"Answer {n}"})
    store.close()
    return dataset_id


def bench_analysis(tmp: Path, count: int, repetitions: int) -> list[Row]:
    texts, planted = inputs_with_near_repeats(count)
    dataset_id = _populated(tmp / "health.db", texts)
    with sandbox_process(tmp / "health.db") as url:
        client = GentraceClient(url, API_KEY)
        cases = client.list_test_cases(dataset_id=dataset_id)
        listing, analysing = interleaved(
            lambda: client.list_test_cases(dataset_id=dataset_id), lambda: analyse(cases), repetitions, warmup=1
        )
    health = analyse(cases)
    position = {case.id: int(case.name.removeprefix("Case ")) for case in cases}
    found = set()
    for group in health.near_groups(DEFAULT_THRESHOLD):
        members = sorted(position[case.id] for case in group.cases)
        found |= {(a, b) for at, a in enumerate(members) for b in members[at + 1 :]}
    hits = len(found & planted)
    recall, precision = hits / len(planted), hits / len(found) if found else 0.0
    return [
        Row(
            f"19. health of {count:,} cases (2% near repeats) vs listing them from the sandbox",
            f"{median(analysing):.2f} s",
            f"{median(listing):.2f} s",
            median(analysing) / median(listing),
            "≤ 2",
        ),
        Row(
            f"19. near repeats found: recall on {len(planted):,} planted",
            f"{hits:,}",
            f"{len(planted):,}",
            recall,
            "≥ 0.95",
        ),
        Row(
            f"19. near repeats found: precision ({len(found):,} pairs)",
            f"{hits:,}",
            f"{len(found):,}",
            precision,
            "≥ 0.95",
        ),
    ]


def bench_growth(small: int, big: int, repetitions: int) -> Row:
    """The analysis of `big` cases against `small`, as a share of what n log n growth would allow."""
    few, many = _cases(inputs_with_near_repeats(small)[0]), _cases(inputs_with_near_repeats(big)[0])
    timings = {}
    for name, cases in (("few", few), ("many", many)):
        analyse(cases)
        runs = []
        for _ in range(repetitions):
            started = time.perf_counter()
            analyse(cases)
            runs.append(time.perf_counter() - started)
        timings[name] = median(runs)
    grown = timings["many"] / timings["few"]
    n_log_n = (big * math.log(big)) / (small * math.log(small))
    return Row(
        f"19. health cost from {small:,} to {big:,} cases, against n log n ({n_log_n:.1f}×)",
        f"{grown:.1f}× ({timings['many']:.2f} s)",
        f"{n_log_n:.1f}× ({timings['few'] * 1000:.0f} ms)",
        grown / n_log_n,
        "≤ 1",
    )


def bench_rerun(tmp: Path, count: int, reruns: int) -> list[Row]:
    """AppTest reruns of a dataset of `count` cases: its view with the health verdict against the same view without
    it, and the Health view against the dataset's view."""
    from unittest import mock

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.health.checks import health_checks

    texts, _ = inputs_with_near_repeats(count)
    dataset_id = _populated(tmp / "rerun.db", texts)
    with sandbox_process(tmp / "rerun.db") as url:
        os.environ.update(
            GENTRACE_API_KEY=API_KEY, GENTRACE_BASE_URL=url, STUDIO_DATABASE_URL=f"sqlite:///{tmp / 'studio.db'}"
        )
        st.cache_resource.clear()

        def page(**query: str) -> AppTest:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.query_params.update(dataset=dataset_id, **query)
            at.switch_page("pages/datasets.py")
            at.run()
            check = health_checks().latest(dataset_id)
            assert check is not None and check.finished.wait(300)  # the analysis, once, on its worker
            at.run()
            assert not at.exception, at.exception
            return at

        view, health_view = page(), page(view="health")
        assert any("problems in" in s.value for s in health_view.subheader)
        with_verdict, health_shown = interleaved(view.run, health_view.run, reruns, warmup=2)

        def without_verdict() -> None:
            with mock.patch("components.health.view.health_summary", lambda *_: None):
                view.run()

        without, with_again = interleaved(without_verdict, view.run, reruns, warmup=2)
    return [
        Row(
            f"19. dataset view rerun ({count:,} cases): with the health verdict vs without",
            f"{median(with_again) * 1000:.0f} ms",
            f"{median(without) * 1000:.0f} ms",
            median(with_again) / median(without),
            "≤ 1.2",
        ),
        Row(
            f"19. Health view rerun ({count:,} cases) vs the dataset's view",
            f"{median(health_shown) * 1000:.0f} ms",
            f"{median(with_verdict) * 1000:.0f} ms",
            median(health_shown) / median(with_verdict),
            "≤ 1.2",
        ),
    ]

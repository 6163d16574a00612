"""Benchmarks of the team's Activity: the page with 100,000 entries against one with 10, recording one entry, and
moving a 100,000-line audit file into the database."""

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.measure import ROOT, Row, interleaved, median
from services.activity.log import AuditEntry, AuditLog
from services.activity.store import ActivityStore
from services.activity.trail import ActivityTrail, move_in
from services.database.engine import open_database

PEOPLE = [f"person{n}@example.com" for n in range(40)]
ACTIONS = ["dataset updated", "test cases imported", "test cases deleted", "test case edited", "golden changed"]


def entries(count: int) -> list[AuditEntry]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        AuditEntry(
            time=(start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%S.000Z"), who=PEOPLE[n % len(PEOPLE)],
            mode="gentrace", action=ACTIONS[n % len(ACTIONS)],
            ids={"dataset": f"{n % 500:08d}-e89b-42d3-a456-426614174000"}, counts={"removed": n % 7},
            name=f"Dataset {n % 500}", host=f"copy-{n % 3}", key=f"bench-{n}",
        )
        for n in range(count)
    ]  # fmt: skip


def bench_page(tmp: Path, count: int, reruns: int) -> Row:
    """AppTest reruns of the Activity page on a database of `count` entries against one of 10."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    urls = {}
    for size in (count, 10):
        url = f"sqlite:///{tmp / f'activity-{size}.db'}"
        ActivityStore(open_database(url)).add(entries(size))
        urls[size] = url

    def page(size: int) -> AppTest:
        os.environ.update(STUDIO_DATABASE_URL=urls[size], STUDIO_AUDIT_LOG=str(tmp / f"audit-{size}.jsonl"))
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.switch_page("pages/activity.py")
        at.run()
        assert not at.exception, at.exception
        assert any(f"{size:,} entries" in m.value for m in at.markdown), "the entries are shown"
        return at

    many, few = page(count), page(10)

    def rerun(at: AppTest, size: int) -> None:
        os.environ["STUDIO_DATABASE_URL"] = urls[size]  # each page reads its own database
        at.run()

    big, small = interleaved(lambda: rerun(many, count), lambda: rerun(few, 10), reruns, warmup=2)
    return Row(
        f"22. Activity page rerun, {count:,} entries vs 10",
        f"{median(big) * 1000:.0f} ms",
        f"{median(small) * 1000:.0f} ms",
        median(big) / median(small),
        "≤ 1.5",
    )


def bench_record(tmp: Path, repetitions: int) -> Row:
    store = ActivityStore(open_database(f"sqlite:///{tmp / 'record.db'}"))
    trail = ActivityTrail(AuditLog(tmp / "record.jsonl"), lambda: store, host="bench")
    times = []
    for n in range(repetitions + 3):
        started = time.perf_counter()
        trail.record(who="ann@example.com", mode="gentrace", action="dataset updated", ids={"dataset": "d"},
                     counts={"n": n})  # fmt: skip
        times.append(time.perf_counter() - started)
    measured = median(times[3:])
    return Row("22. record one entry (SQLite, committed)", f"{measured * 1000:.2f} ms", "5 ms", measured / 0.005, "≤ 1")


def bench_move_in(tmp: Path, count: int) -> Row:
    """An older studio's file of `count` lines (no keys) moved into an empty database, as on the first start."""
    path = tmp / "old-audit.jsonl"
    with path.open("w") as file:
        for entry in entries(count):
            line = json.loads(entry.to_line())
            del line["key"], line["host"]
            file.write(json.dumps(line) + "\n")
    store = ActivityStore(open_database(f"sqlite:///{tmp / 'moved.db'}"))
    started = time.perf_counter()
    moved = move_in(path, store, "bench")
    elapsed = time.perf_counter() - started
    assert moved.added == count, moved
    return Row(
        f"22. move a {count:,}-line audit file into the database", f"{elapsed:.1f} s", "10 s", elapsed / 10, "≤ 1"
    )

"""The audit trail in the studio's database, on SQLite and PostgreSQL: entries newest first and filtered, one page
per query; the local file when the database is away, caught up once it is back; moving an old file in, idempotent,
unreadable lines counted."""

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.activity.log import AuditEntry, AuditLog
from services.activity.store import ActivityFilter, ActivityStore, ActivityUnavailable
from services.activity.trail import ActivityTrail, move_in
from services.database.engine import open_database


def entry(n: int, who: str = "ann@example.com", dataset: str = "d1", action: str = "dataset updated") -> AuditEntry:
    moment = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(hours=n)
    return AuditEntry(
        time=moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"), who=who, mode="gentrace", action=action,
        ids={"dataset": dataset}, counts={"n": n}, name=f"Set {n}", host="copy-a", key=f"k{n}",
    )  # fmt: skip


@pytest.fixture
def store(history_url: str) -> ActivityStore:
    return ActivityStore(open_database(history_url))


def test_entries_are_kept_once_newest_first_and_filtered(store: ActivityStore) -> None:
    assert store.add([entry(n, who=f"p{n % 2}@x.com", dataset=f"d{n % 3}") for n in range(10)]) == 10
    assert store.add([entry(3), entry(10)]) == 1  # a key already there is left out
    page = store.page(ActivityFilter(), 0, 4)
    assert page.total == 11 and [e.counts["n"] for e in page.entries] == [10, 9, 8, 7]
    assert [e.counts["n"] for e in store.page(ActivityFilter(), 8, 4).entries] == [2, 1, 0]
    assert store.page(ActivityFilter(), 40, 4).total == 11  # past the end: still counted
    by_person = store.page(ActivityFilter(who="p1@x.com", dataset_id="d0"))
    assert [e.counts["n"] for e in by_person.entries] == [9, 3]
    since = datetime(2026, 12, 1, 5, tzinfo=UTC)
    window = store.page(ActivityFilter(since=since, until=since + timedelta(hours=2)))
    assert [e.counts["n"] for e in window.entries] == [6, 5]
    first = store.page(ActivityFilter(action="dataset updated")).entries[-1]
    assert first == entry(0, who="p0@x.com", dataset="d0")  # read back exactly as written
    people, actions = store.choices()
    assert people == ["ann@example.com", "p0@x.com", "p1@x.com"] and actions == ["dataset updated"]
    assert store.page(ActivityFilter(who="nobody")).total == 0


def test_the_local_file_takes_entries_while_the_database_is_away_and_is_caught_up_once(
    tmp_path: Path, store: ActivityStore
) -> None:
    away = {"now": True}

    def the_store() -> ActivityStore:
        if away["now"]:
            raise ActivityUnavailable("The studio's database could not be read or written (OperationalError).")
        return store

    fallback = AuditLog(tmp_path / "audit.jsonl")
    trail = ActivityTrail(fallback, the_store, host="copy-b")
    trail.record(who="ann@example.com", mode="gentrace", action="dataset created", ids={"dataset": "d1"})
    trail.record(who="bob@example.com", mode="gentrace", action="dataset updated", ids={"dataset": "d1"})
    assert len(fallback.path.read_text().splitlines()) == 2  # nothing lost
    away["now"] = False
    trail.record(who="cy@example.com", mode="gentrace", action="dataset archived", ids={"dataset": "d1"})
    assert not fallback.path.exists()
    kept = store.page(ActivityFilter()).entries
    assert sorted(e.who for e in kept) == ["ann@example.com", "bob@example.com", "cy@example.com"]
    assert {e.host for e in kept} == {"copy-b"}
    assert trail.catch_up() is not None and store.page(ActivityFilter()).total == 3  # once


def test_moving_an_old_file_in_is_idempotent_and_counts_what_it_cannot_read(
    tmp_path: Path, store: ActivityStore
) -> None:
    path = tmp_path / "audit.jsonl"
    old = [json.loads(entry(n).to_line()) for n in range(6)]
    for line in old:
        del line["key"], line["host"]  # written before entries had keys
    text = "".join(json.dumps(line) + "\n" for line in old[:3]) + '{"time": "cut short\n'
    text += "".join(json.dumps(line) + "\n" for line in old[3:])
    path.write_text(text)
    copy = tmp_path / "copy" / "audit.jsonl"
    copy.parent.mkdir()
    copy.write_text(text)  # another copy of the studio had the same file
    moved = move_in(path, store, "copy-a")
    assert (moved.lines, moved.added, moved.unreadable) == (7, 6, 1) and not path.exists()
    assert move_in(copy, store, "copy-b").added == 0
    assert [e.counts["n"] for e in store.page(ActivityFilter()).entries] == [5, 4, 3, 2, 1, 0]
    assert move_in(path, store, "copy-a").lines == 0  # nothing left to move


def test_two_copies_moving_in_together_keep_each_entry_once(tmp_path: Path, store: ActivityStore) -> None:
    paths = []
    for copy in ("a", "b"):
        path = tmp_path / copy / "audit.jsonl"
        path.parent.mkdir()
        path.write_text("".join(entry(n).to_line().decode() for n in range(300)))
        paths.append(path)
    threads = [threading.Thread(target=move_in, args=(path, store, "x")) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.page(ActivityFilter()).total == 300

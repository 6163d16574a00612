"""The history store (against SQLite and a real PostgreSQL), the field-by-field difference and the undo plan."""

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy

from services.cases.content import CaseContent, Pair
from services.database.engine import DatabaseUnavailable, database_url, migrate, open_database
from services.gentrace.types import TestCase
from services.history.difference import differences
from services.history.store import HistoryStore
from services.history.undo import undo_plan

DATASET = "123e4567-e89b-42d3-a456-426614174001"


def content(name: str, question: str, answer: str = "A", case_id: str | None = None) -> CaseContent:
    return CaseContent(name, {"Question": question}, {"Expected answer": answer}, case_id)


def test_an_entry_is_written_before_and_completed_after_with_every_case(history_url: str) -> None:
    store = HistoryStore(open_database(history_url))
    old, new = content("Refund", "Refund?", "No", "id-old"), content("Refund", "Refund?", "Within 30 days")
    added = content("Invoice", "Where is my invoice?")
    entry_id = store.begin(DATASET, "edit", [Pair(old, new), Pair(None, added)], who="ann@example.com", note="Fix")
    pending = store.entry(entry_id)
    assert pending is not None and pending.state == "pending"  # a crash now leaves what may have happened
    assert (pending.added, pending.changed, pending.removed) == (1, 1, 0)
    store.complete(entry_id, "done", "1 changed, 1 added", done=[0, 1], created={0: "id-new", 1: "id-added"})
    entry = store.entry(entry_id)
    assert entry is not None and entry.state == "done" and entry.outcome == "1 changed, 1 added"
    assert entry.completed_at is not None and entry.completed_at.tzinfo is not None
    assert entry.pairs[0].before == old and entry.pairs[0].after == CaseContent(**{**new.__dict__, "case_id": "id-new"})
    assert entry.pairs[1].after is not None and entry.pairs[1].after.case_id == "id-added"
    assert all(pair.done for pair in entry.pairs)
    assert (entry.who, entry.note, entry.kind) == ("ann@example.com", "Fix", "edit")


def test_entries_are_listed_newest_first_a_page_at_a_time_and_kept_across_reopening(history_url: str) -> None:
    store = HistoryStore(open_database(history_url))
    ids = [store.begin(DATASET, "add", [Pair(None, content(f"C{n}", f"Q{n}"))], who="ann") for n in range(5)]
    store.begin("another-dataset", "add", [Pair(None, content("X", "Q"))], who="ann")
    assert store.count(DATASET) == 5
    assert [e.id for e in store.entries(DATASET, 0, 3)] == ids[::-1][:3]
    assert [e.id for e in store.entries(DATASET, 3, 3)] == ids[::-1][3:]
    again = HistoryStore(open_database(history_url))  # a restart: Alembic finds the tables at head and leaves them
    assert again.count(DATASET) == 5 and again.entry(ids[0]) is not None


def test_a_database_made_by_an_earlier_version_is_migrated_on_start_and_keeps_its_entries(history_url: str) -> None:
    engine = sqlalchemy.create_engine(history_url)
    migrate(engine, "0001")  # the history only, before the health summaries
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO history_entries (id, dataset_id, kind, who, note, state, outcome, created_at, added,"
                " changed, removed) VALUES ('old', :dataset, 'add', 'ann', '', 'done', 'Added', :now, 1, 0, 0)"
            ),
            {"dataset": DATASET, "now": datetime.now(UTC)},
        )
    engine.dispose()
    store = HistoryStore(open_database(history_url))
    assert "health_summaries" in sqlalchemy.inspect(store.engine).get_table_names()
    assert [entry.id for entry in store.entries(DATASET)] == ["old"]


def test_a_database_that_cannot_be_opened_is_said_plainly(tmp_path: Any) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="could not be opened"):
        open_database(f"sqlite:///{blocker}/studio.db")


def test_the_database_url_comes_from_the_environment_else_sqlite_in_the_studio_folder() -> None:
    assert database_url({}) == "sqlite:///.studio/studio.db"
    url = "postgresql+psycopg://studio@db/studio"
    assert database_url({"STUDIO_DATABASE_URL": f" {url} "}) == url


def test_the_difference_is_field_by_field_with_the_words_removed_and_added() -> None:
    before = CaseContent("Refund", {"Question": "Can I get a refund?", "tier": "Free", "n": 1}, {"answer": "No"})
    after = CaseContent("Refund", {"Question": "Can I get a full refund?", "n": "1", "user": {"plan": "pro"}}, {})
    changes = {change.field: change for change in differences(before, after)}
    assert list(changes) == ["inputs.Question", "inputs.tier", "inputs.n", "expectedOutputs.answer", "inputs.user.plan"]
    assert changes["inputs.tier"].exists_after is False and changes["inputs.user.plan"].existed_before is False
    assert changes["inputs.n"].before == 1 and changes["inputs.n"].after == "1"  # a number became text
    words = [(w.kind, w.text) for w in changes["inputs.Question"].words if w.kind != "same"]
    assert words == [("added", "full ")]
    assert differences(before, before) == []


def case(name: str, question: str, answer: str, case_id: str) -> TestCase:
    return TestCase.model_validate(
        {
            "id": case_id,
            "datasetId": DATASET,
            "pipelineId": "123e4567-e89b-42d3-a456-426614174002",
            "name": name,
            "inputs": {"Question": question},
            "expectedOutputs": {"Expected answer": answer},
            "createdAt": datetime(2026, 12, 1, tzinfo=UTC).isoformat(),
            "updatedAt": datetime(2026, 12, 1, tzinfo=UTC).isoformat(),
            "archivedAt": None,
            "deletedAt": None,
        }
    )


def test_the_undo_plan_reverses_what_was_done_and_leaves_alone_what_changed_since(history_url: str) -> None:
    store = HistoryStore(open_database(history_url))
    kept_old = content("Edited", "Q1", "old", "id-1")
    pairs = [
        Pair(kept_old, content("Edited", "Q1", "new")),  # edited: undo puts the old one back
        Pair(None, content("Added", "Q2")),  # added: undo deletes it
        Pair(content("Deleted", "Q3", "A", "id-3"), None),  # deleted: undo creates it again
        Pair(None, content("Changed since", "Q4")),  # added, then changed by a colleague: left alone
        Pair(None, content("Never sent", "Q5")),  # not done: nothing to undo
    ]
    entry_id = store.begin(DATASET, "edit", pairs, who="ann")
    store.complete(entry_id, "partial", "", done=[0, 1, 2, 3], created={0: "id-1b", 1: "id-2", 3: "id-4"})
    entry = store.entry(entry_id)
    assert entry is not None
    now = [
        case("Edited", "Q1", "new", "id-1b"),
        case("Added", "Q2", "A", "id-2"),
        case("Changed since", "Q4", "their answer", "id-4"),
    ]
    plan = undo_plan(entry, now)
    assert [(p.before and p.before.case_id, p.after and p.after.name) for p in plan.pairs] == [
        ("id-1b", "Edited"),
        ("id-2", None),
        (None, "Deleted"),
    ]
    assert plan.pairs[0].after == kept_old
    assert [(left.case.name, left.reason) for left in plan.left_alone] == [("Changed since", "changed since")]
    assert (plan.to_create, plan.to_delete) == (2, 2)


def test_a_replaced_case_is_found_with_what_replaced_it(history_url: str) -> None:
    store = HistoryStore(open_database(history_url))
    old = content("Refund", "Refund?", "No", "id-old")
    entry_id = store.begin(DATASET, "edit", [Pair(old, content("Refund", "Refund?", "Yes"))], who="ann")
    assert store.what_became_of("id-old") is None  # not done yet
    store.complete(entry_id, "done", "", done=[0], created={0: "id-new"})
    found = store.what_became_of("id-old")
    assert found is not None and found[0].id == entry_id and found[1].after is not None
    assert found[1].after.case_id == "id-new"
    assert store.what_became_of("id-unknown") is None

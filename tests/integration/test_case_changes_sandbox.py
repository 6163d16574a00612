"""Changing cases by hand and undoing, against the sandbox with its faults: each ends with exactly one copy of each
case, never two and never none, and every change is one history entry."""

from typing import Any

import pytest

from services.cases.change import CaseChange, CasesChangedElsewhere, apply_pairs, change_cases
from services.cases.content import CaseContent, Pair, content_of
from services.database.engine import open_database
from services.gentrace.client import GentraceClient
from services.history.store import HistoryStore, HistoryUnavailable
from services.history.undo import undo_plan
from tests.conftest import Api

CREATE = "POST /api/v4/test-cases"


def cases_of(client: GentraceClient, dataset_id: str) -> list[tuple[str, Any, Any]]:
    return sorted((c.name, c.inputs, c.expected_outputs or {}) for c in client.list_test_cases(dataset_id=dataset_id))


def edit_one(client: GentraceClient, store: HistoryStore, dataset_id: str, answer: str) -> Any:
    (case,) = client.list_test_cases(dataset_id=dataset_id)
    new = CaseContent(case.name, case.inputs, {"answer": answer})
    return change_cases(client, store, CaseChange(dataset_id, "edit", (Pair(content_of(case), new),), "ann"))


def test_an_edit_creates_the_new_case_then_deletes_the_old_and_is_one_entry(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Edit", cases=[{"name": "Refund", "inputs": {"q": "Refund?"}}])
    report = edit_one(client, store, dataset["id"], "Within 30 days")
    assert report.state == "done" and report.summary == "1 changed"
    assert cases_of(client, dataset["id"]) == [("Refund", {"q": "Refund?"}, {"answer": "Within 30 days"})]
    (entry,) = store.entries(dataset["id"])
    assert (entry.kind, entry.state, entry.changed) == ("edit", "done", 1)


@pytest.mark.parametrize("fault", ["drop=after", "slow=3", "status=503", "drop=before"])
def test_a_lost_or_failed_create_ends_with_exactly_one_copy(
    client: GentraceClient, store: HistoryStore, faulty_api: Api, fault: str
) -> None:
    dataset = faulty_api.new_dataset("Faulty edit", cases=[{"name": "Refund", "inputs": {"q": "Refund?"}}])
    faulty_api.inject(CREATE, fault, 1)
    report = edit_one(client, store, dataset["id"], "new answer")
    assert report.state == "done", report.failed  # found by its fingerprint, or sent again once surely absent
    assert cases_of(client, dataset["id"]) == [("Refund", {"q": "Refund?"}, {"answer": "new answer"})]


def test_an_old_version_that_cannot_be_deleted_leaves_both_and_says_so(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Both", cases=[{"name": "Refund", "inputs": {"q": "Refund?"}}])
    (old,) = client.list_test_cases(dataset_id=dataset["id"])
    faulty_api.inject(f"DELETE /api/v4/test-cases/{old.id}", "status=500", 1)
    report = edit_one(client, store, dataset["id"], "new")
    assert report.both_exist == {0} and "1 with both versions" in report.summary
    assert len(client.list_test_cases(dataset_id=dataset["id"])) == 2
    entry = store.entry(report.entry_id)
    assert entry is not None and entry.state == "partial" and entry.pairs[0].after is not None


def test_a_case_a_colleague_changed_meanwhile_is_not_touched(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Shared", cases=[{"name": "Refund", "inputs": {"q": "Refund?"}}])
    (seen,) = client.list_test_cases(dataset_id=dataset["id"])
    client.create_test_case(dataset["id"], "Refund", {"q": "Refund?"}, {"answer": "theirs"})
    client.delete_test_case(seen.id)  # their edit replaced it
    pairs = (Pair(content_of(seen), CaseContent("Refund", {"q": "Refund?"}, {"answer": "mine"})),)
    with pytest.raises(CasesChangedElsewhere, match="Refund"):
        change_cases(client, store, CaseChange(dataset["id"], "edit", pairs, "ann"))
    assert client.list_test_cases(dataset_id=dataset["id"])[0].expected_outputs == {"answer": "theirs"}
    assert store.count(dataset["id"]) == 0


def test_no_history_no_change(client: GentraceClient, faulty_api: Api, tmp_path: Any) -> None:
    dataset = faulty_api.new_dataset("No history")
    store = HistoryStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
    store.engine.dispose()
    (tmp_path / "studio.db").unlink()
    (tmp_path / "studio.db").mkdir()  # the database file is gone and cannot be made again
    with pytest.raises(HistoryUnavailable):
        apply_pairs(client, store, dataset["id"], "add", [Pair(None, CaseContent("New", {"q": "x"}))], who="ann")
    assert client.list_test_cases(dataset_id=dataset["id"]) == []


def test_undo_of_an_import_like_entry_removes_exactly_what_it_added_and_undoing_the_undo_redoes(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Undo", cases=[{"name": "Kept", "inputs": {"q": "0"}}])
    added = [Pair(None, CaseContent(f"Case {n}", {"q": str(n)})) for n in range(1, 6)]
    report = apply_pairs(client, store, dataset["id"], "import", added, who="ann", known=())
    assert report.state == "done" and len(client.list_test_cases(dataset_id=dataset["id"])) == 6
    entry = store.entry(report.entry_id)
    assert entry is not None
    for case_id in list(report.created.values())[:2]:  # lost answers on the undo's deletes: checked, not repeated
        faulty_api.inject(f"DELETE /api/v4/test-cases/{case_id}", "drop=after", 1)
    plan = undo_plan(entry, client.list_test_cases(dataset_id=dataset["id"]))
    assert (plan.to_delete, plan.to_create, plan.left_alone) == (5, 0, ())
    undone = apply_pairs(client, store, dataset["id"], "undo", plan.pairs, who="ann", undoes=entry.id)
    assert undone.state == "done", undone.failed
    assert cases_of(client, dataset["id"]) == [("Kept", {"q": "0"}, {})]
    undo_entry = store.entry(undone.entry_id)
    assert undo_entry is not None and undo_entry.undoes == entry.id
    current = client.list_test_cases(dataset_id=dataset["id"])
    redo = undo_plan(undo_entry, current)
    faulty_api.inject(CREATE, "drop=after", 2)
    apply_pairs(client, store, dataset["id"], "undo", redo.pairs, who="ann", undoes=undo_entry.id, known=current)
    assert len(client.list_test_cases(dataset_id=dataset["id"])) == 6  # each once, despite the lost answers

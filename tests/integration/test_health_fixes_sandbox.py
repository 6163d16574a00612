"""Health fixes against the sandbox with its faults: each is one history entry, ends with every case once (never two
copies where one was meant, never none), and its undo puts the dataset back, repeats included."""

from collections import Counter

from services.cases.change import CaseChange, ChangeReport, change_cases
from services.gentrace.client import GentraceClient
from services.health.findings import analyse
from services.health.fixes import Fix, delete_repeats, rename_key
from services.history.store import HistoryStore
from services.history.undo import undo_plan
from tests.conftest import Api, ailing_cases

CREATE = "POST /api/v4/test-cases"


def contents(client: GentraceClient, dataset_id: str) -> Counter[str]:
    """Every case's content, counted: what must come back exactly after an undo."""
    return Counter(
        repr((c.name, sorted(c.inputs.items()), sorted((c.expected_outputs or {}).items())))
        for c in client.list_test_cases(dataset_id=dataset_id)
    )


def fixed(client: GentraceClient, store: HistoryStore, dataset_id: str, fix: Fix) -> ChangeReport:
    kind = "delete" if all(p.after is None for p in fix.pairs) else "edit"
    return change_cases(client, store, CaseChange(dataset_id, kind, fix.pairs, "ann", note=fix.note))


def undone(client: GentraceClient, store: HistoryStore, dataset_id: str, entry_id: str) -> ChangeReport:
    entry = store.entry(entry_id)
    assert entry is not None
    current = client.list_test_cases(dataset_id=dataset_id)
    plan = undo_plan(entry, current)
    undo = CaseChange(dataset_id, "undo", plan.pairs, "ann", undoes=entry_id, check=False, listed=current)
    return change_cases(client, store, undo)


def test_deleting_repeats_with_lost_answers_keeps_the_oldest_and_undo_puts_each_copy_back_once(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    cases = ailing_cases() + [{"name": "Refund window", "inputs": {"question": "How long is the refund window"},
                               "expectedOutputs": {"answer": "30 days"}}] * 2  # fmt: skip
    dataset = faulty_api.new_dataset("Repeats", cases=cases)
    before = contents(client, dataset["id"])
    listed = client.list_test_cases(dataset_id=dataset["id"])
    oldest = min((c for c in listed if c.name == "Refund window"), key=lambda c: (c.created_at, c.id))
    fix = delete_repeats(analyse(listed))
    assert len(fix.pairs) == 4
    first = fix.pairs[0].before
    assert first is not None
    faulty_api.inject(f"DELETE /api/v4/test-cases/{first.case_id}", "drop=after", 1)  # deleted, answer lost
    report = fixed(client, store, dataset["id"], fix)
    assert report.state == "done", report.failed
    left = client.list_test_cases(dataset_id=dataset["id"])
    assert [c.id for c in left if c.name == "Refund window"] == [oldest.id]
    (entry,) = store.entries(dataset["id"])
    assert (entry.kind, entry.removed, entry.note) == ("delete", 4, fix.note)

    # One copy arrives with its answer lost, the next is lost before it arrives: settling the second must not take
    # the first's new case for its own (they are identical), or a copy would be missing.
    faulty_api.inject(CREATE, "drop=after", 1)
    faulty_api.inject(CREATE, "drop=before", 1)
    again = undone(client, store, dataset["id"], entry.id)
    assert again.state == "done", again.failed
    assert contents(client, dataset["id"]) == before  # four copies back, not one, not eight
    assert analyse(client.list_test_cases(dataset_id=dataset["id"])).repeat_count == 4


def test_a_repeat_that_cannot_be_deleted_is_reported_and_stays_a_repeat(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    dataset = faulty_api.new_dataset("Stubborn", cases=ailing_cases())
    fix = delete_repeats(analyse(client.list_test_cases(dataset_id=dataset["id"])))
    stuck = fix.pairs[1].before
    assert stuck is not None
    faulty_api.inject(f"DELETE /api/v4/test-cases/{stuck.case_id}", "status=500", 1)
    report = fixed(client, store, dataset["id"], fix)
    assert report.state == "partial" and list(report.failed) == [1]
    assert report.summary.endswith("; 1 failed")
    assert analyse(client.list_test_cases(dataset_id=dataset["id"])).repeat_count == 1
    entry = store.entry(report.entry_id)
    assert entry is not None and entry.state == "partial"
    back = undone(client, store, dataset["id"], entry.id)  # puts back only the one that was deleted
    assert back.state == "done" and len(back.pairs) == 1
    assert analyse(client.list_test_cases(dataset_id=dataset["id"])).repeat_count == 2


def test_renaming_a_misspelt_key_replaces_each_case_once_even_when_a_create_fails_and_undo_restores_it(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    typos = [{"name": f"Typo {n}", "inputs": {"questoin": f"Typed wrong {n}"}, "expectedOutputs": {"answer": "a"}}
             for n in range(3)]  # fmt: skip
    dataset = faulty_api.new_dataset("Keys", cases=ailing_cases() + typos)
    before = contents(client, dataset["id"])
    listed = client.list_test_cases(dataset_id=dataset["id"])
    health = analyse(listed)
    (misspelt,) = health.misspelt
    fix = rename_key(listed, misspelt)
    assert (len(fix.pairs), fix.key, fix.new_key) == (4, "questoin", "question")
    faulty_api.inject(CREATE, "status=400", 1)  # one replacement refused: its old version stays, untouched
    report = fixed(client, store, dataset["id"], fix)
    assert report.state == "partial" and len(report.failed) == 1 and not report.both_exist
    now = client.list_test_cases(dataset_id=dataset["id"])
    assert sum("questoin" in c.inputs for c in now) == 1
    assert sum(c.name.startswith("Typo") or c.name == "Typo" for c in now) == 4  # none lost, none doubled
    assert analyse(now).misspelt[0].count == 1

    again = undone(client, store, dataset["id"], report.entry_id)
    assert again.state == "done", again.failed
    assert contents(client, dataset["id"]) == before

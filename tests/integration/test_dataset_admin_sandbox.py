"""Changes to a dataset against a real sandbox: each change, a colleague's change in between, lost answers resolved
by reading back (never by sending again), deletes that count already-gone cases, and exports that import back."""

from typing import Any

import pytest

from sandbox.server import RunningSandbox
from services.cases.change import ChangeReport, apply_pairs
from services.cases.content import Pair, content_of
from services.cases.format import fingerprints_of
from services.database.engine import open_database
from services.datasets.browse import dataset_rows
from services.datasets.change import ChangedElsewhere, DatasetChange, apply_change
from services.exporting.dataset_files import export_csv, export_jsonl
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError, InvalidApiKey
from services.gentrace.types import Dataset, DatasetEdit, TestCase
from services.history.store import HistoryStore
from services.importing.job import ImportJob
from services.importing.mapping import default_rules
from services.importing.plan import plan_import
from services.importing.read import guess_settings, read_table
from tests.conftest import COUNTER, Api


@pytest.fixture
def api(faulty_api: Api) -> Api:
    return faulty_api


def golden_of(api: Api, pipeline: str = "support-chatbot") -> str | None:
    return api.pipeline(pipeline)["goldenDatasetId"]  # type: ignore[return-value]


def test_edit_golden_archive_restore_each_change_what_they_say(api: Api, client: GentraceClient) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    edited = apply_change(client, seen, DatasetChange.of_edit(DatasetEdit(name="Renamed", description="Now with one")))
    assert (edited.dataset.name, edited.dataset.description, edited.message) == ("Renamed", "Now with one", "Saved.")

    previous_golden = golden_of(api)
    golden = apply_change(client, edited.dataset, DatasetChange.golden(True), seen_golden=previous_golden)
    assert golden_of(api) == seen.id
    assert golden.pipeline is not None and golden.pipeline.golden_dataset_id == seen.id

    archived = apply_change(client, golden.dataset, DatasetChange.archive(True))
    assert archived.dataset.archived_at is not None
    assert golden_of(api) == seen.id  # archiving the golden dataset leaves the pipeline pointing at it

    restored = apply_change(client, archived.dataset, DatasetChange.archive(False))
    assert restored.dataset.archived_at is None
    stopped = apply_change(client, restored.dataset, DatasetChange.golden(False), seen_golden=seen.id)
    assert golden_of(api) is None and stopped.message == "It is no longer the golden dataset."


def test_a_colleagues_change_since_loading_is_shown_and_nothing_is_sent(api: Api, client: GentraceClient) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    assert api.post(f"/datasets/{seen.id}", json={"name": "Their name", "description": "Theirs"}).status_code == 200
    with pytest.raises(ChangedElsewhere) as raised:
        apply_change(client, seen, DatasetChange.of_edit(DatasetEdit(name="My name", description=None)))
    changes = {(c.what, c.before, c.after) for c in raised.value.changes}
    assert changes == {("Name", seen.name, "Their name"), ("Description", "(none)", "Theirs")}
    assert api.get(f"/datasets/{seen.id}").json()["name"] == "Their name"

    # Asked and confirmed: overwrite.
    apply_change(client, seen, DatasetChange.of_edit(DatasetEdit(name="My name", description=None)), overwrite=True)
    assert api.get(f"/datasets/{seen.id}").json()["name"] == "My name"


def test_two_changes_in_the_same_millisecond_still_move_updated_at(api: Api) -> None:
    dataset = Dataset.model_validate(api.new_dataset("Admin"))
    stamps = [api.post(f"/datasets/{dataset.id}", json={"description": str(n)}).json()["updatedAt"] for n in range(5)]
    assert stamps == sorted(set(stamps)) and len(stamps) == 5


def test_a_golden_switch_refuses_when_the_pipeline_golden_moved_meanwhile(api: Api, client: GentraceClient) -> None:
    mine, theirs = Dataset.model_validate(api.new_dataset("Admin")), Dataset.model_validate(api.new_dataset("Admin"))
    seen_golden = golden_of(api)
    assert api.post(f"/datasets/{theirs.id}", json={"isGolden": True}).status_code == 200
    with pytest.raises(ChangedElsewhere) as raised:
        apply_change(client, mine, DatasetChange.golden(True), seen_golden=seen_golden)
    assert [c.what for c in raised.value.changes] == ["Pipeline's golden dataset"]
    assert golden_of(api) == theirs.id


@pytest.mark.parametrize("fault", ["drop=after", "slow=3", "status=503"])
def test_a_lost_answer_after_the_change_is_resolved_by_reading_back(
    api: Api, client: GentraceClient, fault: str
) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    route = f"POST /api/v4/datasets/{seen.id}"
    if fault == "status=503":
        # 503 is a refusal before acting: the change was not made, and reading back says it is safe to try again.
        api.inject(route, fault)
        with pytest.raises(GentraceError) as raised:
            apply_change(client, seen, DatasetChange.archive(True))
        assert "safe to try again" in raised.value.message and not raised.value.may_have_acted
        assert api.get(f"/datasets/{seen.id}").json()["archivedAt"] is None
        return
    api.inject(route, fault)
    result = apply_change(client, seen, DatasetChange.archive(True))
    assert result.recovered is not None and "once" in result.recovered
    assert result.dataset.archived_at is not None


def test_a_lost_answer_with_no_change_made_says_it_is_safe_to_try_again(api: Api, client: GentraceClient) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    api.inject(f"POST /api/v4/datasets/{seen.id}", "drop=before")
    with pytest.raises(GentraceError) as raised:
        apply_change(client, seen, DatasetChange.of_edit(DatasetEdit(name="Never sent", description=None)))
    assert "safe to try again" in raised.value.message
    assert api.get(f"/datasets/{seen.id}").json()["name"] == seen.name


def test_an_update_is_sent_once_even_when_its_answer_is_lost(api: Api, client: GentraceClient) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    route = f"POST /api/v4/datasets/{seen.id}"
    api.inject(route, "drop=after")
    api.inject(route, COUNTER, 1000)  # counts what arrives after the lost one
    apply_change(client, seen, DatasetChange.golden(True), seen_golden=golden_of(api))
    assert api.requests_seen(route) == 0  # the lost one was the only update sent


def test_a_rejected_key_is_reported_and_nothing_changes(faulty: RunningSandbox, api: Api) -> None:
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    wrong = GentraceClient(faulty.base_url, "gen_api_wrong", retries=0)
    with pytest.raises(InvalidApiKey):
        apply_change(wrong, seen, DatasetChange.archive(True))


def make_cases(api: Api, dataset: Dataset, count: int) -> list[str]:
    ids = []
    for n in range(count):
        body = {"datasetId": dataset.id, "name": f"Case {n}", "inputs": {"q": n}}
        ids.append(api.post("/test-cases", json=body).json()["id"])
    return ids


def delete_test_cases(
    client: GentraceClient, cases: list[TestCase], concurrency: int, store: HistoryStore
) -> ChangeReport:
    pairs = [Pair(content_of(c), None) for c in cases]
    return apply_pairs(client, store, cases[0].dataset_id, "delete", pairs, who="ann", concurrency=concurrency)


def test_deleting_cases_counts_already_gone_ones_as_deleted(api: Api, client: GentraceClient, tmp_path: Any) -> None:
    store = HistoryStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
    dataset = Dataset.model_validate(api.new_dataset("Admin"))
    make_cases(api, dataset, 6)
    cases = client.list_test_cases(dataset_id=dataset.id)
    assert api.delete(f"/test-cases/{cases[0].id}").status_code == 204  # a colleague was quicker
    api.inject(f"DELETE /api/v4/test-cases/{cases[1].id}", "drop=after")
    api.inject(f"DELETE /api/v4/test-cases/{cases[2].id}", "slow=3")
    report = delete_test_cases(client, cases[:5], 4, store)
    assert (len(report.done), report.failed) == (5, {})
    assert [c.name for c in client.list_test_cases(dataset_id=dataset.id)] == ["Case 5"]
    assert report.summary == "5 removed"


def test_a_delete_that_fails_is_reported_with_its_reason(api: Api, client: GentraceClient, tmp_path: Any) -> None:
    store = HistoryStore(open_database(f"sqlite:///{tmp_path / 'studio.db'}"))
    dataset = Dataset.model_validate(api.new_dataset("Admin"))
    make_cases(api, dataset, 3)
    cases = client.list_test_cases(dataset_id=dataset.id)
    api.inject(f"DELETE /api/v4/test-cases/{cases[0].id}", "status=400")
    report = delete_test_cases(client, cases, 2, store)
    assert len(report.done) == 2
    assert [(at, "did not accept" in reason) for at, reason in report.failed.items()] == [(0, True)]
    assert report.summary == "2 removed; 1 failed"


def test_the_list_counts_cases_with_one_request_per_pipeline(api: Api, client: GentraceClient) -> None:
    pipeline = api.pipeline("support-chatbot")
    dataset = Dataset.model_validate(api.new_dataset("Admin"))
    make_cases(api, dataset, 3)
    counts = client.count_test_cases(pipeline_id=str(pipeline["id"]))
    assert counts[dataset.id] == 3
    datasets = client.list_datasets(pipeline_id=str(pipeline["id"]), archived=True)
    rows = dataset_rows(datasets, {}, counts, search=dataset.name.upper())
    assert [(row.dataset.id, row.case_count) for row in rows] == [(dataset.id, 3)]


def import_file(client: GentraceClient, dataset_id: str, data: bytes, file_name: str) -> tuple[int, int]:
    """Imports like the page does; returns (created, already there)."""
    table = read_table(data, guess_settings(file_name, data))
    existing = fingerprints_of(client.list_test_cases(dataset_id=dataset_id))
    plan = plan_import(table, default_rules(table), existing)
    assert plan.problems == []
    job = ImportJob(client, dataset_id, plan.cases, concurrency=4).start()
    assert job.wait(60)
    return job.progress().created, len(plan.already_there)


@pytest.mark.parametrize("exporter,file_name", [(export_csv, "cases.csv"), (export_jsonl, "cases.jsonl")])
def test_an_export_imports_back_exactly(api: Api, client: GentraceClient, exporter: object, file_name: str) -> None:
    source = Dataset.model_validate(api.new_dataset("Admin"))
    bodies = [
        {"name": "Types", "inputs": {"q": "Limit?", "n": 12, "f": 0.5, "ok": True, "none": None},
         "expectedOutputs": {"a": {"nested": [1, "two", {"three": 3}]}}},
        {"name": "Text that looks typed", "inputs": {"q": "00123", "n": "12", "ok": "true", "blank": ""}},
        {"name": "Ünïcödé, \"quotes\", commas\nand lines", "inputs": {"q": "Grüße 😀"}, "expectedOutputs": {}},
    ]  # fmt: skip
    for body in bodies:
        assert api.post("/test-cases", json={"datasetId": source.id, **body}).status_code == 200
    original = client.list_test_cases(dataset_id=source.id)
    data = exporter(original)  # type: ignore[operator]

    empty = Dataset.model_validate(api.new_dataset("Admin"))
    assert import_file(client, empty.id, data, file_name) == (3, 0)
    copied = client.list_test_cases(dataset_id=empty.id)
    # Several requests at once: the cases arrive in any order.
    assert sorted((c.name, repr(c.inputs), repr(c.expected_outputs)) for c in copied) == sorted(
        (c.name, repr(c.inputs), repr(c.expected_outputs or {})) for c in original
    )
    assert import_file(client, source.id, data, file_name) == (0, 3)
    assert len(client.list_test_cases(dataset_id=source.id)) == 3


def test_the_same_change_asked_twice_is_sent_once(api: Api, client: GentraceClient) -> None:
    """What a double-click does when the first click's change has already finished."""
    seen = Dataset.model_validate(api.new_dataset("Admin"))
    route = f"POST /api/v4/datasets/{seen.id}"
    api.inject(route, COUNTER, 1000)
    first = apply_change(client, seen, DatasetChange.archive(True))
    second = apply_change(client, seen, DatasetChange.archive(True))  # the page had not reloaded `seen` yet
    assert api.requests_seen(route) == 1
    assert second.message == first.message == "Archived."
    assert (first.sent, second.sent) == (True, False)

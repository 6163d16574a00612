"""Copies and duplicates against the sandbox with its faults: rate limits, errors and dropped connections during a
copy end with exactly one copy of each case; a duplicate interrupted half-way is known again from its History entry
and finished, nothing created twice; an unanswered create of the duplicate makes one dataset."""

from collections.abc import Sequence

import pytest

from services.comparing.copying import CopiedCase, copy_plan
from services.comparing.duplicating import duplicate, source_of, unfinished
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, DatasetCreate
from services.history.imports import import_hooks
from services.history.store import HistoryStore
from services.importing.job import ImportJob
from tests.conftest import Api, numbered_cases

CREATE = "POST /api/v4/test-cases"


def copy_into(client: GentraceClient, store: HistoryStore, target: str, cases: Sequence[CopiedCase]) -> ImportJob:
    before, after = import_hooks(store, "ana@example.com", "copy", "copied from “Scratch”")
    job = ImportJob(client, target, cases, 4, "copy", on_finish=after, before_sending=before, kind="copy").start()
    assert job.wait(60)
    return job


@pytest.mark.parametrize("fault", ["status=429;retry-after=0.2", "status=503", "drop=after", "drop=before", "slow=3"])
def test_a_copy_under_faults_ends_with_exactly_one_copy_of_each_case(
    client: GentraceClient, store: HistoryStore, faulty_api: Api, fault: str
) -> None:
    source = faulty_api.new_dataset("Scratch", cases=numbered_cases(12))
    target = faulty_api.new_dataset("Golden")
    plan = copy_plan(client.list_test_cases(dataset_id=source["id"]), [])
    faulty_api.inject(CREATE, fault, 3)
    job = copy_into(client, store, target["id"], plan.cases)
    faulty_api.clear_faults()
    assert faulty_api.contents(target["id"]) == faulty_api.contents(source["id"])
    (entry,) = store.entries(target["id"])
    assert (entry.kind, entry.added) == ("copy", 12)
    progress = job.progress()
    assert progress.created == 12 and not progress.failed and not progress.unknown
    again = copy_plan(client.list_test_cases(dataset_id=source["id"]), client.list_test_cases(dataset_id=target["id"]))
    assert again.cases == () and again.already_there == 12  # copying the same cases again adds nothing


def test_a_duplicate_interrupted_half_way_is_finished_and_nothing_is_created_twice(
    client: GentraceClient, store: HistoryStore, faulty_api: Api
) -> None:
    made = faulty_api.new_dataset("Support FAQ", cases=numbered_cases(10))
    source = Dataset.model_validate(made)
    request = DatasetCreate.from_form(
        name="Support FAQ (copy)", description="", is_golden=False, pipeline_mode="slug", pipeline="support-chatbot"
    )

    def half_then_stop(target_id: str, cases: Sequence[CopiedCase]) -> ImportJob:
        before, _ = import_hooks(store, "ana@example.com", "copy", f"duplicate of “{source.name}” ({source.id})")
        job = ImportJob(client, target_id, cases[:4], 2, "copy", before_sending=before, kind="copy").start()
        assert job.wait(60)  # the process stops here: the entry is never completed
        return job

    faulty_api.inject("POST /api/v4/datasets", "drop=after", 1)  # the create's answer is lost: found, not sent again
    result = duplicate(client, source, request, half_then_stop)
    new_id = result.created.dataset.id
    assert [d.name for d in client.list_datasets(pipeline_slug="support-chatbot")].count("Support FAQ (copy)") == 1
    (entry,) = store.entries(new_id)
    assert entry.state == "pending" and source_of(entry) == source.id
    left = unfinished(source, client.list_test_cases(dataset_id=source.id), client.list_test_cases(dataset_id=new_id))
    assert (left.present, len(left.missing)) == (4, 6)
    faulty_api.inject(CREATE, "drop=after", 2)
    copy_into(client, store, new_id, left.missing)
    assert faulty_api.contents(new_id) == faulty_api.contents(source.id)
    done = unfinished(source, client.list_test_cases(dataset_id=source.id), client.list_test_cases(dataset_id=new_id))
    assert done.missing == () and done.present == 10

"""Imports against a real sandbox with its faults: exactly one case per row whatever goes wrong, nothing new on a
second import of the same file, one import per dataset at a time, cancel, and a revoked key."""

import pytest

from sandbox.server import RunningSandbox
from services.cases.format import fingerprints_of
from services.gentrace.client import GentraceClient
from services.importing.job import MAX_SEND_ATTEMPTS, ImportAlreadyRunning, ImportJob, ImportRegistry
from services.importing.mapping import default_rules
from services.importing.plan import PlannedCase, plan_import
from services.importing.read import guess_settings, read_table
from tests.conftest import Api

ROWS = 60


@pytest.fixture
def api(faulty_api: Api) -> Api:
    return faulty_api


@pytest.fixture
def client(faulty: RunningSandbox) -> GentraceClient:
    return GentraceClient(faulty.base_url, faulty.api_key, read_timeout=1.0, backoff_factor=0)


def planned(rows: int = ROWS, existing: set[str] | None = None) -> list[PlannedCase]:
    text = "name,question,expected_answer\r\n" + "".join(f"Case {n},Question {n},Answer {n}\r\n" for n in range(rows))
    table = read_table(text.encode(), guess_settings("cases.csv", text.encode()))
    return plan_import(table, default_rules(table), existing or set()).cases


def names_in(api: Api, dataset_id: str) -> list[str]:
    return [case["name"] for case in api.get("/test-cases", params={"datasetId": dataset_id}).json()["data"]]


@pytest.mark.parametrize(
    "fault",
    ["status=429;retry-after=1", "drop=after", "status=500", "drop=before", "slow=2", "status=503"],
)
def test_each_fault_ends_with_exactly_one_case_per_row(api: Api, client: GentraceClient, fault: str) -> None:
    dataset = api.new_dataset("Import")["id"]
    api.inject(
        "POST /api/v4/test-cases", fault, MAX_SEND_ATTEMPTS - 1
    )  # even if every one hits the same row, its last try succeeds
    job = ImportJob(client, dataset, planned(), concurrency=8).start()
    assert job.wait(60)
    progress = job.progress()
    assert (progress.state, progress.created, progress.failed, progress.unknown) == ("finished", ROWS, 0, 0)
    assert sorted(names_in(api, dataset)) == sorted(f"Case {n}" for n in range(ROWS))


def test_mixed_faults_half_way_then_a_second_import_creates_none(api: Api, client: GentraceClient) -> None:
    dataset = api.new_dataset("Import")["id"]
    cases = planned()
    job = ImportJob(client, dataset, cases[:30], concurrency=8).start()
    assert job.wait(60)
    for fault in ("status=429;retry-after=1", "drop=after", "status=500", "slow=2"):
        api.inject("POST /api/v4/test-cases", fault, 3)
    job = ImportJob(client, dataset, cases, concurrency=8).start()
    assert job.wait(60)
    progress = job.progress()
    assert (progress.already_there, progress.created, progress.failed) == (30, 30, 0)
    assert sorted(names_in(api, dataset)) == sorted(f"Case {n}" for n in range(ROWS))
    existing = fingerprints_of(client.list_test_cases(dataset_id=dataset))
    assert planned(existing=existing) == [], "the same file again: every row is already there"
    again = ImportJob(client, dataset, cases, concurrency=8).start()
    assert again.wait(60)
    assert again.progress().already_there == ROWS
    assert len(names_in(api, dataset)) == ROWS


def test_a_rejected_row_fails_alone_and_the_import_goes_on(api: Api, client: GentraceClient) -> None:
    dataset = api.new_dataset("Import")["id"]
    api.inject("POST /api/v4/test-cases", "status=400", 1)
    job = ImportJob(client, dataset, planned(10), concurrency=1).start()
    assert job.wait(60)
    progress = job.progress()
    assert (progress.created, progress.failed) == (9, 1)
    ((case, outcome),) = job.failed_cases()
    assert outcome.status == "failed" and "did not accept" in (outcome.error or "")
    assert case.name not in names_in(api, dataset)


def test_a_revoked_key_stops_the_import_with_the_key_message(api: Api, client: GentraceClient) -> None:
    dataset = api.new_dataset("Import")["id"]
    api.inject("POST /api/v4/test-cases", "status=401", 1)
    job = ImportJob(client, dataset, planned(40), concurrency=1).start()
    assert job.wait(60)
    progress = job.progress()
    assert progress.state == "stopped"
    assert "API key was rejected" in (progress.message or "")
    assert progress.created == 0
    assert len(job.failed_cases()) == 40


def test_cancel_stops_new_requests_and_counts_what_was_created(api: Api, client: GentraceClient) -> None:
    dataset = api.new_dataset("Import")["id"]
    api.inject("POST /api/v4/test-cases", "latency=0.2", 1000)
    job = ImportJob(client, dataset, planned(200), concurrency=2).start()
    while job.progress().created < 4:
        job.wait(0.05)
    job.cancel()
    assert job.wait(30)
    progress = job.progress()
    assert progress.state == "cancelled"
    assert 4 <= progress.created < 200
    assert len(names_in(api, dataset)) == progress.created
    assert len(job.failed_cases()) == 200 - progress.created


def test_a_second_import_into_the_same_dataset_is_refused_while_one_runs(api: Api, client: GentraceClient) -> None:
    dataset = api.new_dataset("Import")["id"]
    registry = ImportRegistry()
    api.inject("POST /api/v4/test-cases", "latency=0.2", 1000)
    first = registry.start(client, dataset, planned(40), concurrency=1, label="cases.csv")
    with pytest.raises(ImportAlreadyRunning, match=r"already running \(cases.csv\)"):
        registry.start(client, dataset, planned(40), concurrency=1)
    assert registry.latest(dataset) is first
    assert registry.get(first.id) is first
    first.cancel()
    assert first.wait(30)
    api.clear_faults()
    second = registry.start(client, dataset, planned(40), concurrency=4)
    assert second.wait(60)
    assert len(names_in(api, dataset)) == 40

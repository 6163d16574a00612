"""GentraceClient against a real sandbox over HTTP: the same path production uses."""

from collections.abc import Iterator

import pytest

from sandbox.server import RunningSandbox
from services.gentrace import errors
from services.gentrace.client import GentraceClient
from services.gentrace.types import DatasetCreate
from tests.conftest import dataset_request


@pytest.fixture
def client(sandbox: RunningSandbox) -> Iterator[GentraceClient]:
    instance = GentraceClient(sandbox.base_url, sandbox.api_key)
    yield instance
    instance.close()


def form(**overrides: object) -> DatasetCreate:
    return dataset_request(**{"name": "Refund tone", "description": "Polite refusals", **overrides})  # type: ignore[arg-type]


def test_create_by_slug_and_by_id(client: GentraceClient) -> None:
    (pipeline,) = client.list_pipelines(slug="support-chatbot")
    by_slug = client.create_dataset(form())
    assert (by_slug.name, by_slug.description, by_slug.pipeline_id) == ("Refund tone", "Polite refusals", pipeline.id)
    by_id = client.create_dataset(form(pipeline_mode="id", pipeline=pipeline.id.upper(), is_golden=True))
    assert by_id.pipeline_id == pipeline.id
    assert client.get_pipeline(pipeline.id).golden_dataset_id == by_id.id


def test_unknown_slug_is_a_not_found_on_the_pipeline_field(client: GentraceClient) -> None:
    with pytest.raises(errors.NotFound) as caught:
        client.create_dataset(form(pipeline="no-such-pipeline"))
    assert caught.value.field == "pipeline"
    assert caught.value.status == 404
    assert "no-such-pipeline" in caught.value.message


def test_bad_key_is_an_invalid_key_error(sandbox: RunningSandbox) -> None:
    client = GentraceClient(sandbox.base_url, "gen_api_wrong")
    with pytest.raises(errors.InvalidApiKey) as caught:
        client.create_dataset(form())
    assert caught.value.server_message == "Invalid or expired API key"
    with pytest.raises(errors.InvalidApiKey):
        client.list_pipelines()


def test_list_get_update_round_trip(client: GentraceClient) -> None:
    created = client.create_dataset(form(name="Round trip"))
    assert client.get_dataset(created.id) == created
    assert created.id in {d.id for d in client.list_datasets(pipeline_slug="support-chatbot")}
    renamed = client.update_dataset(created.id, name="Round trip 2", description=None)
    assert (renamed.name, renamed.description) == ("Round trip 2", None)
    archived = client.update_dataset(created.id, is_archived=True)
    assert archived.archived_at is not None
    assert created.id not in {d.id for d in client.list_datasets(pipeline_id=created.pipeline_id)}
    assert created.id in {d.id for d in client.list_datasets(pipeline_id=created.pipeline_id, archived=True)}
    with pytest.raises(errors.NotFound):
        client.get_dataset("3f2b8a0e-6f5c-4c1e-9a57-1d2e3f4a5b6c")


def test_pipelines_filters_and_test_cases(client: GentraceClient) -> None:
    found = client.list_pipelines(slug_filter={"in": ["support-chatbot", "contract-review"]})
    assert sorted(p.slug for p in found) == ["contract-review", "support-chatbot"]
    assert [p.slug for p in client.list_pipelines(slug_filter={"contains": "CHAT", "mode": "insensitive"})] == [
        "support-chatbot"
    ]
    dataset = client.create_dataset(form(name="With cases"))
    case = client.create_test_case(dataset.id, "Greets", {"q": "hi"}, {"a": "hello"})
    assert (case.dataset_id, case.pipeline_id, case.expected_outputs) == (
        dataset.id,
        dataset.pipeline_id,
        {"a": "hello"},
    )
    assert [c.id for c in client.list_test_cases(dataset_id=dataset.id)] == [case.id]
    with pytest.raises(errors.RejectedInput) as caught:
        client.create_test_case(dataset.id, "", {})
    assert "name" in (caught.value.server_message or "")

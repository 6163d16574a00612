"""What happens when a create's answer is lost: find the dataset instead of inviting a duplicate."""

from datetime import UTC, datetime, timedelta

import pytest
import responses

from services.datasets.create import create_and_read_back
from services.gentrace import errors
from services.gentrace.client import GentraceClient
from tests.conftest import dataset_request

BASE = "https://gentrace.test/api"
PIPELINE_ID = "123e4567-e89b-42d3-a456-426614174000"


def dataset(name: str, created: datetime) -> dict[str, object]:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "id": f"9b2f5a8e-1c3d-4e5f-8a9b-{abs(hash(name + stamp)) % 10**12:012d}",
        "createdAt": stamp,
        "updatedAt": stamp,
        "name": name,
        "description": None,
        "archivedAt": None,
        "pipelineId": PIPELINE_ID,
    }


PIPELINE = {
    "id": PIPELINE_ID,
    "createdAt": "2025-01-01T00:00:00.000Z",
    "updatedAt": "2025-01-01T00:00:00.000Z",
    "slug": "support-chatbot",
    "displayName": "Support Chatbot",
    "folderId": None,
    "archivedAt": None,
    "goldenDatasetId": None,
}


@pytest.fixture
def client() -> GentraceClient:
    return GentraceClient(BASE, "gen_api_unit", retries=0)


@responses.activate
def test_lost_answer_but_dataset_exists_is_shown_as_created_once(client: GentraceClient) -> None:
    now = datetime.now(UTC)
    made = dataset("Refunds", now)
    old = dataset("Refunds", now - timedelta(hours=2))
    responses.post(f"{BASE}/v4/datasets", status=502, json={"message": "Bad gateway"})
    responses.get(f"{BASE}/v4/datasets", json={"data": [old, dataset("Other", now), made]})
    responses.get(f"{BASE}/v4/pipelines/{PIPELINE_ID}", json=PIPELINE)
    created = create_and_read_back(client, dataset_request("Refunds"))
    assert created.dataset.id == made["id"]
    assert created.recovered is not None and "created exactly once" in created.recovered
    assert [c.request.method for c in responses.calls] == ["POST", "GET", "GET"]
    assert responses.calls[1].request.url == f"{BASE}/v4/datasets?pipelineSlug=support-chatbot"


@responses.activate
def test_lost_answer_and_no_dataset_says_it_is_safe_to_try_again(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", status=503, json={"message": "Unavailable"})
    responses.get(f"{BASE}/v4/datasets", json={"data": [dataset("Refunds", datetime.now(UTC) - timedelta(hours=1))]})
    with pytest.raises(errors.ServerFailure) as caught:
        create_and_read_back(client, dataset_request("Refunds"))
    assert "safe to try again" in caught.value.message
    assert caught.value.may_have_acted is False
    assert [c.request.method for c in responses.calls] == ["POST", "GET"]


@responses.activate
def test_lost_answer_and_failed_check_says_to_look_before_retrying(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", status=500, json={"message": "Boom"})
    responses.get(f"{BASE}/v4/datasets", status=500, json={"message": "Boom"})
    with pytest.raises(errors.ServerFailure) as caught:
        create_and_read_back(client, dataset_request("Refunds"))
    assert "check Gentrace before trying again" in caught.value.message
    assert caught.value.may_have_acted is True


@responses.activate
def test_a_clear_rejection_is_not_followed_by_a_lookup(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", status=404, json={"message": "not found"})
    with pytest.raises(errors.NotFound):
        create_and_read_back(client, dataset_request("Refunds"))
    assert len(responses.calls) == 1

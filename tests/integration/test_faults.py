"""Each injected fault, through the same code the Create button runs: what the user is told, how many datasets
exist afterwards (never 2), and that the next create works once the fault has passed."""

import uuid
from pathlib import Path

import pytest
import requests

from sandbox.server import RunningSandbox, start_in_thread
from services.datasets.create import create_and_read_back
from services.gentrace import errors
from services.gentrace.client import GentraceClient
from tests.conftest import Api, dataset_request

ROUTE = "POST /api/v4/datasets"

# fault, the error the user gets (None: the dataset is shown as created), words of the message, datasets after
FAULTS: list[tuple[str, type[errors.GentraceError] | None, str, int]] = [
    ("status=401", errors.InvalidApiKey, "API key was rejected", 0),
    ("status=403", errors.InvalidApiKey, "API key was rejected", 0),
    ("status=404", errors.NotFound, "No pipeline with the slug", 0),
    ("status=409", errors.RejectedInput, "did not accept", 0),
    ("status=429;retry-after=2", errors.RateLimited, "Try again in 2 seconds", 0),
    ("status=500", errors.ServerFailure, "safe to try again", 0),
    ("status=502", errors.ServerFailure, "safe to try again", 0),
    ("status=503", errors.ServerFailure, "safe to try again", 0),
    ("drop=before", errors.ConnectionDropped, "safe to try again", 0),
    ("body=not-json", errors.UnexpectedResponse, "safe to try again", 0),
    ("drop=after", None, "created exactly once", 1),
    ("slow=3", None, "created exactly once", 1),
    ("latency=0.2", None, "", 1),
]


def count(api: Api, name: str) -> int:
    return [d["name"] for d in api.get("/datasets").json()["data"]].count(name)


@pytest.mark.parametrize(("fault", "kind", "words", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault(
    faulty: RunningSandbox, fault: str, kind: type[errors.GentraceError] | None, words: str, expected: int
) -> None:
    api = Api(faulty)
    client = GentraceClient(faulty.base_url, faulty.api_key, read_timeout=1, retries=0)
    name = f"Fault {fault} {uuid.uuid4().hex[:6]}"
    Api(faulty).inject(ROUTE, fault)
    if kind is None:
        created = create_and_read_back(client, dataset_request(name))
        assert created.dataset.name == name
        assert words in (created.recovered or "")
    else:
        with pytest.raises(kind) as caught:
            create_and_read_back(client, dataset_request(name))
        assert words in caught.value.message
    assert count(api, name) == expected

    # The fault has passed: the same form submitted again ends with exactly one dataset.
    if expected == 0:
        assert create_and_read_back(client, dataset_request(name)).dataset.name == name
    assert count(api, name) == 1


def test_faults_are_off_unless_enabled(tmp_path: Path) -> None:
    plain = start_in_thread(tmp_path / "plain.db")
    try:
        api = Api(plain)
        response = api.session.get(api.base + "/pipelines", headers={"X-Sandbox-Fault": "status=500"}, timeout=10)
        assert response.status_code == 200
        admin = api.session.post(plain.base_url + "/__sandbox/faults", json={}, timeout=10)
        assert admin.status_code == 404
    finally:
        plain.stop()


def test_header_fault_and_admin_need_the_key(faulty: RunningSandbox) -> None:
    api = Api(faulty)
    response = api.session.get(api.base + "/pipelines", headers={"X-Sandbox-Fault": "status=503"}, timeout=10)
    assert response.status_code == 503
    assert response.json() == {"message": "Injected fault: HTTP 503"}
    anonymous = requests.post(faulty.base_url + "/__sandbox/faults", json={"route": ROUTE, "fault": "x"}, timeout=10)
    assert anonymous.status_code == 401

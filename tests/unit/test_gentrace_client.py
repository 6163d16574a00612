"""The Gentrace client against a mocked server (responses): exact request bodies, every status mapped to one error,
retries that respect Retry-After, timeouts, and the key in no error or log."""

import json
import logging
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
import requests
import responses
from urllib3.connection import HTTPConnection
from urllib3.exceptions import NewConnectionError

from services.gentrace import errors
from services.gentrace.client import USER_AGENT, GentraceClient
from services.gentrace.types import DatasetCreate
from tests.conftest import dataset_request

BASE = "https://gentrace.test/api"
KEY = "gen_api_UNIT_TEST_SECRET_7f3a9c"
PIPELINE_ID = "123e4567-e89b-42d3-a456-426614174000"
DATASET = {
    "id": "9b2f5a8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
    "createdAt": "2025-04-01T00:00:00.000Z",
    "updatedAt": "2025-04-01T00:00:00.000Z",
    "name": "Billing",
    "description": None,
    "archivedAt": None,
    "pipelineId": PIPELINE_ID,
}


def request_by_slug(**overrides: Any) -> DatasetCreate:
    return dataset_request(**{"name": "Billing", **overrides})


@pytest.fixture
def client() -> Iterator[GentraceClient]:
    instance = GentraceClient(BASE, KEY, backoff_factor=0)
    yield instance
    instance.close()


@pytest.fixture(autouse=True)
def no_sleep() -> Iterator[mock.MagicMock]:
    with mock.patch("urllib3.util.retry.time.sleep") as sleep:
        yield sleep


@responses.activate
def test_create_sends_the_exact_body_and_headers(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", json=DATASET)
    dataset = client.create_dataset(request_by_slug(is_golden=True, description=" Hard "))
    sent = responses.calls[0].request
    assert json.loads(sent.body or b"") == {
        "name": "Billing",
        "description": "Hard",
        "isGolden": True,
        "pipelineSlug": "support-chatbot",
    }
    assert sent.headers["Authorization"] == f"Bearer {KEY}"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("gentrace-dataset-studio/")
    assert dataset.id == DATASET["id"]


@responses.activate
def test_create_by_id_sends_only_pipeline_id(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", json=DATASET)
    client.create_dataset(request_by_slug(pipeline_mode="id", pipeline=PIPELINE_ID))
    assert json.loads(responses.calls[0].request.body or b"") == {
        "name": "Billing",
        "description": None,
        "isGolden": False,
        "pipelineId": PIPELINE_ID,
    }


@responses.activate
def test_list_and_update_send_the_documented_query_and_body(client: GentraceClient) -> None:
    responses.get(f"{BASE}/v4/pipelines", json={"data": []})
    responses.get(f"{BASE}/v4/datasets", json={"data": [DATASET]})
    responses.post(f"{BASE}/v4/datasets/{DATASET['id']}", json=DATASET)
    client.list_pipelines(slug_filter={"contains": "chat", "in": ["a", "b"], "mode": "insensitive"})
    assert responses.calls[0].request.url == (
        f"{BASE}/v4/pipelines?slug%5Bcontains%5D=chat&slug%5Bin%5D=a%2Cb&slug%5Bmode%5D=insensitive"
    )
    assert client.list_datasets(pipeline_slug="support-chatbot", archived=True)[0].name == "Billing"
    assert responses.calls[1].request.url == f"{BASE}/v4/datasets?pipelineSlug=support-chatbot&archived=true"
    client.update_dataset(DATASET["id"], description=None, is_archived=True)
    assert json.loads(responses.calls[2].request.body or b"") == {"description": None, "isArchived": True}


ERROR_CASES: list[tuple[int, dict[str, str], type[errors.GentraceError], str | None, str]] = [
    (401, {}, errors.InvalidApiKey, None, "API key was rejected"),
    (403, {}, errors.InvalidApiKey, None, "API key was rejected"),
    (404, {}, errors.NotFound, "pipeline", "No pipeline with the slug “support-chatbot”"),
    (400, {}, errors.RejectedInput, "name", "did not accept the name"),
    (422, {}, errors.RejectedInput, "name", "did not accept the name"),
    (409, {}, errors.RejectedInput, "name", "did not accept the name"),
    (429, {"Retry-After": "7"}, errors.RateLimited, None, "Try again in 7 seconds"),
    (500, {}, errors.ServerFailure, None, "problem on its side"),
    (502, {}, errors.ServerFailure, None, "problem on its side"),
    (503, {}, errors.ServerFailure, None, "problem on its side"),
]


@pytest.mark.parametrize(("status", "headers", "kind", "field", "words"), ERROR_CASES)
@responses.activate
def test_each_status_maps_to_its_error(
    client: GentraceClient,
    status: int,
    headers: dict[str, str],
    kind: type[errors.GentraceError],
    field: str | None,
    words: str,
) -> None:
    server_message = "Invalid parameters: 'name' must not be empty"
    responses.post(f"{BASE}/v4/datasets", status=status, json={"message": server_message}, headers=headers)
    with pytest.raises(kind) as caught:
        client.create_dataset(request_by_slug())
    error = caught.value
    assert type(error) is kind
    assert error.status == status
    assert error.server_message == server_message
    assert error.field == field
    assert words in error.message
    assert str(status) in error.details
    assert error.may_have_acted is (status >= 500)
    assert len(responses.calls) == 1, "a create is never resent once the server may have acted"


@responses.activate
def test_rate_limit_wait_is_read_from_either_header(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", status=429, json={"message": "slow"}, headers={"retry-after-ms": "2500"})
    with pytest.raises(errors.RateLimited) as caught:
        client.create_dataset(request_by_slug())
    assert caught.value.retry_after == 2.5
    assert "Try again in 2 seconds" in caught.value.message or "Try again in 3 seconds" in caught.value.message


@responses.activate
def test_not_found_by_id_names_the_id(client: GentraceClient) -> None:
    responses.post(f"{BASE}/v4/datasets", status=404, json={"message": "Resource not found"})
    with pytest.raises(errors.NotFound) as caught:
        client.create_dataset(request_by_slug(pipeline_mode="id", pipeline=PIPELINE_ID))
    assert caught.value.field == "pipeline"
    assert PIPELINE_ID in caught.value.message


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("<html>gateway</html>", errors.UnexpectedResponse),
        (json.dumps({"id": 1}), errors.UnexpectedResponse),
        (json.dumps([DATASET]), errors.UnexpectedResponse),
    ],
)
@responses.activate
def test_wrong_shapes_are_unexpected_responses(client: GentraceClient, body: str, kind: type[Exception]) -> None:
    responses.post(f"{BASE}/v4/datasets", body=body, status=200)
    with pytest.raises(kind) as caught:
        client.create_dataset(request_by_slug())
    assert caught.value.may_have_acted is True  # type: ignore[attr-defined]


@responses.activate
def test_non_json_error_body_keeps_its_text(client: GentraceClient) -> None:
    responses.get(f"{BASE}/v4/pipelines", body="Bad Gateway from proxy", status=400)
    with pytest.raises(errors.RejectedInput) as caught:
        client.list_pipelines()
    assert caught.value.server_message == "Bad Gateway from proxy"


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
@responses.activate
def test_gets_are_retried_twice_on_transient_statuses(client: GentraceClient, status: int) -> None:
    responses.get(f"{BASE}/v4/pipelines", status=status, json={"message": "busy"})
    with pytest.raises(errors.GentraceError):
        client.list_pipelines()
    assert len(responses.calls) == 3


@responses.activate
def test_get_recovers_when_a_retry_succeeds(client: GentraceClient) -> None:
    responses.get(f"{BASE}/v4/pipelines", status=503, json={"message": "busy"})
    responses.get(f"{BASE}/v4/pipelines", json={"data": []})
    assert client.list_pipelines() == []
    assert len(responses.calls) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
@responses.activate
def test_gets_are_not_retried_on_client_errors(client: GentraceClient, status: int) -> None:
    responses.get(f"{BASE}/v4/pipelines", status=status, json={"message": "no"})
    with pytest.raises(errors.GentraceError):
        client.list_pipelines()
    assert len(responses.calls) == 1


def test_refused_connection_is_retried_for_every_method_then_cannot_connect() -> None:
    attempts: list[str] = []

    def refuse(connection: HTTPConnection) -> None:
        attempts.append(connection.host)
        raise NewConnectionError(connection, "Connection refused")

    client = GentraceClient(BASE, KEY, backoff_factor=0)
    with mock.patch.object(HTTPConnection, "_new_conn", refuse):
        with pytest.raises(errors.CannotConnect) as caught:
            client.create_dataset(request_by_slug())
        assert caught.value.may_have_acted is False
        assert len(attempts) == 3, "nothing was sent, so even a create may be tried again"
        attempts.clear()
        with pytest.raises(errors.CannotConnect):
            client.list_pipelines()
        assert len(attempts) == 3


class OneShotServer:
    """A loopback server that reads each request and then misbehaves in a chosen way."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.requests: list[bytes] = []
        self._answer = answer
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(65536)
                if data:
                    self.requests.append(data)
                    self._answer(conn)

    def close(self) -> None:
        self._listener.close()


def test_dropped_connection_after_sending_a_create_is_not_resent() -> None:
    server = OneShotServer(lambda conn: None)  # reads the request, closes without answering
    client = GentraceClient(f"http://127.0.0.1:{server.port}/api", KEY, backoff_factor=0)
    try:
        with pytest.raises(errors.ConnectionDropped) as caught:
            client.create_dataset(request_by_slug())
        assert caught.value.may_have_acted is True
        assert len(server.requests) == 1
        with pytest.raises(errors.ConnectionDropped) as get_error:
            client.list_pipelines()
        assert get_error.value.may_have_acted is False
        assert len(server.requests) == 4, "a GET is retried twice"
    finally:
        server.close()


def scripted(*answers: bytes) -> Callable[[socket.socket], None]:
    """Answers successive requests with the given raw HTTP responses, then with the last one."""
    queue = list(answers)

    def answer(conn: socket.socket) -> None:
        conn.sendall(queue.pop(0) if len(queue) > 1 else queue[0])

    return answer


def http(status: str, body: str, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join([*lines, "Connection: close", "", body])).encode()


def test_retry_after_is_honoured_and_capped_at_60_seconds(no_sleep: mock.MagicMock) -> None:
    slow = '{"message": "slow down"}'
    server = OneShotServer(
        scripted(
            http("429 Too Many Requests", slow, "Retry-After: 3"),
            http("503 Service Unavailable", slow, "Retry-After: 3600"),
            http("200 OK", '{"data": []}'),
        )
    )
    client = GentraceClient(f"http://127.0.0.1:{server.port}/api", KEY, backoff_factor=0)
    try:
        assert client.list_pipelines() == []
        assert len(server.requests) == 3
        assert [c.args[0] for c in no_sleep.call_args_list] == [3, 60]
    finally:
        server.close()


def test_answer_cut_off_mid_body_is_a_dropped_connection_that_may_have_acted() -> None:
    cut = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{"id":'
    server = OneShotServer(scripted(cut))
    client = GentraceClient(f"http://127.0.0.1:{server.port}/api", KEY, backoff_factor=0)
    try:
        with pytest.raises(errors.ConnectionDropped) as caught:
            client.create_dataset(request_by_slug())
        assert caught.value.may_have_acted is True
        assert len(server.requests) == 1
    finally:
        server.close()


def test_read_timeout_on_a_create_is_reported_once_and_may_have_acted() -> None:
    release = threading.Event()
    server = OneShotServer(lambda conn: release.wait(5) and None)
    client = GentraceClient(f"http://127.0.0.1:{server.port}/api", KEY, read_timeout=0.2, backoff_factor=0)
    try:
        with pytest.raises(errors.RequestTimedOut) as caught:
            client.create_dataset(request_by_slug())
        assert caught.value.may_have_acted is True
        assert "0.2 seconds" in caught.value.message
        assert len(server.requests) == 1
    finally:
        release.set()
        server.close()


def test_the_key_never_appears_in_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = GentraceClient(BASE, KEY, backoff_factor=0)
    texts = [repr(client), str(client)]
    with responses.RequestsMock() as mocked:
        for status in (400, 401, 403, 404, 409, 422, 429, 500, 503):
            mocked.upsert(responses.POST, f"{BASE}/v4/datasets", status=status, json={"message": f"echo: Bearer {KEY}"})
            try:
                client.create_dataset(request_by_slug())
            except errors.GentraceError as error:
                texts += [str(error), repr(error), error.message, error.details, traceback.format_exc()]
        mocked.upsert(responses.POST, f"{BASE}/v4/datasets", body=f"not json {KEY}", status=200)
        try:
            client.create_dataset(request_by_slug())
        except errors.GentraceError as error:
            texts += [str(error), error.details, traceback.format_exc()]
        for failure in (requests.ConnectTimeout(), requests.ReadTimeout(), requests.ConnectionError()):
            mocked.upsert(responses.POST, f"{BASE}/v4/datasets", body=failure)
            try:
                client.create_dataset(request_by_slug())
            except errors.GentraceError as error:
                texts += [str(error), error.details, traceback.format_exc()]
    texts += [record.getMessage() for record in caplog.records]
    assert len(texts) > 30
    assert all(KEY not in text for text in texts)


def test_base_url_must_be_a_web_address() -> None:
    with pytest.raises(ValueError, match="http"):
        GentraceClient("gentrace.ai/api", KEY)


def test_count_test_cases_counts_per_dataset_from_one_request() -> None:
    client = GentraceClient("https://gentrace.test/api", "gen_api_x", retries=0)
    with responses.RequestsMock() as mocked:
        mocked.get(
            "https://gentrace.test/api/v4/test-cases",
            json={"data": [{"datasetId": "a"}, {"datasetId": "b"}, {"datasetId": "a"}]},
            match=[responses.matchers.query_param_matcher({"pipelineId": "p"})],
        )
        assert client.count_test_cases(pipeline_id="p") == {"a": 2, "b": 1}
        mocked.get("https://gentrace.test/api/v4/test-cases", json={"data": [{"id": "no dataset"}]})
        with pytest.raises(errors.UnexpectedResponse):
            client.count_test_cases(pipeline_id="p")


def test_delete_test_case_is_204_and_a_missing_case_is_not_found() -> None:
    client = GentraceClient("https://gentrace.test/api", "gen_api_x", retries=0)
    with responses.RequestsMock() as mocked:
        mocked.delete("https://gentrace.test/api/v4/test-cases/c1", status=204)
        mocked.delete("https://gentrace.test/api/v4/test-cases/c2", status=404, json={"message": "not found"})
        assert client.delete_test_case("c1") is None
        with pytest.raises(errors.NotFound):
            client.delete_test_case("c2")

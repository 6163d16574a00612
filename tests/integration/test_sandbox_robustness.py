"""The sandbox under hostile input, restarts, concurrency, and as a standalone program."""

import json
import os
import re
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from sandbox.server import RunningSandbox, bind, start_in_thread
from tests.conftest import ROOT, Api

SOME_ID = "3f2b8a0e-6f5c-4c1e-9a57-1d2e3f4a5b6c"
VALID = {"name": "ok", "description": None, "pipelineSlug": "support-chatbot"}
JSON = {"Content-Type": "application/json"}

# (label, method, path, raw body or None, extra headers, expected status, a word the message must contain)
HOSTILE: list[tuple[str, str, str, bytes | None, dict[str, str], int, str]] = [
    ("malformed JSON", "POST", "/datasets", b"{", JSON, 400, "JSON"),
    ("truncated JSON", "POST", "/datasets", b'{"name": "x", "descr', JSON, 400, "JSON"),
    ("JSON array body", "POST", "/datasets", b"[]", JSON, 400, "object"),
    ("JSON string body", "POST", "/datasets", b'"hello"', JSON, 400, "object"),
    ("JSON null body", "POST", "/datasets", b"null", JSON, 400, "object"),
    ("empty body", "POST", "/datasets", b"", JSON, 400, "object"),
    ("not JSON content type", "POST", "/datasets", json.dumps(VALID).encode(), {"Content-Type": "text/plain"}, 400, "JSON"),
    ("non-UTF-8 bytes", "POST", "/datasets", b'{"name": "\xff\xfe", "description": null}', JSON, 400, "JSON"),
    ("name is a number", "POST", "/datasets", json.dumps({**VALID, "name": 5}).encode(), JSON, 400, "name"),
    ("name is null", "POST", "/datasets", json.dumps({**VALID, "name": None}).encode(), JSON, 400, "name"),
    ("name is a list", "POST", "/datasets", json.dumps({**VALID, "name": ["a"]}).encode(), JSON, 400, "name"),
    ("whitespace name", "POST", "/datasets", json.dumps({**VALID, "name": " \t "}).encode(), JSON, 400, "name"),
    ("1 MB name", "POST", "/datasets", json.dumps({**VALID, "name": "n" * 1_000_000}).encode(), JSON, 400, "name"),
    ("body over the limit", "POST", "/datasets", json.dumps({**VALID, "description": "d" * 2_000_000}).encode(), JSON, 413, "limit"),
    ("description is a number", "POST", "/datasets", json.dumps({**VALID, "description": 1}).encode(), JSON, 400, "description"),
    ("description missing", "POST", "/datasets", json.dumps({"name": "x", "pipelineSlug": "support-chatbot"}).encode(), JSON, 400, "description"),
    ("isGolden is a string", "POST", "/datasets", json.dumps({**VALID, "isGolden": "true"}).encode(), JSON, 400, "isGolden"),
    ("pipelineId not a UUID", "POST", "/datasets", json.dumps({**VALID, "pipelineSlug": None, "pipelineId": "12"}).encode(), JSON, 400, "pipelineId"),
    ("pipelineId is a number", "POST", "/datasets", json.dumps({"name": "x", "description": None, "pipelineId": 7}).encode(), JSON, 400, "pipelineId"),
    ("both pipeline fields", "POST", "/datasets", json.dumps({**VALID, "pipelineId": SOME_ID}).encode(), JSON, 400, "pipeline"),
    ("no pipeline field", "POST", "/datasets", json.dumps({"name": "x", "description": None}).encode(), JSON, 400, "pipeline"),
    ("empty pipelineSlug", "POST", "/datasets", json.dumps({**VALID, "pipelineSlug": ""}).encode(), JSON, 400, "pipelineSlug"),
    ("unknown slug", "POST", "/datasets", json.dumps({**VALID, "pipelineSlug": "ghost"}).encode(), JSON, 404, "not found"),
    ("non-UUID dataset id", "GET", "/datasets/../../etc/passwd", None, {}, 404, "Not Found"),
    ("SQL in dataset id", "GET", "/datasets/1'%20OR%20'1'='1", None, {}, 400, "UUID"),
    ("non-UUID update id", "POST", "/datasets/abc", b"{}", JSON, 400, "UUID"),
    ("archived not boolean", "GET", "/datasets?archived=perhaps", None, {}, 400, "archived"),
    ("unknown slug filter", "GET", "/pipelines?slug[regex]=.*", None, {}, 400, "regex"),
    ("bad slug pattern", "POST", "/pipelines", json.dumps({"slug": "Has Spaces"}).encode(), JSON, 400, "slug"),
    ("test case inputs array", "POST", "/test-cases", json.dumps({"datasetId": SOME_ID, "name": "t", "inputs": []}).encode(), JSON, 400, "inputs"),
    ("test case unknown key", "POST", "/test-cases", json.dumps({"datasetId": SOME_ID, "name": "t", "inputs": {}, "x": 1}).encode(), JSON, 400, "'x'"),
    ("test case empty name", "POST", "/test-cases", json.dumps({"datasetId": SOME_ID, "name": "", "inputs": {}}).encode(), JSON, 400, "name"),
    ("unsupported method", "PUT", "/datasets", b"{}", JSON, 405, "Method"),
    ("unknown route", "GET", "/experiments", None, {}, 404, "Not Found"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "method", "path", "body", "headers", "status", "word"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_request_gets_a_helpful_4xx(
    api: Api, label: str, method: str, path: str, body: bytes | None, headers: dict[str, str], status: int, word: str
) -> None:
    response = api.session.request(method, api.base + path, data=body, headers=headers, timeout=30)
    assert response.status_code == status, response.text
    payload = response.json()
    assert set(payload) == {"message"}
    assert word.lower() in payload["message"].lower()


def test_data_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "gentrace.db"
    first = start_in_thread(db, api_key="gen_api_one")
    created = Api(first).post("/datasets", json={**VALID, "name": "Kept"}).json()
    first.stop()

    second = start_in_thread(db, api_key="gen_api_two")
    try:
        api = Api(second)
        assert api.get(f"/datasets/{created['id']}").json() == created
        support = api.get("/datasets", params={"pipelineSlug": "support-chatbot"}).json()["data"]
        assert [d["name"] for d in support].count("Billing questions") == 1, "the demo seed ran twice"
        assert len(api.get("/pipelines").json()["data"]) == 5
    finally:
        second.stop()


def test_200_concurrent_creates_from_16_threads(sandbox: RunningSandbox) -> None:
    api = Api(sandbox)
    pipeline = api.pipeline("meeting-notes")
    before = len(api.get("/datasets", params={"pipelineId": pipeline["id"]}).json()["data"])

    def create(n: int) -> tuple[int, str]:
        with requests.Session() as session:
            response = session.post(
                f"{sandbox.base_url}/v4/datasets",
                json={"name": f"Load {n}", "description": None, "pipelineId": pipeline["id"]},
                headers={"Authorization": f"Bearer {sandbox.api_key}"},
                timeout=60,
            )
            return response.status_code, response.json()["id"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(create, range(200)))

    assert {status for status, _ in results} == {200}
    assert len({dataset_id for _, dataset_id in results}) == 200
    listed = api.get("/datasets", params={"pipelineId": pipeline["id"]}).json()["data"]
    assert len(listed) == before + 200
    assert sorted(d["name"] for d in listed if d["name"].startswith("Load ")) == sorted(f"Load {n}" for n in range(200))


def test_standalone_program_prints_how_to_connect_and_serves(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        "0",
        "--db",
        str(tmp_path / "cli.db"),
        "--api-key",
        "gen_api_cli",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout is not None
        text = "".join(process.stdout.readline() for _ in range(4))
        assert "nothing sent here reaches Gentrace" in text
        assert "GENTRACE_API_KEY=gen_api_cli" in text
        match = re.search(r"GENTRACE_BASE_URL=(http://127\.0\.0\.1:\d+/api)\n", text)
        assert match, text
        response = requests.get(
            match.group(1) + "/v4/pipelines", headers={"Authorization": "Bearer gen_api_cli"}, timeout=30
        )
        assert response.status_code == 200
        assert len(response.json()["data"]) == 5
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_listening_socket_turns_nagle_off_for_kept_alive_clients() -> None:
    # asyncio sets TCP_NODELAY on accepted sockets only when the socket says it is TCP; without it every
    # response on a kept-alive connection waited ~40 ms for a delayed ACK (measured: 48 ms → 5 ms median).
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()

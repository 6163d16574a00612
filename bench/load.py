"""A lean keep-alive HTTP/1.1 load client on asyncio, so the client's own cost does not hide the server's."""

import asyncio
import json
import time
from urllib.parse import urlsplit


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, api_key: str) -> None:
        self.reader, self.writer, self.host, self.api_key = reader, writer, host, api_key

    @classmethod
    async def open(cls, base_url: str, api_key: str) -> "Connection":
        parts = urlsplit(base_url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer, parts.netloc, api_key)

    async def request(self, method: str, path: str, body: dict[str, object] | None = None) -> tuple[int, bytes]:
        payload = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.api_key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def _creates(
    base_url: str, api_key: str, pipeline_id: str, clients: int, per_client: int
) -> tuple[list[float], int, float]:
    path = urlsplit(base_url).path + "/v4/datasets"
    latencies: list[float] = []
    errors = 0

    async def client(number: int) -> None:
        nonlocal errors
        connection = await Connection.open(base_url, api_key)
        try:
            for i in range(per_client):
                body = {"name": f"load {clients}-{number}-{i}", "description": None, "pipelineId": pipeline_id}
                started = time.perf_counter()
                status, _ = await connection.request("POST", path, body)
                latencies.append(time.perf_counter() - started)
                errors += status != 200
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - started


def creates(
    base_url: str, api_key: str, pipeline_id: str, clients: int, per_client: int
) -> tuple[list[float], int, float]:
    """`clients` kept-alive connections creating datasets at once; returns latencies, error count, wall time."""
    return asyncio.run(_creates(base_url, api_key, pipeline_id, clients, per_client))


async def _gets(base_url: str, api_key: str, path: str, repetitions: int) -> list[float]:
    connection = await Connection.open(base_url, api_key)
    latencies: list[float] = []
    try:
        for _ in range(repetitions):
            started = time.perf_counter()
            status, _ = await connection.request("GET", urlsplit(base_url).path + path)
            assert status == 200, status
            latencies.append(time.perf_counter() - started)
    finally:
        connection.close()
    return latencies


def gets(base_url: str, api_key: str, path: str, repetitions: int) -> list[float]:
    return asyncio.run(_gets(base_url, api_key, path, repetitions))

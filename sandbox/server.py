"""Running the sandbox: in a background thread of this process, or as a program (`python -m sandbox`)."""

import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from sandbox.app import create_app
from sandbox.seed import reset_demo_data
from sandbox.store import Store

LOOPBACK = "127.0.0.1"


def new_api_key() -> str:
    return "gen_api_sandbox_" + secrets.token_urlsafe(24)


def base_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/api"


class _QuietH11Protocol(H11Protocol):
    """No access log: inside the app, the sandbox would otherwise write to Streamlit's own uvicorn loggers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access_log = False


def _config(app: FastAPI) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        log_level="warning",
        log_config=None,  # leave the host process's logging alone (the app embeds the sandbox)
        access_log=False,
        http=_QuietH11Protocol,
        server_header=False,
        # Longer than any client's idle gap, so a kept-alive connection is not closed under a request.
        timeout_keep_alive=120,
    )


@dataclass
class RunningSandbox:
    base_url: str
    api_key: str = field(repr=False)
    db_path: Path
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _store: Store = field(repr=False)

    def reset_demo_data(self) -> None:
        reset_demo_data(self._store)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._store.close()


def start_in_thread(
    db_path: Path,
    api_key: str | None = None,
    host: str = LOOPBACK,
    port: int = 0,
    seed: bool = True,
    faults: bool = False,
) -> RunningSandbox:
    """Starts the sandbox on a free loopback port (or `port`) and returns once it accepts requests."""
    api_key = api_key or new_api_key()
    app = create_app(db_path, api_key, seed=seed, faults=faults)
    server = uvicorn.Server(_config(app))
    sock = bind(host, port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="gentrace-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sandbox did not start")
        time.sleep(0.01)
    return RunningSandbox(base_url(host, sock.getsockname()[1]), api_key, db_path, server, thread, app.state.store)


def bind(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say they are TCP, and
    # with Nagle on, a response written as headers + body stalls ~40 ms per request on a kept-alive connection.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)  # connections made before the server loop starts wait in the backlog
    return sock


def serve_forever(sock: socket.socket, db_path: Path, api_key: str, faults: bool = False) -> None:
    uvicorn.Server(_config(create_app(db_path, api_key, faults=faults))).run(sockets=[sock])

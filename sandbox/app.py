"""The sandbox's FastAPI application: Gentrace's v4 routes, its auth, and its `{"message": ...}` errors."""

import hmac
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox import contract
from sandbox.faults import FaultInjector
from sandbox.routers import datasets, pipelines, test_cases
from sandbox.seed import seed_demo_data
from sandbox.store import Store

log = logging.getLogger("sandbox")


class GuardMiddleware:
    """Checks the bearer key and caps the body size before any route (or JSON parsing) runs."""

    def __init__(self, app: ASGIApp, api_key: str, max_body_bytes: int) -> None:
        self.app = app
        self.expected = f"Bearer {api_key}".encode()
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if not hmac.compare_digest(headers.get(b"authorization", b""), self.expected):
            await _send_json(send, 401, contract.MSG_UNAUTHORIZED)
            return
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body_bytes:
            status = 413 if declared.isdigit() else 400
            await _send_json(send, status, contract.MSG_BODY_TOO_LARGE if status == 413 else "Invalid Content-Length")
            return
        if scope["method"] in ("POST", "PUT", "PATCH") and declared != b"0" and not _is_json(headers):
            await _send_json(send, 400, contract.MSG_NOT_JSON)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body_bytes:
                await _send_json(send, 413, contract.MSG_BODY_TOO_LARGE)
                return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


def _is_json(headers: dict[bytes, bytes]) -> bool:
    media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return media_type == b"application/json" or media_type.endswith(b"+json")


async def _send_json(send: Send, status: int, message: str) -> None:
    payload = json.dumps({"message": message}, separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _describe(error: dict[str, Any]) -> str:
    """One pydantic/FastAPI validation error as a sentence in Gentrace's style."""
    loc: Sequence[Any] = error.get("loc", ())
    where = [str(part) for part in loc[1:]] if loc and loc[0] in ("body", "query", "path") else [str(p) for p in loc]
    field = ".".join(where)
    kind = error.get("type", "")
    if kind == "json_invalid":
        return "Invalid JSON in request body"
    if not field:
        return "Invalid parameters: the request body must be a JSON object"
    if kind == "missing":
        return f"Invalid parameters: '{field}' field is required"
    if kind == "extra_forbidden":
        return f"Invalid parameters: unknown field '{field}'"
    if kind == "value_error":
        return f"Invalid parameters: '{field}' {error['ctx']['error']}"
    text = str(error.get("msg", "is invalid"))
    return f"Invalid parameters: '{field}': {text[0].lower()}{text[1:]}"


def create_app(db_path: Path, api_key: str, seed: bool = True, faults: bool = False) -> FastAPI:
    store = Store(db_path)
    if seed:
        seed_demo_data(store)
    app = FastAPI(
        title="Gentrace v4 API (sandbox)",
        version="4",
        description="A local, persistent stand-in of Gentrace's public v4 API. Nothing here reaches Gentrace.",
    )
    app.state.store = store
    bearer = HTTPBearer(auto_error=False)  # documents the scheme; GuardMiddleware enforces it
    for router in (datasets.router, pipelines.router, test_cases.router):
        app.include_router(router, prefix=contract.API_PREFIX, dependencies=[Security(bearer)])

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"message": _describe(exc.errors()[0])}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else contract.MSG_SERVER_ERROR
        if exc.status_code == 400 and message == "There was an error parsing the body":
            message = "Invalid JSON in request body"
        return JSONResponse({"message": message}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def on_crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"message": contract.MSG_SERVER_ERROR}, status_code=500)

    if faults:
        app.add_middleware(FaultInjector)  # inside the guard: faults need the API key too
    app.add_middleware(GuardMiddleware, api_key=api_key, max_body_bytes=contract.MAX_BODY_BYTES)
    return app

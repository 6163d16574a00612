"""Deterministic fault injection, for tests that show what a user sees when Gentrace misbehaves.

Off unless the sandbox is started with `--faults` (or `faults=True` in-process); the app never does. When on, a
fault is chosen per request in one of two ways:

- the header `X-Sandbox-Fault: <fault>` on that request;
- a rule set with `POST /api/__sandbox/faults` `{"route": "POST /api/v4/datasets", "fault": "<fault>", "times": 2}`:
  the next `times` matching requests get it (`DELETE /api/__sandbox/faults` clears every rule, `GET` lists them
  with what is left of each; `latency=0` answers normally, so a rule can count requests).

Faults: `status=503` (any status; `status=429;retry-after=3` adds the header), `latency=1.5` (seconds before the
route runs), `slow=40` (the route runs and commits, the answer waits this long: beyond a client's read timeout),
`drop=before` / `drop=after` (the connection breaks mid-answer, before the route runs or after it has committed),
`body=not-json` (200 with an HTML body).
"""

import asyncio
import json
import threading
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ADMIN_PATH = "/api/__sandbox/faults"
HEADER = b"x-sandbox-fault"


@dataclass
class Rule:
    route: str  # "METHOD /path"
    fault: str
    times: int


class FaultInjector:
    """ASGI middleware; sits after authentication, so faults (and the admin route) need the API key too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.rules: list[Rule] = []
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == ADMIN_PATH:
            await self._admin(scope, receive, send)
            return
        fault = dict(scope["headers"]).get(HEADER, b"").decode() or self._take(f"{scope['method']} {scope['path']}")
        if not fault:
            await self.app(scope, receive, send)
            return
        await self._inject(fault, scope, receive, send)

    def _take(self, route: str) -> str:
        with self.lock:
            for rule in self.rules:
                if rule.route == route and rule.times > 0:
                    rule.times -= 1
                    return rule.fault
        return ""

    async def _inject(self, fault: str, scope: Scope, receive: Receive, send: Send) -> None:
        kind, _, rest = fault.partition("=")
        value, _, option = rest.partition(";")
        if kind == "status":
            headers = [(b"retry-after", option.partition("=")[2].encode())] if option.startswith("retry-after") else []
            await _answer(send, int(value), {"message": f"Injected fault: HTTP {value}"}, headers)
        elif kind == "latency":
            await asyncio.sleep(float(value))
            await self.app(scope, receive, send)
        elif kind == "slow":
            messages = await _collect(self.app, scope, receive)
            await asyncio.sleep(float(value))
            for message in messages:
                await send(message)
        elif kind == "drop":
            if value == "after":
                await _collect(self.app, scope, receive)
            await _broken_answer(send)
        elif kind == "body":
            await _answer(send, 200, None, [], raw=b"<html><body>Gateway says hello</body></html>", media=b"text/html")
        else:
            await _answer(send, 400, {"message": f"Unknown sandbox fault '{fault}'"}, [])

    async def _admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] == "GET":  # the rules and what is left of each: a test can count the requests a rule saw
            with self.lock:
                rules = [vars(r) for r in self.rules]
            await _answer(send, 200, {"rules": rules}, [])
            return
        if scope["method"] == "DELETE":
            with self.lock:
                self.rules.clear()
            await _answer(send, 200, {"rules": []}, [])
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            spec = json.loads(body)
            rule = Rule(str(spec["route"]), str(spec["fault"]), int(spec.get("times", 1)))
        except (ValueError, KeyError, TypeError):
            await _answer(
                send, 400, {"message": 'Send {"route": "POST /api/v4/datasets", "fault": "...", "times": 1}'}, []
            )
            return
        with self.lock:
            self.rules.append(rule)
        await _answer(send, 200, {"rules": [vars(r) for r in self.rules]}, [])


async def _collect(app: ASGIApp, scope: Scope, receive: Receive) -> list[Message]:
    """Runs the route to the end (so it commits) and keeps what it would have sent."""
    messages: list[Message] = []

    async def keep(message: Message) -> None:
        messages.append(message)

    await app(scope, receive, keep)
    return messages


async def _broken_answer(send: Send) -> None:
    """Headers promising a body that never comes: the client sees the connection break mid-answer."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"id":', "more_body": True})
    raise ConnectionAbortedError("sandbox fault: connection dropped")


async def _answer(
    send: Send,
    status: int,
    payload: object,
    headers: list[tuple[bytes, bytes]],
    raw: bytes | None = None,
    media: bytes = b"application/json",
) -> None:
    body = raw if raw is not None else json.dumps(payload, separators=(",", ":")).encode()
    base = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": base + headers})
    await send({"type": "http.response.body", "body": body})

"""Shared route helpers: the store, and the errors every route answers with."""

from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from sandbox.contract import is_uuid, not_found
from sandbox.store import Row, Store


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def require_uuid(value: str, field: str = "id") -> str:
    if not is_uuid(value):
        raise bad_request(f"Invalid parameters: '{field}' must be a UUID")
    return value.lower()


def found(row: Row | None, resource_id: str) -> Row:
    if row is None:
        raise HTTPException(status_code=404, detail=not_found(resource_id))
    return row


def ok(content: Any) -> JSONResponse:
    """200 with the body as built by the store: already the contract's shape, so FastAPI need not re-validate it
    (that check cost more than the query for a pipeline with 10,000 datasets). OpenAPI still documents the model."""
    return JSONResponse(content)

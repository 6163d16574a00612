from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sandbox import contract
from sandbox.deps import bad_request, found, get_store, ok, require_uuid
from sandbox.schemas import ERRORS, Pipeline, PipelineCreateBody, PipelineList, PipelineUpdateBody
from sandbox.store import Store

router = APIRouter(prefix="/pipelines", tags=["pipelines"], responses=ERRORS)
StoreDep = Annotated[Store, Depends(get_store)]


async def slug_filter(request: Request) -> Callable[[str], bool]:
    """Builds the predicate for `slug=x` (exact) and the bracket forms `slug[contains]=x`, `slug[in]=a,b`, ..."""
    conditions: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key == "slug":
            conditions["equals"] = value
        elif key.startswith("slug[") and key.endswith("]"):
            sub_key = key[5:-1]
            if sub_key not in contract.SLUG_FILTER_KEYS:
                allowed = ", ".join(contract.SLUG_FILTER_KEYS)
                raise bad_request(f"Invalid parameters: unknown slug filter '{sub_key}' (allowed: {allowed})")
            conditions[sub_key] = value
    mode = conditions.pop("mode", "default")
    if mode not in ("default", "insensitive"):
        raise bad_request("Invalid parameters: 'slug[mode]' must be 'default' or 'insensitive'")

    insensitive = mode == "insensitive"
    return lambda slug: all(_matches(slug, op, value, insensitive) for op, value in conditions.items())


def _matches(slug: str, op: str, value: str, insensitive: bool) -> bool:
    if op == "search":
        # Served as a case-insensitive match of every word, hyphens counting as spaces.
        words = slug.lower().replace("-", " ")
        return all(word in words for word in value.lower().replace("-", " ").split())
    if insensitive:
        slug, value = slug.lower(), value.lower()
    if op == "equals":
        return slug == value
    if op == "contains":
        return value in slug
    if op == "startsWith":
        return slug.startswith(value)
    if op == "endsWith":
        return slug.endswith(value)
    members = {item.strip() for item in value.split(",") if item.strip()}
    return (slug in members) == (op == "in")


@router.get("", responses={200: {"model": PipelineList}})
async def list_pipelines(
    store: StoreDep,
    matches: Annotated[Callable[[str], bool], Depends(slug_filter)],
    folderId: str | None = None,
    slug: str | None = None,
) -> JSONResponse:
    if folderId is not None:
        folderId = require_uuid(folderId, "folderId")
    return ok({"data": [p for p in store.list_pipelines(folderId) if matches(p["slug"])]})


@router.get("/{id}", responses={200: {"model": Pipeline}})
async def get_pipeline(id: str, store: StoreDep) -> JSONResponse:
    return ok(found(store.get_pipeline(require_uuid(id)), id))


@router.post("", responses={200: {"model": Pipeline}})
async def create_pipeline(body: PipelineCreateBody, store: StoreDep) -> JSONResponse:
    with store.write() as db:
        new_id = store.insert_pipeline(db, body.slug, body.displayName, body.folderId)
    if new_id is None:
        raise bad_request(contract.duplicate_slug(body.slug))
    return ok(found(store.get_pipeline(new_id), new_id))


@router.post("/{id}", responses={200: {"model": Pipeline}})
async def update_pipeline(id: str, body: PipelineUpdateBody, store: StoreDep) -> JSONResponse:
    pipeline_id = require_uuid(id)
    return ok(found(store.update_pipeline(pipeline_id, body.model_dump(include=body.model_fields_set)), id))

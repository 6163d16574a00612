from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from sandbox import contract
from sandbox.deps import bad_request, found, get_store, ok, require_uuid
from sandbox.schemas import ERRORS, Dataset, DatasetCreateBody, DatasetList, DatasetUpdateBody
from sandbox.store import Store

router = APIRouter(prefix="/datasets", tags=["datasets"], responses=ERRORS)
StoreDep = Annotated[Store, Depends(get_store)]


@router.post("", responses={200: {"model": Dataset}})
async def create_dataset(body: DatasetCreateBody, store: StoreDep) -> JSONResponse:
    if body.pipelineSlug is not None and body.pipelineId is not None:
        raise bad_request(contract.MSG_BOTH_PIPELINE_FIELDS)
    if not body.name.strip():
        raise bad_request(contract.MSG_EMPTY_NAME)
    if body.pipelineId is not None:
        pipeline = found(store.get_pipeline(body.pipelineId), body.pipelineId)
    elif body.pipelineSlug is not None:
        pipeline = found(store.get_pipeline_by_slug(body.pipelineSlug), body.pipelineSlug)
    else:
        raise bad_request(contract.MSG_NO_PIPELINE_FIELD)
    return ok(store.create_dataset(pipeline["id"], body.name, body.description, bool(body.isGolden)))


@router.get("", responses={200: {"model": DatasetList}})
async def list_datasets(
    store: StoreDep,
    pipelineId: str | None = None,
    pipelineSlug: Annotated[str | None, Query(min_length=1)] = None,
    archived: Annotated[bool, Query(description="Include archived datasets")] = False,
) -> JSONResponse:
    if pipelineId is not None:
        pipelineId = require_uuid(pipelineId, "pipelineId")
    return ok({"data": store.list_datasets(pipelineId, pipelineSlug, archived)})


@router.get("/{id}", responses={200: {"model": Dataset}})
async def get_dataset(id: str, store: StoreDep) -> JSONResponse:
    return ok(found(store.get_dataset(require_uuid(id)), id))


@router.post("/{id}", responses={200: {"model": Dataset}})
async def update_dataset(id: str, body: DatasetUpdateBody, store: StoreDep) -> JSONResponse:
    dataset_id = require_uuid(id)
    if body.name is not None and not body.name.strip():
        raise bad_request(contract.MSG_EMPTY_NAME)
    changes = body.model_dump(include=body.model_fields_set)
    if "name" in changes and changes["name"] is None:
        raise bad_request("Invalid parameters: 'name' must be a string")
    return ok(found(store.update_dataset(dataset_id, changes), id))

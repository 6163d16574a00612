from typing import Annotated

from fastapi import APIRouter, Depends, Query

from sandbox import contract
from sandbox.deps import bad_request, found, get_store, require_uuid
from sandbox.schemas import ERRORS, Dataset, DatasetCreateBody, DatasetList, DatasetUpdateBody
from sandbox.store import Row, Store

router = APIRouter(prefix="/datasets", tags=["datasets"], responses=ERRORS)
StoreDep = Annotated[Store, Depends(get_store)]


@router.post("", response_model=Dataset)
def create_dataset(body: DatasetCreateBody, store: StoreDep) -> Row:
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
    return store.create_dataset(pipeline["id"], body.name, body.description, bool(body.isGolden))


@router.get("", response_model=DatasetList)
def list_datasets(
    store: StoreDep,
    pipelineId: str | None = None,
    pipelineSlug: Annotated[str | None, Query(min_length=1)] = None,
    archived: Annotated[bool, Query(description="Include archived datasets")] = False,
) -> dict[str, list[Row]]:
    if pipelineId is not None:
        pipelineId = require_uuid(pipelineId, "pipelineId")
    return {"data": store.list_datasets(pipelineId, pipelineSlug, archived)}


@router.get("/{id}", response_model=Dataset)
def get_dataset(id: str, store: StoreDep) -> Row:
    return found(store.get_dataset(require_uuid(id)), id)


@router.post("/{id}", response_model=Dataset)
def update_dataset(id: str, body: DatasetUpdateBody, store: StoreDep) -> Row:
    dataset_id = require_uuid(id)
    if body.name is not None and not body.name.strip():
        raise bad_request(contract.MSG_EMPTY_NAME)
    changes = body.model_dump(include=body.model_fields_set)
    if "name" in changes and changes["name"] is None:
        raise bad_request("Invalid parameters: 'name' must be a string")
    return found(store.update_dataset(dataset_id, changes), id)

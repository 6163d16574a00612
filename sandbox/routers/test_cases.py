from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from sandbox.deps import found, get_store, ok, require_uuid
from sandbox.schemas import ERRORS, TestCase, TestCaseCreateBody, TestCaseList
from sandbox.store import Store

router = APIRouter(prefix="/test-cases", tags=["test-cases"], responses=ERRORS)
StoreDep = Annotated[Store, Depends(get_store)]


@router.post("", responses={200: {"model": TestCase}})
async def create_test_case(body: TestCaseCreateBody, store: StoreDep) -> JSONResponse:
    dataset = found(store.get_dataset(body.datasetId), body.datasetId)
    return ok(store.create_test_case(dataset, body.name, body.inputs, body.expectedOutputs))


@router.get("", responses={200: {"model": TestCaseList}})
async def list_test_cases(
    store: StoreDep,
    datasetId: str | None = None,
    pipelineId: str | None = None,
    pipelineSlug: Annotated[str | None, Query(min_length=1)] = None,
) -> Response:
    if datasetId is not None:
        datasetId = require_uuid(datasetId, "datasetId")
    if pipelineId is not None:
        pipelineId = require_uuid(pipelineId, "pipelineId")
    body = store.list_test_cases_json(datasetId, pipelineId, pipelineSlug)
    return Response(content=body, media_type="application/json")


@router.get("/{id}", responses={200: {"model": TestCase}})
async def get_test_case(id: str, store: StoreDep) -> JSONResponse:
    return ok(found(store.get_test_case(require_uuid(id)), id))


@router.delete("/{id}", status_code=204, response_class=Response)
async def delete_test_case(id: str, store: StoreDep) -> Response:
    if not store.delete_test_case(require_uuid(id)):
        found(None, id)
    return Response(status_code=204)

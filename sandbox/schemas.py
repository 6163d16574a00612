"""The contract's bodies as pydantic models: requests are validated with them, responses documented by them."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from sandbox.contract import MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, SLUG_PATTERN, is_uuid


def _uuid(value: str) -> str:
    if not is_uuid(value):
        raise ValueError("must be a UUID")
    return value.lower()


def _slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise ValueError("must be lowercase letters and digits separated by single hyphens")
    return value


UuidStr = Annotated[StrictStr, AfterValidator(_uuid)]
SlugStr = Annotated[StrictStr, AfterValidator(_slug)]
Name = Annotated[StrictStr, Field(max_length=MAX_NAME_CHARS)]
Description = Annotated[StrictStr, Field(max_length=MAX_DESCRIPTION_CHARS)]
JsonObject = dict[str, Any]


# -- requests ---------------------------------------------------------------------------------------------------


class DatasetCreateBody(BaseModel):
    name: Name
    description: Description | None = Field(description="Required key; its value may be null.")
    isGolden: StrictBool | None = None
    pipelineSlug: StrictStr | None = Field(default=None, min_length=1)
    pipelineId: UuidStr | None = None


class DatasetUpdateBody(BaseModel):
    name: Name | None = None
    description: Description | None = None
    isGolden: StrictBool | None = None
    isArchived: StrictBool | None = None


class PipelineCreateBody(BaseModel):
    slug: SlugStr
    displayName: Annotated[StrictStr, Field(max_length=MAX_NAME_CHARS)] | None = None
    folderId: UuidStr | None = None


class PipelineUpdateBody(BaseModel):
    displayName: Annotated[StrictStr, Field(max_length=MAX_NAME_CHARS)] | None = None
    folderId: UuidStr | None = None
    isArchived: StrictBool | None = None


class TestCaseCreateBody(BaseModel):
    __test__ = False  # not a pytest class
    model_config = ConfigDict(extra="forbid")

    datasetId: UuidStr
    name: Annotated[StrictStr, Field(min_length=1, max_length=MAX_NAME_CHARS)]
    inputs: JsonObject
    expectedOutputs: JsonObject = Field(default_factory=dict)


# -- responses (documentation only: routes return plain dicts built by the store) -----------------------------


class ErrorBody(BaseModel):
    message: str


class Dataset(BaseModel):
    id: str
    createdAt: str
    updatedAt: str
    name: str
    description: str | None
    archivedAt: str | None
    pipelineId: str


class Pipeline(BaseModel):
    id: str
    createdAt: str
    updatedAt: str
    slug: str
    displayName: str | None
    folderId: str | None
    archivedAt: str | None
    goldenDatasetId: str | None


class TestCase(BaseModel):
    __test__ = False
    id: str
    createdAt: str
    updatedAt: str
    inputs: JsonObject
    expectedOutputs: JsonObject | None
    datasetId: str
    name: str
    pipelineId: str
    archivedAt: str | None
    deletedAt: str | None


class DatasetList(BaseModel):
    data: list[Dataset]


class PipelineList(BaseModel):
    data: list[Pipeline]


class TestCaseList(BaseModel):
    __test__ = False
    data: list[TestCase]


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        400: "Invalid parameters",
        401: "Invalid or expired API key",
        404: "Resource not found",
        413: "Request body too large",
        500: "Internal server error",
    }.items()
}

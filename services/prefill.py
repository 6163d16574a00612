"""Links that open the create form filled in: `?pipeline=<slug>` or `?pipeline_id=<id>`, `&golden=true`,
`&name=…`, `&description=…`. Each value is checked like typed input; a bad one becomes that field's error."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from pydantic_core import PydanticCustomError

from services.gentrace.types import FormField, PipelineMode, checked_description, checked_name, pipeline_problem

PARAMETERS = ("pipeline", "pipeline_id", "golden", "name", "description")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class Prefill:
    """What a link puts in the form, and what is wrong with it, field by field."""

    pipeline_mode: PipelineMode | None = None
    pipeline: str | None = None
    golden: bool | None = None
    name: str | None = None
    description: str | None = None
    errors: dict[FormField, str] = field(default_factory=dict)


def read_prefill(params: Mapping[str, str]) -> Prefill | None:
    """None when the address has none of the parameters."""
    given = {key: params[key] for key in PARAMETERS if key in params}
    if not given:
        return None
    errors: dict[FormField, str] = {}
    mode: PipelineMode | None = None
    pipeline = None
    if "pipeline" in given and "pipeline_id" in given:
        errors["pipeline"] = "The link gives both a pipeline slug and a pipeline ID: choose the pipeline here."
    elif "pipeline_id" in given:
        mode, pipeline = "id", given["pipeline_id"].strip()
    elif "pipeline" in given:
        mode, pipeline = "slug", given["pipeline"].strip()
    if mode is not None and pipeline is not None and (problem := pipeline_problem(mode, pipeline)):
        errors["pipeline"] = problem

    golden = None
    if "golden" in given:
        word = given["golden"].strip().lower()
        if word in _TRUE | _FALSE:
            golden = word in _TRUE
        else:
            errors["golden"] = f"The link says golden={given['golden']!r}; it must be true or false."

    name = given.get("name")
    if name is not None:
        try:
            checked_name(name)
        except PydanticCustomError as problem:
            errors["name"] = str(problem)
    description = given.get("description")
    if description is not None:
        try:
            checked_description(description)
        except PydanticCustomError as problem:
            errors["description"] = str(problem)
    return Prefill(mode, pipeline or None, golden, name, description, errors)


def prefill_query(mode: PipelineMode, pipeline: str | None, golden: bool, name: str, description: str) -> str:
    """The query string of a link that opens the form as it is now (empty fields left out)."""
    params: dict[str, str] = {}
    if pipeline and pipeline.strip():
        params["pipeline_id" if mode == "id" else "pipeline"] = pipeline.strip()
    if golden:
        params["golden"] = "true"
    if name.strip():
        params["name"] = name
    if description.strip():
        params["description"] = description
    return urlencode(params)

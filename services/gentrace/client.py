"""GentraceClient: the only code that speaks HTTP to Gentrace (or to the sandbox, which speaks the same API)."""

import logging
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

from services import VERSION
from services.gentrace.credentials import ApiKey, BearerAuth
from services.gentrace.errors import (
    CannotConnect,
    ConnectionDropped,
    GentraceError,
    InvalidApiKey,
    NotFound,
    RateLimited,
    RejectedInput,
    RequestTimedOut,
    ServerFailure,
    UnexpectedResponse,
)
from services.gentrace.types import (
    Dataset,
    DatasetCreate,
    DatasetList,
    FormField,
    Pipeline,
    PipelineList,
    TestCase,
    TestCaseList,
)

log = logging.getLogger(__name__)

USER_AGENT: Final = f"gentrace-dataset-studio/{VERSION} python-requests/{requests.__version__}"
RETRY_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
RETRY_AFTER_MAX: Final = 60

Model = TypeVar("Model", bound=BaseModel)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()

# Which form field a 400's message is about, by the API field it quotes.
_FIELD_IN_MESSAGE: Final[Sequence[tuple[str, FormField]]] = (
    ("'name'", "name"),
    ("'description'", "description"),
    ("'isGolden'", "golden"),
    ("'pipelineSlug'", "pipeline"),
    ("'pipelineId'", "pipeline"),
)
_FIELD_LABEL: Final[Mapping[FormField, str]] = {
    "name": "name",
    "description": "description",
    "golden": "golden setting",
    "pipeline": "pipeline",
}


def build_retry(retries: int, backoff_factor: float) -> Retry:
    """GETs and DELETEs (both safe to repeat) retry on connection errors, timeouts, 408, 429 and 5xx; anything else
    only if nothing was sent."""
    return Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        allowed_methods=frozenset({"GET", "DELETE"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_jitter=0.25 * backoff_factor,
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX,
        raise_on_status=False,
    )


class GentraceClient:
    """One client per app process: one `requests.Session` (connection reuse), timeouts, retries, typed errors."""

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 2,
        backoff_factor: float = 0.5,
        pool_size: int = 16,
    ) -> None:
        if not re.match(r"^https?://[^/\s]+", base_url):
            raise ValueError("base_url must start with http:// or https:// and name a host")
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self._auth = BearerAuth(api_key if isinstance(api_key, ApiKey) else ApiKey(api_key))
        self._session = requests.Session()
        self._session.auth = self._auth
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        adapter = HTTPAdapter(max_retries=build_retry(retries, backoff_factor), pool_maxsize=pool_size)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"GentraceClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    # -- datasets ---------------------------------------------------------------------------------------------

    def create_dataset(self, request: DatasetCreate) -> Dataset:
        missing = (
            f"No pipeline with the id {request.pipeline_id} exists in Gentrace."
            if request.pipeline_id
            else f"No pipeline with the slug “{request.pipeline_slug}” exists in Gentrace."
        )
        data = self._call("POST", "/v4/datasets", json=request.to_body(), not_found=(missing, "pipeline"))
        return self._parse(Dataset, data, may_have_acted=True)

    def list_datasets(
        self, *, pipeline_id: str | None = None, pipeline_slug: str | None = None, archived: bool = False
    ) -> list[Dataset]:
        params = {"pipelineId": pipeline_id, "pipelineSlug": pipeline_slug, "archived": "true" if archived else None}
        return self._parse(DatasetList, self._call("GET", "/v4/datasets", params=params)).data

    def get_dataset(self, dataset_id: str) -> Dataset:
        data = self._call("GET", f"/v4/datasets/{dataset_id}", not_found=(f"No dataset with id {dataset_id}.", None))
        return self._parse(Dataset, data)

    def update_dataset(
        self,
        dataset_id: str,
        *,
        name: str | None = None,
        description: str | _Unset | None = UNSET,
        is_golden: bool | None = None,
        is_archived: bool | None = None,
    ) -> Dataset:
        body: dict[str, Any] = {"name": name, "isGolden": is_golden, "isArchived": is_archived}
        body = {key: value for key, value in body.items() if value is not None}
        if not isinstance(description, _Unset):
            body["description"] = description
        data = self._call(
            "POST", f"/v4/datasets/{dataset_id}", json=body, not_found=(f"No dataset with id {dataset_id}.", None)
        )
        return self._parse(Dataset, data, may_have_acted=True)

    # -- pipelines --------------------------------------------------------------------------------------------

    def list_pipelines(
        self,
        *,
        slug: str | None = None,
        slug_filter: Mapping[str, str | Sequence[str]] | None = None,
        folder_id: str | None = None,
    ) -> list[Pipeline]:
        """`slug` matches exactly; `slug_filter` takes the bracket forms, e.g. {"contains": "chat", "in": [...]}."""
        params: dict[str, str | None] = {"slug": slug, "folderId": folder_id}
        for key, value in (slug_filter or {}).items():
            params[f"slug[{key}]"] = value if isinstance(value, str) else ",".join(value)
        return self._parse(PipelineList, self._call("GET", "/v4/pipelines", params=params)).data

    def get_pipeline(self, pipeline_id: str) -> Pipeline:
        data = self._call(
            "GET", f"/v4/pipelines/{pipeline_id}", not_found=(f"No pipeline with id {pipeline_id}.", "pipeline")
        )
        return self._parse(Pipeline, data)

    # -- test cases -------------------------------------------------------------------------------------------

    def create_test_case(
        self,
        dataset_id: str,
        name: str,
        inputs: Mapping[str, Any],
        expected_outputs: Mapping[str, Any] | None = None,
    ) -> TestCase:
        body: dict[str, Any] = {"datasetId": dataset_id, "name": name, "inputs": dict(inputs)}
        if expected_outputs is not None:
            body["expectedOutputs"] = dict(expected_outputs)
        data = self._call("POST", "/v4/test-cases", json=body, not_found=(f"No dataset with id {dataset_id}.", None))
        return self._parse(TestCase, data, may_have_acted=True)

    def list_test_cases(
        self, *, dataset_id: str | None = None, pipeline_id: str | None = None, pipeline_slug: str | None = None
    ) -> list[TestCase]:
        params = {"datasetId": dataset_id, "pipelineId": pipeline_id, "pipelineSlug": pipeline_slug}
        return self._parse(TestCaseList, self._call("GET", "/v4/test-cases", params=params)).data

    def count_test_cases(self, *, pipeline_id: str | None = None) -> dict[str, int]:
        """How many test cases each dataset has (of the pipeline, or of every pipeline), from one list request. The
        cases are counted, not parsed into models: there may be tens of thousands."""
        data = self._call("GET", "/v4/test-cases", params={"pipelineId": pipeline_id} if pipeline_id else None)
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise UnexpectedResponse("Gentrace answered, but not with the TestCaseList this app expected.")
        counts: dict[str, int] = {}
        for item in items:
            dataset_id = item.get("datasetId") if isinstance(item, dict) else None
            if not isinstance(dataset_id, str):
                raise UnexpectedResponse("Gentrace answered, but not with the TestCaseList this app expected.")
            counts[dataset_id] = counts.get(dataset_id, 0) + 1
        return counts

    def get_test_case(self, test_case_id: str) -> TestCase:
        data = self._call(
            "GET", f"/v4/test-cases/{test_case_id}", not_found=(f"No test case with id {test_case_id}.", None)
        )
        return self._parse(TestCase, data)

    def delete_test_case(self, test_case_id: str) -> None:
        """204 with no body. A case that is already gone raises `NotFound`."""
        self._call(
            "DELETE", f"/v4/test-cases/{test_case_id}", not_found=(f"No test case with id {test_case_id}.", None)
        )

    # -- transport --------------------------------------------------------------------------------------------

    def _call(
        self,
        method: Literal["GET", "POST", "DELETE"],
        path: str,
        *,
        params: Mapping[str, str | None] | None = None,
        json: Mapping[str, Any] | None = None,
        not_found: tuple[str, FormField | None] | None = None,
    ) -> Any:
        sends_change = method != "GET"
        started = time.perf_counter()
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                params={k: v for k, v in (params or {}).items() if v is not None},
                json=json,
                timeout=self.timeout,
            )
        except requests.exceptions.InvalidJSONError:
            # Raised before anything is sent: a value JSON cannot carry (NaN, Infinity). Sending again cannot help.
            raise RejectedInput(
                "The request holds a value Gentrace's JSON cannot carry (NaN or Infinity). Nothing was sent.",
                server_message="InvalidJSONError",
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise CannotConnect(
                f"Could not reach Gentrace within {self.timeout[0]:g} seconds. Check the network and try again."
            ) from None
        except requests.exceptions.ReadTimeout:
            raise RequestTimedOut(
                f"Gentrace did not answer within {self.timeout[1]:g} seconds.", may_have_acted=sends_change
            ) from None
        except requests.exceptions.ConnectionError as error:
            if _never_connected(error):
                raise CannotConnect() from None
            raise ConnectionDropped(may_have_acted=sends_change) from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            # The answer broke off half-way: the server had already acted on the request.
            raise ConnectionDropped(may_have_acted=sends_change) from None
        except requests.exceptions.RequestException as error:
            raise CannotConnect(server_message=type(error).__name__) from None
        log.info("%s %s -> %s in %.0f ms", method, path, response.status_code, 1000 * (time.perf_counter() - started))
        if response.status_code == 204:
            return None
        if response.ok:
            try:
                return response.json()
            except ValueError:
                raise UnexpectedResponse(
                    status=response.status_code,
                    server_message=self._auth.redact(response.text[:300]),
                    may_have_acted=sends_change,
                ) from None
        raise self._error_for(response, sends_change, not_found)

    def _error_for(
        self, response: requests.Response, sends_change: bool, not_found: tuple[str, FormField | None] | None
    ) -> GentraceError:
        status = response.status_code
        server_message = self._server_message(response)
        details: dict[str, Any] = {"status": status, "server_message": server_message}
        if status in (401, 403):
            return InvalidApiKey(**details)
        if status == 404:
            message, field = not_found or ("Gentrace could not find what was asked for.", None)
            return NotFound(message, field=field, **details)
        if status == 429:
            return RateLimited(retry_after=_retry_after(response), **details)
        if status == 408:
            return RequestTimedOut("Gentrace gave up waiting for the request. Try again.", **details)
        if status >= 500:
            return ServerFailure(may_have_acted=sends_change, **details)
        if 400 <= status < 500:
            field = _field_in(server_message)
            subject = f"the {_FIELD_LABEL[field]}" if field else "the request"
            said = f" It said: “{server_message}”" if server_message else ""
            return RejectedInput(f"Gentrace did not accept {subject}.{said}", field=field, **details)
        return UnexpectedResponse(**details)

    def _server_message(self, response: requests.Response) -> str | None:
        try:
            body = response.json()
        except ValueError:
            text = response.text.strip()[:300]
            return self._auth.redact(text) if text else None
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            return self._auth.redact(body["message"][:1000])
        return self._auth.redact(str(body)[:300])

    @staticmethod
    def _parse(model: type[Model], data: Any, *, may_have_acted: bool = False) -> Model:
        try:
            return model.model_validate(data)
        except ValidationError:
            raise UnexpectedResponse(
                f"Gentrace answered, but not with the {model.__name__} this app expected.",
                may_have_acted=may_have_acted,
            ) from None


def _never_connected(error: requests.exceptions.ConnectionError) -> bool:
    """True when the request provably never left this machine (refused, unknown host)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError | NameResolutionError):
            return True
        pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return False


def _retry_after(response: requests.Response) -> float | None:
    if (millis := response.headers.get("retry-after-ms")) is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    from email.utils import mktime_tz, parsedate_tz  # rare path; costs ~10 ms at import time

    parsed = parsedate_tz(value)
    return max(mktime_tz(parsed) - time.time(), 0.0) if parsed else None


def _field_in(server_message: str | None) -> FormField | None:
    for quoted, field in _FIELD_IN_MESSAGE:
        if server_message and quoted in server_message:
            return field
    return None

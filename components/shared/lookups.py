"""Read-only lookups, cached for every session of this process so reruns cost no request.

They are `cache_resource`, not `cache_data`: every session shares one immutable object instead of unpickling a
copy on each rerun (with 5,000 pipelines that copy cost more than the rest of the page). A success is kept for a
minute; a failure only for a few seconds, so one network blip does not leave every session without the list.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import streamlit as st

from services.cases.format import fingerprints_of
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, Pipeline, TestCase, is_uuid

LOOKUP_TTL_SECONDS = 60
FAILED_LOOKUP_TTL_SECONDS = 5


T = TypeVar("T")


@dataclass(frozen=True)
class Lookup(Generic[T]):
    """What came back, or why nothing did."""

    items: tuple[T, ...] = ()
    error: str | None = None
    details: str | None = None
    loaded_at: float = field(default_factory=time.monotonic)

    @property
    def failed_long_ago(self) -> bool:
        return self.error is not None and time.monotonic() - self.loaded_at >= FAILED_LOOKUP_TTL_SECONDS


@dataclass(frozen=True)
class PipelineCatalog(Lookup[Pipeline]):
    """The live pipelines, sorted by label, indexed once for the picker (by slug and by id)."""

    by_slug: dict[str, Pipeline] = field(default_factory=dict)
    by_id: dict[str, Pipeline] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # option value (slug or id) -> what the picker shows

    @classmethod
    def of(cls, pipelines: list[Pipeline]) -> "PipelineCatalog":
        live = sorted((p for p in pipelines if p.archived_at is None), key=lambda p: (p.label.casefold(), p.slug))
        labels = {p.slug: p.label for p in live} | {p.id: f"{p.label} · {p.id}" for p in live}
        return cls(
            items=tuple(live),
            by_slug={p.slug: p for p in live},
            by_id={p.id: p for p in live},
            labels=labels,
        )

    def index(self, mode: str) -> dict[str, Pipeline]:
        return self.by_id if mode == "id" else self.by_slug

    def find(self, mode: str, value: str | None) -> Pipeline | None:
        typed = (value or "").strip()
        return self.index(mode).get(typed.lower() if mode == "id" else typed)


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=16)
def _pipelines(_client: GentraceClient, base_url: str) -> PipelineCatalog:
    try:
        return PipelineCatalog.of(_client.list_pipelines())
    except GentraceError as error:
        return PipelineCatalog(error=error.message, details=error.details)


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=256)
def _datasets(_client: GentraceClient, base_url: str, pipeline_id: str) -> Lookup[Dataset]:
    try:
        return Lookup(items=tuple(_client.list_datasets(pipeline_id=pipeline_id)))
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=64)
def _datasets_with_archived(_client: GentraceClient, base_url: str, pipeline_id: str) -> Lookup[Dataset]:
    try:
        return Lookup(items=tuple(_client.list_datasets(pipeline_id=pipeline_id, archived=True)))
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)


@dataclass(frozen=True)
class CountLookup(Lookup[None]):
    """How many test cases each dataset has."""

    counts: dict[str, int] = field(default_factory=dict)


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=4)
def _case_counts(_client: GentraceClient, base_url: str) -> CountLookup:
    try:
        return CountLookup(counts=_client.count_test_cases())
    except GentraceError as error:
        return CountLookup(error=error.message, details=error.details)


R = TypeVar("R")


@dataclass(frozen=True)
class CaseLookup(Lookup[TestCase]):
    """A dataset's test cases with their fingerprints, listed once for every session that looks."""

    fingerprints: frozenset[str] = frozenset()
    _derived: dict[Callable[..., Any], Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, compute: Callable[[tuple[TestCase, ...]], R]) -> R:
        """What `compute` (a module-level function) makes of these cases, worked out once per listing: a rerun, a
        second tab or a colleague finds it made."""
        try:
            made: R = self._derived[compute]
        except KeyError:
            made = self._derived[compute] = compute(self.items)
        return made


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=64)
def _test_cases(_client: GentraceClient, base_url: str, dataset_id: str) -> CaseLookup:
    try:
        cases = _client.list_test_cases(dataset_id=dataset_id)
    except GentraceError as error:
        return CaseLookup(error=error.message, details=error.details)
    return CaseLookup(items=tuple(cases), fingerprints=frozenset(fingerprints_of(cases)))


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=256)
def _dataset(_client: GentraceClient, base_url: str, dataset_id: str) -> Lookup[Dataset]:
    try:
        return Lookup(items=(_client.get_dataset(dataset_id),))
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)


L = TypeVar("L", bound=Lookup[Any])


def _fresh(cached: Callable[..., L], *args: Any) -> L:
    """The cached lookup, asked again when it is a failure older than a few seconds."""
    lookup = cached(*args)
    if lookup.failed_long_ago:
        cached.clear(*args)  # type: ignore[attr-defined]
        lookup = cached(*args)
    return lookup


def load_pipelines(client: GentraceClient, base_url: str) -> PipelineCatalog:
    return _fresh(_pipelines, client, base_url)


def load_datasets(client: GentraceClient, base_url: str, pipeline_id: str) -> Lookup[Dataset]:
    return _fresh(_datasets, client, base_url, pipeline_id)


def load_test_cases(client: GentraceClient, base_url: str, dataset_id: str) -> CaseLookup:
    return _fresh(_test_cases, client, base_url, dataset_id)


def load_dataset(client: GentraceClient, base_url: str, dataset_id: str) -> Lookup[Dataset]:
    if not is_uuid(dataset_id):  # it comes from an address: never let it shape the request's path
        return Lookup(error="That is not a dataset ID (they look like 123e4567-e89b-42d3-a456-426614174000).")
    return _fresh(_dataset, client, base_url, dataset_id)


@st.cache_resource(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=4)
def _every_dataset(_client: GentraceClient, base_url: str) -> Lookup[Dataset]:
    try:
        return Lookup(items=tuple(_client.list_datasets(archived=True)))
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)


def load_every_dataset(client: GentraceClient, base_url: str) -> Lookup[Dataset]:
    """Every dataset of every pipeline, archived too, from one request (the Activity page names them)."""
    return _fresh(_every_dataset, client, base_url)


def load_datasets_with_archived(client: GentraceClient, base_url: str, pipeline_id: str) -> Lookup[Dataset]:
    return _fresh(_datasets_with_archived, client, base_url, pipeline_id)


def load_case_counts(client: GentraceClient, base_url: str) -> CountLookup:
    """How many test cases each dataset of every pipeline has: one request."""
    return _fresh(_case_counts, client, base_url)


def forget_dataset(client: GentraceClient, base_url: str, dataset: Dataset) -> None:
    """After a change to one dataset: it, its pipeline's lists and golden dataset, and its cases may have moved."""
    _dataset.clear(client, base_url, dataset.id)
    _datasets.clear(client, base_url, dataset.pipeline_id)
    _datasets_with_archived.clear(client, base_url, dataset.pipeline_id)
    _case_counts.clear(client, base_url)
    _test_cases.clear(client, base_url, dataset.id)
    _every_dataset.clear(client, base_url)
    _pipelines.clear()


def forget_test_cases(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    """After an import: the dataset's cases, and their count, have changed."""
    _test_cases.clear(client, base_url, dataset_id)
    _case_counts.clear(client, base_url)


def forget_datasets(client: GentraceClient, base_url: str, pipeline_id: str) -> None:
    _datasets.clear(client, base_url, pipeline_id)


def forget_pipelines() -> None:
    _pipelines.clear()


def forget_lookups() -> None:
    """After a create: dataset counts, duplicates and golden datasets have changed."""
    _pipelines.clear()
    _datasets.clear()
    _datasets_with_archived.clear()
    _every_dataset.clear()


def forget_all(keep_pipelines: bool = False) -> None:
    """After the sandbox's demo data was reset: nothing cached is true any more (`keep_pipelines`: but the list of
    pipelines, which changes least)."""
    for cached in (_datasets, _datasets_with_archived, _case_counts, _test_cases, _dataset, _every_dataset):
        cached.clear()
    if not keep_pipelines:
        _pipelines.clear()

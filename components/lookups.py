"""Read-only lookups, cached for every session of this process so reruns cost no request."""

from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

from services.errors import GentraceError
from services.gentrace import GentraceClient
from services.models import Dataset, Pipeline

LOOKUP_TTL_SECONDS = 60


T = TypeVar("T")


@dataclass(frozen=True)
class Lookup(Generic[T]):
    """What came back, or why nothing did (as text: cached values must pickle)."""

    items: tuple[T, ...] = ()
    error: str | None = None
    details: str | None = None


@st.cache_data(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=16)
def load_pipelines(_client: GentraceClient, base_url: str) -> Lookup[Pipeline]:
    try:
        pipelines = _client.list_pipelines()
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)
    live = [p for p in pipelines if p.archived_at is None]
    return Lookup(items=tuple(sorted(live, key=lambda p: (p.label.casefold(), p.slug))))


@st.cache_data(ttl=LOOKUP_TTL_SECONDS, show_spinner=False, max_entries=256)
def load_datasets(_client: GentraceClient, base_url: str, pipeline_id: str) -> Lookup[Dataset]:
    try:
        return Lookup(items=tuple(_client.list_datasets(pipeline_id=pipeline_id)))
    except GentraceError as error:
        return Lookup(error=error.message, details=error.details)


def forget_lookups() -> None:
    """After a create: dataset counts, duplicates and golden datasets have changed."""
    load_pipelines.clear()
    load_datasets.clear()

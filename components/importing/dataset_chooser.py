"""Asks which dataset: a pipeline, then one of its datasets (both searchable), or the one named by `?dataset=<id>`
in the address. The address follows the choice, so the page can be sent to someone as a link."""

from dataclasses import dataclass

import streamlit as st

from components.shared.addresses import arrived, followed
from components.shared.formatting import counted
from components.shared.lookups import forget_datasets, load_dataset, load_datasets, load_pipelines
from components.shared.pipelines import pipeline_select
from components.shared.text import escape, note
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, Pipeline

PIPELINE_KEY = "importing_pipeline"
DATASET_KEY = "importing_dataset"
_ARRIVED = "importing_arrived_with"
_LINK_ERROR = "importing_link_error"


@dataclass(frozen=True)
class ChosenDataset:
    dataset: Dataset
    pipeline: Pipeline | None
    is_golden: bool | None


def _arrive_with_link(client: GentraceClient, base_url: str) -> None:
    """`?dataset=<id>` chooses that dataset (and its pipeline) once, when the page is opened with it."""
    wanted = st.query_params.get("dataset")
    if not arrived(_ARRIVED, wanted):
        return
    assert wanted is not None
    found = load_dataset(client, base_url, wanted.strip().lower())
    if found.error is not None or not found.items:
        st.session_state[_LINK_ERROR] = (
            f"The link names a dataset (“{wanted}”) that could not be opened: {found.error or 'not found'}"
        )
        return
    dataset = found.items[0]
    st.session_state[PIPELINE_KEY] = dataset.pipeline_id
    st.session_state[DATASET_KEY] = dataset.id


def _follow_in_address() -> None:
    chosen = st.session_state.get(DATASET_KEY)
    if chosen:
        st.query_params["dataset"] = chosen
        followed(_ARRIVED, chosen)
    else:
        st.query_params.pop("dataset", None)


def _pipeline_changed() -> None:
    st.session_state[DATASET_KEY] = None
    _follow_in_address()


def choose_dataset(client: GentraceClient, base_url: str) -> ChosenDataset | None:
    _arrive_with_link(client, base_url)
    if message := st.session_state.pop(_LINK_ERROR, None):
        st.warning(escape(message), icon=":material/link_off:")
    catalog = load_pipelines(client, base_url)
    labels = {p.id: p.label for p in catalog.items}
    chosen_pipeline = st.session_state.get(PIPELINE_KEY)
    if chosen_pipeline and chosen_pipeline not in labels:
        labels[chosen_pipeline] = chosen_pipeline  # an archived or unlisted pipeline named by a link
    left, right = st.columns(2)
    with left:
        pipeline_id = pipeline_select(
            client,
            base_url,
            key=PIPELINE_KEY,
            on_change=_pipeline_changed,
            help_text="The pipeline whose dataset you want to fill.",
            labels=labels,
        )
    if catalog.error is not None:
        return None
    datasets = load_datasets(client, base_url, pipeline_id) if pipeline_id else None
    wanted = st.session_state.get(DATASET_KEY)
    if pipeline_id and datasets and wanted and all(d.id != wanted for d in datasets.items):
        forget_datasets(client, base_url, pipeline_id)  # made since the list was cached (a link to a new dataset)
        datasets = load_datasets(client, base_url, pipeline_id)
    items = list(datasets.items) if datasets and datasets.error is None else []
    if pipeline_id and wanted and datasets and datasets.error is None and all(d.id != wanted for d in items):
        linked = load_dataset(client, base_url, wanted)  # archived datasets are not listed, but a link may name one
        items += [d for d in linked.items if d.pipeline_id == pipeline_id]
    names = {d.id: d.name + (" (archived)" if d.archived_at else "") for d in items}
    with right:
        dataset_id = st.selectbox(
            "Dataset",
            options=list(names),
            index=None,
            format_func=lambda value: names.get(value, value),
            key=DATASET_KEY,
            placeholder="Search by name…" if pipeline_id else "Choose a pipeline first",
            disabled=not pipeline_id,
            on_change=_follow_in_address,
            help="The dataset the test cases go into.",
        )
    if datasets is not None and datasets.error is not None:
        st.error(f"The datasets could not be loaded. {escape(datasets.error)}", icon=":material/cloud_off:")
    if not dataset_id or pipeline_id is None:
        return None
    dataset = next((d for d in items if d.id == dataset_id), None)
    if dataset is None:
        return None
    pipeline = catalog.by_id.get(pipeline_id)
    is_golden = pipeline.golden_dataset_id == dataset.id if pipeline else None
    return ChosenDataset(dataset, pipeline, is_golden)


def dataset_summary(chosen: ChosenDataset, case_count: int | None) -> None:
    """Name, pipeline, golden status and how many cases it has: what the person is about to add to."""
    dataset, pipeline = chosen.dataset, chosen.pipeline
    with st.container(border=True, key="dataset_summary"):
        st.markdown(f"**{escape(dataset.name)}**")
        parts = [f"Pipeline: {escape(pipeline.label if pipeline else dataset.pipeline_id)}"]
        if chosen.is_golden is not None:
            parts.append("Golden dataset" if chosen.is_golden else "Not the golden dataset")
        if case_count is None:
            parts.append("test cases could not be counted")
        else:
            parts.append(f"{counted(case_count, 'test case')} already")
        note(" · ".join(parts))
        note(f"ID: {escape(dataset.id)}")

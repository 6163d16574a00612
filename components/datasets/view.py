"""One dataset's own view (`?dataset=<id>`): the dataset as the page shows it, its address, and its header (name,
pipeline, golden mark, number of cases, and the actions); the changes themselves are in `changes`."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.cases.add import add_is_open, add_panel, open_add
from components.cases.changing import case_change_outcome
from components.comparing.duplicate import duplicate_button, duplicate_panel
from components.create.created import seen_as
from components.datasets.changes import (
    after_settling,
    archive_panel,
    asking,
    details_panel,
    golden_panel,
    remember_seen,
    show_outcome,
)
from components.shared import once, scopes
from components.shared.addresses import ACTIVITY_PAGE, DATASETS_PAGE, IMPORT_PAGE
from components.shared.formatting import counted, local_time, viewer_zone
from components.shared.lookups import load_dataset, load_pipelines, load_test_cases
from components.shared.text import escape, note
from services.datasets.change import ChangeKind, ChangeResult
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, Pipeline


def settle_changes(dataset_id: str) -> None:
    """Call before anything is drawn or read: a change started by a button's callback ends here, so the page then
    reads the dataset and its cases as they are after it."""
    for scope in (scopes.dataset, scopes.cases, scopes.health_fix, scopes.undo):
        once.settle(scope(dataset_id))  # (app.py may have settled the dataset's already, for the sidebar)
    after_settling(dataset_id)


def settle_for_the_sidebar() -> None:
    """Before the sidebar is drawn (ahead of the page, which may st.stop()): changes to datasets that ended since the
    last run settle here, so a dataset renamed in this session shows its new name in the sidebar at once."""
    for work in once.settle_kind(scopes.DATASET):
        if isinstance(work.result, ChangeResult):
            seen_as(work.result.dataset)


def shown_dataset(client: GentraceClient, base_url: str, dataset_id: str) -> tuple[Dataset, Pipeline | None] | None:
    """The dataset as this page shows it (remembered as what the person saw, for the changed-elsewhere guard)."""
    found = load_dataset(client, base_url, dataset_id)
    if found.error is not None or not found.items:
        st.error(
            f"The dataset “{escape(dataset_id)}” could not be opened. {escape(found.error or 'It does not exist.')}",
            icon=":material/link_off:",
        )
        st.page_link(DATASETS_PAGE, label="Back to all datasets", icon=":material/arrow_back:")
        return None
    dataset = found.items[0]
    catalog = load_pipelines(client, base_url)
    pipeline = catalog.by_id.get(dataset.pipeline_id)
    remember_seen(dataset, pipeline.golden_dataset_id if pipeline else None)
    seen_as(dataset)
    return dataset, pipeline


def dataset_in_address() -> str | None:
    """The dataset `?dataset=<id>` names, with the address rewritten to exactly that: after an in-app link to the
    same page, Streamlit 1.67 leaves the old query in the address bar, and the address must be the link to send."""
    dataset_id = (st.query_params.get("dataset") or "").strip().lower()
    if dataset_id:
        case_id = (st.query_params.get("case") or "").strip().lower()
        wanted = {"dataset": dataset_id} | ({"case": case_id} if case_id else {})
        if case_id and st.query_params.get("edit") == "1":  # "Edit" in a case's row: opened once, then dropped
            wanted["edit"] = "1"
        if not case_id and st.query_params.get("view") in ("health", "review"):
            wanted["view"] = st.query_params["view"]
        elif not case_id and "compare" in st.query_params:  # the compare view; "" until the other is chosen
            wanted["compare"] = (st.query_params.get("compare") or "").strip().lower()
        st.query_params.from_dict(wanted)
    return dataset_id or None


def _open_add_case(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    open_add(dataset_id, load_test_cases(client, base_url, dataset_id).items)
    asking(dataset_id).close()


def dataset_header(
    client: GentraceClient, base_url: str, dataset: Dataset, pipeline: Pipeline | None, cases: int | None
) -> DeltaGenerator:
    """Name, pipeline, golden mark and size, then the actions; what an action opens, and its outcome, show right
    under them, where the person is looking. Returns the Export menu, for the test cases' files."""
    st.page_link(
        DATASETS_PAGE,
        label="All datasets of this pipeline",
        icon=":material/arrow_back:",
        query_params={"pipeline_id": dataset.pipeline_id},
    )
    st.title(escape(dataset.name), anchor=False)
    is_golden = pipeline is not None and pipeline.golden_dataset_id == dataset.id
    parts = [f"Pipeline: {escape(pipeline.label if pipeline else dataset.pipeline_id)}"]
    if is_golden:
        parts.append(":material/star: **Golden dataset**")
    if cases is not None:
        parts.append(counted(cases, "test case"))
    if dataset.archived_at:
        parts.append(":material/inventory_2: Archived")
    note(" · ".join(parts))
    if dataset.archived_at is not None:
        st.info(
            f"This dataset was archived on {escape(local_time(dataset.archived_at, viewer_zone()))}. It is hidden "
            "from the dataset lists and pickers; its test cases are kept. Restore it to use it again.",
            icon=":material/inventory_2:",
        )
    question = asking(dataset.id)
    asked = question.asked
    archived = dataset.archived_at is not None
    with st.container(horizontal=True, key="dataset_actions"):
        st.button(
            "Edit details",
            key=f"datasets_ask_edit_{dataset.id}",
            icon=":material/edit:",
            on_click=question.ask if asked != ChangeKind.EDIT else question.close,
            args=(ChangeKind.EDIT,) if asked != ChangeKind.EDIT else (),
            help="Change the name and description.",
        )
        st.button(
            "Stop it being golden" if is_golden else "Make it golden",
            key=f"datasets_ask_golden_{dataset.id}",
            icon=":material/star:",
            on_click=question.ask,
            args=(ChangeKind.GOLDEN,),
            disabled=pipeline is None,
            help="The golden dataset is the one a pipeline's results are judged against by default."
            if pipeline is not None
            else "The pipeline could not be read, so the golden dataset cannot be changed right now.",
        )
        st.button(
            "Restore dataset" if archived else "Archive dataset",
            key=f"datasets_ask_archive_{dataset.id}",
            icon=":material/unarchive:" if archived else ":material/archive:",
            on_click=question.ask,
            args=(ChangeKind.ARCHIVE,),
            help=None if archived else "Hide a dataset you no longer use. Nothing is deleted.",
        )
        st.button(
            "Add a test case",
            key=f"datasets_add_case_{dataset.id}",
            icon=":material/add:",
            on_click=_open_add_case,
            args=(client, base_url, dataset.id),
            help="Type one test case in: its name, inputs and expected outputs.",
        )
        export = st.popover("Export", icon=":material/download:")
        duplicate_button(dataset)
        st.page_link(
            IMPORT_PAGE, label="Add test cases", icon=":material/upload_file:", query_params={"dataset": dataset.id}
        )
        st.page_link(
            ACTIVITY_PAGE,
            label="Activity of this dataset",
            icon=":material/history:",
            query_params={"dataset": dataset.id},
        )
        st.page_link(
            DATASETS_PAGE,
            label="Compare with another dataset",
            icon=":material/compare_arrows:",
            query_params={"dataset": dataset.id, "compare": ""},
        )
    match asked:
        case ChangeKind.EDIT:
            details_panel(client, base_url, dataset)
        case ChangeKind.GOLDEN if pipeline is not None:
            golden_panel(client, base_url, dataset, pipeline)
        case ChangeKind.ARCHIVE:
            archive_panel(client, base_url, dataset, pipeline)
    duplicate_panel(client, base_url, dataset)
    show_outcome(client, base_url, dataset.id)
    if add_is_open(dataset.id):
        add_panel(client, base_url, dataset.id)
    case_change_outcome(dataset.id, ("add",))
    return export

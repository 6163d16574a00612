"""Shows the dataset that was just created: what it is, where it lives, and how to use it from code."""

import json

import streamlit as st

from components.create.form import start_new_form
from components.shared.addresses import DATASETS_PAGE, IMPORT_PAGE
from components.shared.formatting import local_time, viewer_zone
from components.shared.text import escape, note
from services.datasets.create import CreatedDataset


def python_snippet(base_url: str, dataset_id: str) -> str:
    return (
        "import os\n"
        "from gentrace import Gentrace\n\n"
        f'client = Gentrace(api_key=os.environ["GENTRACE_API_KEY"], base_url="{base_url}")\n'
        f'dataset = client.datasets.retrieve("{dataset_id}")\n'
        "print(dataset.name)\n"
    )


def curl_snippet(base_url: str, dataset_id: str) -> str:
    return f'curl "{base_url}/v4/datasets/{dataset_id}" \\\n  -H "Authorization: Bearer $GENTRACE_API_KEY"\n'


def result_card(created: CreatedDataset, base_url: str) -> None:
    dataset, pipeline = created.dataset, created.pipeline
    zone = viewer_zone()
    with st.container(key="created_banner"):
        st.success("Dataset created.", icon=":material/check_circle:")
    if created.recovered:
        st.info(escape(created.recovered), icon=":material/sync_problem:")
    with st.container(border=True, key="result_card"):
        st.header(escape(dataset.name), anchor=False)
        note("Dataset ID (click the icon to copy)")
        st.code(dataset.id, language=None)
        left, right = st.columns(2)
        with left:
            st.markdown("**Pipeline**")
            if pipeline is not None:
                st.markdown(escape(pipeline.display_name or pipeline.slug))
                note(f"Slug: {escape(pipeline.slug)}")
            else:
                st.markdown(escape(dataset.pipeline_id))
                note("The pipeline's details could not be read back.")
        with right:
            st.markdown("**Golden dataset**")
            if created.is_golden is None:
                st.markdown("Unknown: the pipeline could not be read back.")
            else:
                st.markdown("Yes, this is the pipeline's golden dataset." if created.is_golden else "No")
        st.markdown("**Description**")
        if dataset.description:
            st.markdown(escape(dataset.description))
        else:
            note("No description.")
        times, state = st.columns(2)
        with times:
            st.markdown("**Created**")
            st.markdown(escape(local_time(dataset.created_at, zone)))
            note(f"Last updated {escape(local_time(dataset.updated_at, zone))}")
        with state:
            st.markdown("**Status**")
            if dataset.archived_at is None:
                st.markdown("Active")
            else:
                st.markdown(f"Archived on {escape(local_time(dataset.archived_at, zone))}")
    with st.expander("Use it from code"):
        note("With the official Python SDK (`pip install gentrace-py`):")
        st.code(python_snippet(base_url, dataset.id), language=None)
        note("With curl:")
        st.code(curl_snippet(base_url, dataset.id), language=None)
    with st.expander("Details for engineers"):
        note("The dataset exactly as Gentrace returned it:")
        # Plain code, not st.json: it shows the same text and renders much faster.
        st.code(json.dumps(dataset.model_dump(by_alias=True, mode="json"), indent=2, ensure_ascii=False), language=None)


def created_actions(created: CreatedDataset) -> None:
    """Under the card: open the new dataset, fill it from a spreadsheet, or start a fresh form."""
    with st.container(horizontal=True, key="created_actions"):
        st.page_link(
            DATASETS_PAGE,
            label="Open the dataset",
            icon=":material/open_in_new:",
            query_params={"dataset": created.dataset.id},
        )
        st.page_link(
            IMPORT_PAGE,
            label="Add test cases",
            icon=":material/upload_file:",
            query_params={"dataset": created.dataset.id},
            help="Fill this dataset from a spreadsheet.",
        )
        st.button(
            "Create another dataset",
            type="primary",
            icon=":material/add:",
            on_click=start_new_form,
            key="create_another",
        )

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
        # One element per field (its label, value and note together): the card is drawn on the click's run, and
        # every element is a message sent and drawn before it shows.
        left, right = st.columns(2)
        if pipeline is not None:
            where = f"{escape(pipeline.display_name or pipeline.slug)}  \n:small[Slug: {escape(pipeline.slug)}]"
        else:
            where = f"{escape(dataset.pipeline_id)}  \n:small[The pipeline's details could not be read back.]"
        left.markdown(f"**Pipeline**  \n{where}")
        if created.is_golden is None:
            golden = "Unknown: the pipeline could not be read back."
        else:
            golden = "Yes, this is the pipeline's golden dataset." if created.is_golden else "No"
        right.markdown(f"**Golden dataset**  \n{golden}")
        described = escape(dataset.description) if dataset.description else ":small[No description.]"
        st.markdown(f"**Description**  \n{described}")
        times, state = st.columns(2)
        times.markdown(
            f"**Created**  \n{escape(local_time(dataset.created_at, zone))}  \n"
            f":small[Last updated {escape(local_time(dataset.updated_at, zone))}]"
        )
        status = (
            "Active" if dataset.archived_at is None else f"Archived on {escape(local_time(dataset.archived_at, zone))}"
        )
        state.markdown(f"**Status**  \n{status}")
    # Drawn only when opened: three code blocks the browser would otherwise render, hidden, before the card shows.
    snippets = st.expander("Use it from code", key=f"create_code_{dataset.id}", on_change="rerun")
    if snippets.open:
        with snippets:
            note("With the official Python SDK (`pip install gentrace-py`):")
            st.code(python_snippet(base_url, dataset.id), language=None)
            note("With curl:")
            st.code(curl_snippet(base_url, dataset.id), language=None)
    details = st.expander("Details for engineers", key=f"create_details_{dataset.id}", on_change="rerun")
    if details.open:
        with details:
            note("The dataset exactly as Gentrace returned it:")
            # Plain code, not st.json: it shows the same text and renders much faster.
            body = json.dumps(dataset.model_dump(by_alias=True, mode="json"), indent=2, ensure_ascii=False)
            st.code(body, language=None)


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

import streamlit as st

from components.connection import Connection, get_connection
from components.dataset_list import choose_pipeline, dataset_table
from components.dataset_view import (
    archive_section,
    dataset_header,
    edit_section,
    golden_section,
    settle_changes,
    shown_dataset,
)
from components.lookups import load_test_cases
from components.routing import through_the_router
from components.test_case_table import test_case_section
from components.text import note

through_the_router()
st.set_page_config(layout="wide")  # the tables need the room

connection = get_connection()
if not isinstance(connection, Connection):
    st.error("The app is not configured correctly; see the Connection page.", icon=":material/error:")
    st.stop()
client, base_url = connection.client, connection.base_url

dataset_id = (st.query_params.get("dataset") or "").strip().lower()
if not dataset_id:
    st.title("Datasets", anchor=False)
    note(
        "Find a pipeline's datasets. Open one to rename it, change which is golden, archive it, look after its test "
        "cases or export them."
    )
    pipeline = choose_pipeline(client, base_url)
    if pipeline is None:
        note("Choose a pipeline to see its datasets.")
        st.stop()
    dataset_table(client, base_url, pipeline)
    st.stop()

st.query_params.from_dict({"dataset": dataset_id})  # the address bar keeps an old query after an in-app link
settle_changes(dataset_id)
shown = shown_dataset(client, base_url, dataset_id)
if shown is None:
    st.stop()
dataset, pipeline = shown
dataset_header(dataset, pipeline)
edit_section(client, base_url, dataset)
golden_section(client, base_url, dataset, pipeline)
archive_section(client, base_url, dataset, pipeline)
test_case_section(client, base_url, dataset, load_test_cases(client, base_url, dataset.id))

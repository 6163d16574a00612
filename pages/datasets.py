import streamlit as st

from components.connection import require_connection
from components.dataset_list import choose_pipeline, dataset_table
from components.dataset_view import (
    archive_section,
    dataset_header,
    dataset_in_address,
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

connection = require_connection()
client, base_url = connection.client, connection.base_url

dataset_id = dataset_in_address()
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

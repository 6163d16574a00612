import streamlit as st

from components.cases.case_view import after_case_change, case_in_address, case_view
from components.cases.table import test_case_section
from components.comparing.compare import compare_in_address, compare_section
from components.comparing.duplicate import duplicate_status
from components.connection.connection import require_connection
from components.datasets.dataset_list import choose_pipeline, dataset_table
from components.datasets.view import dataset_header, dataset_in_address, settle_changes, shown_dataset
from components.exporting.downloads import export_buttons
from components.health.view import health_in_address, health_section, health_summary
from components.history.section import history_section
from components.review.screen import review_in_address, review_section
from components.review.standing import review_line
from components.shared.lookups import load_test_cases
from components.shared.text import note
from components.shell.routing import through_the_router

through_the_router()


connection = require_connection()
client, base_url = connection.client, connection.base_url

dataset_id = dataset_in_address()
if not dataset_id:
    st.title("Datasets", anchor=False)
    note(
        "Every dataset of every pipeline. Open one to see its test cases, add or delete some, export them, rename "
        "it, make it golden or archive it."
    )
    dataset_table(client, base_url, choose_pipeline(client, base_url))
    st.stop()

settle_changes(dataset_id)
shown = shown_dataset(client, base_url, dataset_id)
if shown is None:
    st.stop()
dataset, pipeline = shown
after_case_change(dataset.id)
cases = load_test_cases(client, base_url, dataset.id)
if case_id := case_in_address():
    case_view(client, base_url, dataset, cases, case_id)
    st.stop()
if review_in_address():  # a screen of its own, as a case's view is: what reviewing needs and nothing else
    review_section(client, dataset, cases)
    st.stop()
if compare_in_address() is not None:
    compare_section(client, base_url, dataset, cases)
    st.stop()
export_menu = dataset_header(client, base_url, dataset, pipeline, None if cases.error else len(cases.items))
with export_menu:
    export_buttons(dataset, cases)
if health_in_address():
    health_section(client, dataset, cases)
    history_section(client, dataset, cases)
    st.stop()
duplicate_status(client, base_url, dataset, cases)
health_summary(dataset, cases)
review_line(dataset, cases)
test_case_section(client, base_url, dataset, cases)
history_section(client, dataset, cases)

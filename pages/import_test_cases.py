import streamlit as st

from components.connection.connection import require_connection
from components.importing.check import checked_plan, preview
from components.importing.dataset_chooser import choose_dataset, dataset_summary
from components.importing.downloads import template_download
from components.importing.mapping import mapping
from components.importing.progress import current_job, import_button, live_progress, next_steps, result, show_refusal
from components.importing.upload import upload
from components.shared.lookups import load_test_cases
from components.shared.text import escape, note
from components.shell.routing import through_the_router

through_the_router()


st.title("Add test cases", anchor=False)
note(
    "Fill a dataset from a spreadsheet: CSV, Excel or JSONL. Every row is checked before anything is sent, and a "
    "row that is already in the dataset is never added twice."
)

connection = require_connection()
client, base_url = connection.client, connection.base_url

st.header("Dataset", anchor=False)
chosen = choose_dataset(client, base_url)
if chosen is None:
    note("Choose the pipeline and the dataset the test cases go into.")
    st.stop()
cases = load_test_cases(client, base_url, chosen.dataset.id)
dataset_summary(chosen, None if cases.error else len(cases.items))
if cases.error:
    st.error(f"The dataset's test cases could not be read. {escape(cases.error)}", icon=":material/cloud_off:")
    st.stop()

job = current_job(chosen.dataset.id)
if job is not None and job.running:
    live_progress(job.id)
    st.stop()
if job is not None:
    result(client, job)
    next_steps(job)
    st.stop()

st.header("File", anchor=False)
template_download(cases)
loaded = upload(chosen.dataset.id)
if loaded is None:
    st.stop()
mapped = mapping(loaded)
if mapped is None:
    st.stop()
rules, pattern = mapped
plan = checked_plan(loaded, rules, pattern, cases)
preview(loaded, plan)
show_refusal()
import_button(client, chosen.dataset.id, plan, loaded.name)

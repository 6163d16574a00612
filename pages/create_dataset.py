import streamlit as st

from components.connection import Connection, get_connection
from components.dataset_form import (
    RESULT,
    Draft,
    confirmed_duplicate,
    init_state,
    name_and_description,
    settle_submissions,
    show_field_errors,
    show_outcome,
    start_new_form,
    submit,
)
from components.lookups import load_datasets, load_pipelines
from components.pipeline_picker import golden_toggle, pipeline_picker, show_preview
from components.result_card import result_card
from components.text import note

st.title("Create a dataset", anchor=False)
note(
    "A dataset is a named set of test cases that Gentrace runs a pipeline against. "
    "Create an empty one here, then add test cases to it."
)

connection = get_connection()
if not isinstance(connection, Connection):
    st.error("The app is not configured correctly; see the Connection page.", icon=":material/error:")
    st.stop()

instance = init_state()
settle_submissions()
created = st.session_state.get(RESULT)
if created is not None:
    result_card(created, connection.base_url)
    st.button("Create another dataset", type="primary", icon=":material/add:", on_click=start_new_form)
    st.stop()

client = connection.client
st.header("Pipeline", anchor=False)
choice = pipeline_picker(load_pipelines(client, connection.base_url), instance)
pipeline_error = st.empty()
datasets = load_datasets(client, connection.base_url, choice.pipeline.id) if choice.pipeline else None
show_preview(choice, datasets)

st.header("Dataset", anchor=False)
is_golden = golden_toggle(instance, choice, datasets)
name, description, submitted, slots = name_and_description(instance)

again = confirmed_duplicate()
if again is not None:
    submit(client, again, datasets, confirmed_duplicate=True)
elif submitted:
    submit(client, Draft(name, description, is_golden, choice), datasets)

show_field_errors({**slots, "pipeline": pipeline_error}, {"pipeline": choice.problem})
show_outcome()

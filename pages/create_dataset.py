import streamlit as st

from components.connection.connection import require_connection
from components.create.created import last_created
from components.create.form import (
    golden_toggle,
    init_state,
    name_and_description,
    pipeline_changed,
    settle_submissions,
    show_field_errors,
    show_outcome,
)
from components.create.pipeline_picker import pipeline_picker, show_preview
from components.create.prefill import arrive_with_prefill, copy_link
from components.create.result_card import created_actions, result_card
from components.shared.lookups import load_datasets
from components.shared.scroll import bring_into_view
from components.shared.text import note
from components.shell.routing import through_the_router

through_the_router()

st.title("Create a dataset", anchor=False)
note(
    "A dataset is a named set of test cases that Gentrace runs a pipeline against. "
    "Create an empty one here, then add test cases to it."
)

connection = require_connection()

instance = init_state()
settle_submissions()  # a create started by the Create button's callback ends here, before anything is drawn
arrive_with_prefill(instance)  # `?pipeline=…&name=…` fills the form once

created = last_created()
if created is not None:
    result_card(created, connection.base_url)
    created_actions(created)
    bring_into_view("created_banner")
else:
    client = connection.client
    st.header("Pipeline", anchor=False)
    choice = pipeline_picker(client, connection.base_url, instance, pipeline_changed)
    pipeline_error = st.empty()
    datasets = load_datasets(client, connection.base_url, choice.pipeline.id) if choice.pipeline else None
    show_preview(choice, datasets)

    st.header("Dataset", anchor=False)
    golden_toggle(instance, choice, datasets)
    golden_error = st.empty()
    slots = name_and_description(client, connection.base_url, instance)
    show_field_errors({**slots, "pipeline": pipeline_error, "golden": golden_error}, {"pipeline": choice.problem})
    show_outcome(client)
    copy_link(instance)

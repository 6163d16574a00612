"""The create form's links: one that arrives fills the form (once per link), and the one "Copy a link to this form"
makes from what is filled in so far."""

import streamlit as st

from components.create.form import fill_form, form_values, link_requested, show_link
from components.create.pipeline_picker import fill_pipeline, typed_pipeline
from components.shared.addresses import arrived
from services.prefill import PARAMETERS, prefill_query, read_prefill

_ARRIVED = "create_prefill_arrived"


def arrive_with_prefill(instance: int) -> None:
    """Call before the form's widgets are drawn. Fills them from the address when it names something new."""
    params = {key: st.query_params[key] for key in PARAMETERS if key in st.query_params}
    prefill = read_prefill(params)
    if prefill is None or not arrived(_ARRIVED, tuple(sorted(params.items()))):
        return
    if prefill.pipeline_mode is not None and prefill.pipeline is not None:
        fill_pipeline(instance, prefill.pipeline_mode, prefill.pipeline)
    fill_form(instance, prefill.name, prefill.description, prefill.golden, dict(prefill.errors))


def copy_link(instance: int) -> None:
    """After "Copy a link to this form" (a button of the form): a link that opens the form as filled in now."""
    if not link_requested():
        return
    mode, pipeline = typed_pipeline(instance)
    name, description, golden = form_values(instance)
    query = prefill_query(mode, pipeline, golden, name, description)
    page = st.context.url.split("?", 1)[0] if st.context.url else ""
    with st.container(border=True, key="form_link"):
        st.markdown("**A link to this form as it is filled in now.** Copy it with the button at its right:")
        st.code(f"{page}?{query}" if query else page, language=None, wrap_lines=True)
        st.button("Hide the link", on_click=show_link, args=(False,), key="create_hide_link")

"""The one pipeline chooser: a pipeline picked by name or slug (type to search). While the list of pipelines cannot be
loaded it says why, offers "Load the list again", and redraws the page by itself once the list is back."""

from collections.abc import Callable

import streamlit as st

from components.shared.lookups import FAILED_LOOKUP_TTL_SECONDS, PipelineCatalog, forget_pipelines, load_pipelines
from components.shared.text import escape
from services.gentrace.client import GentraceClient


def missing_pipelines(client: GentraceClient, base_url: str, catalog: PipelineCatalog, instead: str = "") -> None:
    """Why the list is missing (`instead`: what the person can do meanwhile, ", so type the pipeline instead")."""
    with st.container(border=True):
        st.warning(
            f"The list of pipelines could not be loaded{instead}. {escape(catalog.error or '')}",
            icon=":material/cloud_off:",
        )
        if st.button("Load the list again", icon=":material/refresh:"):
            forget_pipelines()
            st.rerun()
    _rerun_when_the_list_is_back(client, base_url)


@st.fragment(run_every=FAILED_LOOKUP_TTL_SECONDS)
def _rerun_when_the_list_is_back(client: GentraceClient, base_url: str) -> None:
    """Asks again every few seconds while the list is missing, and redraws the page once it loads."""
    if load_pipelines(client, base_url).error is None:
        st.rerun()


def pipeline_select(
    client: GentraceClient,
    base_url: str,
    *,
    key: str,
    on_change: Callable[[], None],
    help_text: str,
    labels: dict[str, str] | None = None,
    placeholder: str = "Search by name or slug…",
    first: bool = False,
) -> str | None:
    """The chosen pipeline's id (or another option of `labels`, which replaces the list's own), or None; `key` is
    the caller's room's. `first`: the first option is chosen until another is (a filter's "All pipelines"). None,
    with the list's absence explained, while it cannot be loaded."""
    catalog = load_pipelines(client, base_url)
    if catalog.error is not None:
        missing_pipelines(client, base_url, catalog)
        return None
    options = labels if labels is not None else {p.id: p.label for p in catalog.items}
    chosen: str | None = st.selectbox(
        "Pipeline",
        options=list(options),
        index=0 if first else None,
        format_func=lambda value: options.get(value, value),
        key=key,
        placeholder=placeholder,
        on_change=on_change,
        help=help_text,
    )
    return chosen

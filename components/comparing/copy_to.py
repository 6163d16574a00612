"""The table's "Copy selected to…": the cases ticked in a dataset's table copied into another dataset (the pipeline's
golden one first in the list), reviewed, then sent as every copy is.

Session state (this room's): `comparing_copy_to_<id>` (the panel is open), `comparing_copy_to_target_<id>` (the
choice), `comparing_copy_to_into_<id>` (the dataset a copy was asked into)."""

import streamlit as st

from components.comparing.choose import dataset_choices
from components.comparing.copying import ask_copy, copy_progress, copy_review
from components.shared.lookups import CaseLookup, load_test_cases
from components.shared.text import escape, note
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset


def _toggle(dataset_id: str) -> None:
    key = f"comparing_copy_to_{dataset_id}"
    st.session_state[key] = not st.session_state.get(key)


def copy_to_button(dataset_id: str, count: int) -> None:
    st.button(
        f"Copy selected ({count:,}) to…",
        key=f"comparing_copy_to_open_{dataset_id}",
        icon=":material/content_copy:",
        on_click=_toggle,
        args=(dataset_id,),
        disabled=not count,
        help="Copy the ticked test cases into another dataset (reviewed first).",
    )


def _review(client: GentraceClient, base_url: str, source: Dataset, cases: CaseLookup, chosen: set[str]) -> None:
    target_id = st.session_state.get(f"comparing_copy_to_target_{source.id}")
    datasets, _, _ = dataset_choices(client, base_url, leave_out=source.id, golden_first_of=source.pipeline_id)
    target = datasets.get(target_id or "")
    if target is None:
        return
    into = load_test_cases(client, base_url, target.id)
    if into.error is not None:
        st.session_state[f"comparing_copy_to_error_{source.id}"] = into.error
        return
    st.session_state[f"comparing_copy_to_into_{source.id}"] = target.id  # the selectbox's own key goes with it
    ask_copy(source, target, [case for case in cases.items if case.id in chosen], into.items)


def copy_to_panel(client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup, chosen: set[str]) -> None:
    """Under the table's buttons, while open: the dataset to copy into, the review, the copy's progress."""
    target_id = st.session_state.get(f"comparing_copy_to_into_{dataset.id}")
    if target_id:
        datasets_known = dataset_choices(client, base_url, dataset.id, dataset.pipeline_id)[0]
        target = datasets_known.get(target_id)
        if target is not None and copy_progress(client, target) is not None:
            return
        if target is not None and copy_review(client, target.id):
            return
    if not st.session_state.get(f"comparing_copy_to_{dataset.id}") or not chosen:
        return
    datasets, labels, error = dataset_choices(
        client, base_url, leave_out=dataset.id, golden_first_of=dataset.pipeline_id
    )
    with st.container(border=True, key="copy_to"):
        if error is not None:
            st.error(f"The datasets could not be listed: {escape(error)}", icon=":material/error:")
            return
        st.selectbox(
            "Copy to",
            list(datasets),
            format_func=labels.__getitem__,
            index=None,
            placeholder="Type to search; this pipeline's golden dataset comes first",
            key=f"comparing_copy_to_target_{dataset.id}",
        )
        if problem := st.session_state.pop(f"comparing_copy_to_error_{dataset.id}", None):
            st.error(f"The test cases there could not be read: {escape(problem)}", icon=":material/error:")
        note("What that dataset already holds is not copied again.")
        with st.container(horizontal=True):
            st.button(
                "Review the copy",
                type="primary",
                key=f"comparing_copy_to_review_{dataset.id}",
                on_click=_review,
                args=(client, base_url, dataset, cases, set(chosen)),
                disabled=not st.session_state.get(f"comparing_copy_to_target_{dataset.id}"),
            )
            st.button("Cancel", key=f"comparing_copy_to_cancel_{dataset.id}", on_click=_toggle, args=(dataset.id,))

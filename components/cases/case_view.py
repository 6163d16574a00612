"""One test case's own view (`/datasets?dataset=<id>&case=<id>`, a link to send): its name, each input and expected
output as a labelled field, when it was created, and "Edit this test case". A link to a case an edit replaced says
so and leads to the case that replaced it."""

import json

import streamlit as st

from components.cases.add import after_add
from components.cases.changing import case_change_outcome
from components.cases.edit import after_edit, both_exist, edit_panel, editing, open_edit, said
from components.history.store import history_store
from components.review.standing import case_review_line
from components.shared.addresses import DATASETS_PAGE
from components.shared.formatting import local_time, viewer_zone
from components.shared.lookups import CaseLookup
from components.shared.text import escape, note
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset
from services.history.store import HistoryUnavailable


def case_in_address() -> str | None:
    return (st.query_params.get("case") or "").strip().lower() or None


def after_case_change(dataset_id: str) -> None:
    """Once a change to the cases has settled: an add closes or empties its form, an edit moves the address on."""
    after_add(dataset_id)
    after_edit(dataset_id)


def case_view(client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup, case_id: str) -> None:
    st.page_link(
        DATASETS_PAGE,
        label=f"Back to {escape(dataset.name)}",
        icon=":material/arrow_back:",
        query_params={"dataset": dataset.id},
    )
    case = next((c for c in cases.items if c.id == case_id), None)
    if case is None:
        _gone(dataset, case_id)
        return
    st.title(escape(case.name), anchor=False)
    note(f"Test case in {escape(dataset.name)} · created {escape(local_time(case.created_at, viewer_zone()))}")
    case_review_line(dataset, cases, case)
    if st.query_params.get("edit") == "1":  # the row's "Edit" link
        del st.query_params["edit"]
        open_edit(case)
    if not editing(case.id):
        st.button(
            "Edit this test case",
            icon=":material/edit:",
            key=f"cases_edit_{case.id}",
            on_click=open_edit,
            args=(case,),
        )
    case_change_outcome(dataset.id, ("edit",))
    both_exist(client, dataset.id)
    if editing(case.id):
        edit_panel(client, base_url, dataset.id, case)
        if message := said(case.id):
            st.info(escape(message), icon=":material/info:")
        return
    case_values("Inputs", case.inputs)
    case_values("Expected outputs", case.expected_outputs or {})


def case_values(heading: str, values: dict[str, object], *, under_a_heading: bool = False) -> None:
    """Each value under its key: text with its line breaks, numbers and true/false marked with their type.
    `under_a_heading`: its heading one level lower, under the case's own."""
    (st.subheader if under_a_heading else st.header)(heading, anchor=False)
    if not values:
        note("None.")
        return
    for key, value in values.items():
        st.markdown(f"**{escape(key)}**")
        if isinstance(value, str):
            if value:
                st.markdown(escape(value).replace("\n", "  \n"))
            else:
                note("(empty text)")
        elif isinstance(value, bool):
            st.markdown(f"{'true' if value else 'false'} · *True/false*")
        elif isinstance(value, int | float):
            st.markdown(f"{escape(json.dumps(value))} · *Number*")
        elif value is None:
            note("(none)")
        else:
            st.code(json.dumps(value, indent=2, ensure_ascii=False), language=None)


def _gone(dataset: Dataset, case_id: str) -> None:
    st.title("Test case not found", anchor=False)
    try:
        found = history_store().what_became_of(case_id)
    except HistoryUnavailable:
        found = None
    if found is None:
        st.info("This dataset has no test case with that ID.", icon=":material/link_off:")
        return
    entry, pair = found
    when = local_time(entry.created_at, viewer_zone())
    if pair.after is not None and pair.after.case_id:
        st.info(
            f"This test case was replaced by an edit on {escape(when)} ({escape(entry.who)}).", icon=":material/sync:"
        )
        st.page_link(
            DATASETS_PAGE,
            label="Open the test case that replaced it",
            icon=":material/open_in_new:",
            query_params={"dataset": dataset.id, "case": pair.after.case_id},
        )
    else:
        st.info(
            f"This test case was deleted on {escape(when)} ({escape(entry.who)}); the History can undo that.",
            icon=":material/delete:",
        )

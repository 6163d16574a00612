"""Adding one test case on a dataset's page: the fields the dataset's cases use, each typed, the exact JSON shown,
sent once through the one change path; "Add and start another" keeps the fields for the next one."""

from collections.abc import Sequence

import streamlit as st

from components.cases.changing import send_change
from components.cases.fields import case_fields, check_form, form_state, show_what_is_sent, start_form, typed_fields
from components.shared import once, scopes
from components.shared.lookups import load_test_cases
from components.shared.text import note
from components.shell.sign_in import who
from services.activity.actions import CASE_ADDED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import Pair
from services.cases.form import FieldInput, suggested_fields
from services.gentrace.client import GentraceClient
from services.gentrace.types import TestCase


def _form_id(dataset_id: str) -> str:
    return f"add_{dataset_id}"


def open_add(dataset_id: str, cases: Sequence[TestCase]) -> None:
    """Opens the add form with the fields the dataset's cases use."""
    start_form(_form_id(dataset_id), suggested_fields(cases) or [FieldInput("input", "", "text", "")])
    form_state(_form_id(dataset_id)).open = True


def add_is_open(dataset_id: str) -> bool:
    return form_state(_form_id(dataset_id)).open


def _close(dataset_id: str) -> None:
    form_state(_form_id(dataset_id)).open = False


def add_panel(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    form = _form_id(dataset_id)
    with st.container(border=True, key="add_case"):
        st.header("Add a test case", anchor=False)
        note("One field per key; an empty value leaves its key out. A dot in a field's name nests: user.plan.")
        built = case_fields(form)
        show_what_is_sent(built)
        with st.container(horizontal=True):
            st.button(
                "Add test case",
                type="primary",
                key=f"cases_add_{dataset_id}",
                on_click=_add,
                args=(client, base_url, dataset_id, False),
            )
            st.button(
                "Add and start another",
                key=f"cases_add_another_{dataset_id}",
                on_click=_add,
                args=(client, base_url, dataset_id, True),
            )
            st.button("Cancel", key=f"cases_add_cancel_{dataset_id}", on_click=_close, args=(dataset_id,))


def _add(client: GentraceClient, base_url: str, dataset_id: str, again: bool) -> None:
    form = _form_id(dataset_id)
    built = check_form(form)
    if built is None:
        return
    listed = load_test_cases(client, base_url, dataset_id).items  # an add starts from no case: nothing to check
    change = CaseChange(dataset_id, "add", (Pair(None, built),), who(), note=built.name, listed=listed)
    send_change(
        client, scopes.cases(dataset_id), change, action=CASE_ADDED, waiting="Adding the test case…",
        nothing="Nothing was added", form=form, again=again, kind_asked="add",
    )  # fmt: skip


def after_add(dataset_id: str) -> None:
    """Once an add has settled: one that worked closes its form, or empties its values for the next one."""
    work = once.outcome(scopes.cases(dataset_id))
    if work is None or work.shown or not isinstance(work.result, ChangeReport) or work.result.kind != "add":
        return
    work.shown = True
    form = work.context.get("form")
    if not work.result.done or not form:
        return
    state = form_state(form)
    if work.context.get("again"):  # the same fields, empty
        state.fields = [FieldInput(f.side, f.key, f.type, "") for f in typed_fields(form)]
        state.name = ""
        state.instance += 1
    else:
        state.open = False

"""Editing one test case on its own view: its fields, then a review of the difference field by field before "Save",
sent through the one change path (create the new version, then delete the old). An edit whose old version could not
be deleted says that both exist and offers to remove the old one."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.cases.changing import send_change
from components.cases.fields import case_fields, check_form, form_state, show_what_is_sent, start_form
from components.history.difference import show_difference
from components.shared import once, scopes
from components.shared.lookups import load_test_cases
from components.shared.text import note
from components.shell.sign_in import who
from services.activity.actions import CASE_EDITED, CASES_DELETED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import CaseContent, Pair, content_of
from services.cases.form import fields_of
from services.gentrace.client import GentraceClient
from services.gentrace.types import TestCase
from services.history.difference import differences


def _form_id(case_id: str) -> str:
    return f"edit_{case_id}"


def open_edit(case: TestCase) -> None:
    form = _form_id(case.id)
    start_form(form, fields_of(content_of(case)), case.name)
    form_state(form).open = True


def editing(case_id: str) -> bool:
    return form_state(_form_id(case_id)).open


def said(case_id: str) -> str | None:
    """What the form said last ("Nothing changed, so nothing was sent.")."""
    return form_state(_form_id(case_id)).said


def _close(case_id: str) -> None:
    state = form_state(_form_id(case_id))
    state.open, state.review = False, None


def check_edit(form: str) -> None:
    """A callback: "Review the changes" checks the fields and shows the difference."""
    form_state(form).review = check_form(form)


def keep_editing(form: str) -> None:
    form_state(form).review = None


@dataclass(frozen=True)
class Press:
    """What a button does: its callback and the arguments it is drawn with."""

    on_click: Callable[..., None]
    args: tuple[Any, ...] = ()


def edit_then_review(
    form: str, case: TestCase, *, key: str, heading: str, save_label: str, save: Press, cancel: Press, level: int = 2
) -> None:
    """Editing `case` in `form`: its fields, then the difference field by field before `save_label` is pressed.
    The case's own view and the review's Fix both edit this way. `key` starts every button's key."""
    state = form_state(form)
    title = st.header if level == 2 else st.subheader
    if state.review is None:
        title(heading, anchor=False)
        show_what_is_sent(case_fields(form))
        with st.container(horizontal=True):
            st.button("Review the changes", type="primary", key=f"{key}_review", on_click=check_edit, args=(form,))
            st.button("Cancel", key=f"{key}_cancel", on_click=cancel.on_click, args=cancel.args)
        return
    changes = differences(content_of(case), state.review)
    title("Review the changes", anchor=False)
    if not changes:
        st.info("Nothing changed, so there is nothing to save.", icon=":material/info:")
    else:
        note("Nothing is sent until you press Save. Removed words are struck through, added words in bold.")
        show_difference(changes)
    with st.container(horizontal=True):
        st.button(
            save_label, type="primary", key=f"{key}_save", disabled=not changes, on_click=save.on_click,
            args=save.args,
        )  # fmt: skip
        st.button("Keep editing", key=f"{key}_keep_editing", on_click=keep_editing, args=(form,))


def edit_panel(client: GentraceClient, base_url: str, dataset_id: str, case: TestCase) -> None:
    with st.container(border=True, key="edit_case"):
        edit_then_review(
            _form_id(case.id), case, key=f"cases_edit_{case.id}", heading="Edit this test case", save_label="Save",
            save=Press(_save, (client, base_url, dataset_id, case.id)), cancel=Press(_close, (case.id,)),
        )  # fmt: skip


def _save(client: GentraceClient, base_url: str, dataset_id: str, case_id: str) -> None:
    form = _form_id(case_id)
    state = form_state(form)
    new = state.review
    seen = next((c for c in load_test_cases(client, base_url, dataset_id).items if c.id == case_id), None)
    if new is None or seen is None:
        return
    old = content_of(seen)
    if new.fingerprint == old.fingerprint:
        state.said = "Nothing changed, so nothing was sent."
        return
    pair = Pair(old, CaseContent(new.name, new.inputs, new.expected_outputs))
    change = CaseChange(dataset_id, "edit", (pair,), who(), note=old.name)
    send_change(
        client, scopes.cases(dataset_id), change, action=CASE_EDITED, waiting="Saving…", nothing="Nothing was saved",
        form=form, old_id=case_id, kind_asked="edit",
    )  # fmt: skip


def after_edit(dataset_id: str) -> None:
    """Once an edit has settled: its review is done, and the address moves to the case that replaced the old one."""
    work = once.outcome(scopes.cases(dataset_id))
    if work is None or work.shown or not isinstance(work.result, ChangeReport) or work.result.kind != "edit":
        return
    work.shown = True
    if work.result.created and (form := work.context.get("form")):
        form_state(form).review = None
        new_id = work.result.created.get(0)
        if new_id and st.query_params.get("case") == work.context.get("old_id"):
            st.query_params["case"] = new_id


def both_exist(client: GentraceClient, dataset_id: str) -> None:
    """An edit whose old version could not be deleted: both exist now; offer to remove the old one."""
    work = once.outcome(scopes.cases(dataset_id))
    if work is None or not isinstance(work.result, ChangeReport) or not work.result.both_exist:
        return
    old = work.result.pairs[0].before
    if old is None:
        return
    with st.container(border=True, key="both_versions"):
        st.warning(
            "The new version was saved, but the old one could not be removed, so **both versions exist now**.",
            icon=":material/content_copy:",
        )
        st.button(
            "Remove the old version",
            type="primary",
            key="cases_remove_old_version",
            on_click=_remove_old,
            args=(client, dataset_id, old),
        )


def _remove_old(client: GentraceClient, dataset_id: str, old: CaseContent) -> None:
    change = CaseChange(dataset_id, "delete", (Pair(old, None),), who(), note="the old version of an edit")
    send_change(
        client, scopes.cases(dataset_id), change, action=CASES_DELETED, waiting="Removing the old version…",
        nothing="Nothing was removed", kind_asked="edit",
    )  # fmt: skip

"""One test case's own view (`/datasets?dataset=<id>&case=<id>`, a link to send): its name, each input and expected
output as a labelled field, when it was created; "Edit this test case" with a review of the difference before
"Save". A link to a case an edit replaced says so and leads to the case that replaced it."""

import json

import streamlit as st

from components import once
from components.case_form import (
    case_change_outcome,
    case_fields,
    check_form,
    form_state,
    show_what_is_sent,
    start_form,
)
from components.history import audited, cases_scope_of, difference_table, history_store, who
from components.lookups import CaseLookup, forget_test_cases, load_test_cases
from components.text import escape, note
from components.ui import DATASETS_PAGE, local_time, viewer_zone
from services.audit import CASE_EDITED
from services.cases.change import CasesChangedElsewhere, ChangeReport, apply_pairs, check_unchanged
from services.cases.form import fields_of
from services.gentrace.client import GentraceClient
from services.gentrace.errors import GentraceError
from services.gentrace.types import Dataset, TestCase
from services.history.difference import differences
from services.history.store import CaseContent, HistoryUnavailable, Pair


def case_in_address() -> str | None:
    return (st.query_params.get("case") or "").strip().lower() or None


def _content(case: TestCase) -> CaseContent:
    return CaseContent(case.name, case.inputs, case.expected_outputs or {}, case.id)


def _edit_form(case_id: str) -> str:
    return f"edit_{case_id}"


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
    form = _edit_form(case.id)
    if st.query_params.get("edit") == "1":  # the row's "Edit" link
        del st.query_params["edit"]
        _open_edit(case)
    editing = form_state(form).open
    if not editing:
        st.button(
            "Edit this test case", icon=":material/edit:", key=f"edit_case_{case.id}", on_click=_open_edit, args=(case,)
        )
    case_change_outcome(dataset.id, ("edit",))
    _both_exist(client, base_url, dataset.id)
    if editing:
        _edit_panel(client, base_url, dataset.id, case)
        if form_state(form).said:
            st.info(escape(form_state(form).said or ""), icon=":material/info:")
        return
    _values("Inputs", case.inputs)
    _values("Expected outputs", case.expected_outputs or {})


def _values(heading: str, values: dict[str, object]) -> None:
    st.subheader(heading, anchor=False)
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


def _open_edit(case: TestCase) -> None:
    form = _edit_form(case.id)
    start_form(form, fields_of(_content(case)), case.name)
    form_state(form).open = True


def _close_edit(case_id: str) -> None:
    state = form_state(_edit_form(case_id))
    state.open, state.review = False, None


def _review(case_id: str) -> None:
    form = _edit_form(case_id)
    built = check_form(form)
    form_state(form).review = built


def _keep_editing(case_id: str) -> None:
    form_state(_edit_form(case_id)).review = None


def _edit_panel(client: GentraceClient, base_url: str, dataset_id: str, case: TestCase) -> None:
    form = _edit_form(case.id)
    state = form_state(form)
    old = _content(case)
    with st.container(border=True, key="edit_case"):
        if state.review is None:
            st.subheader("Edit this test case", anchor=False)
            built = case_fields(form)
            show_what_is_sent(built)
            with st.container(horizontal=True):
                st.button(
                    "Review the changes", type="primary", key=f"review_{case.id}", on_click=_review, args=(case.id,)
                )
                st.button("Cancel", key=f"cancel_edit_{case.id}", on_click=_close_edit, args=(case.id,))
            return
        new = state.review
        changes = differences(old, new)
        st.subheader("Review the changes", anchor=False)
        if not changes:
            st.info("Nothing changed, so there is nothing to save.", icon=":material/info:")
        else:
            note("Nothing is sent until you press Save. Removed words are struck through, added words in bold.")
            st.markdown(difference_table(changes))
        with st.container(horizontal=True):
            st.button(
                "Save",
                type="primary",
                key=f"save_{case.id}",
                disabled=not changes,
                on_click=_save,
                args=(client, base_url, dataset_id, case.id),
            )
            st.button("Keep editing", key=f"keep_editing_{case.id}", on_click=_keep_editing, args=(case.id,))


def _save(client: GentraceClient, base_url: str, dataset_id: str, case_id: str) -> None:
    form = _edit_form(case_id)
    state = form_state(form)
    new = state.review
    seen = next((c for c in load_test_cases(client, base_url, dataset_id).items if c.id == case_id), None)
    if new is None or seen is None:
        return
    old = _content(seen)
    if new.fingerprint == old.fingerprint:
        state.said = "Nothing changed, so nothing was sent."
        return
    person = who()
    pairs = [Pair(old, CaseContent(new.name, new.inputs, new.expected_outputs))]
    record = audited(CASE_EDITED, dataset_id)

    def work() -> ChangeReport:
        try:
            known = check_unchanged(client, dataset_id, pairs)  # a colleague's edit meanwhile: nothing is sent
            store = history_store()
            report = apply_pairs(client, store, dataset_id, "edit", pairs, who=person, note=old.name, known=known)
        except CasesChangedElsewhere as error:
            raise GentraceError(str(error)) from None
        except HistoryUnavailable as error:
            record(None, "the history cannot be written")
            raise GentraceError(f"Nothing was saved: the history cannot be written. {error}") from None
        finally:
            forget_test_cases(client, base_url, dataset_id)
        record(report, None)
        return report

    once.forget_outcome(cases_scope_of(dataset_id))
    once.start_once(cases_scope_of(dataset_id), "Saving…", work, form=form, old_id=case_id, kind_asked="edit")


def _both_exist(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    """An edit whose old version could not be deleted: both exist now; offer to remove the old one."""
    work = once.outcome(cases_scope_of(dataset_id))
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
            key="remove_old_version",
            on_click=_remove_old,
            args=(client, base_url, dataset_id, old),
        )


def _remove_old(client: GentraceClient, base_url: str, dataset_id: str, old: CaseContent) -> None:
    person = who()

    def work() -> ChangeReport:
        try:
            return apply_pairs(
                client,
                history_store(),
                dataset_id,
                "delete",
                [Pair(old, None)],
                who=person,
                note="the old version of an edit",
            )
        except HistoryUnavailable as error:
            raise GentraceError(f"Nothing was removed: the history cannot be written. {error}") from None
        finally:
            forget_test_cases(client, base_url, dataset_id)

    once.forget_outcome(cases_scope_of(dataset_id))
    once.start_once(cases_scope_of(dataset_id), "Removing the old version…", work, kind_asked="edit")

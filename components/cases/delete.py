"""Deleting the cases ticked in a dataset's table: "Delete selected (n)", a confirmation that says how many, sent
once through the one change path, and what happened case by case."""

import streamlit as st

from components.cases.changing import report_text, say_failure, say_report, send_change
from components.cases.selection import deleting, select, selected, unselect
from components.comparing.copy_to import copy_to_button, copy_to_panel
from components.shared import once, scopes
from components.shared.formatting import counted
from components.shared.lookups import CaseLookup, load_test_cases
from components.shared.text import escape
from components.shell.sign_in import who
from services.activity.actions import CASES_DELETED
from services.cases.change import CaseChange, ChangeReport
from services.cases.content import Pair, content_of
from services.gentrace.client import GentraceClient
from services.gentrace.types import Dataset, TestCase


def _delete(client: GentraceClient, base_url: str, dataset_id: str) -> None:
    chosen = selected(dataset_id)
    cases = [case for case in load_test_cases(client, base_url, dataset_id).items if case.id in chosen]
    deleting(dataset_id).close()
    if not cases:
        return
    named = ", ".join(case.name for case in cases[:3]) + (f" and {len(cases) - 3:,} more" if len(cases) > 3 else "")
    change = CaseChange(dataset_id, "delete", tuple(Pair(content_of(case), None) for case in cases), who(), named)
    send_change(
        client, scopes.cases(dataset_id), change, action=CASES_DELETED,
        waiting=f"Deleting {counted(len(cases), 'test case')}…", nothing="Nothing was deleted", kind_asked="delete",
    )  # fmt: skip


def selection_actions(
    client: GentraceClient, base_url: str, dataset: Dataset, cases: CaseLookup, matched: list[TestCase]
) -> None:
    chosen = selected(dataset.id)
    if chosen:  # only then: a set of every case's id costs milliseconds on each rerun of a big dataset
        chosen &= {case.id for case in cases.items}  # cases deleted meanwhile are no longer selectable
    count = len(chosen)
    question = deleting(dataset.id)
    select_all, clear, copy, delete = st.columns(4)
    select_all.button(
        f"Select all {len(matched):,} shown by the search" if len(matched) != len(cases.items) else "Select all",
        key=f"cases_select_all_{dataset.id}",
        on_click=select,
        args=(dataset.id, [case.id for case in matched]),
        disabled=not matched,
    )
    clear.button(
        "Clear selection",
        key=f"cases_clear_{dataset.id}",
        on_click=select,
        args=(dataset.id, None),
        disabled=not count,
    )
    with copy:
        copy_to_button(dataset.id, count)
    delete.button(
        f"Delete selected ({count:,})",
        key=f"cases_ask_delete_{dataset.id}",
        icon=":material/delete:",
        on_click=question.ask,
        disabled=not count,
    )
    copy_to_panel(client, base_url, dataset, cases, chosen)
    if count and question.asked:
        noun = counted(count, "test case")
        with st.container(border=True, key="confirm_delete"):
            st.warning(
                f"Delete {noun} from **{escape(dataset.name)}**? The History below can undo it.",
                icon=":material/delete:",
            )
            left, right = st.columns(2)
            left.button(
                f"Yes, delete {noun}",
                type="primary",
                key=f"cases_confirm_delete_{dataset.id}",
                on_click=_delete,
                args=(client, base_url, dataset.id),
            )
            right.button("Cancel", key=f"cases_cancel_{dataset.id}", on_click=question.close)


def delete_outcome(dataset_id: str) -> None:
    """The last deletion's outcome, under the buttons that asked for it."""
    finished = once.outcome(scopes.cases(dataset_id))
    if finished is None:
        return
    if isinstance(finished.result, ChangeReport) and finished.result.kind == "delete":
        report = finished.result
        say_report(report, report_text(report) + " Undo it under History if that was a mistake.")
        gone = {pair.before.case_id for at in report.done if (pair := report.pairs[at]).before and pair.before.case_id}
        unselect(dataset_id, gone)
    elif finished.error is not None and finished.context.get("kind_asked") == "delete":
        say_failure(finished)
